/* global Excel */
import { ClasseurLu, DemandeLecture, cleCellule } from '../../core/modele/classeur';
import { OptionsGeneration, PlanGeneration } from '../../core/usages/generation';
import { Identite } from '../../core/modele/identite';
import { OptionsRapport, PlanRapport } from '../../core/audit/rapport';
import { AnomalieFichier, EtablissementConsolide } from '../../core/consolidation/lecture';
import { ResultatConsolidation, TABLE_SYNTHESE } from '../../core/consolidation/region';
import { Contenu, FeuilleLayout, STYLE_ENTETE_TABLEAU, Style, TableauLayout, TableauLu, Valeur, estFormule, plageTableau, adresse, decoderAdresse } from '../../core/layout/types';
import { PortClasseur } from '../../core/usages/port';
import { verifierZonesGagnees, zonesGagnees } from '../../core/layout/elargissement';
import { blocsDeCellules } from '../../core/layout/blocs';
import { Verification, consolider, generer, lireIdentite, produireFicheAction, produireRapport, verifier } from '../../core/usages/operations';
import { GenreFiche } from '../../core/plan/fichesAction';
import { BilanFusion, Repartition, fusionner, repartir } from '../../core/usages/equipe';

/**
 * Adaptateur Office.js : tout est mis en file puis envoyé en peu d'allers-retours
 * (une lecture, une écriture), jamais un context.sync() par cellule.
 * Ensembles requis : ExcelApi 1.8 (validation) ; la mise en page d'impression utilise 1.9 si disponible.
 */

export interface OptionsOffice {
  /** ExcelApi 1.9 (mise en page d'impression) est-il disponible ? */
  miseEnPageDisponible: boolean;
}

interface Lecture {
  lu: ClasseurLu;
  nomsExistants: Set<string>;
}

