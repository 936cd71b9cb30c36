import { spawnSync } from 'child_process';
import path from 'path';
import { dossierTemporaire, enPdf, feuillesSeules, inspecter, ldm, modifier, pagesDuPdf, recalculerAvecLibreOffice } from './outils';

/**
 * Les formulaires du dossier et de la visite produits depuis les mêmes données : LDM 001 (candidature et pièces de
 * l'annexe 3), LDM 004 (un par critère), LDM 009 (émargement). Libellés du cahier des charges, saisies gardées à la
 * régénération, calculs justes après recalcul par LibreOffice, dossier incomplet signalé par `ldm check`.
 */
const C = 'LDM 001 Candidature';
const E = "LDM 009 Feuille d'émargement";
const G = "Grille d'audit";
const critere = (n: number) => `LDM 004 Critère ${n}`;

function dossierComplet(): string {
  const f = path.join(dossierTemporaire(), 'dossier.xlsx');
  const r = ldm('generate', f, '--etablissement', 'Lycée des Formulaires', '--rne', '0450051L', '--intitule', 'Lycée des métiers du bâtiment', '--sheets', 'candidature,autoevaluation,plan,criteres,grille,emargement');
  expect(r.code).toBe(0);
  return f;
}

function piecesManquantes(f: string): Array<{ cell: string; message: string }> {
  return JSON.parse(ldm('check', f, '--json').sortie).findings.filter((x: { kind: string }) => x.kind === 'piece-manquante');
}

/** Le texte d'un PDF dans l'ordre de lecture, sans espaces : un libellé coupé par un retour à la ligne s'y lit d'un tenant. */
function texteSerre(pdf: string): string {
  return spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/[’]/g, "'").replace(/\s+/g, '');
}
const serre = (t: string) => t.replace(/\s+/g, '');

describe('LDM 001 Fiche de candidature et pièces du dossier (annexe 3)', () => {
  it('identité lue dans « Pilote LDM », champs nommés, pièces suivies ; ldm check dit ce qui manque avant l’envoi, jusqu’au dossier complet', () => {
    const f = dossierComplet();
    const i = inspecter(f);
    expect(i.feuilles.slice(0, 3)).toEqual(['Pilote LDM', C, 'LDM 003 Auto-évaluation']);
    const c = i.detail[C].cellules;
    expect([c.C4, c.C5, c.C6]).toEqual(['=""&LDM_Etablissement', '=""&LDM_Intitule', '=""&LDM_RNE']);
    expect(i.noms).toMatchObject({ LDM_Adresse: `'${C}'!$C$7`, LDM_Mel: `'${C}'!$C$10`, LDM_DateCA: `'${C}'!$C$18`, LDM_Particularites: `'${C}'!$A$16` });
    expect(i.detail[C].tableaux.tblPiecesDossier.colonnes).toEqual(['N°', 'Pièce à fournir', 'Fournie', 'Date', 'Fichier ou référence', 'État']);
    // Le plan d'actions et l'auto-évaluation sont dans le classeur : fournis d'office ; les cinq autres pièces et la date du CA manquent.
    expect([c.C25, c.C26, c.E26]).toEqual(['Oui', 'Oui', 'Feuille « LDM 003 Auto-évaluation » de ce classeur']);
    const avant = piecesManquantes(f);
    expect(avant.map((x) => x.cell)).toEqual(['C23', 'C24', 'C27', 'C28', 'C29', 'C18']);
    expect(avant[0].message).toContain("« Projet d'établissement » (annexe 3)");
    expect(avant[5].message).toContain('conseil d’administration');

    modifier(f, [
      { op: 'set', feuille: C, cellule: 'C7', valeur: '12 rue des Artisans, 45000 Orléans' },
      { op: 'set', feuille: C, cellule: 'C10', valeur: 'ce.0450051L@ac-orleans-tours.fr' },
      { op: 'set', feuille: C, cellule: 'C12', valeur: 'Mme la proviseure' },
      { op: 'set', feuille: C, cellule: 'A16', valeur: 'Internat rénové en 2025 ; deux sites distants de 3 km.' },
      { op: 'set', feuille: C, cellule: 'C18', valeur: '2026-11-20', date: true },
      ...[23, 24, 27, 28].map((l) => ({ op: 'set' as const, feuille: C, cellule: `C${l}`, valeur: 'Oui' })),
      { op: 'set', feuille: C, cellule: 'D23', valeur: '2026-10-01', date: true },
      { op: 'set', feuille: C, cellule: 'E23', valeur: 'projet-etablissement-2024-2028.pdf' },
    ]);
    expect(piecesManquantes(f).map((x) => x.cell)).toEqual(['C29']);
    // LibreOffice (sans le complément) : l'état de chaque pièce et le bilan du dossier.
    const recalcule = inspecter(recalculerAvecLibreOffice(f), true).detail[C].cellules;
    expect([23, 24, 25, 26, 27, 28, 29].map((l) => recalcule[`F${l}`])).toEqual(['Fournie', 'Fournie', 'Fournie', 'Fournie', 'Fournie', 'Fournie', 'Manquante']);
    expect(recalcule.A31).toBe('Dossier incomplet : 1 pièce(s) manquante(s).');
    expect(recalcule.C4).toBe('Lycée des Formulaires');

    // Régénérer garde tout ce qui a été saisi, à sa place.
    modifier(f, [{ op: 'set', feuille: C, cellule: 'C29', valeur: 'Oui' }]);
    expect(ldm('generate', f).code).toBe(0);
    const apres = inspecter(f).detail[C].cellules;
    expect([apres.C7, apres.C10, apres.C12, apres.A16, apres.C18, apres.C23, apres.D23, apres.E23, apres.C29]).toEqual([
      '12 rue des Artisans, 45000 Orléans', 'ce.0450051L@ac-orleans-tours.fr', 'Mme la proviseure', 'Internat rénové en 2025 ; deux sites distants de 3 km.',
      '2026-11-20 00:00:00', 'Oui', '2026-10-01 00:00:00', 'projet-etablissement-2024-2028.pdf', 'Oui',
    ]);
    expect(piecesManquantes(f)).toEqual([]);
    expect(inspecter(recalculerAvecLibreOffice(f), true).detail[C].cellules.A31).toBe('Dossier complet : il peut être envoyé à la DRAFPIC.');
  });
});

