import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import path from 'path';
import { Operation, dossierTemporaire, enPdf, feuillesSeules, inspecter, ldm, modifier, pagesDuPdf, recalculerAvecLibreOffice } from './outils';

const G = "Grille d'audit";
const R = "LDM 011 Rapport d'audit";
const ligne = (n: number) => 16 + n;
const empreinte = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const RESEAU = [25, 31, 34, 45];

/** Une grille cochée comme le font les auditeurs : variantes de coches, constats, quelques NC. */
function grilleCochee(dateAudit = '2027-03-25', type = 'Audit de labellisation'): string {
  const fichier = path.join(dossierTemporaire(), 'audit.xlsx');
  const r = ldm('generate', fichier, '--sheets', 'grille', '--etablissement', 'Lycée Audité', '--intitule', 'Lycée des métiers du bois');
  expect(r.code).toBe(0);
  const variantes = ['x', 'X', ' x ', '✓', '✔'];
  const ops: Operation[] = [
    { op: 'set', feuille: G, cellule: 'C6', valeur: dateAudit },
    { op: 'set', feuille: G, cellule: 'C7', valeur: type },
    { op: 'set', feuille: G, cellule: 'C8', valeur: 'Mme Référente' },
    { op: 'set', feuille: G, cellule: 'C9', valeur: 'M. Co-auditeur' },
    { op: 'set', feuille: G, cellule: 'C10', valeur: 'Mme Co-auditrice' },
    { op: 'set', feuille: G, cellule: 'C12', valeur: 'Mme Référente' },
  ];
  for (let n = 1; n <= 46; n++) if (!RESEAU.includes(n)) ops.push({ op: 'set', feuille: G, cellule: `E${ligne(n)}`, valeur: variantes[n % variantes.length] });
  // Descripteur 2 : point fort justifié ; 7 : remarque ; 12 et 40 : non-conformités.
  ops.push(
    { op: 'set', feuille: G, cellule: `D${ligne(2)}`, valeur: '✓' },
    { op: 'set', feuille: G, cellule: `H${ligne(2)}`, valeur: 'Diagnostic partagé avec le CMQ' },
    { op: 'set', feuille: G, cellule: `F${ligne(7)}`, valeur: 'x' },
    { op: 'set', feuille: G, cellule: `H${ligne(7)}`, valeur: 'Risque : accueil des apprentis peu formalisé' },
    { op: 'set', feuille: G, cellule: `E${ligne(12)}`, valeur: null },
    { op: 'set', feuille: G, cellule: `G${ligne(12)}`, valeur: 'X' },
    { op: 'set', feuille: G, cellule: `H${ligne(12)}`, valeur: '=Aucun dispositif de consolidation' },
    { op: 'set', feuille: G, cellule: `E${ligne(40)}`, valeur: null },
    { op: 'set', feuille: G, cellule: `G${ligne(40)}`, valeur: 'x' },
    { op: 'set', feuille: G, cellule: `H${ligne(40)}`, valeur: 'Pas de plan de communication' },
    { op: 'set', feuille: G, cellule: 'M17', valeur: 'Formaliser la carte des parcours' },
    { op: 'set', feuille: G, cellule: 'L28', valeur: 'Établissement dynamique, équipe impliquée.' },
  );
  modifier(fichier, ops);
  return fichier;
}

