import { spawnSync } from 'child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import path from 'path';
import { Operation, PYTHON, dossierTemporaire, empreinte, inspecter, ldm, modifier, partiesDessin, recalculerAvecLibreOffice, signaturesDeStyle } from './outils';

const G = "Grille d'audit";
const ligne = (n: number) => 16 + n;
const RESEAU = [25, 31, 34, 45];

/** Le classeur d'un lycée : grille LDM 003, plan, grille d'audit cochée avec des NC choisies. */
function classeurLycee(dossier: string, nom: string, rne: string, etablissement: string, nc: number[], constatPiege?: string): string {
  const f = path.join(dossier, nom);
  expect(ldm('generate', f, '--sheets', 'autoevaluation,plan,grille', '--etablissement', etablissement, '--rne', rne).code).toBe(0);
  const ops: Operation[] = [
    { op: 'set', feuille: G, cellule: 'C6', valeur: '2027-03-25', date: true },
    { op: 'set', feuille: G, cellule: 'C8', valeur: 'Référente' },
    { op: 'set', feuille: G, cellule: 'C9', valeur: 'Co-auditeur' },
    { op: 'set', feuille: 'LDM 003 Auto-évaluation', cellule: 'D19', valeur: 'Carte des formations' },
  ];
  for (let n = 1; n <= 46; n++) if (!RESEAU.includes(n)) ops.push({ op: 'set', feuille: G, cellule: `${nc.includes(n) ? 'G' : 'E'}${ligne(n)}`, valeur: 'x' });
  for (const n of nc) ops.push({ op: 'set', feuille: G, cellule: `H${ligne(n)}`, valeur: constatPiege ?? `Écart sur le descripteur ${n}` });
  modifier(f, ops);
  return f;
}