describe('LDM 001 imprimée', () => {
  it('les rubriques du formulaire (l.876-889) et la liste des pièces, une page A4', () => {
    const f = dossierComplet();
    // « Pilote LDM » reste, masquée : l'identité y est lue par formule.
    const seul = feuillesSeules(f, [C], ['Pilote LDM']);
    const pdf = enPdf(recalculerAvecLibreOffice(seul));
    const texte = texteSerre(pdf);
    for (const r of [
      'FICHE DE CANDIDATURE', 'LDM 001', 'Document à retourner au secrétariat de la DRAFPIC : ce.drafpic@ac-orleans-tours.fr', 'Établissement', 'Lycée des Formulaires',
      'Intitulé du label', 'Lycée des métiers du bâtiment', 'N°RNE', '0450051L', 'Adresse', 'Contacts', 'Tél. :', 'Fax :', 'Mail :', 'Site :', "Chef d'établissement", 'Inspecteur référent',
      "Particularités de l'établissement portées à la connaissance des auditeurs :", 'Dossier présenté au CA le :', "Projet d'établissement",
      // Les pièces, sur plusieurs lignes dans leur colonne : leur début suffit (l'état, à côté, s'intercale).
      'Procès-verbal des CA', "Plaquettes d'information sur les métiers",
    ]) {
      expect([r, texte.includes(serre(r))]).toEqual([r, true]);
    }
    // LibreOffice imprime aussi « Pilote LDM » (masquée) : la fiche, elle, tient sur une page.
    expect(pagesDuPdf(pdf).filter((p) => p.includes('Fiche de candidature LDM 001'))).toHaveLength(1);
  });
});

describe('LDM 004 Fiche suivi pilotage de critère', () => {
  it('une fiche par critère ; saisies gardées ; preuves et indicateurs du critère calculés par formule', () => {
    const f = dossierComplet();
    const i = inspecter(f);
    expect(i.feuilles.filter((n) => n.startsWith('LDM 004'))).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map(critere));
    expect(i.detail[critere(4)].cellules.C3).toMatch(/^Un partenariat actif avec le tissu économique local/);
    modifier(f, [
      { op: 'set', feuille: critere(1), cellule: 'A7', valeur: 'Carte des formations peu lisible pour les familles.' },
      { op: 'set', feuille: critere(1), cellule: 'C16', valeur: 'Axe 2 : parcours sécurisés' },
      { op: 'set', feuille: critere(1), cellule: 'C21', valeur: 'Martin' },
      { op: 'set', feuille: critere(1), cellule: 'D21', valeur: 'Claire' },
      { op: 'set', feuille: critere(1), cellule: 'E21', valeur: 'DDFPT' },
      { op: 'set', feuille: 'LDM 003 Auto-évaluation', cellule: 'D19', valeur: 'Carte des formations 2026' },
      { op: 'set', feuille: 'LDM 003 Auto-évaluation', cellule: 'D20', valeur: 'Convention avec la branche' },
      // Un indicateur du critère 2, sans mesure encore.
      { op: 'set', feuille: 'Indicateurs', cellule: 'C18', valeur: 'Apprentis accueillis' },
    ]);
    expect(ldm('generate', f).code).toBe(0);
    const c1 = inspecter(f).detail[critere(1)].cellules;
    expect([c1.A7, c1.C16, c1.B21, c1.C21, c1.D21, c1.E21]).toEqual(['Carte des formations peu lisible pour les familles.', 'Axe 2 : parcours sécurisés', 'Coordonnateur critère 1', 'Martin', 'Claire', 'DDFPT']);
    const recalcule = inspecter(recalculerAvecLibreOffice(f), true).detail;
    expect(recalcule[critere(1)].cellules.C33).toBe('2 descripteur(s) documenté(s) sur 5 — 3 preuve(s) manquante(s)');
    expect(recalcule[critere(1)].cellules.C34).toBe('0 indicateur(s) : au moins un par critère');
    expect(recalcule[critere(2)].cellules.C33).toBe('0 descripteur(s) documenté(s) sur 5 — 5 preuve(s) manquante(s)');
    expect(recalcule[critere(2)].cellules.C34).toBe('1 indicateur(s) : 0 atteint(s), 0 hors cible, 0 en retard sur la cible');
  });

  it('imprimée : les rubriques du formulaire (l.957-980), une page A4', () => {
    const f = dossierComplet();
    const pdf = enPdf(feuillesSeules(f, [critere(3)]));
    expect(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout).toMatch(/Pages:\s+1\n/);
    const texte = texteSerre(pdf);
    for (const r of [
      'FICHE SUIVI PILOTAGE DE CRITÈRE', 'Critère 3', 'ÉTAT DES LIEUX DU CRITÈRE 3',
      "S'appuyer sur les axes de travail proposés dans le guide pour chaque critère afin de décrire les éléments qui ont déclenché l'action dans le contexte de l'établissement",
      'Sur quels constats basez-vous votre travail ? Quels sont les besoins identifiés ?', 'OBJECTIF GÉNÉRAL DU CRITÈRE 3',
      "Donner l'objectif ou les objectifs principaux à atteindre par les actions proposées", 'TRANSVERSALITÉ DE LA DÉMARCHE QUALITÉ : CRITÈRE 3',
      "Domaine d'évaluation de l'établissement", "Axe du projet d'établissement", "Axe du contrat d'objectifs", 'Critère du campus des métiers et des qualifications',
      'ÉQUIPE CRITÈRE 3', 'Nom', 'Prénom', 'Fonction', 'Coordonnateur critère 3', 'Membre équipe critère 3',
      "L'objectif de ce tableau est de présenter le collectif de travail créé autour du critère pour plusieurs années.",
    ]) {
      expect([r, texte.includes(serre(r))]).toEqual([r, true]);
    }
  });
});

