import { writeFileSync } from 'fs';
import path from 'path';
import { dossierTemporaire, inspecter, ldm, modifier, recalculerAvecLibreOffice } from './outils';

const F = 'LDM 003 Auto-évaluation';
const COLONNES_CONTRAT = ['N°', 'Critères du label', 'Descripteur', 'Éléments de preuves, références', "Remarques / piste d'amélioration", 'Sans objet', 'Statut', 'Critère'];

describe('classeur généré, lu par openpyxl', () => {
  const fichier = path.join(dossierTemporaire(), 'grille.xlsx');
  let i: ReturnType<typeof inspecter>;
  beforeAll(() => {
    const r = ldm('generate', fichier, '--etablissement', 'Lycée Jean Jaurès', '--rne', '0450051L', '--annee', '2026-2027', '--intitule', 'Lycée des métiers du bâtiment');
    expect(r.erreur).toBe('');
    expect(r.code).toBe(0);
    i = inspecter(fichier);
  });

  it('contient le tableau tblAutoEvaluation avec les colonnes du contrat et 46 lignes', () => {
    const t = i.detail[F].tableaux.tblAutoEvaluation;
    for (const c of COLONNES_CONTRAT) expect(t.colonnes).toContain(c);
    const [debut, fin] = t.ref.split(':');
    expect(Number(fin.replace(/\D/g, '')) - Number(debut.replace(/\D/g, ''))).toBe(46);
    const c = i.detail[F].cellules;
    const ligne1 = Number(debut.replace(/\D/g, '')) + 1;
    expect(c[`A${ligne1}`]).toBe(1);
    expect(c[`C${ligne1}`]).toMatch(/^L'établissement propose une offre de formations professionnelles/);
    expect(c[`A${ligne1 + 45}`]).toBe(46);
    expect(String(c[`I${ligne1}`])).toMatch(/^=IF\(/);
  });

  it('porte ses métadonnées et l’identité dans des cellules nommées', () => {
    expect(i.noms.LDM_Etablissement).toBe("'Pilote LDM'!$C$4");
    const p = i.detail['Pilote LDM'];
    expect(p.cellules.C4).toBe('Lycée Jean Jaurès');
    expect(p.cellules.C5).toBe('0450051L');
    expect(p.cellules.C8).toBe('Non');
    expect(p.tableaux.tblPiloteLDM.colonnes).toEqual(['Clé', 'Valeur', 'Description']);
    expect(Object.values(p.cellules)).toContain('schema');
  });

  it('a une liste de validation Oui/Non et des mises en forme conditionnelles sans référence structurée', () => {
    const v = i.detail[F].validations;
    expect(v).toEqual([expect.objectContaining({ plage: 'F19:F64', type: 'list', formule: '"Oui,Non"' })]);
    const mfc = i.detail[F].misesEnForme;
    expect(mfc.length).toBeGreaterThanOrEqual(6);
    expect(mfc.some((m) => m.plage === 'D19:D64' && m.formules[0].includes('Preuve manquante'))).toBe(true);
    for (const m of mfc) expect(m.formules.join('')).not.toContain('[');
  });

  it('est prête à imprimer : A4 paysage, ajustée en largeur, en-tête du tableau répété', () => {
    const d = i.detail[F];
    expect(d.orientation).toBe('landscape');
    expect(Number(d.papier)).toBe(9);
    expect(d.ajusterPage).toBe(true);
    expect(d.ajusterLargeur).toBe(1);
    expect(d.lignesRepetees).toBe('$18:$18');
  });
});

describe('formules recalculées par LibreOffice après saisie dans un autre tableur', () => {
  it('donne le statut et la complétude attendus, identiques à ceux de « ldm check »', () => {
    const dossier = dossierTemporaire();
    const fichier = path.join(dossier, 'saisie.xlsx');
    expect(ldm('generate', fichier, '--etablissement', 'Lycée Test', '--hors-reseau').code).toBe(0);
    const L = (n: number) => 18 + n;
    modifier(fichier, [
      { op: 'set', feuille: F, cellule: `D${L(1)}`, valeur: 'Carte des formations' },
      { op: 'set', feuille: F, cellule: `D${L(2)}`, valeur: '   ' },
      { op: 'set', feuille: F, cellule: `D${L(3)}`, valeur: '\u00a0\n' },
      { op: 'set', feuille: F, cellule: `D${L(4)}`, valeur: 12 },
      { op: 'set', feuille: F, cellule: `F${L(5)}`, valeur: 'Oui' },
      { op: 'set', feuille: F, cellule: `F${L(6)}`, valeur: 'Oui' },
      { op: 'set', feuille: F, cellule: `G${L(6)}`, valeur: 'Public unique' },
      { op: 'set', feuille: F, cellule: `D${L(25)}`, valeur: 'Stratégie commune' },
    ]);
    const attendu: Record<number, string> = {
      1: 'Documenté',
      2: 'Preuve manquante',
      3: 'Preuve manquante',
      4: 'Documenté',
      5: 'Justification manquante',
      6: 'Sans objet',
      7: 'Preuve manquante',
      25: 'Sans objet (hors réseau)',
      31: 'Sans objet (hors réseau)',
    };
    const valeurs = inspecter(recalculerAvecLibreOffice(fichier), true).detail[F].cellules;
    for (const [n, statut] of Object.entries(attendu)) expect([n, valeurs[`I${L(Number(n))}`]]).toEqual([n, statut]);
    expect(valeurs.D7).toBe('Critère 1 : 2/5 descripteurs documentés');
    expect(valeurs.D8).toBe('Critère 2 : 0/4 descripteurs documentés');
    expect(valeurs.D10).toBe('Critère 4 : 0/6 descripteurs documentés');
    expect(valeurs.C2).toBe('Lycée Test');

    const check = JSON.parse(ldm('check', fichier, '--json').sortie);
    const manquants = check.findings.filter((f: { kind: string }) => f.kind === 'preuve-manquante').map((f: { descripteur: number }) => f.descripteur);
    const selonLibreOffice = Array.from({ length: 46 }, (_, k) => k + 1).filter((n) => valeurs[`I${L(n)}`] === 'Preuve manquante');
    expect(manquants).toEqual(selonLibreOffice);

    // Passer la candidature en réseau dans la feuille d'identité rend les descripteurs 25, 31, 34, 45 applicables.
    modifier(fichier, [{ op: 'set', feuille: 'Pilote LDM', cellule: 'C8', valeur: 'Oui' }]);
    const reseau = inspecter(recalculerAvecLibreOffice(fichier), true).detail[F].cellules;
    expect(reseau[`I${L(25)}`]).toBe('Documenté');
    expect(reseau[`I${L(31)}`]).toBe('Preuve manquante');
    const check2 = JSON.parse(ldm('check', fichier, '--json').sortie);
    expect(check2.findings.some((f: { descripteur: number }) => f.descripteur === 31)).toBe(true);
  });
});

describe('critère académique (circulaire §2)', () => {
  it('s’ajoute par un fichier JSON, sans code, et reste dans le classeur pour les régénérations suivantes', () => {
    const dossier = dossierTemporaire();
    const critere = path.join(dossier, 'critere.json');
    writeFileSync(critere, JSON.stringify({ libelle: 'Développement durable', descripteurs: ['Plan de sobriété énergétique.', 'Éco-délégués élus dans chaque classe.'], indicateursExemples: ['Consommation d’énergie'] }));
    const f = path.join(dossier, 'academique.xlsx');
    expect(ldm('generate', f, '--critere-academique', critere).code).toBe(0);
    expect(ldm('generate', f, '--etablissement', 'Lycée Vert').code).toBe(0);
    const i = inspecter(f);
    expect(i.detail[F].tableaux.tblAutoEvaluation.ref).toBe('A18:J66');
    expect([i.detail[F].cellules.A66, i.detail[F].cellules.J66, i.detail[F].cellules.C66]).toEqual([48, 9, 'Éco-délégués élus dans chaque classe.']);
    expect(i.detail[F].cellules.B65).toBe('9. Développement durable');
    expect(i.detail[F].cellules.B15).toBe('Développement durable');
    const v = inspecter(recalculerAvecLibreOffice(f), true).detail[F].cellules;
    expect(v.D15).toBe('Critère 9 : 0/2 descripteurs documentés');
    const check = JSON.parse(ldm('check', f, '--json').sortie);
    expect(check.findings.filter((x: { critere: number }) => x.critere === 9).map((x: { descripteur: number }) => x.descripteur)).toEqual([47, 48]);
    const mauvais = path.join(dossier, 'mauvais.json');
    writeFileSync(mauvais, '{"libelle": "Sans descripteurs"}');
    const r = ldm('generate', path.join(dossier, 'autre.xlsx'), '--critere-academique', mauvais);
    expect(r.code).toBe(1);
    expect(r.erreur).toContain('« descripteurs »');
  });
});
