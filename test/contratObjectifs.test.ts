/**
 * Les indicateurs du vrai contrat d'objectifs (seed 000) : quatre ans à partir de 2020-2021, base 2019, cibles telles
 * que le contrat les écrit (« 3 classes … Généralisation », « 7,6 % », « baisse ou stabilisation », « NC » puis
 * « + 50 % », jalons en texte) et des mesures plausibles. LibreOffice recalcule les formules de la feuille ; le cœur
 * (ldm check) doit donner les mêmes statuts.
 */
import path from 'path';
import { Operation, dossierTemporaire, inspecter, ldm, modifier, recalculerAvecLibreOffice } from './outils';
import { references, statutAnnee } from '../src/core/plan/evaluation';

const I = 'Indicateurs';
const ANNEES = ['2020-2021', '2021-2022', '2022-2023', '2023-2024'];
// A N°, B Critère, C Indicateur, D Axe, E Unité, F Sens, G Échelle, H Année de base, I Base, J Tolérance,
// puis Cible / Mesure / Statut par année à partir de K ; statut d'ensemble après la dernière année.
const lettre = (n: number) => (n > 26 ? String.fromCharCode(64 + Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));
const cibleCol = (a: number) => lettre(11 + 3 * a);
const mesureCol = (a: number) => lettre(12 + 3 * a);
const statutCol = (a: number) => lettre(13 + 3 * a);
const globalCol = lettre(11 + 3 * ANNEES.length);

const HAUT = 'Plus haut = mieux';
const BAS = 'Plus bas = mieux';
type C = string | number | null;
const AT = 'Atteint';
const HC = 'Hors cible';
const ER = 'En retard sur la cible';
const PE = 'Pas encore mesurable';

const CONTRAT: Array<{ critere: number; libelle: string; sens: string; base: C; cibles: C[]; mesures: C[]; attendus: string[] }> = [
  { critere: 2, libelle: 'Généraliser l’évaluation par compétences', sens: '', base: '2nde professionnelles', cibles: ['Toutes les divisions', 'Toutes les divisions', 'Toutes les divisions', 'Toutes les divisions'], mesures: ['Non', 'Oui', 'oui', 'Oui'], attendus: [HC, AT, AT, AT] },
  { critere: 2, libelle: 'Conseils de classe participatifs', sens: HAUT, base: '3 classes', cibles: ['5 classes', '9 classes', '11 classes', 'Généralisation'], mesures: [5, 8, 11, 'Oui'], attendus: [AT, ER, AT, AT] },
  { critere: 7, libelle: 'Taux de démissions sans solution', sens: BAS, base: '7,6%', cibles: ['6%', '5 %', 0.05, 0.05], mesures: [0.065, 0.048, 0.052, 0.05], attendus: [ER, AT, ER, AT] },
  { critere: 1, libelle: 'Comité de pilotage', sens: '', base: 'Création', cibles: ['Une réunion par période', 'Une réunion par période', 'Une réunion par période', 'Une réunion par période'], mesures: ['Oui', 'Oui', 'Non', 'oui'], attendus: [AT, AT, HC, AT] },
  { critere: 8, libelle: 'Diminuer les flux d’énergie (base 100)', sens: BAS, base: 100, cibles: ['baisse', 'baisse', 'baisse ou stabilisation', 'baisse ou stabilisation'], mesures: [95, 92, 94, 99], attendus: [AT, AT, AT, HC] },
  { critere: 8, libelle: 'Baisser le nombre de copies (base 100)', sens: BAS, base: 100, cibles: ['baisse', 'baisse', 'stabilisation', 'stabilisation'], mesures: [86, 84, 85, 90], attendus: [AT, AT, AT, HC] },
  { critere: 6, libelle: 'Taux d’affectation à l’issue de la commission initiale', sens: HAUT, base: 0.9, cibles: ['92%', 0.95, '95 %', 0.95], mesures: [0.93, 0.94, 0.96, 0.95], attendus: [AT, ER, AT, AT] },
  { critere: 5, libelle: 'Taux de mentions des élèves ayant eu une mobilité', sens: HAUT, base: 'NC', cibles: ['+ 50 %', '+ 50 %', 'Hausse', 'Hausse'], mesures: [0.2, 0.3, 0.35, 0.33], attendus: [PE, PE, AT, HC] },
  { critere: 4, libelle: 'Taux de réussite aux examens', sens: HAUT, base: 80, cibles: ['+2,5 %', '+5 %', '+7,5 %', '+7,5 %'], mesures: [82.5, 83, 86.5, 85], attendus: [AT, ER, AT, ER] },
  { critere: 5, libelle: 'Formation annuelle citoyenne européenne', sens: 'Maintien', base: 1, cibles: [1, 1, 1, 1], mesures: [1, 1, 0, 1], attendus: [AT, AT, HC, AT] },
];

