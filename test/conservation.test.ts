import { spawnSync } from 'child_process';
import { copyFileSync } from 'fs';
import path from 'path';
import { PYTHON, ajouterContenus, dossierTemporaire, empreinte, inspecter, ldm, parties, recalculerAvecLibreOffice } from './outils';

/**
 * Ce que l'établissement a mis dans son classeur et que Pilote LDM ne génère pas est recopié tel quel à chaque
 * opération : parties identiques octet pour octet, vérifiées par le zipfile de Python, openpyxl, LibreOffice
 * et le validateur des schémas d'Excel.
 */

const VALIDEUR = path.resolve(__dirname, '../../shared/tools/excel-valide/valider.py');

function py(code: string, ...args: string[]): string {
  const r = spawnSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

/** Un dossier généré, puis enrichi par l'établissement avec openpyxl (données, graphique, liste vers une autre feuille). */
function dossierEnrichi(): string {
  const fichier = path.join(dossierTemporaire(), 'lycee.xlsx');
  expect(ldm('generate', fichier, '--etablissement', 'Lycée A', '--rne', '0450051L', '--sheets', 'autoevaluation,plan').code).toBe(0);
  py(
    `
import sys, openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.create_sheet('Données')
ws.append(['Année', 'Effectif', 'Taux'])
for i in range(3000):
    ws.append([f'A{i}', i, i / 3])
ws.add_table(Table(displayName='tblEffectifs', ref='A1:C3001'))
ch = BarChart(); ch.add_data(Reference(ws, min_col=2, min_row=1, max_row=10)); ws.add_chart(ch, 'E2')
l = wb.create_sheet('Listes')
for i, v in enumerate(['a', 'b', 'c']): l.cell(row=i + 1, column=1, value=v)
dv = DataValidation(type='list', formula1='Listes!$A$1:$A$3'); ws.add_data_validation(dv); dv.add('D2:D20')
g = wb['LDM 003 Auto-évaluation']
dv2 = DataValidation(type='list', formula1='Listes!$A$1:$A$3'); g.add_data_validation(dv2); dv2.add('K5:K8')
ws['H1'] = 'Note 😀 du proviseur'
wb.save(sys.argv[1])
`,
    fichier,
  );
  ajouterContenus(fichier, [
    { op: 'zone_de_texte', feuille: 'Données', texte: 'Voir le CA du 12/03 🎓' },
    { op: 'sparkline', feuille: 'Données', source: 'Données!B2:B10', cellule: 'F1' },
    { op: 'lien_externe', feuille: 'Données', cellule: 'J2', classeur: 'file:///C:/Effectifs.xlsx', valeur: '412' },
    { op: 'objet_incorpore', feuille: 'Listes' },
  ]);
  return fichier;
}

/** Les feuilles que Pilote LDM écrit dans ces essais : leurs parties (feuille, relations, tableaux) peuvent changer. */
const FEUILLES_GENEREES = ['Pilote LDM', 'LDM 003 Auto-évaluation', "LDM 002 Plan d'actions", 'LDM 002 Formulaire', 'Indicateurs', "Exemples d'indicateurs", "Grille d'audit"];

function partiesGenerees(fichier: string): Set<string> {
  const r = spawnSync(PYTHON, [path.join(__dirname, 'python', 'parties_generees.py'), fichier, ...FEUILLES_GENEREES], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return new Set(JSON.parse(r.stdout) as string[]);
}

/** Les parties que l'opération ne doit pas toucher : tout sauf les feuilles générées (et leurs tableaux) et les parties communes. */
function partiesDeLEtablissement(fichier: string): Record<string, string> {
  const p = parties(fichier);
  const communes = /^(\[Content_Types\]\.xml|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/styles\.xml|xl\/sharedStrings\.xml|docProps\/)/;
  const generees = partiesGenerees(fichier);
  return Object.fromEntries(Object.entries(p).filter(([n]) => !communes.test(n) && !generees.has(n)));
}

describe('conservation de ce que Pilote LDM ne génère pas', () => {
  it('recopie octet pour octet zone de texte, graphique, sparklines, lien externe, objet incorporé et données de l’établissement', () => {
    const fichier = dossierEnrichi();
    const avant = partiesDeLEtablissement(fichier);
    expect(Object.keys(avant)).toEqual(expect.arrayContaining(['xl/drawings/drawing1.xml', 'xl/charts/chart1.xml', 'xl/externalLinks/externalLink1.xml', 'xl/embeddings/oleObject1.bin']));
    const r = ldm('generate', fichier, '--etablissement', 'Lycée A (nouveau nom)', '--sheets', 'autoevaluation,plan,grille');
    expect(r.erreur).toBe('');
    expect(r.code).toBe(0);
    const apres = parties(fichier);
    for (const [n, h] of Object.entries(avant)) expect(`${n} ${apres[n]}`).toBe(`${n} ${h}`);

    // Ce que lisent des lecteurs indépendants : openpyxl et le validateur des schémas d'Excel.
    const lu = JSON.parse(
      py(
        `
import sys, json, openpyxl, warnings
warnings.simplefilter('ignore')
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Données']
print(json.dumps({'feuilles': wb.sheetnames, 'h1': ws['H1'].value, 'lignes': ws.max_row, 'j2': ws['J2'].value,
  'liste': [v.formula1 for v in ws.data_validations.dataValidation], 'tableaux': sorted(ws.tables.keys()),
  'nom': wb['Pilote LDM']['C4'].value,
  'listeSurLdm003': [(str(v.sqref), v.formula1) for v in wb['LDM 003 Auto-évaluation'].data_validations.dataValidation if 'Listes' in (v.formula1 or '')]}))
`,
        fichier,
      ),
    );
    expect(lu.feuilles).toEqual(expect.arrayContaining(['Données', 'Listes', "Grille d'audit", 'LDM 003 Auto-évaluation']));
    expect([lu.h1, lu.lignes, lu.j2, lu.liste, lu.tableaux]).toEqual(['Note 😀 du proviseur', 3001, '=[1]Effectifs!$B$2', ['Listes!$A$1:$A$3'], ['tblEffectifs']]);
    // Une liste prise dans une autre feuille, posée sur une feuille que Pilote LDM réécrit : gardée.
    expect(lu.listeSurLdm003).toEqual([['K5:K8', 'Listes!$A$1:$A$3']]);
    const v = spawnSync(PYTHON, [VALIDEUR, fichier, '--no-limits'], { encoding: 'utf8' });
    expect(v.stdout).toContain('0 violation(s)');
  });

  it('garde les contenus à travers un enregistrement par LibreOffice puis une nouvelle génération', () => {
    const fichier = dossierEnrichi();
    const lo = recalculerAvecLibreOffice(fichier);
    const copie = path.join(path.dirname(fichier), 'lo.xlsx');
    copyFileSync(lo, copie);
    // LibreOffice réécrit tout le paquet ; ce qu'il a écrit doit ensuite traverser la génération.
    const avant = parties(copie);
    const dessinsAvant = Object.entries(avant).filter(([n]) => /^xl\/(drawings\/drawing|charts\/)/.test(n));
    expect(dessinsAvant.length).toBeGreaterThan(0);
    expect(ldm('generate', copie, '--sheets', 'grille').code).toBe(0);
    const apres = parties(copie);
    for (const [n, h] of dessinsAvant) expect(apres[n]).toBe(h);
    expect(inspecter(copie).detail['Données'].cellules.H1).toBe('Note 😀 du proviseur');
  });

  it('garde la zone de texte posée sur une feuille qu’il réécrit ; refuse des sparklines qu’il ne saurait pas recopier, fichier intact', () => {
    const fichier = path.join(dossierTemporaire(), 'lycee.xlsx');
    expect(ldm('generate', fichier, '--etablissement', 'Lycée A', '--rne', '0450051L').code).toBe(0);
    ajouterContenus(fichier, [{ op: 'zone_de_texte', feuille: 'LDM 003 Auto-évaluation', texte: 'À revoir 😀' }]);
    const dessin = parties(fichier)['xl/drawings/drawingTB1.xml'];
    expect(dessin).toBeTruthy();
    for (let k = 0; k < 2; k++) expect(ldm('generate', fichier, '--etablissement', `Lycée B${k}`).code).toBe(0);
    expect(parties(fichier)['xl/drawings/drawingTB1.xml']).toBe(dessin);
    const lu = JSON.parse(
      py(
        `
import sys, json, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
wb = z.read('xl/workbook.xml').decode(); rels = z.read('xl/_rels/workbook.xml.rels').decode()
rid = re.search(r'<sheet [^>]*name="LDM 003 Auto-évaluation"[^>]*r:id="([^"]+)"', wb).group(1)
cible = re.search(r'<Relationship [^>]*Id="%s"[^>]*Target="([^"]+)"' % rid, rels) or re.search(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="%s"' % rid, rels)
chemin = 'xl/' + cible.group(1).lstrip('/').replace('xl/', '')
feuille = z.read(chemin).decode(); frels = z.read(chemin.replace('worksheets/', 'worksheets/_rels/') + '.rels').decode()
print(json.dumps({'drawing': '<drawing ' in feuille, 'rel': 'drawingTB1.xml' in frels}))
`,
        fichier,
      ),
    );
    expect(lu).toEqual({ drawing: true, rel: true });
    expect(spawnSync(PYTHON, [VALIDEUR, fichier, '--no-limits'], { encoding: 'utf8' }).stdout).toContain('0 violation(s)');

    ajouterContenus(fichier, [{ op: 'sparkline', feuille: 'LDM 003 Auto-évaluation', source: "'LDM 003 Auto-évaluation'!A19:A25", cellule: 'K2' }]);
    const avant = empreinte(fichier);
    const r = ldm('generate', fichier, '--etablissement', 'Lycée C');
    expect(r.code).toBe(1);
    expect(r.erreur).toContain('la feuille « LDM 003 Auto-évaluation » contient des graphiques sparkline');
    expect(r.erreur).not.toContain('dessin');
    expect(r.erreur).toContain('Déplacez ces éléments dans une autre feuille');
    expect(empreinte(fichier)).toBe(avant);
  });

  it('un tableau de 50 000 lignes de l’établissement : recopié tel quel, lu seulement s’il est lié, mémoire bornée', () => {
    const fichier = path.join(dossierTemporaire(), 'lycee.xlsx');
    expect(ldm('generate', fichier, '--etablissement', 'Lycée A', '--rne', '0450051L', '--sheets', 'autoevaluation,plan').code).toBe(0);
    py(
      `
import sys, openpyxl
from openpyxl.worksheet.table import Table
wb = openpyxl.load_workbook(sys.argv[1])
for nom, table in (('Élèves', 'tblEleves'), ('Absences', 'tblAbsences')):
    ws = wb.create_sheet(nom)
    ws.append(['Année', 'Classe', 'Effectif', 'Taux', 'Commentaire'])
    for i in range(50000):
        ws.append([f'{2000 + i % 27}-{2001 + i % 27}', f'C{i % 40}', i % 35, (i % 100) / 100, 'élève suivi 😀'])
    ws.add_table(Table(displayName=table, ref='A1:E50001'))
wb.save(sys.argv[1])
`,
      fichier,
    );
    const mesurer = (...args: string[]) => {
      const r = spawnSync('/usr/bin/time', ['-f', 'MEMOIRE %M', process.execPath, path.resolve(__dirname, '../bin/ldm.js'), ...args], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      return Number(/MEMOIRE (\d+)/.exec(r.stderr)?.[1]) / 1024;
    };
    const avant = partiesDeLEtablissement(fichier);
    const donnees = (p: Record<string, string>) => Object.entries(p).filter(([n]) => /^xl\/(worksheets\/sheet\d+\.xml|tables\/table\d+\.xml)$/.test(n));
    expect(donnees(avant).length).toBe(4);
    const sansLiaison = mesurer('generate', fichier, '--etablissement', 'Lycée A bis');
    expect(mesurer('bind', fichier, '--indicateur', '1', '--table', 'tblEleves', '--colonne', 'Effectif', '--colonne-annee', 'Année')).toBeLessThan(400);
    // Pointe de RSS, ramasse-miettes compris : 280 à 350 Mo ici selon la charge de la machine (le tas vivant tient
    // sous 160 Mo) ; ExcelJS garde environ 2 Ko par cellule des 2 colonnes lues du tableau lié.
    const avecLiaison = mesurer('generate', fichier);
    console.log(`tableau de 50 000 lignes : generate ${sansLiaison.toFixed(0)} Mo sans liaison, ${avecLiaison.toFixed(0)} Mo avec une liaison`);
    expect(sansLiaison).toBeLessThan(250);
    expect(avecLiaison).toBeLessThan(400);
    expect(donnees(partiesDeLEtablissement(fichier))).toEqual(donnees(avant));
  });

  it('régénérer dix fois ne fait pas grossir les styles ni les textes partagés de plus de quelques octets', () => {
    const fichier = dossierEnrichi();
    expect(ldm('generate', fichier).code).toBe(0);
    const taille = (n: string) => Number(py('import zipfile,sys; print(zipfile.ZipFile(sys.argv[1]).getinfo(sys.argv[2]).file_size)', fichier, n));
    const styles = taille('xl/styles.xml');
    const textes = taille('xl/sharedStrings.xml');
    for (let k = 0; k < 10; k++) expect(ldm('generate', fichier).code).toBe(0);
    expect(taille('xl/styles.xml')).toBe(styles);
    // La date de génération change à chaque fois : son ancien texte reste (quelques dizaines d'octets).
    expect(taille('xl/sharedStrings.xml') - textes).toBeLessThan(1000);
  });
});
