import { ClasseurLu, ordreDesCodes, texteDe } from '../modele/classeur';
import { iso, lireDate, versSerieExcel } from '../modele/dates';
import { CelluleFixe, Contenu, FeuilleLayout, colonneEntiere, lettreColonne } from '../layout/types';
import { ECHELLE_QUESTIONNAIRE, OUI_NON, QUESTIONS } from '../audit/questionnaire';
import { EtablissementConsolide } from './lecture';
import { H, Ligne, feuilleDUnTableau, lignesParCle } from './registre';

/**
 * La consolidation des questionnaires audités LDM 012 (l.1281 : les auditeurs analysent en fin de campagne « les
 * retours des audités ») : une ligne par audit avec ses réponses et commentaires, gardée d'une consolidation à
 * l'autre ; la synthèse compte, par formule, les réponses à chaque question pour chaque équipe d'audit et pour toutes.
 */
export const FEUILLE_QUESTIONNAIRES = 'Questionnaires LDM 012';
export const TABLE_QUESTIONNAIRES = 'tblQuestionnairesAudites';
export const FEUILLE_SYNTHESE_QUESTIONNAIRES = 'Synthèse LDM 012';
export const TABLE_SYNTHESE_QUESTIONNAIRES = 'tblSyntheseQuestionnaires';

export const QR = {
  audit: 'Audit',
  rne: 'RNE',
  etablissement: 'Établissement',
  date: "Date de l'audit",
  auditeurs: 'Auditeurs',
  rempliPar: 'Rempli par',
  fichier: 'Fichier source',
  generation: 'Généré le',
} as const;
export const colonneReponse = (n: number) => `Q${n}`;
export const colonneCommentaires = (n: number) => `Commentaires Q${n}`;
const COLONNES: string[] = [
  QR.audit,
  QR.rne,
  QR.etablissement,
  QR.date,
  QR.auditeurs,
  QR.rempliPar,
  ...QUESTIONS.flatMap((q) => [colonneReponse(q.numero), colonneCommentaires(q.numero)]),
  QR.fichier,
  QR.generation,
];
const LARGEURS: Record<string, number> = Object.fromEntries(QUESTIONS.flatMap((q) => [[colonneReponse(q.numero), 13], [colonneCommentaires(q.numero), 32]]));
export const EQUIPE_INCONNUE = 'Équipe non renseignée';
export const TOUTES_LES_EQUIPES = 'Toutes les équipes';

export const demandeLectureQuestionnaires = (): string[] => [TABLE_QUESTIONNAIRES];

/**
 * Les questionnaires : ceux déjà consolidés, remplacés par une version plus récente du même audit. L'équipe est celle
 * de la grille d'audit du classeur, sinon celle que l'historique connaît pour cet établissement à cette date.
 */
export function lignesQuestionnaires(existant: ClasseurLu, etablissements: EtablissementConsolide[], historique: Ligne[]): Ligne[] {
  const parAudit = lignesParCle(existant.tableaux[TABLE_QUESTIONNAIRES], QR.audit, [QR.date]);
  for (const e of etablissements) {
    const q = e.questionnaire;
    if (!q) continue;
    const date = lireDate(e.dateAuditIso || q.dateAuditIso || null);
    const cle = date ? `${e.rne} · ${iso(date)}` : e.rne;
    const deja = parAudit.get(cle);
    if (deja && texteDe(deja[QR.generation]) > e.generation) continue;
    // L'équipe que l'historique connaît pour ce lycée à cette date, cherchée seulement si la grille ne la donne pas.
    const equipeConnue = () => (date ? texteDe(historique.find((h) => h[H.rne] === e.rne && h[H.date] === versSerieExcel(date) && texteDe(h[H.auditeurs]).trim())?.[H.auditeurs]).trim() : '');
    parAudit.set(cle, {
      ...(deja ?? {}),
      [QR.audit]: cle,
      [QR.rne]: e.rne,
      [QR.etablissement]: e.etablissement,
      [QR.date]: date ? versSerieExcel(date) : null,
      [QR.auditeurs]: e.auditeurs || equipeConnue() || EQUIPE_INCONNUE,
      [QR.rempliPar]: q.rempliPar,
      ...Object.fromEntries(QUESTIONS.flatMap((x) => [[colonneReponse(x.numero), q.reponses[x.numero] ?? null], [colonneCommentaires(x.numero), q.commentaires[x.numero] ?? null]])),
      [QR.fichier]: e.fichier,
      [QR.generation]: e.generation,
    });
  }
  return [...parAudit.values()].sort((a, b) => ordreDesCodes(a[QR.audit], b[QR.audit]));
}