function valeurOffice(v: unknown): Valeur {
  if (v === '' || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

function chargerTableau(context: Excel.RequestContext, nom: string) {
  const t = context.workbook.tables.getItemOrNullObject(nom);
  t.load('name');
  // Une propriété de navigation est un objet mandataire : la lire avant sync() ne lit aucune valeur d'Excel.
  // eslint-disable-next-line office-addins/call-sync-before-read
  const ws = t.worksheet;
  ws.load('name');
  const plage = t.getRange();
  plage.load(['values', 'formulas', 'rowIndex', 'columnIndex']);
  return { nom, t, ws, plage };
}

type TableauCharge = ReturnType<typeof chargerTableau>;

/** En-têtes et quelques colonnes d'un tableau, valeurs seules (pas de formules) : ce que la vérification d'une mesure liée lit. */
function chargerColonnes(context: Excel.RequestContext, nom: string, colonnes: string[]) {
  const t = context.workbook.tables.getItemOrNullObject(nom);
  t.load('name');
  // eslint-disable-next-line office-addins/call-sync-before-read
  const ws = t.worksheet;
  ws.load('name');
  const entete = t.getHeaderRowRange();
  entete.load(['values', 'rowIndex', 'columnIndex']);
  const corps = t.getDataBodyRange();
  corps.load('rowCount');
  const cols = colonnes.map((c) => {
    const col = t.columns.getItemOrNullObject(c);
    col.load('name');
    const valeurs = col.getDataBodyRange();
    valeurs.load('values');
    return { c, col, valeurs };
  });
  return { nom, t, ws, entete, corps, cols };
}

function tableauPartielLu({ t, ws, entete, corps, cols }: ReturnType<typeof chargerColonnes>): TableauLu | undefined {
  if (t.isNullObject) return undefined;
  const entetes = entete.values[0].map((e) => String(e).trim());
  const lues = new Map(cols.filter((x) => !x.col.isNullObject).map((x) => [entetes.indexOf(x.c), x.valeurs.values]));
  return {
    nom: t.name,
    feuille: ws.name,
    ligneEntete: entete.rowIndex + 1,
    colonneDebut: entete.columnIndex + 1,
    entetes,
    lignes: Array.from({ length: corps.rowCount }, (_, i) => ({
      ligne: entete.rowIndex + 2 + i,
      valeurs: entetes.map((_, j) => (lues.has(j) ? valeurOffice(lues.get(j)![i]?.[0]) : null)),
    })),
  };
}

/** Un tableau relu ; pour nos propres tableaux, une formule saisie est gardée comme formule, pas comme son résultat. */
function tableauLu({ t, ws, plage }: TableauCharge, garderFormules: boolean): TableauLu | undefined {
  if (t.isNullObject) return undefined;
  const [entetes, ...lignes] = plage.values;
  const formules = plage.formulas.slice(1);
  return {
    nom: t.name,
    feuille: ws.name,
    ligneEntete: plage.rowIndex + 1,
    colonneDebut: plage.columnIndex + 1,
    entetes: entetes.map((e) => String(e).trim()),
    lignes: lignes.map((valeurs, i) => ({
      ligne: plage.rowIndex + 2 + i,
      valeurs: valeurs.map((v, j) => {
        const f = formules[i][j];
        return garderFormules && typeof f === 'string' && f.startsWith('=') ? f : valeurOffice(v);
      }),
    })),
  };
}

/**
 * Deux allers-retours : les feuilles, noms et tableaux de Pilote LDM, puis les cellules demandées et les tableaux
 * que `complement` déduit de la première lecture (fiches d'écart, tableaux sources des indicateurs).
 */
export async function lireClasseurOffice(
  context: Excel.RequestContext,
  demande: DemandeLecture,
  complement?: (lu: ClasseurLu) => DemandeLecture,
): Promise<Lecture> {
  const feuilles = context.workbook.worksheets;
  feuilles.load('items/name');
  const noms = context.workbook.names;
  noms.load('items/name');
  const tousLesTableaux = context.workbook.tables;
  tousLesTableaux.load('items/name');
  const tableaux = demande.tableaux.map((nom) => chargerTableau(context, nom));
  await context.sync();
  const lu: ClasseurLu = { feuilles: feuilles.items.map((f) => f.name), nomsTableaux: tousLesTableaux.items.map((t) => t.name), tableaux: {}, cellules: {} };
  for (const t of tableaux) lu.tableaux[t.nom] = tableauLu(t, true);
  const suite = complement?.(lu) ?? { tableaux: [], cellules: [] };
  const aLire = suite.tableaux.filter((n) => !demande.tableaux.includes(n));
  // Un tableau de l'établissement peut compter des dizaines de milliers de lignes : seules ses colonnes liées
  // (valeurs, sans les formules) sont lues, pour que la réponse reste loin des 5 Mo d'Excel sur le web.
  const colonnesDe = (n: string) => (suite.colonnes && Object.prototype.hasOwnProperty.call(suite.colonnes, n) ? suite.colonnes[n] : undefined);
  const sources = aLire.filter((n) => !colonnesDe(n)).map((nom) => chargerTableau(context, nom));
  const partielles = aLire.filter((n) => colonnesDe(n)).map((nom) => chargerColonnes(context, nom, colonnesDe(nom)!));
  // Des autres tableaux (ceux de l'établissement), seuls les en-têtes : le formulaire de liaison les propose.
  const lus = new Set([...demande.tableaux, ...suite.tableaux].map((n) => n.toLowerCase()));
  const entetes = (lu.nomsTableaux ?? [])
    .filter((n) => !lus.has(n.toLowerCase()))
    .map((nom) => {
      const t = context.workbook.tables.getItem(nom);
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read -- objet mandataire, chargé ci-dessous
      const ws = t.worksheet;
      ws.load('name');
      const h = t.getHeaderRowRange();
      h.load('values');
      return { nom, ws, h };
    });
  const cellules = [...demande.cellules, ...suite.cellules]
    .filter((c) => lu.feuilles.includes(c.feuille))
    .map((c) => {
      const r = feuilles.getItem(c.feuille).getRange(c.adresse);
      r.load('values');
      return { ...c, r };
    });
  if (cellules.length || sources.length || partielles.length || entetes.length) await context.sync();
  for (const t of sources) lu.tableaux[t.nom] = tableauLu(t, false);
  for (const t of partielles) lu.tableaux[t.nom] = tableauPartielLu(t);
  for (const c of cellules) lu.cellules[cleCellule(c.feuille, c.adresse)] = valeurOffice(c.r.values[0][0]);
  lu.entetesTableaux = [
    ...Object.values(lu.tableaux).flatMap((t) => (t ? [{ nom: t.nom, feuille: t.feuille, entetes: t.entetes }] : [])),
    ...entetes.map((e) => ({ nom: e.nom, feuille: e.ws.name, entetes: (e.h.values[0] ?? []).map((x) => String(x).trim()) })),
  ];
  return { lu, nomsExistants: new Set(noms.items.map((n) => n.name)) };
}

function formuleOffice(c: Contenu, litteral = false): string | number | boolean {
  if (estFormule(c)) return `=${c.formule}`;
  if (c === null) return '';
  // L'apostrophe initiale fait d'un texte venu d'ailleurs un texte, jamais une formule (injection de formule).
  if (litteral && typeof c === 'string' && /^[=+\-@]/.test(c)) return `'${c}`;
  return c;
}

/** Applique un style à une plage de `lignes` × `colonnes` cellules (un format de nombre s'écrit cellule par cellule). */
function appliquerStyle(r: Excel.Range, s: Style | undefined, lignes = 1, colonnes = 1): void {
  if (!s) return;
  if (s.gras !== undefined) r.format.font.bold = s.gras;
  if (s.italique !== undefined) r.format.font.italic = s.italique;
  if (s.taille) r.format.font.size = s.taille;
  if (s.couleurTexte) r.format.font.color = `#${s.couleurTexte}`;
  if (s.fond) r.format.fill.color = `#${s.fond}`;
  if (s.retourLigne !== undefined) r.format.wrapText = s.retourLigne;
  if (s.horizontal) r.format.horizontalAlignment = ({ left: 'Left', center: 'Center', right: 'Right' } as const)[s.horizontal];
  if (s.vertical) r.format.verticalAlignment = ({ top: 'Top', middle: 'Center' } as const)[s.vertical];
  if (s.format) r.numberFormat = Array.from({ length: lignes }, () => Array<string>(colonnes).fill(s.format!));
  if (s.bordure) {
    for (const bord of ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal'] as const) {
      const b = r.format.borders.getItem(bord);
      b.style = 'Continuous';
      b.color = '#BFBFBF';
    }
  }
}

/**
 * Excel sur le web refuse une requête de plus de 5 Mo : les écritures sont comptées (estimation prudente de leur
 * taille sérialisée) et envoyées par lots d'au plus SEUIL_LOT octets. Quelques allers-retours de plus pour une
 * région de mille lycées, aucun pour un dossier d'établissement.
 */
export const SEUIL_LOT = 2.5 * 1024 * 1024;
/** Une action Office.js sérialisée (chemin d'objet, méthode, arguments), hors données. */
const OCTETS_PAR_ACTION = 260;

class Lot {
  private octets = 0;
  private envois = 0;
  private derniere?: { nom: string; envois: number; ws: Excel.Worksheet };
  constructor(private readonly context: Excel.RequestContext) {}
  async compter(octets: number): Promise<void> {
    this.octets += octets;
    if (this.octets < SEUIL_LOT) return;
    await this.context.sync();
    this.octets = 0;
    this.envois++;
    this.context.application.suspendApiCalculationUntilNextSync();
  }
  /** La feuille `nom`, reprise par getItem après chaque envoi (un objet créé avant n'est plus utilisable). */
  feuille(nom: string, avantEnvoi: Excel.Worksheet): Excel.Worksheet {
    if (!this.envois) return avantEnvoi;
    if (this.derniere?.nom !== nom || this.derniere.envois !== this.envois) {
      this.derniere = { nom, envois: this.envois, ws: this.context.workbook.worksheets.getItem(nom) };
    }
    return this.derniere.ws;
  }
}

const encodeur = new TextEncoder();
/** Octets UTF-8 d'un JSON, comme le runtime l'envoie (un « é » en vaut deux). */
const octetsJson = (v: unknown) => encodeur.encode(JSON.stringify(v)).length;

/** Actions (écritures de propriétés) qu'ajoute un style. */
const actionsDuStyle = (s: Style | undefined) => (s ? Object.keys(s).length + (s.bordure ? 12 : 0) : 0);

/** Largeur ExcelJS (en caractères) vers des points Office. */
const POINTS_PAR_CARACTERE = 5.6;

/** Feuille de passage, créée et supprimée dans le même lot, pour déplacer des mises en forme. */
const FEUILLE_PASSAGE = 'PiloteLDM_passage';

/**
 * Les lignes que l'utilisateur a triées ou déplacées : la mise en forme de ses saisies (couleur, police, format)
 * suit le N° de la ligne, comme ses valeurs. Copiée d'abord sur une feuille de passage, puis recopiée ligne à ligne
 * à la nouvelle place (Range.copyFrom, ExcelApi 1.9) ; sans 1.9, elle reste à sa position.
 */
function deplacerMisesEnForme(context: Excel.RequestContext, ws: Excel.Worksheet, t: TableauLayout, ancien: TableauLu | undefined, options: OptionsOffice): void {
  if (!ancien?.lignes.length || !t.sources || !options.miseEnPageDisponible) return;
  const iCle = t.colonnes.findIndex((c) => c.entete === t.colonneCle);
  const deplacees = t.lignes
    .map((l, i) => ({ source: t.sources?.[Number(l[iCle])], cible: t.ligneEntete + 1 + i }))
    .filter((d): d is { source: number; cible: number } => d.source !== undefined && d.source !== d.cible);
  if (!deplacees.length) return;
  const largeur = ancien.entetes.length;
  const premiere = ancien.ligneEntete + 1;
  const passage = context.workbook.worksheets.add(FEUILLE_PASSAGE);
  passage.getRangeByIndexes(0, 0, ancien.lignes.length, largeur).copyFrom(ws.getRangeByIndexes(premiere - 1, ancien.colonneDebut - 1, ancien.lignes.length, largeur), 'Formats');
  for (const d of deplacees) {
    ws.getRangeByIndexes(d.cible - 1, ancien.colonneDebut - 1, 1, largeur).copyFrom(passage.getRangeByIndexes(d.source - premiere, 0, 1, largeur), 'Formats');
  }
  passage.delete();
}

/** Nombre de lignes par écriture pour qu'un bloc de valeurs reste sous le seuil d'un lot. */
function tranches<T>(lignes: T[][], seuil = SEUIL_LOT / 2): Array<{ lignes: T[][]; octets: number }> {
  const r: Array<{ lignes: T[][]; octets: number }> = [];
  let courante: T[][] = [];
  // Taille sérialisée de la tranche (JSON : crochets et virgules compris), plus une marge de 4 octets par ligne.
  let octets = 1;
  for (const l of lignes) {
    const t = octetsJson(l) + 5;
    if (courante.length && octets + t > seuil) {
      r.push({ lignes: courante, octets });
      courante = [];
      octets = 1;
    }
    courante.push(l);
    octets += t;
  }
  if (courante.length) r.push({ lignes: courante, octets });
  return r;
}

/** Écrit un bloc de formules/valeurs par tranches : aucune requête ne dépasse le seuil, quelle que soit la taille. */
async function ecrireValeurs(ws: () => Excel.Worksheet, lot: Lot, ligne: number, colonne: number, valeurs: Array<Array<string | number | boolean>>): Promise<void> {
  let l = ligne;
  for (const { lignes: tranche, octets } of tranches(valeurs)) {
    ws().getRangeByIndexes(l - 1, colonne - 1, tranche.length, tranche[0].length).formulas = tranche;
    l += tranche.length;
    await lot.compter(octets + OCTETS_PAR_ACTION);
  }
}

async function ecrireTableau(ws: () => Excel.Worksheet, context: Excel.RequestContext, lot: Lot, t: TableauLayout, ancien: string | undefined, litteral = false): Promise<void> {
  if (ancien) {
    // Convertir en plage puis effacer le contenu seulement : la mise en forme posée par l'utilisateur reste en place.
    const plageAncienne = context.workbook.tables.getItem(ancien).convertToRange();
    plageAncienne.clear('Contents');
  }
  await ecrireValeurs(ws, lot, t.ligneEntete, t.colonneDebut, [t.colonnes.map((c) => c.entete), ...t.lignes.map((l) => l.map((c) => formuleOffice(c, litteral)))]);
  const table = ws().tables.add(ws().getRange(plageTableau(t)), true);
  table.name = t.nom;
  table.style = t.style;
  table.showBandedRows = true;
  appliquerStyle(ws().getRangeByIndexes(t.ligneEntete - 1, t.colonneDebut - 1, 1, t.colonnes.length), STYLE_ENTETE_TABLEAU, 1, t.colonnes.length);
  let actions = 6 + actionsDuStyle(STYLE_ENTETE_TABLEAU);
  t.colonnes.forEach((c, j) => {
    if (c.masquee) ws().getRangeByIndexes(0, t.colonneDebut - 1 + j, 1, 1).getEntireColumn().columnHidden = true;
    const col = ws().getRangeByIndexes(t.ligneEntete, t.colonneDebut - 1 + j, t.lignes.length, 1);
    if (!ancien || c.role !== 'saisie') appliquerStyle(col, c.style, t.lignes.length, 1);
    // Un format de nombre s'écrit pour chaque cellule de la colonne.
    actions += 2 + actionsDuStyle(c.style) + (c.style?.format ? t.lignes.length / 8 : 0);
  });
  await lot.compter(actions * OCTETS_PAR_ACTION);
}

async function ecrireFeuille(context: Excel.RequestContext, lot: Lot, f: FeuilleLayout, lecture: Lecture, options: OptionsOffice): Promise<Excel.Worksheet> {
  const existe = lecture.lu.feuilles.includes(f.nom);
  // Une feuille entièrement produite est recréée : contenu, tableaux et graphiques précédents partent avec elle.
  if (existe && f.remplacer) context.workbook.worksheets.getItem(f.nom).delete();
  const creee = existe && !f.remplacer ? context.workbook.worksheets.getItem(f.nom) : context.workbook.worksheets.add(f.nom);
  // Après un envoi intermédiaire, la feuille est reprise par son nom : l'objet d'avant n'est plus valable.
  const ws = () => lot.feuille(f.nom, creee);
  if (f.effacer && existe && !f.remplacer) {
    // L'ancienne mise en page de la feuille (ses saisies ont été relues) : tout ce qui la composait est retiré.
    const zone = ws().getRange(f.effacer);
    zone.unmerge();
    zone.clear('All');
    zone.dataValidation.clear();
    zone.conditionalFormats.clearAll();
  }
  if (f.couleurOnglet) ws().tabColor = `#${f.couleurOnglet}`;
  f.largeursColonnes.forEach((l, i) => {
    ws().getRangeByIndexes(0, i, 1, 1).format.columnWidth = l * POINTS_PAR_CARACTERE;
  });
  // Cellules voisines de même style : une écriture 2D et un style par bloc (la matrice régionale), jamais cellule par cellule.
  const { blocs, seules } = blocsDeCellules(f.cellules);
  for (const c of seules) {
    const r = ws().getRange(c.adresse);
    if (c.fusion) {
      const fusion = ws().getRange(c.fusion);
      fusion.unmerge();
      fusion.merge(false);
    }
    r.formulas = [[formuleOffice(c.contenu, f.texteLitteral)]];
    appliquerStyle(r, c.style);
    await lot.compter((4 + actionsDuStyle(c.style)) * OCTETS_PAR_ACTION + octetsJson(c.contenu));
  }
  for (const b of blocs) {
    const valeurs = b.contenus.map((l) => l.map((c) => formuleOffice(c, f.texteLitteral)));
    await ecrireValeurs(ws, lot, b.ligne, b.colonne, valeurs);
    appliquerStyle(ws().getRangeByIndexes(b.ligne - 1, b.colonne - 1, valeurs.length, valeurs[0].length), b.style, valeurs.length, valeurs[0].length);
    await lot.compter(actionsDuStyle(b.style) * OCTETS_PAR_ACTION + (b.style?.format ? valeurs.length * valeurs[0].length * (b.style.format.length + 3) : 0));
  }
  for (const t of f.tableaux) {
    // Un tableau déjà là, relu ou seulement connu par son nom (ex. : les exemples, jamais relus), est remplacé.
    const ancien = lecture.lu.tableaux[t.nom]?.nom ?? lecture.lu.nomsTableaux?.find((n) => n.toLowerCase() === t.nom.toLowerCase());
    if (!f.remplacer) deplacerMisesEnForme(context, ws(), t, lecture.lu.tableaux[t.nom], options);
    await ecrireTableau(ws, context, lot, t, f.remplacer ? undefined : ancien, f.texteLitteral);
    ws().getRange(plageTableau(t)).format.autofitRows();
  }
  for (const v of f.validations) {
    const r = ws().getRange(v.plage);
    r.dataValidation.clear();
    r.dataValidation.rule =
      v.type === 'date'
        ? { date: { formula1: '2000-01-01', operator: 'GreaterThan' } }
        : { list: { inCellDropDown: true, source: v.source ? `=${v.source}` : v.valeurs.join(',') } };
    if (v.type !== 'date' && v.aide) r.dataValidation.prompt = { showPrompt: true, title: v.aide.titre, message: v.aide.message };
    r.dataValidation.errorAlert = {
      showAlert: !(v.type !== 'date' && v.suggestion),
      style: v.bloquante ? 'Stop' : 'Warning',
      title: v.titreErreur,
      message: v.messageErreur,
    };
  }
  const plagesMfc = [...new Set(f.misesEnForme.map((m) => m.plage))];
  for (const p of plagesMfc) ws().getRange(p).conditionalFormats.clearAll();
  for (const m of f.misesEnForme) {
    if (m.barre) {
      const barre = ws().getRange(m.plage).conditionalFormats.add('DataBar');
      barre.dataBar.positiveFormat.fillColor = `#${m.barre}`;
      barre.dataBar.positiveFormat.gradientFill = false;
      continue;
    }
    const cf = ws().getRange(m.plage).conditionalFormats.add('Custom');
    cf.custom.rule.formula = `=${m.formule}`;
    if (m.fond) cf.custom.format.fill.color = `#${m.fond}`;
    if (m.couleurTexte) cf.custom.format.font.color = `#${m.couleurTexte}`;
    if (m.gras) cf.custom.format.font.bold = true;
  }
  for (const g of f.graphiques ?? []) {
    const graphique = ws().charts.add('ColumnStacked', ws().getRange(g.donnees), 'Columns');
    graphique.title.text = g.titre;
    graphique.setPosition(g.coinHautGauche, g.coinBasDroit);
  }
  for (const n of f.nomsDefinis) {
    if (lecture.nomsExistants.has(n.nom)) context.workbook.names.getItem(n.nom).delete();
    context.workbook.names.add(n.nom, ws().getRange(n.adresse));
  }
  for (const [l, h] of Object.entries(f.hauteursMin ?? {})) ws().getRange(`${l}:${l}`).format.rowHeight = h;
  if (f.protegee) ws().protection.protect({ allowAutoFilter: true, allowSort: true });
  if (f.miseEnPage && options.miseEnPageDisponible) {
    const p = f.miseEnPage;
    ws().pageLayout.orientation = p.orientation === 'landscape' ? 'Landscape' : 'Portrait';
    ws().pageLayout.paperSize = 'A4';
    ws().pageLayout.zoom = { horizontalFitToPages: p.pagesEnLargeur ?? 1, verticalFitToPages: 0 };
    ws().pageLayout.setPrintArea(p.zoneImpression);
    if (p.lignesRepetees) ws().pageLayout.setPrintTitleRows(`$${p.lignesRepetees.replace(':', ':$')}`);
    if (p.colonnesRepetees) ws().pageLayout.setPrintTitleColumns(`$${p.colonnesRepetees.replace(':', ':$')}`);
    // Un saut de page se pose avant la cellule donnée : après la ligne n, c'est avant A(n+1).
    for (const n of p.sautsDePage ?? []) ws().horizontalPageBreaks.add(`A${n + 1}`);
    if (p.entete) ws().pageLayout.headersFooters.defaultForAllPages.centerHeader = p.entete;
    if (p.piedDePage) ws().pageLayout.headersFooters.defaultForAllPages.centerFooter = p.piedDePage;
  }
  return ws();
}

/**
 * Un tableau régénéré plus large ou plus long que l'ancien : les cellules qu'il gagne sont lues (un aller-retour, et
 * seulement dans ce cas) ; une seule non vide, et rien n'est écrit.
 */
async function verifierPlaceDesTableaux(context: Excel.RequestContext, feuilles: FeuilleLayout[], lecture: Lecture): Promise<void> {
  const aLire = feuilles
    .filter((f) => !f.remplacer && lecture.lu.feuilles.includes(f.nom))
    .flatMap((f) =>
      f.tableaux.flatMap((t) => {
        const ancien = lecture.lu.tableaux[t.nom];
        return ancien && ancien.feuille === f.nom ? zonesGagnees(t, ancien).map((zone) => ({ f, t, zone, plage: context.workbook.worksheets.getItem(f.nom).getRange(zone).load('values') })) : [];
      }),
    );
  if (!aLire.length) return;
  await context.sync();
  for (const { f, t, zone, plage } of aLire) {
    const [debut] = zone.split(':').map(decoderAdresse);
    const contenus = plage.values.flatMap((ligne, i) => ligne.map((v, j) => ({ adresse: adresse(debut.ligne + i, debut.colonne + j), valeur: valeurOffice(v) })));
    verifierZonesGagnees(f.nom, t, contenus);
  }
}

export async function ecrireFeuillesOffice(
  context: Excel.RequestContext,
  feuilles: FeuilleLayout[],
  lecture: Lecture,
  options: OptionsOffice,
  active = feuilles[feuilles.length - 1]?.nom,
): Promise<void> {
  await verifierPlaceDesTableaux(context, feuilles, lecture);
  context.application.suspendApiCalculationUntilNextSync();
  const lot = new Lot(context);
  const ecrites: Array<readonly [string, Excel.Worksheet]> = [];
  for (const f of feuilles) ecrites.push([f.nom, await ecrireFeuille(context, lot, f, lecture, options)] as const);
  ecrites.find(([nom]) => nom === active)?.[1].activate();
  await context.sync();
}

/**
 * Le port Office.js des cas d'usage : une ou deux lectures groupées, puis une seule écriture groupée.
 * Les noms définis existants, vus à la lecture, servent à l'écriture (remplacer plutôt que dupliquer).
 */
export function portOffice(context: Excel.RequestContext, office: OptionsOffice): PortClasseur {
  let nomsExistants = new Set<string>();
  return {
    async lire(demande, suite) {
      const lecture = await lireClasseurOffice(context, demande, suite);
      nomsExistants = lecture.nomsExistants;
      return lecture.lu;
    },
    async ecrire(feuilles, lu, active) {
      await ecrireFeuillesOffice(context, feuilles, { lu, nomsExistants }, office, active);
    },
  };
}

/** Génère ou régénère la grille dans le classeur ouvert : une lecture, une écriture. */
export function genererDansExcel(context: Excel.RequestContext, options: OptionsGeneration, office: OptionsOffice): Promise<PlanGeneration> {
  return generer(portOffice(context, office), options);
}

/** LDM 005 ou LDM 006 de l'action n°N du plan, dans le classeur ouvert : deux lectures, une écriture. */
export function produireFicheActionDansExcel(context: Excel.RequestContext, genre: GenreFiche, n: number, office: OptionsOffice): Promise<{ feuille: string }> {
  return produireFicheAction(portOffice(context, office), genre, n);
}

/** Audit en équipe, dans le classeur ouvert du référent : la répartition des critères écrite dans sa grille. */
export function repartirDansExcel(context: Excel.RequestContext, office: OptionsOffice): Promise<Repartition> {
  return repartir(portOffice(context, office));
}

/** Les copies des auditeurs (déjà relues hors d'Excel) fusionnées dans la grille du référent ouverte. */
export function fusionnerDansExcel(context: Excel.RequestContext, copies: Array<{ fichier: string; lire: () => Promise<ClasseurLu> }>, office: OptionsOffice): Promise<BilanFusion> {
  return fusionner(portOffice(context, office), copies);
}

/** Sélectionne une cellule (clic sur un constat dans le volet). */
export async function selectionnerCellule(context: Excel.RequestContext, feuille: string, cellule: string): Promise<void> {
  const ws = context.workbook.worksheets.getItem(feuille);
  ws.activate();
  ws.getRange(cellule).select();
  await context.sync();
}


export function verifierDansExcel(context: Excel.RequestContext): Promise<Verification> {
  return verifier(portOffice(context, { miseEnPageDisponible: false }));
}

/** Rapport LDM 011, fiches LDM 010 et suivi des écarts dans le classeur ouvert : deux lectures, une écriture. */
export function produireRapportDansExcel(context: Excel.RequestContext, options: OptionsRapport, office: OptionsOffice): Promise<PlanRapport> {
  return produireRapport(portOffice(context, office), options);
}

export function identiteDansExcel(context: Excel.RequestContext): Promise<Partial<Identite>> {
  return lireIdentite(portOffice(context, { miseEnPageDisponible: false }));
}

/**
 * Liaisons Office (ExcelApi 1.3) sur les tableaux générés et les tableaux sources : tant que le volet est ouvert, un
 * changement de données relance la vérification (le volet attend la fin de la saisie). Les événements ne sont que des signaux : on relit toujours tout (office-js #5141).
 */
export async function surveillerTableaux(context: Excel.RequestContext, tables: string[], rafraichir: () => void): Promise<void> {
  const liaisons = context.workbook.bindings;
  liaisons.load('items/id');
  const presents = context.workbook.tables;
  presents.load('items/name');
  await context.sync();
  const existantes = new Set(liaisons.items.map((b) => b.id));
  // Seuls les tableaux présents sont surveillés (un dossier sans plan d'actions n'a pas tblIndicateurs).
  const noms = new Map(presents.items.map((t) => [t.name.toLowerCase(), t.name]));
  const aSurveiller = [...new Set(tables.map((n) => noms.get(n.toLowerCase())).filter((n): n is string => Boolean(n)))];
  const ajoutees = aSurveiller.map((nom) => {
    const id = `PiloteLDM_${nom}`;
    if (existantes.has(id)) context.workbook.bindings.getItem(id).delete();
    const b = context.workbook.bindings.add(context.workbook.tables.getItem(nom).getRange(), 'Table', id);
    b.onDataChanged.add(async () => rafraichir());
    return b;
  });
  if (ajoutees.length) await context.sync();
}

/** Le classeur ouvert est-il déjà un classeur régional (tableau de synthèse) ? Sinon la consolidation en crée un autre. */
export async function estClasseurRegional(context: Excel.RequestContext): Promise<boolean> {
  const t = context.workbook.tables.getItemOrNullObject(TABLE_SYNTHESE);
  t.load('name');
  await context.sync();
  return !t.isNullObject;
}

/** Écrit la consolidation régionale dans le classeur ouvert : une lecture (tableaux régionaux existants), une écriture. */
export function consoliderDansExcel(
  context: Excel.RequestContext,
  etablissements: EtablissementConsolide[],
  anomalies: AnomalieFichier[],
  office: OptionsOffice,
): Promise<ResultatConsolidation> {
  return consolider(portOffice(context, office), etablissements, anomalies);
}
