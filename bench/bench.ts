/**
 * Mesures de Pilote LDM (affichées, jamais vérifiées par un seuil) :
 * génération et régénération de la grille LDM 003 hors d'Excel, vérification,
 * et nombre d'allers-retours context.sync() de l'adaptateur Office.js.
 */
import { performance } from 'perf_hooks';
import { genererClasseur, produireRapport, verifierClasseur } from '../src/adapters/exceljs/service';
import { genererDansExcel, produireRapportDansExcel, verifierDansExcel } from '../src/adapters/office/adaptateur';
import { chargerClasseur, ecrireClasseur } from '../src/adapters/exceljs/fichier';
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

  // Une grille d'audit cochée (C partout, trois NC) pour mesurer la production du rapport.
  const grille = await genererClasseur(undefined, { ...options, feuilles: ['grille-audit'] });
  const { classeur } = await chargerClasseur(grille.contenu, 'audit.xlsx');
  const ws = classeur.getWorksheet("Grille d'audit")!;
  ws.getCell('C6').value = new Date(Date.UTC(2027, 2, 25));
  ws.getCell('C8').value = 'Référente';
  ws.getCell('C9').value = 'Co-auditeur';
  for (let n = 1; n <= 46; n++) if (![25, 31, 34, 45].includes(n)) ws.getCell(`E${16 + n}`).value = 'x';
  for (const n of [3, 17, 40]) {
    ws.getCell(`E${16 + n}`).value = null;
    ws.getCell(`G${16 + n}`).value = 'x';
    ws.getCell(`H${16 + n}`).value = 'Écart constaté';
  }
  const cochee = await ecrireClasseur(classeur);
  await chronometrer('Plan d’actions LDM 002 + indicateurs (ExcelJS)', () => genererClasseur(undefined, { ...options, feuilles: ['plan'] }));
  await chronometrer('Rapport LDM 011 + 3 fiches LDM 010 (ExcelJS)', () => produireRapport({ contenu: cochee, nom: 'audit.xlsx' }, { maintenant: new Date(), accepterAnomalies: false }));

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
  const audit = new ExcelFactice();
  await genererDansExcel(audit.contexte(), { ...options, feuilles: ['grille-audit'] }, { miseEnPageDisponible: true });
  const syncGrille = audit.syncs;
  audit.saisir("Grille d'audit", 'C6', 46471);
  audit.saisir("Grille d'audit", 'C8', 'Référente');
  audit.saisir("Grille d'audit", 'C9', 'Co-auditeur');
  for (let n = 1; n <= 46; n++) if (![25, 31, 34, 45].includes(n)) audit.saisir("Grille d'audit", `${n === 12 ? 'G' : 'E'}${16 + n}`, 'x');
  audit.saisir("Grille d'audit", `H${16 + 12}`, 'Écart constaté');
  audit.syncs = 0;
  await produireRapportDansExcel(audit.contexte(), { maintenant: new Date(), accepterAnomalies: false }, { miseEnPageDisponible: true });
  const plan = new ExcelFactice();
  await genererDansExcel(plan.contexte(), { ...options, feuilles: ['plan'] }, { miseEnPageDisponible: true });
  const syncPlan = plan.syncs;
  plan.saisir('Indicateurs', 'C17', 'Taux');
  plan.feuilles.set('Effectifs', new Map([['0,0', { valeur: 'Année' }], ['0,1', { valeur: 'Taux' }]]));
  plan.tableaux.set('tblAbsences', { feuille: 'Effectifs', l1: 0, c1: 0, l2: 1, c2: 1 });
  plan.syncs = 0;
  await genererDansExcel(plan.contexte(), { ...options, liaison: { indicateur: 1, table: 'tblAbsences', colonne: 'Taux', mode: 'annee', colonneAnnee: 'Année' } }, { miseEnPageDisponible: true });
  console.log(`Office.js : context.sync() pour générer plan et indicateurs ${syncPlan}`);
  console.log(`Office.js : context.sync() pour lier un indicateur      ${plan.syncs}`);
  console.log(`Office.js : context.sync() pour générer la grille d'audit ${syncGrille}`);
  console.log(`Office.js : context.sync() pour le rapport et les fiches  ${audit.syncs}`);
}

principal().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
