import { spawnSync } from 'child_process';
import path from 'path';
import { PYTHON } from './outils';

/** Version courte de « npm run soak » : le dossier modifié comme le font les établissements, régénéré à chaque cycle. */
describe('endurance (version courte de npm run soak)', () => {
  it('20 cycles de saisies, lignes ajoutées, zone de texte et allers-retours LibreOffice : aucune cellule perdue', () => {
    const r = spawnSync(PYTHON, [path.resolve(__dirname, '../bench/soak.py'), '--cycles', '20', '--libreoffice-tous', '8', '--graine', '7'], { encoding: 'utf8', timeout: 600000 });
    const bilan = r.stdout.split('\n').find((l) => l.startsWith('Endurance :')) ?? '';
    console.log(bilan);
    expect(r.stderr).toBe('');
    expect(bilan).toMatch(/20 cycles, \d+ cellules écrites et relues, 0 cellules perdues, 2 allers-retours LibreOffice/);
    expect(Number(/(\d+) cellules écrites/.exec(bilan)?.[1])).toBeGreaterThan(2000);
    expect(r.status).toBe(0);
  });
});
