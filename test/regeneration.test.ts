import ExcelJS from 'exceljs';
import { copyFileSync, readFileSync, writeFileSync } from 'fs';
import path from 'path';
import { ajouterContenus, dossierTemporaire, empreinte, inspecter, ldm, modifier, partiesDessin, recalculerAvecLibreOffice } from './outils';

const F = 'LDM 003 Auto-évaluation';

const L = (n: number) => 18 + n;

function grilleRemplie(): string {
  const fichier = path.join(dossierTemporaire(), 'grille.xlsx');
  expect(ldm('generate', fichier, '--etablissement', 'Lycée A', '--rne', '0450051L').code).toBe(0);
  modifier(fichier, [
    { op: 'set', feuille: F, cellule: `D${L(3)}`, valeur: 'Convention FCIL 2026' },
    { op: 'set', feuille: F, cellule: `E${L(3)}`, valeur: 'Étendre aux BTS' },
    { op: 'set', feuille: F, cellule: `D${L(12)}`, valeur: 'Emploi du temps AP' },
    { op: 'set', feuille: F, cellule: `F${L(24)}`, valeur: 'Oui' },
    { op: 'set', feuille: F, cellule: `G${L(24)}`, valeur: 'Pas de CMQ dans la filière' },
    { op: 'set', feuille: F, cellule: `D${L(46)}`, valeur: '=HYPERLINK("https://exemple.fr","Page label")' },
    { op: 'set', feuille: F, cellule: 'K5', valeur: 'Note de la DDFPT : revoir le critère 3' },
    // L'utilisateur trie le tableau : les lignes 3 et 12 échangent leur place, N° compris.
    { op: 'echanger', feuille: F, a: L(3), b: L(12) },
    // Puis met en évidence la preuve du descripteur 12, désormais en ligne L(3), et y ajoute une note.
    { op: 'gras', feuille: F, cellule: `D${L(3)}` },
    { op: 'note', feuille: F, cellule: `D${L(3)}`, texte: 'Voir le classeur du DDFPT' },
  ]);
  return fichier;
}

