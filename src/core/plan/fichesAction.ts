import { ClasseurLu, DemandeLecture, cleCellule, estVide, texteDe } from '../modele/classeur';
import { formater, lireDate } from '../modele/dates';
import { CelluleFixe, Contenu, FeuilleLayout, Style, Valeur, colonneEntiere, texteEntete } from '../layout/types';
import { ErreurPilote } from '../erreurs';
import { COLONNES_INDICATEURS, COLONNES_PLAN, TABLE_INDICATEURS, TABLE_PLAN, mesure } from './feuilles';

/**
 * LDM 005 Fiche action et LDM 006 Fiche engagement (cahier des charges, annexe 2) : une feuille par action du plan
 * LDM 002 que l'établissement choisit de documenter, préremplie depuis sa ligne ; les mesures des indicateurs du
 * critère viennent du tableau Indicateurs par formule. Ce que l'établissement écrit est repris à chaque production.
 */

export type GenreFiche = 'action' | 'engagement';

export const PREFIXES_FICHE: Record<GenreFiche, string> = { action: 'LDM 005 Action ', engagement: 'LDM 006 Engagement ' };
export const nomFicheAction = (genre: GenreFiche, n: number) => `${PREFIXES_FICHE[genre]}${n}`;

export class FicheImpossible extends ErreurPilote {}

interface Saisie {
  adresse: string;
  /** Valeur proposée tant que l'établissement n'a rien écrit. */
  initiale?: (l: LignePlan) => Contenu;
  liste?: string[];
}

interface LignePlan {
  numero: number;
  critere: number;
  objectifs: string;
  indicateurs: string;
  actions: string;
  equipe: string;
  debut: Valeur;
  fin: Valeur;
}

const calendrier = (l: LignePlan) => {
  const d = lireDate(l.debut);
  const f = lireDate(l.fin);
  return d || f ? `${d ? `Du ${formater(d)}` : ''}${f ? ` au ${formater(f)}` : ''}`.trim() : null;
};

/** Les cellules que l'établissement remplit, par fiche ; les lignes d'objectifs et d'indicateurs suivent. */
const SAISIES: Record<GenreFiche, Saisie[]> = {
  action: [
    { adresse: 'B4', initiale: (l) => l.actions || null },
    { adresse: 'B5' },
    { adresse: 'E5', liste: ['OUI', 'NON'] },
    { adresse: 'B6' },
    ...[10, 11, 12, 13].flatMap((r, i) => [{ adresse: `A${r}`, initiale: i === 0 ? (l: LignePlan) => l.objectifs || null : undefined }, { adresse: `F${r}` }]),
    { adresse: 'A17' },
    { adresse: 'B17', initiale: calendrier },
    { adresse: 'C17' },
    { adresse: 'D17', initiale: (l) => l.equipe || null },
    { adresse: 'A20' },
    { adresse: 'C20' },
    { adresse: 'E20' },
  ],
  engagement: [
    { adresse: 'B4', initiale: (l) => l.actions || null },
    { adresse: 'B5' },
    { adresse: 'A9', initiale: (l) => l.equipe || null },
    { adresse: 'B9', initiale: calendrier },
    ...[9, 10, 11].map((r, i) => ({ adresse: `C${r}`, initiale: i === 0 ? (l: LignePlan) => l.objectifs || null : undefined })),
    { adresse: 'A15' },
    { adresse: 'B15' },
    { adresse: 'C15' },
    { adresse: 'D15' },
  ],
};

/** Les saisies des fiches déjà produites, lues avec le reste du dossier. */
export function demandeLectureFichesAction(feuilles: string[]): DemandeLecture {
  const cellules = (Object.keys(PREFIXES_FICHE) as GenreFiche[]).flatMap((g) =>
    feuilles.filter((f) => f.startsWith(PREFIXES_FICHE[g])).flatMap((feuille) => SAISIES[g].map((s) => ({ feuille, adresse: s.adresse }))),
  );
  return { tableaux: [], cellules };
}

function lignePlan(lu: ClasseurLu, n: number): LignePlan {
  const t = lu.tableaux[TABLE_PLAN];
  if (!t) throw new FicheImpossible("Ce classeur n'a pas de plan d'actions LDM 002 : générez-le d'abord, puis choisissez l'action à documenter.");
  const i = (c: string) => t.entetes.indexOf(c);
  const P = COLONNES_PLAN;
  const l = t.lignes.find((x) => Number(texteDe(x.valeurs[i(P.numero)]).trim()) === n);
  if (!l) {
    const numeros = t.lignes.map((x) => texteDe(x.valeurs[i(P.numero)]).trim()).filter(Boolean);
    throw new FicheImpossible(`Le plan d'actions n'a pas d'action n°${n} (colonne « N° » du tableau ${TABLE_PLAN}${numeros.length ? ` : ${numeros.slice(0, 12).join(', ')}${numeros.length > 12 ? '…' : ''}` : ''}).`);
  }
  const v = (c: string) => (i(c) < 0 ? null : (l.valeurs[i(c)] ?? null));
  const s = (c: string) => texteDe(v(c)).trim();
  return { numero: n, critere: Number(s(P.critere)), objectifs: s(P.objectifs), indicateurs: s(P.indicateurs), actions: s(P.actions), equipe: s(P.equipe), debut: v(P.debut), fin: v(P.fin) };
}

