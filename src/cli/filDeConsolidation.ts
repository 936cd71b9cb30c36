import { existsSync } from 'fs';
import path from 'path';
import { Worker, isMainThread, parentPort, workerData } from 'worker_threads';

/**
 * `ldm consolidate` sur plusieurs fils : toute la commande (fils de lecture, cœur régional, écriture) tourne dans un
 * fil à part dont la jeune génération est bornée à 4 Mo ; celle du fil principal de Node, qui n'est pas réglable
 * une fois le processus lancé, monte sinon à 32 Mo pendant l'écriture du classeur régional (1 000 établissements :
 * pointe de 144 à 146 Mo au lieu de 151 à 158, même durée ; 8 Mo : 143 à 152). Le fil principal ne fait qu'afficher
 * ce que ce fil lui envoie (sorties, avancement) et rendre son code de sortie.
 */

/** Le flux où s'affiche l'avancement (la sortie d'erreur, ou son relais depuis le fil). */
export interface FluxAvancement {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

interface Donnees {
  consolidation: true;
  argv: string[];
  isTTY?: boolean;
  columns?: number;
}

type Message = { sortie: string } | { erreur: string } | { avancement: string } | { code: number };

const SCRIPT = path.join(__dirname, 'filDeConsolidation.js');

/** Vrai si la commande peut partir dans son propre fil (CLI compilée, pas déjà dans un fil). */
export function consolidationDeleguable(): boolean {
  return isMainThread && existsSync(SCRIPT);
}

export function consoliderDansUnFil(argv: string[], sortie: (s: string) => void, erreur: (s: string) => void): Promise<number> {
  const donnees: Donnees = { consolidation: true, argv, isTTY: process.stderr.isTTY, columns: process.stderr.columns };
  return new Promise((resolve) => {
    let code: number | undefined;
    const w = new Worker(SCRIPT, { workerData: donnees, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    w.on('message', (m: Message) => {
      if ('sortie' in m) sortie(m.sortie);
      else if ('erreur' in m) erreur(m.erreur);
      else if ('avancement' in m) process.stderr.write(m.avancement);
      else code = m.code;
    });
    const fin = () => {
      if (code === undefined) {
        erreur("Erreur : la consolidation s'est arrêtée avant la fin (mémoire épuisée ?) ; aucun fichier n'a été modifié. Relancez-la avec --jobs 1.");
        code = 2;
      }
      resolve(code);
    };
    w.on('error', () => fin());
    w.on('exit', () => fin());
  });
}

if (!isMainThread && (workerData as Donnees | undefined)?.consolidation) {
  const d = workerData as Donnees;
  const envoyer = (m: Message) => parentPort?.postMessage(m);
  // Chargé ici seulement : ce module est aussi importé par la CLI elle-même.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { executer } = require('./ldm') as typeof import('./ldm');
  const flux: FluxAvancement = { isTTY: d.isTTY, columns: d.columns, write: (s) => envoyer({ avancement: s }) };
  void executer(d.argv, (s) => envoyer({ sortie: s }), (s) => envoyer({ erreur: s }), flux).then((code) => envoyer({ code }));
}
