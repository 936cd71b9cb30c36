import { ClasseurEndommage, estVide } from '../src/core/modele/classeur';
import { COLONNES, STATUTS, TABLE_AUTO_EVALUATION, saisiesAutoEvaluation, statutDescripteur, feuilleAutoEvaluation } from '../src/core/layout/autoEvaluation';
import { TableauLu } from '../src/core/layout/types';
import { referentielNational } from '../src/core/referentiel';

const entetes: string[] = [COLONNES.numero, COLONNES.critere, COLONNES.descripteur, COLONNES.preuves, COLONNES.remarques, COLONNES.sansObjet, COLONNES.justification, COLONNES.reseau, COLONNES.statut];

function tableau(lignes: Array<Array<string | number | null>>, e = entetes): TableauLu {
  return { nom: TABLE_AUTO_EVALUATION, feuille: 'LDM 003 Auto-évaluation', ligneEntete: 18, colonneDebut: 1, entetes: e, lignes: lignes.map((valeurs, i) => ({ ligne: 19 + i, valeurs })) };
}

describe('statut d’un descripteur', () => {
  it('suit la même règle que la formule de la feuille', () => {
    expect(statutDescripteur(false, false, { [COLONNES.preuves]: 'PV du CA' })).toBe(STATUTS.documente);
    expect(statutDescripteur(false, false, { [COLONNES.preuves]: ' \u00a0\n ' })).toBe(STATUTS.preuveManquante);
    expect(statutDescripteur(false, false, { [COLONNES.sansObjet]: 'oui' })).toBe(STATUTS.justificationManquante);
    expect(statutDescripteur(false, false, { [COLONNES.sansObjet]: 'Oui', [COLONNES.justification]: 'Pas de CMQ' })).toBe(STATUTS.sansObjet);
    expect(statutDescripteur(true, false, {})).toBe(STATUTS.horsReseau);
    expect(statutDescripteur(true, true, {})).toBe(STATUTS.preuveManquante);
    expect(estVide(0)).toBe(false);
    expect(estVide(false)).toBe(false);
    expect([null, undefined, '', '\t\r\n\u0001 \u00a0'].every((v) => estVide(v))).toBe(true);
    expect(['\u0001x', '\u00a0.', '\u2003', '0'].some((v) => estVide(v))).toBe(false);
  });
});

describe('reprise des saisies', () => {
  it('rattache les saisies au N°, quel que soit l’ordre des lignes, et garde les colonnes ajoutées', () => {
    const lu = tableau(
      [
        [7, 2, '…', 'Charte d’accueil', null, null, null, null, 'Documenté', 'Mme Martin'],
        [3, 1, '…', 'Convention FCIL', 'À compléter', null, null, null, null, null],
      ],
      [...entetes, 'Responsable'],
    );
    const s = saisiesAutoEvaluation(referentielNational, lu);
    expect(s.colonnesUtilisateur).toEqual(['Responsable']);
    expect(s.saisies.get(3)).toMatchObject({ [COLONNES.preuves]: 'Convention FCIL', [COLONNES.remarques]: 'À compléter' });
    expect(s.saisies.get(7)).toMatchObject({ [COLONNES.preuves]: 'Charte d’accueil', Responsable: 'Mme Martin' });
    const feuille = feuilleAutoEvaluation(referentielNational, s);
    const t = feuille.tableaux[0];
    expect(t.lignes).toHaveLength(46);
    expect(t.colonnes.map((c) => c.entete)).toContain('Responsable');
    const ligne7 = t.lignes[6];
    expect(ligne7[0]).toBe(7);
    expect(ligne7[3]).toBe('Charte d’accueil');
    expect(ligne7[9]).toBe(2);
    expect(ligne7[10]).toBe('Mme Martin');
  });

  it('une colonne ajoutée nommée « __proto__ » reste une colonne : sa saisie est gardée', () => {
    const lu = tableau([[7, 2, '…', 'Charte', null, null, null, null, 'Documenté', 'à garder']], [...entetes, '__proto__']);
    const s = saisiesAutoEvaluation(referentielNational, lu);
    expect(s.colonnesUtilisateur).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(s.saisies.get(7), '__proto__')?.value).toBe('à garder');
    const t = feuilleAutoEvaluation(referentielNational, s).tableaux[0];
    expect(t.lignes[6][t.colonnes.findIndex((c) => c.entete === '__proto__')]).toBe('à garder');
  });

  it('refuse, avec la cellule, un N° effacé sur une ligne remplie, un N° inconnu ou en double', () => {
    const lu = tableau([
      [null, 1, '…', 'preuve orpheline', null, null, null, null, null],
      ['douze', 3, '…', null, null, null, null, null, null],
      [5, 1, '…', 'a', null, null, null, null, null],
      [5, 1, '…', 'b', null, null, null, null, null],
      [null, null, null, null, null, null, null, null, null],
    ]);
    try {
      saisiesAutoEvaluation(referentielNational, lu);
      throw new Error('aurait dû refuser');
    } catch (e) {
      expect(e).toBeInstanceOf(ClasseurEndommage);
      const p = (e as ClasseurEndommage).problemes;
      expect(p.map((x) => x.cellule)).toEqual(['A19', 'A20', 'A22']);
      expect(p[2].message).toContain('A21');
    }
  });

  it('refuse un tableau dont la colonne N° a disparu', () => {
    const lu = tableau([[1, 1, '…', 'x']], ['Numéro', ...entetes.slice(1)]);
    expect(() => saisiesAutoEvaluation(referentielNational, lu)).toThrow(/« N° »/);
  });
});
