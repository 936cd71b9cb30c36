import { estVide, texteDe } from '../modele/classeur';
import { DateCivile, comparer } from '../modele/dates';
import { Valeur } from '../layout/types';

/** Sens d'un indicateur (LDM 002 / contrat d'objectifs). */
export const SENS = {
  hausse: 'Plus haut = mieux',
  baisse: 'Plus bas = mieux',
  maintien: 'Maintien',
  ordinal: 'Échelle ordinale',
} as const;
export const LISTE_SENS = Object.values(SENS);

export const STATUTS_INDICATEUR = {
  atteint: 'Atteint',
  enRetard: 'En retard sur la cible',
  horsCible: 'Hors cible',
  mesureManquante: 'Mesure manquante',
  pasEncore: 'Pas encore mesurable',
  sansCible: 'Sans cible',
  invalide: 'Valeur invalide',
} as const;
export type StatutIndicateur = (typeof STATUTS_INDICATEUR)[keyof typeof STATUTS_INDICATEUR];

/** Écart admis autour de la valeur pour « maintien » et « stabilisation » : 5 %. */
export const TOLERANCE_MAINTIEN = 0.05;

/** Une année scolaire AAAA-AAAA se mesure une fois terminée, au 31 août. */
export function finAnneeScolaire(annee: string): DateCivile {
  const debut = Number(annee.slice(0, 4));
  return { annee: debut + 1, mois: 8, jour: 31 };
}

export function anneesDuPlan(premiere: string, nombre: number): string[] {
  const debut = Number(premiere.slice(0, 4));
  return Array.from({ length: nombre }, (_, i) => `${debut + i}-${debut + i + 1}`);
}

/** Les niveaux d'une échelle ordinale, du plus faible au plus fort : « Faible < Correcte < Bonne ». */
export function niveaux(echelle: Valeur): string[] {
  return texteDe(echelle)
    .split('<')
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean);
}

function rang(echelle: string[], v: Valeur): number {
  return echelle.indexOf(texteDe(v).trim().toLowerCase());
}

/**
 * Un nombre écrit comme le lit NUMBERVALUE(…; ".") après la virgule remplacée par un point : « 7,6 % » → 0,076,
 * « 11 classes » → 11 (premier mot), « NC » → rien. Même règle que la formule de la feuille.
 */
export function nombreDe(v: Valeur): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const t = v.trim().replace(/ +%/g, '%');
  const mot = t.split(' ')[0].replace(/,/g, '.');
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(%*)$/i.exec(mot);
  if (!m) return undefined;
  return Number(m[1]) / 100 ** m[2].length;
}

/** Pourcentage relatif à la base : « +7,5 % », « - 2,5 % », « + 50 % » → 0,075, -0,025, 0,5. */
function pourcentageRelatif(t: string): number | undefined {
  const x = t.trim();
  if (!/^[+-]/.test(x) || !x.endsWith('%')) return undefined;
  const sansEspaces = x.replace(/ /g, '').replace(/,/g, '.');
  const m = /^([+-](?:\d+\.?\d*|\.\d+))(%+)$/.exec(sansEspaces);
  return m ? Number(m[1]) / 100 ** m[2].length : undefined;
}

export const TYPES_CIBLE = {
  nombre: 'nombre',
  pourcentage: 'pourcentage',
  tendance: 'tendance',
  niveau: 'niveau',
  jalon: 'jalon',
} as const;
export type TypeCible = (typeof TYPES_CIBLE)[keyof typeof TYPES_CIBLE];

/** Mots d'une cible de tendance, jugée par rapport à l'année mesurée précédente (ou à la base la première année). */
const MOTS_TENDANCE = ['baisse', 'hausse', 'stabilisation', 'maintien'];

/**
 * Le genre d'une cible : un nombre (« 11 classes », 0,05, « 6 % »), un pourcentage relatif à la base (« +50 % »),
 * une tendance (« baisse », « hausse ou stabilisation »), un niveau d'échelle ordinale, ou un jalon en texte
 * (« Généralisation », « Mise en place ») que la mesure juge par Oui ou Non.
 */
export function typeCible(sens: Valeur, cible: Valeur): TypeCible | undefined {
  if (estVide(cible)) return undefined;
  if (egal(sens, SENS.ordinal)) return TYPES_CIBLE.niveau;
  if (typeof cible === 'number') return TYPES_CIBLE.nombre;
  const t = texteDe(cible).toLowerCase().trim();
  let reste = ` ${t} `.replace(/ ou /g, ' ');
  for (const mot of MOTS_TENDANCE) reste = reste.split(mot).join('');
  if (reste.trim() === '') return TYPES_CIBLE.tendance;
  if (pourcentageRelatif(t) !== undefined || (/^[+-]/.test(t) && t.endsWith('%'))) return TYPES_CIBLE.pourcentage;
  return nombreDe(cible) !== undefined ? TYPES_CIBLE.nombre : TYPES_CIBLE.jalon;
}

/** Comparaison de texte d'Excel (« = ») : sans tenir compte de la casse ni des blancs autour. */
function egal(v: Valeur, attendu: string): boolean {
  return texteDe(v).trim().toLowerCase() === attendu.toLowerCase();
}

