/**
 * Les mêmes cas d'usage, la même suite, contre les deux adaptateurs : ExcelJS (fichier .xlsx réécrit et relu
 * entre chaque opération) et Office.js (faux Excel qui n'applique les écritures qu'à sync()).
 */
import ExcelJS from 'exceljs';
import { PortClasseur } from '../../src/core/usages/port';
import { Verification, consolider, generer, lireIdentite, produireRapport, verifier } from '../../src/core/usages/operations';
import { portExcelJS } from '../../src/adapters/exceljs/port';
import { chargerClasseur, ecrireClasseur } from '../../src/adapters/exceljs/fichier';
import { portOffice } from '../../src/adapters/office/adaptateur';
import { ExcelFactice } from '../office/excelFactice';
import { RapportBloque } from '../../src/core/audit/rapport';

type Saisie = string | number;

interface Banc {
  executer<T>(operation: (port: PortClasseur) => Promise<T>): Promise<T>;
  saisir(feuille: string, adresse: string, valeur: Saisie): Promise<void>;
  colorier(feuille: string, adresse: string, fond: string): Promise<void>;
  /** Valeur, ou formule précédée de « = ». */
  lire(feuille: string, adresse: string): Promise<Saisie | boolean | undefined>;
  fond(feuille: string, adresse: string): Promise<string | undefined>;
  feuilles(): Promise<string[]>;
}

