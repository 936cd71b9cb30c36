/**
 * Mesure de la consolidation régionale (affichée, jamais vérifiée par un seuil) : CLASSEURS (200 par défaut)
 * classeurs d'établissements générés et cochés, consolidés par `ldm consolidate` (un processus, puis un par cœur)
 * et par le meilleur script openpyxl qu'un analyste écrirait (bench/openpyxl_consolidation.py), dans la même exécution.
 * CORPUS=dossier reprend un corpus déjà fait (celui qu'une exécution précédente a affiché) au lieu d'en générer un.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { performance } from 'perf_hooks';
import { genererClasseur } from '../src/adapters/exceljs/service';
import { chargerClasseur, ecrireClasseur } from '../src/adapters/exceljs/fichier';
import { cleRneAttendue } from '../src/core/modele/identite';

const CORPUS = process.env.CORPUS;
const NOMBRE = CORPUS ? readdirSync(CORPUS).filter((f) => f.endsWith('.xlsx')).length : Number(process.env.CLASSEURS ?? 200);

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

async function principal(): Promise<void> {
  const dossier = CORPUS ?? mkdtempSync(path.join(os.tmpdir(), 'ldm-bench-'));
  const t = performance.now();
  if (!CORPUS) await corpus(dossier);
  console.log(`Corpus : ${NOMBRE} classeurs ${CORPUS ? 'repris' : `générés et cochés en ${((performance.now() - t) / 1000).toFixed(1)} s`} (${dossier})`);
  const racine = path.join(__dirname, '../../..');
  const sortie = mkdtempSync(path.join(os.tmpdir(), 'ldm-region-'));
  const coeurs = os.cpus().length;
  const lignes: Array<[string, Mesure]> = [];
  for (const jobs of [...new Set([1, coeurs])]) {
    const m = mesurer(process.execPath, [path.join(racine, 'bin/ldm.js'), 'consolidate', dossier, '--out', path.join(sortie, `region-${jobs}.xlsx`), '--jobs', String(jobs)]);
    lignes.push([`ldm consolidate --jobs ${jobs}`, m]);
  }
  const py = mesurer(existsPython(), [path.join(racine, 'bench/openpyxl_consolidation.py'), dossier, path.join(sortie, 'region-openpyxl.xlsx')]);
  lignes.push(['openpyxl (read_only, data_only, write_only)', py]);
  const ms = (s: number) => `${((s * 1000) / NOMBRE).toFixed(1)} ms`;
  console.log(`Consolidation de ${NOMBRE} classeurs (${coeurs} cœurs) — par classeur : durée murale, temps CPU ; pointe de mémoire (RSS) :`);
  for (const [nom, m] of lignes) console.log(`  ${nom.padEnd(45)} ${ms(m.mur).padStart(9)} mur  ${ms(m.cpu).padStart(9)} CPU  ${m.rssMo.toFixed(0).padStart(5)} Mo`);
  const meilleur = lignes.slice(0, -1).reduce((a, b) => (b[1].mur < a[1].mur ? b : a));
  console.log(`  rapport openpyxl / ${meilleur[0]} : ${(py.mur / meilleur[1].mur).toFixed(1)}× en durée murale, ${(py.cpu / lignes[0][1].cpu).toFixed(1)}× en CPU (--jobs 1), mémoire ${(meilleur[1].rssMo / py.rssMo).toFixed(1)}×`);
}

function existsPython(): string {
  return spawnSync('test', ['-x', '/usr/bin/python3']).status === 0 ? '/usr/bin/python3' : 'python3';
}

principal().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
