/**
 * Mesure de la consolidation régionale (affichée, jamais vérifiée par un seuil), pour chaque taille de lot de
 * CLASSEURS (« 50,200,1000 » par défaut ; 5000 en plus sur demande) : classeurs d'établissements générés et cochés
 * (une fois, pour le plus grand lot ; les plus petits en sont les premiers), consolidés par `ldm consolidate` (un
 * fil, puis un par cœur) et par le meilleur script openpyxl qu'un analyste écrirait (bench/openpyxl_consolidation.py),
 * dans la même exécution. CORPUS=dossier reprend un corpus déjà fait (celui qu'une exécution précédente a affiché) :
 * tout le corpus, ou ses premiers classeurs pour chaque taille de CLASSEURS.
 * Chaque commande est lancée REPETITIONS fois (3 par défaut), à tour de rôle : la médiane des durées est retenue (la
 * machine varie de ±10 à 15 % d'une exécution à l'autre), la plus haute pointe de mémoire aussi. Chacune dit combien
 * d'établissements et de constats elle a trouvés : les nombres doivent concorder.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { performance } from 'perf_hooks';
import { genererClasseur } from '../src/adapters/exceljs/service';
import { chargerClasseur, ecrireClasseur } from '../src/adapters/exceljs/fichier';
import { cleRneAttendue } from '../src/core/modele/identite';
import { PaquetModifiable } from '../src/adapters/paquet/paquetModifiable';
import { jobsParDefaut } from '../src/cli/consolidationParallele';

const CORPUS = process.env.CORPUS;
const classeursDuCorpus = (dossier: string) => readdirSync(dossier).filter((f) => f.endsWith('.xlsx')).sort();
const TAILLES = (process.env.CLASSEURS ?? (CORPUS ? String(classeursDuCorpus(CORPUS).length) : '50,200,1000'))
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0)
  .sort((a, b) => a - b);
const REPETITIONS = Math.max(1, Number(process.env.REPETITIONS ?? 3));

async function corpus(dossier: string, nombre: number): Promise<void> {
  const modele = await genererClasseur(undefined, { identite: { etablissement: 'Modèle' }, feuilles: ['auto-evaluation', 'grille-audit'], maintenant: new Date() });
  const chiffresDuNumero = Math.max(3, String(nombre).length);
  for (let k = 0; k < nombre; k++) {
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
    writeFileSync(path.join(dossier, `lycee-${String(k + 1).padStart(chiffresDuNumero, '0')}.xlsx`), await ecrireClasseur(classeur));
  }
}

interface Mesure {
  mur: number;
  cpu: number;
  rssMo: number;
  sortie: string;
}

/** Lance une commande sous /usr/bin/time : durée murale, temps CPU (utilisateur + système), pointe de mémoire. */
function mesurer(commande: string, args: string[]): Mesure {
  const r = spawnSync('/usr/bin/time', ['-f', 'MESURE %e %U %S %M', commande, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const m = /MESURE ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${commande} ${args.join(' ')} : ${r.stderr.slice(-800)}`);
  return { mur: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMo: Number(m[4]) / 1024, sortie: r.stdout.trim() };
}

/** Ce qu'une taille de lot a donné : par commande, la mesure retenue. */
interface Resultat {
  nombre: number;
  lignes: Array<[string, Mesure]>;
}

async function principal(): Promise<void> {
  if (!TAILLES.length) throw new Error('CLASSEURS : une ou plusieurs tailles de lot, séparées par des virgules (ex. 50,200,1000).');
  const plusGrand = TAILLES[TAILLES.length - 1];
  const dossier = CORPUS ?? mkdtempSync(path.join(os.tmpdir(), 'ldm-bench-'));
  const t = performance.now();
  if (!CORPUS) await corpus(dossier, plusGrand);
  const fichiers = classeursDuCorpus(dossier);
  if (fichiers.length < plusGrand) throw new Error(`${dossier} n'a que ${fichiers.length} classeurs : moins que ${plusGrand}.`);
  console.log(`Corpus : ${fichiers.length} classeurs ${CORPUS ? 'repris' : `générés et cochés en ${((performance.now() - t) / 1000).toFixed(1)} s`} (${dossier})`);
  const resultats: Resultat[] = [];
  for (const nombre of TAILLES) {
    // Un lot plus petit : les premiers classeurs du corpus, par liens symboliques.
    let lot = dossier;
    if (nombre < fichiers.length) {
      lot = mkdtempSync(path.join(os.tmpdir(), `ldm-bench-${nombre}-`));
      for (const f of fichiers.slice(0, nombre)) symlinkSync(path.join(dossier, f), path.join(lot, f));
    }
    resultats.push(mesurerLot(lot, nombre));
    if (lot !== dossier) rmSync(lot, { recursive: true, force: true });
  }
  if (resultats.length > 1) {
    console.log('Résumé — par classeur, durée murale (médiane) ; rapport openpyxl / ldm consolidate avec son nombre de fils par défaut :');
    for (const r of resultats) {
      const py = r.lignes[r.lignes.length - 1][1];
      const jobs = jobsParDefaut(r.nombre);
      const defaut = r.lignes.find(([nom]) => nom === `ldm consolidate --jobs ${jobs}`) ?? r.lignes[0];
      const ms = (m: Mesure) => `${((m.mur * 1000) / r.nombre).toFixed(1)} ms`;
      console.log(`  ${String(r.nombre).padStart(5)} classeurs : ldm (--jobs ${jobs}) ${ms(defaut[1])}, ${defaut[1].rssMo.toFixed(0)} Mo ; openpyxl ${ms(py)}, ${py.rssMo.toFixed(0)} Mo ; ${(py.mur / defaut[1].mur).toFixed(1)}×`);
    }
  }
}

/** Un lot de `nombre` classeurs mesuré : chaque commande REPETITIONS fois, à tour de rôle ; le détail est affiché. */
function mesurerLot(dossier: string, nombre: number): Resultat {
  const racine = path.join(__dirname, '../../..');
  const sortie = mkdtempSync(path.join(os.tmpdir(), 'ldm-region-'));
  const coeurs = os.cpus().length;
  const commandes: Array<{ nom: string; commande: string; args: string[]; sortie: string; trouves: (m: Mesure, fichier: string) => string }> = [];
  for (const jobs of [...new Set([1, coeurs])]) {
    const fichier = path.join(sortie, `region-${jobs}.xlsx`);
    commandes.push({ nom: `ldm consolidate --jobs ${jobs}`, commande: process.execPath, args: [path.join(racine, 'bin/ldm.js'), 'consolidate', dossier, '--out', fichier, '--jobs', String(jobs)], sortie: fichier, trouves: trouvesParLdm });
  }
  const fichierPy = path.join(sortie, 'region-openpyxl.xlsx');
  commandes.push({ nom: 'openpyxl (read_only, data_only, write_only)', commande: existsPython(), args: [path.join(racine, 'bench/openpyxl_consolidation.py'), dossier, fichierPy], sortie: fichierPy, trouves: (m) => m.sortie.split('\n').pop() ?? '' });
  const mesures = commandes.map(() => [] as Mesure[]);
  const trouves = commandes.map(() => '');
  for (let r = 0; r < REPETITIONS; r++) {
    commandes.forEach((c, i) => {
      rmSync(c.sortie, { force: true });
      const m = mesurer(c.commande, c.args);
      mesures[i].push(m);
      trouves[i] = c.trouves(m, c.sortie);
    });
  }
  rmSync(sortie, { recursive: true, force: true });
  const retenue = (ms: Mesure[]): Mesure => {
    const triees = [...ms].sort((a, b) => a.mur - b.mur);
    return { ...triees[Math.floor(triees.length / 2)], rssMo: Math.max(...ms.map((m) => m.rssMo)) };
  };
  const lignes: Array<[string, Mesure]> = commandes.map((c, i) => [c.nom, retenue(mesures[i])]);
  const py = lignes[lignes.length - 1][1];
  const ms = (s: number) => `${((s * 1000) / nombre).toFixed(1)} ms`;
  console.log(`Consolidation de ${nombre} classeurs (${coeurs} cœurs), médiane de ${REPETITIONS} exécution(s) — par classeur : durée murale, temps CPU ; pointe de mémoire (RSS) ; ce que chacun a trouvé :`);
  lignes.forEach(([nom, m], i) => console.log(`  ${nom.padEnd(45)} ${ms(m.mur).padStart(9)} mur  ${ms(m.cpu).padStart(9)} CPU  ${m.rssMo.toFixed(0).padStart(5)} Mo   ${trouves[i]}`));
  console.log(`  durées murales par exécution : ${lignes.map(([nom], i) => `${nom.split(' (')[0]} ${mesures[i].map((m) => ms(m.mur)).join(', ')}`).join(' ; ')}`);
  console.log(`  établissements et constats trouvés : ${new Set(trouves).size === 1 ? 'concordants' : 'DIFFÉRENTS'}`);
  const meilleur = lignes.slice(0, -1).reduce((a, b) => (b[1].mur < a[1].mur ? b : a));
  console.log(`  rapport openpyxl / ${meilleur[0]} : ${(py.mur / meilleur[1].mur).toFixed(1)}× en durée murale, ${(py.cpu / lignes[0][1].cpu).toFixed(1)}× en CPU (--jobs 1), mémoire ${(meilleur[1].rssMo / py.rssMo).toFixed(1)}×`);
  return { nombre, lignes };
}

/** « N établissements, M constats » d'après ldm : sa sortie, et les lignes du tableau des constats qu'il a écrit. */
function trouvesParLdm(m: Mesure, fichier: string): string {
  const etablissements = /(\d+) établissement\(s\) consolidé\(s\)/.exec(m.sortie)?.[1] ?? '?';
  const paquet = new PaquetModifiable(new Uint8Array(readFileSync(fichier)), path.basename(fichier));
  const table = paquet
    .noms()
    .filter((n) => n.startsWith('xl/tables/'))
    .map((n) => paquet.texte(n) ?? '')
    .find((x) => x.includes('displayName="tblConstatsRegion"'));
  const plage = table && /\sref="[A-Z]+(\d+):[A-Z]+(\d+)"/.exec(table);
  return `${etablissements} établissements, ${plage ? Number(plage[2]) - Number(plage[1]) : '?'} constats`;
}

function existsPython(): string {
  return spawnSync('test', ['-x', '/usr/bin/python3']).status === 0 ? '/usr/bin/python3' : 'python3';
}

principal().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