function corpus(): string {
  const d = dossierTemporaire('corpus-');
  classeurLycee(d, 'lycee-a.xlsx', '0450051L', 'Lycée A', [3]);
  classeurLycee(d, 'lycee-b.xlsx', '0750654D', 'Lycée B', [12, 40], '=HYPERLINK("http://x","clic")');
  // Deux versions du lycée C : la seconde, générée plus tard, doit l'emporter.
  const c1 = classeurLycee(d, 'lycee-c-v1.xlsx', '0180001A', 'Lycée C (ancienne)', [20]);
  spawnSync('sleep', ['1']);
  classeurLycee(d, 'lycee-c-v2.xlsx', '0180001A', 'Lycée C', []);
  expect(c1).toBeTruthy();
  // Des fichiers qui ne sont pas des classeurs Pilote LDM.
  writeFileSync(path.join(d, 'vide.xlsx'), '');
  writeFileSync(path.join(d, 'protege.xlsx'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
  writeFileSync(path.join(d, 'tronque.xlsx'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]));
  const word = spawnSync(PYTHON, ['-c', 'import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],"w")\nz.writestr("word/document.xml","<w/>")\nz.writestr("[Content_Types].xml","<Types/>")\nz.close()', path.join(d, 'rapport-word.xlsx')]);
  expect(word.status).toBe(0);
  const etranger = spawnSync(PYTHON, ['-c', 'import openpyxl,sys\nwb=openpyxl.Workbook()\nwb.active["A1"]="Effectifs"\nwb.save(sys.argv[1])', path.join(d, 'effectifs.xlsx')]);
  expect(etranger.status).toBe(0);
  // Une grille abîmée par l'utilisateur : N° du descripteur 5 écrasé.
  const abime = path.join(d, 'lycee-d.xlsx');
  copyFileSync(classeurLycee(dossierTemporaire(), 'x.xlsx', '0620192X', 'Lycée D', [7]), abime);
  modifier(abime, [{ op: 'set', feuille: G, cellule: `A${ligne(5)}`, valeur: 'cinq' }]);
  // Un classeur d'une version plus ancienne de Pilote LDM (schéma 0) : lu au mieux, signalé.
  const vieux = classeurLycee(d, 'lycee-e.xlsx', '0330001Y', 'Lycée E', []);
  modifier(vieux, [{ op: 'set', feuille: 'Pilote LDM', cellule: 'C13', valeur: '0' }]);
  // Un fichier trop gros : refusé sur sa taille, jamais lu (fichier creux de 51 Mo).
  expect(spawnSync('truncate', ['-s', '51M', path.join(d, 'enorme.xlsx')]).status).toBe(0);
  mkdirSync(path.join(d, 'sous-dossier'));
  writeFileSync(path.join(d, 'sous-dossier', 'notes.txt'), 'pas un classeur');
  return d;
}

describe('consolidation régionale', () => {
  let dossier: string;
  let region: string;
  let sortie: { etablissements: Array<Record<string, unknown>>; anomalies: Array<{ fichier: string; prise: string; motif: string }> };
  beforeAll(() => {
    dossier = corpus();
    region = path.join(dossierTemporaire(), 'region.xlsx');
    const r = ldm('consolidate', dossier, '--out', region, '--json');
    expect(r.erreur).toBe('');
    expect(r.code).toBe(0);
    sortie = JSON.parse(r.sortie);
  });

  it('prend les bons fichiers et écarte les mauvais, chacun avec sa raison', () => {
    expect(sortie.etablissements.map((e) => e.rne)).toEqual(['0180001A', '0330001Y', '0450051L', '0620192X', '0750654D']);
    const motif = (nom: string) => sortie.anomalies.find((a) => a.fichier.endsWith(nom));
    expect(motif('vide.xlsx')?.motif).toMatch(/est vide/);
    expect(motif('protege.xlsx')?.motif).toMatch(/protégé par un mot de passe/);
    expect(motif('tronque.xlsx')?.motif).toMatch(/endommagé/);
    expect(motif('rapport-word.xlsx')?.motif).toMatch(/document Word/);
    expect(motif('effectifs.xlsx')?.motif).toMatch(/pas un classeur Pilote LDM/);
    expect(motif('lycee-c-v1.xlsx')).toMatchObject({ prise: 'non' });
    expect(motif('lycee-c-v1.xlsx')?.motif).toMatch(/autre copie .* « [^»]*lycee-c-v2\.xlsx » est retenue \(modifiée le/);
    expect(motif('lycee-d.xlsx')).toMatchObject({ prise: 'partielle' });
    expect(motif('lycee-d.xlsx')?.motif).toMatch(/grille d'audit endommagée/);
    expect(sortie.anomalies.some((a) => a.fichier.endsWith('notes.txt'))).toBe(false);
    expect(motif('lycee-e.xlsx')).toMatchObject({ prise: 'partielle' });
    expect(motif('lycee-e.xlsx')?.motif).toMatch(/schéma ancien \(0\)/);
    expect(motif('enorme.xlsx')?.motif).toMatch(/fichier de 51 Mo, au-delà de 50 Mo : non ouvert/);
  });

  it('écrit la synthèse, les constats à plat, la matrice et les anomalies, relus par openpyxl', () => {
    const i = inspecter(region);
    expect(i.feuilles).toEqual(['Synthèse régionale', 'Registre des labels', 'Historique des audits', 'Historique des constats', 'Synthèse LDM 012', 'Questionnaires LDM 012', 'Constats', 'Matrice', 'Par critère', 'Anomalies']);
    const s = i.detail['Synthèse régionale'];
    const cols = s.tableaux.tblSyntheseRegionale.colonnes;
    for (const c of ['RNE', 'Établissement', 'PF', 'C', 'R', 'NC', 'NC ouvertes', 'Preuves C1', 'Indicateurs hors cible', 'Actions en retard', 'Fichier source', 'Version du schéma', 'Avertissements', 'Commentaires DRAFPIC']) expect(cols).toContain(c);
    const col = (nom: string) => String.fromCharCode(65 + cols.indexOf(nom));
    expect([s.cellules.A4, s.cellules[`${col('Établissement')}4`]]).toEqual(['0180001A', 'Lycée C']);
    expect([s.cellules.A8, s.cellules[`${col('NC')}8`], s.cellules[`${col('NC ouvertes')}8`]]).toEqual(['0750654D', 2, 0]);
    expect(s.cellules[`${col('Preuves C1')}6`]).toBe('1/5');
    const c = i.detail.Constats;
    expect(c.tableaux.tblConstatsRegion.colonnes).toEqual(['RNE', 'Établissement', 'Critère', 'Descripteur', 'PF', 'C', 'R', 'NC', 'Constat']);
    const m = i.detail.Matrice.cellules;
    expect([m.A8, m.N8, m.C8]).toEqual(['0750654D', 'NC', 'C']);
    expect(i.detail.Anomalies.tableaux.tblAnomalies.colonnes).toEqual(['Fichier', 'Pris en compte', 'Motif']);
    expect(i.detail['Par critère'].misesEnForme.map((x) => x.type)).toContain('dataBar');
    const pc = i.detail['Par critère'].cellules;
    expect(i.detail['Par critère'].tableaux.tblResultatsParCritere.colonnes).toEqual(['Critère', 'PF', 'C', 'R', 'NC', 'Libellé']);
    // NC : lycée A sur le descripteur 3 (critère 1), lycée B sur 12 (critère 3) et 40 (critère 8) ; la grille abîmée du lycée D n'est pas comptée.
    expect([pc.A3, pc.E3, pc.E4, pc.E5, pc.A10, pc.E10]).toEqual(['Critère 1', 1, 0, 1, 'Critère 8', 1]);
    // Un RNE (8 caractères, texte renvoyé à la ligne) tient sur une ligne dans chaque tableau régional : jamais coupé à l'impression.
    const colonnesRne = Object.entries(i.detail).flatMap(([feuille, d]) =>
      Object.values(d.tableaux)
        .filter((t) => t.colonnes.includes('RNE'))
        .map((t) => ({ feuille, largeur: d.largeurs[String.fromCharCode(t.ref.charCodeAt(0) + t.colonnes.indexOf('RNE'))] })),
    );
    expect(colonnesRne.map((c) => c.feuille)).toEqual(['Synthèse régionale', 'Registre des labels', 'Historique des audits', 'Historique des constats', 'Constats']);
    for (const c of colonnesRne) expect([c.feuille, c.largeur >= 10]).toEqual([c.feuille, true]);
  });

  it('un constat qui commence par = reste un texte, jamais une formule (LibreOffice le confirme)', () => {
    const v = inspecter(recalculerAvecLibreOffice(region), true).detail.Constats.cellules;
    const pieges = Object.entries(v).filter(([, x]) => String(x).startsWith('=HYPERLINK'));
    expect(pieges.length).toBe(2);
    // La partie de la feuille « Constats », trouvée par son nom.
    const [partie] = JSON.parse(spawnSync(PYTHON, [path.join(__dirname, 'python', 'parties_generees.py'), region, 'Constats'], { encoding: 'utf8' }).stdout) as string[];
    const xml = spawnSync('unzip', ['-p', region, partie], { encoding: 'utf8' }).stdout;
    expect(xml).toContain('<sheetData>');
    expect(xml).not.toContain('<f>');
  });

  it('mise à jour : les feuilles recréées sont écrites sur les styles du classeur (recopiées sans être relues), mêmes cellules et mêmes styles qu’une consolidation neuve, styles jamais dupliqués', () => {
    const produites = ['Constats', 'Matrice', 'Par critère', 'Anomalies'];
    const styles = (f: string) => signaturesDeStyle(f, [...produites, 'Synthèse régionale']);
    // Le classeur régional retravaillé ailleurs : styles.xml réécrit par openpyxl, une mise en forme de la DRAFPIC.
    const retravaille = path.join(dossierTemporaire(), 'region-retravaillee.xlsx');
    copyFileSync(region, retravaille);
    modifier(retravaille, [
      { op: 'set', feuille: 'Synthèse régionale', cellule: 'Z40', valeur: 'Note DRAFPIC' },
      { op: 'gras', feuille: 'Synthèse régionale', cellule: 'Z40' },
    ]);
    expect(ldm('consolidate', dossier, '--out', retravaille).code).toBe(0);
    const neuve = path.join(dossierTemporaire(), 'region-neuve.xlsx');
    expect(ldm('consolidate', dossier, '--out', neuve).code).toBe(0);
    const [a, b] = [styles(retravaille), styles(neuve)];
    for (const f of produites) {
      expect(Object.keys(a.feuilles[f].cellules).length).toBeGreaterThan(3);
      expect(a.feuilles[f].cellules).toEqual(b.feuilles[f].cellules);
      expect(a.feuilles[f].regles).toEqual(b.feuilles[f].regles);
    }
    // Aucune feuille recréée sélectionnée (la synthèse est l'active : Excel grouperait les feuilles sélectionnées),
    // et la mise en forme de la DRAFPIC gardée.
    expect(produites.filter((f) => a.feuilles[f].selectionnee)).toEqual([]);
    const note = a.feuilles['Synthèse régionale'].cellules.Z40;
    expect([note[0], note[1], note[3]]).toEqual(['Note DRAFPIC', true, '00FF0000']);
    // Consolider encore : les styles ajoutés la première fois sont retrouvés, jamais ajoutés de nouveau.
    expect(ldm('consolidate', dossier, '--out', retravaille).code).toBe(0);
    const c = styles(retravaille);
    expect([c.cellXfs, c.dxfs]).toEqual([a.cellXfs, a.dxfs]);
    expect(c.feuilles.Matrice).toEqual(a.feuilles.Matrice);
    // Le classeur régional enregistré par LibreOffice (ses propres styles) : mêmes feuilles recréées.
    const libre = recalculerAvecLibreOffice(retravaille);
    expect(ldm('consolidate', dossier, '--out', libre).code).toBe(0);
    const l = styles(libre);
    for (const f of produites) {
      expect(l.feuilles[f].cellules).toEqual(b.feuilles[f].cellules);
      expect(l.feuilles[f].regles).toEqual(b.feuilles[f].regles);
    }
  });

  it('consolider de nouveau remplace par RNE et garde les colonnes de la DRAFPIC', () => {
    const cols = inspecter(region).detail['Synthèse régionale'].tableaux.tblSyntheseRegionale.colonnes;
    const drafpic = String.fromCharCode(65 + cols.indexOf('Commentaires DRAFPIC'));
    modifier(region, [{ op: 'set', feuille: 'Synthèse régionale', cellule: `${drafpic}6`, valeur: 'Audit à replanifier' }]);
    // Le lycée A envoie une nouvelle version, sans NC.
    const nouveau = dossierTemporaire();
    spawnSync('sleep', ['1']);
    classeurLycee(nouveau, 'lycee-a-2.xlsx', '0450051L', 'Lycée A', []);
    const r = ldm('consolidate', nouveau, '--out', region);
    expect(r.code).toBe(0);
    expect(r.erreur).toContain(`Mise à jour de « ${path.basename(region)} »…`);
    const s = inspecter(region).detail['Synthèse régionale'].cellules;
    const nc = String.fromCharCode(65 + cols.indexOf('NC'));
    expect([s.A6, s[`${nc}6`], s[`${drafpic}6`]]).toEqual(['0450051L', 0, 'Audit à replanifier']);
    expect([s.A4, s.A5, s.A7, s.A8]).toEqual(['0180001A', '0330001Y', '0620192X', '0750654D']);
    const constats = inspecter(region).detail.Constats.cellules;
    expect(Object.values(constats).filter((x) => x === '0750654D').length).toBeGreaterThan(10);
    // Renvoyer une version plus ancienne ne remplace pas la plus récente déjà consolidée.
    const ancien = ldm('consolidate', path.join(dossier, 'lycee-a.xlsx'), '--out', region, '--json');
    expect(JSON.parse(ancien.sortie).anomalies[0].motif).toMatch(/plus ancien .* déjà consolidée/);
    expect(inspecter(region).detail['Synthèse régionale'].cellules[`${nc}6`]).toBe(0);
    // La DRAFPIC a construit un graphique dans sa propre feuille : il est recopié tel quel à chaque consolidation.
    modifier(region, [
      { op: 'tableau', feuille: 'Analyse DRAFPIC', nom: 'tblAnalyse', lignes: [['Critère', 'NC'], ...Array.from({ length: 30 }, (_, k) => [`C${k}`, k])] },
      { op: 'graphique', feuille: 'Analyse DRAFPIC', cellule: 'E2' },
    ]);
    const dessins = partiesDessin(region);
    expect(dessins.length).toBeGreaterThan(0);
    expect(ldm('consolidate', nouveau, '--out', region).code).toBe(0);
    expect(partiesDessin(region)).toEqual(dessins);
    // Un graphique posé sur une feuille que la consolidation réécrit (« Constats ») : gardé lui aussi.
    modifier(region, [{ op: 'graphique', feuille: 'Constats', cellule: 'K2' }]);
    const tous = partiesDessin(region);
    expect(tous.length).toBeGreaterThan(dessins.length);
    expect(ldm('consolidate', nouveau, '--out', region).code).toBe(0);
    expect(partiesDessin(region)).toEqual(tous);
    expect(empreinte(region)).toBeTruthy();
    // Des sparklines sur « Historique des constats » (écrite par l'écrivain direct puis greffée) : la consolidation ne
    // saurait pas les recopier ; elle est refusée en nommant la feuille, et le classeur régional reste intact.
    const contenus = path.join(dossierTemporaire(), 'sparklines.json');
    writeFileSync(contenus, JSON.stringify([{ op: 'sparkline', feuille: 'Historique des constats', source: "'Historique des constats'!A2:A5", cellule: 'Z1' }]));
    const ajout = spawnSync(PYTHON, [path.join(__dirname, 'python', 'contenus.py'), region, contenus], { encoding: 'utf8' });
    expect(ajout.stderr).toBe('');
    const avant = empreinte(region);
    const refus = ldm('consolidate', nouveau, '--out', region);
    expect(refus.code).not.toBe(0);
    expect(refus.erreur).toContain('la feuille « Historique des constats » contient des graphiques sparkline');
    expect(empreinte(region)).toBe(avant);
  });
});

describe('consolidation en parallèle', () => {
  it('--jobs 1 et --jobs 3 donnent le même classeur régional, dans le même ordre, et les mêmes anomalies', () => {
    const dossier = corpus();
    const sortie = dossierTemporaire();
    const un = path.join(sortie, 'region-1.xlsx');
    const trois = path.join(sortie, 'region-3.xlsx');
    const r1 = ldm('consolidate', dossier, '--out', un, '--json', '--jobs', '1');
    const r3 = ldm('consolidate', dossier, '--out', trois, '--json', '--jobs', '3');
    expect(r1.code).toBe(0);
    expect(r3.code).toBe(0);
    const sans = (s: string) => JSON.parse(s.replace(/region-[13]\.xlsx/g, 'region.xlsx'));
    expect(sans(r3.sortie)).toEqual(sans(r1.sortie));
    const a = inspecter(un);
    const b = inspecter(trois);
    for (const f of ['Synthèse régionale', 'Constats', 'Matrice', 'Anomalies']) expect([f, b.detail[f].cellules]).toEqual([f, a.detail[f].cellules]);
    expect(ldm('consolidate', dossier, '--out', trois, '--jobs', 'zéro').erreur).toContain('--jobs attend un nombre');
    // Le classeur régional neuf est écrit directement en XML : conforme aux schémas qu'Excel suit et à ses limites.
    const valide = spawnSync(PYTHON, [path.resolve(__dirname, '../../shared/tools/excel-valide/valider.py'), un], { encoding: 'utf8' });
    expect(valide.stdout).toContain('0 violation(s)');
    // --out vers le dossier d'un lycée : refusé, le fichier n'est pas touché.
    const lycee = path.join(sortie, 'lycee.xlsx');
    expect(ldm('generate', lycee, '--etablissement', 'Lycée', '--rne', '0450051L').code).toBe(0);
    const avant = readFileSync(lycee);
    const refus = ldm('consolidate', dossier, '--out', lycee);
    expect(refus.code).toBe(1);
    expect(refus.erreur).toContain("dossier d'un établissement");
    expect(readFileSync(lycee).equals(avant)).toBe(true);
    // Un classeur existant sur plusieurs fils de lecture : mêmes messages, même code de sortie qu'un seul fil.
    const refusEnParallele = ldm('consolidate', dossier, '--out', lycee, '--jobs', '2');
    const messageDErreur = (e: string) => e.split('\n').filter((l) => l.startsWith('Erreur :'));
    expect(refusEnParallele.code).toBe(refus.code);
    expect(messageDErreur(refusEnParallele.erreur)).toEqual(messageDErreur(refus.erreur));
    expect(messageDErreur(refus.erreur)).toHaveLength(1);
    expect(readFileSync(lycee).equals(avant)).toBe(true);
    // Un classeur régional neuf sur plusieurs fils : la commande tourne dans son propre fil de travail ; un refus
    // (dossier de destination absent) y a le même message et le même code de sortie que sur un fil.
    const absent = path.join(sortie, 'absent', 'region.xlsx');
    const [surUnFil, dansLeFil] = ['1', '2'].map((jobs) => ldm('consolidate', dossier, '--out', absent, '--jobs', jobs));
    expect(messageDErreur(surUnFil.erreur)).toEqual([`Erreur : Impossible d'écrire « ${absent} » : le dossier ou le fichier n'existe pas. Le fichier d'origine n'a pas été modifié.`]);
    expect([dansLeFil.code, messageDErreur(dansLeFil.erreur)]).toEqual([surUnFil.code, messageDErreur(surUnFil.erreur)]);
    expect(surUnFil.code).toBe(2);
    // Avancement sur la sortie d'erreur et résumé sur la sortie standard, comme sur un fil.
    const texte = ldm('consolidate', dossier, '--out', path.join(sortie, 'region-texte.xlsx'), '--jobs', '2');
    expect(texte.code).toBe(0);
    expect(texte.erreur).toMatch(/ \d+ \/ \d+ classeurs lus.*\n {2}Écriture du classeur régional « region-texte\.xlsx »…\n$/);
    expect(texte.sortie).toMatch(/region-texte\.xlsx : \d+ établissement\(s\) consolidé\(s\) sur \d+ fichier\(s\)/);
    expect(texte.sortie).toContain('Registre des labels');
  });
});
