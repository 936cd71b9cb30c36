/** Recherche d'octets dans les parties décompressées (feuilles, textes partagés), sous Node comme dans le navigateur. */

// Sous Node, la recherche d'un octet dans un Buffer passe par memchr : 3 à 4 fois plus rapide, sur une feuille, que
// l'indexOf d'un Uint8Array ; le navigateur garde le tableau d'octets.
const NodeBuffer = (globalThis as { Buffer?: { from: (a: ArrayBufferLike, de: number, n: number) => Uint8Array; isBuffer(o: unknown): boolean } }).Buffer;
export function vueDeRecherche(b: Uint8Array): Uint8Array {
  return NodeBuffer ? NodeBuffer.from(b.buffer, b.byteOffset, b.length) : b;
}

/**
 * Le premier octet `o` à partir de `de`, ou -1. L'octet cherché est presque toujours à quelques octets (balise
 * suivante, fin d'un attribut) : regardés d'abord ici, l'appel à `indexOf` (memchr derrière une enveloppe JavaScript
 * coûteuse sous Node) étant gardé pour les longues distances (formules, textes).
 */
export function chercher(b: Uint8Array, o: number, de: number): number {
  const proche = Math.min(b.length, de + 32);
  for (let k = de; k < proche; k++) if (b[k] === o) return k;
  return proche < b.length ? b.indexOf(o, proche) : -1;
}

/** La première occurrence d'une suite d'octets à partir de `de` (recherche native sur une vue de recherche), ou -1. */
export function chercherSuite(b: Uint8Array, suite: Uint8Array, de: number): number {
  if (NodeBuffer?.isBuffer(b)) return (b as unknown as { indexOf(s: Uint8Array, de: number): number }).indexOf(suite, de);
  for (let k = b.indexOf(suite[0], de); k >= 0; k = b.indexOf(suite[0], k + 1)) {
    let m = 1;
    while (m < suite.length && b[k + m] === suite[m]) m++;
    if (m === suite.length) return k;
  }
  return -1;
}
