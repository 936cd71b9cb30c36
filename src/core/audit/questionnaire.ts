import { ClasseurLu, TableauLu, cleCellule, texteDe } from '../modele/classeur';
import { DateCivile, FORMAT_DATE, lireDate, versSerieExcel } from '../modele/dates';
import { SaisiesReprises, reprendreSaisies } from '../layout/saisies';
import { CelluleFixe, Contenu, FeuilleLayout, TableauLayout, Valeur, texteEntete, validationDate } from '../layout/types';
import { CHAMPS_IDENTITE } from '../layout/piloteLdm';
import { ProfilRegional } from './profilRegional';

/**
 * LDM 012 Questionnaire audités (cahier des charges l.1212-1248) : après l'audit de labellisation, l'établissement dit
 * à la DRAFPIC comment l'audit s'est passé (cinq questions, Totalement / Partiellement / Pas du tout, la troisième
 * Oui / Non avec les points d'écart). Les réponses sont un tableau nommé que la consolidation régionale relit.
 */
export const FEUILLE_QUESTIONNAIRE = 'LDM 012 Questionnaire audités';
export const TABLE_QUESTIONNAIRE = 'tblQuestionnaireAudites';

export const ECHELLE_QUESTIONNAIRE = ['Totalement', 'Partiellement', 'Pas du tout'] as const;
export const OUI_NON = ['Oui', 'Non'] as const;
export const REPONSES_QUESTIONNAIRE: readonly string[] = [...ECHELLE_QUESTIONNAIRE, ...OUI_NON];

/** Les questions dans l'ordre et les mots du formulaire ; la troisième se répond par oui ou non (« Si oui, sur quels points ? »). */
export const QUESTIONS: ReadonlyArray<{ numero: number; texte: string; reponses: readonly string[] }> = [
  { numero: 1, texte: "L'audit s'est-il déroulé dans un esprit d'écoute réciproque et de volonté de compréhension du fonctionnement de l'établissement ?", reponses: ECHELLE_QUESTIONNAIRE },
  { numero: 2, texte: 'Estimez-vous que les informations et documents mis à disposition des auditeurs, ont été pris en compte ?', reponses: ECHELLE_QUESTIONNAIRE },
  { numero: 3, texte: "Y a-t-il eu des écarts d'interprétation des textes du référentiel Lycée des métiers entre auditeurs et audités ? Si oui, sur quels points ?", reponses: OUI_NON },
  { numero: 4, texte: "Estimez-vous que l'audit vous a apporté des points de repères pour affiner votre démarche de labellisation ?", reponses: ECHELLE_QUESTIONNAIRE },
  { numero: 5, texte: "Le temps et le contenu de la restitution à l'issue de l'audit vous ont-ils paru en cohérence avec l'audit lui-même ?", reponses: ECHELLE_QUESTIONNAIRE },
];

export const CHAMPS_QUESTIONNAIRE = {
  dateAudit: { nom: 'LDM_Q_DateAudit', adresse: 'C5', libelle: "Date de l'audit :" },
  rempliPar: { nom: 'LDM_Q_RempliPar', adresse: 'C6', libelle: 'Rempli par :' },
  date: { nom: 'LDM_Q_Date', adresse: 'C7', libelle: 'Le :' },
} as const;

const Q = { numero: 'N°', question: 'Question', reponse: 'Réponse', commentaires: 'Commentaires' } as const;
const LIGNE_ENTETE = 9;

export function demandeLectureQuestionnaire(): Array<{ feuille: string; adresse: string }> {
  return Object.values(CHAMPS_QUESTIONNAIRE).map((c) => ({ feuille: FEUILLE_QUESTIONNAIRE, adresse: c.adresse }));
}

function saisiesQuestionnaire(t: TableauLu | undefined): SaisiesReprises {
  return reprendreSaisies(t, {
    colonneCle: Q.numero,
    colonnesProduites: [Q.numero, Q.question],
    colonnesSaisie: [Q.reponse, Q.commentaires],
    clesConnues: new Set(QUESTIONS.map((q) => q.numero)),
  });
}

