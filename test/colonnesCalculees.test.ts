/**
 * Tableaux qui s'étendent d'eux-mêmes : chaque colonne de formules d'un tableau généré est une colonne calculée
 * (`calculatedColumnFormula`), qu'Excel recopie dans toute ligne ajoutée au tableau. LibreOffice (7.4) agrandit le
 * tableau quand on y insère une ligne mais n'y recopie pas la formule ; la génération suivante la rétablit.
 */
import { spawnSync } from 'child_process';
import path from 'path';
import { PYTHON, RACINE, dossierTemporaire, inspecter, ldm, recalculerAvecLibreOffice } from './outils';

const I = 'Indicateurs';

function colonnesCalculees(fichier: string): Array<{ feuille: string; table: string; colonne: string; calcul: string | null; formule: string | null }> {
  const script = `
import openpyxl, sys, json
from openpyxl.utils import range_boundaries
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    for t in ws.tables.values():
        c1, r1, c2, r2 = range_boundaries(t.ref)
        for k, col in enumerate(t.tableColumns):
            v = ws.cell(r1 + 1, c1 + k).value
            calcul = col.calculatedColumnFormula.attr_text if col.calculatedColumnFormula is not None else None
            out.append({"feuille": ws.title, "table": t.name, "colonne": col.name, "calcul": calcul, "formule": v if isinstance(v, str) and v.startswith("=") else None})
print(json.dumps(out))
`;
  const r = spawnSync(PYTHON, ['-c', script, fichier], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('colonnes calculées des tableaux générés', () => {
  it('openpyxl voit une formule de colonne sur chaque colonne de formules, identique à celle des cellules ; la régénération les garde', () => {
    const f = path.join(dossierTemporaire(), 'calcul.xlsx');
    expect(ldm('generate', f, '--sheets', 'autoevaluation,plan,grille', '--etablissement', 'Lycée A & B', '--rne', '0450051L').code).toBe(0);
    for (const passage of ['génération', 'régénération']) {
      const colonnes = colonnesCalculees(f);
      const formules = colonnes.filter((c) => c.formule);
      expect([passage, formules.length]).toEqual([passage, 1 + 1 + 54 + 2]);
      for (const c of formules) expect([c.table, c.colonne, c.calcul && `=${c.calcul}`]).toEqual([c.table, c.colonne, c.formule]);
      // Les colonnes de saisie n'en ont pas (une valeur saisie n'est jamais écrasée par une formule de colonne).
      expect(colonnes.filter((c) => !c.formule && c.calcul)).toEqual([]);
      expect(ldm('generate', f).code).toBe(0);
    }
  });

  it('une ligne insérée dans le tableau par LibreOffice garde ses saisies et reçoit ses formules à la génération suivante', () => {
    const dossier = dossierTemporaire();
    const f = path.join(dossier, 'insertion.xlsx');
    const apres = path.join(dossier, 'insertion-lo.xlsx');
    expect(ldm('generate', f, '--sheets', 'plan', '--annee', '2020-2021', '--duree', '4', '--etablissement', 'Lycée', '--rne', '0450051L').code).toBe(0);
    // Insertion > Lignes au-dessus de la ligne 19 (dans le tableau), puis saisie d'un indicateur.
    const r = spawnSync(PYTHON, [path.join(RACINE, 'test/python/inserer_ligne.py'), f, I, '19', JSON.stringify({ C: 'Partenariats', F: 'Plus haut = mieux', I: 3, K: 7, L: 8 }), 'K,L,M', apres], {
      encoding: 'utf8',
      timeout: 180000,
    });
    expect(r.stderr).toBe('');
    const dansLibreOffice = JSON.parse(r.stdout) as Record<string, { texte: string; formule: string }>;
    console.log(`LibreOffice, ligne insérée dans le tableau : statut « ${dansLibreOffice.M.texte} », formule « ${dansLibreOffice.M.formule} » (LibreOffice ne recopie pas la formule de colonne)`);
    const lu = inspecter(apres);
    expect(lu.detail[I].tableaux.tblIndicateurs.ref).toMatch(/^A16:[A-Z]+25$/);
    expect(lu.detail[I].cellules.C19).toBe('Partenariats');

    expect(ldm('generate', apres).code).toBe(0);
    const v = inspecter(recalculerAvecLibreOffice(apres), true).detail[I].cellules;
    const ligne = Object.entries(v).find(([c, x]) => /^C\d+$/.test(c) && x === 'Partenariats')![0].slice(1);
    expect([v[`A${ligne}`], v[`K${ligne}`], v[`L${ligne}`], v[`M${ligne}`]]).toEqual([9, 7, 8, 'Atteint']);
    expect(colonnesCalculees(apres).filter((c) => c.table === 'tblIndicateurs' && c.calcul).length).toBe(10 * 4 + 1 + 3);
  });

  it('un tableau de l’établissement à colonne calculée (comme Excel l’écrit) est lu en entier et recopié tel quel', () => {
    const f = path.join(dossierTemporaire(), 'source.xlsx');
    expect(ldm('generate', f, '--sheets', 'plan', '--annee', '2020-2021', '--etablissement', 'Lycée', '--rne', '0450051L').code).toBe(0);
    // ExcelJS cessait de lire les colonnes après la première colonne calculée (exceljs#1936) : « Taux » était perdue.
    const script = `
import openpyxl, sys
from openpyxl.worksheet.table import Table, TableFormula
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.create_sheet("Effectifs")
for r in [["Année", "Inscrits", "Double", "Taux"], ["2020-2021", 10, "=tblEffectifs[[#This Row],[Inscrits]]*2", 9.5], ["2021-2022", 12, "=tblEffectifs[[#This Row],[Inscrits]]*2", 8.5]]:
    ws.append(r)
t = Table(displayName="tblEffectifs", ref="A1:D3")
t._initialise_columns()
for k, nom in enumerate(["Année", "Inscrits", "Double", "Taux"]):
    t.tableColumns[k].name = nom
t.tableColumns[2].calculatedColumnFormula = TableFormula(attr_text="tblEffectifs[[#This Row],[Inscrits]]*2")
ws.add_table(t)
i = wb["Indicateurs"]
i["C17"] = "Taux d'absentéisme"
i["F17"] = "Plus bas = mieux"
wb.save(sys.argv[1])
`;
    const py = spawnSync(PYTHON, ['-c', script, f], { encoding: 'utf8' });
    expect(py.stderr).toBe('');
    const lie = ldm('bind', f, '--indicateur', '1', '--table', 'tblEffectifs', '--colonne', 'Taux', '--colonne-annee', 'Année');
    expect(lie.erreur).toBe('');
    expect(lie.code).toBe(0);
    const apres = colonnesCalculees(f).filter((c) => c.table === 'tblEffectifs');
    expect(apres.map((c) => [c.colonne, c.calcul])).toEqual([['Année', null], ['Inscrits', null], ['Double', 'tblEffectifs[[#This Row],[Inscrits]]*2'], ['Taux', null]]);
    const v = inspecter(recalculerAvecLibreOffice(f), true).detail[I].cellules;
    expect([v.L17, v.O17]).toEqual([9.5, 8.5]);
  });
});

