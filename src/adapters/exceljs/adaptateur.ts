import ExcelJS from 'exceljs';
import { texteOoxml } from './paquet';
import { noterColonneCalculee } from './colonnesCalculees';
import { verifierZonesGagnees, zonesGagnees } from '../../core/layout/elargissement';
import { ClasseurIllisible, ClasseurLu, DemandeLecture, cleCellule } from '../../core/modele/classeur';
import {
  Contenu,
  FeuilleLayout,
  STYLE_ENTETE_TABLEAU,
  hauteurPourLignes,
  lignesAffichees,
  Style,
  TableauLayout,
  TableauLu,
  Valeur,
  adresse,
  decoderAdresse,
  echapperEnteteStructure,
  estFormule,
  plageTableau,
} from '../../core/layout/types';

/** Valeur lisible d'une cellule ExcelJS (texte enrichi, lien, résultat de formule…). */
export function valeurDe(v: ExcelJS.CellValue): Valeur {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('hyperlink' in v) return valeurDe(v.text);
    if ('formula' in v || 'sharedFormula' in v) {
      // Sans résultat en cache (fichier écrit par une bibliothèque), la formule elle-même est le contenu saisi.
      const f = v as ExcelJS.CellFormulaValue;
      if (f.result !== undefined && f.result !== null) return valeurDe(f.result);
      const formule = String(f.formula ?? (v as ExcelJS.CellSharedFormulaValue).sharedFormula ?? '');
      // Une formule qui n'est qu'un texte (="" pour vider une cellule) vaut ce texte, comme dans le tableur.
      const litteral = /^\s*"((?:[^"]|"")*)"\s*$/.exec(formule);
      return litteral ? litteral[1].replace(/""/g, '"') : `=${formule}`;
    }
    if ('error' in v) return String((v).error);
    // Un objet qu'ExcelJS ne sait pas décrire (texte partagé abîmé…) n'a pas de texte lisible : vide, jamais « [object Object] ».
    return null;
  }
  return String(v);
}

interface ModeleTable {
  name: string;
  tableRef?: string;
  ref?: string;
  headerRow?: boolean;
  columns: Array<{ name: string }>;
}

function modeleTable(t: ExcelJS.Table): ModeleTable {
  const brut = t as unknown as { table?: ModeleTable; model?: ModeleTable };
  return (brut.table ?? brut.model) as ModeleTable;
}

export function trouverTable(wb: ExcelJS.Workbook, nom: string): { ws: ExcelJS.Worksheet; modele: ModeleTable } | undefined {
  for (const ws of wb.worksheets) {
    for (const t of ws.getTables() as unknown as ExcelJS.Table[]) {
      const modele = modeleTable(t);
      if (modele?.name?.toLowerCase() === nom.toLowerCase()) return { ws, modele };
    }
  }
  return undefined;
}

/** Au-delà, un tableau n'est pas un tableau de Pilote LDM ni une source d'indicateur plausible : il est refusé. */
const COLONNES_MAX_TABLEAU = 500;

