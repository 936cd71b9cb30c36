/**
 * Les fils de travail de `ldm consolidate --jobs N` : chaque fil reçoit deux fichiers d'avance ; quand un fil tombe
 * (fichier hostile qui épuise sa mémoire), ce fichier seul devient une anomalie, celui qu'il avait reçu d'avance est
 * repris par un autre fil, et chaque fichier a exactement un résultat, dans l'ordre des fichiers.
 */
import { writeFileSync } from 'fs';
import path from 'path';
import { analyserEnParallele } from '../src/cli/consolidationParallele';
import { dossierTemporaire } from './outils';

// Un fil de travail factice : tombe sur un fichier « hostile », sinon rend un résultat qui nomme le fichier et le fil.
const FIL_FACTICE = `
const { parentPort, threadId } = require('worker_threads');
parentPort.on('message', (t) => {
  if (t.nom.includes('hostile')) process.exit(7);
  parentPort.postMessage({ index: t.index, resultat: { anomalie: { fichier: t.nom, prise: 'non', motif: 'lu par le fil ' + threadId } } });
});
`;

describe('consolidation sur plusieurs fils de travail', () => {
  const dossier = dossierTemporaire('fils-');
  const script = path.join(dossier, 'fil.js');
  writeFileSync(script, FIL_FACTICE);
  const fichiers = Array.from({ length: 40 }, (_, i) => {
    const nom = [3, 4, 17, 39].includes(i) ? `hostile-${i}.xlsx` : `lycee-${i}.xlsx`;
    return { chemin: path.join(dossier, nom), nom, taille: 1 };
  });

  it.each([1, 2, 3])('--jobs %i : un résultat par fichier, dans l’ordre ; seul le fichier hostile est écarté pour la mémoire', async (jobs) => {
    const avancement: number[] = [];
    const { etablissements, anomalies } = await analyserEnParallele(fichiers, new Date(), jobs, (faits) => avancement.push(faits), script);
    expect(etablissements).toEqual([]);
    expect(anomalies.map((a) => a.fichier)).toEqual(fichiers.map((f) => f.nom));
    for (const a of anomalies) {
      if (a.fichier.startsWith('hostile')) expect(a.motif).toContain('a dépassé la mémoire permise');
      else expect(a.motif).toMatch(/^lu par le fil \d+$/);
    }
    // Plusieurs fils ont vraiment travaillé (au moins deux quand on en demande deux ou plus).
    const fils = new Set(anomalies.filter((a) => !a.fichier.startsWith('hostile')).map((a) => a.motif));
    expect(fils.size).toBeGreaterThanOrEqual(Math.min(jobs, 2));
    expect(avancement).toEqual(fichiers.map((_, i) => i + 1));
  });
});