export function feuilleQuestionnaires(lignes: Ligne[], existant: ClasseurLu): FeuilleLayout {
  return feuilleDUnTableau({
    nom: FEUILLE_QUESTIONNAIRES,
    table: TABLE_QUESTIONNAIRES,
    colonnes: COLONNES,
    cle: QR.audit,
    dates: [QR.date],
    lignes,
    existant,
    style: 'TableStyleLight10',
    couleurOnglet: 'C00000',
    vide: 'Aucun questionnaire audités (LDM 012) consolidé.',
    largeurs: LARGEURS,
    miseEnPage: { pagesEnLargeur: 3, colonnesRepetees: 'A:C' },
  });
}

const S = { equipe: 'Équipe', numero: 'N°', question: 'Question', questionnaires: 'Questionnaires', autre: 'Sans réponse ou autre' } as const;
const REPONSES: readonly string[] = [...ECHELLE_QUESTIONNAIRE, ...OUI_NON];
const LIGNE_ENTETE_SYNTHESE = 3;

/** Les équipes d'audit des questionnaires consolidés, dans l'ordre alphabétique. */
export function equipesDesQuestionnaires(lignes: Ligne[]): string[] {
  return [...new Set(lignes.map((l) => texteDe(l[QR.auditeurs]).trim() || EQUIPE_INCONNUE))].sort((a, b) => a.localeCompare(b));
}

