/**
 * Chaque feuille générée s'imprime comme un formulaire : LibreOffice exporte le dossier de démonstration en PDF,
 * on compte les pages de chaque feuille (par son en-tête de page), on vérifie qu'aucune page n'est réduite sous la
 * moitié de sa taille (hauteur des mots comparée à celle d'un texte de même police imprimé à 100 %), et openpyxl
 * relit chaque hauteur de ligne et chaque formule. Les pages de LDM 002 et des indicateurs sont gardées en PNG.
 */
import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync } from 'fs';
import path from 'path';
import { PYTHON, RACINE, dossierTemporaire, enPdf, ldm } from './outils';


function pages(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)![1]);
}

/** La hauteur de mot la plus fréquente d'une page (pdftotext -bbox) : la taille du texte courant une fois imprimé. */
function hauteurCourante(pdf: string, page: number): number {
  const xml = spawnSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', pdf, '-'], { encoding: 'utf8' }).stdout;
  const compte = new Map<string, number>();
  for (const m of xml.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)) {
    const h = (Number(m[2]) - Number(m[1])).toFixed(1);
    compte.set(h, (compte.get(h) ?? 0) + 1);
  }
  return Number([...compte.entries()].sort((a, b) => b[1] - a[1])[0][0]);
}

function premiereLigne(pdf: string, page: number): string {
  const texte = spawnSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
  return (texte.split('\n').find((l) => l.trim()) ?? '').trim();
}

