import path from 'path';
import { Operation, dossierTemporaire, inspecter, ldm, modifier, recalculerAvecLibreOffice } from './outils';
import { references, statutAnnee, statutAction } from '../src/core/plan/evaluation';
import { lireDate } from '../src/core/modele/dates';
import { referentielNational, tousLesDescripteurs } from '../src/core/referentiel';

const I = 'Indicateurs';
const P = "LDM 002 Plan d'actions";
const ANNEES = ['2020-2021', '2021-2022', '2022-2023', '2023-2024', '2024-2025'];
// Colonnes du tableau tblIndicateurs : A N°, B Critère, C Indicateur, D Axe, E Unité, F Sens, G Échelle, H Année de base, I Base, J Tolérance,
// puis par année Cible / Mesure / Statut à partir de K.
const col = (k: number) => String.fromCharCode(75 + k); // K, L, M…
const cibleCol = (a: number) => col(3 * a);
const mesureCol = (a: number) => col(3 * a + 1);
const statutCol = (a: number) => col(3 * a + 2);
const ECHELLE = 'Très faible participation < Faible participation < Participation correcte < Bonne participation';

type Cellule = string | number | null;
/** Les indicateurs du contrat d'objectifs du seed 000, et ce qu'on attend pour chaque année. */
const INDICATEURS: Array<{ ligne: number; critere: number; libelle: string; sens: string; echelle?: string; base: Cellule; cibles: Cellule[]; mesures: Cellule[]; attendus: string[]; global: string }> = [
  {
    ligne: 17, critere: 7, libelle: 'Taux de démissions sans solution', sens: 'Plus bas = mieux', base: 7.6,
    cibles: [6, 5, 5, 5, 5], mesures: [6.5, 4.8, 8, null, 5],
    attendus: ['En retard sur la cible', 'Atteint', 'Hors cible', 'Mesure manquante', 'Atteint'], global: 'Atteint',
  },
  {
    ligne: 18, critere: 2, libelle: 'Utilisateurs de la salle ZEN', sens: 'Plus haut = mieux', base: 50,
    cibles: [250, 250, '+50 %', 300, 350], mesures: [260, 100, 80, 40, 'beaucoup'],
    attendus: ['Atteint', 'En retard sur la cible', 'Atteint', 'Hors cible', 'Valeur invalide'], global: 'Valeur invalide',
  },
  {
    ligne: 19, critere: 5, libelle: 'Participation des parents', sens: 'Échelle ordinale', echelle: ECHELLE, base: 'Très faible participation',
    cibles: ['Faible participation', 'Participation correcte', 'Bonne participation', 'Bonne participation', 'Bonne participation'],
    mesures: ['faible participation', 'Faible participation', 'Très faible participation', 'Excellente participation', null],
    attendus: ['Atteint', 'En retard sur la cible', 'Hors cible', 'Valeur invalide', 'Mesure manquante'], global: 'Mesure manquante',
  },
  {
    ligne: 20, critere: 8, libelle: "Flux d'énergie (base 100)", sens: 'Plus bas = mieux', base: 100,
    cibles: ['baisse', 'baisse', 'stabilisation', 'stabilisation', 'baisse'], mesures: [95, 101, 103, 110, 90],
    attendus: ['Atteint', 'Hors cible', 'Atteint', 'Hors cible', 'Atteint'], global: 'Atteint',
  },
  {
    ligne: 21, critere: 1, libelle: 'Nombre de formations', sens: 'Maintien', base: 20,
    cibles: [20, 20, 20, 20, '-10 %'], mesures: [20.5, 25, 20, 19, 18],
    attendus: ['Atteint', 'Hors cible', 'Atteint', 'Atteint', 'Atteint'], global: 'Atteint',
  },
];