function bancExcelJS(): Banc {
  let contenu: Uint8Array | undefined;
  const ouvrir = async () => (await chargerClasseur(contenu as Uint8Array, 'lycee.xlsx')).classeur;
  const modifier = async (f: (wb: ExcelJS.Workbook) => void) => {
    const wb = await ouvrir();
    f(wb);
    contenu = await ecrireClasseur(wb);
  };
  return {
    async executer(operation) {
      const wb = contenu ? await ouvrir() : new ExcelJS.Workbook();
      const port = portExcelJS(wb, contenu && { contenu, nom: 'lycee.xlsx' });
      const r = await operation(port);
      if (port.contenu) contenu = port.contenu;
      return r;
    },
    saisir: (feuille, adresse, valeur) =>
      modifier((wb) => {
        wb.getWorksheet(feuille)!.getCell(adresse).value = typeof valeur === 'string' && valeur.startsWith('=') ? { formula: valeur.slice(1) } : valeur;
      }),
    colorier: (feuille, adresse, fond) =>
      modifier((wb) => {
        // Une copie du style : ExcelJS partage l'objet style entre les cellules relues avec le même style.
        const cell = wb.getWorksheet(feuille)!.getCell(adresse);
        cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${fond}` } } };
      }),
    async lire(feuille, adresse) {
      const v = (await ouvrir()).getWorksheet(feuille)?.getCell(adresse).value;
      if (v && typeof v === 'object' && 'formula' in v) return `=${v.formula}`;
      return v === null || v === undefined ? undefined : (v as Saisie);
    },
    async fond(feuille, adresse) {
      const f = (await ouvrir()).getWorksheet(feuille)?.getCell(adresse).fill;
      return f && f.type === 'pattern' ? f.fgColor?.argb?.slice(2) : undefined;
    },
    async feuilles() {
      return (await ouvrir()).worksheets.map((w) => w.name);
    },
  };
}

function bancOffice(): Banc {
  const excel = new ExcelFactice();
  const decoder = (a: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a)!;
    return `${Number(m[2]) - 1},${m[1].split('').reduce((n, x) => n * 26 + x.charCodeAt(0) - 64, 0) - 1}`;
  };
  return {
    executer: (operation) => operation(portOffice(excel.contexte(), { miseEnPageDisponible: true })),
    saisir: async (feuille, adresse, valeur) => excel.saisir(feuille, adresse, valeur),
    colorier: async (feuille, adresse, fond) => {
      excel.fonds.set(`${feuille}!${decoder(adresse)}`, `#${fond}`);
    },
    lire: async (feuille, adresse) => {
      const c = excel.cellule(feuille, adresse);
      return c?.formule ?? c?.valeur;
    },
    fond: async (feuille, adresse) => excel.fonds.get(`${feuille}!${decoder(adresse)}`)?.replace('#', ''),
    feuilles: async () => [...excel.feuilles.keys()],
  };
}

const F = 'LDM 003 Auto-évaluation';
const G = "Grille d'audit";
const maintenant = new Date(2026, 10, 25);
const identite = { etablissement: 'Lycée des deux adaptateurs', rne: '0450051L' };

/** Ce que la vérification dit, sans ce qui dépend de l'adaptateur (rien ne devrait en dépendre). */
const resume = (v: Verification) => ({
  constats: v.constats.map((c) => `${c.kind} ${c.sheet}!${c.cell}`).sort(),
  completude: v.completude.map((c) => `${c.critere}:${c.documentes}/${c.applicables}`),
  indicateurs: v.planActions.indicateurs.map((i) => `${i.numero}:${i.statut}`),
});

describe.each([
  ['ExcelJS', bancExcelJS],
  ['Office.js', bancOffice],
])('cas d’usage par l’adaptateur %s', (_nom, nouveauBanc) => {
  it('génère LDM 003 avec l’identité et l’en-tête de tableau stylé, puis relit l’identité', async () => {
    const banc = nouveauBanc();
    const plan = await banc.executer((p) => generer(p, { identite, maintenant }));
    expect(plan.regeneration).toBe(false);
    expect(await banc.feuilles()).toEqual(['Pilote LDM', F]);
    expect(await banc.lire('Pilote LDM', 'C4')).toBe('Lycée des deux adaptateurs');
    expect(await banc.lire(F, 'A19')).toBe(1);
    expect(await banc.lire(F, 'A64')).toBe(46);
    expect(await banc.fond(F, 'A18')).toBe('1F4E79');
    expect(await banc.fond(F, 'I18')).toBe('1F4E79');
    expect(await banc.executer((p) => lireIdentite(p))).toMatchObject({ etablissement: 'Lycée des deux adaptateurs', rne: '0450051L', candidatureEnReseau: false });
  });

  it('régénère en gardant chaque saisie, valeur et couleur, avec le N° de son descripteur après un tri', async () => {
    const banc = nouveauBanc();
    await banc.executer((p) => generer(p, { identite, maintenant }));
    // L'utilisateur trie : les descripteurs 3 et 4 échangent leurs lignes ; il documente le 4 et le surligne.
    await banc.saisir(F, 'A21', 4);
    await banc.saisir(F, 'A22', 3);
    await banc.saisir(F, 'D21', 'Convention FCIL');
    await banc.colorier(F, 'D21', 'FFFF00');
    await banc.saisir(F, 'D22', '=HYPERLINK("https://exemple.fr","preuve")');
    const plan = await banc.executer((p) => generer(p, { identite: { etablissement: 'Nouveau nom' }, maintenant }));
    expect(plan.regeneration).toBe(true);
    expect(await banc.lire(F, 'A21')).toBe(3);
    expect(await banc.lire(F, 'A22')).toBe(4);
    expect(await banc.lire(F, 'D21')).toBe('=HYPERLINK("https://exemple.fr","preuve")');
    expect(await banc.lire(F, 'D22')).toBe('Convention FCIL');
    expect(await banc.fond(F, 'D22')).toBe('FFFF00');
    expect(await banc.fond(F, 'D21')).toBeUndefined();
    expect(await banc.lire('Pilote LDM', 'C4')).toBe('Nouveau nom');
    expect(await banc.lire('Pilote LDM', 'C5')).toBe('0450051L');

    const v = await banc.executer((p) => verifier(p, { annee: 2026, mois: 11, jour: 25 }));
    expect(v.constats.find((c) => c.descripteur === 3 || c.descripteur === 4)).toBeUndefined();
    expect(v.constats.find((c) => c.descripteur === 5)).toMatchObject({ kind: 'preuve-manquante', cell: 'D23', sheet: F });
    expect(v.completude[0]).toMatchObject({ critere: 1, documentes: 2, applicables: 5 });
  });

  it('bloque le rapport sur une grille incomplète, puis produit LDM 011 et une fiche LDM 010 par NC', async () => {
    const banc = nouveauBanc();
    await banc.executer((p) => generer(p, { identite, feuilles: ['grille-audit'], maintenant }));
    await expect(banc.executer((p) => produireRapport(p, { maintenant, accepterAnomalies: false }))).rejects.toThrow(RapportBloque);
    await banc.saisir(G, 'C6', 46471);
    await banc.saisir(G, 'C8', 'Mme Référente');
    await banc.saisir(G, 'C9', 'M. Co');
    await banc.saisir(G, 'C10', 'Mme Co');
    for (let n = 1; n <= 46; n++) if (![25, 31, 34, 45].includes(n)) await banc.saisir(G, `${n === 12 ? 'G' : 'E'}${16 + n}`, 'x');
    await banc.saisir(G, 'H28', 'Aucun dispositif');
    const plan = await banc.executer((p) => produireRapport(p, { maintenant: new Date(2027, 2, 30), accepterAnomalies: false }));
    expect(plan.modele.total).toEqual({ PF: 0, C: 41, R: 0, NC: 1 });
    expect(await banc.feuilles()).toEqual(['Pilote LDM', G, "LDM 011 Rapport d'audit", 'LDM 010 Suivi des écarts', 'LDM 010 Écart 12']);
    expect(await banc.lire('LDM 010 Écart 12', 'C9')).toBe('Fiche n° : 1/1');
  });

  it('archive le plan de l’année close en lecture seule et reconduit les actions non finalisées', async () => {
    const banc = nouveauBanc();
    const P = "LDM 002 Plan d'actions";
    await banc.executer((p) => generer(p, { identite: { ...identite, anneeScolaire: '2025-2026' }, feuilles: ['plan'], maintenant }));
    await banc.saisir(P, 'J5', 'Cartographie des parcours');
    await banc.saisir(P, 'N5', 46100);
    await banc.saisir(P, 'J6', 'Accueil des apprentis');
    const plan = await banc.executer((p) => generer(p, { identite: { anneeScolaire: '2026-2027' }, maintenant }));
    expect(plan.archive).toBe('LDM 002 Plan 2025-2026');
    expect(await banc.feuilles()).toContain('LDM 002 Plan 2025-2026');
    expect(await banc.lire('LDM 002 Plan 2025-2026', 'J5')).toBe('Cartographie des parcours');
    expect(await banc.lire(P, 'J5')).toBe('Accueil des apprentis');
  });

  it('écrit la consolidation régionale dans un classeur à part', async () => {
    const banc = nouveauBanc();
    const r = await banc.executer((p) => consolider(p, [], [{ fichier: 'vide.xlsx', prise: 'non', motif: 'pas un classeur' }]));
    expect(r.anomalies).toHaveLength(1);
    expect((await banc.feuilles()).length).toBeGreaterThanOrEqual(2);
  });
});

it('les deux adaptateurs donnent la même vérification pour les mêmes saisies', async () => {
  const resultats: Array<ReturnType<typeof resume>> = [];
  for (const banc of [bancExcelJS(), bancOffice()]) {
    await banc.executer((p) => generer(p, { identite, feuilles: ['auto-evaluation', 'plan', 'grille-audit'], maintenant }));
    await banc.saisir(F, 'D19', 'Projet d’établissement');
    await banc.saisir(F, 'E20', 'Oui');
    await banc.saisir(G, 'E20', 'x');
    await banc.saisir(G, 'G21', 'x');
    resultats.push(resume(await banc.executer((p) => verifier(p, { annee: 2026, mois: 11, jour: 25 }))));
  }
  expect(resultats[0].constats.length).toBeGreaterThan(40);
  expect(resultats[1]).toEqual(resultats[0]);
});
