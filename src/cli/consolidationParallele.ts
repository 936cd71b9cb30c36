import os from 'os';
import path from 'path';
import { Worker } from 'worker_threads';
import { AnomalieFichier, EtablissementConsolide } from '../core/consolidation/lecture';
import { dateCivileDe } from '../core/modele/dates';
import { ResultatFichier } from '../adapters/paquet/analyse';
import { Tache } from './travailleurConsolidation';

export interface FichierDuDisque {
  chemin: string;
  nom: string;
  taille: number;
  modifieLe?: Date;
}

/** Par défaut, un fil de travail par cœur. */
export const JOBS_PAR_DEFAUT = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

/**
 * Lit les classeurs des établissements sur `jobs` fils de travail (worker_threads), chacun prenant le fichier suivant
 * dès qu'il a fini le sien ; les résultats sont rangés dans l'ordre des fichiers, quel que soit l'ordre d'arrivée.
 * Chaque fil ne garde jamais qu'un classeur à la fois ; seul le résumé de chaque établissement revient.
 */
export async function analyserEnParallele(
  fichiers: FichierDuDisque[],
  maintenant: Date,
  jobs: number,
  progression?: (faits: number, total: number, fichier: string, ecarte: boolean) => void,
): Promise<{ etablissements: EtablissementConsolide[]; anomalies: AnomalieFichier[] }> {
  const resultats: Array<ResultatFichier | undefined> = new Array(fichiers.length);
  const aujourdhui = dateCivileDe(maintenant);
  let suivant = 0;
  let faits = 0;
  const nombre = Math.max(1, Math.min(jobs, fichiers.length));
  // Un fil qui tombe (fichier hostile qui épuise sa mémoire bornée) coûte une anomalie pour ce fichier ; un autre fil reprend la suite.
  const fil = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const w = new Worker(path.join(__dirname, 'travailleurConsolidation.js'), { resourceLimits: { maxOldGenerationSizeMb: 768 } });
      let enCours: number | undefined;
      let fini = false;
      const finir = (relancer: boolean) => {
        if (fini) return;
        fini = true;
        if (relancer && suivant < fichiers.length) void fil().then(resolve);
        else resolve();
      };
      const donner = () => {
        if (suivant >= fichiers.length) {
          enCours = undefined;
          void w.terminate().then(() => finir(false));
          return;
        }
        enCours = suivant++;
        const f = fichiers[enCours];
        const tache: Tache = { index: enCours, chemin: f.chemin, nom: f.nom, taille: f.taille, modifieLe: f.modifieLe?.getTime(), aujourdhui };
        w.postMessage(tache);
      };
      const tomber = () => {
        if (enCours !== undefined && !resultats[enCours]) {
          resultats[enCours] = {
            anomalie: { fichier: fichiers[enCours].nom, prise: 'non', motif: "sa lecture a dépassé la mémoire permise : ce n'est pas un classeur Pilote LDM ordinaire, il n'est pas pris en compte." },
          };
          progression?.(++faits, fichiers.length, fichiers[enCours].nom, true);
        }
        enCours = undefined;
        finir(true);
      };
      w.on('message', (m: { index: number; resultat: ResultatFichier }) => {
        resultats[m.index] = m.resultat;
        progression?.(++faits, fichiers.length, fichiers[m.index].nom, 'anomalie' in m.resultat);
        donner();
      });
      w.on('error', tomber);
      w.on('exit', (code) => {
        if (code !== 0 || enCours !== undefined) tomber();
      });
      donner();
    });
  await Promise.all(Array.from({ length: nombre }, () => fil()));
  const etablissements: EtablissementConsolide[] = [];
  const anomalies: AnomalieFichier[] = [];
  for (const r of resultats) {
    if (!r) continue;
    if ('etablissement' in r) etablissements.push(r.etablissement);
    else anomalies.push(r.anomalie);
  }
  return { etablissements, anomalies };
}