/** La feuille à remplir ; `dateDeLAudit` (celle de la grille, quand le classeur en a une) préremplit une date encore vide. */
export function feuilleQuestionnaire(lu: ClasseurLu, profil: ProfilRegional, etablissement: string, dateDeLAudit: DateCivile | undefined): FeuilleLayout {
  const saisies = saisiesQuestionnaire(lu.tableaux[TABLE_QUESTIONNAIRE]);
  const colonnes: TableauLayout['colonnes'] = [
    { entete: Q.numero, largeur: 5, role: 'reference', style: { horizontal: 'center', vertical: 'top', bordure: true } },
    { entete: Q.question, largeur: 40, role: 'reference', style: { gras: true, retourLigne: true, vertical: 'top', bordure: true } },
    { entete: Q.reponse, largeur: 13, role: 'saisie', style: { vertical: 'top', bordure: true } },
    { entete: Q.commentaires, largeur: 38, role: 'saisie', style: { retourLigne: true, vertical: 'top', bordure: true } },
    ...saisies.colonnesUtilisateur.map((e) => ({ entete: e, largeur: 16, role: 'saisie' as const, style: { retourLigne: true, vertical: 'top' as const } })),
  ];
  const lignes: Contenu[][] = QUESTIONS.map((q) => {
    const s = saisies.saisies.get(q.numero) ?? {};
    return colonnes.map((c): Contenu => (c.entete === Q.numero ? q.numero : c.entete === Q.question ? q.texte : (s[c.entete] ?? null)));
  });
  const premiere = LIGNE_ENTETE + 1;
  const fin = LIGNE_ENTETE + lignes.length;
  const deja = (adresse: string): Valeur => lu.cellules[cleCellule(FEUILLE_QUESTIONNAIRE, adresse)] ?? null;
  const libelle = { gras: true, couleurTexte: '1F4E79' };
  const saisie = { bordure: true, fond: 'FFF9E5', vertical: 'top' as const };
  const ch = CHAMPS_QUESTIONNAIRE;
  const date = (adresse: string, defaut?: DateCivile): Valeur => {
    const v = deja(adresse);
    const d = lireDate(v) ?? (v === null ? defaut : undefined);
    return d ? versSerieExcel(d) : v;
  };
  const etab = CHAMPS_IDENTITE.find((c) => c.champ === 'etablissement')!.nom;
  const cellules: CelluleFixe[] = [
    { adresse: 'A1', contenu: 'QUESTIONNAIRE AUDITÉS', style: { gras: true, taille: 14, couleurTexte: '1F4E79' }, fusion: 'A1:C1' },
    { adresse: 'D1', contenu: 'LDM 012', style: { gras: true, taille: 14, couleurTexte: '1F4E79', horizontal: 'right' } },
    {
      adresse: 'A2',
      contenu: `À retourner après l'audit de labellisation à la DRAFPIC${profil.adresseDrafpic ? ` : ${profil.adresseDrafpic}` : ''}`,
      style: { gras: true, couleurTexte: 'C00000' },
      fusion: 'A2:D2',
    },
    { adresse: 'A4', contenu: 'Établissement :', style: libelle, fusion: 'A4:B4' },
    { adresse: 'C4', contenu: { formule: `""&${etab}` }, style: { bordure: true, fond: 'F2F2F2' }, fusion: 'C4:D4' },
    { adresse: 'A5', contenu: ch.dateAudit.libelle, style: libelle, fusion: 'A5:B5' },
    { adresse: ch.dateAudit.adresse, contenu: date(ch.dateAudit.adresse, dateDeLAudit), style: { ...saisie, format: FORMAT_DATE, horizontal: 'left' } },
    { adresse: 'A6', contenu: ch.rempliPar.libelle, style: libelle, fusion: 'A6:B6' },
    { adresse: ch.rempliPar.adresse, contenu: deja(ch.rempliPar.adresse), style: saisie, fusion: 'C6:D6' },
    { adresse: 'A7', contenu: ch.date.libelle, style: libelle, fusion: 'A7:B7' },
    { adresse: ch.date.adresse, contenu: date(ch.date.adresse), style: { ...saisie, format: FORMAT_DATE, horizontal: 'left' } },
    {
      adresse: 'A8',
      contenu: 'Pour chaque question, choisissez la réponse dans la liste (Totalement, Partiellement ou Pas du tout ; Oui ou Non pour la question 3) et commentez.',
      style: { italique: true, couleurTexte: '595959', retourLigne: true },
      fusion: 'A8:D8',
    },
  ];
  const validation = (q: (typeof QUESTIONS)[number]) => ({
    plage: `C${LIGNE_ENTETE + q.numero}`,
    valeurs: [...q.reponses],
    titreErreur: 'Réponse',
    messageErreur: `Choisissez : ${q.reponses.join(', ')}.`,
    bloquante: true,
  });
  return {
    nom: FEUILLE_QUESTIONNAIRE,
    largeursColonnes: colonnes.map((c) => c.largeur),
    couleurOnglet: 'C00000',
    cellules,
    tableaux: [{ nom: TABLE_QUESTIONNAIRE, ligneEntete: LIGNE_ENTETE, colonneDebut: 1, colonneCle: Q.numero, style: 'TableStyleLight9', colonnes, lignes, sources: saisies.sources }],
    validations: [
      ...QUESTIONS.map(validation),
      validationDate(ch.dateAudit.adresse, "Date de l'audit"),
      validationDate(ch.date.adresse, 'Date'),
    ],
    misesEnForme: [],
    nomsDefinis: Object.values(ch).map((c) => ({ nom: c.nom, adresse: `$${c.adresse[0]}$${c.adresse.slice(1)}` })),
    // Assez de place pour commenter à la main sur la feuille imprimée.
    hauteursMin: { 8: 26, ...Object.fromEntries(QUESTIONS.map((q) => [LIGNE_ENTETE + q.numero, 75])) },
    miseEnPage: { orientation: 'portrait', zoneImpression: `A1:D${Math.max(fin, premiere)}`, lignesRepetees: `${LIGNE_ENTETE}:${LIGNE_ENTETE}`, entete: `Questionnaire audités LDM 012 — ${texteEntete(etablissement)}`, piedDePage: 'Page &P / &N' },
  };
}