export function lireTableau(wb: ExcelJS.Workbook, nom: string): TableauLu | undefined {
  const trouve = trouverTable(wb, nom);
  if (!trouve) return undefined;
  const { ws, modele } = trouve;
  const ref = String(modele.tableRef ?? modele.ref ?? '');
  const illisible = (pourquoi: string) =>
    new ClasseurIllisible(`Le tableau « ${modele.name} » de la feuille « ${ws.name} » ${pourquoi} : rétablissez-le dans Excel (Création de tableau › Redimensionner le tableau), puis recommencez.`);
  let d: { ligne: number; colonne: number };
  let f: { ligne: number; colonne: number };
  try {
    const [debut, fin] = ref.split(':');
    d = decoderAdresse(debut);
    f = decoderAdresse(fin ?? debut);
  } catch {
    throw illisible(`a une plage invalide (« ${ref} »)`);
  }
  if (f.ligne < d.ligne || f.colonne < d.colonne) throw illisible(`a une plage à l'envers (« ${ref} »)`);
  if (f.colonne - d.colonne + 1 > COLONNES_MAX_TABLEAU) throw illisible(`s'étend sur ${f.colonne - d.colonne + 1} colonnes (« ${ref} »)`);
  // Une plage agrandie jusqu'en bas de la feuille ne fait pas lire un million de lignes vides.
  const derniere = Math.min(f.ligne, Math.max(d.ligne, ws.rowCount));
  const entetes: string[] = [];
  for (let c = d.colonne; c <= f.colonne; c++) entetes.push(String(valeurDe(ws.getCell(d.ligne, c).value) ?? '').trim());
  const lignes: TableauLu['lignes'] = [];
  // findCell ne crée pas de cellule vide là où il n'y a rien (getCell en créerait une par case lue).
  const trouver = ws as unknown as { findCell(l: number, c: number): ExcelJS.Cell | undefined };
  for (let l = d.ligne + 1; l <= derniere; l++) {
    const valeurs: Valeur[] = [];
    for (let c = d.colonne; c <= f.colonne; c++) valeurs.push(valeurDe(trouver.findCell(l, c)?.value ?? null));
    lignes.push({ ligne: l, valeurs });
  }
  return { nom: modele.name, feuille: ws.name, ligneEntete: d.ligne, colonneDebut: d.colonne, entetes, lignes };
}

export function lireClasseur(wb: ExcelJS.Workbook, demande: DemandeLecture): ClasseurLu {
  const nomsTableaux = wb.worksheets.flatMap((w) => (w.getTables() as unknown as ExcelJS.Table[]).map((t) => modeleTable(t)?.name).filter(Boolean));
  // En-têtes pris dans la définition du tableau : ils restent connus même si les données de sa feuille n'ont pas été chargées.
  const entetesTableaux = wb.worksheets.flatMap((w) =>
    (w.getTables() as unknown as ExcelJS.Table[])
      .map((t) => modeleTable(t))
      .filter((m) => m?.name)
      .map((m) => ({ nom: m.name, feuille: w.name, entetes: (m.columns ?? []).map((c) => String(c.name ?? '').trim()) })),
  );
  // Sans prototype : un tableau nommé « constructor » ou « __proto__ » reste une simple clé.
  const lu: ClasseurLu = { feuilles: wb.worksheets.map((w) => w.name), nomsTableaux, entetesTableaux, tableaux: Object.create(null) as ClasseurLu['tableaux'], cellules: Object.create(null) as ClasseurLu['cellules'] };
  for (const nom of demande.tableaux) lu.tableaux[nom] = lireTableau(wb, nom);
  for (const { feuille, adresse: a } of demande.cellules) {
    const ws = wb.getWorksheet(feuille);
    if (ws) lu.cellules[cleCellule(feuille, a)] = valeurDe(ws.getCell(a).value);
  }
  return lu;
}

/**
 * Un même objet de style pour un même style décrit : ExcelJS reconnaît alors le style déjà enregistré (par identité
 * d'objet) au lieu de le recalculer à chaque cellule — la moitié du temps d'écriture d'une grande feuille régionale.
 */
const stylesConnus = new Map<string, Partial<ExcelJS.Style>>();

function styleExcelJS(s: Style | undefined): Partial<ExcelJS.Style> {
  if (!s) return {};
  const cle = JSON.stringify(s);
  let style = stylesConnus.get(cle);
  if (!style) {
    // Gelé : partagé entre cellules, il ne doit jamais être modifié par l'une d'elles (cell.fill = … le ferait).
    style = gelerProfondement(construireStyle(s));
    if (stylesConnus.size < 10000) stylesConnus.set(cle, style);
  }
  return style;
}

function gelerProfondement<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) gelerProfondement(v);
    Object.freeze(o);
  }
  return o;
}

