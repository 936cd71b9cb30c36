import { promises as fs } from 'fs';
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
  };
  return (code && raisons[code]) ?? 'le système a refusé la lecture';
}

/**
 * Lit un fichier ordinaire de taille raisonnable, ou rien s'il n'existe pas. Un tube, un périphérique
 * (/dev/zero…) ou un fichier trop gros n'est jamais lu : il ne peut ni bloquer la commande ni saturer la mémoire.
 */
export async function lireSiExiste(fichier: string): Promise<Uint8Array | undefined> {
  let info;
  try {
    info = await fs.stat(fichier);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ClasseurIllisible(`Impossible de lire « ${fichier} » : ${raisonSysteme(e)}.`);
  }
  if (!info.isFile()) throw new ClasseurIllisible(`« ${fichier} » n'est pas un fichier ordinaire (dossier, tube ou périphérique) : il n'est pas lu.`);
  if (info.size > TAILLE_MAX_OCTETS) {
    throw new ClasseurIllisible(`Le fichier « ${fichier} » pèse ${(info.size / 1048576).toFixed(0)} Mo : au-delà de ${TAILLE_MAX_OCTETS / 1048576} Mo il n'est pas ouvert.`);
  }
  try {
    const h = await fs.open(fichier, 'r');
    try {
      const tampon = Buffer.alloc(info.size);
      let lu = 0;
      while (lu < info.size) {
        const { bytesRead } = await h.read(tampon, lu, info.size - lu, lu);
        if (bytesRead === 0) break;
        lu += bytesRead;
      }
      return new Uint8Array(tampon.buffer, tampon.byteOffset, lu);
    } finally {
      await h.close();
    }
  } catch (e) {
    throw new ClasseurIllisible(`Impossible de lire « ${fichier} » : ${raisonSysteme(e)}.`);
  }
}