/** Les indicateurs du critère de l'action (quatre au plus) et les années du plan qui servent de début, suivi, fin. */
function indicateursDuCritere(lu: ClasseurLu, critere: number): { indicateurs: Array<{ numero: number; libelle: string }>; annees: string[] } {
  const t = lu.tableaux[TABLE_INDICATEURS];
  if (!t) return { indicateurs: [], annees: [] };
  const I = COLONNES_INDICATEURS;
  const i = (c: string) => t.entetes.indexOf(c);
  const annees = t.entetes.filter((e) => e.startsWith('Mesure ')).map((e) => e.slice('Mesure '.length));
  const indicateurs = t.lignes
    .filter((l) => Number(texteDe(l.valeurs[i(I.critere)]).trim()) === critere && !estVide(l.valeurs[i(I.indicateur)]))
    .map((l) => ({ numero: Number(texteDe(l.valeurs[i(I.numero)]).trim()), libelle: texteDe(l.valeurs[i(I.indicateur)]).trim() }))
    .filter((x) => Number.isInteger(x.numero))
    .slice(0, 4);
  return { indicateurs, annees };
}

/** La mesure d'un indicateur pour une année, lue dans le tableau Indicateurs par formule (vide si rien). */
const formuleMesure = (numero: number, annee: string): Contenu => {
  const valeurs = colonneEntiere(TABLE_INDICATEURS, mesure(annee));
  return { formule: `IFERROR(""&INDEX(${valeurs},MATCH(${numero},${colonneEntiere(TABLE_INDICATEURS, COLONNES_INDICATEURS.numero)},0)),"")` };
};

