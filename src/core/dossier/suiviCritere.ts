import { ClasseurLu, cleCellule } from '../modele/classeur';
import { SaisiesReprises, reprendreSaisies } from '../layout/saisies';
import { CelluleFixe, Contenu, FeuilleLayout, TableauLayout, Valeur, colonneEntiere, texteEntete, texteFormule } from '../layout/types';
import { Critere } from '../referentiel';
import { COLONNES, STATUTS, TABLE_AUTO_EVALUATION } from '../layout/autoEvaluation';
import { COLONNES_INDICATEURS, TABLE_INDICATEURS } from '../plan/feuilles';
import { STATUTS_INDICATEUR } from '../plan/evaluation';
import { PREFIXE_REPUTE, formuleLabelRepute } from './autresLabels';

/**
 * LDM 004 Fiche suivi pilotage de critère (cahier des charges l.957-980) : une feuille par critère (8, ou 9 avec le
 * critère académique). État des lieux, objectif, transversalité et équipe sont saisis ; à côté, la complétude des
 * preuves du critère (LDM 003) et ses indicateurs (LDM 002) sont lus par formule.
 */
export const PREFIXE_SUIVI_CRITERE = 'LDM 004 Critère ';
export const nomSuiviCritere = (n: number) => `${PREFIXE_SUIVI_CRITERE}${n}`;
export const tableEquipeCritere = (n: number) => `tblEquipeCritere${n}`;

/** Les zones de texte de la fiche, à leur place (les mêmes pour chaque critère). */
export const SAISIES_SUIVI_CRITERE = {
  etatDesLieux: 'A7',
  objectif: 'A11',
  domaine: 'C14',
  axeProjet: 'C15',
  axeContrat: 'C16',
  critereCampus: 'C17',
} as const;

const E = { numero: 'N°', role: 'Rôle', nom: 'Nom', prenom: 'Prénom', fonction: 'Fonction' } as const;
const MEMBRES = 8;
const LIGNE_EQUIPE = 20;

/** Les fiches qu'un classeur peut avoir, lues avant de savoir s'il a un critère académique : 8 nationaux et le 9e. */
const CRITERES_POSSIBLES = Array.from({ length: 9 }, (_, i) => i + 1);

export function demandeLectureSuiviCriteres(): { tableaux: string[]; cellules: Array<{ feuille: string; adresse: string }> } {
  return {
    tableaux: CRITERES_POSSIBLES.map(tableEquipeCritere),
    cellules: CRITERES_POSSIBLES.flatMap((n) => Object.values(SAISIES_SUIVI_CRITERE).map((adresse) => ({ feuille: nomSuiviCritere(n), adresse }))),
  };
}

function saisiesEquipe(lu: ClasseurLu, critere: number): SaisiesReprises {
  return reprendreSaisies(lu.tableaux[tableEquipeCritere(critere)], {
    colonneCle: E.numero,
    colonnesProduites: [E.numero, E.role],
    colonnesSaisie: [E.nom, E.prenom, E.fonction],
    clesConnues: new Set(Array.from({ length: MEMBRES + 1 }, (_, i) => i + 1)),
  });
}

/** Ce que le classeur saura calculer pour la fiche : les tableaux LDM 003 et indicateurs, s'ils y sont (ou vont l'être). */
export interface SourcesSuivi {
  autoEvaluation: boolean;
  indicateurs: boolean;
}

