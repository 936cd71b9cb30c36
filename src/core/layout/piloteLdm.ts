import { DemandeLecture } from '../modele/classeur';
import { Identite } from '../modele/identite';
import { FeuilleLayout, texteFormule } from './types';
import { SaisiesReprises } from './saisies';
import { TABLE_AUTRES_LABELS, blocAutresLabels } from '../dossier/autresLabels';

/** La feuille d'identité et de métadonnées : le classeur dit lui-même ce qu'il est. */
export const FEUILLE_PILOTE = 'Pilote LDM';
export const TABLE_METADONNEES = 'tblPiloteLDM';
export const SCHEMA_VERSION = 1;
export const APPLICATION = 'Pilote LDM';

/** Cellules nommées de l'identité : les autres feuilles y renvoient par formule. */
export const CHAMPS_IDENTITE: Array<{ champ: keyof Identite; libelle: string; nom: string; adresse: string }> = [
  { champ: 'etablissement', libelle: 'Établissement', nom: 'LDM_Etablissement', adresse: 'C4' },
  { champ: 'rne', libelle: 'N° RNE', nom: 'LDM_RNE', adresse: 'C5' },
  { champ: 'intituleLabel', libelle: 'Intitulé du label', nom: 'LDM_Intitule', adresse: 'C6' },
  { champ: 'anneeScolaire', libelle: 'Année scolaire', nom: 'LDM_Annee', adresse: 'C7' },
  { champ: 'candidatureEnReseau', libelle: 'Candidature en réseau', nom: 'LDM_Reseau', adresse: 'C8' },
];

export const LIGNE_ENTETE_METADONNEES = 12;

export interface Metadonnees {
  schema: number;
  application: string;
  versionApplication: string;
  referentiel: string;
  /** Description JSON du critère académique, vide s'il n'y en a pas. */
  critereAcademique: string;
  /** Liaisons d'indicateurs aux tableaux de l'établissement (JSON). */
  liaisons: string;
  feuilles: string;
  generation: string;
  /** L'année scolaire du plan d'actions LDM 002 : en changer archive le plan de l'année close. */
  anneePlan: string;
  /** Le profil des règles d'audit (« centre-val-de-loire » par défaut, « national »). */
  profilRegional: string;
  /** Dans la copie de la grille préparée pour un auditeur : son nom et ses critères (JSON) ; vide ailleurs. */
  copieAuditeur: string;
}

export const CLES_METADONNEES: Array<{ cle: keyof Metadonnees; libelle: string }> = [
  { cle: 'schema', libelle: 'Version du schéma du classeur' },
  { cle: 'application', libelle: 'Application' },
  { cle: 'versionApplication', libelle: "Version de l'application" },
  { cle: 'referentiel', libelle: 'Référentiel' },
  { cle: 'critereAcademique', libelle: 'Critère académique (JSON)' },
  { cle: 'liaisons', libelle: 'Liaisons des indicateurs (JSON)' },
  { cle: 'feuilles', libelle: 'Feuilles générées' },
  { cle: 'generation', libelle: 'Dernière génération' },
  { cle: 'anneePlan', libelle: "Année scolaire du plan d'actions" },
  { cle: 'profilRegional', libelle: "Règles d'audit (profil régional)" },
  { cle: 'copieAuditeur', libelle: "Copie de la grille d'un auditeur (JSON)" },
];

export function demandeLecturePilote(): DemandeLecture {
  return {
    tableaux: [TABLE_METADONNEES, TABLE_AUTRES_LABELS],
    cellules: CHAMPS_IDENTITE.map((c) => ({ feuille: FEUILLE_PILOTE, adresse: c.adresse })),
  };
}

/** `autresLabels` : les critères du référentiel et ce que l'établissement a déjà inscrit (critères réputés satisfaits). */
export function feuillePilote(identite: Identite, meta: Metadonnees, autresLabels: { criteres: number[]; saisies: SaisiesReprises }): FeuilleLayout {
  const libelle = { gras: true, fond: 'DDEBF7', bordure: true };
  const saisie = { bordure: true, retourLigne: true };
  const autres = blocAutresLabels(autresLabels.criteres, autresLabels.saisies);
  return {
    nom: FEUILLE_PILOTE,
    largeursColonnes: [2, 34, 70, 40, ...autres.largeurs],
    couleurOnglet: '1F4E79',
    cellules: [
      { adresse: 'B1', contenu: "Pilote LDM — identité de l'établissement", style: { gras: true, taille: 14, couleurTexte: '1F4E79' } },
      {
        adresse: 'B2',
        contenu:
          'Ces informations alimentent toutes les feuilles du classeur (grille LDM 003, plan d’actions, audit). Modifiez-les ici ou depuis le volet Pilote LDM.',
        style: { italique: true, couleurTexte: '595959', retourLigne: true },
        fusion: 'B2:D2',
      },
      ...CHAMPS_IDENTITE.flatMap((c) => [
        { adresse: `B${c.adresse.slice(1)}`, contenu: c.libelle, style: libelle },
        {
          adresse: c.adresse,
          contenu: c.champ === 'candidatureEnReseau' ? (identite.candidatureEnReseau ? 'Oui' : 'Non') : identite[c.champ],
          style: c.champ === 'rne' || c.champ === 'anneeScolaire' ? { ...saisie, format: '@' } : saisie,
        },
      ]),
      {
        adresse: 'C9',
        contenu: { formule: `IF(LEN(${CHAMPS_IDENTITE[2].nom})>100,${texteFormule('Intitulé trop long : 100 caractères au plus')},"")` },
        style: { italique: true, couleurTexte: 'C00000' },
      },
      { adresse: 'B11', contenu: 'Métadonnées techniques (ne pas modifier)', style: { gras: true, couleurTexte: '7F7F7F' } },
      ...autres.cellules,
    ],
    tableaux: [
      autres.tableau,
      {
        nom: TABLE_METADONNEES,
        ligneEntete: LIGNE_ENTETE_METADONNEES,
        colonneDebut: 2,
        colonneCle: 'Clé',
        style: 'TableStyleLight1',
        colonnes: [
          { entete: 'Clé', largeur: 34, role: 'reference' },
          { entete: 'Valeur', largeur: 70, role: 'reference', style: { format: '@' } },
          { entete: 'Description', largeur: 40, role: 'reference' },
        ],
        lignes: CLES_METADONNEES.map((c) => [c.cle, String(meta[c.cle]), c.libelle]),
      },
    ],
    validations: [
      ...autres.validations,
      {
        plage: CHAMPS_IDENTITE[4].adresse,
        valeurs: ['Oui', 'Non'],
        titreErreur: 'Candidature en réseau',
        messageErreur: 'Choisissez Oui ou Non dans la liste.',
        bloquante: true,
      },
    ],
    misesEnForme: [],
    nomsDefinis: CHAMPS_IDENTITE.map((c) => ({ nom: c.nom, adresse: `$${c.adresse[0]}$${c.adresse.slice(1)}` })),
    miseEnPage: {
      // En paysage : l'identité, les métadonnées et, à droite, les critères réputés satisfaits.
      orientation: 'landscape',
      zoneImpression: `B1:H${LIGNE_ENTETE_METADONNEES + CLES_METADONNEES.length}`,
      entete: "Pilote LDM — identité de l'établissement",
      piedDePage: 'Page &P / &N',
    },
  };
}
