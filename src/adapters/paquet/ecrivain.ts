import { CompressionNative, EntreeCompressee, archiveZip, boutABout, compresser, compressionInstallee, stocker } from './archiveZip';
import { attribut, enXml, texteOoxml } from '../exceljs/paquet';
import { ListesDeStyles, avecListes, listesDeStyles } from './listesDeStyles';
import {
  Contenu,
  FeuilleLayout,
  STYLE_ENTETE_TABLEAU,
  Style,
  TableauLayout,
  decoderAdresse,
  hauteurPourLignes,
  largeurDeTexte,
  lettreColonne,
  lignesAffichees,
  plageTableau,
} from '../../core/layout/types';

/**
 * Écrit un classeur neuf, directement en XML, à partir des feuilles décrites par le cœur : pour les grands classeurs
 * produits d'un bloc (la consolidation régionale de centaines d'établissements), sans modèle en mémoire — le texte de
 * chaque feuille est produit ligne à ligne, puis compressé. Couvre ce que ces feuilles utilisent : valeurs, formules,
 * styles, fusions, largeurs, tableaux nommés, mises en forme conditionnelles (formule, barre de données), validations
 * (listes, dates), impression. Les noms définis et la protection ne sont pas écrits ici : une feuille qui en porte est
 * refusée (l'adaptateur ExcelJS reste l'écrivain général) ; les graphiques ne sont écrits que dans Excel.
 */

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const xml = enXml;

/** Texte de cellule tel qu'Excel l'enregistre (caractères de contrôle, « _x0041_ » littéral), puis échappé pour le XML. */
const texteCellule = (s: string) => enXml(texteOoxml(s));

/**
 * Les styles d'un classeur écrit : neuf, ou `base` — les styles du classeur existant où les feuilles seront greffées,
 * que l'on ne fait que prolonger (les rangs existants ne bougent pas, les feuilles écrites portent les rangs finaux).
 */
class Styles {
  private readonly xfs = new Map<string, number>();
  private readonly polices: string[];
  private readonly remplissages: string[];
  private readonly bordures: string[];
  private readonly numFmts: string[];
  private readonly formatParCode = new Map<string, number>();
  private prochainFormat = 164;
  private readonly liste: string[];
  readonly dxfs: string[];

  constructor(private readonly base?: { xml: string; listes: ListesDeStyles }) {
    const l = base?.listes;
    this.polices = l ? [...l.fonts] : ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'];
    this.remplissages = l ? [...l.fills] : ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
    this.bordures = l ? [...l.borders] : ['<border><left/><right/><top/><bottom/><diagonal/></border>'];
    this.liste = l ? [...l.cellXfs] : ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
    this.dxfs = l ? [...l.dxfs] : [];
    this.numFmts = l ? [...l.numFmts] : [];
    for (const n of this.numFmts) {
      const id = Number(attribut(n, 'numFmtId'));
      const code = attribut(n, 'formatCode');
      if (!Number.isInteger(id)) continue;
      if (code !== undefined && !this.formatParCode.has(code)) this.formatParCode.set(code, id);
      this.prochainFormat = Math.max(this.prochainFormat, id + 1);
    }
  }

  /** Le rang d'un format de nombre personnalisé (code tel qu'écrit dans le XML), ajouté s'il est nouveau. */
  private format(code: string): number {
    const cle = xml(code);
    let id = this.formatParCode.get(cle);
    if (id === undefined) {
      id = this.prochainFormat++;
      this.formatParCode.set(cle, id);
      this.numFmts.push(`<numFmt numFmtId="${id}" formatCode="${cle}"/>`);
    }
    return id;
  }

  private indice(tableau: string[], x: string): number {
    const i = tableau.indexOf(x);
    if (i >= 0) return i;
    tableau.push(x);
    return tableau.length - 1;
  }

  private readonly renvoiALaLigne = new Set<number>();

  renvoie(xf: number): boolean {
    return this.renvoiALaLigne.has(xf);
  }