describe('régénération', () => {
  it('garde chaque saisie rattachée à son descripteur, les notes hors du tableau et la mise en forme', () => {
    const fichier = grilleRemplie();
    const r = ldm('generate', fichier, '--etablissement', 'Lycée A (nouveau nom)', '--annee', '2027-2028');
    expect(r.erreur).toBe('');
    expect(r.sortie).toContain('saisies existantes conservées');
    const i = inspecter(fichier);
    const c = i.detail[F].cellules;
    expect([c[`A${L(3)}`], c[`D${L(3)}`], c[`E${L(3)}`]]).toEqual([3, 'Convention FCIL 2026', 'Étendre aux BTS']);
    expect([c[`A${L(12)}`], c[`D${L(12)}`]]).toEqual([12, 'Emploi du temps AP']);
    expect([c[`F${L(24)}`], c[`G${L(24)}`]]).toEqual(['Oui', 'Pas de CMQ dans la filière']);
    expect(c[`D${L(46)}`]).toBe('=HYPERLINK("https://exemple.fr","Page label")');
    expect(c.K5).toBe('Note de la DDFPT : revoir le critère 3');
    expect(i.detail[F].gras).toEqual([`D${L(12)}`]);
    expect(i.detail[F].notes).toEqual({ [`D${L(12)}`]: 'Voir le classeur du DDFPT' });
    expect(i.detail['Pilote LDM'].cellules.C4).toBe('Lycée A (nouveau nom)');
    expect(i.detail['Pilote LDM'].cellules.C5).toBe('0450051L');
    expect(i.detail['Pilote LDM'].cellules.C7).toBe('2027-2028');
    // Une seule validation, sans plages qui se chevauchent (défaut d'ExcelJS #2820).
    expect(i.detail[F].validations.map((v) => v.plage)).toEqual(['F19:F64']);
    expect(i.detail[F].tableaux.tblAutoEvaluation.ref).toBe('A18:J64');
    const mfc = i.detail[F].misesEnForme.map((m) => `${m.plage} ${m.formules.join()}`);
    expect(new Set(mfc).size).toBe(mfc.length);

    const check = JSON.parse(ldm('check', fichier, '--json').sortie);
    const manquants = check.findings.filter((f: { kind: string }) => f.kind === 'preuve-manquante').map((f: { descripteur: number }) => f.descripteur);
    expect(manquants).not.toContain(3);
    expect(manquants).not.toContain(12);
    expect(manquants).not.toContain(46);
    expect(manquants).toContain(4);
  });

  it('deux régénérations de suite donnent le même classeur (hors date)', () => {
    const fichier = grilleRemplie();
    ldm('generate', fichier);
    const premiere = inspecter(fichier);
    ldm('generate', fichier);
    const seconde = inspecter(fichier);
    delete (premiere.detail['Pilote LDM'].cellules as Record<string, unknown>).C19;
    delete (seconde.detail['Pilote LDM'].cellules as Record<string, unknown>).C19;
    expect(seconde.detail[F]).toEqual(premiere.detail[F]);
  });

  it('garde une colonne que l’utilisateur a ajoutée au tableau', () => {
    const fichier = grilleRemplie();
    modifier(fichier, [
      { op: 'ajouter_colonne', feuille: F, nom: 'tblAutoEvaluation', entete: 'Responsable', valeurs: { [L(5)]: 'Mme Martin', [L(3)]: 'M. Durand' } },
      { op: 'echanger', feuille: F, a: L(5), b: L(6) },
    ]);
    expect(ldm('generate', fichier).code).toBe(0);
    const i = inspecter(fichier).detail[F];
    expect(i.tableaux.tblAutoEvaluation.colonnes.slice(-1)).toEqual(['Responsable']);
    expect(i.tableaux.tblAutoEvaluation.ref).toBe('A18:K64');
    expect([i.cellules[`A${L(5)}`], i.cellules[`K${L(5)}`]]).toEqual([5, 'Mme Martin']);
    expect(i.cellules[`K${L(6)}`]).toBeUndefined();
  });

  it('ne touche à rien et dit où corriger quand un N° a été écrasé', () => {
    const fichier = grilleRemplie();
    modifier(fichier, [{ op: 'set', feuille: F, cellule: `A${L(7)}`, valeur: 'sept' }, { op: 'set', feuille: F, cellule: `A${L(9)}`, valeur: 10 }]);
    const avant = empreinte(fichier);
    const r = ldm('generate', fichier, '--etablissement', 'Autre');
    expect(r.code).toBe(1);
    expect(r.erreur).toContain(`« ${F} », A${L(7)}`);
    expect(r.erreur).toContain('« sept »');
    expect(r.erreur).toContain('apparaît deux fois');
    expect(empreinte(fichier)).toBe(avant);
  });

  it('ne touche à rien quand le tableau a été supprimé de sa feuille', () => {
    const fichier = grilleRemplie();
    modifier(fichier, [{ op: 'supprimer_tableau', feuille: F, nom: 'tblAutoEvaluation' }]);
    const avant = empreinte(fichier);
    const r = ldm('generate', fichier);
    expect(r.code).toBe(1);
    expect(r.erreur).toMatch(/ne contient plus le tableau « tblAutoEvaluation »/);
    expect(empreinte(fichier)).toBe(avant);
  });

  it('garde un graphique posé sur une feuille générée ; refuse un objet incorporé, sauf en copie acceptée', () => {
    const fichier = grilleRemplie();
    modifier(fichier, [{ op: 'graphique', feuille: F, cellule: 'K20' }]);
    const graphiques = partiesDessin(fichier);
    expect(graphiques.length).toBeGreaterThan(0);
    expect(ldm('generate', fichier, '--etablissement', 'Autre nom').code).toBe(0);
    expect(partiesDessin(fichier)).toEqual(graphiques);
    ajouterContenus(fichier, [{ op: 'objet_incorpore', feuille: F }]);
    const avant = empreinte(fichier);
    const r = ldm('generate', fichier, '--etablissement', 'Autre nom');
    expect(r.code).toBe(1);
    expect(r.erreur).toContain(`la feuille « ${F} » contient un objet incorporé`);
    expect(r.erreur).toContain("n'a pas été modifié");
    expect(empreinte(fichier)).toBe(avant);
    const copie = path.join(path.dirname(fichier), 'copie.xlsx');
    const r2 = ldm('generate', fichier, '--out', copie, '--accepter-pertes');
    expect(r2.code).toBe(0);
    expect(empreinte(fichier)).toBe(avant);
    expect(inspecter(copie).detail[F].cellules[`D${L(12)}`]).toBe('Emploi du temps AP');
  });

  it('ajoute la grille à un classeur étranger sans toucher à ses feuilles', () => {
    const dossier = dossierTemporaire();
    const fichier = path.join(dossier, 'grille.xlsx');
    ldm('generate', fichier);
    // Un classeur de l'établissement avec ses propres données, produit par openpyxl.
    const propre = path.join(dossier, 'effectifs.xlsx');
    copyFileSync(fichier, propre);
    modifier(propre, [{ op: 'set', feuille: 'Pilote LDM', cellule: 'F2', valeur: 'Effectifs 2026 : 412' }]);
    expect(ldm('generate', propre, '--etablissement', 'Lycée B').code).toBe(0);
    expect(inspecter(propre).detail['Pilote LDM'].cellules.F2).toBe('Effectifs 2026 : 412');
  });
});

