import { progressionConsole } from '../../src/cli/progression';

function flux(isTTY: boolean) {
  const ecrit: string[] = [];
  return { isTTY, columns: 80, write: (s: string) => ecrit.push(s), ecrit };
}

describe('avancement de ldm consolidate', () => {
  it('sur un terminal : une barre réécrite, fichiers écartés comptés, nom du fichier tronqué à la largeur', () => {
    const f = flux(true);
    const p = progressionConsole(f, false)!;
    p.avancer(1, 3, 'lycees/0450051L.xlsx', false);
    p.avancer(3, 3, `lycees/${'tres-long-'.repeat(12)}dernier.xlsx`, true);
    p.finir();
    p.etape('Écriture du classeur régional « region.xlsx »…');
    expect(f.ecrit[0]).toBe('\r\x1b[2K  [########................] 1 / 3 lus — lycees/0450051L.xlsx');
    // eslint-disable-next-line no-control-regex -- la séquence ANSI qui efface la ligne est justement vérifiée
    expect(f.ecrit[1]).toMatch(/^\r\x1b\[2K {2}\[#{24}\] 3 \/ 3 lus, 1 écarté\(s\) — …[a-z-]*tres-long-dernier\.xlsx$/);
    expect(f.ecrit[1].length - '\r\x1b[2K'.length).toBeLessThan(80);
    expect(f.ecrit[2]).toBe('\n');
    // L'écriture qui suit est annoncée sur sa propre ligne, après la barre refermée.
    expect(f.ecrit[3]).toBe('  Écriture du classeur régional « region.xlsx »…\n');
    expect(f.ecrit).toHaveLength(4);
  });

  it('hors terminal : une ligne tous les dix pour cent ; avec --json : rien', () => {
    const f = flux(false);
    const p = progressionConsole(f, false)!;
    for (let i = 1; i <= 200; i++) p.avancer(i, 200, `f${i}.xlsx`, i % 50 === 0);
    p.finir();
    expect(f.ecrit).toHaveLength(11);
    expect(f.ecrit[10]).toBe('  200 / 200 classeurs lus, 4 écarté(s) ou pris en partie\n');
    expect(progressionConsole(flux(false), true)).toBeUndefined();
  });
});
