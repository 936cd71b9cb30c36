import { spawnSync } from 'child_process';
import path from 'path';
import { Operation, dossierTemporaire, enPdf, feuillesSeules, inspecter, ldm, modifier, pagesDuPdf, recalculerAvecLibreOffice } from './outils';

/**
 * LDM 012 Questionnaire audités (l.1212-1248) : l'établissement le remplit après l'audit, la DRAFPIC le consolide.
 * Trois lycées, deux équipes d'audit, un questionnaire vide (non compté), une réponse changée puis reconsolidée : les
 * comptes par équipe et par réponse sont des formules, justes après recalcul par LibreOffice et égaux à ce que dit
 * `ldm consolidate --json`.
 */
const G = "Grille d'audit";
const Q = 'LDM 012 Questionnaire audités';

interface Reponses {
  rne: string;
  equipe: [string, string, string];
  reponses: string[];
  commentaires?: string[];
}

function dossier(d: string, nom: string, r: Reponses): string {
  const f = path.join(d, `${nom}.xlsx`);
  expect(ldm('generate', f, '--etablissement', `Lycée ${nom}`, '--rne', r.rne, '--sheets', 'grille').code).toBe(0);
  modifier(f, [
    { op: 'set', feuille: G, cellule: 'C6', valeur: '2027-03-25', date: true },
    ...r.equipe.map((n, i): Operation => ({ op: 'set', feuille: G, cellule: `C${8 + i}`, valeur: n })),
  ]);
  // Le questionnaire vient après l'audit : sa date est reprise de la grille.
  expect(ldm('generate', f, '--sheets', 'questionnaire').code).toBe(0);
  modifier(f, [
    { op: 'set', feuille: Q, cellule: 'C6', valeur: 'La proviseure' },
    ...r.reponses.flatMap((v, i): Operation[] => (v ? [{ op: 'set', feuille: Q, cellule: `C${10 + i}`, valeur: v }] : [])),
    ...(r.commentaires ?? []).flatMap((v, i): Operation[] => (v ? [{ op: 'set', feuille: Q, cellule: `D${10 + i}`, valeur: v }] : [])),
  ]);
  return f;
}

const EQUIPE_X: [string, string, string] = ['Mme Alpha', 'M. Bravo', 'Mme Charlie'];
const EQUIPE_Y: [string, string, string] = ['M. Delta', 'Mme Echo', 'M. Fox'];