describe('LDM 009 Feuille d’émargement', () => {
  it('l’équipe d’audit par formule depuis la grille, des lignes pour l’établissement, gardées à la régénération', () => {
    const f = dossierComplet();
    modifier(f, [
      { op: 'set', feuille: G, cellule: 'C6', valeur: '2027-03-25', date: true },
      { op: 'set', feuille: G, cellule: 'C8', valeur: 'Mme Référente' },
      { op: 'set', feuille: G, cellule: 'C9', valeur: 'M. Co' },
      { op: 'set', feuille: E, cellule: 'B13', valeur: 'Durand' },
      { op: 'set', feuille: E, cellule: 'C13', valeur: 'Paul' },
      { op: 'set', feuille: E, cellule: 'D13', valeur: 'Proviseur adjoint' },
    ]);
    expect(ldm('generate', f).code).toBe(0);
    const i = inspecter(f).detail[E];
    expect(i.tableaux.tblEmargement.colonnes).toEqual(['N°', 'Nom', 'Prénom', 'Fonction', "Réunion d'ouverture (signature)", 'Réunion de clôture (signature)']);
    expect([i.cellules.B13, i.cellules.C13, i.cellules.D13]).toEqual(['Durand', 'Paul', 'Proviseur adjoint']);
    const r = inspecter(recalculerAvecLibreOffice(f), true).detail[E].cellules;
    expect([r.B8, r.D8, r.B9, r.D9, r.B10 ?? '', r.D10 ?? '']).toEqual(['Mme Référente', 'Auditeur référent', 'M. Co', 'Co-auditeur', '', '']);
    expect([r.C3, r.C4]).toEqual(['Lycée des Formulaires', '2027-03-25 00:00:00']);
  });
});

describe('la démonstration remplit chaque formulaire', () => {
  it('LDM 001 à LDM 011 dans un classeur, le mél de la candidature repris sur la fiche d’écart, conforme aux schémas d’Excel', () => {
    const f = path.join(dossierTemporaire(), 'demo.xlsx');
    expect(ldm('demo', f).code).toBe(0);
    const i = inspecter(f);
    for (const forme of ['LDM 001', 'LDM 002', 'LDM 003', 'LDM 004', 'LDM 005', 'LDM 006', 'LDM 008', 'LDM 009', 'LDM 010', 'LDM 011']) {
      expect([forme, i.feuilles.some((n) => n.startsWith(forme))]).toEqual([forme, true]);
    }
    expect(i.detail['LDM 010 Écart 40'].cellules.B6).toBe(i.detail[C].cellules.C10);
    expect(i.detail[critere(1)].cellules.A7).toMatch(/^Carte des formations/);
    expect(piecesManquantes(f).map((x) => x.cell)).toEqual(['C29']);
    const valide = spawnSync('/usr/bin/python3', [path.resolve(__dirname, '../../shared/tools/excel-valide/valider.py'), f, '--resume'], { encoding: 'utf8' });
    expect(valide.stdout).toMatch(/-- 0 violation\(s\)/);
  });
});
