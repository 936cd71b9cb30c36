/**
 * Passage à une nouvelle année scolaire : le plan d'actions de l'année close est archivé en lecture seule
 * (« LDM 002 Plan 2025-2026 »), toutes ses saisies comprises ; les actions non finalisées continuent dans le plan.
 */
import { spawnSync } from 'child_process';
import path from 'path';
import { PYTHON, dossierTemporaire, inspecter, ldm, modifier } from './outils';

const P = "LDM 002 Plan d'actions";
const A = 'LDM 002 Plan 2025-2026';

describe('archive annuelle du plan d’actions', () => {
  it('archive le plan 2025-2026 en lecture seule et reconduit les actions non finalisées, sans rien perdre', () => {
    const f = path.join(dossierTemporaire(), 'annees.xlsx');
    expect(ldm('generate', f, '--sheets', 'plan', '--annee', '2025-2026', '--etablissement', 'Lycée des années', '--rne', '0450051L').code).toBe(0);
    // Ligne 5 : action finalisée ; ligne 6 : action en cours ; ligne 7 : un commentaire sans action.
    modifier(f, [
      { op: 'set', feuille: P, cellule: 'J5', valeur: 'Cartographie des parcours' },
      { op: 'set', feuille: P, cellule: 'L5', valeur: '2025-09-01', date: true },
      { op: 'set', feuille: P, cellule: 'M5', valeur: '2026-03-31', date: true },
      { op: 'set', feuille: P, cellule: 'N5', valeur: '2026-03-15', date: true },
      { op: 'set', feuille: P, cellule: 'O5', valeur: 'Carte diffusée aux familles' },
      { op: 'set', feuille: P, cellule: 'J6', valeur: 'Accueil des apprentis' },
      { op: 'set', feuille: P, cellule: 'L6', valeur: '2026-01-05', date: true },
      { op: 'set', feuille: P, cellule: 'P7', valeur: 'À reprendre l’an prochain' },
    ]);
    const r = ldm('generate', f, '--annee', '2026-2027');
    expect(r.erreur).toBe('');
    expect(r.code).toBe(0);
    const i = inspecter(f);
    expect(i.feuilles).toContain(A);
    const archive = i.detail[A].cellules;
    const valeurs = Object.values(archive);
    for (const saisi of ['Cartographie des parcours', 'Carte diffusée aux familles', 'Accueil des apprentis', 'À reprendre l’an prochain']) expect(valeurs).toContain(saisi);
    expect(valeurs).toContain('Finalisée');
    expect(String(archive.A2)).toMatch(/^Archivé le \d{2}\/\d{2}\/\d{4}/);
    // Le plan de la nouvelle année : l'action finalisée n'y est plus, les autres continuent.
    const plan = Object.values(i.detail[P].cellules);
    expect(plan).not.toContain('Cartographie des parcours');
    expect(plan).toContain('Accueil des apprentis');
    expect(plan).toContain('À reprendre l’an prochain');
    expect(String(i.detail[P].cellules.A1)).toContain('2026-2027');
    // Lecture seule, vue par openpyxl ; les dates restent des dates.
    const py = spawnSync(PYTHON, ['-c', 'import openpyxl,sys\nws=openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]\nprint(ws.protection.sheet, [c.is_date for row in ws.iter_rows(min_row=5,max_row=5) for c in row if c.value is not None and c.column in (12,13,14)])', f, A], { encoding: 'utf8' });
    expect(py.stdout.trim()).toBe('True [True, True, True]');

    // Régénérer la même année ne touche pas l'archive et n'en fait pas une seconde.
    expect(ldm('generate', f).code).toBe(0);
    const j = inspecter(f);
    expect(j.feuilles.filter((n) => n.startsWith('LDM 002 Plan 2'))).toEqual([A]);
    expect(j.detail[A].cellules).toEqual(archive);
  });
});
