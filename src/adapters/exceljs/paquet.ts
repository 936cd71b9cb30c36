import JSZip from 'jszip';

/**
 * Lecture d'un paquet OOXML (archive .xlsx) au niveau des parties : relations, feuilles du classeur, types de contenu.
 * Rien ici ne réécrit le XML d'une partie qu'on ne modifie pas.
 */

export interface Relation {
  id: string;
  type: string;
  /** Chemin de la partie visée dans l'archive (sans « / » initial), ou la cible telle quelle si elle est externe. */
  cible: string;
  externe: boolean;
  brut: string;
}

export interface FeuilleDuClasseur {
  nom: string;
  sheetId: number;
  rid: string;
  chemin: string | undefined;
  brut: string;
}

export const TYPE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';

const motifsAttribut = new Map<string, [RegExp, RegExp]>();

export function attribut(balise: string, nom: string): string | undefined {
  let motifs = motifsAttribut.get(nom);
  if (!motifs) {
    const n = nom.replace(':', '\\:');
    motifs = [new RegExp(`\\s${n}="([^"]*)"`), new RegExp(`\\s${n}='([^']*)'`)];
    motifsAttribut.set(nom, motifs);
  }
  const m = motifs[0].exec(balise) ?? motifs[1].exec(balise);
  return m ? m[1] : undefined;
}

const ENTITES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

export function deXml(s: string): string {
  let j = s.indexOf('&');
  if (j < 0) return s;
  // Un seul passage, sans expression régulière (les formules d'une grille en comptent des milliers) :
  // « &amp;lt; » donne « &lt; » (texte), jamais « < ».
  let sortie = '';
  let i = 0;
  while (j >= 0) {
    sortie += s.slice(i, j);
    const fin = s.indexOf(';', j + 1);
    const nom = fin > j && fin - j <= 16 ? s.slice(j + 1, fin) : '';
    let remplace: string | undefined;
    if (Object.prototype.hasOwnProperty.call(ENTITES, nom)) remplace = ENTITES[nom];
    else if (/^#(x[0-9a-fA-F]+|\d+)$/.test(nom)) {
      const code = nom[1] === 'x' ? parseInt(nom.slice(2), 16) : Number(nom.slice(1));
      if (code >= 0 && code <= 0x10ffff) remplace = String.fromCodePoint(code);
    }
    if (remplace === undefined) {
      sortie += '&';
      i = j + 1;
    } else {
      sortie += remplace;
      i = fin + 1;
    }
    j = s.indexOf('&', i);
  }
  return sortie + s.slice(i);
}

