import { attribut, conteneur, enfants } from '../exceljs/paquet';

/**
 * Les listes numérotées de styles.xml (formats, polices, remplissages, bordures, styles de cellule, formats
 * conditionnels) : ce que les feuilles désignent par leur rang (s="…", dxfId="…"). Des feuilles écrites pour être
 * greffées dans un classeur existant partent de ses listes et n'ajoutent qu'à leur suite : leurs rangs sont alors
 * ceux du classeur final, sans renumérotation.
 */
export interface ListesDeStyles {
  numFmts: string[];
  fonts: string[];
  fills: string[];
  borders: string[];
  cellXfs: string[];
  dxfs: string[];
}

const LISTES: Array<[keyof ListesDeStyles, string]> = [
  ['numFmts', 'numFmt'],
  ['fonts', 'font'],
  ['fills', 'fill'],
  ['borders', 'border'],
  ['cellXfs', 'xf'],
  ['dxfs', 'dxf'],
];

export const ORDRE_STYLES = ['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst'];

/**
 * Les listes de styles.xml, ou rien si le fichier ne se prête pas à un ajout sûr : éléments préfixés (« x:xf »),
 * liste dont le nombre d'éléments lus diffère de celui qu'elle annonce, pas de styles de cellule.
 */
export function listesDeStyles(xml: string): ListesDeStyles | undefined {
  if (/<\w+:(?:styleSheet|numFmts|fonts|fills|borders|cellXfs|dxfs|numFmt|font|fill|border|xf|dxf)\b/.test(xml)) return undefined;
  const listes = {} as ListesDeStyles;
  for (const [nom, element] of LISTES) {
    const c = conteneur(xml, nom);
    const elements = enfants(c?.interieur ?? '', element);
    const annonce = c && attribut(c.ouvrante, 'count');
    if (annonce !== undefined && annonce !== '' && Number(annonce) !== elements.length) return undefined;
    listes[nom] = elements;
  }
  if (!listes.cellXfs.length) return undefined;
  return listes;
}

/** Remplace (ou insère à sa place dans l'ordre du schéma) le conteneur `nom` de styles.xml. */
export function remplacerConteneur(xml: string, nom: string, elements: string[], ordre = ORDRE_STYLES, racine = 'styleSheet'): string {
  const c = conteneur(xml, nom);
  const ouvrante = (c?.ouvrante ?? `<${nom}>`).replace(/\scount="\d*"/, '').replace(/>$/, ` count="${elements.length}">`);
  const nouveau = `${ouvrante}${elements.join('')}</${nom}>`;
  if (c) return xml.slice(0, c.debut) + nouveau + xml.slice(c.fin);
  const suivants = ordre.slice(ordre.indexOf(nom) + 1);
  for (const s of suivants) {
    const m = new RegExp(`<${s}\\b`).exec(xml);
    if (m) return xml.slice(0, m.index) + nouveau + xml.slice(m.index);
  }
  const fin = xml.lastIndexOf(`</${racine}>`);
  return xml.slice(0, fin) + nouveau + xml.slice(fin);
}

/** styles.xml d'origine, ses listes remplacées par `listes` (qui les prolongent) ; tout le reste gardé tel quel. */
export function avecListes(xml: string, listes: ListesDeStyles): string {
  let r = xml;
  for (const [nom] of LISTES) {
    if (listes[nom].length || conteneur(r, nom)) r = remplacerConteneur(r, nom, listes[nom]);
  }
  return r;
}

/** Vrai si `produit` est `origine` dont les listes n'ont fait que s'allonger : les rangs d'origine n'ont pas bougé. */
export function stylesProlonges(origine: string, produit: string): boolean {
  const o = listesDeStyles(origine);
  const p = listesDeStyles(produit);
  if (!o || !p) return false;
  for (const [nom] of LISTES) {
    if (p[nom].length < o[nom].length || o[nom].some((x, i) => p[nom][i] !== x)) return false;
  }
  return avecListes(origine, p) === produit;
}
