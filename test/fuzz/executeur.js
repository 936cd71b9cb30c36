'use strict';
/**
 * Exécute la CLI compilée (lib/) sur une liste de fichiers, dans un seul processus, et rend une ligne JSON par
 * fichier et par commande : code, sorties, fichier modifié ou non, durée. Lancé par test/fuzz.test.ts avec une
 * mémoire plafonnée (--max-old-space-size) et mesurée (/usr/bin/time).
 * Usage : node executeur.js LISTE.json
 */
const { readFileSync } = require('fs');
const { createHash } = require('crypto');
const { executer } = require('../../lib/cli/ldm.js');

const empreinte = (f) => {
  try {
    return createHash('sha256').update(readFileSync(f)).digest('hex');
  } catch {
    return 'absent';
  }
};

(async () => {
  const fichiers = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  let pointe = 0;
  for (const f of fichiers) {
    for (const commande of [['check', f, '--json'], ['generate', f], ['report', f]]) {
      const avant = empreinte(f);
      const sortie = [];
      const erreur = [];
      const t0 = Date.now();
      let code;
      try {
        code = await executer(commande, (s) => sortie.push(s), (s) => erreur.push(s));
      } catch (e) {
        code = 'exception';
        erreur.push(String((e && e.stack) || e));
      }
      pointe = Math.max(pointe, process.memoryUsage().rss);
      process.stdout.write(
        JSON.stringify({ fichier: f, commande: commande[0], code, erreur: erreur.join('\n'), modifie: empreinte(f) !== avant, ms: Date.now() - t0 }) + '\n',
      );
    }
  }
  process.stdout.write(JSON.stringify({ fin: true, pointeRssMo: Math.round(pointe / 1048576) }) + '\n');
})();
