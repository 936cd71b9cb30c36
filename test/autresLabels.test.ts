import path from 'path';
import { dossierTemporaire, inspecter, ldm, modifier, recalculerAvecLibreOffice } from './outils';

/**
 * Un critère réputé satisfait par un autre label (cahier des charges national l.810-818 : Euroscol pour le critère 6),
 * inscrit dans « Pilote LDM » : ses descripteurs ne demandent ni preuve (LDM 003) ni coche (grille d'audit), ne
 * comptent ni dans la complétude ni dans les décomptes, et le rapport le dit. Avec et sans le complément.
 */
const P = 'Pilote LDM';
const A = 'LDM 003 Auto-évaluation';
const G = "Grille d'audit";
const ligne003 = (n: number) => 18 + n;
const ligneGrille = (n: number) => 16 + n;
const RESEAU = [25, 31, 34, 45];

describe('critère réputé satisfait par un autre label', () => {
  it('Euroscol pour le critère 6 : ni preuve ni coche, comptes et rapport le disent, gardé à la régénération', () => {
    const f = path.join(dossierTemporaire(), 'euroscol.xlsx');
    expect(ldm('generate', f, '--etablissement', 'Lycée Européen', '--rne', '0450051L', '--sheets', 'autoevaluation,criteres,grille').code).toBe(0);
    const pilote = inspecter(f).detail[P];
    expect(pilote.tableaux.tblAutresLabels.colonnes).toEqual(['Critère', 'Réputé satisfait par le label', 'Décision du groupe académique le']);
    expect(pilote.cellules.F10).toBe(6);
    const preuvesAvant = JSON.parse(ldm('check', f, '--json').sortie).findings.filter((x: { kind: string; critere: number }) => x.kind === 'preuve-manquante' && x.critere === 6);
    expect(preuvesAvant).toHaveLength(2);

    modifier(f, [
      { op: 'set', feuille: P, cellule: 'G10', valeur: 'Euroscol' },
      { op: 'set', feuille: P, cellule: 'H10', valeur: '2026-06-12', date: true },
      // La grille cochée partout ailleurs ; le critère 6 laissé vide, comme il se doit.
      ...Array.from({ length: 46 }, (_, i) => i + 1)
        .filter((n) => !RESEAU.includes(n) && ![32, 33].includes(n))
        .map((n) => ({ op: 'set' as const, feuille: G, cellule: `E${ligneGrille(n)}`, valeur: 'x' })),
      { op: 'set', feuille: G, cellule: 'C6', valeur: '2027-03-25', date: true },
      { op: 'set', feuille: G, cellule: 'C8', valeur: 'Mme Référente' },
      { op: 'set', feuille: G, cellule: 'C9', valeur: 'M. Co' },
      { op: 'set', feuille: G, cellule: 'C10', valeur: 'Mme Tierce' },
    ]);
    // ldm check : plus de preuve demandée pour le critère 6 ; la complétude le dit.
    const j = JSON.parse(ldm('check', f, '--json').sortie);
    expect(j.findings.filter((x: { critere: number; kind: string }) => x.critere === 6)).toEqual([]);
    expect(j.findings.filter((x: { kind: string }) => x.kind === 'preuve-manquante')).toHaveLength(42 - 2);
    const texte = ldm('check', f).sortie;
    expect(texte).toContain('Critère 6 : réputé satisfait (Euroscol)');

    // Sans le complément : LibreOffice recalcule statuts, complétude, contrôle de la grille et fiche LDM 004.
    const r = inspecter(recalculerAvecLibreOffice(f), true).detail;
    expect([r[A].cellules[`I${ligne003(32)}`], r[A].cellules[`I${ligne003(33)}`], r[A].cellules[`I${ligne003(34)}`]]).toEqual(['Réputé satisfait (Euroscol)', 'Réputé satisfait (Euroscol)', 'Réputé satisfait (Euroscol)']);
    expect(r[A].cellules[`I${ligne003(30)}`]).toBe('Preuve manquante');
    expect(r[A].cellules.D12).toBe('Critère 6 : réputé satisfait (Euroscol)');
    expect(r[A].cellules.F12).toBe(0);
    expect(r[G].cellules[`I${ligneGrille(32)}`]).toBe('Réputé satisfait (autre label)');
    expect(r[G].cellules[`I${ligneGrille(30)}`]).toBe('Complet');
    expect(r['LDM 004 Critère 6'].cellules.C33).toBe('Réputé satisfait (Euroscol) : ni preuve ni coche demandée');

    // Le rapport : produit sans anomalie, le critère 6 dit réputé satisfait, hors des décomptes.
    expect(ldm('report', f).code).toBe(0);
    const rapport = Object.values(inspecter(f).detail["LDM 011 Rapport d'audit"].cellules).map(String);
    expect(rapport.filter((t) => t.startsWith('Critère réputé satisfait par le label Euroscol'))).toHaveLength(3);
    const bilan = JSON.parse(ldm('check', f, '--json').sortie);
    expect(bilan.findings.filter((x: { kind: string }) => ['grille-incomplete', 'valeur-invalide'].includes(x.kind))).toEqual([]);
    // Une coche sur un critère réputé satisfait : signalée, le rapport bloqué.
    modifier(f, [{ op: 'set', feuille: G, cellule: `E${ligneGrille(32)}`, valeur: 'x' }]);
    const coche = JSON.parse(ldm('check', f, '--json').sortie).findings.filter((x: { descripteur: number }) => x.descripteur === 32);
    expect(coche.map((x: { kind: string; message: string }) => [x.kind, x.message])).toEqual([['valeur-invalide', expect.stringContaining('réputé satisfait par le label Euroscol')]]);
    expect(ldm('report', f).code).toBe(1);

    // Une grille d'avant 0.3 (colonne d'aide « Coches lues (PF C R NC) ») : la colonne est remplacée, pas gardée comme un ajout.
    modifier(f, [{ op: 'renommer_colonne', feuille: G, nom: 'tblGrilleAudit', ancien: 'Lues', nouveau: 'Coches lues (PF C R NC)' }]);
    expect(inspecter(f).detail[G].tableaux.tblGrilleAudit.colonnes).toContain('Coches lues (PF C R NC)');
    expect(ldm('generate', f).code).toBe(0);
    const colonnes = inspecter(f).detail[G].tableaux.tblGrilleAudit.colonnes;
    expect(colonnes).toContain('Lues');
    expect(colonnes).not.toContain('Coches lues (PF C R NC)');
    // Régénérer garde l'inscription.
    expect(ldm('generate', f).code).toBe(0);
    const apres = inspecter(f).detail[P].cellules;
    expect([apres.G10, apres.H10]).toEqual(['Euroscol', '2026-06-12 00:00:00']);
  });
});
