import { Valeur } from '../layout/types';

/** Dates en jours UTC : pas de fuseau horaire ni d'heure d'été dans un calcul d'échéance. */
const JOUR = 86400000;
const ORIGINE_EXCEL = Date.UTC(1899, 11, 30);

export interface DateCivile {
  annee: number;
  mois: number; // 1–12
  jour: number;
}

/** Le jour civil (heure locale) d'un instant. */
export function dateCivileDe(d: Date): DateCivile {
  return { annee: d.getFullYear(), mois: d.getMonth() + 1, jour: d.getDate() };
}

/** Une date à écrire dans une cellule : numéro de série Excel (mis en forme JJ/MM/AAAA), ou vide. */
export function contenuDate(d?: DateCivile): number | null {
  return d ? versSerieExcel(d) : null;
}

export function versSerieExcel(d: DateCivile): number {
  return Math.round((Date.UTC(d.annee, d.mois - 1, d.jour) - ORIGINE_EXCEL) / JOUR);
}

export function depuisSerieExcel(n: number): DateCivile {
  const d = new Date(ORIGINE_EXCEL + Math.floor(n) * JOUR);
  return { annee: d.getUTCFullYear(), mois: d.getUTCMonth() + 1, jour: d.getUTCDate() };
}

export function ajouterJours(d: DateCivile, jours: number): DateCivile {
  return depuisSerieExcel(versSerieExcel(d) + jours);
}

/** Comme EDATE : le même jour, `mois` mois plus loin, ramené au dernier jour du mois s'il n'y existe pas. */
export function ajouterMois(d: DateCivile, mois: number): DateCivile {
  const premier = new Date(Date.UTC(d.annee, d.mois - 1 + mois, 1));
  const dernierJour = new Date(Date.UTC(premier.getUTCFullYear(), premier.getUTCMonth() + 1, 0)).getUTCDate();
  return { annee: premier.getUTCFullYear(), mois: premier.getUTCMonth() + 1, jour: Math.min(d.jour, dernierJour) };
}

export function comparer(a: DateCivile, b: DateCivile): number {
  return versSerieExcel(a) - versSerieExcel(b);
}

export function dateValide(annee: number, mois: number, jour: number): DateCivile | undefined {
  const d = new Date(Date.UTC(annee, mois - 1, jour));
  if (d.getUTCFullYear() !== annee || d.getUTCMonth() !== mois - 1 || d.getUTCDate() !== jour) return undefined;
  return { annee, mois, jour };
}

/** Une date lue dans une cellule : numéro de série Excel, AAAA-MM-JJ (ISO) ou JJ/MM/AAAA (saisie française). */
export function lireDate(v: Valeur | undefined): DateCivile | undefined {
  if (typeof v === 'number' && v > 0 && v < 2958466) return depuisSerieExcel(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(t);
  if (m) return dateValide(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) return dateValide(Number(m[3]), Number(m[2]), Number(m[1]));
  return undefined;
}

export function formater(d: DateCivile): string {
  return `${String(d.jour).padStart(2, '0')}/${String(d.mois).padStart(2, '0')}/${d.annee}`;
}

export function iso(d: DateCivile): string {
  return `${d.annee}-${String(d.mois).padStart(2, '0')}-${String(d.jour).padStart(2, '0')}`;
}

export interface Echeances {
  /** 1. Constat transmis à l'établissement : audit + 10 jours. */
  transmissionEtablissement: DateCivile;
  /** 2. Engagements retournés par l'établissement : audit + 20 jours. */
  retourEtablissement: DateCivile;
  /** 4. Résultat transmis au rectorat au plus tard le 30 septembre qui suit l'audit. */
  /** Absente pour un audit que la règle du 30 septembre ne concerne pas (profil régional). */
  transmissionRectorat?: DateCivile;
}

/**
 * Échéances d'une fiche d'écart (LDM 010). Le 30 septembre retenu est le premier qui n'est pas
 * antérieur à l'audit : un audit d'octobre renvoie au 30 septembre de l'année suivante.
 */
/**
 * Échéances d'une fiche d'écart : transmission à l'établissement (audit + 10 jours), retour (+ 20 jours) et, pour les
 * audits que la règle du 30 septembre concerne, le résultat au rectorat au plus tard le 30 septembre qui suit l'audit.
 */
export function echeancesFicheEcart(audit: DateCivile, trenteSeptembreApplicable = true): Echeances {
  const trenteSeptembre = { annee: audit.annee, mois: 9, jour: 30 };
  return {
    transmissionEtablissement: ajouterJours(audit, 10),
    retourEtablissement: ajouterJours(audit, 20),
    transmissionRectorat: trenteSeptembreApplicable ? (comparer(audit, trenteSeptembre) <= 0 ? trenteSeptembre : { annee: audit.annee + 1, mois: 9, jour: 30 }) : undefined,
  };
}

export const FORMAT_DATE = 'dd/mm/yyyy';
