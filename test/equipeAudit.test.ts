import { copyFileSync, readdirSync } from 'fs';
import { spawnSync } from 'child_process';
import path from 'path';
import { Operation, PYTHON, dossierTemporaire, grilleDEquipe, inspecter, ldm, modifier, recalculerAvecLibreOffice } from './outils';

/**
 * Trois auditeurs, une grille : répartition, trois copies cochées à part (openpyxl, l'une passée par LibreOffice),
 * fusion, arbitrage des seuls désaccords, rapport bloqué puis produit, rien de ce qu'un auditeur a écrit n'est perdu.
 */
const G = "Grille d'audit";
const RESEAU = [25, 31, 34, 45];
const ligne = (n: number) => 16 + n;

/** Coche C partout dans les critères donnés (hors descripteurs réservés au réseau), plus des ajouts. */
function cocher(criteres: number[], plus: Operation[] = []): Operation[] {
  const bornes: Record<number, [number, number]> = { 1: [1, 5], 2: [6, 9], 3: [10, 14], 4: [15, 20], 5: [21, 27], 6: [28, 34], 7: [35, 39], 8: [40, 46] };
  const ops: Operation[] = [];
  for (const c of criteres) {
    for (let n = bornes[c][0]; n <= bornes[c][1]; n++) if (!RESEAU.includes(n)) ops.push({ op: 'set', feuille: G, cellule: `E${ligne(n)}`, valeur: 'x' });
  }
  return [...ops, ...plus];
}

