import { spawnSync } from 'child_process';
import path from 'path';
import { Operation, dossierTemporaire, grilleDEquipe, inspecter, ldm, modifier, recalculerAvecLibreOffice } from './outils';

/**
 * Le registre des labels de la DRAFPIC : un même lycée audité en labellisation, en suivi puis en renouvellement,
 * consolidés dans n'importe quel ordre ; un autre lycée au stade de la candidature. Trois lignes d'historique, deux
 * cycles, les saisies de la DRAFPIC gardées, validité et alertes justes selon le jour, avec ou sans le complément.
 */
const G = "Grille d'audit";
const ligne = (n: number) => 16 + n;
const RESEAU = [25, 31, 34, 45];

function audit(dossier: string, nom: string, type: string, date: string, nc: number[]): string {
  const f = path.join(dossier, `${nom}.xlsx`);
  grilleDEquipe(f, 'Lycée du Registre');
  const ops: Operation[] = [
    { op: 'set', feuille: G, cellule: 'C6', valeur: date, date: true },
    { op: 'set', feuille: G, cellule: 'C7', valeur: type },
  ];
  for (let n = 1; n <= 46; n++) {
    if (RESEAU.includes(n)) continue;
    ops.push({ op: 'set', feuille: G, cellule: `${nc.includes(n) ? 'G' : 'E'}${ligne(n)}`, valeur: 'x' });
    if (nc.includes(n)) ops.push({ op: 'set', feuille: G, cellule: `H${ligne(n)}`, valeur: 'Écart relevé.' });
  }
  modifier(f, ops);
  expect(ldm('report', f).code).toBe(0);
  return f;
}

function registre(region: string, today: string): Array<{ cycle: string; statut: string; valableJusquau: string | null; renouvellementDes: string | null; alerte: boolean }> {
  const r = ldm('registre', region, '--today', today, '--json');
  expect(r.erreur).toBe('');
  return JSON.parse(r.sortie).cycles;
}

