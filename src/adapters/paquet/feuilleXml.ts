import { Valeur } from '../../core/modele/classeur';
import { deXml } from '../exceljs/paquet';
import { CacheParOctets } from './cacheParOctets';
import { FeuilleLue, Zone, decoderOoxml, texteRiche } from './cellulesXml';
import { chercher, vueDeRecherche } from './octets';

/** Une cellule que le fichier décrit mal : le classeur est refusé plutôt que lu à moitié ou de travers. */
export class CelluleIllisible extends Error {}

export interface ContexteFeuille {
  partagee: (n: number) => string | undefined;
  estDate: (style: number) => boolean;
  date1904: boolean;
}

const INF = 0x3c; // <
const SUP = 0x3e; // >
const BARRE = 0x2f; // /
const GUILLEMET = 0x22; // "
const DEUX_POINTS = 0x3a; // :

const decodeur = new TextDecoder();

/**
 * Parcourt les octets d'une feuille (sans les décoder en entier : les formules, qui en font l'essentiel, ne sont
 * décodées que pour une cellule demandée sans résultat, et une fois par texte distinct) et ne garde que les cellules
 * des zones demandées ; s'arrête après la dernière ligne utile (les lignes d'une feuille sont dans l'ordre). Les
 * valeurs sont celles que l'adaptateur ExcelJS donnerait.
 */
export function feuilleXml(octets: Uint8Array, zones: Zone[], ctx: ContexteFeuille): FeuilleLue {
  const b = vueDeRecherche(octets);
  // Les valeurs gardées, par ligne puis par colonne.
  const lignes = new Map<number, Valeur[]>();
  const ligneMax = zones.reduce((m, z) => Math.max(m, z.l2), 0);
  // Les zones qui traversent la ligne en cours : une cellule n'est comparée qu'à elles.
  let zonesDeLaLigne: Zone[] = [];
  const dans = (c: number) => zonesDeLaLigne.some((z) => c >= z.c1 && c <= z.c2);
  let derniereLigne = 0;
  // Une balise fermante absente après une position l'est aussi après toute position plus loin : retenu, pour qu'un
  // fichier de cellules jamais refermées ne fasse pas relire la feuille jusqu'au bout à chaque cellule.
  const absenteApres = { row: Infinity, c: Infinity };
  const fermeture = (nom: 'row' | 'c', de: number) => {
    if (de >= absenteApres[nom]) return undefined;
    const f = fermetureDe(b, nom, de);
    if (!f) absenteApres[nom] = de;
    return f;
  };
  const debut = ouvertureDe(b, 'sheetData', 0);
  if (debut >= 0) {
    let i = debut + 1;
    let ligne = 0;
    let colonne = 0;
    let ligneUtile = false;
    for (;;) {
      const t = baliseSuivante(b, i);
      if (!t) break;
      if (t.nom === 'sheetData') break;
      i = t.fin + 1;
      if (t.fermante) continue;
      if (t.nom === 'row') {
        const r = attribut(b, t.debutNom, t.fin, 0x72);
        if (r !== undefined && !/^\d{1,7}$/.test(r)) throw new CelluleIllisible(`numéro de ligne « ${r.slice(0, 20)} »`);
        ligne = r !== undefined ? Number(r) : ligne + 1;
        colonne = 0;
        derniereLigne = Math.max(derniereLigne, ligne);
        // Au-delà de la dernière ligne demandée, seule compte la dernière ligne de la feuille (fin d'un tableau agrandi).
        if (ligne > ligneMax) {
          const derniere = derniereLigneDe(b, t.debut);
          if (derniere) derniereLigne = Math.max(derniereLigne, derniere);
          break;
        }
        zonesDeLaLigne = zones.filter((z) => ligne >= z.l1 && ligne <= z.l2);
        ligneUtile = zonesDeLaLigne.length > 0;
        if (!ligneUtile && !t.vide) {
          // Sauter le contenu de la ligne d'un coup.
          const f = fermeture('row', i);
          if (f) i = f.fin + 1;
        }
        continue;
      }
      if (t.nom !== 'c') continue;
      const col = colonneDeLaReference(b, t.debutNom, t.fin);
      if (col === REFERENCE_ILLISIBLE) throw new CelluleIllisible(`référence de cellule « ${(attribut(b, t.debutNom, t.fin, 0x72) ?? '').slice(0, 20)} »`);
      colonne = col === SANS_REFERENCE ? colonne + 1 : col;
      let interieur = i;
      let finInterieur = i;
      if (!t.vide) {
        const f = fermeture('c', i);
        if (f) {
          finInterieur = f.debut;
          i = f.fin + 1;
        } else finInterieur = interieur = i;
      }
      if (!ligneUtile || !dans(colonne)) continue;
      const v = valeurCellule(b, t.debutNom, t.fin, interieur, finInterieur, ctx);
      if (v === null) continue;
      let valeurs = lignes.get(ligne);
      if (!valeurs) lignes.set(ligne, (valeurs = []));
      valeurs[colonne] = v;
    }
  }
  return { valeur: (l, c) => lignes.get(l)?.[c] ?? null, derniereLigne };
}