function construireStyle(s: Style): Partial<ExcelJS.Style> {
  const style: Partial<ExcelJS.Style> = {};
  if (s.gras || s.italique || s.taille || s.couleurTexte) {
    style.font = {
      bold: s.gras,
      italic: s.italique,
      size: s.taille,
      color: s.couleurTexte ? { argb: `FF${s.couleurTexte}` } : undefined,
    };
  }
  if (s.fond) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${s.fond}` } };
  if (s.retourLigne || s.horizontal || s.vertical) {
    style.alignment = { wrapText: s.retourLigne, horizontal: s.horizontal, vertical: s.vertical };
  }
  if (s.bordure) {
    const trait = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
    style.border = { top: trait, left: trait, bottom: trait, right: trait };
  }
  if (s.format) style.numFmt = s.format;
  return style;
}

function valeurExcelJS(c: Contenu): ExcelJS.CellValue {
  if (estFormule(c)) return { formula: c.formule };
  return c;
}

/**
 * ExcelJS écrit toujours le texte d'une cellule à lien hypertexte comme du texte : un nombre ou un booléen saisi
 * sous un lien deviendrait du texte. On note ces cellules pour que la greffe leur rende leur type.
 */
export type ValeursTypees = Record<string, Record<string, number | boolean>>;
const valeursTypees = new WeakMap<ExcelJS.Workbook, ValeursTypees>();

export function valeursTypeesDesLiens(wb: ExcelJS.Workbook): ValeursTypees {
  return valeursTypees.get(wb) ?? {};
}

function noterValeurTypee(ws: ExcelJS.Worksheet, adresseCellule: string, v: ExcelJS.CellValue): void {
  if (!v || typeof v !== 'object' || !('hyperlink' in v)) return;
  const texte = (v).text as unknown;
  if (typeof texte !== 'number' && typeof texte !== 'boolean') return;
  const tout = valeursTypees.get(ws.workbook) ?? {};
  (tout[ws.name] ??= {})[adresseCellule] = texte;
  valeursTypees.set(ws.workbook, tout);
}

interface CelluleConservee {
  value: ExcelJS.CellValue;
  style: Partial<ExcelJS.Style>;
  note?: ExcelJS.Cell['note'];
}

/**
 * Ce que l'utilisateur a mis dans les colonnes de saisie, rattaché à la clé de la ligne (N°), avec la valeur
 * d'origine telle qu'ExcelJS l'a lue (date, nombre, booléen, lien, texte enrichi), la mise en forme et la note.
 * La ligne d'origine de chaque clé vient du cœur (`sources`) ; à défaut, on la retrouve par le N°.
 */
function conserverSaisies(ws: ExcelJS.Worksheet, t: TableauLayout, ancien: TableauLu): Map<string, Map<string, CelluleConservee>> {
  const iCle = ancien.entetes.indexOf(t.colonneCle);
  const saisies = new Set(t.colonnes.filter((c) => c.role === 'saisie').map((c) => c.entete));
  const lignesParCle = new Map<string, number>();
  for (const { ligne, valeurs } of ancien.lignes) {
    const cle = String(valeurs[iCle] ?? '').trim();
    if (cle) lignesParCle.set(cle, ligne);
  }
  for (const [cle, ligne] of Object.entries(t.sources ?? {})) lignesParCle.set(String(cle), ligne);
  const parCle = new Map<string, Map<string, CelluleConservee>>();
  for (const [cle, ligne] of lignesParCle) {
    const cellules = new Map<string, CelluleConservee>();
    ancien.entetes.forEach((ancienNom, i) => {
      // Une colonne renommée par Pilote LDM : sa cellule passe sous le nouveau nom.
      const entete = t.anciensNoms?.[ancienNom] ?? ancienNom;
      if (!saisies.has(entete)) return;
      const cell = ws.getCell(ligne, ancien.colonneDebut + i);
      cellules.set(entete, { value: cell.value, style: JSON.parse(JSON.stringify(cell.style ?? {})) as Partial<ExcelJS.Style>, note: cell.note });
    });
    parCle.set(cle, cellules);
  }
  return parCle;
}

function viderPlage(ws: ExcelJS.Worksheet, ligne1: number, col1: number, ligne2: number, col2: number): void {
  for (let l = ligne1; l <= ligne2; l++) {
    for (let c = col1; c <= col2; c++) {
      const cell = ws.getCell(l, c);
      cell.value = null;
      cell.style = {};
      // Affecter une note, même vide, crée une partie « commentaires » : on ne retire que celles qui existent.
      if (cell.note) delete (cell as unknown as { _comment?: unknown })._comment;
    }
  }
}

/** Une ancienne mise en page : fusions, valeurs, styles, validations et mises en forme de la zone retirés. */
function effacerZone(ws: ExcelJS.Worksheet, zone: string): void {
  ws.unMergeCells(zone);
  const [debut, fin] = zone.split(':').map(decoderAdresse);
  for (let l = debut.ligne; l <= fin.ligne; l++) {
    for (let c = debut.colonne; c <= fin.colonne; c++) {
      const cell = ws.getCell(l, c);
      cell.value = null;
      cell.style = {};
    }
  }
  const dv = (ws as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations;
  for (const adr of Object.keys(dv.model)) if (chevauche(adr, zone)) delete dv.model[adr];
  const cf = ws as unknown as { conditionalFormattings: Array<{ ref: string }> };
  cf.conditionalFormattings = (cf.conditionalFormattings ?? []).filter((m) => !m.ref.split(/\s+/).some((r) => chevauche(r, zone)));
}

function chevauche(a: string, b: string): boolean {
  const r = (p: string) => {
    const [x, y] = p.split(':');
    const d = decoderAdresse(x);
    const f = decoderAdresse(y ?? x);
    return { l1: d.ligne, c1: d.colonne, l2: f.ligne, c2: f.colonne };
  };
  try {
    const p = r(a);
    const q = r(b);
    return p.l1 <= q.l2 && q.l1 <= p.l2 && p.c1 <= q.c2 && q.c1 <= p.c2;
  } catch {
    return false;
  }
}

/** Les cellules que le tableau régénéré gagne (plus large ou plus long) doivent être vides : sinon, rien n'est écrit. */
function verifierPlaceDuTableau(ws: ExcelJS.Worksheet, t: TableauLayout, ancien: TableauLu): void {
  const contenus: Array<{ adresse: string; valeur: Valeur }> = [];
  for (const zone of zonesGagnees(t, ancien)) {
    const [debut, fin] = zone.split(':').map(decoderAdresse);
    for (let l = debut.ligne; l <= Math.min(fin.ligne, ws.rowCount); l++) {
      for (let c = debut.colonne; c <= fin.colonne; c++) {
        const cell = ws.findCell(l, c);
        if (cell && cell.value !== null && cell.value !== undefined) contenus.push({ adresse: cell.address, valeur: valeurDe(cell.value) ?? '(contenu)' });
      }
    }
  }
  verifierZonesGagnees(ws.name, t, contenus);
}

/**
 * Une colonne que Pilote LDM renomme : les formules de l'utilisateur qui la citent (références structurées, dans tout
 * le classeur) suivent le nouveau nom, comme Excel le fait quand on renomme un en-tête.
 */
function renommerReferences(wb: ExcelJS.Workbook, t: TableauLayout, ancien: TableauLu): void {
  const renommes = ancien.entetes.filter((e) => t.anciensNoms?.[e]).map((e) => [`[${echapperEnteteStructure(e)}]`, `[${echapperEnteteStructure(t.anciensNoms![e])}]`] as const);
  if (!renommes.length) return;
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value as { formula?: string; result?: unknown } | null;
        if (!v || typeof v !== 'object' || typeof v.formula !== 'string' || !v.formula.toLowerCase().includes(`${t.nom.toLowerCase()}[`)) return;
        const formule = renommes.reduce((f, [a, n]) => f.split(a).join(n), v.formula);
        if (formule !== v.formula) cell.value = { ...v, formula: formule } as ExcelJS.CellValue;
      }),
    );
  }
}

function ecrireTableau(ws: ExcelJS.Worksheet, t: TableauLayout, ancien: TableauLu | undefined): void {
  if (ancien) {
    verifierPlaceDuTableau(ws, t, ancien);
    renommerReferences(ws.workbook, t, ancien);
  }
  const conservees = ancien ? conserverSaisies(ws, t, ancien) : new Map();
  if (ancien) {
    ws.removeTable(ancien.nom);
    viderPlage(ws, ancien.ligneEntete, ancien.colonneDebut, ancien.ligneEntete + ancien.lignes.length, ancien.colonneDebut + ancien.entetes.length - 1);
  }
  ws.addTable({
    name: t.nom,
    ref: adresse(t.ligneEntete, t.colonneDebut),
    headerRow: true,
    totalsRow: false,
    style: { theme: t.style as ExcelJS.TableStyleProperties['theme'], showRowStripes: true },
    columns: t.colonnes.map((c) => ({ name: c.entete, filterButton: true })),
    rows: t.lignes.map((l) => l.map(valeurExcelJS)),
  });
  const iCle = t.colonnes.findIndex((c) => c.entete === t.colonneCle);
  t.colonnes.forEach((c, j) => {
    const formules = new Set(t.lignes.map((l) => (estFormule(l[j]) ? l[j].formule : '')));
    const [formule] = [...formules];
    if (c.role === 'formule' && t.lignes.length && formules.size === 1 && formule) noterColonneCalculee(ws.workbook, t.nom, c.entete, formule);
    if (c.masquee) ws.getColumn(t.colonneDebut + j).hidden = true;
  });
  const entete = ws.getRow(t.ligneEntete);
  t.colonnes.forEach((_, j) => {
    const cell = entete.getCell(t.colonneDebut + j);
    cell.style = styleExcelJS(STYLE_ENTETE_TABLEAU);
  });
  t.lignes.forEach((l, i) => {
    const ligne = t.ligneEntete + 1 + i;
    const anciennes = conservees.get(String(l[iCle]));
    t.colonnes.forEach((c, j) => {
      const cell = ws.getCell(ligne, t.colonneDebut + j);
      const ancienne = anciennes?.get(c.entete);
      const imposee = t.imposees?.some((x) => String(x.cle) === String(l[iCle]) && x.entete === c.entete);
      if (c.role === 'saisie' && ancienne && !imposee) {
        cell.value = ancienne.value;
        noterValeurTypee(ws, cell.address, ancienne.value);
        cell.style = Object.keys(ancienne.style).length ? ancienne.style : styleExcelJS(c.style);
        if (ancienne.note) cell.note = ancienne.note;
      } else {
        cell.style = imposee && ancienne && Object.keys(ancienne.style).length ? ancienne.style : styleExcelJS(c.style);
      }
    });
  });
}

function ecrireFeuille(wb: ExcelJS.Workbook, f: FeuilleLayout, lu: ClasseurLu): void {
  const existante = wb.getWorksheet(f.nom);
  if (existante && f.remplacer) wb.removeWorksheet(existante.id);
  const ws = (f.remplacer ? undefined : existante) ?? wb.addWorksheet(f.nom);
  if (f.couleurOnglet) ws.properties.tabColor = { argb: `FF${f.couleurOnglet}` };
  f.largeursColonnes.forEach((l, i) => {
    ws.getColumn(i + 1).width = l;
  });
  if (f.effacer && existante && !f.remplacer) effacerZone(ws, f.effacer);
  for (const c of f.cellules) {
    if (c.fusion) {
      try {
        ws.unMergeCells(c.fusion);
      } catch {
        /* plage non fusionnée */
      }
    }
  }
  for (const c of f.cellules) {
    const cell = ws.getCell(c.adresse);
    cell.value = valeurExcelJS(c.contenu);
    cell.style = styleExcelJS(c.style);
    if (c.fusion) ws.mergeCells(c.fusion);
  }
  for (const t of f.tableaux) ecrireTableau(ws, t, f.remplacer ? undefined : lu.tableaux[t.nom]);
  const lignesProduites = new Set(f.cellules.map((c) => decoderAdresse(c.adresse).ligne));
  for (const t of f.tableaux) for (let l = t.ligneEntete; l <= t.ligneEntete + t.lignes.length; l++) lignesProduites.add(l);
  ajusterHauteurs(ws, lignesProduites);
  for (const [l, h] of Object.entries(f.hauteursMin ?? {})) {
    const ligne = ws.getRow(Number(l));
    ligne.height = Math.max(ligne.height ?? 0, h);
  }

  const plagesProduites = [...f.validations.map((v) => v.plage), ...f.tableaux.map(plageTableau)];
  const dv = (ws as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations;
  for (const adr of Object.keys(dv.model)) {
    if (f.validations.some((v) => chevauche(adr, v.plage))) delete dv.model[adr];
  }
  for (const v of f.validations) {
    const commun = {
      allowBlank: true,
      showErrorMessage: !(v.type !== 'date' && v.suggestion),
      errorStyle: v.bloquante ? 'stop' : 'warning',
      errorTitle: v.titreErreur,
      error: v.messageErreur,
      ...(v.type !== 'date' && v.aide ? { showInputMessage: true, promptTitle: v.aide.titre, prompt: v.aide.message } : {}),
    };
    dv.model[v.plage] =
      v.type === 'date'
        ? { ...commun, type: 'date', operator: 'greaterThan', formulae: [new Date(Date.UTC(2000, 0, 1))] }
        : { ...commun, type: 'list', formulae: [v.source ?? `"${v.valeurs.join(',')}"`] };
  }
  const cf = ws as unknown as { conditionalFormattings: Array<{ ref: string }> };
  cf.conditionalFormattings = (cf.conditionalFormattings ?? []).filter(
    (m) => !f.misesEnForme.some((n) => n.plage === m.ref) && !plagesProduites.some((p) => m.ref === p),
  );
  // Une priorité par règle, dans l'ordre : deux règles de même priorité sur une plage, LibreOffice n'en applique qu'une.
  const dejaLa = cf.conditionalFormattings.reduce((n, m) => n + ((m as unknown as { rules?: unknown[] }).rules?.length ?? 0), 0);
  f.misesEnForme.forEach((m, i) => {
    const priority = dejaLa + i + 1;
    if (m.barre) {
      ws.addConditionalFormatting({
        ref: m.plage,
        rules: [{ type: 'dataBar', priority, gradient: false, cfvo: [{ type: 'num', value: 0 }, { type: 'max' }], color: { argb: `FF${m.barre}` } } as unknown as ExcelJS.ConditionalFormattingRule],
      });
      return;
    }
    ws.addConditionalFormatting({
      ref: m.plage,
      rules: [
        {
          type: 'expression',
          priority,
          formulae: [m.formule],
          style: {
            fill: m.fond ? { type: 'pattern', pattern: 'solid', bgColor: { argb: `FF${m.fond}` } } : undefined,
            font: { color: m.couleurTexte ? { argb: `FF${m.couleurTexte}` } : undefined, bold: m.gras },
          },
        },
      ],
    });
  });
  for (const n of f.nomsDefinis) {
    const noms = wb.definedNames as unknown as { matrixMap: Record<string, unknown> };
    delete noms.matrixMap[n.nom];
    wb.definedNames.add(`'${f.nom.replace(/'/g, "''")}'!${n.adresse}`, n.nom);
  }
  // protect() pose la protection tout de suite (sa promesse ne fait qu'annoncer la fin) : sans mot de passe, rien à hacher.
  if (f.protegee) void ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, autoFilter: true, sort: true });
  if (f.miseEnPage) {
    const p = f.miseEnPage;
    ws.pageSetup = {
      ...ws.pageSetup,
      paperSize: 9,
      orientation: p.orientation,
      fitToPage: true,
      fitToWidth: p.pagesEnLargeur ?? 1,
      fitToHeight: 0,
      printArea: p.zoneImpression,
      printTitlesRow: p.lignesRepetees,
      printTitlesColumn: p.colonnesRepetees,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    };
    for (const n of p.sautsDePage ?? []) ws.getRow(n).addPageBreak();
    ws.headerFooter = { oddHeader: p.entete ? `&C${p.entete}` : undefined, oddFooter: p.piedDePage ? `&C${p.piedDePage}` : undefined };
  }
}