describe('grille d’audit, rapport LDM 011 et fiches LDM 010', () => {
  it('la grille a le tableau du contrat, le libellé LDM 011, des listes de coches et l’en-tête du rapport', () => {
    const f = path.join(dossierTemporaire(), 'g.xlsx');
    expect(ldm('generate', f, '--sheets', 'grille').code).toBe(0);
    const i = inspecter(f);
    expect(i.feuilles).toEqual(['Pilote LDM', G]);
    const t = i.detail[G].tableaux.tblGrilleAudit;
    expect(t.colonnes.slice(0, 8)).toEqual(['N°', 'Critère', 'Détail du critère', 'PF', 'C', 'R', 'NC', 'Constats']);
    expect(t.ref).toBe('A16:K62');
    expect(i.detail[G].cellules[`C${ligne(4)}`]).toMatch(/^4\. La valorisation des diplômes/);
    expect(i.detail[G].validations.map((v) => v.plage)).toEqual(expect.arrayContaining(['D17:D62', 'G17:G62', 'C7', 'C6']));
    expect(i.noms.AUD_Date).toBe("'Grille d''audit'!$C$6");
    expect(i.detail[G].tableaux.tblConstatsComplementaires.colonnes).toEqual(['Critère', 'Axes de progrès à envisager', 'Points de vigilance']);
    // Zone d'impression d'une feuille dont le nom contient une apostrophe : correctement échappée.
    expect(JSON.stringify(i.detail[G].zoneImpression)).toContain('$A$1:$I$62');
    expect(i.detail[G].lignesRepetees).toBe('$16:$16');
  });

  it('LibreOffice recalcule la colonne Contrôle comme les règles du rapport', () => {
    const f = path.join(dossierTemporaire(), 'c.xlsx');
    ldm('generate', f, '--sheets', 'grille');
    const cas: Array<[number, Record<string, string>, string]> = [
      [1, { E: 'x' }, 'Complet'],
      [2, { E: ' X ' }, 'Complet'],
      [3, { E: '✓', D: 'x' }, 'Constat à rédiger'],
      [4, { E: 'x', G: 'x', H: 'deux' }, 'C et NC cochés'],
      [5, { D: 'x', H: 'très bien' }, 'À cocher : C ou NC'],
      [6, { E: 'oui' }, 'Coche non reconnue'],
      [7, { G: '✔', H: 'Écart' }, 'Complet'],
      [25, {}, 'Sans objet (hors réseau)'],
      [31, { E: 'x' }, 'Hors réseau : ne rien cocher'],
    ];
    modifier(f, cas.flatMap(([n, c]) => Object.entries(c).map(([col, v]) => ({ op: 'set' as const, feuille: G, cellule: `${col}${ligne(n)}`, valeur: v }))));
    const valeurs = inspecter(recalculerAvecLibreOffice(f), true).detail[G].cellules;
    for (const [n, , attendu] of cas) expect([n, valeurs[`I${ligne(n)}`]]).toEqual([n, attendu]);
    expect(valeurs[`I${ligne(8)}`]).toBe('À cocher : C ou NC');
    const check = JSON.parse(ldm('check', f, '--json').sortie);
    const kinds = (n: number) => check.findings.filter((x: { descripteur?: number }) => x.descripteur === n).map((x: { kind: string }) => x.kind);
    expect(kinds(3)).toEqual(['constat-manquant']);
    expect(kinds(4)).toEqual(['grille-contradictoire']);
    expect(kinds(5)).toEqual(['grille-incomplete']);
    expect(kinds(6)).toEqual(['valeur-invalide']);
    expect(kinds(1)).toEqual([]);
  });

  it('bloque le rapport tant que la grille a des anomalies, sans toucher au fichier, puis l’accepte explicitement', () => {
    const f = grilleCochee();
    modifier(f, [
      { op: 'set', feuille: G, cellule: `E${ligne(5)}`, valeur: null },
      { op: 'set', feuille: G, cellule: `F${ligne(9)}`, valeur: 'x' },
    ]);
    const avant = empreinte(f);
    const r = ldm('report', f);
    expect(r.code).toBe(1);
    expect(r.erreur).toContain(`${G}!E${ligne(5)}`);
    expect(r.erreur).toContain(`${G}!H${ligne(9)}`);
    expect(empreinte(f)).toBe(avant);
    const accepte = ldm('report', f, '--accepter-anomalies', '--today', '2027-03-30');
    expect(accepte.code).toBe(0);
    expect(accepte.sortie).toContain('Anomalie acceptée');
    // Le livrable LDM 011 les porte : descripteur, cellule, ce qui n'allait pas, date d'acceptation (lu par openpyxl).
    const rapport = Object.values(inspecter(f).detail[R].cellules).map(String);
    expect(rapport).toContain('ANOMALIES DE LA GRILLE ACCEPTÉES LE 30/03/2027');
    expect(rapport).toContain(`${G}!E${ligne(5)}`);
    expect(rapport).toContain(`${G}!H${ligne(9)}`);
    expect(rapport.some((t) => t.startsWith('descripteur 5 : ni C ni NC'))).toBe(true);
  });

  it('produit le rapport : décomptes par critère et au total, issue, fiches et échéances', () => {
    const f = grilleCochee();
    const r = ldm('report', f, '--today', '2027-03-30');
    expect(r.erreur).toBe('');
    expect(r.code).toBe(0);
    const i = inspecter(f);
    expect(i.feuilles).toEqual(['Pilote LDM', G, R, 'LDM 010 Suivi des écarts', 'LDM 010 Écart 12', 'LDM 010 Écart 40']);
    const c = i.detail[R].cellules;
    const textes = Object.values(c).map(String);
    const ligneDecompte = (critere: number) => {
      const debut = Object.entries(c).find(([, v]) => v === 'DÉCOMPTE PAR CRITÈRE')![0];
      return Number(debut.slice(1)) + 1 + critere;
    };
    const decompte = (critere: number) => ['D', 'E', 'F', 'G'].map((col) => c[`${col}${ligneDecompte(critere)}`]);
    expect(decompte(1)).toEqual([1, 5, 0, 0]);
    expect(decompte(2)).toEqual([0, 5, 1, 0]);
    expect(decompte(3)).toEqual([0, 7, 0, 1]);
    expect(decompte(4)).toEqual([0, 6, 0, 0]);
    expect(decompte(8)).toEqual([0, 5, 0, 1]);
    const total = ligneDecompte(9);
    expect(c[`A${total}`]).toBe('Total');
    expect(['D', 'E', 'F', 'G'].map((col) => c[`${col}${total}`])).toEqual([1, 40, 1, 2]);
    // L'issue est une formule : elle dira d'elle-même quand toutes les fiches seront levées.
    const issue = textes.find((t) => t.includes('2 non-conformité(s)'))!;
    expect(issue).toMatch(/^=IFERROR\(IF\(AND\('LDM 010 Écart \d+'!B31="Levé",'LDM 010 Écart \d+'!B31="Levé"\),"Toutes les non-conformités \(2\) sont levées/);
    expect(issue).toContain('30/09/2027');
    expect(textes).toContain('Fiche n°2/2');
    expect(textes).toContain('Établissement dynamique, équipe impliquée.');
    expect(textes).toContain('Formaliser la carte des parcours');
    expect(textes).toContain('=Aucun dispositif de consolidation');
    const fiche = i.detail['LDM 010 Écart 12'].cellules;
    expect(fiche.C9).toBe('Fiche n° : 1/2');
    expect(fiche.B13).toBe('=Aucun dispositif de consolidation');
    expect([fiche.B9, fiche.C14, fiche.C19, fiche.C30]).toEqual(['2027-03-25 00:00:00', '2027-04-04 00:00:00', '2027-04-14 00:00:00', '2027-09-30 00:00:00']);
    expect(fiche.A30).toBe('Date de transmission au rectorat (ce.p2edafpic@ac-orleans-tours.fr) (au plus tard le 30/09) :');
    expect(i.detail['LDM 010 Écart 12'].validations.map((v) => v.plage)).toEqual(expect.arrayContaining(['B21', 'B23', 'B26', 'B27', 'B18', 'B24']));
    expect(i.detail[R].orientation).toBe('portrait');
    expect(Number(i.detail[R].papier)).toBe(9);
    expect(i.detail[R].ajusterLargeur).toBe(1);
  });

  it('une NC après le 30 septembre renvoie au 30 septembre suivant ; un audit de suivi ne remet pas le label en cause', () => {
    const f = grilleCochee('2027-10-12', 'Audit de renouvellement');
    expect(ldm('report', f).code).toBe(0);
    const i = inspecter(f);
    expect(i.detail['LDM 010 Écart 40'].cellules.C30).toBe('2028-09-30 00:00:00');
    expect(i.detail['LDM 010 Écart 40'].cellules.C14).toBe('2027-10-22 00:00:00');
    const suivi = grilleCochee('2027-10-12', 'Audit de suivi');
    expect(ldm('report', suivi).code).toBe(0);
    const textes = Object.values(inspecter(suivi).detail[R].cellules).map(String);
    expect(textes.find((t) => t.startsWith('Audit de suivi :'))).toContain("n'ont pas d'incidence sur le maintien du label");
  });

  it('sans NC : proposable au label, aucune fiche', () => {
    const f = grilleCochee();
    modifier(f, [
      { op: 'set', feuille: G, cellule: `G${ligne(12)}`, valeur: null },
      { op: 'set', feuille: G, cellule: `E${ligne(12)}`, valeur: 'x' },
      { op: 'set', feuille: G, cellule: `G${ligne(40)}`, valeur: null },
      { op: 'set', feuille: G, cellule: `E${ligne(40)}`, valeur: 'x' },
      { op: 'set', feuille: G, cellule: `H${ligne(40)}`, valeur: null },
    ]);
    expect(ldm('report', f).code).toBe(0);
    const i = inspecter(f);
    expect(i.feuilles.filter((n) => n.startsWith('LDM 010 Écart'))).toEqual([]);
    expect(Object.values(i.detail[R].cellules)).toContain("Aucune non-conformité : l'établissement est proposable au label.");
  });

  it('un nouveau rapport garde ce qui a été écrit dans les fiches, et garde en obsolète une fiche dont la NC a disparu', () => {
    const f = grilleCochee();
    expect(ldm('report', f).code).toBe(0);
    modifier(f, [
      { op: 'set', feuille: 'LDM 010 Écart 12', cellule: 'B16', valeur: 'Groupes de consolidation dès la rentrée' },
      { op: 'set', feuille: 'LDM 010 Écart 12', cellule: 'B17', valeur: 'M. le DDFPT' },
      { op: 'set', feuille: 'LDM 010 Écart 12', cellule: 'B18', valeur: '2027-06-15' },
      { op: 'set', feuille: 'LDM 010 Écart 12', cellule: 'B27', valeur: 'Écart levé' },
      { op: 'set', feuille: 'LDM 010 Écart 40', cellule: 'B17', valeur: 'Mme la proviseure adjointe' },
      { op: 'set', feuille: 'LDM 010 Écart 40', cellule: 'D2', valeur: 'note de l’établissement' },
      // La grille change : la NC 40 est retirée, une NC apparaît sur le descripteur 20.
      { op: 'set', feuille: G, cellule: `G${ligne(40)}`, valeur: null },
      { op: 'set', feuille: G, cellule: `E${ligne(40)}`, valeur: 'x' },
      { op: 'set', feuille: G, cellule: `E${ligne(20)}`, valeur: null },
      { op: 'set', feuille: G, cellule: `G${ligne(20)}`, valeur: 'x' },
      { op: 'set', feuille: G, cellule: `H${ligne(20)}`, valeur: 'Aucune convention avec les collèges' },
    ]);
    const ouvertsAvant = JSON.parse(ldm('check', f, '--json', '--today', '2027-10-01').sortie).findings.filter((x: { kind: string }) => x.kind === 'ecart-ouvert');
    expect(ouvertsAvant.map((x: { descripteur: number }) => x.descripteur)).toEqual([40]);
    expect(ouvertsAvant[0].message).toContain('ÉCHÉANCE DÉPASSÉE');
    expect(ldm('report', f).code).toBe(0);
    const i = inspecter(f);
    const f12 = i.detail['LDM 010 Écart 12'].cellules;
    expect([f12.B16, f12.B17, f12.B27, f12.C9]).toEqual(['Groupes de consolidation dès la rentrée', 'M. le DDFPT', 'Écart levé', 'Fiche n° : 1/2']);
    expect(f12.B18).toBe('2027-06-15 00:00:00');
    const f40 = i.detail['LDM 010 Écart 40'].cellules;
    expect(String(f40.A3)).toMatch(/^Fiche obsolète/);
    expect([f40.B17, f40.D2]).toEqual(['Mme la proviseure adjointe', 'note de l’établissement']);
    expect(i.detail['LDM 010 Écart 20'].cellules.C9).toBe('Fiche n° : 2/2');
    const suivi = inspecter(recalculerAvecLibreOffice(f), true).detail['LDM 010 Suivi des écarts'].cellules;
    expect([suivi.B5, suivi.F5, suivi.B6, suivi.F6, suivi.B7, suivi.F7]).toEqual([12, 'Levé', 20, 'Ouvert', 40, 'Obsolète']);
    const ouverts = JSON.parse(ldm('check', f, '--json').sortie).findings.filter((x: { kind: string }) => x.kind === 'ecart-ouvert');
    expect(ouverts.map((x: { descripteur: number; sheet: string; cell: string }) => [x.descripteur, x.sheet, x.cell])).toEqual([[20, 'LDM 010 Écart 20', 'B27']]);
    // L'issue du rapport suit les fiches : tant que la 20 est ouverte, elle reste ; levée, le rapport le dit (LibreOffice).
    const issue = (fichier: string) => Object.values(inspecter(recalculerAvecLibreOffice(fichier), true).detail[R].cellules).find((v) => /^(2 non-conformité|Toutes les non-conformités)/.test(String(v)));
    expect(issue(f)).toMatch(/^2 non-conformité\(s\) : fiches d'écart/);
    modifier(f, [
      { op: 'set', feuille: 'LDM 010 Écart 20', cellule: 'B26', valeur: 'Oui' },
      { op: 'set', feuille: 'LDM 010 Écart 20', cellule: 'B27', valeur: 'Écart levé' },
    ]);
    expect(issue(f)).toBe("Toutes les non-conformités (2) sont levées : l'établissement est proposable au label.");
  });

  it('une fiche à l’ancienne mise en page (saisies en B13…B31) est relue puis réécrite au formulaire LDM 010, sans perte', () => {
    const f = grilleCochee();
    expect(ldm('report', f).code).toBe(0);
    const F = 'LDM 010 Écart 12';
    // La fiche telle que les versions 0.2 l'écrivaient : deux colonnes, sections fusionnées sur A:B, saisies en B13…B31.
    const anciens: Array<[string, string | null, string | null]> = [
      ['A5', '1. Constat (rempli par les auditeurs)', null],
      ['A13', "Transmis à l'établissement le", '2027-04-02'],
      ['A15', "2. Engagements de l'établissement", null],
      ['A16', 'Action corrective proposée', 'Tutorat des primo-arrivants'],
      ['A17', 'Responsable', 'M. le DDFPT'],
      ['A18', 'Date prévisionnelle de réalisation', '2027-06-30'],
      ['A20', 'Retourné aux auditeurs le', '2027-04-12'],
      ['A22', '3. Avis des auditeurs (sous une semaine)', null],
      ['A23', 'Action corrective pertinente', 'Oui'],
      ['A24', 'Modalité de vérification', 'Visite'],
      ['A25', 'Commentaires des auditeurs', 'Calendrier à préciser'],
      ['A27', '4. Vérification', null],
      ['A28', 'Vérification effectuée', 'Oui'],
      ['A29', 'Résultat', 'Écart maintenu'],
      ['A30', "Résultat transmis à l'établissement le", '2027-06-02'],
      ['A31', 'Transmis au rectorat le', null],
    ];
    modifier(f, [
      { op: 'vider_feuille', feuille: F },
      { op: 'set', feuille: F, cellule: 'A1', valeur: "FICHE D'ÉCART — LDM 010" },
      { op: 'set', feuille: F, cellule: 'E2', valeur: 'note à garder' },
      ...['A3:B3', 'A5:B5', 'A15:B15', 'A22:B22', 'A27:B27'].map((plage) => ({ op: 'fusionner' as const, feuille: F, plage })),
      ...anciens.flatMap(([a, libelle, v]) => [
        { op: 'set' as const, feuille: F, cellule: a, valeur: libelle },
        ...(v === null ? [] : [{ op: 'set' as const, feuille: F, cellule: `B${a.slice(1)}`, valeur: v, date: /^\d{4}-/.test(v) }]),
      ]),
      { op: 'liste', feuille: F, cellule: 'B29', valeurs: ['Écart levé', 'Écart maintenu'] },
    ]);
    // Relue à l'ancienne place : l'écart maintenu est signalé à sa cellule d'alors.
    const avant = JSON.parse(ldm('check', f, '--json').sortie).findings.filter((x: { kind: string; sheet: string }) => x.kind === 'ecart-ouvert' && x.sheet === F);
    expect(avant.map((x: { cell: string; message: string }) => [x.cell, x.message])).toEqual([['B29', expect.stringContaining('maintenue')]]);
    expect(ldm('report', f).code).toBe(0);
    const i = inspecter(f);
    const c = i.detail[F].cellules;
    expect([c.B14, c.B16, c.B17, c.B18, c.B19, c.B21, c.B22, c.B23, c.B26, c.B27, c.B29]).toEqual([
      '2027-04-02 00:00:00', 'Tutorat des primo-arrivants', 'M. le DDFPT', '2027-06-30 00:00:00', '2027-04-12 00:00:00',
      'Oui', 'Calendrier à préciser', 'Visite de vérification', 'Oui', 'Écart maintenu', '2027-06-02 00:00:00',
    ]);
    expect([c.A13, c.A15, c.A20, c.A25, c.E2]).toEqual(['Écart constaté :', "2. Engagements et/ou actions proposés par l'établissement", '3. Commentaires des auditeurs par rapport au point 2', "4. Vérification de l'exécution de la correction par les auditeurs", 'note à garder']);
    // Plus rien de l'ancienne mise en page : ni fusion A:B, ni liste en B29 (désormais une date), ni libellé orphelin.
    expect(i.detail[F].fusions.filter((p: string) => /^A\d+:B\d+$/.test(p))).toEqual(['A1:B1']);
    expect(i.detail[F].validations.filter((v: { plage: string }) => v.plage === 'B29').map((v: { type: string }) => v.type)).toEqual(['date']);
    expect(Object.values(c)).not.toContain('Modalité de vérification');
    expect(JSON.parse(ldm('check', f, '--json').sortie).findings.filter((x: { kind: string; sheet: string }) => x.kind === 'ecart-ouvert' && x.sheet === F).map((x: { cell: string }) => x.cell)).toEqual(['B27']);
  });

  it('LibreOffice imprime le rapport en PDF : A4, en-tête du tableau répété, issue lisible', () => {
    const f = grilleCochee();
    expect(ldm('report', f).code).toBe(0);
    // Un classeur ne contenant que le rapport, comme « Enregistrer la feuille en PDF ».
    const pdf = enPdf(feuillesSeules(f, [R]));
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(info).toMatch(/Page size:\s+595(\.\d+)? x 841(\.\d+)? pts \(A4\)/);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(4);
    const texte = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    const parPage = texte.split('\f').filter((p) => p.trim());
    expect(parPage).toHaveLength(pages);
    expect(parPage[0]).toContain("RAPPORT D'AUDIT LYCÉE DES MÉTIERS");
    expect(parPage[0]).toContain('Lycée Audité');
    parPage.forEach((p, k) => expect(p).toContain(`Page ${k + 1} / ${pages}`));
    // L'en-tête des constats est répété sur la page suivante.
    expect(parPage[1]).toMatch(/Critère\s+Détail du critère\s+PF\s+C\s+R\s+NC\s+Constats/);
    expect(texte).toContain('2 non-conformité(s)');
    expect(texte).toContain('Dossier rédigé par');
    // Les rubriques du formulaire (l.1160-1210), dans l'ordre.
    const rubriques = [
      "RAPPORT D'AUDIT LYCÉE DES MÉTIERS", 'Établissement', 'Dénomination métier', "Date de l'audit", "Type d'audit", 'Auditeur référent', 'Co-auditeurs', "CONSTATS D'AUDIT",
      "Il convient de justifier et d'argumenter chaque constat de point fort (PF), de remarque (R) ou de non-conformité (NC). Aucun commentaire n'est demandé pour les critères conformes au référentiel. Cocher à minima C ou NC.",
      // Le critère, numéro et intitulé, dans sa colonne étroite : ses lignes s'entremêlent à celles du descripteur.
      '1 - Offre de', "SYNTHÈSE D'AUDIT",
      "Conclusions des auditeurs sur la conformité au référentiel, la dynamique de l'établissement, la mise en œuvre d'une démarche d'amélioration continue, les évolutions depuis le précédent audit, l'implication des personnels",
      'CONSTATS COMPLÉMENTAIRES', "Autres observations à prendre en compte dans le cadre de l'amélioration continue de l'établissement.", 'Axes de progrès à envisager', 'Points de vigilance',
      'Dossier rédigé par', "À retourner après l'audit de labellisation à la DRAFPIC : ce.drafpic@ac-orleans-tours.fr",
    ];
    const brut = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/[’]/g, "'").replace(/\s+/g, '');
    for (const r of rubriques) expect([r, brut.includes(r.replace(/\s+/g, ''))]).toEqual([r, true]);
    const ordre = ["CONSTATS D'AUDIT", "SYNTHÈSE D'AUDIT", 'CONSTATS COMPLÉMENTAIRES', 'Dossierrédigépar'].map((t) => brut.indexOf(t.replace(/\s+/g, '')));
    expect(ordre).toEqual([...ordre].sort((a, b) => a - b));
    // L'en-tête des constats ne surmonte que des constats : jamais le décompte ni les constats complémentaires.
    const entete = /Critère\s+Détail du critère\s+PF\s+C\s+R\s+NC\s+Constats/;
    for (const p of parPage.filter((x) => entete.test(x))) expect(p.split(entete)[1]).toMatch(/^\s*(\d - [^\n]*?)?\s\d{1,2}\. \S/);
    const pageComplementaires = parPage.find((p) => p.includes('CONSTATS COMPLÉMENTAIRES'))!;
    expect(pageComplementaires).not.toMatch(entete);
    // Une partie ne se sépare pas de son titre : la page qui porte le titre porte aussi la suite.
    for (const [titre, suite] of [['SYNTHÈSE D', 'Conclusions des auditeurs'], ['CONSTATS COMPLÉMENTAIRES', 'Points de vigilance'], ['ISSUE DE L', 'non-conformité(s)']]) {
      expect(parPage.find((p) => p.includes(titre))).toContain(suite);
    }
  });

  it('la fiche LDM 010 imprimée porte chaque rubrique du formulaire (l.1110-1158), sur une page A4', () => {
    const f = grilleCochee();
    expect(ldm('report', f).code).toBe(0);
    const F = 'LDM 010 Écart 12';
    const seul = feuillesSeules(f, [F]);
    const pages = pagesDuPdf(enPdf(seul)).filter((p) => p.trim());
    expect(pages).toHaveLength(1);
    // Texte brut (ordre de lecture) sans les échéances de la colonne C, espaces retirés : chaque libellé du formulaire s'y lit d'un tenant.
    const brut = spawnSync('pdftotext', [enPdf(seul), '-'], { encoding: 'utf8' }).stdout;
    const serre = (t: string) => t.replace(/\s+/g, '');
    const texte = serre(brut.split('\n').filter((x) => !x.startsWith('au plus tard le')).join(' '));
    const rubriques = [
      'Établissement :', 'Mél :', "Référent d'audit :", "Date de l'audit :", 'Fiche n° : 1/2', '1. Constat auditeurs', 'Critère n° :', 'Énoncé du critère :',
      'Écart constaté :', "Date de transmission à l'établissement (par mél, délai : audit + 10 j) :",
      "2. Engagements et/ou actions proposés par l'établissement", 'Responsable :', 'Date prévisionnelle de mise en œuvre :',
      "Date de transmission de la fiche au référent d'audit (par mél, délai : audit + 20j)", '3. Commentaires des auditeurs par rapport au point 2',
      'Action corrective pertinente (Oui / Non) :', 'Commentaire éventuel :', 'Type de vérification prévue (Vérification documentaire / Visite de vérification) :',
      "Date de transmission du point 3 à l'établissement (par mél, délai une semaine) :", "4. Vérification de l'exécution de la correction par les auditeurs",
      'Vérification prévue effectuée (Oui / Non) :', 'Écart maintenu / Écart levé :', 'Commentaires éventuels des auditeurs :',
      "Date de transmission du résultat à l'établissement (par mél) :", 'Date de transmission au rectorat (ce.p2edafpic@ac-orleans-tours.fr) (au plus tard le 30/09) :',
      'Auditeurs', 'Établissement',
    ];
    for (const r of rubriques) expect(texte).toContain(serre(r));
    expect(texte.indexOf(serre('1. Constat auditeurs'))).toBeLessThan(texte.indexOf(serre('4. Vérification')));
    expect(pages[0]).toMatch(/au plus tard le 04\/04\/2027/);
  });
});

describe('règles d’audit du profil régional (Centre-Val de Loire par défaut, circulaire nationale en variante)', () => {
  it('labellisation : 3 auditeurs dont le référent en Centre-Val de Loire ; 2 suffisent avec le profil national', () => {
    const f = grilleCochee();
    modifier(f, [{ op: 'set', feuille: G, cellule: 'C10', valeur: null }]);
    const r = ldm('report', f);
    expect(r.code).toBe(1);
    expect(r.erreur).toContain('3 auditeurs dont un auditeur référent');
    expect(ldm('generate', f, '--profil', 'national').code).toBe(0);
    const national = ldm('report', f, '--today', '2027-03-30');
    expect(national.erreur).toBe('');
    expect(national.code).toBe(0);
    expect(ldm('generate', f, '--profil', 'bretagne').erreur).toContain('Profil régional « bretagne » inconnu');
  });

  it('audit de suivi : pas d’échéance du 30 septembre en Centre-Val de Loire (l.1382), elle s’applique avec le profil national', () => {
    const f = grilleCochee('2027-03-25', 'Audit de suivi');
    expect(ldm('report', f, '--today', '2027-03-30').code).toBe(0);
    const fiche = Object.values(inspecter(f).detail['LDM 010 Suivi des écarts'].cellules).map(String);
    expect(fiche.some((t) => t.startsWith("Audit de suivi : pas d'échéance au 30 septembre"))).toBe(true);
    const j = JSON.parse(ldm('check', f, '--json', '--today', '2027-10-15').sortie);
    const ouverts = j.findings.filter((x: { kind: string }) => x.kind === 'ecart-ouvert');
    expect(ouverts).toHaveLength(2);
    expect(ouverts.every((x: { message: string }) => !x.message.includes('ÉCHÉANCE'))).toBe(true);
    expect(ldm('generate', f, '--profil', 'national').code).toBe(0);
    const n = JSON.parse(ldm('check', f, '--json', '--today', '2027-10-15').sortie);
    expect(n.findings.filter((x: { kind: string; message: string }) => x.kind === 'ecart-ouvert' && x.message.includes('ÉCHÉANCE DÉPASSÉE'))).toHaveLength(2);
  });

  it('fiche transmise ou retournée en retard, « Écart levé » sans vérification : signalés, l’écart reste ouvert', () => {
    const f = grilleCochee();
    expect(ldm('report', f, '--today', '2027-03-30').code).toBe(0);
    const F12 = 'LDM 010 Écart 12';
    modifier(f, [
      { op: 'set', feuille: F12, cellule: 'B14', valeur: '2027-04-20', date: true },
      { op: 'set', feuille: F12, cellule: 'B19', valeur: '2027-05-10', date: true },
      { op: 'set', feuille: F12, cellule: 'B24', valeur: '2027-05-20', date: true },
      { op: 'set', feuille: F12, cellule: 'B26', valeur: 'Non' },
      { op: 'set', feuille: F12, cellule: 'B27', valeur: 'Écart levé' },
      { op: 'set', feuille: G, cellule: 'C13', valeur: '2027-03-30', date: true },
      { op: 'set', feuille: G, cellule: 'C14', valeur: '2027-04-15', date: true },
    ]);
    const j = JSON.parse(ldm('check', f, '--json', '--today', '2027-06-01').sortie);
    const de = (kind: string) => j.findings.filter((x: { kind: string; sheet: string }) => x.kind === kind && x.sheet === F12).map((x: { cell: string }) => x.cell);
    expect(de('echeance-depassee')).toEqual(['B14', 'B19', 'B24']);
    expect(de('valeur-invalide')).toEqual(['B26']);
    expect(de('ecart-ouvert')).toEqual(['B27']);
    // Le chef d'établissement retourne le rapport dans les 10 jours (l.326) : 16 jours, signalé sur la grille.
    const grille = j.findings.filter((x: { kind: string; sheet: string }) => x.kind === 'echeance-depassee' && x.sheet === G);
    expect(grille.map((x: { cell: string; message: string }) => [x.cell, x.message])).toEqual([['C14', expect.stringContaining('au plus tard le 09/04/2027')]]);
    // Sans le complément : la fiche recalculée par LibreOffice dit l'état et l'échéance du point 3.
    const fiche = inspecter(recalculerAvecLibreOffice(f), true).detail[F12].cellules;
    expect([fiche.B31, fiche.C24]).toEqual(['Ouvert', '2027-05-17 00:00:00']);
  });

  it('rapport daté plus de 10 jours après l’audit, audit si tardif que les fiches dépasseraient le 30 septembre : signalés', () => {
    const f = grilleCochee('2027-09-25');
    modifier(f, [{ op: 'set', feuille: G, cellule: 'C13', valeur: '2027-10-20', date: true }]);
    const j = JSON.parse(ldm('check', f, '--json', '--today', '2027-09-26').sortie);
    const alertes = j.findings.filter((x: { kind: string }) => x.kind === 'echeance-depassee');
    expect(alertes.map((x: { cell: string }) => x.cell).sort()).toEqual(['C13', 'C6']);
    expect(alertes.find((x: { cell: string }) => x.cell === 'C6').message).toContain('après l’échéance du 30/09/2027'.replace('’', "'"));
    // Audit de suivi en Centre-Val de Loire : pas de 30 septembre, donc pas d'alerte sur la date de l'audit.
    const suivi = grilleCochee('2027-09-25', 'Audit de suivi');
    const k = JSON.parse(ldm('check', suivi, '--json', '--today', '2027-09-26').sortie);
    expect(k.findings.filter((x: { kind: string }) => x.kind === 'echeance-depassee')).toEqual([]);
  });
});