describe('ldm check et fichiers qui ne sont pas des grilles', () => {
  const dossier = dossierTemporaire();
  const cas: Array<[string, Buffer]> = [
    ['vide.xlsx', Buffer.alloc(0)],
    ['texte.xlsx', Buffer.from('N°;Critère\n1;1\n')],
    ['protege.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])],
    ['tronque.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])],
  ];
  it.each(cas)('%s : code 2 et message en français sur stderr', (nom, contenu) => {
    const f = path.join(dossier, nom);
    writeFileSync(f, contenu);
    const r = ldm('check', f, '--json');
    expect(r.code).toBe(2);
    expect(r.sortie).toBe('');
    expect(r.erreur).toMatch(/^Erreur : Le fichier « .* » (est vide|n'est pas un classeur|est protégé|est endommagé)/);
  });

  it('un classeur Excel qui n’est pas de Pilote LDM : code 2', () => {
    const f = path.join(dossier, 'etranger.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Feuil1').getCell('A1').value = 'Effectifs';
    return wb.xlsx.writeFile(f).then(() => {
      const r = ldm('check', f);
      expect(r.code).toBe(2);
      expect(r.erreur).toContain("n'est pas un classeur Pilote LDM");
    });
  });

  it('--json donne la liste des constats avec feuille et cellule', () => {
    const f = path.join(dossier, 'ok.xlsx');
    ldm('generate', f);
    const r = ldm('check', f, '--json', '--today', '2027-01-15');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.sortie);
    expect(j.file).toBe(f);
    expect(j.findings[0]).toEqual({
      kind: 'preuve-manquante',
      critere: 1,
      descripteur: 1,
      sheet: F,
      cell: 'D19',
      message: expect.stringContaining('descripteur 1'),
    });
    expect(j.findings.filter((x: { kind: string }) => x.kind === 'preuve-manquante')).toHaveLength(42);
  });

  it('refuse un RNE mal formé sans créer de fichier', () => {
    const f = path.join(dossier, 'jamais.xlsx');
    const r = ldm('generate', f, '--rne', '12AB');
    expect(r.code).toBe(1);
    expect(r.erreur).toContain('N° RNE');
    expect(() => readFileSync(f)).toThrow();
  });
});

describe('ldm demo', () => {
  it('produit un classeur d’exemple complet (chaque formulaire, de LDM 001 à LDM 012) et le vérifie', () => {
    const f = path.join(dossierTemporaire(), 'exemple.xlsx');
    const r = ldm('demo', f);
    expect(r.erreur).toBe('');
    expect(r.code).toBe(0);
    expect(r.sortie).toContain('Critère 8 : 0/6 descripteurs documentés');
    expect(r.sortie).toMatch(/constats : piece-manquante 1, preuve-manquante 17.*action-en-retard 1.*ecart-ouvert 1/);
    expect(inspecter(f).feuilles).toEqual([
      'Pilote LDM', 'LDM 001 Candidature', 'LDM 003 Auto-évaluation', "LDM 002 Plan d'actions", 'LDM 002 Formulaire', 'Indicateurs', "Exemples d'indicateurs",
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `LDM 004 Critère ${n}`),
      "Grille d'audit", "LDM 008 Plan d'audit", "LDM 009 Feuille d'émargement", 'LDM 012 Questionnaire audités',
      "LDM 011 Rapport d'audit", 'LDM 010 Suivi des écarts', 'LDM 010 Écart 40', 'LDM 005 Action 1', 'LDM 006 Engagement 7',
    ]);
    // Recalculé par LibreOffice, aucune formule du classeur ne tombe en erreur (#NAME?, #REF!, Err:…).
    const valeurs = inspecter(recalculerAvecLibreOffice(f), true);
    const erreurs = Object.entries(valeurs.detail).flatMap(([feuille, d]) =>
      Object.entries(d.cellules)
        .filter(([, v]) => typeof v === 'string' && /^(#[A-Z/0]+[!?]?|Err:\d+)$/.test(v))
        .map(([c, v]) => `${feuille}!${c} ${v}`),
    );
    expect(erreurs).toEqual([]);
    expect(valeurs.detail['LDM 010 Suivi des écarts'].cellules.F5).toBe('Ouvert');
    expect(valeurs.detail['LDM 003 Auto-évaluation'].cellules.D16).toBe('Total : 23/41 descripteurs documentés'); // 4+3+5+4+3+1+3+0, comme ldm check
  });
});
