import path from 'path';
import { dossierTemporaire, enPdf, grilleDEquipe, inspecter, ldm, modifier, pagesDuPdf, recalculerAvecLibreOffice } from './outils';

/**
 * LDM 008 Plan d'audit : la journée préremplie depuis l'en-tête de la grille et la répartition des critères, saisies
 * reprises, échéance de retour (J - 15 en Centre-Val de Loire, l.289) surveillée, libellés du formulaire imprimés.
 */
const P = "LDM 008 Plan d'audit";

describe("plan d'audit (LDM 008)", () => {
  it('prérempli depuis la grille et la répartition, saisies reprises, échéance surveillée, libellés imprimés', () => {
    const d = dossierTemporaire();
    const f = path.join(d, 'audit.xlsx');
    grilleDEquipe(f, 'Lycée Plan');
    expect(ldm('audit', 'repartir', f, '--dossier', path.join(d, 'copies')).code).toBe(0);
    expect(ldm('generate', f, '--sheets', 'plan-audit').code).toBe(0);
    const c = inspecter(f).detail[P].cellules;
    expect(c.C9).toBe('Objet / Activités auditées');
    expect([c.C10, c.E10, c.F10]).toEqual(["Réunion d'ouverture", 'Tous', 'Tous']);
    expect(c.C12).toMatch(/^Critère 1 : Offre de formations professionnelles/);
    expect([c.E12, c.E13, c.E14]).toEqual(['Mme Référente', 'M. Co', 'Mme Tierce']);
    expect([c.C20, c.E20, c.C21]).toEqual(['Concertation des auditeurs', 'Tous', 'Réunion de clôture']);
    // Ce que LibreOffice calcule de l'en-tête (formules vers la grille et « Pilote LDM »).
    const v = inspecter(recalculerAvecLibreOffice(f), true).detail[P].cellules;
    expect([v.C4, v.C5, v.C6]).toEqual(['Lycée Plan', 'Mme Référente', 'M. Co, Mme Tierce']);
    expect(v.A2).toBe("Document à retourner à l'auditeur référent à J - 15, soit au plus tard le 10/03/2027");

    // Échéance : le 12/03/2027, plan non daté → signalé ; daté → plus rien.
    const retard = () => JSON.parse(ldm('check', f, '--json', '--today', '2027-03-12').sortie).findings.filter((x: { kind: string; sheet: string }) => x.kind === 'echeance-depassee' && x.sheet === P);
    expect(retard().map((x: { cell: string; message: string }) => [x.cell, x.message])).toEqual([
      ['F4', "plan d'audit (LDM 008) à retourner à l'auditeur référent au plus tard le 10/03/2027 (J - 15) : « Plan établi le » est vide. Remplissez le plan et datez-le."],
    ]);
    modifier(f, [
      { op: 'set', feuille: P, cellule: 'B10', valeur: '8 h 30' },
      { op: 'set', feuille: P, cellule: 'D12', valeur: 'Salle du conseil' },
      { op: 'set', feuille: P, cellule: 'E13', valeur: 'M. Co et Mme Tierce' },
      { op: 'set', feuille: P, cellule: 'F4', valeur: '2027-03-05', date: true },
    ]);
    expect(retard()).toEqual([]);
    expect(ldm('generate', f).code).toBe(0);
    const apres = inspecter(f).detail[P].cellules;
    expect([apres.B10, apres.D12, apres.E13, apres.E12, apres.F4]).toEqual(['8 h 30', 'Salle du conseil', 'M. Co et Mme Tierce', 'Mme Référente', '2027-03-05 00:00:00']);

    const page = pagesDuPdf(enPdf(f)).find((p) => p.includes("PLAN D'AUDIT — LDM 008"))!;
    for (const libelle of [
      'Établissement audité',
      'Auditeur référent',
      'Co-auditeurs',
      "Date de l'audit",
      'Heures',
      'Objet / Activités auditées',
      'Lieu',
      'Auditeur(s)',
      'Audité(s)',
      "Présentation de l'établissement",
      "Rappel des règles de base pour la réussite d'un audit",
      'Plan établi le',
      'Revu le',
      "Visa du responsable d'audit",
    ]) {
      expect(page).toContain(libelle);
    }
  });

  it('sans grille d’audit, refusé en français', () => {
    const f = path.join(dossierTemporaire(), 'lycee.xlsx');
    expect(ldm('generate', f).code).toBe(0);
    const r = ldm('generate', f, '--sheets', 'plan-audit');
    expect(r.code).toBe(1);
    expect(r.erreur).toContain("Le plan d'audit LDM 008 reprend l'équipe et la date de la grille d'audit : générez aussi la grille d'audit.");
  });
});
