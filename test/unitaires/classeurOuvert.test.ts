import { octetsDuClasseurOuvert } from '../../src/taskpane/classeurOuvert';

/** Un Office d'essai qui rend le classeur en tranches, comme getFileAsync(Compressed) ; il note les fermetures. */
function officeDEssai(tranches: number[][], echecALaTranche?: number) {
  const journal = { fermetures: 0, tailleDemandee: 0 };
  const ok = (value: unknown) => ({ status: 'succeeded', value });
  (globalThis as Record<string, unknown>).Office = {
    FileType: { Compressed: 'compressed' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    context: {
      document: {
        getFileAsync(_type: string, options: { sliceSize: number }, rappel: (r: unknown) => void) {
          journal.tailleDemandee = options.sliceSize;
          rappel(
            ok({
              sliceCount: tranches.length,
              getSliceAsync: (i: number, r: (x: unknown) => void) =>
                setTimeout(() => r(i === echecALaTranche ? { status: 'failed', error: { message: 'Tranche indisponible' } } : ok({ data: tranches[i] })), 0),
              closeAsync: (r: () => void) => {
                journal.fermetures++;
                r();
              },
            }),
          );
        },
      },
    },
  };
  return journal;
}

describe('le classeur ouvert dans Excel, en octets', () => {
  afterEach(() => delete (globalThis as Record<string, unknown>).Office);

  it('recolle les tranches dans l’ordre et referme le fichier', async () => {
    const journal = officeDEssai([[80, 75], [3, 4, 5], [6]]);
    await expect(octetsDuClasseurOuvert()).resolves.toEqual(new Uint8Array([80, 75, 3, 4, 5, 6]));
    expect(journal).toEqual({ fermetures: 1, tailleDemandee: 4 * 1024 * 1024 });
  });

  it('une tranche refusée : message en français (pas celui d’Office), fichier refermé quand même', async () => {
    const journal = officeDEssai([[1], [2], [3]], 1);
    await expect(octetsDuClasseurOuvert()).rejects.toThrow("Excel n'a pas transmis le classeur ouvert : enregistrez-le, puis recommencez.");
    expect(journal.fermetures).toBe(1);
  });
});
