/**
 * Mesures de Pilote LDM (affichées, jamais vérifiées par un seuil) :
 * génération et régénération de la grille LDM 003 hors d'Excel, vérification,
 * et nombre d'allers-retours context.sync() de l'adaptateur Office.js.
 */
import { performance } from 'perf_hooks';
import { genererClasseur, verifierClasseur } from '../src/adapters/exceljs/service';
import { genererDansExcel, verifierDansExcel } from '../src/adapters/office/adaptateur';
import { remplirExemple } from '../src/cli/exemple';
import { ExcelFactice } from '../test/office/excelFactice';

const REPETITIONS = Number(process.env.REPETITIONS ?? 20);
const options = { identite: { etablissement: 'Lycée Mesure', rne: '0450051L' }, maintenant: new Date() };

async function chronometrer(nom: string, f: () => Promise<unknown>): Promise<void> {
  await f();
  const durees: number[] = [];
  for (let i = 0; i < REPETITIONS; i++) {
    const t = performance.now();
    await f();
    durees.push(performance.now() - t);
  }
  durees.sort((a, b) => a - b);
  const moyenne = durees.reduce((a, b) => a + b, 0) / durees.length;
  console.log(`${nom.padEnd(48)} médiane ${durees[Math.floor(durees.length / 2)].toFixed(1).padStart(7)} ms   moyenne ${moyenne.toFixed(1).padStart(7)} ms   (${REPETITIONS} essais)`);
}

async function principal(): Promise<void> {
  console.log(`Pilote LDM — mesures (Node ${process.version})`);
  const neuf = await genererClasseur(undefined, options);
  const rempli = await remplirExemple(neuf.contenu);
  console.log(`Taille du classeur généré : ${(neuf.contenu.byteLength / 1024).toFixed(1)} Kio`);
  await chronometrer('Génération de la grille LDM 003 (ExcelJS)', () => genererClasseur(undefined, options));
  await chronometrer('Régénération d’une grille remplie (ExcelJS)', () => genererClasseur({ contenu: rempli, nom: 'x.xlsx' }, options));
  await chronometrer('Vérification (ldm check, hors écriture)', () => verifierClasseur(rempli, 'x.xlsx'));

  const excel = new ExcelFactice();
  await genererDansExcel(excel.contexte(), options, { miseEnPageDisponible: true });
  const syncGeneration = excel.syncs;
  excel.saisir('LDM 003 Auto-évaluation', 'D19', 'preuve');
  excel.syncs = 0;
  await genererDansExcel(excel.contexte(), options, { miseEnPageDisponible: true });
  const syncRegeneration = excel.syncs;
  excel.syncs = 0;
  await verifierDansExcel(excel.contexte());
  console.log(`Office.js : context.sync() pour générer la grille        ${syncGeneration}`);
  console.log(`Office.js : context.sync() pour la régénérer             ${syncRegeneration}`);
  console.log(`Office.js : context.sync() pour vérifier (volet)         ${excel.syncs}`);
}

principal().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