/** Ce que l'établissement a répondu : réponse et commentaire par question (numéro), date de l'audit, qui a rempli. */
export interface QuestionnaireLu {
  reponses: Record<number, string>;
  commentaires: Record<number, string>;
  dateAudit?: DateCivile;
  rempliPar: string;
  /** Réponses hors de la liste du formulaire : gardées telles quelles, signalées. */
  horsListe: number[];
}

export function questionnaireLu(lu: ClasseurLu): QuestionnaireLu | undefined {
  const t = lu.tableaux[TABLE_QUESTIONNAIRE];
  if (!t) return undefined;
  const i = (e: string) => t.entetes.indexOf(e);
  const [iN, iR, iC] = [i(Q.numero), i(Q.reponse), i(Q.commentaires)];
  const r: QuestionnaireLu = { reponses: {}, commentaires: {}, rempliPar: '', horsListe: [] };
  for (const l of t.lignes) {
    const q = QUESTIONS.find((x) => x.numero === Number(l.valeurs[iN]));
    if (!q) continue;
    const reponse = iR >= 0 ? texteDe(l.valeurs[iR] ?? null).trim() : '';
    const commentaire = iC >= 0 ? texteDe(l.valeurs[iC] ?? null).trim() : '';
    if (reponse) r.reponses[q.numero] = reponse;
    if (commentaire) r.commentaires[q.numero] = commentaire;
    if (reponse && !q.reponses.some((x) => x.toLowerCase() === reponse.toLowerCase())) r.horsListe.push(q.numero);
  }
  const cellule = (a: string) => lu.cellules[cleCellule(FEUILLE_QUESTIONNAIRE, a)] ?? null;
  r.dateAudit = lireDate(cellule(CHAMPS_QUESTIONNAIRE.dateAudit.adresse));
  r.rempliPar = texteDe(cellule(CHAMPS_QUESTIONNAIRE.rempliPar.adresse)).trim();
  return r;
}
