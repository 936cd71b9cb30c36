import { parentPort } from 'worker_threads';
import { analyserFichier } from '../adapters/paquet/analyse';
import { DateCivile } from '../core/modele/dates';
import { installerDecompressionNative, lireSiExisteSync } from './lecture';

/**
 * Un fil de travail de `ldm consolidate --jobs N` : reçoit des fichiers un par un, lit chacun directement (sans
 * ExcelJS) et ne renvoie que son résumé ou son anomalie ; aucun classeur n'est gardé d'un fichier à l'autre.
 */
export interface Tache {
  index: number;
  chemin: string;
  nom: string;
  taille: number;
  modifieLe?: number;
  aujourdhui: DateCivile;
}

installerDecompressionNative();

parentPort?.on('message', (t: Tache) => {
  void (async () => {
    const lire = () => Promise.resolve(lireSiExisteSync(t.chemin) ?? new Uint8Array(0));
    const r = await analyserFichier(t.nom, t.taille, lire, t.aujourdhui, t.modifieLe === undefined ? undefined : new Date(t.modifieLe));
    parentPort?.postMessage({ index: t.index, resultat: r });
  })();
});