describe('registre des labels (DRAFPIC)', () => {
  it('labellisation, suivi, renouvellement dans le désordre : historique complet, cycles, saisies gardées, alertes selon le jour', () => {
    const d = dossierTemporaire();
    const labellisation = audit(d, 'labellisation', 'Audit de labellisation', '2027-03-25', [40]);
    const suivi = audit(d, 'suivi', 'Audit de suivi', '2029-03-12', [12, 13]);
    const renouvellement = audit(d, 'renouvellement', 'Audit de renouvellement', '2032-03-15', []);
    const candidat = path.join(d, 'candidat.xlsx');
    expect(ldm('generate', candidat, '--etablissement', 'Lycée Candidat', '--rne', '0180001C', '--sheets', 'candidature,autoevaluation').code).toBe(0);
    const region = path.join(d, 'region.xlsx');
    // Le renouvellement d'abord (il crée le classeur régional), puis la labellisation (plus ancienne) et le candidat, puis le suivi.
    expect(ldm('consolidate', renouvellement, '--out', region).code).toBe(0);
    expect(ldm('consolidate', labellisation, candidat, '--out', region).code).toBe(0);
    expect(ldm('consolidate', suivi, '--out', region).code).toBe(0);

    const i = inspecter(region);
    const historique = i.detail['Historique des audits'];
    const cles = Object.entries(historique.cellules).filter(([a]) => /^A\d+$/.test(a) && a !== 'A1').map(([, v]) => v);
    expect(cles).toEqual(['0450051L · labellisation · 2027-03-25', '0450051L · suivi · 2029-03-12', '0450051L · renouvellement · 2032-03-15']);
    const reg = i.detail['Registre des labels'];
    const colonnes = reg.tableaux.tblRegistreLabel.colonnes;
    const col = (nom: string) => String.fromCharCode(65 + colonnes.indexOf(nom));
    expect([reg.cellules.A5, reg.cellules.A6, reg.cellules.A7]).toEqual(['0180001C · candidature', '0450051L · labellisation · 2027-03-25', '0450051L · renouvellement · 2032-03-15']);
    expect(reg.cellules[`${col('Audits de suivi')}6`]).toBe('12/03/2029 (NC : 2)');
    expect(reg.cellules[`${col('NC relevées')}6`]).toBe(1);
    expect(reg.cellules[`${col('Échéance des NC')}6`]).toBe('2027-09-30 00:00:00');
    expect(reg.cellules[`${col("Date de l'audit")}6`]).toBe('2027-03-25 00:00:00');
    expect(reg.cellules[`${col('Auditeurs')}6`]).toBe('Mme Référente, M. Co, Mme Tierce');
    // La synthèse garde une vraie date d'audit.
    expect(i.detail['Synthèse régionale'].cellules.E5).toMatch(/^20\d\d-\d\d-\d\d 00:00:00$/);

    // Les saisies de la DRAFPIC guidées : réponse LDM 007 dans sa liste, avis suggéré, dates attendues (avertissement).
    const listes = spawnSync('/usr/bin/python3', ['-c', 'import openpyxl,sys\nws=openpyxl.load_workbook(sys.argv[1])["Registre des labels"]\nfor v in ws.data_validations.dataValidation:\n  print(str(v.sqref), v.type, v.formula1, v.errorStyle)', region], { encoding: 'utf8' }).stdout;
    expect(listes).toContain(`${col('Réponse LDM 007')}5:${col('Réponse LDM 007')}7 list "Conforme,Non conforme" stop`);
    expect(listes).toContain(`${col('Avis du groupe académique')}5:${col('Avis du groupe académique')}7 list "Favorable,Défavorable" warning`);
    expect(listes).toContain(`${col('Décision du recteur le')}5:${col('Décision du recteur le')}7 date 36526 warning`);

    // La DRAFPIC saisit : décision du recteur pour le premier cycle, réception du dossier du candidat.
    modifier(region, [
      { op: 'set', feuille: 'Registre des labels', cellule: `${col('Décision du recteur le')}6`, valeur: '2027-06-20', date: true },
      { op: 'set', feuille: 'Registre des labels', cellule: `${col('Publication au BO')}6`, valeur: 'BO n° 28 du 10/07/2027' },
      { op: 'set', feuille: 'Registre des labels', cellule: `${col('Dossier reçu le')}5`, valeur: '2026-12-01', date: true },
    ]);
    // Une nouvelle consolidation du même audit ne duplique rien et garde les saisies.
    expect(ldm('consolidate', labellisation, candidat, '--out', region).code).toBe(0);
    const apres = inspecter(region).detail['Registre des labels'].cellules;
    expect([apres[`${col('Décision du recteur le')}6`], apres[`${col('Publication au BO')}6`], apres[`${col('Dossier reçu le')}5`]]).toEqual(['2027-06-20 00:00:00', 'BO n° 28 du 10/07/2027', '2026-12-01 00:00:00']);
    expect(Object.keys(inspecter(region).detail['Historique des audits'].cellules).filter((a) => /^A\d+$/.test(a))).toHaveLength(4);
    // Les constats de chaque audit (PF, R, NC ou un texte) restent lisibles pour les audits suivants, sans doublon.
    const hc = inspecter(region).detail['Historique des constats'];
    expect(hc.tableaux.tblHistoriqueConstats.colonnes).toEqual(['Audit', 'RNE', 'Établissement', "Type d'audit", "Date de l'audit", 'Critère', 'Descripteur', 'PF', 'C', 'R', 'NC', 'Constat']);
    const constatsDe = Object.keys(hc.cellules)
      .filter((a) => /^A\d+$/.test(a) && a !== 'A1')
      .map((a) => `${hc.cellules[a]} · ${hc.cellules[`G${a.slice(1)}`]} · NC ${hc.cellules[`K${a.slice(1)}`]} · ${hc.cellules[`L${a.slice(1)}`]}`);
    expect(constatsDe).toEqual([
      '0450051L · labellisation · 2027-03-25 · 40 · NC 1 · Écart relevé.',
      '0450051L · suivi · 2029-03-12 · 12 · NC 1 · Écart relevé.',
      '0450051L · suivi · 2029-03-12 · 13 · NC 1 · Écart relevé.',
    ]);

    // Statuts selon le jour (ldm registre) : la NC de labellisation encore ouverte après le 30/09/2027, puis le renouvellement, puis l'expiration.
    const statut = (today: string) => Object.fromEntries(registre(region, today).map((c) => [c.cycle, c.statut]));
    expect(statut('2027-07-01')).toEqual({ '0180001C · candidature': 'Dossier incomplet', '0450051L · labellisation · 2027-03-25': 'Labellisé', '0450051L · renouvellement · 2032-03-15': 'Audité, décision attendue' });
    expect(statut('2027-10-15')['0450051L · labellisation · 2027-03-25']).toBe("NC ouverte après l'échéance");
    expect(statut('2031-07-01')['0450051L · labellisation · 2027-03-25']).toBe('Renouvellement à préparer');
    expect(statut('2032-06-20')['0450051L · labellisation · 2027-03-25']).toBe('Label expiré');
    const cycle1 = registre(region, '2027-07-01').find((c) => c.cycle.includes('2027'))!;
    expect([cycle1.valableJusquau, cycle1.renouvellementDes]).toEqual(['2032-06-19', '2031-06-20']);
    const texte = ldm('registre', region, '--today', '2027-10-15').sortie;
    expect(texte).toContain("⚠ 0450051L · labellisation · 2027-03-25 — Lycée du Registre — NC ouverte après l'échéance (audit du 25/03/2027, valable jusqu'au 19/06/2032, renouvellement dès le 20/06/2031)");

    // LDM 007 : dossier du candidat non conforme, les pièces manquantes tirées de sa fiche LDM 001 ; le registre le garde.
    const lettre = path.join(d, 'accuse.xlsx');
    const acc = ldm('accuse', region, '0180001c', '--non-conforme', '--today', '2026-12-05', '--out', lettre);
    expect(acc.erreur).toBe('');
    expect(acc.code).toBe(0);
    const texteLettre = Object.values(inspecter(lettre).detail['LDM 007 Accusé de réception'].cellules).map(String).join('\n');
    expect(texteLettre).toContain("Nous avons l'honneur d'accuser réception, en date du 01/12/2026, du dossier de candidature de votre établissement");
    expect(texteLettre).toContain("votre dossier de candidature n'est pas conforme. Il y manque :");
    expect(texteLettre).toContain("– Projet d'établissement");
    expect(texteLettre).toContain('– Date de présentation du dossier au conseil d’administration');
    expect(texteLettre).toContain('Objet : Dossier Labellisation du label « Lycée des Métiers »');
    const apresAccuse = inspecter(region).detail['Registre des labels'].cellules;
    expect([apresAccuse[`${col('LDM 007 envoyé le')}5`], apresAccuse[`${col('Réponse LDM 007')}5`], apresAccuse[`${col('Dossier reçu le')}5`], apresAccuse[`${col('Décision du recteur le')}6`]]).toEqual([
      '2026-12-05 00:00:00', 'Non conforme', '2026-12-01 00:00:00', '2027-06-20 00:00:00',
    ]);
    // Le lycée labellisé : son dernier cycle est le renouvellement, dossier conforme.
    const conforme = path.join(d, 'accuse-conforme.xlsx');
    expect(ldm('accuse', region, '0450051L', '--conforme', '--out', conforme).code).toBe(0);
    const texteConforme = Object.values(inspecter(conforme).detail['LDM 007 Accusé de réception'].cellules).map(String).join('\n');
    expect(texteConforme).toContain('nous vous informons que votre dossier de candidature est conforme.');
    expect(texteConforme).toContain('Objet : Dossier Renouvellement du label « Lycée des Métiers »');
    expect(ldm('accuse', region, '0999999X', '--conforme').erreur).toContain("n'est pas dans le registre des labels");

    // Sans le complément : LibreOffice calcule validité, renouvellement et statut au jour écrit en B2.
    modifier(region, [{ op: 'set', feuille: 'Registre des labels', cellule: 'B2', valeur: '2031-07-01', date: true }]);
    const r = inspecter(recalculerAvecLibreOffice(region), true).detail['Registre des labels'].cellules;
    expect([r[`${col("Label valable jusqu'au")}6`], r[`${col('Renouvellement à engager dès')}6`], r[`${col('Statut')}6`]]).toEqual(['2032-06-19 00:00:00', '2031-06-20 00:00:00', 'Renouvellement à préparer']);
    expect(r[`${col('Statut')}5`]).toBe('Dossier incomplet');
    expect(r[`${col('Statut')}7`]).toBe('Audité, décision attendue');
  });
});