// Presque tous les textes n'ont rien à échapper : un test d'abord évite quatre remplacements (40 000 cellules régionales).
const A_ECHAPPER_XML = /[&<>"]/;
// eslint-disable-next-line no-control-regex
const A_ECHAPPER_OOXML = /_x[0-9A-Fa-f]{4}_|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;

export function enXml(s: string): string {
  if (!A_ECHAPPER_XML.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Texte tel qu'Excel l'enregistre : un caractère de contrôle devient « _x0001_ » (XML ne peut pas le porter) et
 * un « _x0041_ » tapé tel quel devient « _x005F_x0041_ ». ExcelJS décode ces formes à la lecture mais, à
 * l'écriture, supprime les caractères de contrôle et n'échappe pas les « _xHHHH_ » littéraux.
 */
export function texteOoxml(s: string): string {
  if (!A_ECHAPPER_OOXML.test(s)) return s;
  // eslint-disable-next-line no-control-regex
  return s.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

/** Chemin d'une cible de relation, relatif au dossier de la partie source (ou absolu « /xl/… »). */
export function resoudre(source: string, cible: string): string {
  const base = cible.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const morceau of cible.replace(/^\//, '').split('/')) {
    if (morceau === '..') base.pop();
    else if (morceau !== '.' && morceau !== '') base.push(morceau);
  }
  return base.join('/');
}

/** Chemin de la partie des relations d'une partie : xl/worksheets/sheet1.xml → xl/worksheets/_rels/sheet1.xml.rels */
export function cheminRelations(partie: string): string {
  const i = partie.lastIndexOf('/');
  return `${partie.slice(0, i + 1)}_rels/${partie.slice(i + 1)}.rels`;
}

/** Cible relative d'une partie vue depuis une autre (les deux dans l'archive). */
export function cibleRelative(source: string, partie: string): string {
  const de = source.split('/').slice(0, -1);
  const vers = partie.split('/');
  let commun = 0;
  while (commun < de.length && commun < vers.length - 1 && de[commun] === vers[commun]) commun++;
  return [...de.slice(commun).map(() => '..'), ...vers.slice(commun)].join('/');
}

export function lireRelations(xml: string | undefined, source: string): Relation[] {
  if (!xml) return [];
  return Array.from(xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)).map((m) => {
    const brut = m[0];
    const externe = attribut(brut, 'TargetMode') === 'External';
    const cible = deXml(attribut(brut, 'Target') ?? '');
    return { id: attribut(brut, 'Id') ?? '', type: attribut(brut, 'Type') ?? '', cible: externe ? cible : resoudre(source, cible), externe, brut };
  });
}

export async function texteDe(zip: JSZip, chemin: string): Promise<string | undefined> {
  const f = zip.file(chemin);
  return f ? f.async('string') : undefined;
}

/** Le chemin du classeur (xl/workbook.xml le plus souvent) d'après les relations du paquet. */
export async function cheminClasseur(zip: JSZip): Promise<string> {
  return classeurSelon(await texteDe(zip, '_rels/.rels'));
}

/** Le chemin du classeur d'après les relations du paquet (_rels/.rels), xl/workbook.xml à défaut. */
export function classeurSelon(relsPaquet: string | undefined): string {
  return lireRelations(relsPaquet, '').find((r) => r.type.endsWith('/officeDocument'))?.cible ?? 'xl/workbook.xml';
}

export function feuillesDuClasseur(workbookXml: string, relsClasseur: readonly Relation[]): FeuilleDuClasseur[] {
  const sheets = /<(?:\w+:)?sheets\b[^>]*>([\s\S]*?)<\/(?:\w+:)?sheets>/.exec(workbookXml)?.[1] ?? '';
  return Array.from(sheets.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)).map((m) => {
    const brut = m[0];
    const rid = /\s(?:\w+:)?id="([^"]*)"/.exec(brut.replace(/\ssheetId="[^"]*"/, ''))?.[1] ?? '';
    const rel = relsClasseur.find((r) => r.id === rid);
    return { nom: deXml(attribut(brut, 'name') ?? ''), sheetId: Number(attribut(brut, 'sheetId') ?? 0), rid, chemin: rel?.cible, brut };
  });
}

/** Enfants directs (balises de même nom) d'un conteneur : <fonts>…</fonts> → ['<font>…</font>', …]. */
export function enfants(xml: string, balise: string): string[] {
  return Array.from(xml.matchAll(new RegExp(`<${balise}\\b[^>]*?(?:/>|>[\\s\\S]*?</${balise}>)`, 'g'))).map((m) => m[0]);
}

/** Contenu d'un conteneur <nom …>…</nom> (ou vide s'il est absent ou « <nom/> »). */
export function conteneur(xml: string, nom: string): { debut: number; fin: number; interieur: string; ouvrante: string } | undefined {
  const re = new RegExp(`<${nom}\\b[^>]*?(/>|>)`, 'g');
  const m = re.exec(xml);
  if (!m) return undefined;
  if (m[1] === '/>') return { debut: m.index, fin: m.index + m[0].length, interieur: '', ouvrante: m[0].slice(0, -2) + '>' };
  const fermante = `</${/^<([\w:.-]+)/.exec(m[0])?.[1] ?? nom}>`;
  const f = xml.indexOf(fermante, m.index);
  if (f < 0) return undefined;
  return { debut: m.index, fin: f + fermante.length, interieur: xml.slice(m.index + m[0].length, f), ouvrante: m[0] };
}
