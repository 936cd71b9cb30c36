/**
 * Mesure de la consolidation régionale (affichée, jamais vérifiée par un seuil) : 200 classeurs d'établissements
 * générés et cochés, consolidés ; millisecondes par classeur, mémoire de pointe ; et la même lecture par openpyxl.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { performance } from 'perf_hooks';
import { consoliderClasseurs, genererClasseur } from '../src/adapters/exceljs/service';
import { chargerClasseur, ecrireClasseur } from '../src/adapters/exceljs/fichier';
import { cleRneAttendue } from '../src/core/modele/identite';

const NOMBRE = Number(process.env.CLASSEURS ?? 200);

async function corpus(dossier: string): Promise<void> {
  const modele = await genererClasseur(undefined, { identite: { etablissement: 'Modèle' }, feuilles: ['auto-evaluation', 'grille-audit'], maintenant: new Date() });
  for (let k = 0; k < NOMBRE; k++) {
    const { classeur } = await chargerClasseur(modele.contenu, 'modele.xlsx');
    const chiffres = String(450000 + k).padStart(7, '0');
    const rne = `${chiffres}${cleRneAttendue(`${chiffres}A`)}`;
    const pilote = classeur.getWorksheet('Pilote LDM')!;
    pilote.getCell('C4').value = `Lycée n°${k + 1}`;
    pilote.getCell('C5').value = rne;
    const g = classeur.getWorksheet("Grille d'audit")!;
    g.getCell('C6').value = new Date(Date.UTC(2027, 2, 1 + (k % 28)));
    g.getCell('C8').value = 'Référente';
    g.getCell('C9').value = 'Co-auditeur';
    for (let n = 1; n <= 46; n++) {
      if ([25, 31, 34, 45].includes(n)) continue;
      const nc = (n * 7 + k) % 23 === 0;
      g.getCell(`${nc ? 'G' : 'E'}${16 + n}`).value = 'x';
      if (nc) g.getCell(`H${16 + n}`).value = `Écart constaté n°${n}`;
    }
    writeFileSync(path.join(dossier, `lycee-${String(k + 1).padStart(3, '0')}.xlsx`), await ecrireClasseur(classeur));
  }
}

async function principal(): Promise<void> {
  const dossier = mkdtempSync(path.join(os.tmpdir(), 'ldm-bench-'));
  let t = performance.now();
  await corpus(dossier);
  console.log(`Corpus : ${NOMBRE} classeurs générés en ${((performance.now() - t) / 1000).toFixed(1)} s (${dossier})`);
  const fichiers = readdirSync(dossier)
    .filter((n) => n.endsWith('.xlsx'))
    .map((nom) => ({ nom, taille: statSync(path.join(dossier, nom)).size, lire: async () => new Uint8Array(readFileSync(path.join(dossier, nom))) }));
  (global as { gc?: () => void }).gc?.();
  const avant = process.memoryUsage();
  let pointe = avant.rss;
  let pointeTas = avant.heapUsed;
  const sonde = setInterval(() => {
    const m = process.memoryUsage();
    pointe = Math.max(pointe, m.rss);
    pointeTas = Math.max(pointeTas, m.heapUsed);
  }, 10);
  t = performance.now();
  const r = await consoliderClasseurs(fichiers, undefined, new Date());
  const duree = performance.now() - t;
  clearInterval(sonde);
  pointe = Math.max(pointe, process.memoryUsage().rss);
  console.log(`Consolidation Pilote LDM : ${r.retenus.length} établissements, ${r.anomalies.length} anomalie(s)`);
  const mo = (n: number) => `${(n / 1048576).toFixed(0)} Mo`;
  console.log(`  ${(duree / NOMBRE).toFixed(1)} ms par classeur (${(duree / 1000).toFixed(1)} s en tout)`);
  console.log(`  mémoire : pointe RSS ${mo(pointe)} (avant la consolidation ${mo(avant.rss)}), pointe du tas JS ${mo(pointeTas)} (avant ${mo(avant.heapUsed)})`);
  t = performance.now();
  const py = spawnSync(existsPython(), [path.join(__dirname, '../../../bench/openpyxl_lecture.py'), dossier], { encoding: 'utf8' });
  const dureePy = performance.now() - t;
  if (py.status === 0) console.log(`Lecture équivalente par openpyxl : ${(dureePy / NOMBRE).toFixed(1)} ms par classeur (${(dureePy / 1000).toFixed(1)} s, ${py.stdout.trim()})`);
  else console.log(`Lecture openpyxl impossible : ${py.stderr.trim().split('\n').pop()}`);
}

function existsPython(): string {
  return spawnSync('test', ['-x', '/usr/bin/python3']).status === 0 ? '/usr/bin/python3' : 'python3';
}

principal().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