export function feuilleSuiviCritere(c: Critere, lu: ClasseurLu, sources: SourcesSuivi, etablissement: string): FeuilleLayout {
  const nom = nomSuiviCritere(c.numero);
  const deja = (adresse: string): Valeur => lu.cellules[cleCellule(nom, adresse)] ?? null;
  const saisies = saisiesEquipe(lu, c.numero);
  const table = tableEquipeCritere(c.numero);
  const colonnes: TableauLayout['colonnes'] = [
    { entete: E.numero, largeur: 6, role: 'reference', style: { horizontal: 'center', vertical: 'top' } },
    { entete: E.role, largeur: 30, role: 'reference', style: { retourLigne: true, vertical: 'top', gras: true } },
    { entete: E.nom, largeur: 24, role: 'saisie', style: { retourLigne: true, vertical: 'top' } },
    { entete: E.prenom, largeur: 20, role: 'saisie', style: { retourLigne: true, vertical: 'top' } },
    { entete: E.fonction, largeur: 30, role: 'saisie', style: { retourLigne: true, vertical: 'top' } },
    ...saisies.colonnesUtilisateur.map((e) => ({ entete: e, largeur: 18, role: 'saisie' as const, style: { retourLigne: true, vertical: 'top' as const } })),
  ];
  const lignes: Contenu[][] = Array.from({ length: MEMBRES + 1 }, (_, i) => {
    const numero = i + 1;
    const s = saisies.saisies.get(numero) ?? {};
    return colonnes.map((col): Contenu => {
      if (col.entete === E.numero) return numero;
      if (col.entete === E.role) return numero === 1 ? `Coordonnateur critère ${c.numero}` : `Membre équipe critère ${c.numero}`;
      return s[col.entete] ?? null;
    });
  });
  const finEquipe = LIGNE_EQUIPE + lignes.length;
  const section = { gras: true, fond: '1F4E79', couleurTexte: 'FFFFFF' };
  const aide = { italique: true, couleurTexte: '595959', retourLigne: true };
  const saisie = { bordure: true, fond: 'FFF9E5', retourLigne: true, vertical: 'top' as const };
  const libelle = { gras: true, fond: 'DDEBF7', bordure: true, retourLigne: true, vertical: 'top' as const };
  const S = SAISIES_SUIVI_CRITERE;
  const zone = (adresse: string): CelluleFixe => ({ adresse, contenu: deja(adresse), style: saisie, fusion: `${adresse}:E${adresse.slice(1)}` });
  const transversalite = (adresse: string, titre: string, consigne: string): CelluleFixe[] => [
    { adresse: `A${adresse.slice(1)}`, contenu: `${titre}\n(${consigne})`, style: libelle, fusion: `A${adresse.slice(1)}:B${adresse.slice(1)}` },
    { adresse, contenu: deja(adresse), style: saisie, fusion: `${adresse}:E${adresse.slice(1)}` },
  ];
  // Le suivi du critère, calculé : un tableau absent du classeur ne peut pas être cité par une formule.
  const ligneSuivi = finEquipe + 3;
  const A = TABLE_AUTO_EVALUATION;
  const compte = (statut?: string) => `COUNTIFS(${colonneEntiere(A, COLONNES.critere)},${c.numero}${statut ? `,${colonneEntiere(A, COLONNES.statut)},${texteFormule(statut)}` : ''})`;
  const I = TABLE_INDICATEURS;
  // Une ligne d'indicateur sans libellé (préparée, pas encore remplie) ne compte pas.
  const indicateurs = (statut?: string) =>
    `COUNTIFS(${colonneEntiere(I, COLONNES_INDICATEURS.critere)},${c.numero},${colonneEntiere(I, COLONNES_INDICATEURS.indicateur)},"<>"${statut ? `,${colonneEntiere(I, COLONNES_INDICATEURS.statut)},${texteFormule(statut)}` : ''})`;
  const suivi: CelluleFixe[] = [
    { adresse: `A${ligneSuivi}`, contenu: `SUIVI DU CRITÈRE ${c.numero} (calculé)`, style: section, fusion: `A${ligneSuivi}:E${ligneSuivi}` },
    { adresse: `A${ligneSuivi + 1}`, contenu: 'Preuves (grille LDM 003)', style: libelle, fusion: `A${ligneSuivi + 1}:B${ligneSuivi + 1}` },
    {
      adresse: `C${ligneSuivi + 1}`,
      contenu: sources.autoEvaluation
        ? {
            formule:
              `IF(LEN(${formuleLabelRepute(String(c.numero))})>0,${texteFormule(`${PREFIXE_REPUTE} (`)}&${formuleLabelRepute(String(c.numero))}&${texteFormule(') : ni preuve ni coche demandée')},` +
              `${compte(STATUTS.documente)}&" descripteur(s) documenté(s) sur "&(${compte()}-${compte(STATUTS.sansObjet)}-${compte(STATUTS.horsReseau)})&IF(${compte(STATUTS.preuveManquante)}>0," — "&${compte(STATUTS.preuveManquante)}&" preuve(s) manquante(s)",""))`,
          }
        : 'Grille LDM 003 non générée dans ce classeur.',
      style: { bordure: true, fond: 'F2F2F2', retourLigne: true },
      fusion: `C${ligneSuivi + 1}:E${ligneSuivi + 1}`,
    },
    { adresse: `A${ligneSuivi + 2}`, contenu: "Indicateurs (plan d'actions LDM 002)", style: libelle, fusion: `A${ligneSuivi + 2}:B${ligneSuivi + 2}` },
    {
      adresse: `C${ligneSuivi + 2}`,
      contenu: sources.indicateurs
        ? {
            formule: `${indicateurs()}&" indicateur(s)"&IF(${indicateurs()}=0," : au moins un par critère"," : "&${indicateurs(STATUTS_INDICATEUR.atteint)}&" atteint(s), "&${indicateurs(STATUTS_INDICATEUR.horsCible)}&" hors cible, "&${indicateurs(STATUTS_INDICATEUR.enRetard)}&" en retard sur la cible")`,
          }
        : "Plan d'actions LDM 002 non généré dans ce classeur.",
      style: { bordure: true, fond: 'F2F2F2', retourLigne: true },
      fusion: `C${ligneSuivi + 2}:E${ligneSuivi + 2}`,
    },
  ];
  const cellules: CelluleFixe[] = [
    { adresse: 'A1', contenu: 'FICHE SUIVI PILOTAGE DE CRITÈRE', style: { gras: true, taille: 14, couleurTexte: '1F4E79' }, fusion: 'A1:D1' },
    { adresse: 'E1', contenu: 'LDM 004', style: { gras: true, taille: 14, couleurTexte: '1F4E79', horizontal: 'right' } },
    { adresse: 'A3', contenu: `Critère ${c.numero}`, style: libelle, fusion: 'A3:B3' },
    { adresse: 'C3', contenu: c.libelleLdm003, style: { ...libelle, fond: 'F2F2F2', gras: false }, fusion: 'C3:E3' },
    { adresse: 'A5', contenu: `ÉTAT DES LIEUX DU CRITÈRE ${c.numero}`, style: section, fusion: 'A5:E5' },
    {
      adresse: 'A6',
      contenu:
        "S'appuyer sur les axes de travail proposés dans le guide pour chaque critère afin de décrire les éléments qui ont déclenché l'action dans le contexte de l'établissement. Sur quels constats basez-vous votre travail ? Quels sont les besoins identifiés ? Que faut-il résoudre au niveau des élèves, de la classe, de l'établissement ?",
      style: aide,
      fusion: 'A6:E6',
    },
    zone(S.etatDesLieux),
    { adresse: 'A9', contenu: `OBJECTIF GÉNÉRAL DU CRITÈRE ${c.numero}`, style: section, fusion: 'A9:E9' },
    { adresse: 'A10', contenu: "Donner l'objectif ou les objectifs principaux à atteindre par les actions proposées", style: aide, fusion: 'A10:E10' },
    zone(S.objectif),
    { adresse: 'A13', contenu: `TRANSVERSALITÉ DE LA DÉMARCHE QUALITÉ : CRITÈRE ${c.numero}`, style: section, fusion: 'A13:E13' },
    ...transversalite(S.domaine, "Domaine d'évaluation de l'établissement", "mettre en lien avec un domaine de l'auto-évaluation de l'établissement éventuellement"),
    ...transversalite(S.axeProjet, "Axe du projet d'établissement", "mettre en lien avec un axe du projet d'établissement éventuellement"),
    ...transversalite(S.axeContrat, "Axe du contrat d'objectifs", "mettre en lien avec un axe du contrat d'objectifs tripartite éventuellement"),
    ...transversalite(S.critereCampus, 'Critère du campus des métiers et des qualifications', 'mettre en lien avec un critère du campus des métiers et des qualifications éventuellement'),
    { adresse: 'A19', contenu: `ÉQUIPE CRITÈRE ${c.numero}`, style: section, fusion: 'A19:E19' },
    {
      adresse: `A${finEquipe + 1}`,
      contenu: "L'objectif de ce tableau est de présenter le collectif de travail créé autour du critère pour plusieurs années.",
      style: aide,
      fusion: `A${finEquipe + 1}:E${finEquipe + 1}`,
    },
    ...suivi,
  ];
  return {
    nom,
    largeursColonnes: colonnes.map((col) => col.largeur),
    couleurOnglet: '548235',
    cellules,
    tableaux: [{ nom: table, ligneEntete: LIGNE_EQUIPE, colonneDebut: 1, colonneCle: E.numero, style: 'TableStyleLight11', colonnes, lignes, sources: saisies.sources }],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
    hauteursMin: { 7: 120, 11: 75, 14: 30, 15: 30, 16: 30, 17: 30 },
    miseEnPage: { orientation: 'portrait', zoneImpression: `A1:E${ligneSuivi + 2}`, entete: `Fiche suivi pilotage de critère LDM 004 — ${texteEntete(etablissement)}`, piedDePage: 'Page &P / &N' },
  };
}
