/**
 * La CLI rend son code sans attendre la fin des optimisations de V8, mais jamais avant que sa sortie soit écrite :
 * lue par un tube (asynchrone sous Linux), une sortie de plusieurs mégaoctets arrive entière.
 */
import { spawnSync } from 'child_process';
import path from 'path';

const TERMINER = path.join(__dirname, '../../lib/cli/terminer.js');
const script = (sortie: string) =>
  `process.stdout.write('x'.repeat(8e6)); process.stderr.write('y'.repeat(1e6)); ${sortie === 'terminer' ? `require(${JSON.stringify(TERMINER)}).terminer(3)` : 'process.exit(3)'};`;

describe('fin de la CLI', () => {
  it('sortie et sortie d’erreur entières par un tube, code rendu (process.exit seul les tronque)', () => {
    const r = spawnSync(process.execPath, ['-e', script('terminer')], { maxBuffer: 1e8 });
    expect([r.status, r.stdout.length, r.stderr.length]).toEqual([3, 8e6, 1e6]);
    // Le témoin : sans attendre les flux, le tube ne reçoit qu'une partie (ce que le test ci-dessus garde de vrai).
    const brut = spawnSync(process.execPath, ['-e', script('brut')], { maxBuffer: 1e8 });
    expect(brut.stdout.length).toBeLessThan(8e6);
  });
});
