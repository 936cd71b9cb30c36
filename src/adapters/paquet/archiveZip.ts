import { fflate } from './fflate';

/**
 * L'écriture d'une archive ZIP (le paquet d'un .xlsx) : des parties déjà compressées (ou stockées) mises bout à
 * bout avec leurs en-têtes. Sert l'écrivain direct et la greffe, qui recopie telles quelles, sans les décompresser,
 * les parties d'un fichier qu'elle ne change pas.
 */

/** Une partie prête à écrire : ses octets compressés (méthode 8) ou stockés (méthode 0), son CRC-32 et sa taille. */
export interface EntreeCompressee {
  compresse: Uint8Array;
  crc: number;
  taille: number;
  methode?: 0 | 8;
}

/** Compression native (zlib de Node), plus rapide que fflate ; la CLI l'installe, le navigateur garde fflate. */
export interface CompressionNative {
  /** Un segment du flux deflate : le dernier le termine, les autres finissent sur une frontière d'octet (vidage synchrone). */
  deflateRaw: (donnees: Uint8Array, dernier?: boolean) => Uint8Array;
  /** Le CRC-32 de `donnees`, poursuivant `precedent` (celui des segments d'avant). */
  crc32: (donnees: Uint8Array, precedent?: number) => number;
}
let compressionNative: CompressionNative | undefined;

export function utiliserCompressionNative(c: CompressionNative): void {
  compressionNative = c;
}

export function compressionInstallee(): CompressionNative | undefined {
  return compressionNative;
}

let tableCrc: Uint32Array | undefined;

/** CRC-32 (polynôme des archives ZIP), en JavaScript : quand zlib n'est pas là (navigateur). */
function crc32(d: Uint8Array): number {
  if (!tableCrc) {
    tableCrc = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      tableCrc[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < d.length; i++) c = tableCrc[(c ^ d[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Une partie compressée au niveau 1 : par zlib quand la CLI l'a installé, sinon par fflate. */
export function compresser(octets: Uint8Array): EntreeCompressee {
  const compresse = compressionNative ? compressionNative.deflateRaw(octets) : fflate().deflateSync(octets, { level: 1 });
  return { compresse, crc: crcDe(octets), taille: octets.length };
}

/** Une partie stockée telle quelle (méthode 0) : une archive aussitôt relue n'a pas à la décompresser. */
export function stocker(octets: Uint8Array): EntreeCompressee {
  return { compresse: octets, crc: crcDe(octets), taille: octets.length, methode: 0 };
}

function crcDe(octets: Uint8Array): number {
  return compressionNative ? compressionNative.crc32(octets) : crc32(octets);
}

/** Des morceaux d'octets mis bout à bout en un seul tableau (un morceau seul est rendu tel quel, sans copie). */
export function boutABout(morceaux: Uint8Array[]): Uint8Array {
  if (morceaux.length === 1) return morceaux[0];
  const tout = new Uint8Array(morceaux.reduce((n, o) => n + o.length, 0));
  let k = 0;
  for (const o of morceaux) {
    tout.set(o, k);
    k += o.length;
  }
  return tout;
}

/**
 * Une archive ZIP (sans extensions, noms en UTF-8) : en-têtes locaux, répertoire central, fin de répertoire ; les
 * parties dans l'ordre donné, [Content_Types].xml en tête (certains lecteurs l'attendent là).
 */
export function archiveZip(parties: Array<[string, EntreeCompressee]>): Uint8Array {
  const entrees = [...parties.filter(([n]) => n === '[Content_Types].xml'), ...parties.filter(([n]) => n !== '[Content_Types].xml')];
  const encodeur = new TextEncoder();
  const morceaux: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let position = 0;
  const entier = (n: number, octets: number, tampon: DataView, decalage: number) => (octets === 2 ? tampon.setUint16(decalage, n, true) : tampon.setUint32(decalage, n >>> 0, true));
  for (const [nom, { compresse, crc, taille, methode = 8 }] of entrees) {
    const nomOctets = encodeur.encode(nom);
    const local = new Uint8Array(30 + nomOctets.length);
    const l = new DataView(local.buffer);
    entier(0x04034b50, 4, l, 0);
    entier(20, 2, l, 4);
    entier(0x0800, 2, l, 6); // noms en UTF-8
    entier(methode, 2, l, 8);
    entier(0, 2, l, 10);
    entier(0x21, 2, l, 12); // 01/01/1980
    entier(crc, 4, l, 14);
    entier(compresse.length, 4, l, 18);
    entier(taille, 4, l, 22);
    entier(nomOctets.length, 2, l, 26);
    local.set(nomOctets, 30);
    const entree = new Uint8Array(46 + nomOctets.length);
    const e = new DataView(entree.buffer);
    entier(0x02014b50, 4, e, 0);
    entier(20, 2, e, 4);
    entier(20, 2, e, 6);
    entier(0x0800, 2, e, 8);
    entier(methode, 2, e, 10);
    entier(0, 2, e, 12);
    entier(0x21, 2, e, 14);
    entier(crc, 4, e, 16);
    entier(compresse.length, 4, e, 20);
    entier(taille, 4, e, 24);
    entier(nomOctets.length, 2, e, 28);
    entier(position, 4, e, 42);
    entree.set(nomOctets, 46);
    morceaux.push(local, compresse);
    central.push(entree);
    position += local.length + compresse.length;
  }
  const tailleCentral = central.reduce((n, x) => n + x.length, 0);
  const fin = new Uint8Array(22);
  const f = new DataView(fin.buffer);
  entier(0x06054b50, 4, f, 0);
  entier(entrees.length, 2, f, 8);
  entier(entrees.length, 2, f, 10);
  entier(tailleCentral, 4, f, 12);
  entier(position, 4, f, 16);
  return boutABout([...morceaux, ...central, fin]);
}
