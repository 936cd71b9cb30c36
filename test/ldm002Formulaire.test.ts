/**
 * LDM 002 au formulaire (seed 004, l. 891-904) : la feuille « LDM 002 Formulaire » est produite du plan d'actions à
 * chaque génération — en-têtes et bandeaux mot pour mot ceux du seed, chaque action sous le bandeau de son critère,
 * une action sans critère jamais perdue, dates en vraies dates ; elle s'imprime sur une page et suit le plan modifié.
 */
import { spawnSync } from 'child_process';
import { readFileSync, readdirSync } from 'fs';
import path from 'path';
import { FEUILLE_FORMULAIRE_PLAN } from '../src/core/plan/formulaire';
import { referentielNational, tousLesDescripteurs } from '../src/core/referentiel';
import { dossierTemporaire, enPdf, feuillesSeules, ldm, modifier, pagesDuPdf } from './outils';

const P = "LDM 002 Plan d'actions";
const SEEDS = path.join(__dirname, '../../shared/seeds');
const seed004 = readFileSync(path.join(SEEDS, readdirSync(SEEDS).find((f) => f.startsWith('004_')) as string), 'utf8').split('\n');

/** Les lignes remplies du formulaire, lues par openpyxl : valeurs (dates en AAAA-MM-JJ). */
function lignesDuFormulaire(fichier: string): string[][] {
  const py = spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      `import sys, json, datetime, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
out = []
for row in ws.iter_rows(min_row=5, values_only=True):
    out.append(['' if v is None else (v.date().isoformat() if isinstance(v, datetime.datetime) else str(v)) for v in row])
print(json.dumps(out))`,
      fichier,
      FEUILLE_FORMULAIRE_PLAN,
    ],
    { encoding: 'utf8' },
  );
  expect(py.stderr).toBe('');
  return JSON.parse(py.stdout) as string[][];
}

describe('LDM 002 au formulaire régional', () => {
  it('bandeaux par critère, renvois (1)-(4), actions sous leur critère ; imprimé sur une page ; suit le plan', () => {
    const d = dossierTemporaire('ldm002-');
    const f = path.join(d, 'plan.xlsx');
    expect(ldm('generate', f, '--sheets', 'plan', '--etablissement', 'Lycée des Tests', '--annee', '2026-2027').code).toBe(0);
    const descripteur = tousLesDescripteurs(referentielNational).find((x) => x.numero === 12)!;
    // Lignes 5 à 12 du tableau : A N°, B Critère, C Descripteur, … H Objectifs, J Actions, L Début.
    modifier(f, [
      { op: 'set', feuille: P, cellule: 'B5', valeur: 3 },
      { op: 'set', feuille: P, cellule: 'C5', valeur: 12 },
      { op: 'set', feuille: P, cellule: 'J5', valeur: 'Action A (critère 3)' },
      { op: 'set', feuille: P, cellule: 'L5', valeur: '2026-09-01', date: true },
      { op: 'set', feuille: P, cellule: 'J6', valeur: 'Action B (critère 2)' },
      { op: 'set', feuille: P, cellule: 'B7', valeur: 3 },
      { op: 'set', feuille: P, cellule: 'H7', valeur: 'Objectif C' },
      { op: 'set', feuille: P, cellule: 'J7', valeur: 'Action C (critère 3)' },
      { op: 'set', feuille: P, cellule: 'B8', valeur: null },
      { op: 'set', feuille: P, cellule: 'J8', valeur: 'Action D (sans critère)' },
    ]);
    expect(ldm('generate', f).code).toBe(0);

    const lignes = lignesDuFormulaire(f);
    // En-têtes : ceux du formulaire, mot pour mot (seed 004, l. 899).
    const entetesSeed = seed004[898].split('\t').map((x) => x.trim());
    expect(entetesSeed[4]).toBe('Objectifs (1)');
    expect(lignes[0]).toEqual(entetesSeed);
    // Bandeaux des critères 1 à 5 : ceux du seed (l. 900-904), puis les autres critères et les actions sans critère.
    const bandeaux = lignes.filter((l) => /^CRITÈRE \d+ : |^Actions sans critère/.test(l[0]) && l.slice(1).every((x) => x === ''));
    expect(bandeaux.slice(0, 5).map((l) => l[0])).toEqual(seed004.slice(899, 904).map((x) => x.replace(/\t+$/, '').trim()));
    expect(bandeaux.map((l) => l[0].split(' :')[0])).toEqual([...referentielNational.criteres.map((c) => `CRITÈRE ${c.numero}`), 'Actions sans critère choisi']);
    // Chaque action sous le bandeau de son critère, dans l'ordre du plan ; un critère sans action garde une ligne vide.
    expect(actionsOf(lignes, 'CRITÈRE 1 :')).toEqual(['']);
    expect(actionsOf(lignes, 'CRITÈRE 2 :')).toEqual(['Action B (critère 2)']);
    expect(actionsOf(lignes, 'CRITÈRE 3 :')).toEqual(['Action A (critère 3)', 'Action C (critère 3)']);
    expect(actionsOf(lignes, 'Actions sans critère')).toEqual(['Action D (sans critère)']);
    const a = lignes.find((l) => l[6] === 'Action A (critère 3)')!;
    expect(a[3]).toBe(descripteur.ldm003); // Détail du critère LDM repris du descripteur choisi
    expect(a[8]).toBe('2026-09-01'); // vraie date
    expect(lignes.find((l) => l[6] === 'Action C (critère 3)')![4]).toBe('Objectif C');

    // Imprimé : une page, bandeaux et renvois lisibles.
    const pdf = enPdf(feuillesSeules(f, [FEUILLE_FORMULAIRE_PLAN]));
    const pages = pagesDuPdf(pdf).filter((p) => p.trim());
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('CRITÈRE 1 : offre de formations professionnelles');
    expect(pages[0]).toContain('Objectifs (1)');
    expect(pages[0]).toContain('Lycée des Tests');

    // Le plan change : le formulaire régénéré le suit (jamais une copie figée).
    modifier(f, [{ op: 'set', feuille: P, cellule: 'J6', valeur: 'Action B revue' }]);
    expect(ldm('generate', f).code).toBe(0);
    expect(actionsOf(lignesDuFormulaire(f), 'CRITÈRE 2 :')).toEqual(['Action B revue']);
  });
});

function actionsOf(lignes: string[][], debut: string): string[] {
  const i = lignes.findIndex((l) => l[0].startsWith(debut));
  const suivants = lignes.slice(i + 1);
  const j = suivants.findIndex((l) => /^CRITÈRE \d+ : |^Actions sans critère/.test(l[0]));
  return (j < 0 ? suivants : suivants.slice(0, j)).map((l) => l[6]);
}