interface Balise {
  debut: number;
  /** Premier octet du nom (préfixe compris). */
  debutNom: number;
  /** Premier octet après le nom. */
  finNom: number;
  /** Le « > » qui ferme la balise. */
  fin: number;
  /** Nom local, sans préfixe d'espace de noms, s'il est l'un de ceux que la lecture cherche ; « ? » sinon. */
  nom: 'row' | 'c' | 'v' | 'f' | 'is' | 'sheetData' | '?';
  fermante: boolean;
  vide: boolean;
}

function estNom(o: number): boolean {
  // Lettres, chiffres, « _ », « - », « . » : ce que `\w` et les noms d'éléments de SpreadsheetML emploient.
  return (o >= 0x61 && o <= 0x7a) || (o >= 0x41 && o <= 0x5a) || (o >= 0x30 && o <= 0x39) || o === 0x5f || o === 0x2d || o === 0x2e;
}

/** La balise qui commence au premier « < » à partir de `i` (commentaires et instructions compris, nom vide). */
function baliseSuivante(b: Uint8Array, i: number): Balise | undefined {
  const debut = chercher(b, INF, i);
  if (debut < 0) return undefined;
  const fermante = b[debut + 1] === BARRE;
  const debutNom = debut + (fermante ? 2 : 1);
  const k = finDuNom(b, debutNom);
  const fin = chercher(b, SUP, k);
  if (fin < 0) return undefined;
  return { debut, debutNom, finNom: k, fin, nom: nomConnu(b, debutLocal(b, debutNom, k), k), fermante, vide: b[fin - 1] === BARRE };
}

/** Le premier octet après un nom d'élément (préfixe compris) qui commence en `de`. */
function finDuNom(b: Uint8Array, de: number): number {
  let k = de;
  while (k < b.length && (estNom(b[k]) || b[k] === DEUX_POINTS)) k++;
  return k;
}

/** Le début du nom local (après le préfixe « x: » s'il y en a un) d'un nom qui va de `de` à `fin`. */
function debutLocal(b: Uint8Array, de: number, fin: number): number {
  for (let k = fin - 1; k >= de; k--) if (b[k] === DEUX_POINTS) return k + 1;
  return de;
}

/** Le nom local s'il est l'un de ceux que la lecture cherche (chaîne constante, rien d'alloué), sinon « ? ». */
function nomConnu(b: Uint8Array, de: number, a: number): Balise['nom'] {
  switch (a - de) {
    case 1:
      return b[de] === 0x63 ? 'c' : b[de] === 0x76 ? 'v' : b[de] === 0x66 ? 'f' : '?';
    case 2:
      return b[de] === 0x69 && b[de + 1] === 0x73 ? 'is' : '?';
    case 3:
      return b[de] === 0x72 && b[de + 1] === 0x6f && b[de + 2] === 0x77 ? 'row' : '?';
    case 9:
      return decodeur.decode(b.subarray(de, a)) === 'sheetData' ? 'sheetData' : '?';
    default:
      return '?';
  }
}

/** La première balise ouvrante de ce nom local à partir de `i`, ou -1. */
function ouvertureDe(b: Uint8Array, nom: Balise['nom'], i: number): number {
  for (let t = baliseSuivante(b, i); t; t = baliseSuivante(b, t.debut + 1)) if (!t.fermante && t.nom === nom) return t.debut;
  return -1;
}

/**
 * La prochaine balise fermante de ce nom local à partir de `i` : « </c> » ou « </x:c> », rien entre le nom et « > » ;
 * son début (« < ») et sa fin (« > »). Comparée octet par octet, sans rien allouer (une par cellule).
 */