const BUDGETS: Array<{ entete: RegExp; feuille: string; max: number }> = [
  { entete: /^Pilote LDM — identité/, feuille: 'Pilote LDM', max: 1 },
  { entete: /^Grille d'auto-évaluation — LDM 003/, feuille: 'LDM 003', max: 4 },
  { entete: /Plan d'actions annuel — LDM 002$/, feuille: 'LDM 002 (8 actions)', max: 2 },
  { entete: /Plan d'actions annuel \(formulaire\) — LDM 002$/, feuille: 'LDM 002 formulaire', max: 2 },
  { entete: /Indicateurs — LDM 002$/, feuille: 'Indicateurs', max: 3 },
  { entete: /^Grille d'audit — LDM 011/, feuille: "Grille d'audit", max: 4 },
  { entete: /^Rapport d'audit LDM 011/, feuille: 'LDM 011', max: 4 },
  { entete: /^Suivi des fiches d’écart/, feuille: 'LDM 010 suivi', max: 1 },
  { entete: /^Fiche d'écart LDM 010/, feuille: 'LDM 010 fiche', max: 2 },
  { entete: /^Fiche de candidature LDM 001/, feuille: 'LDM 001', max: 1 },
  { entete: /^Fiche suivi pilotage de critère LDM 004/, feuille: 'LDM 004 (8 critères)', max: 8 },
  { entete: /^Fiche action LDM 005/, feuille: 'LDM 005', max: 2 },
  { entete: /^Fiche engagement LDM 006/, feuille: 'LDM 006', max: 2 },
  { entete: /^Plan d'audit LDM 008/, feuille: 'LDM 008', max: 2 },
  { entete: /^Feuille d'émargement LDM 009/, feuille: 'LDM 009', max: 1 },
  { entete: /^Questionnaire audités LDM 012/, feuille: 'LDM 012', max: 1 },
];

describe('formulaires imprimés (PDF de LibreOffice)', () => {
  it('chaque feuille tient dans son budget de pages, lisible (échelle ≥ 50 %), lignes ≤ 409 pt, formules ≤ 1 000 caractères', () => {
    const dossier = dossierTemporaire();
    const f = path.join(dossier, 'demo.xlsx');
    expect(ldm('demo', f).code).toBe(0);

    // La référence : un texte dans la police par défaut, imprimé à 100 %.
    const reference = path.join(dossier, 'reference.xlsx');
    const py = spawnSync(PYTHON, ['-c', 'import openpyxl,sys\nwb=openpyxl.Workbook()\nwb.active["A1"]="Texte de référence imprimé à cent pour cent"\nwb.save(sys.argv[1])', reference], { encoding: 'utf8' });
    expect(py.stderr).toBe('');
    const hauteur100 = hauteurCourante(enPdf(reference), 1);
    expect(hauteur100).toBeGreaterThan(10);

    const pdf = enPdf(f);
    const n = pages(pdf);
    const parFeuille = new Map<string, number[]>();
    for (let p = 1; p <= n; p++) {
      const budget = BUDGETS.find((b) => b.entete.test(premiereLigne(pdf, p)));
      if (budget) parFeuille.set(budget.feuille, [...(parFeuille.get(budget.feuille) ?? []), p]);
    }
    const resume: string[] = [];
    for (const b of BUDGETS) {
      const ps = parFeuille.get(b.feuille) ?? [];
      const echelles = ps.map((p) => Math.round((100 * hauteurCourante(pdf, p)) / hauteur100));
      resume.push(`${b.feuille} : ${ps.length} page(s), échelle ${Math.min(...echelles)} %`);
      expect([b.feuille, ps.length >= 1 && ps.length <= b.max]).toEqual([b.feuille, true]);
      for (const e of echelles) expect([b.feuille, e >= 50]).toEqual([b.feuille, true]);
    }
    console.log(`Impression du dossier de démonstration (${n} pages) — ${resume.join(' ; ')}`);

    // Les pages du plan et des indicateurs, en PNG, pour les regarder (et pour le README).
    const captures = path.join(RACINE, 'assets', 'captures');
    if (existsSync(captures)) {
      mkdirSync(path.join(dossier, 'png'), { recursive: true });
      const aCapturer = [
        ['LDM 002 (8 actions)', 'impression-ldm002', 0],
        ['LDM 002 formulaire', 'impression-ldm002-formulaire', 0],
        ['Indicateurs', 'impression-indicateurs', 0],
        ['Indicateurs', 'impression-indicateurs-statuts', 1],
        ['LDM 001', 'impression-ldm001', 0],
        ['LDM 008', 'impression-ldm008', 0],
        ['LDM 003', 'impression-ldm003', 0],
        ['LDM 009', 'impression-ldm009', 0],
        ['LDM 012', 'impression-ldm012', 0],
      ] as const;
      for (const [feuille, nom, k] of aCapturer) {
        const p = parFeuille.get(feuille)![k];
        const png = path.join(dossier, 'png', nom);
        expect(spawnSync('pdftoppm', ['-f', String(p), '-l', String(p), '-r', '70', '-png', '-singlefile', pdf, png]).status).toBe(0);
        if (process.env.LDM_CAPTURES) copyFileSync(`${png}.png`, path.join(captures, `${nom}.png`));
      }
    }

    // openpyxl relit chaque ligne et chaque formule de chaque feuille.
    const script = `
import openpyxl, sys, json
wb = openpyxl.load_workbook(sys.argv[1])
out = {"hauteurMax": 0, "formuleMax": 0, "imbricationMax": 0}
for ws in wb.worksheets:
    for r, d in ws.row_dimensions.items():
        if d.height: out["hauteurMax"] = max(out["hauteurMax"], d.height)
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if isinstance(v, str) and v.startswith("="):
                out["formuleMax"] = max(out["formuleMax"], len(v))
                p = m = 0
                dans_texte = False
                for ch in v:
                    if ch == '"': dans_texte = not dans_texte
                    elif not dans_texte and ch == "(": p += 1; m = max(m, p)
                    elif not dans_texte and ch == ")": p -= 1
                out["imbricationMax"] = max(out["imbricationMax"], m)
print(json.dumps(out))
`;
    const r = spawnSync(PYTHON, ['-c', script, f], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const mesures = JSON.parse(r.stdout) as { hauteurMax: number; formuleMax: number; imbricationMax: number };
    console.log(`Hauteur de ligne max ${mesures.hauteurMax} pt, formule la plus longue ${mesures.formuleMax} caractères, imbrication max ${mesures.imbricationMax}`);
    expect(mesures.hauteurMax).toBeLessThanOrEqual(409);
    expect(mesures.formuleMax).toBeLessThanOrEqual(1000);
    expect(mesures.imbricationMax).toBeLessThanOrEqual(64);
  });
});