describe('indicateurs d’un vrai contrat d’objectifs (seed 000)', () => {
  it('plan de 4 ans ; chaque statut annuel, recalculé par LibreOffice, est celui du cœur et de ldm check', () => {
    const f = path.join(dossierTemporaire(), 'contrat.xlsx');
    expect(ldm('generate', f, '--sheets', 'plan', '--annee', '2020-2021', '--duree', '4', '--etablissement', 'Lycée du contrat', '--rne', '0450051L').code).toBe(0);
    // Dix indicateurs : le tableau (8 lignes) est agrandi par sa poignée, comme dans le tableur, puis rempli.
    const ops: Operation[] = [{ op: 'etendre_tableau', feuille: I, nom: 'tblIndicateurs', lignes: 2 }];
    CONTRAT.forEach((ind, k) => {
      const l = 17 + k;
      const set = (col: string, valeur: C) => ops.push({ op: 'set', feuille: I, cellule: `${col}${l}`, valeur });
      set('A', k + 1);
      set('B', ind.critere);
      set('C', ind.libelle);
      set('F', ind.sens || null);
      set('G', null);
      set('H', '2019');
      set('I', ind.base);
      ind.cibles.forEach((c, a) => set(cibleCol(a), c));
      ind.mesures.forEach((m, a) => set(mesureCol(a), m));
    });
    modifier(f, ops);
    // Régénérer donne aux lignes ajoutées leurs formules, sans rien perdre de ce qui a été saisi.
    expect(ldm('generate', f).code).toBe(0);
    const v = inspecter(recalculerAvecLibreOffice(f), true).detail[I].cellules;
    const aujourdhui = { annee: 2026, mois: 11, jour: 25 };
    CONTRAT.forEach((ind, k) => {
      const l = 17 + k;
      expect([ind.libelle, ANNEES.map((_, a) => v[`${statutCol(a)}${l}`])]).toEqual([ind.libelle, ind.attendus]);
      const refs = references(ind.base, ind.mesures);
      const coeur = ANNEES.map((annee, a) => statutAnnee({ sens: ind.sens, echelle: null, base: ind.base }, ind.cibles[a], ind.mesures[a], annee, aujourdhui, refs[a]));
      expect([ind.libelle, coeur]).toEqual([ind.libelle, ind.attendus]);
      expect([ind.libelle, v[`${globalCol}${l}`]]).toEqual([ind.libelle, ind.attendus[3]]);
    });
    const j = JSON.parse(ldm('check', f, '--json', '--today', '2026-11-25').sortie);
    const parType = (kind: string) => j.findings.filter((x: { kind: string }) => x.kind === kind);
    expect(parType('valeur-invalide')).toEqual([]);
    expect(parType('mesure-manquante')).toEqual([]);
    expect(parType('base-manquante')).toEqual([expect.objectContaining({ indicateur: 8, cell: 'I24', sheet: I })]);
    expect(parType('base-manquante')[0].message).toContain('2020-2021, 2021-2022');
    const horsCible = parType('indicateur-hors-cible').map((x: { indicateur: number; annee: string }) => `${x.indicateur} ${x.annee}`);
    const attendus = CONTRAT.flatMap((ind, k) => ANNEES.filter((_, a) => ind.attendus[a] === HC || ind.attendus[a] === ER).map((a) => `${k + 1} ${a}`));
    expect(horsCible.sort()).toEqual(attendus.sort());
  });

  it('changer la durée garde toutes les saisies ; raccourcir sur une année remplie est refusé en français', () => {
    const f = path.join(dossierTemporaire(), 'duree.xlsx');
    expect(ldm('generate', f, '--sheets', 'plan', '--annee', '2020-2021', '--etablissement', 'Lycée du contrat', '--rne', '0450051L').code).toBe(0);
    // Cinq ans par défaut ; l'établissement saisit une cible pour 2024-2025 puis découvre que son contrat dure 4 ans.
    modifier(f, [
      { op: 'set', feuille: I, cellule: 'C17', valeur: 'Partenariats' },
      { op: 'set', feuille: I, cellule: 'K17', valeur: 7 },
      { op: 'set', feuille: I, cellule: `${cibleCol(4)}17`, valeur: 10 },
    ]);
    const refus = ldm('generate', f, '--sheets', 'plan', '--duree', '4');
    expect(refus.code).toBe(1);
    expect(refus.erreur).toContain('2024-2025');
    expect(refus.erreur).toContain(`Cible 2024-2025 (ligne 17)`);
    modifier(f, [{ op: 'set', feuille: I, cellule: `${cibleCol(4)}17`, valeur: null }]);
    expect(ldm('generate', f, '--sheets', 'plan', '--duree', '4').code).toBe(0);
    const t = inspecter(f).detail[I];
    expect(t.tableaux.tblIndicateurs.colonnes.filter((c) => c.startsWith('Cible '))).toEqual(ANNEES.map((a) => `Cible ${a}`));
    expect(t.cellules.C17).toBe('Partenariats');
    expect(t.cellules.K17).toBe(7);
    // Toute formule du classeur reste lisible : 1 000 caractères au plus.
    const formules = Object.values(t.cellules).filter((x): x is string => typeof x === 'string' && x.startsWith('='));
    expect(Math.max(...formules.map((x) => x.length))).toBeLessThanOrEqual(1000);
  });
});