function fermetureDe(b: Uint8Array, nom: Balise['nom'], i: number, limite = b.length): { debut: number; fin: number } | undefined {
  const n = nom.length;
  for (let k = chercher(b, INF, i); k >= 0 && k < limite; k = chercher(b, INF, k + 1)) {
    if (b[k + 1] !== BARRE) continue;
    const j = finDuNom(b, k + 2);
    const local = debutLocal(b, k + 2, j);
    if (j - local !== n || b[j] !== SUP) continue;
    let m = 0;
    while (m < n && b[local + m] === nom.charCodeAt(m)) m++;
    if (m === n) return { debut: k, fin: j };
  }
  return undefined;
}

/** Valeur d'un attribut à une lettre (« r », « t », « s ») entre guillemets droits, précédé d'une espace. */
function attribut(b: Uint8Array, de: number, a: number, lettre: number): string | undefined {
  for (let k = de; k + 3 < a; k++) {
    if (b[k + 1] !== lettre || b[k + 2] !== 0x3d || b[k + 3] !== GUILLEMET) continue;
    const o = b[k];
    if (o !== 0x20 && o !== 0x09 && o !== 0x0a && o !== 0x0d) continue;
    const fin = chercher(b, GUILLEMET, k + 4);
    if (fin < 0 || fin > a) return undefined;
    return texte(b, k + 4, fin);
  }
  return undefined;
}

/** Le texte d'une plage d'octets UTF-8 : directement s'il est court et ASCII, sinon par le décodeur. */
function texte(b: Uint8Array, de: number, a: number): string {
  if (a - de <= 64) {
    let s = '';
    for (let k = de; k < a; k++) {
      if (b[k] >= 0x80) return decodeur.decode(b.subarray(de, a));
      s += String.fromCharCode(b[k]);
    }
    return s;
  }
  return decodeur.decode(b.subarray(de, a));
}

const SANS_REFERENCE = 0;
const REFERENCE_ILLISIBLE = -1;

/**
 * La colonne de l'attribut r="…" d'une cellule, lue dans les octets (une par cellule : ni texte ni expression) ;
 * SANS_REFERENCE sans attribut, REFERENCE_ILLISIBLE s'il n'a pas la forme ^[A-Z]{1,3}\d{1,7}$.
 */
function colonneDeLaReference(b: Uint8Array, de: number, a: number): number {
  for (let k = de; k + 3 < a; k++) {
    if (b[k + 1] !== 0x72 || b[k + 2] !== 0x3d || b[k + 3] !== GUILLEMET) continue;
    const o = b[k];
    if (o !== 0x20 && o !== 0x09 && o !== 0x0a && o !== 0x0d) continue;
    // Comme `attribut` : sans guillemet fermant dans la balise, pas de référence.
    const fin = chercher(b, GUILLEMET, k + 4);
    if (fin < 0 || fin > a) return SANS_REFERENCE;
    let j = k + 4;
    let colonne = 0;
    while (j < fin && j - k - 4 < 3 && b[j] >= 0x41 && b[j] <= 0x5a) colonne = colonne * 26 + b[j++] - 64;
    const lettres = j - k - 4;
    const debutChiffres = j;
    while (j < fin && j - debutChiffres < 7 && b[j] >= 0x30 && b[j] <= 0x39) j++;
    return lettres >= 1 && j > debutChiffres && j === fin ? colonne : REFERENCE_ILLISIBLE;
  }
  return SANS_REFERENCE;
}

/** La ligne de la dernière balise « row » de la feuille (cherchée depuis la fin), pour un tableau agrandi. */
function derniereLigneDe(b: Uint8Array, apres: number): number | undefined {
  for (let k = b.lastIndexOf(INF); k > apres; k = b.lastIndexOf(INF, k - 1)) {
    const t = baliseSuivante(b, k);
    if (!t || t.fermante || t.nom !== 'row' || b[t.finNom] !== 0x20) continue;
    const r = /\sr="(\d+)"/.exec(texte(b, t.finNom, Math.min(t.fin, k + 300)));
    return r ? Number(r[1]) : undefined;
  }
  return undefined;
}

/** Les formules d'une colonne calculée se répètent à chaque ligne, et d'un classeur à l'autre : décodées une fois. */
const formules = new CacheParOctets<string>(4000);
function formuleDecodee(b: Uint8Array, de: number, a: number): string {
  return formules.obtenir(b, de, a, () => deXml(texte(b, de, a)));
}

