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

function nombre(v: Valeur): number | undefined {
  if (typeof v === 'number') return v;
  return undefined;
}

export interface Indicateur {
  sens: Valeur;
  echelle: Valeur;
  base: Valeur;
}

/**
 * Statut d'un indicateur pour une année, avec la même règle que la formule écrite dans la feuille :
 * cible numérique selon le sens, cible relative à la base (« baisse », « hausse », « stabilisation », « +50 % »),
 * ou niveau d'une échelle ordinale définie par l'établissement.
 */
export function statutAnnee(ind: Indicateur, cible: Valeur, mesure: Valeur, annee: string, aujourdhui: DateCivile): StatutIndicateur {
  const S = STATUTS_INDICATEUR;
  if (estVide(mesure)) return comparer(aujourdhui, finAnneeScolaire(annee)) > 0 ? S.mesureManquante : S.pasEncore;
  if (estVide(cible)) return S.sansCible;
  const sens = texteDe(ind.sens).trim();
  if (sens === SENS.ordinal) {
    const e = niveaux(ind.echelle);
    const m = rang(e, mesure);
    const c = rang(e, cible);
    if (m < 0 || c < 0) return S.invalide;
    if (m >= c) return S.atteint;
    const b = rang(e, ind.base);
    return b >= 0 && m > b ? S.enRetard : S.horsCible;
  }
  const m = nombre(mesure);
  if (m === undefined) return S.invalide;
  const b = nombre(ind.base);
  const texte = texteDe(cible).trim().toLowerCase();
  if (typeof cible !== 'number') {
    if (b === undefined) return S.invalide;
    if (texte === 'baisse') return m < b ? S.atteint : S.horsCible;
    if (texte === 'hausse') return m > b ? S.atteint : S.horsCible;
    if (texte === 'stabilisation' || texte === 'maintien') return Math.abs(m - b) <= Math.abs(b) * TOLERANCE_MAINTIEN ? S.atteint : S.horsCible;
  }
  const relative = /^([+-])\s*(\d+)\s*%$/.exec(texte);
  let valeurCible: number;
  if (typeof cible === 'number') valeurCible = cible;
  else if (relative && b !== undefined) valeurCible = b * (1 + (relative[1] === '-' ? -1 : 1) * (Number(relative[2]) / 100));
  else return S.invalide;
  const dir = sens === SENS.baisse ? -1 : sens === SENS.maintien ? 0 : 1;
  if (dir === 0) return Math.abs(m - valeurCible) <= Math.abs(valeurCible) * TOLERANCE_MAINTIEN ? S.atteint : S.horsCible;
  if (dir * (m - valeurCible) >= 0) return S.atteint;
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
