import { ClasseurLu, texteDe } from '../modele/classeur';
import { FORMAT_DATE } from '../modele/dates';
import { SaisiesReprises, reprendreSaisies } from '../layout/saisies';
import { CelluleFixe, Contenu, TableauLayout, Validation, colonneEntiere, validationDate } from '../layout/types';

/**
 * Les critères réputés satisfaits par un autre label de l'établissement (cahier des charges national, « Articulation
 * avec les autres labels », l.810-818 : Euroscol pour le critère 6, par exemple), sur décision du groupe académique.
 * L'établissement l'inscrit dans « Pilote LDM » ; les descripteurs du critère ne demandent alors ni preuve (LDM 003)
 * ni coche (grille d'audit), et le rapport le dit.
 */
export const TABLE_AUTRES_LABELS = 'tblAutresLabels';
export const COLONNES_AUTRES_LABELS = { critere: 'Critère', label: 'Réputé satisfait par le label', decision: 'Décision du groupe académique le' } as const;
const L = COLONNES_AUTRES_LABELS;
/** À droite de l'identité dans « Pilote LDM » : colonnes F à H, en-tête en ligne 4. */
const LIGNE_ENTETE = 4;
const COLONNE_DEBUT = 6;

export const PREFIXE_REPUTE = 'Réputé satisfait';
export const statutRepute = (label: string) => `${PREFIXE_REPUTE} (${label})`;

export function saisiesAutresLabels(lu: ClasseurLu, criteres: number[]): SaisiesReprises {
  return reprendreSaisies(lu.tableaux[TABLE_AUTRES_LABELS], {
    colonneCle: L.critere,
    colonnesProduites: [L.critere],
    colonnesSaisie: [L.label, L.decision],
    clesConnues: new Set(criteres),
  });
}

/** Critère → label qui le fait réputer satisfait (les lignes sans label ne comptent pas). */
export function criteresReputes(lu: ClasseurLu): Map<number, string> {
  const t = lu.tableaux[TABLE_AUTRES_LABELS];
  const reputes = new Map<number, string>();
  if (!t) return reputes;
  const iCritere = t.entetes.indexOf(L.critere);
  const iLabel = t.entetes.indexOf(L.label);
  if (iCritere < 0 || iLabel < 0) return reputes;
  for (const l of t.lignes) {
    const label = texteDe(l.valeurs[iLabel] ?? null).trim();
    const critere = Number(l.valeurs[iCritere]);
    if (label && Number.isInteger(critere)) reputes.set(critere, label);
  }
  return reputes;
}

/** La formule du label d'un critère (texte vide s'il n'y en a pas), pour les statuts et contrôles des feuilles. */
export function formuleLabelRepute(celluleCritere: string): string {
  return `IFERROR(""&INDEX(${colonneEntiere(TABLE_AUTRES_LABELS, L.label)},MATCH(${celluleCritere},${colonneEntiere(TABLE_AUTRES_LABELS, L.critere)},0)),"")`;
}

/** Vrai si le critère de cette cellule est réputé satisfait (une ligne du tableau avec un label). */
export function formuleCritereRepute(celluleCritere: string): string {
  return `COUNTIFS(${colonneEntiere(TABLE_AUTRES_LABELS, L.critere)},${celluleCritere},${colonneEntiere(TABLE_AUTRES_LABELS, L.label)},"?*")>0`;
}

/** Le tableau et son titre dans « Pilote LDM ». */
export function blocAutresLabels(criteres: number[], saisies: SaisiesReprises): { cellules: CelluleFixe[]; tableau: TableauLayout; validations: Validation[]; largeurs: number[] } {
  const colonnes: TableauLayout['colonnes'] = [
    { entete: L.critere, largeur: 9, role: 'reference', style: { horizontal: 'center' } },
    { entete: L.label, largeur: 28, role: 'saisie', style: { retourLigne: true } },
    { entete: L.decision, largeur: 18, role: 'saisie', style: { format: FORMAT_DATE, horizontal: 'left' } },
  ];
  const lignes: Contenu[][] = criteres.map((c) => {
    const s = saisies.saisies.get(c) ?? {};
    return [c, s[L.label] ?? null, s[L.decision] ?? null];
  });
  const fin = LIGNE_ENTETE + lignes.length;
  return {
    cellules: [
      {
        adresse: `F${LIGNE_ENTETE - 1}`,
        contenu: 'Critères réputés satisfaits par un autre label (décision du groupe académique)',
        style: { gras: true, couleurTexte: '1F4E79' },
        fusion: `F${LIGNE_ENTETE - 1}:H${LIGNE_ENTETE - 1}`,
      },
      {
        adresse: `F${fin + 1}`,
        contenu: 'Exemple : « Euroscol » en face du critère 6. Ses descripteurs ne demandent alors ni preuve (LDM 003) ni coche (grille d’audit).',
        style: { italique: true, couleurTexte: '7F7F7F', retourLigne: true },
        fusion: `F${fin + 1}:H${fin + 1}`,
      },
    ],
    tableau: { nom: TABLE_AUTRES_LABELS, ligneEntete: LIGNE_ENTETE, colonneDebut: COLONNE_DEBUT, colonneCle: L.critere, style: 'TableStyleLight9', colonnes, lignes, sources: saisies.sources },
    validations: [validationDate(`H${LIGNE_ENTETE + 1}:H${fin}`, L.decision)],
    largeurs: [2, ...colonnes.map((c) => c.largeur)],
  };
}