export function feuilleFicheAction(genre: GenreFiche, lu: ClasseurLu, n: number, etablissement: string): FeuilleLayout {
  const ligne = lignePlan(lu, n);
  const nom = nomFicheAction(genre, n);
  const deja = (adresse: string): Valeur => lu.cellules[cleCellule(nom, adresse)] ?? null;
  const { indicateurs, annees } = indicateursDuCritere(lu, ligne.critere);
  const cellules: CelluleFixe[] = [];
  const titre = { gras: true, taille: 14, couleurTexte: '1F4E79' };
  const section = { gras: true, fond: '1F4E79', couleurTexte: 'FFFFFF', retourLigne: true };
  const libelle: Style = { gras: true, retourLigne: true, vertical: 'top', bordure: true, fond: 'F2F2F2' };
  const entete: Style = { ...libelle, horizontal: 'center' };
  const valeur: Style = { retourLigne: true, vertical: 'top', bordure: true };
  const saisie: Style = { ...valeur, fond: 'FFF9E5' };
  const mettre = (adresse: string, contenu: Contenu, style?: Style, fusion?: string) => cellules.push({ adresse, contenu, style, fusion });
  const saisies = new Map(SAISIES[genre].map((s) => [s.adresse, s]));
  /** Une cellule de saisie : ce que l'établissement a écrit, sinon la valeur tirée du plan. */
  const champ = (adresse: string, fusion?: string, style: Style = saisie) => {
    const s = saisies.get(adresse);
    const ecrit = deja(adresse);
    mettre(adresse, !estVide(ecrit) ? ecrit : (s?.initiale?.(ligne) ?? null), style, fusion);
  };
  /** La section commune aux deux fiches : moyens engagés, calendrier, lieux, modalités d'organisation. */
  const miseEnOeuvre = (ligneTitre: number, derniere: string) => {
    const [e, s] = [ligneTitre + 1, ligneTitre + 2];
    mettre(`A${ligneTitre}`, "MISE EN ŒUVRE (moyens engagés, calendrier, lieux, modalités d'organisation)", section, `A${ligneTitre}:${derniere}${ligneTitre}`);
    ['Moyens engagés', 'Calendrier', 'Lieux'].forEach((t, i) => mettre(`${'ABC'[i]}${e}`, t, entete));
    mettre(`D${e}`, "Modalités d'organisation", entete, `D${e}:${derniere}${e}`);
    ['A', 'B', 'C'].forEach((col) => champ(`${col}${s}`));
    champ(`D${s}`, `D${s}:${derniere}${s}`);
  };
  /** Le k-ième indicateur du critère (ou, à défaut, le texte du plan) et ses mesures tirées du tableau Indicateurs. */
  const indicateurEtMesures = (r: number, k: number, colonne: string, mesures: Array<[string, string | undefined]>) => {
    const ind = indicateurs[k];
    mettre(`${colonne}${r}`, ind ? `${ind.numero}. ${ind.libelle}` : k === 0 && ligne.indicateurs ? ligne.indicateurs : null, valeur);
    for (const [col, annee] of mesures) mettre(`${col}${r}`, ind && annee ? formuleMesure(ind.numero, annee) : null, { ...valeur, horizontal: 'center' });
  };
  const debut = annees[0];
  const suivi = annees[3] ?? annees[annees.length - 1];
  const fin = annees[annees.length - 1];
  const critere = `critère ${ligne.critere}`;
  const enTete = `${genre === 'action' ? 'Fiche action LDM 005' : 'Fiche engagement LDM 006'} — ${texteEntete(etablissement)}`;

  if (genre === 'action') {
    mettre('A1', `FICHE ACTION — LDM 005 (action n°${n} du plan d'actions, ${critere})`, titre, 'A1:F1');
    mettre('A2', "Une action présente la mise en œuvre d'un dispositif achevé avec ses objectifs de travail et leur évaluation.", { italique: true, retourLigne: true }, 'A2:F2');
    mettre('A4', 'Dénomination', libelle);
    champ('B4', 'B4:F4');
    mettre('A5', 'Durée action', libelle);
    champ('B5', 'B5:C5');
    mettre('D5', 'Action pérenne', libelle);
    champ('E5', 'E5:F5');
    mettre('A6', 'Description', libelle);
    champ('B6', 'B6:F6');
    mettre('A8', 'OBJECTIFS INDICATEURS ÉVALUATION', section, 'A8:F8');
    mettre('A9', 'Objectifs', entete);
    mettre('B9', 'Indicateurs', entete);
    mettre('C9', `Mesure début (${debut ?? 'N'})`, entete);
    mettre('D9', `Mesure suivi 2 (${suivi ?? 'N+3'})`, entete);
    mettre('E9', `Mesure fin (${fin ?? 'N+5'})`, entete);
    mettre('F9', 'Plus-value', entete);
    [10, 11, 12, 13].forEach((r, k) => {
      champ(`A${r}`);
      indicateurEtMesures(r, k, 'B', [['C', debut], ['D', suivi], ['E', fin]]);
      champ(`F${r}`);
    });
    miseEnOeuvre(15, 'F');
    mettre('A19', 'Points forts', entete, 'A19:B19');
    mettre('C19', 'Axes de progrès', entete, 'C19:D19');
    mettre('E19', 'Conclusion', entete, 'E19:F19');
    champ('A20', 'A20:B20');
    champ('C20', 'C20:D20');
    champ('E20', 'E20:F20');
  } else {
    mettre('A1', `FICHE ENGAGEMENT — LDM 006 (action n°${n} du plan d'actions, ${critere})`, titre, 'A1:E1');
    mettre('A2', "Un engagement présente une action à venir et les attendus de cette action. L'engagement peut être la reprise d'une action avec des objectifs d'amélioration et une visée régulée, modifiée.", { italique: true, retourLigne: true }, 'A2:E2');
    mettre('A4', 'Dénomination', libelle);
    champ('B4', 'B4:E4');
    mettre('A5', 'Description', libelle);
    champ('B5', 'B5:E5');
    mettre('A7', 'PLANIFICATION - OBJECTIFS - INDICATEURS - ÉVALUATION', section, 'A7:E7');
    mettre('A8', 'Animateur engagement', entete);
    mettre('B8', "Durée de l'action", entete);
    mettre('C8', 'Objectifs', entete);
    mettre('D8', 'Indicateurs', entete);
    mettre('E8', `Mesure à N (${debut ?? 'N'})`, entete);
    champ('A9', 'A9:A11');
    champ('B9', 'B9:B11');
    [9, 10, 11].forEach((r, k) => {
      champ(`C${r}`);
      indicateurEtMesures(r, k, 'D', [['E', debut]]);
    });
    miseEnOeuvre(13, 'E');
  }
  const hautes = genre === 'action' ? ['B6', 'A17', 'B17', 'C17', 'D17', 'A20', 'C20', 'E20'] : ['B5', 'A15', 'B15', 'C15', 'D15'];
  const derniere = genre === 'action' ? 20 : 15;
  const derniereColonne = genre === 'action' ? 'F' : 'E';
  return {
    nom,
    largeursColonnes: genre === 'action' ? [30, 30, 18, 18, 18, 34] : [26, 20, 30, 30, 22],
    couleurOnglet: '70AD47',
    cellules,
    tableaux: [],
    validations: SAISIES[genre]
      .filter((s) => s.liste)
      .map((s) => ({ plage: s.adresse, valeurs: s.liste!, titreErreur: 'Action pérenne', messageErreur: 'Choisissez OUI ou NON.', bloquante: true })),
    misesEnForme: [],
    nomsDefinis: [],
    hauteursMin: Object.fromEntries(hautes.map((a) => [Number(a.slice(1)), 90])),
    miseEnPage: { orientation: 'landscape', zoneImpression: `A1:${derniereColonne}${derniere}`, entete: enTete, piedDePage: 'Page &P / &N' },
  };
}