interface Enfant {
  de: number;
  a: number;
}

function valeurCellule(b: Uint8Array, debutAttributs: number, finAttributs: number, de: number, a: number, ctx: ContexteFeuille): Valeur {
  let v: Enfant | undefined;
  let f: Enfant | undefined;
  let is: Enfant | undefined;
  let vus = 0; // v = 1, f = 2, is = 4
  for (let t = baliseSuivante(b, de); t && t.debut < a; t = baliseSuivante(b, t.fin + 1)) {
    if (t.fermante || (t.nom !== 'v' && t.nom !== 'f' && t.nom !== 'is')) continue;
    const bit = t.nom === 'v' ? 1 : t.nom === 'f' ? 2 : 4;
    if (vus & bit) throw new CelluleIllisible('une cellule porte deux valeurs');
    vus |= bit;
    if (t.vide) continue;
    // Cherchée dans la cellule seulement : une valeur jamais refermée ne fait pas relire la suite de la feuille.
    const fin = fermetureDe(b, t.nom, t.fin + 1, a);
    if (!fin) continue;
    const enfant = { de: t.fin + 1, a: fin.debut };
    if (t.nom === 'v') v = enfant;
    else if (t.nom === 'f') f = enfant;
    else is = enfant;
    t.fin = fin.fin;
  }
  const type = attribut(b, debutAttributs, finAttributs, 0x74) ?? 'n';
  if (type === 's' && v) {
    // Le cas de presque tous les textes : le numéro lu dans les octets, sans texte intermédiaire.
    const n = entierDesOctets(b, v.de, v.a);
    const t = n >= 0 ? ctx.partagee(n) : undefined;
    if (t !== undefined) return t;
  }
  if (type === 'inlineStr') return is === undefined ? null : texteRiche(texte(b, is.de, is.a));
  const brut = v && texte(b, v.de, v.a);
  if (brut === undefined || (brut === '' && type !== 'str' && type !== 's')) {
    if (!(vus & 2)) return null;
    // Sans résultat en cache, la formule est le contenu saisi ; une formule qui n'est qu'un texte vaut ce texte.
    const texteFormule = f && f.a > f.de ? formuleDecodee(b, f.de, f.a) : '';
    const litteral = /^\s*"((?:[^"]|"")*)"\s*$/.exec(texteFormule);
    return litteral ? litteral[1].replace(/""/g, '"') : `=${texteFormule}`;
  }
  switch (type) {
    case 's': {
      const t = /^\d+$/.test(brut.trim()) ? ctx.partagee(Number(brut)) : undefined;
      if (t === undefined) throw new CelluleIllisible(`texte partagé n° « ${brut.slice(0, 20)} » absent`);
      return t;
    }
    case 'str':
      return decoderOoxml(deXml(brut));
    case 'b':
      return brut.trim() === '1' || brut.trim().toLowerCase() === 'true';
    case 'e':
      return deXml(brut);
    case 'd':
      return /^\d{4}-\d{2}-\d{2}/.test(brut) ? brut.slice(0, 10) : deXml(brut);
    default: {
      const n = Number(brut);
      if (!Number.isFinite(n)) return deXml(brut);
      const style = attribut(b, debutAttributs, finAttributs, 0x73);
      if (style !== undefined && /^\d+$/.test(style) && ctx.estDate(Number(style))) return dateDeSerie(n, ctx.date1904);
      return n;
    }
  }
}

/** Un entier écrit en chiffres ASCII (bordé d'espaces ASCII au plus, 9 chiffres au plus), sinon -1. */
function entierDesOctets(b: Uint8Array, de: number, a: number): number {
  const blanc = (o: number) => o === 0x20 || o === 0x09 || o === 0x0a || o === 0x0d;
  while (de < a && blanc(b[de])) de++;
  while (a > de && blanc(b[a - 1])) a--;
  if (a === de || a - de > 9) return -1;
  let n = 0;
  for (let k = de; k < a; k++) {
    const o = b[k];
    if (o < 0x30 || o > 0x39) return -1;
    n = n * 10 + o - 0x30;
  }
  return n;
}

/** Un numéro de série de date d'Excel en AAAA-MM-JJ, comme ExcelJS (puis `valeurDe`) le rend. */
function dateDeSerie(n: number, date1904: boolean): string {
  const ms = Math.round((n - (date1904 ? -1462 : 25569)) * 86400000);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(n) : d.toISOString().slice(0, 10);
}