describe('LDM 012 Questionnaire audités', () => {
  it('la feuille de l’établissement : les cinq questions du formulaire, listes de réponses, date reprise de la grille, saisies gardées', () => {
    const d = dossierTemporaire();
    const f = dossier(d, 'Un', { rne: '0450051L', equipe: EQUIPE_X, reponses: ['Totalement', '', 'Oui'], commentaires: ['', '', 'Critère 6 : ouverture européenne.'] });
    expect(ldm('generate', f).code).toBe(0);
    const i = inspecter(f).detail[Q];
    expect(i.tableaux.tblQuestionnaireAudites.colonnes).toEqual(['N°', 'Question', 'Réponse', 'Commentaires']);
    expect([i.cellules.C5, i.cellules.C6, i.cellules.C10, i.cellules.C12, i.cellules.D12]).toEqual(['2027-03-25 00:00:00', 'La proviseure', 'Totalement', 'Oui', 'Critère 6 : ouverture européenne.']);
    const listes = spawnSync('/usr/bin/python3', ['-c', 'import openpyxl,sys\nws=openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]\nfor v in ws.data_validations.dataValidation:\n  print(str(v.sqref), v.type, v.formula1)', f, Q], { encoding: 'utf8' }).stdout;
    expect(listes).toContain('C10:C11 list "Totalement,Partiellement,Pas du tout"');
    expect(listes).toContain('C12 list "Oui,Non"');
    expect(listes).toContain('C13:C14 list "Totalement,Partiellement,Pas du tout"');

    // Imprimé : une page, avec les mots du formulaire.
    const pdf = enPdf(recalculerAvecLibreOffice(feuillesSeules(f, [Q], ['Pilote LDM'])));
    const pages = pagesDuPdf(pdf).filter((p) => p.includes('Questionnaire audités LDM 012'));
    expect(pages).toHaveLength(1);
    const texte = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/[’]/g, "'").replace(/\s+/g, '');
    for (const r of [
      "À retourner après l'audit de labellisation à la DRAFPIC : ce.drafpic@ac-orleans-tours.fr",
      'Établissement :', 'Lycée Un', "Date de l'audit :", '25/03/2027',
      // Chaque question sur plusieurs lignes de sa cellule, la réponse à côté s'intercale : le début de chaque ligne suffit.
      "L'audit s'est-il déroulé dans un esprit", "d'écoute réciproque et de volonté de",
      'Estimez-vous que les informations et', 'documents mis à disposition des auditeurs,',
      "Y a-t-il eu des écarts d'interprétation des", 'Si oui, sur quels',
      "Estimez-vous que l'audit vous a apporté des", 'points de repères pour affiner votre',
      'Le temps et le contenu de la restitution à', "l'issue de l'audit vous ont-ils paru en",
      'Commentaires',
    ]) {
      expect([r, texte.includes(r.replace(/\s+/g, ''))]).toEqual([r, true]);
    }
  });

  it('consolidés par la DRAFPIC : une ligne par audit, comptes par équipe et par réponse en formules, reconsolidation sans doublon', () => {
    const d = dossierTemporaire();
    const un = dossier(d, 'Un', { rne: '0450051L', equipe: EQUIPE_X, reponses: ['Totalement', 'Partiellement', 'Non', 'Totalement', 'Totalement'], commentaires: ['Écoute réelle.'] });
    const deux = dossier(d, 'Deux', { rne: '0180001C', equipe: EQUIPE_X, reponses: ['Totalement', 'Totalement', 'Oui', 'Partiellement', 'Pas du tout'], commentaires: ['', '', 'Critère 3.', '', 'Restitution trop courte.'] });
    const trois = dossier(d, 'Trois', { rne: '0370001A', equipe: EQUIPE_Y, reponses: ['Partiellement', 'Partiellement', 'Non', 'Totalement', 'Totalement'] });
    const vide = dossier(d, 'Vide', { rne: '0410001D', equipe: EQUIPE_Y, reponses: [] });
    const region = path.join(d, 'region.xlsx');
    // Un classeur régional neuf (écrivain direct), puis mis à jour (ExcelJS).
    expect(ldm('consolidate', un, deux, '--out', region).code).toBe(0);
    const r = ldm('consolidate', trois, vide, '--out', region);
    expect(r.code).toBe(0);
    expect(r.sortie).toMatch(/Questionnaires audités \(LDM 012\) : 1 dans ce lot, 3 consolidé\(s\)/);

    const i = inspecter(region).detail;
    const lignes = i['Questionnaires LDM 012'];
    const colonnes = lignes.tableaux.tblQuestionnairesAudites.colonnes;
    expect(colonnes.slice(0, 8)).toEqual(['Audit', 'RNE', 'Établissement', "Date de l'audit", 'Auditeurs', 'Rempli par', 'Q1', 'Commentaires Q1']);
    const col = (nom: string) => String.fromCharCode(65 + colonnes.indexOf(nom));
    expect([lignes.cellules.A2, lignes.cellules.A3, lignes.cellules.A4, lignes.cellules.A5]).toEqual(['0180001C · 2027-03-25', '0370001A · 2027-03-25', '0450051L · 2027-03-25', undefined]);
    expect([lignes.cellules[`${col('Auditeurs')}4`], lignes.cellules[`${col('Commentaires Q5')}2`]]).toEqual(['Mme Alpha, M. Bravo, Mme Charlie', 'Restitution trop courte.']);

    const comptes = () => {
      const s = inspecter(recalculerAvecLibreOffice(region), true).detail['Synthèse LDM 012'];
      const entetes = s.tableaux.tblSyntheseQuestionnaires.colonnes;
      const parLigne: Record<string, Record<string, unknown>> = {};
      for (let ligne = 4; s.cellules[`A${ligne}`]; ligne++) {
        parLigne[`${s.cellules[`A${ligne}`]} · Q${s.cellules[`B${ligne}`]}`] = Object.fromEntries(entetes.slice(3).map((e, j) => [e, s.cellules[`${String.fromCharCode(68 + j)}${ligne}`] ?? null]));
      }
      return parLigne;
    };
    const X = 'Mme Alpha, M. Bravo, Mme Charlie';
    const Y = 'M. Delta, Mme Echo, M. Fox';
    let c = comptes();
    expect(Object.keys(c)).toHaveLength(15);
    expect(c[`${X} · Q1`]).toEqual({ Questionnaires: 2, Totalement: 2, Partiellement: 0, 'Pas du tout': 0, Oui: null, Non: null, 'Sans réponse ou autre': 0 });
    expect(c[`${X} · Q3`]).toEqual({ Questionnaires: 2, Totalement: null, Partiellement: null, 'Pas du tout': null, Oui: 1, Non: 1, 'Sans réponse ou autre': 0 });
    expect(c[`${Y} · Q1`]).toMatchObject({ Questionnaires: 1, Totalement: 0, Partiellement: 1 });
    expect(c['Toutes les équipes · Q5']).toMatchObject({ Questionnaires: 3, Totalement: 2, 'Pas du tout': 1 });

    // Le lycée Un change une réponse et renvoie son classeur : sa ligne est remplacée, pas doublée.
    modifier(un, [{ op: 'set', feuille: Q, cellule: 'C10', valeur: 'Pas du tout' }]);
    const json = JSON.parse(ldm('consolidate', un, '--out', region, '--json').sortie);
    c = comptes();
    expect(c[`${X} · Q1`]).toMatchObject({ Questionnaires: 2, Totalement: 1, 'Pas du tout': 1 });
    expect(c['Toutes les équipes · Q1']).toMatchObject({ Questionnaires: 3, Totalement: 1, Partiellement: 1, 'Pas du tout': 1 });
    // La CLI donne les mêmes totaux que les formules.
    expect(json.questionnaires.parQuestion[0].reponses).toEqual({ Totalement: 1, Partiellement: 1, 'Pas du tout': 1 });
    expect(json.questionnaires.questionnaires).toBe(3);

    // Imprimée, la synthèse tient sur une page A4 paysage, comptes calculés (le tableau des réponses reste, masqué).
    const pdf = enPdf(recalculerAvecLibreOffice(feuillesSeules(region, ['Synthèse LDM 012'], ['Questionnaires LDM 012'])));
    const pages = pagesDuPdf(pdf).filter((p) => p.includes('Questionnaires audités (LDM 012) : réponses par équipe'));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('Toutes les équipes');
    expect(pages[0]).not.toMatch(/Err:|#REF|#NAME/);
  });
});