  // Un même objet de style (les cases d'une matrice le partagent) : reconnu sans être sérialisé de nouveau.
  private readonly parObjet = new WeakMap<Style, number>();

  xf(s: Style | undefined): number {
    if (!s) return 0;
    const deja = this.parObjet.get(s);
    if (deja !== undefined) return deja;
    const xf = this.xfSelonLeContenu(s);
    this.parObjet.set(s, xf);
    return xf;
  }

  private xfSelonLeContenu(s: Style): number {
    const cle = JSON.stringify(s);
    const connu = this.xfs.get(cle);
    if (connu !== undefined) return connu;
    const police = `<font>${s.gras ? '<b/>' : ''}${s.italique ? '<i/>' : ''}<sz val="${s.taille ?? 11}"/>${s.couleurTexte ? `<color rgb="FF${s.couleurTexte}"/>` : ''}<name val="Calibri"/><family val="2"/></font>`;
    const fontId = this.indice(this.polices, police);
    const fillId = s.fond ? this.indice(this.remplissages, `<fill><patternFill patternType="solid"><fgColor rgb="FF${s.fond}"/><bgColor indexed="64"/></patternFill></fill>`) : 0;
    const trait = '<color rgb="FFBFBFBF"/>';
    const borderId = s.bordure ? this.indice(this.bordures, `<border><left style="thin">${trait}</left><right style="thin">${trait}</right><top style="thin">${trait}</top><bottom style="thin">${trait}</bottom><diagonal/></border>`) : 0;
    let numFmtId = 0;
    if (s.format) {
      numFmtId = s.format === '@' ? 49 : this.format(s.format);
    }
    const alignement =
      s.retourLigne || s.horizontal || s.vertical
        ? `<alignment${s.horizontal ? ` horizontal="${s.horizontal}"` : ''}${s.vertical ? ` vertical="${s.vertical === 'middle' ? 'center' : s.vertical}"` : ''}${s.retourLigne ? ' wrapText="1"' : ''}/>`
        : '';
    const xf =
      `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"` +
      `${numFmtId ? ' applyNumberFormat="1"' : ''}${fontId ? ' applyFont="1"' : ''}${fillId ? ' applyFill="1"' : ''}${borderId ? ' applyBorder="1"' : ''}` +
      `${alignement ? ` applyAlignment="1">${alignement}</xf>` : '/>'}`;
    const id = this.indice(this.liste, xf);
    this.xfs.set(cle, id);
    if (s.retourLigne) this.renvoiALaLigne.add(id);
    return id;
  }

  dxf(fond?: string, couleurTexte?: string, gras?: boolean): number {
    const police = couleurTexte || gras ? `<font>${gras ? '<b/>' : ''}${couleurTexte ? `<color rgb="FF${couleurTexte}"/>` : ''}</font>` : '';
    const remplissage = fond ? `<fill><patternFill><bgColor rgb="FF${fond}"/></patternFill></fill>` : '';
    return this.indice(this.dxfs, `<dxf>${police}${remplissage}</dxf>`);
  }

  xml(): string {
    if (this.base) {
      return avecListes(this.base.xml, { numFmts: this.numFmts, fonts: this.polices, fills: this.remplissages, borders: this.bordures, cellXfs: this.liste, dxfs: this.dxfs });
    }
    const formats = this.numFmts.join('');
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${NS}">` +
      (formats ? `<numFmts count="${this.numFmts.length}">${formats}</numFmts>` : '') +
      `<fonts count="${this.polices.length}">${this.polices.join('')}</fonts>` +
      `<fills count="${this.remplissages.length}">${this.remplissages.join('')}</fills>` +
      `<borders count="${this.bordures.length}">${this.bordures.join('')}</borders>` +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.liste.length}">${this.liste.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      `<dxfs count="${this.dxfs.length}">${this.dxfs.join('')}</dxfs>` +
      '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
    );
  }
}

interface Cellule {
  contenu: Contenu;
  xf: number;
}