/** Les comptes, par formule sur le tableau des questionnaires : chaque équipe, puis toutes les équipes ensemble. */
export function feuilleSyntheseQuestionnaires(lignes: Ligne[]): FeuilleLayout {
  const colonnes = [S.equipe, S.numero, S.question, S.questionnaires, ...REPONSES, S.autre];
  const equipes = [...equipesDesQuestionnaires(lignes), TOUTES_LES_EQUIPES];
  const col = (c: string) => lettreColonne(colonnes.indexOf(c) + 1);
  const contenus: Contenu[][] = [];
  equipes.forEach((equipe) => {
    QUESTIONS.forEach((q) => {
      const ligne = LIGNE_ENTETE_SYNTHESE + 1 + contenus.length;
      const memeEquipe = equipe === TOUTES_LES_EQUIPES ? '' : `${colonneEntiere(TABLE_QUESTIONNAIRES, QR.auditeurs)},$${col(S.equipe)}${ligne},`;
      const reponses = colonneEntiere(TABLE_QUESTIONNAIRES, colonneReponse(q.numero));
      const compte = (r: string): Contenu => (q.reponses.includes(r) ? { formule: `COUNTIFS(${memeEquipe}${reponses},${col(r)}$${LIGNE_ENTETE_SYNTHESE})` } : null);
      const total = equipe === TOUTES_LES_EQUIPES ? `ROWS(${colonneEntiere(TABLE_QUESTIONNAIRES, QR.audit)})` : `COUNTIF(${colonneEntiere(TABLE_QUESTIONNAIRES, QR.auditeurs)},$${col(S.equipe)}${ligne})`;
      const premiere = col(REPONSES[0]);
      const derniere = col(REPONSES[REPONSES.length - 1]);
      contenus.push([
        equipe,
        q.numero,
        q.texte,
        { formule: total },
        ...REPONSES.map(compte),
        { formule: `${col(S.questionnaires)}${ligne}-SUM(${premiere}${ligne}:${derniere}${ligne})` },
      ]);
    });
  });
  const fin = LIGNE_ENTETE_SYNTHESE + contenus.length;
  const texte = { retourLigne: true, vertical: 'top' as const };
  const largeurs = [30, 5, 60, 15, 12, 13, 12, 8, 8, 22];
  const cellules: CelluleFixe[] = [
    { adresse: 'A1', contenu: 'Questionnaires audités (LDM 012) : réponses par équipe d’audit', style: { gras: true, taille: 14, couleurTexte: '1F4E79' }, fusion: 'A1:J1' },
    {
      adresse: 'A2',
      contenu: `Comptes calculés sur le tableau « ${TABLE_QUESTIONNAIRES} » de la feuille « ${FEUILLE_QUESTIONNAIRES} » (une ligne par audit, avec les commentaires). La question 3 se répond par oui ou non.`,
      style: { italique: true, couleurTexte: '595959', retourLigne: true },
      fusion: 'A2:J2',
    },
  ];
  return {
    nom: FEUILLE_SYNTHESE_QUESTIONNAIRES,
    remplacer: true,
    largeursColonnes: largeurs,
    couleurOnglet: 'C00000',
    cellules: lignes.length ? cellules : [cellules[0], { adresse: 'A3', contenu: 'Aucun questionnaire audités (LDM 012) consolidé.' }],
    tableaux: lignes.length
      ? [
          {
            nom: TABLE_SYNTHESE_QUESTIONNAIRES,
            ligneEntete: LIGNE_ENTETE_SYNTHESE,
            colonneDebut: 1,
            colonneCle: S.equipe,
            style: 'TableStyleLight10',
            colonnes: colonnes.map((entete, i) => ({ entete, largeur: largeurs[i], role: i > 2 ? ('formule' as const) : ('reference' as const), style: i > 2 ? { horizontal: 'center' as const, vertical: 'top' as const } : texte })),
            lignes: contenus,
          },
        ]
      : [],
    validations: [],
    // Le plus fréquent en gras ; « Pas du tout » et un écart d'interprétation (« Oui » à la question 3) en rouge.
    misesEnForme: lignes.length
      ? [
          { plage: `${col('Pas du tout')}${LIGNE_ENTETE_SYNTHESE + 1}:${col('Pas du tout')}${fin}`, formule: `${col('Pas du tout')}${LIGNE_ENTETE_SYNTHESE + 1}>0`, fond: 'FFC7CE', couleurTexte: '9C0006' },
          { plage: `${col('Oui')}${LIGNE_ENTETE_SYNTHESE + 1}:${col('Oui')}${fin}`, formule: `${col('Oui')}${LIGNE_ENTETE_SYNTHESE + 1}>0`, fond: 'FFC7CE', couleurTexte: '9C0006' },
          { plage: `${col('Totalement')}${LIGNE_ENTETE_SYNTHESE + 1}:${col('Totalement')}${fin}`, formule: `${col('Totalement')}${LIGNE_ENTETE_SYNTHESE + 1}>0`, fond: 'C6EFCE', couleurTexte: '006100' },
        ]
      : [],
    nomsDefinis: [],
    miseEnPage: { orientation: 'landscape', zoneImpression: `A1:J${Math.max(fin, 3)}`, lignesRepetees: `${LIGNE_ENTETE_SYNTHESE}:${LIGNE_ENTETE_SYNTHESE}` },
  };
}

/** Les totaux pour la CLI et le volet : questionnaires consolidés et réponses par question, toutes équipes. */
export interface ResumeQuestionnaires {
  questionnaires: number;
  parQuestion: Array<{ numero: number; reponses: Record<string, number> }>;
}

export function resumeQuestionnaires(lignes: Ligne[]): ResumeQuestionnaires {
  return {
    questionnaires: lignes.length,
    parQuestion: QUESTIONS.map((q) => ({
      numero: q.numero,
      reponses: Object.fromEntries(q.reponses.map((r) => [r, lignes.filter((l) => texteDe(l[colonneReponse(q.numero)]).trim().toLowerCase() === r.toLowerCase()).length])),
    })),
  };
}
