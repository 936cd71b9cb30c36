import { readFileSync, writeFileSync } from 'fs';
import path from 'path';
import { fusionnerDansExcel, genererDansExcel, repartirDansExcel } from '../../src/adapters/office/adaptateur';
import { portLectureDirecte } from '../../src/adapters/paquet/port';
import { demandeLectureGeneration } from '../../src/core/usages/generation';
import { versSerieExcel } from '../../src/core/modele/dates';
import { dossierTemporaire, grilleDEquipe, ldm, modifier } from '../outils';
import { ExcelFactice } from './excelFactice';

/**
 * L'audit en équipe dans Excel : la grille du référent est le classeur ouvert (un faux Excel aussi strict qu'Office),
 * les copies des auditeurs des fichiers remplis ailleurs (openpyxl), relus hors d'Excel puis fusionnés dans l'ouvert.
 */
const G = "Grille d'audit";
const ligne = (n: number) => 16 + n;

describe("l'audit en équipe dans Excel (faux Excel strict)", () => {
  it('répartit dans le classeur ouvert, puis y fusionne les copies : accords repris, désaccords à arbitrer, copie illisible refusée', async () => {
    const excel = new ExcelFactice();
    const office = { miseEnPageDisponible: true };
    await genererDansExcel(excel.contexte(), { identite: { etablissement: 'Lycée Équipe', rne: '0450051L' }, feuilles: ['grille-audit'], maintenant: new Date(2027, 0, 10) }, office);
    excel.saisir(G, 'C6', versSerieExcel({ annee: 2027, mois: 3, jour: 25 }));
    excel.saisir(G, 'C8', 'Mme Référente');
    excel.saisir(G, 'C9', 'M. Co');
    excel.saisir(G, 'C10', 'Mme Tierce');
    excel.syncs = 0;
    const repartition = await repartirDansExcel(excel.contexte(), office);
    expect(excel.syncs).toBeLessThanOrEqual(3);
    expect(repartition.rne).toBe('0450051L');
    expect(repartition.copies.map((c) => [c.auditeur, c.criteres])).toEqual([
      ['Mme Référente', [1, 4, 7]],
      ['M. Co', [2, 5, 8]],
      ['Mme Tierce', [3, 6]],
    ]);
    expect(excel.feuilles.has("Répartition de l'audit")).toBe(true);
    expect(excel.tableaux.has('tblRepartitionAudit')).toBe(true);

    // Les copies, faites et remplies hors d'Excel, pour le même établissement, le même audit et la même équipe.
    const d = dossierTemporaire();
    const grille = path.join(d, 'grille.xlsx');
    grilleDEquipe(grille, 'Lycée Équipe');
    expect(ldm('audit', 'repartir', grille, '--dossier', d).code).toBe(0);
    const copie = (a: string) => path.join(d, `Grille d'audit - 0450051L - ${a}.xlsx`);
    const tout = (sauf: number[]) => Array.from({ length: 46 }, (_, i) => i + 1).filter((n) => ![25, 31, 34, 45, ...sauf].includes(n));
    modifier(copie('Mme Référente'), [
      ...tout([40]).map((n) => ({ op: 'set' as const, feuille: G, cellule: `E${ligne(n)}`, valeur: 'x' })),
      { op: 'set', feuille: G, cellule: `G${ligne(40)}`, valeur: 'x' },
      { op: 'set', feuille: G, cellule: `H${ligne(40)}`, valeur: 'Pas de plan de communication formalisé.' },
    ]);
    modifier(copie('M. Co'), [40, 41, 42].map((n) => ({ op: 'set' as const, feuille: G, cellule: `E${ligne(n)}`, valeur: 'x' })));
    const abimee = path.join(d, 'abimee.xlsx');
    writeFileSync(abimee, readFileSync(copie('Mme Tierce')).subarray(0, 900));
    const relire = (f: string) => ({ fichier: path.basename(f), lire: () => portLectureDirecte(new Uint8Array(readFileSync(f)), path.basename(f)).lire(demandeLectureGeneration()) });

    excel.syncs = 0;
    const bilan = await fusionnerDansExcel(excel.contexte(), [copie('Mme Référente'), copie('M. Co'), abimee].map(relire), office);
    expect(excel.syncs).toBeLessThanOrEqual(4);
    expect(bilan.acceptees.map((a) => a.auditeur)).toEqual(['Mme Référente', 'M. Co']);
    expect(bilan.refusees).toEqual([{ fichier: 'abimee.xlsx', motif: expect.stringMatching(/endommagé|illisible|tronqu/i) }]);
    expect(bilan.desaccords).toEqual([40]);
    expect(bilan.ouverts).toEqual([40]);
    // Écrit dans le classeur ouvert : la grille reprend les accords, « Arbitrage » le seul désaccord.
    expect(excel.cellule(G, `E${ligne(41)}`)).toEqual({ valeur: 'x' });
    expect(excel.cellule(G, `E${ligne(1)}`)).toEqual({ valeur: 'x' });
    expect(excel.feuilles.has('Arbitrage')).toBe(true);
    expect(excel.tableaux.has('tblArbitrage')).toBe(true);
    expect(excel.tableaux.has('tblContributions')).toBe(true);
  });
});