/** Modifie une ligne des métadonnées (feuille « Pilote LDM ») : un autre établissement, un autre auditeur… */
function metadonnee(fichier: string, cle: string, valeur: string): void {
  const r = spawnSync(
    PYTHON,
    [
      '-c',
      "import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1])\nws=wb['Pilote LDM']\nfor row in ws.iter_rows():\n  for c in row:\n    if c.value==sys.argv[2]: ws.cell(row=c.row,column=c.column+1).value=sys.argv[3]\nwb.save(sys.argv[1])",
      fichier,
      cle,
      valeur,
    ],
    { encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
}

describe("l'équipe d'audit : répartir, fusionner, arbitrer", () => {
  it('trois copies fusionnées : accords repris, exactement les désaccords à arbitrer, rapport bloqué puis produit, rien de perdu', () => {
    const d = dossierTemporaire();
    const grille = path.join(d, 'grille.xlsx');
    grilleDEquipe(grille, 'Lycée Équipe');
    const copies = path.join(d, 'copies');
    const rep = ldm('audit', 'repartir', grille, '--dossier', copies);
    expect(rep.code).toBe(0);
    expect(rep.sortie).toContain('Mme Référente — critères 1, 4, 7');
    expect(readdirSync(copies).sort()).toEqual(["Grille d'audit - 0450051L - M. Co.xlsx", "Grille d'audit - 0450051L - Mme Référente.xlsx", "Grille d'audit - 0450051L - Mme Tierce.xlsx"]);
    const copie = (a: string) => path.join(copies, `Grille d'audit - 0450051L - ${a}.xlsx`);
    // La copie de M. Co : ses critères surlignés, son nom en tête, la grille vide.
    const co = inspecter(copie('M. Co'));
    expect(co.detail[G].cellules.A3).toMatch(/^Copie de M\. Co — critères 2, 5, 8/);
    expect(co.detail[G].cellules.E17 ?? null).toBeNull();

    // La référente coche tout, avec une NC au descripteur 40 ; M. Co voit un point fort au 12 et C au 40.
    modifier(copie('Mme Référente'), cocher([1, 2, 3, 4, 5, 6, 7, 8], [
      { op: 'set', feuille: G, cellule: `E${ligne(40)}`, valeur: null },
      { op: 'set', feuille: G, cellule: `G${ligne(40)}`, valeur: 'x' },
      { op: 'set', feuille: G, cellule: `H${ligne(40)}`, valeur: 'Pas de plan de communication formalisé.' },
    ]));
    modifier(copie('M. Co'), cocher([2, 5, 8], [
      { op: 'set', feuille: G, cellule: `E${ligne(12)}`, valeur: 'x' },
      { op: 'set', feuille: G, cellule: `D${ligne(12)}`, valeur: 'x' },
      { op: 'set', feuille: G, cellule: `H${ligne(12)}`, valeur: 'Partenariats solides avec les entreprises du bassin.' },
    ]));
    // Mme Tierce travaille dans LibreOffice : sa copie passe par lui avant la fusion.
    modifier(copie('Mme Tierce'), cocher([3, 6]));
    const tierce = recalculerAvecLibreOffice(copie('Mme Tierce'));
    copyFileSync(tierce, copie('Mme Tierce'));

    // Des copies qui ne sont pas de cette équipe, de cet établissement ou de cet audit : refusées, avec la raison.
    const autre = path.join(d, 'autre-etablissement.xlsx');
    copyFileSync(copie('M. Co'), autre);
    modifier(autre, [{ op: 'set', feuille: 'Pilote LDM', cellule: 'C5', valeur: '0750654D' }]);
    const inconnu = path.join(d, 'inconnu.xlsx');
    copyFileSync(copie('M. Co'), inconnu);
    metadonnee(inconnu, 'copieAuditeur', JSON.stringify({ auditeur: 'M. Intrus', criteres: [2] }));
    const autreDate = path.join(d, 'autre-date.xlsx');
    copyFileSync(copie('M. Co'), autreDate);
    modifier(autreDate, [{ op: 'set', feuille: G, cellule: 'C6', valeur: '2027-04-02', date: true }]);

    const f = ldm('audit', 'fusionner', grille, copie('Mme Référente'), copie('M. Co'), copie('Mme Tierce'), autre, inconnu, autreDate, grille, '--json');
    expect(f.code).toBe(0);
    const bilan = JSON.parse(f.sortie) as { acceptees: Array<{ auditeur: string }>; refusees: Array<{ fichier: string; motif: string }>; accords: number; desaccords: number[]; ouverts: number[] };
    expect(bilan.acceptees.map((a) => a.auditeur)).toEqual(['Mme Référente', 'M. Co', 'Mme Tierce']);
    expect(bilan.refusees.map((r) => `${r.fichier} : ${r.motif}`)).toEqual([
      "autre-etablissement.xlsx : c'est la copie d'un autre établissement (RNE 0750654D, au lieu de 0450051L).",
      "inconnu.xlsx : son auditeur « M. Intrus » n'est pas dans l'équipe de la grille (Mme Référente, M. Co, Mme Tierce).",
      "autre-date.xlsx : elle porte une autre date d'audit (02/04/2027, au lieu de 25/03/2027).",
      "grille.xlsx : ce n'est pas une copie d'auditeur préparée par la répartition de l'audit (rien n'y dit quel auditeur l'a remplie).",
    ]);
    expect(bilan.desaccords).toEqual([12, 40]);
    expect(bilan.accords).toBe(40);

    const apres = inspecter(grille);
    const arbitrage = apres.detail.Arbitrage;
    expect(arbitrage.tableaux.tblArbitrage.ref).toBe('A4:L6');
    expect([arbitrage.cellules.A5, arbitrage.cellules.A6]).toEqual([12, 40]);
    expect(arbitrage.cellules.F5).toBe('PF C');
    expect(arbitrage.cellules.D6).toBe('NC');
    expect(arbitrage.cellules.K6).toBe('Mme Référente : Pas de plan de communication formalisé.');
    // Accord : le résultat est pris dans la grille du référent.
    expect(apres.detail[G].cellules[`E${ligne(10)}`]).toBe('x');
    // Désaccord non arbitré : rien de coché, et le rapport est bloqué par l'arbitrage ouvert.
    expect(apres.detail[G].cellules[`E${ligne(40)}`] ?? null).toBeNull();
    const bloque = ldm('report', grille);
    expect(bloque.code).toBe(1);
    expect(bloque.erreur).toContain("Arbitrage!J5 : descripteur 12 : les auditeurs ne sont pas d'accord");
    expect(bloque.erreur).toContain('Arbitrage!J6 : descripteur 40');

    // Le référent tranche, puis fusionne de nouveau (sans nouvelle copie) : la grille reçoit ses décisions.
    modifier(grille, [
      { op: 'set', feuille: 'Arbitrage', cellule: 'J5', valeur: 'PF C' },
      { op: 'set', feuille: 'Arbitrage', cellule: 'J6', valeur: 'nc' },
    ]);
    const reporter = ldm('report', grille);
    expect(reporter.erreur).toContain('Arbitrage!J5 : descripteur 12 : décision « PF C » saisie mais pas encore reportée');
    const f2 = ldm('audit', 'fusionner', grille, '--json');
    expect(f2.code).toBe(0);
    expect(JSON.parse(f2.sortie)).toMatchObject({ desaccords: [12, 40], ouverts: [] });
    const final = inspecter(grille);
    expect([final.detail[G].cellules[`D${ligne(12)}`], final.detail[G].cellules[`E${ligne(12)}`], final.detail[G].cellules[`G${ligne(40)}`]]).toEqual(['x', 'x', 'x']);
    expect(final.detail[G].cellules[`H${ligne(12)}`]).toBe('M. Co : Partenariats solides avec les entreprises du bassin.');
    const rapport = ldm('report', grille, '--today', '2027-03-26');
    expect(rapport.erreur).toBe('');
    expect(rapport.code).toBe(0);
    const r = inspecter(grille);
    expect(r.feuilles).toContain('LDM 010 Écart 40');
    // Tout ce que chaque auditeur a écrit est quelque part dans le classeur.
    const contributions = r.detail['Contributions des auditeurs'];
    expect(contributions.tableaux.tblContributions.ref).toBe(`A3:E${3 + 42 + 17 + 10}`);
    const texte = JSON.stringify(r.detail);
    for (const constat of ['Pas de plan de communication formalisé.', 'Partenariats solides avec les entreprises du bassin.']) expect(texte).toContain(constat);

    // Une copie corrigée de M. Co (NC au 40, comme la référente) : le désaccord 40 disparaît, rien n'est dupliqué.
    modifier(copie('M. Co'), [
      { op: 'set', feuille: G, cellule: `E${ligne(40)}`, valeur: null },
      { op: 'set', feuille: G, cellule: `G${ligne(40)}`, valeur: 'x' },
      { op: 'set', feuille: G, cellule: `H${ligne(40)}`, valeur: 'Pas de plan de communication formalisé.' },
    ]);
    const f3 = ldm('audit', 'fusionner', grille, copie('M. Co'), '--json');
    expect(JSON.parse(f3.sortie)).toMatchObject({ desaccords: [12], ouverts: [] });
    const fin = inspecter(grille);
    expect(fin.detail.Arbitrage.tableaux.tblArbitrage.ref).toBe('A4:L5');
    expect(fin.detail.Arbitrage.cellules.J5).toBe('PF C');
    expect(fin.detail['Contributions des auditeurs'].tableaux.tblContributions.ref).toBe(`A3:E${3 + 42 + 17 + 10}`);
  });
});