function saisirIndicateurs(fichier: string): void {
  const ops: Operation[] = [];
  for (const ind of INDICATEURS) {
    const l = ind.ligne;
    ops.push(
      { op: 'set', feuille: I, cellule: `B${l}`, valeur: ind.critere },
      { op: 'set', feuille: I, cellule: `C${l}`, valeur: ind.libelle },
      { op: 'set', feuille: I, cellule: `F${l}`, valeur: ind.sens },
      { op: 'set', feuille: I, cellule: `G${l}`, valeur: ind.echelle ?? null },
      { op: 'set', feuille: I, cellule: `H${l}`, valeur: '2019' },
      { op: 'set', feuille: I, cellule: `I${l}`, valeur: ind.base },
    );
    ind.cibles.forEach((c, a) => ops.push({ op: 'set', feuille: I, cellule: `${cibleCol(a)}${l}`, valeur: c }));
    ind.mesures.forEach((m, a) => ops.push({ op: 'set', feuille: I, cellule: `${mesureCol(a)}${l}`, valeur: m }));
  }
  modifier(fichier, ops);
}

describe('plan d’actions LDM 002 et indicateurs', () => {
  it('génère les tableaux du contrat, avec les colonnes par année', () => {
    const f = path.join(dossierTemporaire(), 'plan.xlsx');
    expect(ldm('generate', f, '--sheets', 'plan', '--annee', '2020-2021').code).toBe(0);
    const i = inspecter(f);
    expect(i.feuilles).toEqual(['Pilote LDM', P, 'LDM 002 Formulaire', I, "Exemples d'indicateurs"]);
    // Les exemples d'indicateurs du guide (seed 001) sont proposés, par critère, dans la colonne « Indicateur ».
    expect(i.noms.LDM_Exemples_7).toMatch(/^'Exemples d''indicateurs'!\$B\$\d+:\$B\$\d+$/);
    const suggestion = i.detail[I].validations.find((v) => v.plage === 'C17:C24');
    expect(suggestion).toMatchObject({ type: 'list', formule: 'INDIRECT("LDM_Exemples_"&$B17)' });
    const ex = i.detail["Exemples d'indicateurs"].cellules;
    expect(Object.values(ex)).toContain("Taux d'absentéisme en cours, en PFMP");
    const ti = i.detail[I].tableaux.tblIndicateurs.colonnes;
    for (const c of ['Critère', 'Indicateur', 'Sens', 'Base', 'Statut', 'Cible 2020-2021', 'Mesure 2020-2021', 'Statut 2024-2025']) expect(ti).toContain(c);
    expect(ti.indexOf('Cible 2020-2021')).toBe(10);
    const tp = i.detail[P].tableaux.tblPlanActions.colonnes;
    for (const c of ['Critère', "Contrat d'objectifs", 'Détail du critère LDM', 'Indicateurs', 'Actions', "Date de fin prévue de l'action", 'Action finalisée le', 'Évaluation', 'Commentaires établissement', 'Statut']) expect(tp).toContain(c);
    expect(i.detail[P].validations.map((v) => v.type)).toEqual(expect.arrayContaining(['list', 'date']));
  });

  it('LibreOffice recalcule les statuts des indicateurs du seed 000 comme le cœur, et ldm check les signale', () => {
    const f = path.join(dossierTemporaire(), 'indicateurs.xlsx');
    expect(ldm('generate', f, '--sheets', 'plan', '--annee', '2020-2021').code).toBe(0);
    saisirIndicateurs(f);
    const v = inspecter(recalculerAvecLibreOffice(f), true).detail[I].cellules;
    const aujourdhui = { annee: 2026, mois: 11, jour: 25 };
    for (const ind of INDICATEURS) {
      const lo = ANNEES.map((_, a) => v[`${statutCol(a)}${ind.ligne}`]);
      expect([ind.libelle, lo]).toEqual([ind.libelle, ind.attendus]);
      const refs = references(ind.base, ind.mesures);
      const coeur = ANNEES.map((annee, a) => statutAnnee({ sens: ind.sens, echelle: ind.echelle ?? null, base: ind.base }, ind.cibles[a], ind.mesures[a], annee, aujourdhui, refs[a]));
      expect([ind.libelle, coeur]).toEqual([ind.libelle, ind.attendus]);
      expect(v[`Z${ind.ligne}`]).toBe(ind.global);
    }
    // Les critères sans indicateur sont signalés dans la feuille et par ldm check.
    expect(v.C7).toBe('Critère 3 : aucun indicateur (LDM 002 en demande au moins un)');
    expect(v.C11).toBe('Critère 7 : 1 indicateur(s)');
    const j = JSON.parse(ldm('check', f, '--json', '--today', '2026-11-25').sortie);
    const parType = (k: string) => j.findings.filter((x: { kind: string }) => x.kind === k);
    expect(parType('critere-sans-indicateur').map((x: { critere: number }) => x.critere)).toEqual([3, 4, 6]);
    expect(parType('mesure-manquante').map((x: { cell: string }) => x.cell)).toEqual([`${mesureCol(3)}17`, `${mesureCol(4)}19`]);
    expect(parType('indicateur-hors-cible')).toHaveLength(9);
    expect(parType('valeur-invalide').map((x: { cell: string }) => x.cell)).toEqual([`${mesureCol(4)}18`, `${mesureCol(3)}19`]);
    expect(parType('valeur-invalide')[1].message).toContain("n'est pas un niveau de l'échelle");
  });

  it('une année pas encore terminée n’est pas encore mesurable', () => {
    const f = path.join(dossierTemporaire(), 'futur.xlsx');
    expect(ldm('generate', f, '--sheets', 'plan', '--annee', '2029-2030').code).toBe(0);
    modifier(f, [
      { op: 'set', feuille: I, cellule: 'B17', valeur: 3 },
      { op: 'set', feuille: I, cellule: 'C17', valeur: 'Taux de réussite' },
      { op: 'set', feuille: I, cellule: 'F17', valeur: 'Plus haut = mieux' },
      { op: 'set', feuille: I, cellule: 'K17', valeur: 90 },
    ]);
    const v = inspecter(recalculerAvecLibreOffice(f), true).detail[I].cellules;
    expect([v.M17, v.Z17]).toEqual(['Pas encore mesurable', 'Pas encore mesurable']);
    const j = JSON.parse(ldm('check', f, '--json', '--today', '2026-11-25').sortie);
    expect(j.findings.filter((x: { kind: string }) => x.kind === 'mesure-manquante')).toEqual([]);
  });

  it('calcule le statut des actions et signale celles en retard', () => {
    const f = path.join(dossierTemporaire(), 'actions.xlsx');
    expect(ldm('generate', f, '--sheets', 'plan').code).toBe(0);
    // Colonnes : J Actions, L début, M fin prévue, N finalisée le, Q Statut.
    modifier(f, [
      { op: 'set', feuille: P, cellule: 'J5', valeur: 'Cartographie des parcours' },
      { op: 'set', feuille: P, cellule: 'L5', valeur: '2021-09-01', date: true },
      { op: 'set', feuille: P, cellule: 'M5', valeur: '2022-06-30', date: true },
      { op: 'set', feuille: P, cellule: 'J6', valeur: 'Accueil des apprentis' },
      { op: 'set', feuille: P, cellule: 'L6', valeur: '2021-09-01', date: true },
      { op: 'set', feuille: P, cellule: 'M6', valeur: '2022-06-30', date: true },
      { op: 'set', feuille: P, cellule: 'N6', valeur: '2022-05-15', date: true },
      { op: 'set', feuille: P, cellule: 'J7', valeur: 'Semaine de la persévérance' },
      { op: 'set', feuille: P, cellule: 'L7', valeur: '2099-01-10', date: true },
      { op: 'set', feuille: P, cellule: 'J8', valeur: 'Plan de communication' },
      { op: 'set', feuille: P, cellule: 'L8', valeur: '2020-01-10', date: true },
      { op: 'set', feuille: P, cellule: 'M8', valeur: '2099-06-30', date: true },
      { op: 'set', feuille: P, cellule: 'J9', valeur: 'Action sans dates' },
      { op: 'set', feuille: P, cellule: 'M10', valeur: 'fin juin' },
      { op: 'set', feuille: P, cellule: 'J10', valeur: 'Action mal datée' },
    ]);
    const v = inspecter(recalculerAvecLibreOffice(f), true).detail[P].cellules;
    expect([v.Q5, v.Q6, v.Q7, v.Q8, v.Q9, v.Q11]).toEqual(['En retard', 'Finalisée', 'À venir', 'En cours', 'À planifier', undefined]);
    const j = JSON.parse(ldm('check', f, '--json', '--today', '2026-11-25').sortie);
    expect(j.findings.filter((x: { kind: string }) => x.kind === 'action-en-retard').map((x: { cell: string }) => x.cell)).toEqual(['M5']);
    expect(j.findings.filter((x: { kind: string; sheet: string }) => x.kind === 'valeur-invalide' && x.sheet === P).map((x: { cell: string }) => x.cell)).toEqual(['M10']);
    const d = (s: string) => lireDate(s);
    expect(statutAction(d('2021-09-01'), d('2022-06-30'), undefined, { annee: 2022, mois: 6, jour: 30 })).toBe('En cours');
    expect(statutAction(d('2021-09-01'), d('2022-06-30'), undefined, { annee: 2022, mois: 7, jour: 1 })).toBe('En retard');
  });

  it('régénérer garde les indicateurs, les mesures et les actions saisis', () => {
    const f = path.join(dossierTemporaire(), 'regen.xlsx');
    expect(ldm('generate', f, '--sheets', 'plan', '--annee', '2020-2021').code).toBe(0);
    saisirIndicateurs(f);
    modifier(f, [
      { op: 'set', feuille: P, cellule: 'J5', valeur: 'Cartographie des parcours' },
      { op: 'echanger', feuille: I, a: 17, b: 19 },
    ]);
    expect(ldm('generate', f).code).toBe(0);
    const c = inspecter(f).detail[I].cellules;
    expect([c.A17, c.C17, c[`${mesureCol(0)}17`]]).toEqual([1, 'Taux de démissions sans solution', 6.5]);
    expect([c.A19, c.C19, c.G19]).toEqual([3, 'Participation des parents', ECHELLE]);
    expect(inspecter(f).detail[P].cellules.J5).toBe('Cartographie des parcours');
    expect(inspecter(f).detail[I].tableaux.tblIndicateurs.colonnes).toContain('Mesure 2024-2025');
  });

  it('un indicateur écrit dans le plan compte pour son critère ; « Détail du critère LDM » reprend le descripteur choisi', () => {
    const f = path.join(dossierTemporaire(), 'plan-indicateur.xlsx');
    expect(ldm('generate', f, '--sheets', 'plan', '--annee', '2020-2021').code).toBe(0);
    // Ligne 7 du plan (critère 3) : colonnes C Descripteur, G Détail du critère LDM, I Indicateurs.
    modifier(f, [
      { op: 'set', feuille: P, cellule: 'C7', valeur: 12 },
      { op: 'set', feuille: P, cellule: 'I7', valeur: 'Nombre de parcours individualisés' },
    ]);
    expect(ldm('generate', f).code).toBe(0);
    const v = inspecter(recalculerAvecLibreOffice(f), true).detail;
    expect(v[I].cellules.C7).toBe('Critère 3 : 1 indicateur(s)');
    expect(v[P].cellules.G7).toBe(tousLesDescripteurs(referentielNational).find((d) => d.numero === 12)!.ldm003);
    expect(v[P].cellules.G8).toBeUndefined();
    const j = JSON.parse(ldm('check', f, '--json', '--today', '2026-11-25').sortie);
    expect(j.findings.filter((x: { kind: string }) => x.kind === 'critere-sans-indicateur').map((x: { critere: number }) => x.critere)).toEqual([1, 2, 4, 5, 6, 7, 8]);
  });
});

