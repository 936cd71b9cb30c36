import { closeSync, fstatSync, openSync, readSync, statSync } from 'fs';
import { constants, crc32, deflateRawSync, inflateRawSync } from 'zlib';
import { utiliserCompressionNative } from '../adapters/paquet/archiveZip';
import { utiliserInflateNatif } from '../adapters/exceljs/archive';
import { ClasseurIllisible } from '../core/modele/classeur';
import { TAILLE_MAX_OCTETS } from '../adapters/exceljs/archive';

/** Lecture de fichiers par la CLI (et ses fils de travail), avec des raisons système en français. */

export function raisonSysteme(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const raisons: Record<string, string> = {
    EACCES: "l'accès est refusé (droits insuffisants)",
    EPERM: "l'accès est refusé (droits insuffisants)",
    EISDIR: "c'est un dossier",
    ELOOP: 'le lien symbolique tourne en rond',
    ENAMETOOLONG: 'le chemin est trop long',
    EBUSY: 'il est verrouillé par un autre programme (fermez-le dans Excel)',
    EMFILE: 'trop de fichiers sont ouverts',
    EIO: 'le disque ne répond pas',
    ENOENT: "le dossier ou le fichier n'existe pas",
    ENOTDIR: "le chemin passe par un fichier qui n'est pas un dossier",
    ENOSPC: 'le disque est plein',
    EROFS: "le disque n'accepte que la lecture",
  };
  return (code && raisons[code]) ?? 'le système a refusé la lecture';
}

/**
 * Lit un fichier ordinaire de taille raisonnable, ou rien s'il n'existe pas. Un tube, un périphérique
 * (/dev/zero…) ou un fichier trop gros n'est jamais lu : il ne peut ni bloquer la commande ni saturer la mémoire.
 */
export async function lireSiExiste(fichier: string): Promise<Uint8Array | undefined> {
  return lireSiExisteSync(fichier);
}

/**
 * Lue d'un trait (synchrone) : la CLI et ses fils de travail n'ont rien d'autre à faire tourner pendant ce temps, et
 * quatre allers-retours par fichier sont évités. Le type du fichier est vérifié avant de l'ouvrir : ouvrir un tube
 * bloquerait.
 */
export function lireSiExisteSync(fichier: string): Uint8Array | undefined {
  const nonOrdinaire = () => new ClasseurIllisible(`« ${fichier} » n'est pas un fichier ordinaire (dossier, tube ou périphérique) : il n'est pas lu.`);
  try {
    if (!statSync(fichier).isFile()) throw nonOrdinaire();
  } catch (e) {
    if (e instanceof ClasseurIllisible) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ClasseurIllisible(`Impossible de lire « ${fichier} » : ${raisonSysteme(e)}.`);
  }
  let fd: number;
  try {
    fd = openSync(fichier, 'r');
  } catch (e) {
    throw new ClasseurIllisible(`Impossible de lire « ${fichier} » : ${raisonSysteme(e)}.`);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw nonOrdinaire();
    if (info.size > TAILLE_MAX_OCTETS) {
      throw new ClasseurIllisible(`Le fichier « ${fichier} » pèse ${(info.size / 1048576).toFixed(0)} Mo : au-delà de ${TAILLE_MAX_OCTETS / 1048576} Mo il n'est pas ouvert.`);
    }
    const tampon = Buffer.alloc(info.size);
    let lu = 0;
    try {
      while (lu < info.size) {
        const n = readSync(fd, tampon, lu, info.size - lu, lu);
        if (n === 0) break;
        lu += n;
      }
    } catch (e) {
      throw new ClasseurIllisible(`Impossible de lire « ${fichier} » : ${raisonSysteme(e)}.`);
    }
    return new Uint8Array(tampon.buffer, tampon.byteOffset, lu);
  } finally {
    closeSync(fd);
  }
}

/** Dans Node, les parties de l'archive sont décompressées par zlib (natif), toujours bornées à leur taille annoncée. */
export function installerDecompressionNative(): void {
  // Un tampon de sortie de la taille annoncée (déjà bornée par les limites) : zlib écrit la partie d'un seul morceau,
  // sans la découper en morceaux de 16 Kio recollés ensuite (deux fois plus rapide sur une feuille de 150 Kio).
  utiliserInflateNatif((donnees, annonce) => inflateRawSync(donnees, { maxOutputLength: Math.max(1, annonce), chunkSize: Math.max(64, annonce) }));
  // Le classeur régional neuf est compressé par zlib lui aussi (niveau 1, comme avec fflate).
  utiliserCompressionNative({
    deflateRaw: (d, dernier = true) => deflateRawSync(d, { level: 1, finishFlush: dernier ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }),
    crc32: (d, precedent = 0) => crc32(d, precedent),
  });
}
