import { ContenuNonConserve } from '../../core/modele/classeur';
import { contenusNonReproduits } from './inventaire';
import {
  Relation,
  TYPE_REL,
  attribut,
  cheminRelations,
  classeurSelon,
  cibleRelative,
  conteneur,
  enXml,
  enfants,
  feuillesDuClasseur,
  lireRelations,
} from './paquet';
import { LIMITES } from './archive';
import { PaquetModifiable } from '../paquet/paquetModifiable';
import { remplacerConteneur, stylesProlonges } from '../paquet/listesDeStyles';

/**
 * Greffe : le fichier écrit est le paquet d'origine, dans lequel on ne remplace que les feuilles que l'opération
 * écrit (prises dans ce qu'ExcelJS a produit). Tout le reste — feuilles de l'établissement, graphiques, zones de
 * texte, TCD, liens externes, macros, objets incorporés… — est recopié octet pour octet, sans être relu.
 */

export interface Greffe {
  /** Feuilles écrites par l'opération (par leur nom). */
  feuilles: string[];
  /** Noms définis (sans portée de feuille) que l'opération écrit. */
  nomsDefinis: string[];
  /** Feuille à afficher à l'ouverture. */
  active?: string;
  /** Nom du fichier, pour les messages. */
  nomFichier: string;
  /** Cellules à lien dont la valeur est un nombre ou un booléen (ExcelJS les écrirait en texte), par feuille. */
  valeursTypees?: Record<string, Record<string, number | boolean>>;
  /**
   * Le produit a été écrit sur les styles du fichier d'origine (écrivain direct, `stylesDeBase`), sans textes
   * partagés : ses feuilles portent déjà les rangs finaux et sont recopiées telles quelles (octets compressés), sans
   * être relues. Vérifié : si ses styles ne prolongent pas exactement ceux d'origine, elles sont renumérotées.
   */
  produitPreindexe?: boolean;
}

const SANS_DONNEE_A_RETIRER = /\/(calcChain)$/;

const CONTENT_TYPES: Record<string, string> = {
  worksheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
  table: 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml',
  comments: 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml',
  sharedStrings: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml',
  styles: 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml',
};

/**
 * Refuse, avant toute écriture, une feuille à réécrire qui contient ce que l'écriture ne reproduirait pas.
 * Les autres feuilles ne sont pas examinées : elles seront recopiées telles quelles.
 */
export function verifierFeuillesAReecrire(paquet: PaquetModifiable, feuilles: string[], nomFichier: string): void {
  const problemes: string[] = [];
  for (const f of paquet.classeur().feuilles) {
    if (!feuilles.includes(f.nom) || !f.chemin) continue;
    const xml = paquet.texte(f.chemin);
    if (xml === undefined) continue;
    const types = lireRelations(paquet.texte(cheminRelations(f.chemin)), f.chemin).map((r) => r.type.split('/').pop() ?? '');
    const contenus = contenusNonReproduits(xml, types);
    if (contenus.length) problemes.push(`la feuille « ${f.nom} » contient ${contenus.join(', ')}`);
  }
  if (problemes.length) {
    throw new ContenuNonConserve(
      `Le classeur « ${nomFichier} » n'a pas été modifié : ${problemes.join(' ; ')}. Pilote LDM réécrit ces feuilles et ne saurait pas les recopier. ` +
        "Déplacez ces éléments dans une autre feuille (couper-coller) : les autres feuilles sont toujours gardées telles quelles, avec tout leur contenu. Ou faites l'opération depuis Excel avec le volet Pilote LDM.",
    );
  }
}

/** Le texte de styles.xml d'un paquet (là où le classeur le désigne), ou rien s'il n'en a pas. */
export function stylesDuPaquet(paquet: PaquetModifiable): string | undefined {
  const chemin = paquet.classeur().relations.find((r) => r.type.endsWith('/styles'))?.cible;
  return chemin ? paquet.texte(chemin) : undefined;
}

/** Ajoute à `cible` les éléments de `ajout` qui n'y sont pas déjà (même texte XML) ; rend l'index de chacun. */
function fusionnerListe(cible: string[], ajout: string[]): number[] {
  const index = new Map(cible.map((x, i) => [x, i] as const));
  return ajout.map((x) => {
    const deja = index.get(x);
    if (deja !== undefined) return deja;
    cible.push(x);
    index.set(x, cible.length - 1);
    return cible.length - 1;
  });
}