/**
 * ExcelJS n'ajuste pas la hauteur des lignes et LibreOffice ne le fait pas à l'ouverture :
 * on l'estime d'après la longueur des textes à retour à la ligne et la largeur de leur colonne (ou de leur fusion).
 */
function ajusterHauteurs(ws: ExcelJS.Worksheet, lignes: Iterable<number>): void {
  const largeurFusion = new Map<string, number>();
  const fusions = (ws as unknown as { _merges: Record<string, { model: { top: number; left: number; bottom: number; right: number } }> })._merges;
  for (const [maitre, plage] of Object.entries(fusions)) {
    const { top, left, bottom, right } = plage.model;
    let largeur = 0;
    for (let c = left; c <= right; c++) largeur += ws.getColumn(c).width ?? 9;
    // Une fusion sur plusieurs lignes (zone de texte) a déjà sa hauteur : on ne l'étire pas.
    largeurFusion.set(maitre, bottom > top ? Number.POSITIVE_INFINITY : largeur);
  }
  for (const l of lignes) {
    const ligne = ws.getRow(l);
    let lignesTexte = 1;
    ligne.eachCell((cell) => {
      if (!cell.alignment?.wrapText || cell.master.address !== cell.address) return;
      // Une formule s'affiche par son résultat, inconnu ici : son texte ne dit rien de la hauteur à prévoir.
      const v = cell.value;
      if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) return;
      const texte = String(valeurDe(v) ?? '');
      lignesTexte = Math.max(lignesTexte, lignesAffichees(texte, largeurFusion.get(cell.address) ?? ws.getColumn(cell.col).width ?? 9));
    });
    const hauteur = hauteurPourLignes(lignesTexte);
    if (hauteur) ligne.height = hauteur;
  }
}

