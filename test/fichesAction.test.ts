import path from 'path';
import { dossierTemporaire, enPdf, inspecter, ldm, modifier, pagesDuPdf, recalculerAvecLibreOffice } from './outils';

/**
 * LDM 005 Fiche action et LDM 006 Fiche engagement, produites depuis une ligne du plan d'actions LDM 002 :
 * préremplies, mesures tirées du tableau Indicateurs par formule (calculées par LibreOffice), saisies reprises,
 * libellés du cahier des charges à l'impression.
 */
describe('fiches action et engagement (LDM 005, LDM 006)', () => {
  it('préremplies depuis l’action n°1 du plan, mesures par formule, saisies gardées, libellés du cahier des charges imprimés', () => {
    const d = dossierTemporaire();
    const f = path.join(d, 'demo.xlsx');
    expect(ldm('demo', f).code).toBe(0);
    expect(ldm('fiche', 'action', f, '1').sortie).toContain('« LDM 005 Action 1 »');
    expect(ldm('fiche', 'engagement', f, '1').code).toBe(0);
    const i = inspecter(f);
    const A = i.detail['LDM 005 Action 1'].cellules;
    expect(A.B4).toBe('Cartographie des parcours de formation');
    expect(A.B10).toBe('1. Comité de pilotage : une réunion par période');
    expect(A.C9).toBe('Mesure début (2026-2027)');
    expect(A.C10).toMatch(/^=IFERROR\(""&INDEX\(tblIndicateurs\[Mesure 2026-2027\],MATCH\(1,tblIndicateurs\[N°\],0\)\),""\)$/);
    expect(A.B17).toBe('Du 01/09/2026 au 30/10/2026');
    expect(i.detail['LDM 006 Engagement 1'].cellules.D9).toBe('1. Comité de pilotage : une réunion par période');

    // L'établissement écrit dans la fiche (openpyxl), change la dénomination ; produire de nouveau garde tout.
    modifier(f, [
      { op: 'set', feuille: 'LDM 005 Action 1', cellule: 'B4', valeur: 'Carte des parcours (version du conseil pédagogique)' },
      { op: 'set', feuille: 'LDM 005 Action 1', cellule: 'B6', valeur: 'Un tableau des passerelles affiché au CDI.' },
      { op: 'set', feuille: 'LDM 005 Action 1', cellule: 'E5', valeur: 'OUI' },
      { op: 'set', feuille: 'LDM 005 Action 1', cellule: 'A10', valeur: 'Rendre les parcours lisibles' },
      { op: 'set', feuille: 'LDM 005 Action 1', cellule: 'E20', valeur: 'Action pertinente.' },
    ]);
    expect(ldm('fiche', 'action', f, '1').code).toBe(0);
    expect(ldm('generate', f).code).toBe(0);
    const apres = inspecter(f).detail['LDM 005 Action 1'].cellules;
    expect([apres.B4, apres.B6, apres.E5, apres.A10, apres.E20]).toEqual([
      'Carte des parcours (version du conseil pédagogique)',
      'Un tableau des passerelles affiché au CDI.',
      'OUI',
      'Rendre les parcours lisibles',
      'Action pertinente.',
    ]);
    // LibreOffice calcule la mesure tirée du tableau Indicateurs.
    expect(inspecter(recalculerAvecLibreOffice(f), true).detail['LDM 005 Action 1'].cellules.C10).toBe('Oui');

    const pages = pagesDuPdf(enPdf(f));
    const action = pages.find((p) => p.includes('FICHE ACTION — LDM 005'))!;
    for (const libelle of [
      "Une action présente la mise en œuvre d'un dispositif achevé avec ses objectifs de travail et leur évaluation.",
      'Dénomination',
      'Durée action',
      'Action pérenne',
      'Description',
      'OBJECTIFS INDICATEURS ÉVALUATION',
      'Plus-value',
      "MISE EN ŒUVRE (moyens engagés, calendrier, lieux, modalités d'organisation)",
      'Moyens engagés',
      'Calendrier',
      'Lieux',
      "Modalités d'organisation",
      'Points forts',
      'Axes de progrès',
      'Conclusion',
    ]) {
      expect(action).toContain(libelle);
    }
    expect(action).toContain('Fiche action LDM 005 — Lycée professionnel Jean Exemple');
    const engagement = pages.find((p) => p.includes('FICHE ENGAGEMENT — LDM 006'))!;
    for (const libelle of ['PLANIFICATION - OBJECTIFS - INDICATEURS - ÉVALUATION', 'Animateur engagement', "Durée de l'action", 'Mesure à N (2026-2027)']) expect(engagement).toContain(libelle);
    // Une page chacune.
    expect(pages.filter((p) => p.includes('LDM 005')).length).toBe(1);
  });

  it('refuse en français une action absente du plan, ou un classeur sans plan', () => {
    const d = dossierTemporaire();
    const f = path.join(d, 'demo.xlsx');
    expect(ldm('demo', f).code).toBe(0);
    const r = ldm('fiche', 'action', f, '99');
    expect(r.code).toBe(1);
    expect(r.erreur).toContain("Le plan d'actions n'a pas d'action n°99 (colonne « N° » du tableau tblPlanActions : 1, 2, 3, 4, 5, 6, 7, 8).");
    const g = path.join(d, 'grille.xlsx');
    expect(ldm('generate', g).code).toBe(0);
    expect(ldm('fiche', 'engagement', g, '1').erreur).toContain("Ce classeur n'a pas de plan d'actions LDM 002");
  });
});
