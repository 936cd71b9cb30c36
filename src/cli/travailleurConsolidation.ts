import { parentPort } from 'worker_threads';
import { analyserContenu, anomalieDeLecture, refusTropGros } from '../adapters/paquet/analyse';
import { DateCivile } from '../core/modele/dates';
import { lireSiExiste } from './lecture';

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

parentPort?.on('message', (t: Tache) => {
  void (async () => {
    let r = refusTropGros(t.nom, t.taille);
    if (!r) {
      try {
        const contenu = (await lireSiExiste(t.chemin)) ?? new Uint8Array(0);
        r = analyserContenu(contenu, t.nom, t.aujourdhui, t.modifieLe === undefined ? undefined : new Date(t.modifieLe));
      } catch (e) {
        r = anomalieDeLecture(t.nom, e);
      }
    }
    parentPort?.postMessage({ index: t.index, resultat: r });
  })();
});