/**
 * Fusionne dans les styles d'origine ceux qu'utilisent les feuilles écrites : polices, remplissages, bordures,
 * formats et styles de cellule sont ajoutés (sans doublon), jamais modifiés ; rend la correspondance des index.
 */
function fusionnerStyles(origine: string, produit: string, xfsUtilises: Set<number>, dxfsUtilises: Set<number>): { xml: string; xf: Map<number, number>; dxf: Map<number, number> } {
  let xml = origine;
  const liste = (src: string, cont: string, el: string) => enfants(conteneur(src, cont)?.interieur ?? '', el);
  const numFmtsO = liste(origine, 'numFmts', 'numFmt');
  const numFmtsP = liste(produit, 'numFmts', 'numFmt');
  const idsPris = new Set(numFmtsO.map((n) => Number(attribut(n, 'numFmtId'))));
  const parCode = new Map(numFmtsO.map((n) => [attribut(n, 'formatCode'), Number(attribut(n, 'numFmtId'))] as const));
  const numFmt = new Map<number, number>();
  let prochain = Math.max(163, ...idsPris) + 1;
  for (const n of numFmtsP) {
    const id = Number(attribut(n, 'numFmtId'));
    const code = attribut(n, 'formatCode');
    let nouveau = parCode.get(code);
    if (nouveau === undefined) {
      nouveau = prochain++;
      numFmtsO.push(`<numFmt numFmtId="${nouveau}" formatCode="${code ?? ''}"/>`);
      parCode.set(code, nouveau);
    }
    numFmt.set(id, nouveau);
  }
  const remapNumFmt = (x: string) => x.replace(/(\snumFmtId=")(\d+)"/, (m, a, id) => (numFmt.has(Number(id)) ? `${a}${numFmt.get(Number(id))}"` : m));

  const fontsO = liste(origine, 'fonts', 'font');
  const fillsO = liste(origine, 'fills', 'fill');
  const bordersO = liste(origine, 'borders', 'border');
  const xfsO = liste(origine, 'cellXfs', 'xf');
  const dxfsO = liste(origine, 'dxfs', 'dxf');
  const fontsP = liste(produit, 'fonts', 'font');
  const fillsP = liste(produit, 'fills', 'fill');
  const bordersP = liste(produit, 'borders', 'border');
  const xfsP = liste(produit, 'cellXfs', 'xf');
  const dxfsP = liste(produit, 'dxfs', 'dxf');

  const xf = new Map<number, number>();
  for (const i of [...xfsUtilises].sort((a, b) => a - b)) {
    const brut = xfsP[i];
    if (brut === undefined) continue;
    const ref = (nom: string, source: string[], cible: string[]) => {
      const v = attribut(brut, nom);
      if (v === undefined || source[Number(v)] === undefined) return undefined;
      return fusionnerListe(cible, [source[Number(v)]])[0];
    };
    const font = ref('fontId', fontsP, fontsO);
    const fill = ref('fillId', fillsP, fillsO);
    const border = ref('borderId', bordersP, bordersO);
    let nouveau = remapNumFmt(brut);
    if (font !== undefined) nouveau = nouveau.replace(/\sfontId="\d+"/, ` fontId="${font}"`);
    if (fill !== undefined) nouveau = nouveau.replace(/\sfillId="\d+"/, ` fillId="${fill}"`);
    if (border !== undefined) nouveau = nouveau.replace(/\sborderId="\d+"/, ` borderId="${border}"`);
    nouveau = nouveau.replace(/\sxfId="\d+"/, ' xfId="0"');
    xf.set(i, fusionnerListe(xfsO, [nouveau])[0]);
  }
  const dxf = new Map<number, number>();
  for (const i of [...dxfsUtilises].sort((a, b) => a - b)) {
    if (dxfsP[i] === undefined) continue;
    dxf.set(i, fusionnerListe(dxfsO, [dxfsP[i].replace(/(<numFmt\b[^>]*)/, (m) => remapNumFmt(m))])[0]);
  }
  if (numFmtsO.length) xml = remplacerConteneur(xml, 'numFmts', numFmtsO);
  xml = remplacerConteneur(xml, 'fonts', fontsO);
  xml = remplacerConteneur(xml, 'fills', fillsO);
  xml = remplacerConteneur(xml, 'borders', bordersO);
  if (!conteneur(xml, 'cellStyleXfs')) xml = remplacerConteneur(xml, 'cellStyleXfs', ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>']);
  xml = remplacerConteneur(xml, 'cellXfs', xfsO);
  if (dxfsO.length) xml = remplacerConteneur(xml, 'dxfs', dxfsO);
  return { xml, xf, dxf };
}

interface PartieProduite {
  nom: string;
  cheminProduit: string;
  /** Le texte de la feuille, décodé à la première demande (une feuille recopiée ne l'est jamais). */
  xml: () => string;
  rels: Relation[];
}

/**
 * Chaque balise ouvrante <c …> d'une feuille, dans l'ordre : ses attributs (sans le « / » final) et, si la cellule
 * a un contenu, où il commence et où il finit. Un parcours par indexOf (une feuille régionale compte des centaines de
 * milliers de cellules) ; « < » n'apparaît jamais tel quel dans un texte, donc « <c » ouvre toujours une balise.
 */
function parcourirCellules(xml: string, cellule: (debut: number, finAttributs: number, attrs: string, corps?: { debut: number; fin: number }) => void): void {
  for (let k = xml.indexOf('<c'); k >= 0; k = xml.indexOf('<c', k + 2)) {
    const n = xml.charCodeAt(k + 2);
    if (n !== 0x20 && n !== 0x3e && n !== 0x2f && n !== 0x09 && n !== 0x0a && n !== 0x0d) continue;
    const fin = xml.indexOf('>', k);
    if (fin < 0) return;
    const vide = xml.charCodeAt(fin - 1) === 0x2f;
    const attrs = xml.slice(k + 2, vide ? fin - 1 : fin);
    if (vide) {
      cellule(k, fin, attrs);
      continue;
    }
    const fermeture = xml.indexOf('</c>', fin);
    if (fermeture < 0) return;
    cellule(k, fin, attrs, { debut: fin + 1, fin: fermeture });
    k = fermeture;
  }
}

/** Les attributs d'une cellule, son style (s="N") renuméroté ; sans expression régulière (une par cellule coûtait cher). */
function avecStyle(attrs: string, style: (v: string) => string): string {
  const i = attrs.search(/\ss="/);
  if (i < 0) return attrs;
  const debut = i + 4;
  const fin = attrs.indexOf('"', debut);
  const v = attrs.slice(debut, fin);
  if (fin < 0 || !/^\d+$/.test(v)) return attrs;
  return attrs.slice(0, debut) + style(v) + attrs.slice(fin);
}

/** Réécrit les index de style (s=, style=, dxfId=) et de texte partagé d'une feuille produite. */
function reindexerFeuille(xml: string, xf: Map<number, number>, dxf: Map<number, number>, sst: Map<number, number>, typees: Record<string, number | boolean> = {}): string {
  const style = (v: string) => String(xf.get(Number(v)) ?? 0);
  const morceaux: string[] = [];
  let copie = 0;
  const avecTypees = Object.keys(typees).length > 0;
  parcourirCellules(xml, (debut, finAttributs, attrs, corps) => {
    const a = avecStyle(attrs, style);
    const adr = avecTypees ? /\sr="([A-Z]+\d+)"/.exec(a)?.[1] : undefined;
    const fin = corps ? corps.fin + 4 : finAttributs + 1;
    let cellule: string | undefined;
    if (adr && typees[adr] !== undefined) {
      const v = typees[adr];
      const sansType = a.replace(/\st="[^"]*"/, '');
      cellule = typeof v === 'boolean' ? `<c${sansType} t="b"><v>${v ? 1 : 0}</v></c>` : `<c${sansType}><v>${v}</v></c>`;
    } else if (corps && a.includes(' t="s"')) {
      cellule = `<c${a}>${xml.slice(corps.debut, corps.fin).replace(/<v>(\d+)<\/v>/, (_x, v) => `<v>${sst.get(Number(v)) ?? v}</v>`)}</c>`;
    } else if (a !== attrs) {
      // Seuls les attributs changent : le contenu (formule, texte) est recopié avec le reste, sans être découpé.
      morceaux.push(xml.slice(copie, debut + 2), a);
      copie = corps ? finAttributs : finAttributs - 1;
      return;
    }
    if (cellule === undefined) return;
    morceaux.push(xml.slice(copie, debut), cellule);
    copie = fin;
  });
  morceaux.push(xml.slice(copie));
  let r = morceaux.join('');
  r = r.replace(/(<row\b[^>]*?\ss=")(\d+)"/g, (_x, p, v) => `${p}${style(v)}"`);
  r = r.replace(/(<col\b[^>]*?\sstyle=")(\d+)"/g, (_x, p, v) => `${p}${style(v)}"`);
  r = r.replace(/(\sdxfId=")(\d+)"/g, (_x, p, v) => `${p}${dxf.get(Number(v)) ?? v}"`);
  return ordonnerSheetPr(r);
}

/** ExcelJS réécrit <sheetPr> d'une feuille relue dans le désordre (pageSetUpPr avant outlinePr) : ordre du schéma. */
function ordonnerSheetPr(xml: string): string {
  return xml.replace(/<sheetPr\b([^>]*)>([\s\S]*?)<\/sheetPr>/, (_m, attrs: string, corps: string) => {
    const ordre = ['tabColor', 'outlinePr', 'pageSetUpPr'];
    const parNom = ordre.map((n) => enfants(corps, n).join(''));
    return `<sheetPr${attrs}>${parNom.join('')}</sheetPr>`;
  });
}

/** Les styles (s=, style=, dxfId=) et les textes partagés qu'une feuille produite emploie. */
function usages(xml: string, xfs: Set<number>, dxfs: Set<number>, sst: Set<number>): void {
  parcourirCellules(xml, (_debut, _fin, attrs, corps) => {
    const s = /\ss="(\d+)"/.exec(attrs);
    xfs.add(s ? Number(s[1]) : 0);
    if (corps && / t="s"/.test(attrs)) {
      const v = /<v>(\d+)<\/v>/.exec(xml.slice(corps.debut, corps.fin));
      if (v) sst.add(Number(v[1]));
    }
  });
  for (const m of xml.matchAll(/<row\b[^>]*?\ss="(\d+)"/g)) xfs.add(Number(m[1]));
  for (const m of xml.matchAll(/<col\b[^>]*?\sstyle="(\d+)"/g)) xfs.add(Number(m[1]));
  for (const m of xml.matchAll(/\sdxfId="(\d+)"/g)) dxfs.add(Number(m[1]));
}

function nomLibre(paquet: PaquetModifiable, prefixe: string, extension: string, pris: Set<string>): string {
  for (let k = 1; ; k++) {
    const nom = `${prefixe}${k}${extension}`;
    if (!paquet.existe(nom) && !pris.has(nom)) {
      pris.add(nom);
      return nom;
    }
  }
}

function ajouterOverride(ct: string, partie: string, type: string): string {
  return retirerOverride(ct, partie).replace(/<\/Types>\s*$/, `<Override PartName="/${partie}" ContentType="${type}"/></Types>`);
}

function retirerOverride(ct: string, partie: string): string {
  return ct.replace(new RegExp(`<Override\\b[^>]*PartName="/${partie.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*/>`, 'g'), '');
}

/** Identifiant de relation libre dans une liste. */
function ridLibre(rels: string): string {
  const pris = new Set(Array.from(rels.matchAll(/\sId="([^"]+)"/g)).map((m) => m[1]));
  for (let k = 1; ; k++) if (!pris.has(`rId${k}`)) return `rId${k}`;
}

/** Le nom défini et sa portée (index de feuille), depuis <definedName …>. */
function nomDefini(balise: string): { nom: string; portee?: number } {
  const portee = attribut(balise, 'localSheetId');
  return { nom: attribut(balise, 'name') ?? '', portee: portee === undefined ? undefined : Number(portee) };
}

/**
 * Construit le fichier final : le paquet d'origine, les feuilles écrites prises dans le paquet produit par ExcelJS.
 * `origine` est le fichier tel que l'utilisateur l'a donné (jamais la copie allégée relue par ExcelJS).
 */
export function greffer(origineOctets: Uint8Array, produitOctets: Uint8Array, g: Greffe): Uint8Array {
  // Les parties d'origine que la greffe ne change pas sont recopiées sans être décompressées.
  const origine = new PaquetModifiable(origineOctets, g.nomFichier);
  // Le produit vient de l'écriture elle-même (ExcelJS ou l'écrivain direct) : pas une archive à surveiller.
  const produit = new PaquetModifiable(produitOctets, g.nomFichier, { ...LIMITES, partie: Infinity, total: Infinity, ratio: Infinity });
  const wbO = classeurSelon(origine.texte('_rels/.rels'));
  const wbP = classeurSelon(produit.texte('_rels/.rels'));
  const wbXmlOrigine = origine.texte(wbO) ?? '';
  let wbXml = wbXmlOrigine;
  const wbXmlP = produit.texte(wbP) ?? '';
  const relsWbChemin = cheminRelations(wbO);
  let relsWb = origine.texte(relsWbChemin) ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  const relsO = lireRelations(relsWb, wbO);
  const relsP = lireRelations(produit.texte(cheminRelations(wbP)), wbP);
  const feuillesO = feuillesDuClasseur(wbXml, relsO);
  const feuillesP = feuillesDuClasseur(wbXmlP, relsP);
  let ct = origine.texte('[Content_Types].xml') ?? '';
  const pris = new Set<string>();

  // 1. Les feuilles écrites, telles qu'ExcelJS les a produites, et leurs parties (tableaux, commentaires).
  const produites: PartieProduite[] = [];
  for (const nom of g.feuilles) {
    const p = feuillesP.find((f) => f.nom === nom);
    if (!p?.chemin) continue;
    const chemin = p.chemin;
    let xml: string | undefined;
    produites.push({ nom, cheminProduit: chemin, xml: () => (xml ??= produit.texte(chemin) ?? ''), rels: lireRelations(produit.texte(cheminRelations(chemin)), chemin) });
  }
  const cheminStylesO = relsO.find((r) => r.type.endsWith('/styles'))?.cible;
  const cheminStylesP = relsP.find((r) => r.type.endsWith('/styles'))?.cible;
  const stylesP = (cheminStylesP && produit.texte(cheminStylesP)) || '';
  const stylesO = cheminStylesO ? origine.texte(cheminStylesO) : undefined;
  const cheminSstP = relsP.find((r) => r.type.endsWith('/sharedStrings'))?.cible;
  const preindexe = g.produitPreindexe === true && !cheminSstP && stylesO !== undefined && stylesProlonges(stylesO, stylesP);
  const xfs = new Set<number>();
  const dxfs = new Set<number>();
  const chaines = new Set<number>();
  const tables: Array<{ feuille: PartieProduite; rel: Relation; xml: string }> = [];
  for (const p of produites) {
    if (!preindexe) usages(p.xml(), xfs, dxfs, chaines);
    for (const r of p.rels.filter((x) => x.type.endsWith('/table'))) {
      const xml = produit.texte(r.cible) ?? '';
      for (const m of xml.matchAll(/\s\w*[dD]xfId="(\d+)"/g)) dxfs.add(Number(m[1]));
      tables.push({ feuille: p, rel: r, xml });
    }
  }

  // 2. Styles et textes partagés : ceux d'origine gardés tels quels, ceux des feuilles écrites ajoutés à la suite
  // (déjà faits par l'écrivain pour un produit préindexé : ses styles sont ceux d'origine prolongés, rangs inchangés).
  const styles = preindexe ? { xml: stylesP, xf: new Map<number, number>(), dxf: new Map<number, number>() } : fusionnerStyles(
    stylesO ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>',
    stylesP,
    xfs,
    dxfs,
  );
  const cheminStyles = cheminStylesO ?? 'xl/styles.xml';
  origine.ecrire(cheminStyles, styles.xml);
  if (!cheminStylesO) {
    relsWb = relsWb.replace(/<\/Relationships>/, `<Relationship Id="${ridLibre(relsWb)}" Type="${TYPE_REL}styles" Target="${cibleRelative(wbO, cheminStyles)}"/></Relationships>`);
    ct = ajouterOverride(ct, cheminStyles, CONTENT_TYPES.styles);
  }

  const cheminSstO = relsO.find((r) => r.type.endsWith('/sharedStrings'))?.cible;
  const sstP = enfants((cheminSstP && produit.texte(cheminSstP)) || '', 'si');
  const sstXmlO = cheminSstO ? origine.texte(cheminSstO) : undefined;
  const siO = enfants(sstXmlO ?? '', 'si');
  const nbAvant = siO.length;
  const sst = new Map<number, number>();
  const indexO = new Map(siO.map((x, i) => [x, i] as const));
  for (const i of [...chaines].sort((a, b) => a - b)) {
    if (sstP[i] === undefined) continue;
    const deja = indexO.get(sstP[i]);
    if (deja !== undefined) sst.set(i, deja);
    else {
      siO.push(sstP[i]);
      indexO.set(sstP[i], siO.length - 1);
      sst.set(i, siO.length - 1);
    }
  }
  if (siO.length > nbAvant || (chaines.size && !cheminSstO)) {
    const cheminSst = cheminSstO ?? 'xl/sharedStrings.xml';
    const ajout = siO.slice(nbAvant).join('');
    let xml = sstXmlO ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>';
    const c = conteneur(xml, 'sst');
    if (c) {
      const ouvrante = c.ouvrante.replace(/\suniqueCount="\d*"/, '').replace(/\scount="\d*"/, '').replace(/>$/, ` count="${siO.length}" uniqueCount="${siO.length}">`);
      xml = xml.slice(0, c.debut) + ouvrante + c.interieur + ajout + '</sst>' + xml.slice(c.fin);
    }
    origine.ecrire(cheminSst, xml);
    if (!cheminSstO) {
      relsWb = relsWb.replace(/<\/Relationships>/, `<Relationship Id="${ridLibre(relsWb)}" Type="${TYPE_REL}sharedStrings" Target="${cibleRelative(wbO, cheminSst)}"/></Relationships>`);
      ct = ajouterOverride(ct, cheminSst, CONTENT_TYPES.sharedStrings);
    }
  }

  // 3. Les anciennes versions des feuilles écrites sont retirées avec leurs tableaux et commentaires ; leur dessin
  // (zones de texte, formes, images, graphiques) est gardé tel quel et rattaché à la nouvelle version.
  const idsTablesGardees = new Set<number>();
  const feuillesRemplacees = feuillesO.filter((f) => g.feuilles.includes(f.nom) && f.chemin);
  const cheminsRemplaces = new Set(feuillesRemplacees.map((f) => f.chemin as string));
  const dessins = new Map<string, string>();
  for (const f of feuillesRemplacees) {
    const chemin = f.chemin as string;
    for (const r of lireRelations(origine.texte(cheminRelations(chemin)), chemin)) {
      if (r.externe) continue;
      if (r.type.endsWith('/drawing')) {
        dessins.set(f.nom, r.cible);
        continue;
      }
      origine.retirer(r.cible);
      ct = retirerOverride(ct, r.cible);
    }
    origine.retirer(cheminRelations(chemin));
  }
  for (const nom of origine.noms().filter((n) => /\/tables\/[^/]+\.xml$/.test(n))) {
    const xml = origine.texte(nom);
    const id = xml ? Number(/<(?:\w+:)?table\b[^>]*\sid="(\d+)"/.exec(xml)?.[1]) : NaN;
    if (Number.isFinite(id)) idsTablesGardees.add(id);
  }
  let prochainIdTable = Math.max(0, ...idsTablesGardees) + 1;

  // 4. Les feuilles écrites prennent leur place (même partie, même relation) ou s'ajoutent à la fin.
  const recopiees = new Set<string>();
  let sheetsXml = conteneur(wbXml, '(?:\\w+:)?sheets')?.interieur ?? '';
  let sheetIdMax = Math.max(0, ...feuillesO.map((f) => f.sheetId));
  for (const p of produites) {
    const ancienne = feuillesO.find((f) => f.nom === p.nom);
    const chemin = ancienne?.chemin && cheminsRemplaces.has(ancienne.chemin) ? ancienne.chemin : nomLibre(origine, 'xl/worksheets/sheet', '.xml', pris);
    let relsFeuille = '';
    for (const r of p.rels) {
      if (r.externe) {
        relsFeuille += r.brut;
        continue;
      }
      const type = r.type.split('/').pop() ?? '';
      let cible: string;
      let contenu: string | Uint8Array | undefined;
      if (type === 'table') {
        cible = nomLibre(origine, 'xl/tables/table', '.xml', pris);
        const t = tables.find((x) => x.rel === r);
        contenu = (t?.xml ?? '').replace(/(<(?:\w+:)?table\b[^>]*\sid=")(\d+)"/, (_m, a) => `${a}${prochainIdTable++}"`).replace(/(\s\w*[dD]xfId=")(\d+)"/g, (_m, a, v) => `${a}${styles.dxf.get(Number(v)) ?? v}"`);
        ct = ajouterOverride(ct, cible, CONTENT_TYPES.table);
      } else if (type === 'comments') {
        cible = nomLibre(origine, 'xl/comments', '.xml', pris);
        contenu = produit.octets(r.cible);
        ct = ajouterOverride(ct, cible, CONTENT_TYPES.comments);
      } else if (type === 'vmlDrawing') {
        cible = nomLibre(origine, 'xl/drawings/vmlDrawing', '.vml', pris);
        contenu = produit.octets(r.cible);
        if (!/<Default\b[^>]*Extension="vml"/i.test(ct)) ct = ct.replace(/(<Types\b[^>]*>)/, '$1<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>');
      } else {
        continue;
      }
      if (contenu !== undefined) origine.ecrire(cible, contenu);
      relsFeuille += r.brut.replace(/\sTarget="[^"]*"/, ` Target="${enXml(cibleRelative(chemin, cible))}"`);
    }
    const dessin = dessins.get(p.nom);
    if (preindexe && !dessin) {
      origine.recopier(chemin, produit, p.cheminProduit);
      recopiees.add(p.nom);
    } else {
      let xml = preindexe ? p.xml() : reindexerFeuille(p.xml(), styles.xf, styles.dxf, sst, g.valeursTypees?.[p.nom]);
      if (dessin && !/<drawing\b/.test(xml)) {
        const rid = 'rIdDessinLdm';
        relsFeuille += `<Relationship Id="${rid}" Type="${TYPE_REL}drawing" Target="${enXml(cibleRelative(chemin, dessin))}"/>`;
        xml = insererDansFeuille(xml, `<drawing r:id="${rid}"/>`, ['legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst']);
      }
      origine.ecrire(chemin, xml);
    }
    if (relsFeuille) {
      origine.ecrire(cheminRelations(chemin), `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relsFeuille}</Relationships>`);
    }
    ct = ajouterOverride(ct, chemin, CONTENT_TYPES.worksheet);
    if (!ancienne || !ancienne.chemin || !cheminsRemplaces.has(ancienne.chemin)) {
      const rid = ridLibre(relsWb);
      relsWb = relsWb.replace(/<\/Relationships>/, `<Relationship Id="${rid}" Type="${TYPE_REL}worksheet" Target="${enXml(cibleRelative(wbO, chemin))}"/></Relationships>`);
      if (ancienne) sheetsXml = sheetsXml.replace(ancienne.brut, ancienne.brut.replace(/(\s(?:\w+:)?id=")[^"]*"/g, (m, a) => (m.includes('sheetId') ? m : `${a}${rid}"`)));
      else sheetsXml += `<sheet name="${enXml(p.nom)}" sheetId="${++sheetIdMax}" r:id="${rid}"/>`;
    }
  }
  wbXml = remplacerInterieur(wbXml, '(?:\\w+:)?sheets', sheetsXml);
  if (!/xmlns:r="/.test(/<(?:\w+:)?workbook\b[^>]*>/.exec(wbXml)?.[0] ?? '')) wbXml = wbXml.replace(/<((?:\w+:)?workbook)\b/, '<$1 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"');

  // 5. Noms définis : ceux de l'opération (et les zones d'impression des feuilles écrites) viennent du produit.
  const ordreFinal = feuillesDuClasseur(wbXml, lireRelations(relsWb, wbO)).map((f) => f.nom);
  const ecrite = (portee: number | undefined, ordre: string[]) => portee !== undefined && g.feuilles.includes(ordre[portee]);
  const nomsO = enfants(conteneur(wbXml, 'definedNames')?.interieur ?? '', 'definedName');
  const nomsP = enfants(conteneur(wbXmlP, 'definedNames')?.interieur ?? '', 'definedName');
  const ordreO = feuillesO.map((f) => f.nom);
  const ordreP = feuillesP.map((f) => f.nom);
  const gardes = nomsO.filter((b) => {
    const n = nomDefini(b);
    return !(n.portee === undefined ? g.nomsDefinis.includes(n.nom) : ecrite(n.portee, ordreO));
  }).map((b) => {
    const n = nomDefini(b);
    return n.portee === undefined ? b : b.replace(/\slocalSheetId="\d+"/, ` localSheetId="${ordreFinal.indexOf(ordreO[n.portee])}"`);
  });
  const repris = nomsP
    .filter((b) => {
      const n = nomDefini(b);
      return n.portee === undefined ? g.nomsDefinis.includes(n.nom) : ecrite(n.portee, ordreP);
    })
    .map((b) => {
      const n = nomDefini(b);
      return n.portee === undefined ? b : b.replace(/\slocalSheetId="\d+"/, ` localSheetId="${ordreFinal.indexOf(ordreP[n.portee])}"`);
    });
  const noms = [...gardes, ...repris];
  if (noms.length) wbXml = remplacerOuInserer(wbXml, 'definedNames', `<definedNames>${noms.join('')}</definedNames>`, ['calcPr', 'oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr', 'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst']);

  // 6. Recalcul à l'ouverture (la chaîne de calcul d'origine ne correspond plus) et feuille active.
  const calcChain = relsO.find((r) => SANS_DONNEE_A_RETIRER.test(r.type));
  if (calcChain) {
    origine.retirer(calcChain.cible);
    ct = retirerOverride(ct, calcChain.cible);
    relsWb = relsWb.replace(calcChain.brut, '');
  }
  const calcPr = /<calcPr\b[^>]*?\/?>/.exec(wbXml);
  if (calcPr) wbXml = wbXml.replace(calcPr[0], calcPr[0].replace(/\sfullCalcOnLoad="[^"]*"/, '').replace(/(\/?>)$/, ' fullCalcOnLoad="1"$1'));
  else wbXml = remplacerOuInserer(wbXml, 'calcPr', '<calcPr fullCalcOnLoad="1"/>', ['oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr', 'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst']);
  if (g.active && ordreFinal.includes(g.active)) {
    const index = ordreFinal.indexOf(g.active);
    wbXml = wbXml.replace(/<workbookView\b[^>]*?\/?>/, (v) => v.replace(/\sactiveTab="\d+"/, '').replace(/\sfirstSheet="\d+"/, '').replace(/(\/?>)$/, ` activeTab="${index}"$1`));
    // Une seule feuille sélectionnée, sinon Excel les groupe (et une saisie irait dans toutes) : celle qui était
    // active dans le fichier d'origine perd sa sélection si ce n'est pas une feuille écrite.
    const activeAvant = Number(/<workbookView\b[^>]*\sactiveTab="(\d+)"/.exec(wbXmlOrigine)?.[1] ?? 0);
    const ancienne = feuillesO[activeAvant];
    if (ancienne?.chemin && !g.feuilles.includes(ancienne.nom)) deselectionner(origine, ancienne.chemin);
    const feuillesFinales = feuillesDuClasseur(wbXml, lireRelations(relsWb, wbO));
    // Une feuille recopiée d'un produit préindexé n'est sélectionnée que si elle est la feuille active (écrivain direct).
    for (const p of produites.filter((x) => !recopiees.has(x.nom) && x.nom !== g.active)) {
      const chemin = feuillesFinales.find((f) => f.nom === p.nom)?.chemin;
      if (chemin) deselectionner(origine, chemin);
    }
  }
  // Certains tableurs déclarent chaque partie de relations une à une : celles des feuilles ajoutées ont besoin du type par défaut.
  if (!/<Default\b[^>]*Extension="rels"/i.test(ct)) ct = ct.replace(/(<Types\b[^>]*>)/, '$1<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>');
  origine.ecrire(wbO, wbXml);
  origine.ecrire(relsWbChemin, relsWb);
  origine.ecrire('[Content_Types].xml', ct);
  return origine.generer();
}

const SELECTIONNEE = /\stabSelected="(1|true)"/;

/** Retire la sélection d'une feuille qui en porte une. */
function deselectionner(paquet: PaquetModifiable, chemin: string): void {
  const xml = paquet.texte(chemin);
  if (xml && SELECTIONNEE.test(xml)) paquet.ecrire(chemin, xml.replace(SELECTIONNEE, ''));
}

/** Insère un élément de <worksheet> avant le premier des éléments qui le suivent dans le schéma. */
function insererDansFeuille(xml: string, element: string, suivants: string[]): string {
  if (!/<worksheet\b[^>]*xmlns:r=/.test(xml)) xml = xml.replace(/<worksheet\b/, '<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"');
  for (const s of suivants) {
    const m = new RegExp(`<${s}\\b`).exec(xml);
    if (m) return xml.slice(0, m.index) + element + xml.slice(m.index);
  }
  const fin = xml.lastIndexOf('</worksheet>');
  return xml.slice(0, fin) + element + xml.slice(fin);
}

function remplacerInterieur(xml: string, nom: string, interieur: string): string {
  const c = conteneur(xml, nom);
  if (!c) return xml;
  const fermante = /^<([\w:]+)/.exec(c.ouvrante)?.[1] ?? nom;
  return xml.slice(0, c.debut) + c.ouvrante + interieur + `</${fermante}>` + xml.slice(c.fin);
}

function remplacerOuInserer(xml: string, nom: string, nouveau: string, suivants: string[]): string {
  const c = conteneur(xml, nom);
  if (c) return xml.slice(0, c.debut) + nouveau + xml.slice(c.fin);
  for (const s of suivants) {
    const m = new RegExp(`<${s}\\b`).exec(xml);
    if (m) return xml.slice(0, m.index) + nouveau + xml.slice(m.index);
  }
  const fin = xml.search(/<\/(?:\w+:)?workbook>/);
  return xml.slice(0, fin) + nouveau + xml.slice(fin);
}

