import { spawnSync } from 'child_process';
import { copyFileSync, mkdtempSync, writeFileSync, mkdirSync, existsSync, readdirSync, readFileSync } from 'fs';
import { createHash } from 'crypto';
import os from 'os';
import path from 'path';

export const RACINE = path.resolve(__dirname, '..');
/** Le Python de Debian, celui qui a python3-openpyxl (pas un Python d'un gestionnaire de versions). */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export function dossierTemporaire(prefixe = 'ldm-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefixe));
}

export interface Execution {
  code: number;
  sortie: string;
  erreur: string;
}

export function ldm(...args: string[]): Execution {
  const r = spawnSync(process.execPath, [path.join(RACINE, 'bin/ldm.js'), ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, sortie: r.stdout, erreur: r.stderr };
}

function python(script: string, args: string[]): string {
  const r = spawnSync(PYTHON, [path.join(RACINE, 'test/python', script), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${script} a échoué : ${r.stderr}`);
  return r.stdout;
}

export interface Inspection {
  feuilles: string[];
  noms: Record<string, string>;
  detail: Record<
    string,
    {
      tableaux: Record<string, { ref: string; colonnes: string[] }>;
      validations: Array<{ plage: string; type: string; formule: string; erreur: string }>;
      misesEnForme: Array<{ plage: string; type: string; formules: string[] }>;
      cellules: Record<string, string | number | boolean>;
      fusions: string[];
      orientation: string;
      papier: number | string;
      ajusterLargeur: number;
      ajusterPage: boolean | null;
      lignesRepetees: string | null;
      zoneImpression: string | string[] | null;
      /** Cellules en gras rouge (la mise en forme que les tests appliquent « à la main »). */
      gras: string[];
      notes: Record<string, string>;
      /** Largeur (en caractères) de chaque colonne qui en porte une, par lettre. */
      largeurs: Record<string, number>;
    }
  >;
}

export function inspecter(fichier: string, valeurs = false): Inspection {
  return JSON.parse(python('inspecter.py', valeurs ? [fichier, '--valeurs'] : [fichier]));
}

/** Ce que `test/python/styles.py` dit d'un classeur : chaque cellule des feuilles demandées, avec son style (openpyxl). */
export interface SignaturesDeStyle {
  feuilles: Record<string, { cellules: Record<string, unknown[]>; regles: unknown[]; selectionnee: boolean }>;
  cellXfs: number;
  dxfs: number;
}

/** Valeur et style de chaque cellule, mises en forme conditionnelles, nombre de styles ; openpyxl sans un avertissement. */
export function signaturesDeStyle(fichier: string, feuilles: string[]): SignaturesDeStyle {
  const r = spawnSync(PYTHON, [path.join(RACINE, 'test/python/styles.py'), fichier, ...feuilles], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 || r.stderr) throw new Error(`styles.py a échoué ou averti : ${r.stderr}`);
  return JSON.parse(r.stdout) as SignaturesDeStyle;
}

export type Operation =
  | { op: 'set'; feuille: string; cellule: string; valeur: string | number | null; date?: boolean }
  | { op: 'echanger'; feuille: string; a: number; b: number }
  | { op: 'supprimer_tableau'; feuille: string; nom: string }
  | { op: 'etendre_tableau'; feuille: string; nom: string; lignes: number }
  | { op: 'gras'; feuille: string; cellule: string }
  | { op: 'note'; feuille: string; cellule: string; texte: string }
  | { op: 'graphique'; feuille: string; cellule: string }
  | { op: 'tableau'; feuille: string; nom: string; lignes: Array<Array<string | number | null>> }
  | { op: 'renommer_tableau'; feuille: string; nom: string; nouveau: string }
  | { op: 'supprimer_colonne'; feuille: string; nom: string; colonne: number }
  | { op: 'ajouter_colonne'; feuille: string; nom: string; entete: string; valeurs: Record<number, string> }
  | { op: 'vider_feuille'; feuille: string }
  | { op: 'fusionner'; feuille: string; plage: string }
  | { op: 'liste'; feuille: string; cellule: string; valeurs: string[] }
  | { op: 'renommer_colonne'; feuille: string; nom: string; ancien: string; nouveau: string };

export function modifier(fichier: string, operations: Operation[]): void {
  const ops = path.join(dossierTemporaire(), 'ops.json');
  writeFileSync(ops, JSON.stringify(operations));
  python('modifier.py', [fichier, ops]);
}

export type OperationPaquet =
  | { op: 'zone_de_texte'; feuille: string; texte: string }
  | { op: 'sparkline'; feuille: string; source: string; cellule: string }
  | { op: 'lien_externe'; feuille: string; cellule: string; classeur: string; valeur: string }
  | { op: 'objet_incorpore'; feuille: string };

/** Ajoute au paquet ce qu'Excel enregistre et qu'aucune bibliothèque n'écrit (zone de texte, sparklines, lien externe, OLE). */
export function ajouterContenus(fichier: string, operations: OperationPaquet[]): void {
  const ops = path.join(dossierTemporaire(), 'ops.json');
  writeFileSync(ops, JSON.stringify(operations));
  python('contenus.py', [fichier, ops]);
}

export const empreinte = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

/** Les parties d'un .xlsx et l'empreinte de chacune (lecture par le zipfile de Python, indépendant de JSZip). */
export function parties(fichier: string): Record<string, string> {
  const r = spawnSync(PYTHON, ['-c', 'import zipfile,hashlib,json,sys; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist() if not n.endswith("/")}))', fichier], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Record<string, string>;
}

/** Empreintes des dessins et graphiques du fichier (parties xl/drawings et xl/charts, hors formes VML des notes). */
export function partiesDessin(fichier: string): string[] {
  return Object.entries(parties(fichier))
    .filter(([n]) => /^xl\/(drawings|charts)\//.test(n) && !n.endsWith('.vml'))
    .map(([n, h]) => `${n} ${h}`)
    .sort();
}

/** Recalcule toutes les formules avec LibreOffice (profil forçant le recalcul) et rend le chemin du résultat. */
export function recalculerAvecLibreOffice(fichier: string): string {
  const profil = dossierTemporaire('lo-profil-');
  mkdirSync(path.join(profil, 'user'), { recursive: true });
  writeFileSync(
    path.join(profil, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  const sortie = dossierTemporaire('lo-sortie-');
  const r = spawnSync(
    'soffice',
    [`-env:UserInstallation=file://${profil}`, '--headless', '--convert-to', 'xlsx', '--outdir', sortie, fichier],
    { encoding: 'utf8', timeout: 120000 },
  );
  const produit = readdirSync(sortie).find((f) => f.endsWith('.xlsx'));
  if (r.status !== 0 || !produit) throw new Error(`LibreOffice n'a pas converti ${fichier} : ${r.stderr}`);
  return path.join(sortie, produit);
}

/**
 * Trois vrais dossiers pour les tests de robustesse : la démonstration complète ; un dossier retouché par openpyxl
 * (tableau de l'établissement lié à l'indicateur 1, preuve longue, coche et `saisies` en plus) ; la démonstration
 * passée par LibreOffice. Rend leurs chemins et le résultat de la liaison.
 */
export function dossiersReels(d: string, preuve: string, saisies: Operation[] = []): { demo: string; retouche: string; libreoffice: string; liaison: Execution } {
  const demo = path.join(d, 'demo.xlsx');
  expect(ldm('demo', demo).code).toBe(0);
  const retouche = path.join(d, 'retouche.xlsx');
  expect(ldm('generate', retouche, '--etablissement', 'Lycée B', '--rne', '0750654D', '--sheets', 'autoevaluation,plan,grille').code).toBe(0);
  modifier(retouche, [
    { op: 'tableau', feuille: 'Effectifs', nom: 'tblEffectifs', lignes: [['Année', 'Effectif'], ['2025-2026', 398], ['2026-2027', 412]] },
    { op: 'set', feuille: 'LDM 003 Auto-évaluation', cellule: 'D19', valeur: preuve },
    { op: 'set', feuille: "Grille d'audit", cellule: 'G19', valeur: 'x' },
    ...saisies,
  ]);
  const liaison = ldm('bind', retouche, '--indicateur', '1', '--table', 'tblEffectifs', '--colonne', 'Effectif', '--colonne-annee', 'Année');
  const libreoffice = path.join(d, 'libreoffice.xlsx');
  copyFileSync(recalculerAvecLibreOffice(demo), libreoffice);
  return { demo, retouche, libreoffice, liaison };
}


/** Le PDF que LibreOffice imprime d'un classeur (toutes ses feuilles, zones d'impression comprises). */
export function enPdf(xlsx: string): string {
  const dossier = dossierTemporaire('pdf-');
  const lo = spawnSync('soffice', [`-env:UserInstallation=file://${dossierTemporaire('lo-')}`, '--headless', '--convert-to', 'pdf', '--outdir', dossier, xlsx], { encoding: 'utf8', timeout: 180000 });
  expect(lo.status).toBe(0);
  return path.join(dossier, path.basename(xlsx).replace(/\.xlsx$/, '.pdf'));
}

/**
 * Un classeur qui ne garde que ces feuilles, comme « Enregistrer la feuille en PDF » ; `aussi` garde d'autres feuilles
 * masquées (celles que leurs formules lisent, « Pilote LDM » par exemple).
 */
export function feuillesSeules(fichier: string, feuilles: string[], aussi: string[] = []): string {
  const sortie = path.join(dossierTemporaire(), `${path.basename(fichier, '.xlsx')}-extrait.xlsx`);
  const py = spawnSync(
    PYTHON,
    [
      '-c',
      // openpyxl prévient qu'il ne garde pas les extensions (barres de données x14) : sans effet sur les feuilles extraites.
      'import json,openpyxl,sys,warnings\nwarnings.simplefilter("ignore")\nwb=openpyxl.load_workbook(sys.argv[1])\ngarder,masquer=json.loads(sys.argv[3]),json.loads(sys.argv[4])\nfor n in wb.sheetnames:\n    if n in masquer: wb[n].sheet_state="hidden"\n    elif n not in garder: del wb[n]\nwb.save(sys.argv[2])',
      fichier,
      sortie,
      JSON.stringify(feuilles),
      JSON.stringify(aussi),
    ],
    { encoding: 'utf8' },
  );
  expect(py.stderr).toBe('');
  return sortie;
}

/** Le texte d'un PDF (pdftotext), page par page. */
export function pagesDuPdf(pdf: string): string[] {
  return spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout.split('\f');
}

/** Une grille d'audit d'équipe : établissement, date d'audit (25/03/2027), référente et deux co-auditeurs. */
export function grilleDEquipe(fichier: string, etablissement: string): void {
  expect(ldm('generate', fichier, '--sheets', 'grille', '--etablissement', etablissement, '--rne', '0450051L').code).toBe(0);
  const G = "Grille d'audit";
  modifier(fichier, [
    { op: 'set', feuille: G, cellule: 'C6', valeur: '2027-03-25', date: true },
    { op: 'set', feuille: G, cellule: 'C8', valeur: 'Mme Référente' },
    { op: 'set', feuille: G, cellule: 'C9', valeur: 'M. Co' },
    { op: 'set', feuille: G, cellule: 'C10', valeur: 'Mme Tierce' },
  ]);
}
