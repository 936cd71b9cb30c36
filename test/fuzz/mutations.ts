import JSZip from 'jszip';

/** Générateur pseudo-aléatoire reproductible (mulberry32) : un échec se rejoue avec la même graine. */
export function aleatoire(graine: number): () => number {
  let a = graine >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALEURS_HOSTILES = ['', 'ZZZ', '-1', '0', '99999999', 'A1:XFD1048576', '__proto__', 'constructor', '&lt;', '😀', 'NaN', '1e308', 'A0', 'rId999', '../../../etc/passwd'];
const TEXTES_HOSTILES = ['', '=1+1', 'x'.repeat(40000), '_x0001_', '[null]', '{', '😀'.repeat(3000), '[{"indicateur":"1"}]', '1e400', '-0', '2026-02-30', '&amp;&lt;'];

export type Mutation = (octets: Uint8Array, hasard: () => number) => Promise<{ octets: Uint8Array; description: string }>;

const choisir = <T>(liste: T[], hasard: () => number): T => liste[Math.floor(hasard() * liste.length)];

async function modifierPartie(octets: Uint8Array, hasard: () => number, filtre: RegExp, transformer: (xml: string) => { xml: string; quoi: string }): Promise<{ octets: Uint8Array; description: string }> {
  const zip = await JSZip.loadAsync(octets);
  const parties = Object.keys(zip.files).filter((n) => filtre.test(n) && !zip.files[n].dir);
  if (!parties.length) return { octets, description: 'aucune partie visée' };
  const nom = choisir(parties, hasard);
  const xml = await zip.file(nom)!.async('string');
  const r = transformer(xml);
  zip.file(nom, r.xml);
  return { octets: await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), description: `${nom} : ${r.quoi}` };
}

/** Les mutations : octets retournés, archive tronquée, parties retirées, XML abîmé ou hostile, index hors limites. */
export const MUTATIONS: Record<string, Mutation> = {
  async octetsRetournes(octets, hasard) {
    const copie = octets.slice();
    const n = 1 + Math.floor(hasard() * 8);
    for (let i = 0; i < n; i++) copie[Math.floor(hasard() * copie.length)] ^= 1 << Math.floor(hasard() * 8);
    return { octets: copie, description: `${n} octet(s) retourné(s)` };
  },
  async tronque(octets, hasard) {
    const longueur = Math.floor(hasard() * octets.length);
    return { octets: octets.slice(0, longueur), description: `tronqué à ${longueur} octets` };
  },
  async partieRetiree(octets, hasard) {
    const zip = await JSZip.loadAsync(octets);
    const nom = choisir(Object.keys(zip.files).filter((n) => !zip.files[n].dir), hasard);
    zip.remove(nom);
    return { octets: await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), description: `partie ${nom} retirée` };
  },
  async attributHostile(octets, hasard) {
    return modifierPartie(octets, hasard, /\.(xml|rels)$/, (xml) => {
      const attributs = Array.from(xml.matchAll(/\s([\w:]+)="([^"]*)"/g));
      if (!attributs.length) return { xml, quoi: 'aucun attribut' };
      const m = choisir(attributs, hasard);
      const v = choisir(VALEURS_HOSTILES, hasard);
      return { xml: xml.slice(0, m.index) + ` ${m[1]}="${v}"` + xml.slice(m.index + m[0].length), quoi: `${m[1]}="${v}"` };
    });
  },
  async texteHostile(octets, hasard) {
    return modifierPartie(octets, hasard, /(sharedStrings|sheet\d+|table\d+|workbook)\.xml$/, (xml) => {
      const textes = Array.from(xml.matchAll(/>([^<]+)</g));
      if (!textes.length) return { xml, quoi: 'aucun texte' };
      const m = choisir(textes, hasard);
      const v = choisir(TEXTES_HOSTILES, hasard);
      return { xml: xml.slice(0, m.index + 1) + v + xml.slice(m.index + 1 + m[1].length), quoi: `texte « ${v.slice(0, 20)} »` };
    });
  },
  async elementRetire(octets, hasard) {
    return modifierPartie(octets, hasard, /\.xml$/, (xml) => {
      const elements = Array.from(xml.matchAll(/<([\w:]+)\b[^>]*?(?:\/>|>[^<]*<\/\1>)/g));
      if (!elements.length) return { xml, quoi: 'aucun élément' };
      const m = choisir(elements, hasard);
      return { xml: xml.slice(0, m.index) + xml.slice(m.index + m[0].length), quoi: `élément <${m[1]}> retiré` };
    });
  },
  async elementDouble(octets, hasard) {
    return modifierPartie(octets, hasard, /\.xml$/, (xml) => {
      const elements = Array.from(xml.matchAll(/<([\w:]+)\b[^>]*?(?:\/>|>[^<]*<\/\1>)/g));
      if (!elements.length) return { xml, quoi: 'aucun élément' };
      const m = choisir(elements, hasard);
      return { xml: xml.slice(0, m.index) + m[0] + xml.slice(m.index), quoi: `élément <${m[1]}> en double` };
    });
  },
  async xmlTronque(octets, hasard) {
    return modifierPartie(octets, hasard, /\.(xml|rels)$/, (xml) => {
      const n = Math.floor(hasard() * xml.length);
      return { xml: xml.slice(0, n), quoi: `XML coupé à ${n}` };
    });
  },
  async indexTexteHorsLimites(octets, hasard) {
    return modifierPartie(octets, hasard, /worksheets\/sheet\d+\.xml$/, (xml) => {
      const cellules = Array.from(xml.matchAll(/<c\b[^>]*t="s"[^>]*><v>(\d+)<\/v>/g));
      if (!cellules.length) return { xml, quoi: 'aucun texte partagé' };
      const m = choisir(cellules, hasard);
      const v = choisir(['999999', '-1', 'abc', ''], hasard);
      return { xml: xml.slice(0, m.index) + m[0].replace(/<v>\d+<\/v>/, `<v>${v}</v>`) + xml.slice(m.index + m[0].length), quoi: `index de texte ${v}` };
    });
  },
};