export interface Indicateur {
  sens: Valeur;
  echelle: Valeur;
  base: Valeur;
  /** Écart admis pour « stabilisation » et « maintien » (0,05 = 5 %) ; 5 % si vide. */
  tolerance?: Valeur;
}

/** La valeur de référence d'une tendance, année par année : la dernière mesure chiffrée avant elle, sinon la base. */
export function references(base: Valeur, mesures: Valeur[]): Array<number | undefined> {
  const refs: Array<number | undefined> = [];
  let ref = nombreDe(base);
  for (const m of mesures) {
    refs.push(ref);
    if (typeof m === 'number') ref = m;
  }
  return refs;
}

const OUI = ['oui', 'vrai', 'true'];
const NON = ['non', 'faux', 'false'];

/**
 * Statut d'un indicateur pour une année, avec la même règle que les formules écrites dans la feuille (colonnes
 * d'aide masquées « Type », « Référence », « Valeur cible », « Rang ») : voir `typeCible`. `reference` est la
 * valeur de l'année mesurée précédente (ou la base), pour les tendances.
 */
export function statutAnnee(ind: Indicateur, cible: Valeur, mesure: Valeur, annee: string, aujourdhui: DateCivile, reference?: number): StatutIndicateur {
  const S = STATUTS_INDICATEUR;
  if (estVide(mesure)) return comparer(aujourdhui, finAnneeScolaire(annee)) > 0 ? S.mesureManquante : S.pasEncore;
  const type = typeCible(ind.sens, cible);
  if (!type) return S.sansCible;
  if (type === TYPES_CIBLE.jalon) {
    const m = typeof mesure === 'boolean' ? String(mesure) : texteDe(mesure).trim().toLowerCase();
    return OUI.includes(m) ? S.atteint : NON.includes(m) ? S.horsCible : S.invalide;
  }
  if (type === TYPES_CIBLE.niveau) {
    const e = niveaux(ind.echelle);
    const m = rang(e, mesure);
    const c = rang(e, cible);
    if (m < 0 || c < 0) return S.invalide;
    if (m >= c) return S.atteint;
    const b = rang(e, ind.base);
    return b >= 0 && m > b ? S.enRetard : S.horsCible;
  }
  if (typeof mesure !== 'number') return S.invalide;
  const m = mesure;
  const tol = typeof ind.tolerance === 'number' ? ind.tolerance : TOLERANCE_MAINTIEN;
  const t = texteDe(cible).toLowerCase();
  if (type === TYPES_CIBLE.tendance) {
    const r = reference;
    if (r === undefined) return S.pasEncore;
    const ok = (t.includes('baisse') && m < r) || (t.includes('hausse') && m > r) || ((t.includes('stabilisation') || t.includes('maintien')) && Math.abs(m - r) <= Math.abs(r) * tol);
    return ok ? S.atteint : S.horsCible;
  }
  const b = nombreDe(ind.base);
  let v: number | undefined;
  if (type === TYPES_CIBLE.nombre) v = nombreDe(cible);
  else {
    const p = pourcentageRelatif(t);
    v = b !== undefined && p !== undefined ? b * (1 + p) : undefined;
    if (b !== undefined && p === undefined) return S.invalide;
  }
  if (v === undefined) return S.pasEncore;
  if (egal(ind.sens, SENS.maintien)) return Math.abs(m - v) <= Math.abs(v) * tol ? S.atteint : S.horsCible;
  const dir = egal(ind.sens, SENS.baisse) ? -1 : egal(ind.sens, SENS.hausse) ? 1 : t.trim().startsWith('-') ? -1 : 1;
  if (dir * (m - v) >= 0) return S.atteint;
  return b !== undefined && dir * (m - b) > 0 ? S.enRetard : S.horsCible;
}

/** Statut d'ensemble : celui de la dernière année qui n'est plus « pas encore mesurable ». */
export function statutGlobal(statuts: StatutIndicateur[]): StatutIndicateur {
  const connus = statuts.filter((s) => s !== STATUTS_INDICATEUR.pasEncore);
  return connus.length ? connus[connus.length - 1] : STATUTS_INDICATEUR.pasEncore;
}

export const STATUTS_ACTION = {
  aPlanifier: 'À planifier',
  aVenir: 'À venir',
  enCours: 'En cours',
  enRetard: 'En retard',
  finalisee: 'Finalisée',
} as const;
export type StatutAction = (typeof STATUTS_ACTION)[keyof typeof STATUTS_ACTION];

export function statutAction(debut: DateCivile | undefined, finPrevue: DateCivile | undefined, finalisee: DateCivile | undefined, aujourdhui: DateCivile): StatutAction {
  if (finalisee) return STATUTS_ACTION.finalisee;
  if (finPrevue && comparer(aujourdhui, finPrevue) > 0) return STATUTS_ACTION.enRetard;
  if (!debut) return STATUTS_ACTION.aPlanifier;
  if (comparer(aujourdhui, debut) < 0) return STATUTS_ACTION.aVenir;
  return STATUTS_ACTION.enCours;
}
