import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, utimesSync } from 'fs';
import path from 'path';
import { PYTHON, dossierTemporaire, empreinte, inspecter, ldm, modifier, recalculerAvecLibreOffice } from './outils';

/**
 * Fichiers abîmés, hostiles ou retouchés hors de Pilote LDM (openpyxl, écriture directe du paquet, LibreOffice) :
 * rien n'est perdu ni altéré, et un mauvais fichier coûte un message en français, jamais un plantage.
 */

const F = 'LDM 003 Auto-évaluation';
const P = "LDM 002 Plan d'actions";
const L = (n: number) => 18 + n;

function py(code: string, ...args: string[]): string {
  const r = spawnSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

function dossier(...sheets: string[]): string {
  const f = path.join(dossierTemporaire(), 'lycee.xlsx');
  expect(ldm('generate', f, '--etablissement', 'Lycée A', '--rne', '0450051L', '--sheets', sheets.join(',') || 'autoevaluation').code).toBe(0);
  return f;
}

/** Un message d'erreur pour la personne : en français, sans pile d'appels ni texte de bibliothèque. */
function messageFrancais(texte: string): void {
  expect(texte).toMatch(/^Erreur : /);
  expect(texte).not.toMatch(/ at |Error:|TypeError|Cannot |undefined|null|\.js:/);
}

describe('fiabilité sur des fichiers réels et abîmés', () => {
  it('garde les émojis de longs textes à cheval sur les morceaux de lecture, et les caractères de contrôle comme Excel', () => {
    const f = dossier();
    // 46 preuves faites presque que d'émojis, décalées d'un caractère à chaque tour : une frontière de morceau de
    // 16 384 caractères tombe forcément au milieu d'une paire de substitution (JSZip et ExcelJS découpent ainsi).
    for (let decalage = 0; decalage < 3; decalage++) {
      const textes: Record<number, string> = {};
      for (let n = 1; n <= 46; n++) textes[n] = 'a'.repeat(decalage + (n % 2)) + `Preuve ${n} ` + '😀🎓'.repeat(300 + n) + ' fin';
      modifier(
        f,
        Object.entries(textes).map(([n, t]) => ({ op: 'set' as const, feuille: F, cellule: `D${L(Number(n))}`, valeur: t })),
      );
      expect(ldm('generate', f, '--etablissement', `Lycée A ${decalage}`).code).toBe(0);
      const c = inspecter(f).detail[F].cellules;
      const alteres = Object.entries(textes).filter(([n, t]) => c[`D${L(Number(n))}`] !== t);
      expect(alteres.map(([n]) => n)).toEqual([]);
      expect(JSON.stringify(c)).not.toContain('\ufffd');
    }

    // Un caractère de contrôle tel qu'Excel l'écrit (_x0001_) et un « _x0041_ » littéral (_x005F_x0041_).
    py(
      `
import sys, zipfile, re
f = sys.argv[1]
z = zipfile.ZipFile(f); parts = {n: z.read(n) for n in z.namelist()}; z.close()
sst = parts['xl/sharedStrings.xml'].decode()
n = sst.count('<si>')
sst = re.sub(r'</sst>$', '<si><t>Preuve_x0001_contrôle</t></si><si><t>Texte _x005F_x0041_ tapé</t></si></sst>', sst)
sst = re.sub(r'uniqueCount="\\d+"', 'uniqueCount="%d"' % (n + 2), sst)
parts['xl/sharedStrings.xml'] = sst.encode()
sh = parts['xl/worksheets/sheet2.xml'].decode()
for ligne, i in ((19, n), (20, n + 1)):
    sh = re.sub(r'<c r="D%d"([^>]*?)(/>|>.*?</c>)' % ligne, lambda m: '<c r="D%d"%s t="s"><v>%d</v></c>' % (ligne, re.sub(r'\\st="[^"]*"', '', m.group(1)), i), sh, count=1)
parts['xl/worksheets/sheet2.xml'] = sh.encode()
with zipfile.ZipFile(f, 'w', zipfile.ZIP_DEFLATED) as z:
    for k, v in parts.items(): z.writestr(k, v)
`,
      f,
    );
    expect(ldm('generate', f).code).toBe(0);
    const brut = py(
      `
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
sst = re.findall(r'<si>(.*?)</si>', z.read('xl/sharedStrings.xml').decode())
sh = z.read('xl/worksheets/sheet2.xml').decode()
def texte(ligne):
    i = int(re.search(r'<c r="D%d"[^>]*t="s"[^>]*><v>(\\d+)</v>' % ligne, sh).group(1))
    return re.sub(r'<[^>]+>', '', sst[i])
print(texte(19)); print(texte(20))
`,
      f,
    );
    expect(brut.trim().split('\n')).toEqual(['Preuve_x0001_contrôle', 'Texte _x005F_x0041_ tapé']);
  });

  it('ne remplace jamais par un modèle vierge un classeur qu’il ne peut pas lire', () => {
    const f = dossier('autoevaluation', 'plan');
    modifier(f, [{ op: 'set', feuille: F, cellule: `D${L(1)}`, valeur: 'Preuve précieuse' }]);
    py('import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1]);p={n:z.read(n) for n in z.namelist()};z.close()\ndel p["xl/_rels/workbook.xml.rels"]\nw=zipfile.ZipFile(sys.argv[1],"w",zipfile.ZIP_DEFLATED)\n[w.writestr(k,v) for k,v in p.items()];w.close()', f);
    const avant = empreinte(f);
    for (const commande of [['generate', f], ['generate', f, '--sheets', 'grille'], ['report', f], ['bind', f, '--indicateur', '1', '--table', 't', '--colonne', 'c', '--derniere-ligne'], ['check', f]]) {
      const r = ldm(...commande);
      expect(`${commande[0]} ${r.code}`).toBe(`${commande[0]} 2`);
      messageFrancais(r.erreur);
      expect(r.erreur).toContain('xl/_rels/workbook.xml.rels');
    }
    expect(empreinte(f)).toBe(avant);
    expect(readdirSync(path.dirname(f)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('un échec d’écriture ne laisse ni fichier temporaire ni fichier d’origine modifié', () => {
    const f = dossier();
    const avant = empreinte(f);
    const cible = path.join(path.dirname(f), 'cible.xlsx');
    mkdirSync(cible);
    const r = ldm('generate', f, '--out', cible);
    expect(r.code).toBe(2);
    messageFrancais(r.erreur);
    expect(r.erreur).toContain("Impossible d'écrire");
    expect(readdirSync(path.dirname(f)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(empreinte(f)).toBe(avant);
  });

  it('garde le type des saisies d’une ligne ajoutée au plan : dates, nombre sous un lien, booléen', () => {
    const f = dossier('plan');
    py(
      `
import sys, openpyxl, datetime
from openpyxl.utils import range_boundaries, get_column_letter
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["LDM 002 Plan d'actions"]
t = ws.tables['tblPlanActions']
c1, r1, c2, r2 = range_boundaries(t.ref)
h = {ws.cell(row=r1, column=c).value: c for c in range(c1, c2 + 1)}
r = r2 + 1
ws.cell(row=r, column=h['Critère'], value=3)
ws.cell(row=r, column=h['Actions'], value='Action ajoutée à la main')
ws.cell(row=r, column=h["Date de début d'action"], value=datetime.date(2026, 9, 1))
ws.cell(row=r, column=h["Date de fin prévue de l'action"], value=datetime.date(2026, 10, 1))
ws.cell(row=r, column=h['Objectifs'], value=42)
ws.cell(row=r, column=h['Objectifs']).hyperlink = 'https://exemple.fr/objectif'
ws.cell(row=r, column=h['Équipe de pilotage'], value=True)
t.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r}"
t.autoFilter.ref = t.ref
wb.save(sys.argv[1])
`,
      f,
    );
    for (let k = 0; k < 2; k++) expect(ldm('generate', f).code).toBe(0);
    const types = JSON.parse(
      py(
        `
import sys, json, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["LDM 002 Plan d'actions"]
t = ws.tables['tblPlanActions']
from openpyxl.utils import range_boundaries
c1, r1, c2, r2 = range_boundaries(t.ref)
h = {ws.cell(row=r1, column=c).value: c for c in range(c1, c2 + 1)}
ligne = [r for r in range(r1 + 1, r2 + 1) if ws.cell(row=r, column=h['Actions']).value == 'Action ajoutée à la main'][0]
out = {}
for nom in ["Date de début d'action", "Date de fin prévue de l'action", 'Objectifs', 'Équipe de pilotage']:
    c = ws.cell(row=ligne, column=h[nom])
    out[nom] = [type(c.value).__name__, str(c.value), c.hyperlink.target if c.hyperlink else None]
print(json.dumps(out))
`,
        f,
      ),
    );
    expect(types).toEqual({
      "Date de début d'action": ['datetime', '2026-09-01 00:00:00', null],
      "Date de fin prévue de l'action": ['datetime', '2026-10-01 00:00:00', null],
      Objectifs: ['int', '42', 'https://exemple.fr/objectif'],
      'Équipe de pilotage': ['bool', 'True', null],
    });
    // Le statut de la feuille (recalculé par LibreOffice) et ldm check lisent la même date : action en retard.
    const recalcule = recalculerAvecLibreOffice(f);
    const statuts = Object.values(inspecter(recalcule, true).detail[P].cellules);
    expect(statuts).toContain('En retard');
    const check = JSON.parse(ldm('check', f, '--json', '--today', '2026-11-26').sortie);
    expect(check.findings.filter((c: { kind: string }) => c.kind === 'action-en-retard').length).toBe(1);
  });

  it('une preuve « ="" » est une preuve manquante, pour la feuille comme pour ldm check', () => {
    const f = dossier();
    modifier(f, [
      { op: 'set', feuille: F, cellule: `D${L(1)}`, valeur: '=""' },
      { op: 'set', feuille: F, cellule: `D${L(2)}`, valeur: 'Vraie preuve' },
    ]);
    const check = JSON.parse(ldm('check', f, '--json').sortie);
    const manquantes = check.findings.filter((c: { kind: string; cell: string }) => c.kind === 'preuve-manquante').map((c: { cell: string }) => c.cell);
    expect(manquantes).toContain(`D${L(1)}`);
    expect(manquantes).not.toContain(`D${L(2)}`);
    const statut = inspecter(recalculerAvecLibreOffice(f), true).detail[F].cellules;
    const colonneStatut = Object.entries(statut).find(([k, v]) => k.endsWith(String(L(1))) && v === 'Preuve manquante');
    expect(colonneStatut).toBeTruthy();
  });

  it('garde et signale des liaisons enregistrées illisibles, et lit un tableau nommé « constructor »', () => {
    const f = dossier('plan');
    modifier(f, [{ op: 'tableau', feuille: 'Effectifs', nom: 'constructor', lignes: [['Année', 'Effectif'], ['2026-2027', 412]] }]);
    expect(ldm('bind', f, '--indicateur', '1', '--table', 'constructor', '--colonne', 'Effectif', '--colonne-annee', 'Année').code).toBe(0);
    expect(JSON.parse(ldm('check', f, '--json').sortie).findings.filter((c: { kind: string }) => c.kind === 'liaison-rompue')).toEqual([]);
    const cellule = JSON.parse(
      py(
        `
import sys, json, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Pilote LDM']
for row in ws.iter_rows():
    for c in row:
        if c.value == 'liaisons':
            print(json.dumps(ws.cell(row=c.row, column=c.column + 1).coordinate)); sys.exit()
`,
        f,
      ),
    );
    for (const garbage of ['[null]', '{pas du json', '[{"indicateur":1,"table":"constructor","colonne":"Effectif","mode":"annee"}]']) {
      modifier(f, [{ op: 'set', feuille: 'Pilote LDM', cellule: cellule, valeur: garbage }]);
      const check = ldm('check', f, '--json');
      expect(check.code).toBe(0);
      const constats = JSON.parse(check.sortie).findings.filter((c: { kind: string }) => c.kind === 'liaison-rompue');
      expect(constats.length).toBe(1);
      expect(constats[0].cell).toBe(cellule);
      const g = ldm('generate', f);
      expect(g.code).toBe(0);
      expect(inspecter(f).detail['Pilote LDM'].cellules[cellule]).toBe(garbage);
      // La consolidation garde l'établissement : ses liaisons ne servent pas à la synthèse régionale.
      const c = JSON.parse(ldm('consolidate', f, '--out', path.join(dossierTemporaire(), 'region.xlsx'), '--json').sortie);
      expect(c.etablissements.map((e: { rne: string }) => e.rne)).toEqual(['0450051L']);
    }
  });

  it('refuse en français un tableau à la plage vide, invalide ou démesurée, sans rien écrire', () => {
    for (const ref of ['', 'ZZZ', 'A1:XFD1048576']) {
      const f = dossier();
      py(
        `
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1]); p = {n: z.read(n) for n in z.namelist()}; z.close()
for n in p:
    if n.startswith('xl/tables/') and b'tblAutoEvaluation' in p[n]:
        p[n] = re.sub(rb' ref="[^"]*"', b' ref="' + sys.argv[2].encode() + b'"', p[n], count=1)
w = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED); [w.writestr(k, v) for k, v in p.items()]; w.close()
`,
        f,
        ref,
      );
      const avant = empreinte(f);
      for (const c of ['check', 'generate', 'report']) {
        const t0 = Date.now();
        const r = ldm(c, f);
        expect(Date.now() - t0).toBeLessThan(20000);
        expect([1, 2]).toContain(r.code);
        messageFrancais(r.erreur);
      }
      expect(empreinte(f)).toBe(avant);
    }
  });

  it('ne lit que des fichiers ordinaires de taille raisonnable : tube, /dev/zero, bombe de décompression, million de lignes', () => {
    const d = dossierTemporaire();
    const tube = path.join(d, 'tube.xlsx');
    spawnSync('mkfifo', [tube]);
    symlinkSync('/dev/zero', path.join(d, 'zero.xlsx'));
    // Bombe : une partie de 200 Mo de zéros compressée en quelques centaines de Ko.
    py(
      `
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr('xl/workbook.xml', '<workbook/>')
    z.writestr('xl/worksheets/sheet1.xml', b'0' * (200 * 1024 * 1024))
`,
      path.join(d, 'bombe.xlsx'),
    );
    // Un million de lignes, écrites en flux par openpyxl (quelques Mo compressés).
    py(
      `
import sys, openpyxl
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet('Données')
for i in range(1000001):
    ws.append([i])
wb.save(sys.argv[1])
`,
      path.join(d, 'million.xlsx'),
    );
    const valide = path.join(d, 'lycee.xlsx');
    expect(ldm('generate', valide, '--etablissement', 'Lycée A', '--rne', '0450051L').code).toBe(0);
    for (const nom of ['tube.xlsx', 'zero.xlsx', 'bombe.xlsx', 'million.xlsx']) {
      const t0 = Date.now();
      const r = spawnSync('/usr/bin/time', ['-f', '%M', 'node', path.resolve(__dirname, '../bin/ldm.js'), 'check', path.join(d, nom)], { encoding: 'utf8', timeout: 60000 });
      expect(`${nom} ${r.status}`).toBe(`${nom} 2`);
      const lignes = r.stderr.trim().split('\n');
      const memoireKo = Number(lignes.pop());
      messageFrancais(lignes.join('\n'));
      expect(memoireKo).toBeLessThan(300 * 1024);
      expect(Date.now() - t0).toBeLessThan(30000);
    }
    // En consolidation, chacun coûte une ligne d'anomalie ; le lot passe, le classeur valide est pris.
    const r = ldm('consolidate', d, '--out', path.join(dossierTemporaire(), 'region.xlsx'), '--json');
    expect(r.code).toBe(0);
    const sortie = JSON.parse(r.sortie);
    expect(sortie.etablissements.map((e: { rne: string }) => e.rne)).toEqual(['0450051L']);
    expect(sortie.anomalies.filter((a: { prise: string }) => a.prise === 'non').map((a: { fichier: string }) => path.basename(a.fichier)).sort()).toEqual(['bombe.xlsx', 'million.xlsx', 'tube.xlsx', 'zero.xlsx']);
  });

  it('une validation de données sur des colonnes entières : gardée sur une feuille de l’établissement, refusée en français sur une feuille réécrite', () => {
    const f = dossier();
    py(
      `
import sys, openpyxl
from openpyxl.worksheet.datavalidation import DataValidation
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.create_sheet('Suivi')
ws['A1'] = 'Élève'
dv = DataValidation(type='list', formula1='"Oui,Non"', allow_blank=True); ws.add_data_validation(dv); dv.add('B1:XFD1048576')
wb.save(sys.argv[1])
`,
      f,
    );
    const t0 = Date.now();
    expect(ldm('generate', f, '--etablissement', 'Lycée A (nouveau nom)').code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(20000);
    const lu = py("import sys, openpyxl; ws = openpyxl.load_workbook(sys.argv[1])['Suivi']; print([str(v.sqref) for v in ws.data_validations.dataValidation])", f);
    expect(lu.trim()).toBe("['B1:XFD1048576']");
    // La même validation posée sur la feuille LDM 003, que Pilote LDM réécrit : refus motivé, fichier intact.
    py(
      `
import sys, openpyxl
from openpyxl.worksheet.datavalidation import DataValidation
wb = openpyxl.load_workbook(sys.argv[1])
dv = DataValidation(type='list', formula1='"Oui,Non"'); wb['LDM 003 Auto-évaluation'].add_data_validation(dv); dv.add('K1:K1048576')
wb.save(sys.argv[1])
`,
      f,
    );
    const avant = empreinte(f);
    const r = ldm('generate', f);
    expect(r.code).toBe(1);
    expect(r.erreur).toContain('la feuille « LDM 003 Auto-évaluation » contient une validation de données sur des colonnes entières (« K1:K1048576 »)');
    expect(empreinte(f)).toBe(avant);
    expect(ldm('check', f).code).toBe(0);
  });

  it('consolidation : de deux copies d’un même classeur, garde celle que l’établissement a remplie après l’autre', () => {
    const d = dossierTemporaire('copies-');
    const original = path.join(d, 'lycee.xlsx');
    expect(ldm('generate', original, '--etablissement', 'Lycée A', '--rne', '0450051L', '--sheets', 'grille').code).toBe(0);
    // La copie est faite juste après la génération (même empreinte de génération)…
    const copie = path.join(d, 'lycee - copie.xlsx');
    copyFileSync(original, copie);
    // … puis l'établissement remplit l'original dans son tableur, qui inscrit la date d'enregistrement dans le classeur.
    py(
      `
import sys, openpyxl, datetime
wb = openpyxl.load_workbook(sys.argv[1])
wb["Grille d'audit"]['E19'] = 'x'
wb.properties.modified = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) + datetime.timedelta(hours=1)
wb.save(sys.argv[1])
`,
      original,
    );
    // La copie a pourtant la date de fichier la plus récente (copiée ou téléchargée ensuite) : c'est le contenu qui décide.
    const recente = new Date(Date.now() + 7200_000);
    utimesSync(copie, recente, recente);
    const ancienne = new Date(Date.now() - 3600_000);
    const r = ldm('consolidate', d, '--out', path.join(dossierTemporaire(), 'region.xlsx'), '--json');
    const sortie = JSON.parse(r.sortie);
    expect(sortie.etablissements.map((e: { fichier: string }) => path.basename(e.fichier))).toEqual(['lycee.xlsx']);
    const anomalie = sortie.anomalies.find((a: { fichier: string }) => a.fichier.endsWith('lycee - copie.xlsx'));
    expect(anomalie.motif).toMatch(/autre copie .* « [^»]*lycee\.xlsx » est retenue \(modifiée le/);
    // Deux copies identiques : la plus récente sur le disque l'emporte, quel que soit l'ordre des noms.
    const d2 = dossierTemporaire('copies-');
    copyFileSync(copie, path.join(d2, 'a.xlsx'));
    copyFileSync(copie, path.join(d2, 'b.xlsx'));
    utimesSync(path.join(d2, 'b.xlsx'), ancienne, ancienne);
    const r2 = JSON.parse(ldm('consolidate', d2, '--out', path.join(dossierTemporaire(), 'region.xlsx'), '--json').sortie);
    expect(r2.etablissements.map((e: { fichier: string }) => path.basename(e.fichier))).toEqual(['a.xlsx']);
    expect(r2.anomalies[0].motif).toMatch(/fichier daté du/);
    expect(existsSync(original) && statSync(original).size > 0).toBe(true);
  });
});
