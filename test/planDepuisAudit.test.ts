/**
 * Les constats d'audit nourrissent le plan d'actions : chaque non-conformité (avec l'engagement de sa fiche d'écart)
 * et chaque axe de progrès devient une action de LDM 002, reliée à sa source, sans doublon à la reprise suivante.
 */
import path from 'path';
import { dossierTemporaire, inspecter, ldm, modifier, recalculerAvecLibreOffice } from './outils';

const P = "LDM 002 Plan d'actions";
const G = "Grille d'audit";
const FICHE = 'LDM 010 Écart 40';

describe('ldm plan --depuis-audit', () => {
  it('reporte la NC 40 (engagement de sa fiche) et un axe de progrès, une seule fois, et LibreOffice calcule leur statut', () => {
    const f = path.join(dossierTemporaire(), 'audit-plan.xlsx');
    expect(ldm('demo', f).code).toBe(0);
    modifier(f, [
      { op: 'set', feuille: FICHE, cellule: 'B16', valeur: 'Rédiger et diffuser un plan de communication annuel' },
      { op: 'set', feuille: FICHE, cellule: 'B17', valeur: 'M. le DDFPT' },
      { op: 'set', feuille: FICHE, cellule: 'B18', valeur: '2027-06-15', date: true },
      { op: 'set', feuille: G, cellule: 'M19', valeur: 'Associer les familles au conseil pédagogique' },
    ]);
    const r = ldm('plan', f, '--depuis-audit');
    expect(r.erreur).toBe('');
    expect(r.code).toBe(0);
    expect(r.sortie).toContain('2 action(s) ajoutée(s)');
    const c = inspecter(f).detail[P].cellules;
    // Les 8 lignes du plan puis les deux actions reprises (A N°, B Critère, C Descripteur, H Objectifs, J Actions, K Équipe, M Fin prévue, R Origine).
    expect([c.A13, c.B13, c.C13, c.J13, c.K13, c.R13]).toEqual([9, 8, 40, 'Rédiger et diffuser un plan de communication annuel', 'M. le DDFPT', 'Audit de labellisation du 25/03/2027 — non-conformité, descripteur 40']);
    expect(String(c.H13)).toContain('Pas de plan de communication formalisé');
    expect([c.A14, c.B14, c.J14, c.R14]).toEqual([10, 3, 'Associer les familles au conseil pédagogique', 'Audit de labellisation du 25/03/2027 — axe de progrès, critère 3']);

    const encore = ldm('plan', f, '--depuis-audit');
    expect(encore.code).toBe(0);
    expect(encore.sortie).toContain('Aucune action nouvelle');
    expect(inspecter(f).detail[P].cellules.A15).toBeUndefined();

    const v = inspecter(recalculerAvecLibreOffice(f), true).detail[P].cellules;
    expect(v.M13).toBeDefined();
    expect(['En cours', 'À planifier', 'En retard']).toContain(v.Q13);
    const j = JSON.parse(ldm('check', f, '--json', '--today', '2027-07-01').sortie);
    expect(j.findings.filter((x: { kind: string; cell: string }) => x.kind === 'action-en-retard').map((x: { cell: string }) => x.cell)).toContain('M13');
  });

  it('sans grille d’audit, le dit en français sans rien écrire', () => {
    const f = path.join(dossierTemporaire(), 'sans-audit.xlsx');
    expect(ldm('generate', f, '--sheets', 'plan', '--etablissement', 'Lycée', '--rne', '0450051L').code).toBe(0);
    const r = ldm('plan', f, '--depuis-audit');
    expect(r.code).toBe(1);
    expect(r.erreur).toContain("n'a pas de grille d'audit");
  });
});
