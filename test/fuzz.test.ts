import { spawn } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import path from 'path';
import { MUTATIONS, aleatoire } from './fuzz/mutations';
import { dossierTemporaire, dossiersReels } from './outils';

/**
 * Fuzz borné : quelques centaines de classeurs abîmés à partir de vrais dossiers Pilote LDM (démonstration complète,
 * dossier retouché par openpyxl, le même après LibreOffice). Pour chacun, check, generate et report :
 * code de sortie 0, 1 ou 2 ; message en français sans pile d'appels ; fichier intact en cas d'échec ;
 * temps et mémoire bornés. La graine est fixe (FUZZ_GRAINE pour en essayer une autre).
 */

const PAR_GRAINE = Number(process.env.FUZZ_PAR_SOURCE ?? 90);
const GRAINE = Number(process.env.FUZZ_GRAINE ?? 20261126);
const ANGLAIS = /\n\s+at |TypeError|ReferenceError|RangeError|SyntaxError|Cannot read|is not a function|is not defined|undefined|Unexpected|Error:|ENOENT|EACCES/;

interface Resultat {
  fichier: string;
  commande: string;
  code: number | string;
  erreur: string;
  modifie: boolean;
  ms: number;
}

function executer(liste: string): Promise<{ resultats: Resultat[]; pointeRssMo: number; memoireKo: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn('/usr/bin/time', ['-f', 'MEMOIRE %M', process.execPath, '--max-old-space-size=512', path.join(__dirname, 'fuzz', 'executeur.js'), liste], { stdio: ['ignore', 'pipe', 'pipe'] });
    let sortie = '';
    let erreur = '';
    p.stdout.on('data', (d) => (sortie += d));
    p.stderr.on('data', (d) => (erreur += d));
    p.on('error', reject);
    p.on('close', (code) => {
      const lignes = sortie.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const fin = lignes.pop();
      if (code !== 0 || !fin?.fin) return reject(new Error(`l'exécuteur s'est arrêté (code ${code}) : ${erreur.slice(-2000)}`));
      resolve({ resultats: lignes as Resultat[], pointeRssMo: fin.pointeRssMo, memoireKo: Number(/MEMOIRE (\d+)/.exec(erreur)?.[1]) });
    });
  });
}

describe('fuzz : classeurs abîmés ou hostiles', () => {
  it(`${PAR_GRAINE * 3} classeurs mutés : jamais de plantage, de texte anglais, de fichier abîmé ni d'emballement`, async () => {
    const d = dossierTemporaire('fuzz-');
    const { demo, retouche, libreoffice } = dossiersReels(d, 'Preuve 😀 longue '.repeat(40));

    const hasard = aleatoire(GRAINE);
    const noms = Object.keys(MUTATIONS);
    const descriptions = new Map<string, string>();
    const listes: string[][] = [[], []];
    let k = 0;
    for (const source of [demo, retouche, libreoffice]) {
      const octets = new Uint8Array(readFileSync(source));
      for (let i = 0; i < PAR_GRAINE; i++) {
        const mutation = noms[(i + Math.floor(hasard() * noms.length)) % noms.length];
        let r;
        try {
          r = await MUTATIONS[mutation](octets, hasard);
        } catch {
          r = { octets: octets.slice(0, Math.floor(octets.length / 2)), description: 'mutation impossible, fichier coupé en deux' };
        }
        const f = path.join(d, `m${String(k).padStart(3, '0')}-${path.basename(source, '.xlsx')}-${mutation}.xlsx`);
        writeFileSync(f, r.octets);
        descriptions.set(f, `${mutation} (${r.description})`);
        listes[k % 2].push(f);
        k++;
      }
    }
    const fichiersListes = listes.map((l, i) => {
      const f = path.join(d, `liste-${i}.json`);
      writeFileSync(f, JSON.stringify(l));
      return f;
    });
    const debut = Date.now();
    const executions = await Promise.all(fichiersListes.map(executer));
    const duree = (Date.now() - debut) / 1000;
    const resultats = executions.flatMap((e) => e.resultats);
    const fautes = resultats
      .filter(
        (r) =>
          ![0, 1, 2].includes(r.code as number) ||
          ANGLAIS.test(r.erreur) ||
          (r.code !== 0 && !r.erreur.startsWith('Erreur : ')) ||
          (r.code !== 0 && r.modifie) ||
          r.ms > 30000,
      )
      .map((r) => `${path.basename(r.fichier)} ${r.commande} → ${r.code} en ${r.ms} ms, ${descriptions.get(r.fichier)} : ${r.erreur.slice(0, 300)}`);
    const parCode = resultats.reduce<Record<string, number>>((acc, r) => ({ ...acc, [`${r.commande} ${r.code}`]: (acc[`${r.commande} ${r.code}`] ?? 0) + 1 }), {});
    const memoireMo = Math.max(...executions.map((e) => e.memoireKo / 1024));
    console.log(
      `fuzz : ${k} classeurs, ${resultats.length} exécutions en ${duree.toFixed(0)} s ; codes ${JSON.stringify(parCode)} ; mémoire de pointe ${memoireMo.toFixed(0)} Mo (RSS mesuré par l'exécuteur ${Math.max(...executions.map((e) => e.pointeRssMo))} Mo)`,
    );
    expect(fautes).toEqual([]);
    expect(resultats.length).toBe(k * 3);
    expect(memoireMo).toBeLessThan(400);
    // Les mutations ne sont pas toutes fatales : une part des fichiers reste lisible, et elle est traitée.
    expect(resultats.filter((r) => r.commande === 'check' && r.code === 0).length).toBeGreaterThan(k / 10);
  });
});
