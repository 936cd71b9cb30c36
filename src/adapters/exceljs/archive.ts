import { ClasseurIllisible } from '../../core/modele/classeur';
import { ErreurPilote } from '../../core/erreurs';
import { chercher, vueDeRecherche } from '../paquet/octets';
import { fflate } from '../paquet/fflate';

/**
 * Contrôle d'une archive .xlsx avant de la confier à un lecteur : chaque partie est décompressée une fois,
 * par morceaux, et la lecture s'arrête dès qu'une limite est franchie. Une bombe de décompression, une taille
 * annoncée mensongère ou une feuille d'un million de lignes coûtent un message, jamais des gigaoctets.
 */

/** Au-delà, un fichier n'est pas ouvert : un dossier Pilote LDM pèse quelques centaines de Ko. */
export const TAILLE_MAX_OCTETS = 50 * 1024 * 1024;

export interface LimitesArchive {
  parties: number;
  /** Octets décompressés d'une partie. */
  partie: number;
  /** Octets décompressés de toute l'archive. */
  total: number;
  /** Rapport décompressé / compressé d'une partie de plus de 1 Mo. */
  ratio: number;
  /** Lignes (<row>) d'une feuille. */
  lignesParFeuille: number;
  /** Cellules (<c>) de tout le classeur. */
  cellules: number;
}

/** Un dossier Pilote LDM tient en quelques milliers de cellules ; un tableau de l'établissement de 100 000 lignes passe. */
export const LIMITES: LimitesArchive = {
  parties: 5000,
  partie: 150 * 1024 * 1024,
  total: 300 * 1024 * 1024,
  ratio: 400,
  lignesParFeuille: 150_000,
  cellules: 1_500_000,
};

class LimiteFranchie extends Error {}

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

/** Compte les motifs « <row » et « <c » (suivis d'un espace ou de « > ») dans un flux d'octets découpé. */
export class CompteurCellules {
  lignes = 0;
  cellules = 0;
  private reste = new Uint8Array(0);