function celluleXml(ref: string, v: Contenu, xf: number, partages: TextesPartages | undefined): string {
  const s = xf ? ` s="${xf}"` : '';
  if (v === null || v === undefined || v === '') return xf ? `<c r="${ref}"${s}/>` : '';
  if (typeof v === 'string') {
    if (partages) return `<c r="${ref}"${s} t="s"><v>${partages.indice(v)}</v></c>`;
    return `<c r="${ref}"${s} t="inlineStr"><is>${elementTexte(v)}</is></c>`;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : '';
  if (typeof v === 'boolean') return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  return `<c r="${ref}"${s}><f>${xml(v.formule)}</f></c>`;
}

/** <t> d'un texte ; xml:space="preserve" seulement quand il commence ou finit par un blanc (comme Excel et openpyxl). */
function elementTexte(v: string): string {
  return `<t${/^\s|\s$/.test(v) ? ' xml:space="preserve"' : ''}>${texteCellule(v)}</t>`;
}

/**
 * Les textes des cellules, chacun écrit une fois dans xl/sharedStrings.xml (comme Excel) : l'établissement et son RNE
 * reviennent à chaque ligne des constats, les libellés à chaque établissement.
 */
class TextesPartages {
  private readonly index = new Map<string, number>();
  private readonly textes: string[] = [];
  private utilisations = 0;

  indice(t: string): number {
    this.utilisations++;
    let i = this.index.get(t);
    if (i === undefined) {
      i = this.textes.length;
      this.textes.push(t);
      this.index.set(t, i);
    }
    return i;
  }

  get vide(): boolean {
    return this.textes.length === 0;
  }

  xml(): string {
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${NS}" count="${this.utilisations}" uniqueCount="${this.textes.length}">${this.textes.map((t) => `<si>${elementTexte(t)}</si>`).join('')}</sst>`;
  }
}

/**
 * Le texte d'une partie, accumulé par morceaux et converti en octets au fil de l'eau : une feuille de 40 000 lignes
 * ne vit jamais en mémoire comme une seule chaîne (deux octets par caractère). Avec la compression native, les
 * octets sont compressés par segments d'un mégaoctet (un flux deflate continu) : seule la partie compressée reste.
 */
class Tampon {
  private courant = '';
  private octets: Uint8Array[] = [];
  private enAttente = 0;
  private readonly encodeur = new TextEncoder();
  private readonly segments: Uint8Array[] = [];
  private crc = 0;
  private taille = 0;

  constructor(private readonly compression: CompressionNative | undefined) {}

  push(...textes: string[]): void {
    for (const t of textes) this.courant += t;
    if (this.courant.length > 1 << 16) this.vider();
  }

  private vider(): void {
    if (this.courant) {
      const o = this.encodeur.encode(this.courant);
      this.octets.push(o);
      this.enAttente += o.length;
      this.courant = '';
    }
    if (this.compression && this.enAttente >= 1 << 20) this.segment(false);
  }

  private segment(dernier: boolean): void {
    const c = this.compression as CompressionNative;
    const bloc = boutABout(this.octets);
    this.octets = [];
    this.enAttente = 0;
    this.crc = c.crc32(bloc, this.crc);
    this.taille += bloc.length;
    this.segments.push(c.deflateRaw(bloc, dernier));
  }

  fin(): Uint8Array | EntreeCompressee {
    this.vider();
    if (!this.compression) return boutABout(this.octets);
    this.segment(true);
    return { compresse: boutABout(this.segments), crc: this.crc, taille: this.taille };
  }
}

function feuilleXml(f: FeuilleLayout, styles: Styles, partages: TextesPartages | undefined, tables: Array<{ rid: string }>, active: boolean, compression: CompressionNative | undefined): Uint8Array | EntreeCompressee {
  // Les cellules fixes dans une table par ligne ; les lignes des tableaux sont lues à la volée, jamais recopiées.
  const fixes = new Map<number, Map<number, Cellule>>();
  for (const c of f.cellules) {
    const { ligne, colonne } = decoderAdresse(c.adresse);
    let l = fixes.get(ligne);
    if (!l) fixes.set(ligne, (l = new Map()));
    l.set(colonne, { contenu: c.contenu, xf: styles.xf(c.style) });
  }
  const xfEntete = styles.xf(STYLE_ENTETE_TABLEAU);
  const parTableau = f.tableaux.map((t) => {
    const xfs = t.colonnes.map((col) => styles.xf(col.style));
    return { t, xfs, renvoie: xfs.map((x) => styles.renvoie(x)) };
  });
  /** Les cellules d'une ligne, dans l'ordre des colonnes : fixes et celles des tableaux qui la traversent. */
  const ligne = (l: number): Array<[number, Cellule]> => {
    const cellules = new Map(fixes.get(l) ?? []);
    for (const { t, xfs } of parTableau) {
      if (l === t.ligneEntete) t.colonnes.forEach((col, j) => cellules.set(t.colonneDebut + j, { contenu: col.entete, xf: xfEntete }));
      const i = l - t.ligneEntete - 1;
      if (i >= 0 && i < t.lignes.length) t.lignes[i].forEach((v, j) => cellules.set(t.colonneDebut + j, { contenu: v, xf: xfs[j] }));
    }
    return [...cellules.entries()].sort((a, b) => a[0] - b[0]);
  };
  const numeros = new Set<number>(fixes.keys());
  for (const t of f.tableaux) for (let l = t.ligneEntete; l <= t.ligneEntete + t.lignes.length; l++) numeros.add(l);
  const p = f.miseEnPage;
  const morceaux = new Tampon(compression);
  morceaux.push(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:r="${NS_R}">`,
    `<sheetPr>${f.couleurOnglet ? `<tabColor rgb="FF${f.couleurOnglet}"/>` : ''}${p ? '<pageSetUpPr fitToPage="1"/>' : ''}</sheetPr>`,
    `<sheetViews><sheetView workbookViewId="0"${active ? ' tabSelected="1"' : ''}/></sheetViews>`,
    '<sheetFormatPr defaultRowHeight="15"/>',
  );
  if (f.largeursColonnes.length) {
    morceaux.push(`<cols>${f.largeursColonnes.map((l, i) => `<col min="${i + 1}" max="${i + 1}" width="${l}" customWidth="1"/>`).join('')}</cols>`);
  }
  morceaux.push('<sheetData>');
  const hauteur = hauteursDesLignes(f, styles);
  const lettres: string[] = [];
  const lettre = (c: number) => (lettres[c] ??= lettreColonne(c));
  const enLigne = (l: number, contenu: string, h: number | undefined) => {
    if (contenu) morceaux.push(`<row r="${l}"${h ? ` ht="${h}" customHeight="1"` : ''}>${contenu}</row>`);
  };
  for (const l of [...numeros].sort((a, b) => a - b)) {
    const seul = fixes.has(l) ? undefined : ligneDUnSeulTableau(parTableau, l);
    if (!seul) {
      const cellules = ligne(l);
      let contenu = '';
      for (const [c, cellule] of cellules) contenu += celluleXml(`${lettre(c)}${l}`, cellule.contenu, cellule.xf, partages);
      enLigne(l, contenu, hauteur.deCellules(l, cellules));
      continue;
    }
    // Le cas courant (une ligne d'un seul tableau) : écrite directement depuis ses valeurs, sans rien recopier.
    const { t, xfs, renvoie } = seul;
    const valeurs = t.lignes[l - t.ligneEntete - 1];
    const numero = String(l);
    let lignesDeTexte = 1;
    let contenu = '';
    for (let j = 0; j < valeurs.length; j++) {
      const c = t.colonneDebut + j;
      const v = valeurs[j];
      contenu += celluleXml(lettre(c) + numero, v, xfs[j], partages);
      if (renvoie[j] && typeof v === 'string') lignesDeTexte = Math.max(lignesDeTexte, hauteur.lignes(l, c, v));
    }
    enLigne(l, contenu, hauteur.pour(l, lignesDeTexte));
  }
  morceaux.push('</sheetData>');
  const fusions = f.cellules.filter((c) => c.fusion).map((c) => c.fusion as string);
  if (fusions.length) morceaux.push(`<mergeCells count="${fusions.length}">${fusions.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`);
  let priorite = 1;
  for (const m of f.misesEnForme) {
    if (m.barre) {
      morceaux.push(
        `<conditionalFormatting sqref="${m.plage}"><cfRule type="dataBar" priority="${priorite++}"><dataBar><cfvo type="num" val="0"/><cfvo type="max"/><color rgb="FF${m.barre}"/></dataBar></cfRule></conditionalFormatting>`,
      );
    } else {
      morceaux.push(
        `<conditionalFormatting sqref="${m.plage}"><cfRule type="expression" dxfId="${styles.dxf(m.fond, m.couleurTexte, m.gras)}" priority="${priorite++}"><formula>${xml(m.formule)}</formula></cfRule></conditionalFormatting>`,
      );
    }
  }
  if (f.validations.length) morceaux.push(validationsXml(f.validations));
  if (p) {
    morceaux.push('<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>');
    morceaux.push(`<pageSetup paperSize="9" orientation="${p.orientation}" fitToWidth="${p.pagesEnLargeur ?? 1}" fitToHeight="0"/>`);
    if (p.entete || p.piedDePage) {
      morceaux.push(`<headerFooter>${p.entete ? `<oddHeader>${xml(`&C${p.entete}`)}</oddHeader>` : ''}${p.piedDePage ? `<oddFooter>${xml(`&C${p.piedDePage}`)}</oddFooter>` : ''}</headerFooter>`);
    }
  }
  if (tables.length) morceaux.push(`<tableParts count="${tables.length}">${tables.map((t) => `<tablePart r:id="${t.rid}"/>`).join('')}</tableParts>`);
  morceaux.push('</worksheet>');
  return morceaux.fin();
}

/** Le tableau dont la ligne `l` est une ligne de données, s'il est le seul à passer par cette ligne. */
function ligneDUnSeulTableau<T extends { t: TableauLayout }>(parTableau: T[], l: number): T | undefined {
  let trouve: T | undefined;
  for (const x of parTableau) {
    if (l < x.t.ligneEntete || l > x.t.ligneEntete + x.t.lignes.length) continue;
    if (trouve || l === x.t.ligneEntete) return undefined;
    trouve = x;
  }
  return trouve;
}

/** Les validations de données (listes, dates), comme l'adaptateur ExcelJS les écrit. */
function validationsXml(validations: FeuilleLayout['validations']): string {
  const regles = validations.map((v) => {
    const signaler = v.type === 'date' || !v.suggestion;
    const aide = v.type !== 'date' && v.aide ? ` showInputMessage="1" promptTitle="${xml(v.aide.titre)}" prompt="${xml(v.aide.message)}"` : '';
    const commun = `allowBlank="1"${signaler ? ' showErrorMessage="1"' : ''}${v.bloquante ? '' : ' errorStyle="warning"'} errorTitle="${xml(v.titreErreur)}" error="${xml(v.messageErreur)}"${aide} sqref="${v.plage}"`;
    return v.type === 'date'
      ? `<dataValidation type="date" operator="greaterThan" ${commun}><formula1>36526</formula1></dataValidation>`
      : `<dataValidation type="list" ${commun}><formula1>${xml(v.source ?? `"${v.valeurs.join(',')}"`)}</formula1></dataValidation>`;
  });
  return `<dataValidations count="${regles.length}">${regles.join('')}</dataValidations>`;
}

/**
 * Hauteur des lignes à texte renvoyé à la ligne, estimée d'après le texte affiché (jamais une formule) et la largeur
 * de la colonne ou de la fusion, plafonnée à 409 pt : la même règle que l'adaptateur ExcelJS.
 */
function hauteursDesLignes(f: FeuilleLayout, styles: Styles) {
  const largeurs = f.largeursColonnes;
  const hauteursMin = f.hauteursMin;
  const largeurFusion = new Map<string, number>();
  for (const c of f.cellules.filter((x) => x.fusion)) {
    const a = decoderAdresse((c.fusion as string).split(':')[0]);
    largeurFusion.set(`${a.ligne},${a.colonne}`, largeurDeTexte(c.adresse, c.fusion, largeurs));
  }
  /** Les lignes qu'occupe le texte `texte`, renvoyé à la ligne, en colonne `c` de la ligne `l`. */
  const lignes = (l: number, c: number, texte: string) => lignesAffichees(texte, (largeurFusion.size ? largeurFusion.get(`${l},${c}`) : undefined) ?? largeurs[c - 1] ?? 9);
  /** La hauteur de la ligne `l` dont le plus long texte occupe `n` lignes (sa hauteur minimale au moins). */
  const pour = (l: number, n: number) => {
    const estimee = hauteurPourLignes(n);
    const minimale = hauteursMin?.[l];
    return minimale ? Math.max(minimale, estimee ?? 0) : estimee;
  };
  return {
    lignes,
    pour,
    deCellules(l: number, cellules: Array<[number, Cellule]>): number | undefined {
      let n = 1;
      for (const [c, cellule] of cellules) if (styles.renvoie(cellule.xf) && typeof cellule.contenu === 'string') n = Math.max(n, lignes(l, c, cellule.contenu));
      return pour(l, n);
    },
  };
}

function tableXml(t: TableauLayout, id: number): string {
  const ref = plageTableau(t);
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="${NS}" id="${id}" name="${xml(t.nom)}" displayName="${xml(t.nom)}" ref="${ref}" totalsRowShown="0">` +
    `<autoFilter ref="${ref}"/><tableColumns count="${t.colonnes.length}">${t.colonnes.map((c, i) => `<tableColumn id="${i + 1}" name="${xml(c.entete)}"/>`).join('')}</tableColumns>` +
    `<tableStyleInfo name="${xml(t.style)}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`
  );
}

const nomFeuilleFormule = (nom: string) => `'${nom.replace(/'/g, "''")}'`;

/**
 * Le classeur complet (.xlsx) ; `active` est la feuille montrée à l'ouverture (aucune n'est sélectionnée si elle n'en
 * fait pas partie). Les textes vont dans les textes partagés, sauf pour une archive aussitôt greffée dans un classeur
 * existant, qui les garde dans les cellules (la greffe n'a pas à les renuméroter) :
 * - `sansCompression` : parties stockées, que la greffe relit et renumérote (styles) ;
 * - `stylesDeBase` (styles.xml du classeur où greffer) : ses styles prolongés, les feuilles écrites avec les rangs
 *   finaux et compressées, que la greffe recopie telles quelles.
 */
export function ecrireClasseurNeuf(feuilles: FeuilleLayout[], active: string, { sansCompression = false, stylesDeBase }: { sansCompression?: boolean; stylesDeBase?: string } = {}): Uint8Array {
  for (const f of feuilles) {
    // Les graphiques ne sont écrits que dans Excel (comme par l'adaptateur ExcelJS) : les barres de données en tiennent lieu.
    if (f.nomsDefinis.length || f.protegee) {
      throw new Error(`écrivain direct : la feuille « ${f.nom} » porte des noms ou une protection`);
    }
  }
  const listes = stylesDeBase === undefined ? undefined : listesDeStyles(stylesDeBase);
  if (stylesDeBase !== undefined && !listes) throw new Error('écrivain direct : styles du classeur de base illisibles');
  const styles = new Styles(listes && { xml: stylesDeBase as string, listes });
  const partages = sansCompression || listes ? undefined : new TextesPartages();
  const fichiers = new Archive(sansCompression);
  const types: string[] = [];
  let idTable = 0;
  const noms: string[] = [];
  feuilles.forEach((f, i) => {
    const n = i + 1;
    const tables = f.tableaux.map((t, k) => {
      idTable++;
      fichiers.ajouter(`xl/tables/table${idTable}.xml`, tableXml(t, idTable));
      types.push(`<Override PartName="/xl/tables/table${idTable}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>`);
      return { rid: `rId${k + 1}`, cible: `../tables/table${idTable}.xml` };
    });
    fichiers.ajouter(`xl/worksheets/sheet${n}.xml`, feuilleXml(f, styles, partages, tables, f.nom === active, fichiers.compression));
    if (tables.length) {
      fichiers.ajouter(`xl/worksheets/_rels/sheet${n}.xml.rels`,
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${tables
          .map((t) => `<Relationship Id="${t.rid}" Type="${REL}/table" Target="${t.cible}"/>`)
          .join('')}</Relationships>`,
      );
    }
    types.push(`<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`);
    const p = f.miseEnPage;
    if (p) {
      const zone = p.zoneImpression
        .split(':')
        .map((a) => {
          const { ligne, colonne } = decoderAdresse(a);
          return `$${lettreColonne(colonne)}$${ligne}`;
        })
        .join(':');
      noms.push(`<definedName name="_xlnm.Print_Area" localSheetId="${i}">${xml(`${nomFeuilleFormule(f.nom)}!${zone}`)}</definedName>`);
      const titres = [
        ...(p.colonnesRepetees ? [`${nomFeuilleFormule(f.nom)}!$${p.colonnesRepetees.replace(':', ':$')}`] : []),
        ...(p.lignesRepetees ? [`${nomFeuilleFormule(f.nom)}!$${p.lignesRepetees.replace(':', ':$')}`] : []),
      ];
      if (titres.length) noms.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xml(titres.join(','))}</definedName>`);
    }
  });
  const indexActive = Math.max(0, feuilles.findIndex((f) => f.nom === active));
  const avecTextesPartages = partages !== undefined && !partages.vide;
  fichiers.ajouter('xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${NS_R}"><workbookPr defaultThemeVersion="164011"/>` +
      `<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="20000" windowHeight="12000" activeTab="${indexActive}"/></bookViews>` +
      `<sheets>${feuilles.map((f, i) => `<sheet name="${xml(f.nom)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>` +
      (noms.length ? `<definedNames>${noms.join('')}</definedNames>` : '') +
      '<calcPr calcId="171027" fullCalcOnLoad="1"/></workbook>',
  );
  fichiers.ajouter('xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      feuilles.map((_f, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${feuilles.length + 1}" Type="${REL}/styles" Target="styles.xml"/>` +
      (avecTextesPartages ? `<Relationship Id="rId${feuilles.length + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
      '</Relationships>',
  );
  fichiers.ajouter('xl/styles.xml', styles.xml());
  if (avecTextesPartages) fichiers.ajouter('xl/sharedStrings.xml', partages.xml());
  const maintenant = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  fichiers.ajouter('docProps/core.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dc:creator>Pilote LDM</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${maintenant}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${maintenant}</dcterms:modified></cp:coreProperties>`,
  );
  fichiers.ajouter('_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
  );
  fichiers.ajouter('[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      (avecTextesPartages ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      types.join('') +
      '</Types>',
  );
  return fichiers.fin();
}

/**
 * Les parties de l'archive, chacune compressée dès qu'elle est écrite (zlib dans la CLI, fflate dans le navigateur) :
 * seul son résultat compressé reste en mémoire. Une archive `stockee` garde ses parties telles quelles.
 */
class Archive {
  private readonly entrees = new Map<string, EntreeCompressee>();

  /** `stockee` : une archive aussitôt relue par la greffe, qui n'a pas à la décompresser. */
  constructor(private readonly stockee = false) {}

  /** La compression par segments des feuilles : avec zlib (CLI), pour une archive compressée. */
  get compression(): CompressionNative | undefined {
    return this.stockee ? undefined : compressionInstallee();
  }

  ajouter(nom: string, contenu: string | Uint8Array | EntreeCompressee): void {
    if (typeof contenu !== 'string' && !(contenu instanceof Uint8Array)) {
      this.entrees.set(nom, contenu);
      return;
    }
    const octets = typeof contenu === 'string' ? new TextEncoder().encode(contenu) : contenu;
    this.entrees.set(nom, this.stockee ? stocker(octets) : compresser(octets));
  }

  fin(): Uint8Array {
    return archiveZip([...this.entrees.entries()]);
  }
}