// eslint-disable-next-line no-control-regex -- ce sont justement les caractères de contrôle qu'on cherche
const aEchapper = /_x[0-9A-Fa-f]{4}_|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;

function echapperValeur(v: ExcelJS.CellValue): ExcelJS.CellValue | undefined {
  if (typeof v === 'string') return aEchapper.test(v) ? texteOoxml(v) : undefined;
  if (v && typeof v === 'object' && 'richText' in v) {
    const runs = v.richText;
    if (!runs.some((r) => aEchapper.test(r.text))) return undefined;
    return { ...v, richText: runs.map((r) => ({ ...r, text: texteOoxml(r.text) })) };
  }
  if (v && typeof v === 'object' && 'hyperlink' in v && typeof v.text === 'string' && aEchapper.test(v.text)) {
    return { ...v, text: texteOoxml(v.text) };
  }
  return undefined;
}

function echapperTextes(ws: ExcelJS.Worksheet): void {
  ws.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: false }, (cell) => {
      const v = echapperValeur(cell.value);
      if (v !== undefined) cell.value = v;
    }),
  );
}

/** Écrit les feuilles décrites par le cœur dans le classeur, en gardant ce qui n'en fait pas partie. */
export function ecrireFeuilles(wb: ExcelJS.Workbook, feuilles: FeuilleLayout[], lu: ClasseurLu, active = feuilles[feuilles.length - 1].nom): void {
  for (const f of feuilles) ecrireFeuille(wb, f, lu);
  for (const f of feuilles) {
    const ws = wb.getWorksheet(f.nom);
    if (ws) echapperTextes(ws);
  }
  const derniere = wb.getWorksheet(active);
  if (derniere) {
    const index = wb.worksheets.indexOf(derniere);
    wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: index, visibility: 'visible' }];
  }
}
