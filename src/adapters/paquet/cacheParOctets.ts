/**
 * Ce qui a déjà été décodé, retrouvé par les octets d'où on l'a tiré (comparés en entier, jamais sur une simple
 * empreinte) : les formules d'une colonne calculée se répètent à chaque ligne, et les petites parties (relations,
 * tableaux, styles) d'un classeur à l'autre d'une même génération. Borné : vidé au-delà de `capacite` entrées.
 */
const PAR_EMPREINTE = 8;

export class CacheParOctets<T> {
  private readonly entrees = new Map<number, Array<{ octets: Uint8Array; valeur: T }>>();
  private nombre = 0;

  constructor(private readonly capacite: number) {}

  /** La valeur tirée des octets b[de, a), calculée par `calculer` à la première rencontre. */
  obtenir(b: Uint8Array, de: number, a: number, calculer: () => T): T {
    const n = a - de;
    let h = n;
    for (let k = 0; k < 16 && n; k++) h = (Math.imul(h, 31) + b[de + Math.floor((k * n) / 16)]) | 0;
    const connues = this.entrees.get(h);
    if (connues) {
      for (const e of connues) if (e.octets.length === n && memesOctets(e.octets, b, de)) return e.valeur;
    }
    const valeur = calculer();
    // Des octets qui se ressemblent aux points d'empreinte (fichier hostile, ou textes voisins) : pas plus de
    // PAR_EMPREINTE par empreinte, pour qu'une recherche ne compare jamais qu'une poignée d'entrées.
    if (connues && connues.length >= PAR_EMPREINTE) return valeur;
    if (this.nombre >= this.capacite) {
      this.entrees.clear();
      this.nombre = 0;
    }
    const liste = this.entrees.get(h) ?? [];
    liste.push({ octets: b.slice(de, a), valeur });
    this.entrees.set(h, liste);
    this.nombre++;
    return valeur;
  }
}

// Node compare deux plages d'octets d'un appel natif ; le navigateur (fil de travail du volet) les compare en JavaScript.
const comparer = (globalThis as { Buffer?: { compare: (a: Uint8Array, b: Uint8Array) => number } }).Buffer?.compare;

function memesOctets(a: Uint8Array, b: Uint8Array, de: number): boolean {
  if (comparer) return comparer(a, b.subarray(de, de + a.length)) === 0;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[de + k]) return false;
  return true;
}