  lire(morceau: Uint8Array): void {
    const b = vueDeRecherche(this.reste.length ? concat(this.reste, morceau) : morceau);
    const fin = b.length - 5;
    // `chercher` saute d'un « < » au suivant (memchr au-delà de quelques octets : les formules en sont sans).
    for (let i = chercher(b, 0x3c, 0); i >= 0 && i < fin; i = chercher(b, 0x3c, i + 1)) {
      if (b[i + 1] === 0x63 && (b[i + 2] === 0x20 || b[i + 2] === 0x3e || b[i + 2] === 0x2f)) this.cellules++;
      else if (b[i + 1] === 0x72 && b[i + 2] === 0x6f && b[i + 3] === 0x77 && (b[i + 4] === 0x20 || b[i + 4] === 0x3e || b[i + 4] === 0x2f)) this.lignes++;
    }
    // Une copie (le slice d'un Buffer n'en est qu'une vue, qui garderait tout le morceau).
    this.reste = new Uint8Array(b.subarray(Math.max(0, fin)));
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const r = new Uint8Array(a.length + b.length);
  r.set(a);
  r.set(b, a.length);
  return r;
}

const Mo = (n: number) => `${Math.round(n / 1048576)} Mo`;

/** Une partie de l'archive, d'après le répertoire central, contrôlée (taille annoncée, taux, chiffrement). */
export interface PartieArchive {
  nom: string;
  methode: number;
  /** CRC-32 annoncé par le répertoire central (recopié tel quel quand la partie l'est). */
  crc: number;
  compresse: number;
  annonce: number;
  /** Position des données compressées dans le fichier. */
  debut: number;
}

/**
 * Lit le répertoire central et contrôle chaque partie sans la décompresser (nombre de parties, tailles annoncées,
 * taux de compression, chiffrement, ZIP64, parties hors du fichier). Lève ClasseurIllisible au premier problème.
 */
export function lireRepertoire(contenu: Uint8Array, nomFichier: string, limites: LimitesArchive = LIMITES): PartieArchive[] {
  const refus = (pourquoi: string) => new ClasseurIllisible(`Le fichier « ${nomFichier} » ${pourquoi}`);
  const endommage = (detail: string) => refus(`est endommagé (${detail}) : il n'est pas ouvert. Demandez-en une nouvelle copie ou ouvrez-le dans Excel, qui proposera de le réparer.`);
  // Fin du répertoire central : dans les 64 Ko de la fin (commentaire d'archive compris).
  let eocd = -1;
  for (let i = contenu.length - 22; i >= Math.max(0, contenu.length - 65557); i--) {
    if (u32(contenu, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw endommage('archive incomplète ou tronquée');
  const nbEntrees = u16(contenu, eocd + 10);
  const tailleRepertoire = u32(contenu, eocd + 12);
  const debutRepertoire = u32(contenu, eocd + 16);
  if (nbEntrees === 0xffff || debutRepertoire === 0xffffffff) throw refus("est une archive ZIP64, qu'un classeur Pilote LDM n'est jamais : il n'est pas ouvert.");
  if (nbEntrees > limites.parties) throw refus(`contient ${nbEntrees} parties (au plus ${limites.parties}) : il n'est pas ouvert.`);
  if (debutRepertoire + tailleRepertoire > eocd) throw endommage('répertoire de l’archive hors du fichier');
  const parties: PartieArchive[] = [];
  let p = debutRepertoire;
  let total = 0;
  const decodeur = new TextDecoder();
  for (let k = 0; k < nbEntrees; k++) {
    if (p + 46 > contenu.length || u32(contenu, p) !== 0x02014b50) throw endommage('répertoire de l’archive illisible');
    const drapeaux = u16(contenu, p + 8);
    const methode = u16(contenu, p + 10);
    const crc = u32(contenu, p + 16);
    const compresse = u32(contenu, p + 20);
    const annonce = u32(contenu, p + 24);
    const lgNom = u16(contenu, p + 28);
    const lgExtra = u16(contenu, p + 30);
    const lgCommentaire = u16(contenu, p + 32);
    const local = u32(contenu, p + 42);
    const nom = decodeur.decode(contenu.subarray(p + 46, p + 46 + lgNom));
    p += 46 + lgNom + lgExtra + lgCommentaire;
    if (nom.endsWith('/')) continue;
    if (drapeaux & 1) throw refus(`est chiffré (partie « ${nom} ») : retirez le mot de passe dans Excel, puis recommencez.`);
    if (annonce > limites.partie) throw refus(`contient une partie de ${Mo(annonce)} (« ${nom} », au plus ${Mo(limites.partie)}) : il n'est pas ouvert.`);
    total += annonce;
    if (total > limites.total) throw refus(`dépasse ${Mo(limites.total)} une fois décompressé : il n'est pas ouvert.`);
    if (annonce > 1048576 && annonce / Math.max(1, compresse) > limites.ratio) {
      throw refus(`contient une partie anormalement compressée (« ${nom} », ${Math.round(annonce / Math.max(1, compresse))} pour 1) : il n'est pas ouvert.`);
    }
    if (local + 30 > contenu.length || u32(contenu, local) !== 0x04034b50) throw endommage(`partie « ${nom} » introuvable`);
    const debut = local + 30 + u16(contenu, local + 26) + u16(contenu, local + 28);
    if (debut + compresse > contenu.length) throw endommage(`partie « ${nom} » tronquée`);
    if (methode !== 0 && methode !== 8) throw refus(`utilise une compression inconnue (partie « ${nom} ») : enregistrez-le de nouveau depuis Excel ou LibreOffice.`);
    if (methode === 0 && compresse !== annonce) throw endommage(`partie « ${nom} » de taille incohérente`);
    parties.push({ nom, methode, crc, compresse, annonce, debut });
  }
  return parties;
}

/** Décompression native (zlib de Node) bornée à la taille annoncée, plus rapide que fflate ; la CLI l'installe. */
let inflateNatif: ((donnees: Uint8Array, annonce: number) => Uint8Array) | undefined;

export function utiliserInflateNatif(f: (donnees: Uint8Array, annonce: number) => Uint8Array): void {
  inflateNatif = f;
}

/**
 * Décompresse une partie, par morceaux, sans jamais dépasser sa taille annoncée ; pour une feuille, compte ses lignes
 * et ses cellules en passant. Lève ClasseurIllisible (partie nommée) si elle ment sur sa taille ou dépasse les limites.
 */
export function decompresserPartie(contenu: Uint8Array, partie: PartieArchive, nomFichier: string, limites: LimitesArchive = LIMITES, compteur?: CompteurCellules, garder = true): Uint8Array {
  const refus = (pourquoi: string) => new ClasseurIllisible(`Le fichier « ${nomFichier} » ${pourquoi}`);
  const endommage = (detail: string) => refus(`est endommagé (${detail}) : il n'est pas ouvert. Demandez-en une nouvelle copie ou ouvrez-le dans Excel, qui proposera de le réparer.`);
  const { nom, annonce } = partie;
  const donnees = contenu.subarray(partie.debut, partie.debut + partie.compresse);
  const tropDeLignes = () =>
    refus(`a plus de ${limites.lignesParFeuille.toLocaleString('fr-FR')} lignes dans la partie « ${nom} » : ce n'est pas un classeur Pilote LDM, il n'est pas ouvert.`);
  if (partie.methode === 0) {
    compteur?.lire(donnees);
    if (compteur && compteur.lignes > limites.lignesParFeuille) throw tropDeLignes();
    return donnees;
  }
  // Pour un simple contrôle, rien n'est gardé : une grande feuille ne coûte qu'un morceau à la fois.
  // Partie gardée : décompressée d'un coup dans un tampon de sa taille annoncée (déjà bornée par les limites), qui ne
  // grandit jamais (zlib s'arrête à cette taille, fflate n'écrit rien au-delà) ; une taille mensongère se voit alors
  // au XML tronqué. Sans zlib (navigateur), les grandes parties passent par morceaux. Avec zlib, un simple contrôle
  // décompresse aussi d'un coup une partie de 16 Mo au plus (5 à 10 fois plus vite que par morceaux en JavaScript).
  const controleNatif = !garder && inflateNatif !== undefined && annonce <= 16 * 1048576;
  if ((garder && (partie.compresse <= 262144 || inflateNatif)) || controleNatif) {
    let sortie: Uint8Array;
    try {
      sortie = inflateNatif ? inflateNatif(donnees, annonce) : fflate().inflateSync(donnees, { out: new Uint8Array(annonce) });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw endommage(`la partie « ${nom} » est plus grande que sa taille annoncée`);
      throw endommage(`partie « ${nom} » illisible`);
    }
    if (sortie.length !== annonce) throw endommage(`partie « ${nom} » de taille incohérente`);
    compteur?.lire(sortie);
    if (compteur && compteur.lignes > limites.lignesParFeuille) throw tropDeLignes();
    return garder ? sortie : new Uint8Array(0);
  }
  const sortie = new Uint8Array(garder ? annonce : 0);
  let n = 0;
  const inflate = new (fflate().Inflate)((morceau) => {
    if (n + morceau.length > annonce) throw new LimiteFranchie(nom);
    if (garder) sortie.set(morceau, n);
    n += morceau.length;
    compteur?.lire(morceau);
    if (compteur && compteur.lignes > limites.lignesParFeuille) throw new LimiteFranchie(nom);
  });
  try {
    for (let i = 0; i < donnees.length; i += 65536) inflate.push(donnees.subarray(i, Math.min(donnees.length, i + 65536)), i + 65536 >= donnees.length);
    if (donnees.length === 0) inflate.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof LimiteFranchie && compteur && compteur.lignes > limites.lignesParFeuille) throw tropDeLignes();
    if (e instanceof LimiteFranchie) throw endommage(`la partie « ${nom} » est plus grande que sa taille annoncée`);
    throw endommage(`partie « ${nom} » illisible`);
  }
  if (n !== annonce) throw endommage(`partie « ${nom} » de taille incohérente`);
  return sortie;
}

/** Les parties de l'archive d'après son répertoire central, par chemin (sans « / » initial). */
export function partiesParChemin(contenu: Uint8Array, nomFichier: string, limites: LimitesArchive = LIMITES): Map<string, PartieArchive> {
  return new Map(lireRepertoire(contenu, nomFichier, limites).map((p) => [p.nom.replace(/^\//, ''), p]));
}

/** Vérifie l'archive ; lève ClasseurIllisible (message en français, partie nommée) au premier problème. */
export function verifierArchive(contenu: Uint8Array, nomFichier: string, limites: LimitesArchive = LIMITES, nonLues: ReadonlySet<string> = new Set()): void {
  let cellules = 0;
  for (const partie of lireRepertoire(contenu, nomFichier, limites)) {
    // Une partie que la lecture ne décompressera pas (feuille vidée avant lecture, recopiée telle quelle par la greffe)
    // n'est contrôlée que par le répertoire (tailles annoncées, taux, chiffrement).
    if (nonLues.has(partie.nom.replace(/^\//, ''))) continue;
    const feuille = /^xl\/worksheets\/[^/]+\.xml$/i.test(partie.nom);
    const compteur = feuille ? new CompteurCellules() : undefined;
    decompresserPartie(contenu, partie, nomFichier, limites, compteur, false);
    if (compteur) {
      cellules += compteur.cellules;
      if (cellules > limites.cellules) {
        throw new ClasseurIllisible(`Le fichier « ${nomFichier} » contient plus de ${limites.cellules.toLocaleString('fr-FR')} cellules remplies : ce n'est pas un classeur Pilote LDM, il n'est pas ouvert.`);
      }
    }
  }
}

/** Une erreur pendant la lecture d'un classeur, dite en français et rattachée au fichier. */
export function erreurDeLecture(nomFichier: string, e: unknown): Error {
  if (e instanceof ClasseurIllisible) {
    return e.message.startsWith('Le fichier') ? e : new ClasseurIllisible(`Le fichier « ${nomFichier} » ne peut pas être lu : ${e.message.replace(/^Le /, 'le ')}`);
  }
  if (e instanceof ErreurPilote) return e;
  return new ClasseurIllisible(
    `Le fichier « ${nomFichier} » contient un élément que Pilote LDM ne sait pas lire : il n'a pas été modifié. Ouvrez-le dans Excel ou LibreOffice, enregistrez-le de nouveau, puis recommencez.`,
  );
}

/** Avant même de lire l'archive : vide, trop gros, fichier OLE (mot de passe ou .xls), ou pas une archive ZIP. */
export function refuserCeQuiNEstPasUnXlsx(contenu: Uint8Array, nomFichier: string): void {
  if (contenu.byteLength === 0) throw new ClasseurIllisible(`Le fichier « ${nomFichier} » est vide.`);
  if (contenu.byteLength > TAILLE_MAX_OCTETS) {
    throw new ClasseurIllisible(
      `Le fichier « ${nomFichier} » pèse ${(contenu.byteLength / 1048576).toFixed(0)} Mo : au-delà de ${TAILLE_MAX_OCTETS / 1048576} Mo il n'est pas ouvert.`,
    );
  }
  const entete = Array.from(contenu.subarray(0, 4));
  if (entete.join(',') === [0xd0, 0xcf, 0x11, 0xe0].join(',')) {
    throw new ClasseurIllisible(
      `Le fichier « ${nomFichier} » est protégé par un mot de passe ou enregistré dans l'ancien format Excel 97-2003 (.xls / .doc). Ouvrez-le dans Excel, retirez le mot de passe ou « Enregistrer sous » Classeur Excel (.xlsx), puis recommencez.`,
    );
  }
  if (entete[0] !== 0x50 || entete[1] !== 0x4b) {
    throw new ClasseurIllisible(`Le fichier « ${nomFichier} » n'est pas un classeur Excel .xlsx (contenu non reconnu).`);
  }
}

/** Une archive sans classeur : un document Word renommé, ou autre chose qu'un classeur. */
export function refuserCeQuiNEstPasUnClasseur(parties: string[], nomFichier: string): void {
  const noms = parties;
  if (!noms.includes('xl/workbook.xml')) {
    const word = noms.some((n) => n.startsWith('word/'));
    throw new ClasseurIllisible(
      word
        ? `Le fichier « ${nomFichier} » est un document Word renommé en .xlsx, pas un classeur Excel.`
        : `Le fichier « ${nomFichier} » n'est pas un classeur Excel .xlsx (pas de classeur dans l'archive).`,
    );
  }
}
