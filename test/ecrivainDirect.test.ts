/**
 * L'écrivain direct compresse une grande feuille par segments d'un mégaoctet (un seul flux deflate, vidages
 * synchrones) : l'archive reste valide, et openpyxl relit la dernière ligne d'une feuille de plusieurs mégaoctets.
 */
import { spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import path from 'path';
import { ecrireClasseurNeuf } from '../src/adapters/paquet/ecrivain';
import { installerDecompressionNative } from '../src/cli/lecture';
import { FeuilleLayout } from '../src/core/layout/types';
import { dossierTemporaire, recalculerAvecLibreOffice } from './outils';

function feuille(lignes: number): FeuilleLayout {
  return {
    nom: 'Constats',
    largeursColonnes: [12, 40, 60],
    cellules: [{ adresse: 'A1', contenu: 'Constats de la région' }],
    tableaux: [
      {
        nom: 'tblConstats',
        ligneEntete: 3,
        colonneDebut: 1,
        colonneCle: 'N°',
        style: 'TableStyleMedium2',
        colonnes: [
          { entete: 'N°', largeur: 12, role: 'reference' },
          { entete: 'Établissement', largeur: 40, role: 'reference' },
          { entete: 'Constat', largeur: 60, role: 'reference' },
        ],
        lignes: Array.from({ length: lignes }, (_, i) => [i + 1, `Lycée n°${(i % 997) + 1} — « é »`, `Écart constaté n°${i + 1} : ${'preuve absente, '.repeat(i % 7)}`]),
      },
    ],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
  };
}

describe('écrivain direct, compression native par segments', () => {
  it('une feuille de plusieurs mégaoctets : archive valide, dernière ligne relue par openpyxl', () => {
    installerDecompressionNative();
    const lignes = 60000;
    const contenu = ecrireClasseurNeuf([feuille(lignes)], 'Constats');
    const fichier = path.join(dossierTemporaire('ecrivain-'), 'region.xlsx');
    writeFileSync(fichier, contenu);
    const py = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        `import sys, zipfile, openpyxl
z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None
print(z.getinfo('xl/worksheets/sheet1.xml').file_size)
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)['Constats']
rows = list(ws.iter_rows(min_row=${lignes + 3}, max_row=${lignes + 3}, values_only=True))
print(rows[0][0]); print(rows[0][1]); print(rows[0][2])`,
        fichier,
      ],
      { encoding: 'utf8' },
    );
    expect(py.stderr).toBe('');
    const [taille, n, lycee, constat] = py.stdout.replace(/\n$/, '').split('\n');
    // Plusieurs segments d'un mégaoctet.
    expect(Number(taille)).toBeGreaterThan(3 * 1048576);
    expect(n).toBe(String(lignes));
    expect(lycee).toBe(`Lycée n°${((lignes - 1) % 997) + 1} — « é »`);
    expect(constat).toBe(`Écart constaté n°${lignes} : ${'preuve absente, '.repeat((lignes - 1) % 7)}`);
  });
});

describe('écrivain direct, textes des cellules', () => {
  // xml:space="preserve" n'est écrit que pour un texte qui commence ou finit par un blanc (comme Excel et openpyxl) :
  // chacun de ces textes doit revenir identique, dans une cellule fixe comme dans une ligne de tableau.
  const textes = ['  deux espaces devant', 'un blanc derrière ', '\ttabulation', 'ligne 1\nligne 2', 'fin de ligne\n', '=1+1 reste un texte', 'a & b < c > "d"', 'simple'];

  it('relus à l’identique par openpyxl, directement et après un passage par LibreOffice', () => {
    installerDecompressionNative();
    const f = feuille(0);
    f.cellules = textes.map((t, i) => ({ adresse: `E${i + 1}`, contenu: t }));
    f.tableaux[0].lignes = textes.map((t, i) => [i + 1, t, t]);
    const fichier = path.join(dossierTemporaire('ecrivain-'), 'textes.xlsx');
    writeFileSync(fichier, ecrireClasseurNeuf([f], 'Constats'));
    for (const relu of [fichier, recalculerAvecLibreOffice(fichier)]) {
      const py = spawnSync(
        '/usr/bin/python3',
        [
          '-c',
          `import sys, json, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Constats']
print(json.dumps({'fixes': [ws.cell(row=i + 1, column=5).value for i in range(${textes.length})], 'tableau': [ws.cell(row=i + 4, column=3).value for i in range(${textes.length})]}))`,
          relu,
        ],
        { encoding: 'utf8' },
      );
      expect(py.stderr).toBe('');
      const lu = JSON.parse(py.stdout) as { fixes: string[]; tableau: string[] };
      expect(lu.fixes).toEqual(textes);
      expect(lu.tableau).toEqual(textes);
    }
  });
});
