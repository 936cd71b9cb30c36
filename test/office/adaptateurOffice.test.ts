import { consoliderDansExcel, genererDansExcel, produireFicheActionDansExcel, produireRapportDansExcel, surveillerTableaux, verifierDansExcel } from '../../src/adapters/office/adaptateur';
import { ExcelFactice } from './excelFactice';
import { lettreColonne } from '../../src/core/layout/types';
import { portOffice } from '../../src/adapters/office/adaptateur';
import { accuser } from '../../src/core/usages/registre';

const F = 'LDM 003 Auto-évaluation';
const options = { identite: { etablissement: 'Lycée Office', rne: '0450051L' }, maintenant: new Date(2026, 10, 25) };

describe('adaptateur Office.js (sur un faux Excel qui compte les context.sync())', () => {
  it('écrit toute la grille en 3 allers-retours au plus', async () => {
    const excel = new ExcelFactice();
    const plan = await genererDansExcel(excel.contexte(), options, { miseEnPageDisponible: true });
    expect(excel.syncs).toBeLessThanOrEqual(3);
    expect(plan.regeneration).toBe(false);
    expect([...excel.feuilles.keys()]).toEqual(['Pilote LDM', F]);
    expect(excel.tableaux.get('tblAutoEvaluation')).toMatchObject({ feuille: F, l1: 17, c1: 0, l2: 63, c2: 9 });
    expect(excel.cellule(F, 'A19')).toEqual({ valeur: 1 });
    expect(excel.cellule(F, 'A64')).toEqual({ valeur: 46 });
    // Le statut : réputé satisfait par un autre label (« Pilote LDM »), sinon hors réseau, sans objet, preuve.
    expect(excel.cellule(F, 'I19')?.formule).toMatch(/^=IF\(LEN\(IFERROR\(""&INDEX\(tblAutresLabels\[Réputé satisfait par le label\].*IF\(AND\(tblAutoEvaluation\[\[#This Row\],\[Réseau uniquement\]\]/);
    expect(excel.cellule('Pilote LDM', 'C4')).toEqual({ valeur: 'Lycée Office' });
    expect([...excel.noms.keys()]).toContain('LDM_Reseau');
    expect(excel.validations).toEqual([
      expect.objectContaining({ feuille: 'Pilote LDM' }),
      expect.objectContaining({ feuille: 'Pilote LDM' }),
      { feuille: F, plage: '18,5:63,5', rule: { list: { inCellDropDown: true, source: 'Oui,Non' } } },
    ]);
    expect(excel.mfc.filter((m) => m.feuille === F).length).toBe(8);
    expect(excel.mfc.every((m) => m.formule.startsWith('=') && !m.formule.includes('['))).toBe(true);
    expect(excel.journal).toContainEqual([`${F}.pageLayout.orientation`, 'Landscape']);
    expect(excel.journal).toContainEqual([`${F}.pageLayout.paperSize`, 'A4']);
    expect(excel.journal).toContainEqual([`${F}.pageLayout.setPrintTitleRows()`, ['$18:$18']]);
  });

  it('régénère en gardant les saisies rattachées au N°, toujours en 3 allers-retours au plus', async () => {
    const excel = new ExcelFactice();
    await genererDansExcel(excel.contexte(), options, { miseEnPageDisponible: false });
    // L'utilisateur trie : les lignes 3 et 4 s'échangent, puis il remplit leurs preuves à leur nouvelle place.
    excel.saisir(F, 'D21', 'Convention FCIL');
    excel.saisir(F, 'A21', 4);
    excel.saisir(F, 'A22', 3);
    excel.saisir(F, 'D22', '=HYPERLINK("https://exemple.fr";"preuve")');
    excel.syncs = 0;
    const plan = await genererDansExcel(excel.contexte(), { ...options, identite: { etablissement: 'Nouveau nom' } }, { miseEnPageDisponible: false });
    expect(excel.syncs).toBeLessThanOrEqual(3);
    expect(plan.regeneration).toBe(true);
    expect(excel.cellule(F, 'A21')).toEqual({ valeur: 3 });
    expect(excel.cellule(F, 'A22')).toEqual({ valeur: 4 });
    expect(excel.cellule(F, 'D21')).toEqual({ formule: '=HYPERLINK("https://exemple.fr";"preuve")' });
    expect(excel.cellule(F, 'D22')).toEqual({ valeur: 'Convention FCIL' });
    expect(excel.cellule('Pilote LDM', 'C4')).toEqual({ valeur: 'Nouveau nom' });
    expect(excel.cellule('Pilote LDM', 'C5')).toEqual({ valeur: '0450051L' });
    expect(excel.journal.some(([k]) => k.includes('pageLayout'))).toBe(false);

    const { constats, completude } = await verifierDansExcel(excel.contexte());
    expect(constats.find((c) => c.descripteur === 3 || c.descripteur === 4)).toBeUndefined();
    expect(constats.find((c) => c.descripteur === 5)).toMatchObject({ kind: 'preuve-manquante', cell: 'D23' });
    expect(completude[0]).toMatchObject({ critere: 1, documentes: 2, applicables: 5 }); expect(completude[1]).toMatchObject({ documentes: 0 });
  });
});

describe('rapport d’audit par Office.js', () => {
  const G = "Grille d'audit";
  it('produit rapport et fiches en 3 allers-retours au plus, et garde les saisies des fiches', async () => {
    const excel = new ExcelFactice();
    await genererDansExcel(excel.contexte(), { ...options, feuilles: ['grille-audit'] }, { miseEnPageDisponible: true });
    expect(excel.tableaux.get('tblGrilleAudit')).toMatchObject({ feuille: G, l1: 15, l2: 61 });
    excel.saisir(G, 'C6', 46471);
    excel.saisir(G, 'C8', 'Mme Référente');
    excel.saisir(G, 'C9', 'M. Co');
    excel.saisir(G, 'C10', 'Mme Co');
    for (let n = 1; n <= 46; n++) if (![25, 31, 34, 45].includes(n)) excel.saisir(G, `E${16 + n}`, 'x');
    excel.feuilles.get(G)!.delete(`${16 + 12 - 1},4`);
    excel.saisir(G, `G${16 + 12}`, 'X');
    excel.saisir(G, `H${16 + 12}`, 'Aucun dispositif');
    excel.syncs = 0;
    const plan = await produireRapportDansExcel(excel.contexte(), { maintenant: new Date(2027, 2, 30), accepterAnomalies: false }, { miseEnPageDisponible: true });
    expect(excel.syncs).toBeLessThanOrEqual(3);
    expect(plan.modele.total).toEqual({ PF: 0, C: 41, R: 0, NC: 1 });
    expect([...excel.feuilles.keys()]).toEqual(['Pilote LDM', G, "LDM 011 Rapport d'audit", 'LDM 010 Suivi des écarts', 'LDM 010 Écart 12']);
    expect(excel.cellule('LDM 010 Écart 12', 'C9')).toEqual({ valeur: 'Fiche n° : 1/1' });
    expect(excel.cellule('LDM 010 Écart 12', 'C14')).toEqual({ valeur: 46481 });

    excel.saisir('LDM 010 Écart 12', 'B17', 'M. le DDFPT');
    excel.saisir(G, `G${16 + 12}`, '');
    excel.saisir(G, `E${16 + 12}`, 'x');
    excel.syncs = 0;
    const second = await produireRapportDansExcel(excel.contexte(), { maintenant: new Date(2027, 2, 31), accepterAnomalies: false }, { miseEnPageDisponible: false });
    expect(excel.syncs).toBeLessThanOrEqual(3);
    expect(second.obsoletes).toEqual([12]);
    expect(excel.cellule('LDM 010 Écart 12', 'B17')).toEqual({ valeur: 'M. le DDFPT' });
    expect(String(excel.cellule('LDM 010 Écart 12', 'A3')?.valeur)).toMatch(/^Fiche obsolète/);
  });
});

describe('plan d’actions et liaisons par Office.js', () => {
  const I = 'Indicateurs';
  it('écrit le plan et les indicateurs, lie une mesure à un tableau par formule, en 3 allers-retours au plus', async () => {
    const excel = new ExcelFactice();
    await genererDansExcel(excel.contexte(), { ...options, identite: { anneeScolaire: '2020-2021' }, feuilles: ['plan'] }, { miseEnPageDisponible: true });
    expect(excel.tableaux.get('tblIndicateurs')).toMatchObject({ feuille: I, l1: 15 });
    expect(excel.tableaux.get('tblPlanActions')).toMatchObject({ feuille: "LDM 002 Plan d'actions", l1: 3 });
    excel.saisir(I, 'B17', 7);
    excel.saisir(I, 'C17', "Taux d'absentéisme");
    excel.saisir(I, 'F17', 'Plus bas = mieux');
    excel.saisir(I, 'I17', 12);
    excel.saisir(I, 'K17', 10);
    // Le tableau de l'établissement.
    excel.feuilles.set('Effectifs', new Map());
    excel.saisir('Effectifs', 'A1', 'Année');
    excel.saisir('Effectifs', 'B1', 'Taux');
    excel.saisir('Effectifs', 'A2', '2020-2021');
    excel.saisir('Effectifs', 'B2', 9.5);
    excel.tableaux.set('tblAbsences', { feuille: 'Effectifs', l1: 0, c1: 0, l2: 1, c2: 1 });
    excel.syncs = 0;
    await genererDansExcel(excel.contexte(), { ...options, liaison: { indicateur: 1, table: 'tblAbsences', colonne: 'Taux', mode: 'annee', colonneAnnee: 'Année' } }, { miseEnPageDisponible: true });
    expect(excel.syncs).toBeLessThanOrEqual(3);
    expect(excel.cellule(I, 'L17')?.formule).toBe('=IFERROR(INDEX(tblAbsences[Taux],MATCH("2020-2021",tblAbsences[Année],0)),IFERROR(INDEX(tblAbsences[Taux],MATCH("2020/2021",tblAbsences[Année],0)),""))');
    expect(excel.cellule(I, 'C17')).toEqual({ valeur: "Taux d'absentéisme" });
    const v = await verifierDansExcel(excel.contexte());
    expect(v.planActions.indicateurs[0]).toMatchObject({ numero: 1, source: 'tblAbsences[Taux], année lue dans [Année]', rompue: false });

    // Le tableau de l'établissement grandit : 60 000 lignes de 12 colonnes, dont du texte long (plus de 5 Mo en tout).
    // La vérification ne lit que les deux colonnes liées : la réponse reste petite et le statut ne change pas.
    const entetes = ['Année', 'Taux', ...Array.from({ length: 10 }, (_, k) => `Commentaire ${k + 1}`)];
    const cells = new Map<string, { valeur: string | number }>();
    entetes.forEach((e, c) => cells.set(`0,${c}`, { valeur: e }));
    for (let l = 1; l <= 60000; l++) {
      cells.set(`${l},0`, { valeur: l === 60000 ? '2020-2021' : `${1900 + (l % 100)}-x` });
      cells.set(`${l},1`, { valeur: l === 60000 ? 9.5 : 50 });
      for (let c = 2; c < 12; c++) cells.set(`${l},${c}`, { valeur: `Observation détaillée de la ligne ${l}, colonne ${c}` });
    }
    excel.feuilles.set('Effectifs', cells);
    excel.tableaux.set('tblAbsences', { feuille: 'Effectifs', l1: 0, c1: 0, l2: 60000, c2: 11 });
    excel.plusGrosseReponse = 0;
    const grand = await verifierDansExcel(excel.contexte());
    expect(grand.planActions.indicateurs[0]).toEqual(v.planActions.indicateurs[0]);
    expect(excel.plusGrosseReponse).toBeLessThan(2 * 1024 * 1024);
  });

  it('produit la fiche action LDM 005 d’une action du plan, saisies reprises, en 3 allers-retours au plus', async () => {
    const excel = new ExcelFactice();
    await genererDansExcel(excel.contexte(), { ...options, identite: { anneeScolaire: '2026-2027' }, feuilles: ['plan'] }, { miseEnPageDisponible: true });
    excel.saisir("LDM 002 Plan d'actions", 'J5', 'Cartographie des parcours');
    excel.syncs = 0;
    await expect(produireFicheActionDansExcel(excel.contexte(), 'action', 1, { miseEnPageDisponible: true })).resolves.toEqual({ feuille: 'LDM 005 Action 1' });
    expect(excel.syncs).toBeLessThanOrEqual(3);
    expect(excel.cellule('LDM 005 Action 1', 'B4')).toEqual({ valeur: 'Cartographie des parcours' });
    expect(excel.journal).toContainEqual(['LDM 005 Action 1!5,0:5,16383.format.rowHeight', 90]);
    excel.saisir('LDM 005 Action 1', 'B6', 'Une description');
    await produireFicheActionDansExcel(excel.contexte(), 'action', 1, { miseEnPageDisponible: true });
    expect(excel.cellule('LDM 005 Action 1', 'B6')).toEqual({ valeur: 'Une description' });
  });

  it('un tableau régénéré plus large ne recouvre pas une note de l’utilisateur : rien n’est écrit, la cellule est nommée', async () => {
    const excel = new ExcelFactice();
    const plan = { ...options, identite: { anneeScolaire: '2026-2027' }, feuilles: ['plan' as const] };
    await genererDansExcel(excel.contexte(), { ...plan, horizon: { duree: 4 } }, { miseEnPageDisponible: true });
    const t = excel.tableaux.get('tblIndicateurs')!;
    const aDroite = `${lettreColonne(t.c2 + 2)}${t.l1 + 3}`;
    excel.saisir('Indicateurs', aDroite, 'Note : voir le contrat signé');
    const avant = JSON.stringify([...excel.feuilles.get('Indicateurs')!.entries()]);
    excel.syncs = 0;
    // Cinq années au lieu de quatre : des colonnes de plus (cible, mesure, statut, aides), là où est la note.
    await expect(genererDansExcel(excel.contexte(), { ...plan, horizon: { duree: 5 } }, { miseEnPageDisponible: true })).rejects.toThrow(
      `feuille « Indicateurs », ${aDroite} : « Note : voir le contrat signé » est là où le tableau « tblIndicateurs » s'agrandit`,
    );
    expect(JSON.stringify([...excel.feuilles.get('Indicateurs')!.entries()])).toBe(avant);
    expect(excel.tableaux.get('tblIndicateurs')).toEqual(t);
    // La note déplacée au-dessus du tableau, la génération passe et la garde.
    excel.saisir('Indicateurs', aDroite, '');
    excel.saisir('Indicateurs', `${lettreColonne(t.c2 + 8)}2`, 'Note : voir le contrat signé');
    await genererDansExcel(excel.contexte(), { ...plan, horizon: { duree: 5 } }, { miseEnPageDisponible: true });
    expect(excel.tableaux.get('tblIndicateurs')!.c2).toBeGreaterThan(t.c2);
    expect(excel.cellule('Indicateurs', `${lettreColonne(t.c2 + 8)}2`)).toEqual({ valeur: 'Note : voir le contrat signé' });
  });

  it('surveille les tableaux sources : un changement de données relance la vérification', async () => {
    const excel = new ExcelFactice();
    excel.feuilles.set('Effectifs', new Map());
    excel.tableaux.set('tblAbsences', { feuille: 'Effectifs', l1: 0, c1: 0, l2: 3, c2: 1 });
    let rafraichissements = 0;
    await surveillerTableaux(excel.contexte(), ['tblAbsences'], () => rafraichissements++);
    // Un tableau absent du classeur (dossier sans plan d'actions) n'est pas surveillé, sans erreur.
    await surveillerTableaux(excel.contexte(), ['tblIndicateurs', 'TBLABSENCES'], () => rafraichissements++);
    expect([...excel.liaisons.keys()]).toEqual(['PiloteLDM_tblAbsences']);
    await excel.modifierDonnees('tblAbsences');
    expect(rafraichissements).toBe(1);
  });
});

describe('consolidation par Office.js', () => {
  it('écrit les feuilles régionales en 2 allers-retours, un texte commençant par = restant du texte', async () => {
    const excel = new ExcelFactice();
    const coches = { PF: false, C: false, R: false, NC: true };
    const etablissement = {
      rne: '0450051L', etablissement: 'Lycée A', intitule: '', typeAudit: 'Audit de labellisation', dateAudit: '25/03/2027',
      dateAuditIso: '2027-03-25', auditeurs: 'Mme Référente, M. Co', dateRapportIso: '', echeanceNcIso: '2027-09-30', piecesManquantes: null, piecesAFournir: [],
      comptes: { PF: 0, C: 40, R: 0, NC: 1 }, ncOuvertes: 1, completude: [], indicateursHorsCible: 0, actionsEnRetard: 0,
      fichier: 'a.xlsx', schema: '1', generation: '2027-03-30T10:00:00.000Z', avertissements: [],
      constats: [{ critere: 1, descripteur: 3, coches, constat: '=1+1' }], resultats: { 3: 'NC' },
    };
    const r = await consoliderDansExcel(excel.contexte(), [etablissement], [{ fichier: 'b.xlsx', prise: 'non', motif: 'vide' }], { miseEnPageDisponible: true });
    expect(excel.syncs).toBeLessThanOrEqual(2);
    expect(r.retenus).toHaveLength(1);
    expect([...excel.feuilles.keys()]).toEqual(['Synthèse régionale', 'Registre des labels', 'Historique des audits', 'Historique des constats', 'Synthèse LDM 012', 'Questionnaires LDM 012', 'Constats', 'Matrice', 'Par critère', 'Anomalies']);
    expect(excel.cellule('Constats', 'I2')).toEqual({ valeur: "'=1+1" });
    expect(excel.cellule('Synthèse régionale', 'A4')).toEqual({ valeur: '0450051L' });
    expect(excel.journal).toContainEqual(['barre.positiveFormat.fillColor', '#C00000']);
    expect(excel.graphiques).toEqual([{ feuille: 'Par critère', type: 'ColumnStacked', serie: 'Columns', plage: { l1: 1, c1: 0, l2: 9, c2: 4 } }]);
    // Une nouvelle consolidation recrée les feuilles produites : pas de graphique en double, le texte reste littéral.
    excel.syncs = 0;
    await consoliderDansExcel(excel.contexte(), [etablissement], [], { miseEnPageDisponible: true });
    expect(excel.syncs).toBeLessThanOrEqual(2);
    expect(excel.graphiques).toHaveLength(1);
    expect(excel.cellule('Constats', 'I2')).toEqual({ valeur: "'=1+1" });

    // LDM 007 depuis le volet dans Excel : l'envoi et la réponse notés dans le registre du classeur ouvert (lecture, écriture).
    excel.syncs = 0;
    const { lettre, etablissement: nom } = await accuser(portOffice(excel.contexte(), { miseEnPageDisponible: true }), '0450051l', true, { annee: 2027, mois: 4, jour: 2 });
    expect(excel.syncs).toBeLessThanOrEqual(3);
    expect([nom, lettre.nom]).toEqual(['Lycée A', 'LDM 007 Accusé de réception']);
    const registre = [...excel.tableaux.entries()].find(([n]) => n === 'tblRegistreLabel')![1];
    const entetes = Array.from({ length: registre.c2 - registre.c1 + 1 }, (_, j) => excel.cellule('Registre des labels', `${String.fromCharCode(65 + registre.c1 + j)}${registre.l1 + 1}`)?.valeur);
    const valeur = (entete: string) => excel.cellule('Registre des labels', `${String.fromCharCode(65 + registre.c1 + entetes.indexOf(entete))}${registre.l1 + 2}`)?.valeur;
    expect([valeur('Réponse LDM 007'), valeur('LDM 007 envoyé le')]).toEqual(['Conforme', 46479]); // 02/04/2027
  });
});

describe('le faux Excel est aussi strict qu’Office.js', () => {
  it('n’applique une écriture qu’à sync(), et refuse un lot de plus de 5 Mo', async () => {
    const excel = new ExcelFactice();
    const ctx = excel.contexte();
    ctx.workbook.worksheets.add('Feuille');
    ctx.workbook.worksheets.getItem('Feuille').getRange('A1').formulas = [['avant sync']];
    expect(excel.feuilles.has('Feuille')).toBe(false);
    await ctx.sync();
    expect(excel.cellule('Feuille', 'A1')).toEqual({ valeur: 'avant sync' });
    const r = ctx.workbook.worksheets.getItem('Feuille').getRange('A1:A2');
    r.load('values');
    expect(() => r.values).toThrow(/PropertyNotLoaded/);
    const enorme = ctx.workbook.worksheets.getItem('Feuille').getRange('A1:A60000');
    enorme.formulas = Array.from({ length: 60000 }, () => ['x'.repeat(100)]);
    await expect(ctx.sync()).rejects.toThrow(/RequestPayloadSizeLimitExceeded/);
    expect(excel.cellule('Feuille', 'A2')).toBeUndefined();
  });

  it('voit qu’une sync() manque : sans la dernière, la génération n’a rien écrit de son dernier lot', async () => {
    const reference = new ExcelFactice();
    await genererDansExcel(reference.contexte(), options, { miseEnPageDisponible: true });
    const n = reference.syncs;
    expect(reference.tableaux.has('tblAutoEvaluation')).toBe(true);
    // Même génération, mais la dernière sync() de l'adaptateur est « oubliée ».
    const excel = new ExcelFactice();
    const ctx = excel.contexte();
    const sync = ctx.sync.bind(ctx);
    let appels = 0;
    (ctx as { sync: () => Promise<void> }).sync = async () => {
      appels++;
      if (appels < n) await sync();
    };
    await genererDansExcel(ctx, options, { miseEnPageDisponible: true });
    expect(appels).toBe(n);
    expect(excel.tableaux.has('tblAutoEvaluation')).toBe(false);
    expect(excel.cellule(F, 'A19')).toBeUndefined();
    // La plus grosse requête de la génération reste loin de la limite d'Excel sur le web.
    expect(reference.plusGrosLot).toBeLessThan(1024 * 1024);
  });

  it('le service du volet en mode Excel passe par Excel.run et écrit dans le classeur ouvert', async () => {
    const excel = new ExcelFactice();
    const globaux = globalThis as unknown as { Excel?: unknown; Office?: unknown };
    globaux.Excel = { run: async (_o: unknown, lot: (c: Excel.RequestContext) => Promise<unknown>) => lot(excel.contexte()) };
    globaux.Office = { context: { requirements: { isSetSupported: () => true } } };
    try {
      const { serviceExcel } = await import('../../src/taskpane/services');
      const service = serviceExcel();
      const r = await service.generer({ etablissement: 'Lycée du volet', rne: '0450051l' }, undefined, ['auto-evaluation']);
      expect(r.plan?.feuilles.map((f) => f.nom)).toEqual(['Pilote LDM', F]);
      expect(excel.cellule('Pilote LDM', 'C4')).toEqual({ valeur: 'Lycée du volet' });
      expect(excel.cellule('Pilote LDM', 'C5')).toEqual({ valeur: '0450051L' });
      expect(r.constats.filter((c) => c.kind === 'preuve-manquante').length).toBe(42);
      expect(await service.lireIdentite()).toMatchObject({ etablissement: 'Lycée du volet', rne: '0450051L' });
      expect(excel.journal).toContainEqual([`${F}.pageLayout.orientation`, 'Landscape']);
    } finally {
      delete globaux.Excel;
      delete globaux.Office;
    }
  });

  it('en mode Excel, la consolidation ouvre un nouveau classeur quand le classeur ouvert est celui d’un lycée, sans le toucher', async () => {
    const excel = new ExcelFactice();
    const crees: string[] = [];
    const globaux = globalThis as unknown as { Excel?: unknown; Office?: unknown };
    globaux.Excel = {
      run: async (_o: unknown, lot: (c: Excel.RequestContext) => Promise<unknown>) => lot(excel.contexte()),
      createWorkbook: async (base64: string) => {
        crees.push(base64);
      },
    };
    globaux.Office = { context: { requirements: { isSetSupported: () => true } } };
    try {
      const { serviceExcel } = await import('../../src/taskpane/services');
      const service = serviceExcel();
      await service.generer({ etablissement: 'Lycée ouvert', rne: '0450051L' }, undefined, ['auto-evaluation']);
      const avant = JSON.stringify([...excel.feuilles.entries()].map(([n, c]) => [n, [...c.entries()]]));
      const { genererClasseur } = await import('../../src/adapters/exceljs/service');
      const autre = await genererClasseur(undefined, { identite: { etablissement: 'Lycée B', rne: '0750654D' }, feuilles: ['grille-audit'], maintenant: new Date(2026, 10, 25) });
      const fichier = { name: 'lycee-b.xlsx', size: autre.contenu.length, lastModified: Date.now(), arrayBuffer: async () => autre.contenu.slice().buffer } as unknown as File;
      const r = await service.consolider([fichier]);
      expect(r.ecriteDans).toBe('nouveau-classeur');
      expect(r.retenus.map((e) => e.rne)).toEqual(['0750654D']);
      expect(crees).toHaveLength(1);
      expect(Buffer.from(crees[0], 'base64').subarray(0, 2).toString()).toBe('PK');
      expect(JSON.stringify([...excel.feuilles.entries()].map(([n, c]) => [n, [...c.entries()]]))).toBe(avant);
      expect(excel.tableaux.has('tblSyntheseRegionale')).toBe(false);
    } finally {
      delete globaux.Excel;
      delete globaux.Office;
    }
  });
});


describe('formulaires du dossier par Office.js', () => {
  it('LDM 001, LDM 004, LDM 009 et LDM 012 en 3 allers-retours au plus, saisies gardées à la régénération', async () => {
    const excel = new ExcelFactice();
    const opts = { identite: { etablissement: 'Lycée Office', rne: '0450051L' }, maintenant: new Date(2026, 10, 25) };
    await genererDansExcel(excel.contexte(), { ...opts, feuilles: ['candidature', 'auto-evaluation', 'criteres', 'grille-audit', 'emargement', 'questionnaire'] }, { miseEnPageDisponible: true });
    expect([...excel.feuilles.keys()]).toEqual(expect.arrayContaining(['LDM 001 Candidature', 'LDM 004 Critère 1', 'LDM 004 Critère 8', "LDM 009 Feuille d'émargement"]));
    expect(excel.tableaux.has('tblPiecesDossier')).toBe(true);
    expect(excel.tableaux.has('tblEquipeCritere8')).toBe(true);
    expect([...excel.noms.keys()]).toEqual(expect.arrayContaining(['LDM_Adresse', 'LDM_DateCA']));
    // L'auto-évaluation est produite avec la fiche : elle est marquée fournie d'office.
    expect(excel.cellule('LDM 001 Candidature', 'C26')).toEqual({ valeur: 'Oui' });
    excel.saisir('LDM 001 Candidature', 'C7', '12 rue des Artisans');
    excel.saisir('LDM 001 Candidature', 'C23', 'Oui');
    excel.saisir('LDM 004 Critère 2', 'A7', 'État des lieux du critère 2');
    excel.saisir("LDM 009 Feuille d'émargement", 'B13', 'Durand');
    excel.saisir('LDM 012 Questionnaire audités', 'C12', 'Oui');
    excel.saisir('LDM 012 Questionnaire audités', 'D12', 'Critère 6.');
    excel.syncs = 0;
    await genererDansExcel(excel.contexte(), opts, { miseEnPageDisponible: false });
    expect(excel.syncs).toBeLessThanOrEqual(3);
    expect(excel.cellule('LDM 001 Candidature', 'C7')).toEqual({ valeur: '12 rue des Artisans' });
    expect(excel.cellule('LDM 001 Candidature', 'C23')).toEqual({ valeur: 'Oui' });
    expect(excel.cellule('LDM 004 Critère 2', 'A7')).toEqual({ valeur: 'État des lieux du critère 2' });
    expect(excel.cellule("LDM 009 Feuille d'émargement", 'B13')).toEqual({ valeur: 'Durand' });
    expect([excel.cellule('LDM 012 Questionnaire audités', 'C12'), excel.cellule('LDM 012 Questionnaire audités', 'D12')]).toEqual([{ valeur: 'Oui' }, { valeur: 'Critère 6.' }]);
    const { constats } = await verifierDansExcel(excel.contexte());
    expect(constats.filter((c) => c.kind === 'piece-manquante').map((c) => c.cell)).toEqual(['C24', 'C25', 'C27', 'C28', 'C29', 'C18']);
  });
});
