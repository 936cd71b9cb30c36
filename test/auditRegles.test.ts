import { ajouterJours, echeancesFicheEcart, formater, lireDate } from '../src/core/modele/dates';
import { CONTROLES, controlerLigne, lireCoche, EtatCoche, Coche } from '../src/core/audit/grille';

const echeances = (iso: string) => {
  const e = echeancesFicheEcart(lireDate(iso)!);
  return [e.transmissionEtablissement, e.retourEtablissement, e.transmissionRectorat!].map(formater);
};

describe('échéances des fiches d’écart', () => {
  it('audit + 10 jours, audit + 20 jours, 30 septembre', () => {
    expect(echeances('2027-03-25')).toEqual(['04/04/2027', '14/04/2027', '30/09/2027']);
  });
  it('passe les fins de mois et d’année', () => {
    expect(echeances('2027-01-31')).toEqual(['10/02/2027', '20/02/2027', '30/09/2027']);
    expect(echeances('2026-12-25')).toEqual(['04/01/2027', '14/01/2027', '30/09/2027']);
  });
  it('compte le 29 février des années bissextiles', () => {
    expect(echeances('2028-02-25')).toEqual(['06/03/2028', '16/03/2028', '30/09/2028']);
    expect(echeances('2027-02-25')).toEqual(['07/03/2027', '17/03/2027', '30/09/2027']);
    expect(formater(ajouterJours(lireDate('2100-02-28')!, 1))).toBe('01/03/2100');
  });
  it('renvoie un audit postérieur au 30 septembre au 30 septembre suivant', () => {
    expect(echeances('2027-09-30')[2]).toBe('30/09/2027');
    expect(echeances('2027-10-01')).toEqual(['11/10/2027', '21/10/2027', '30/09/2028']);
  });
  it('lit les dates saisies en série Excel, ISO ou à la française, et refuse les dates impossibles', () => {
    expect(formater(lireDate(46471)!)).toBe('25/03/2027'); // 1er janvier 2027 = 46388
    expect(formater(lireDate('5/3/2027')!)).toBe('05/03/2027');
    expect(lireDate('31/02/2027')).toBeUndefined();
    expect(lireDate('mars 2027')).toBeUndefined();
  });
});

describe('coches et contrôle d’une ligne de la grille d’audit', () => {
  it.each(['x', 'X', ' x ', '✓', '✔', '\u00a0x'])('« %s » est une coche', (v) => expect(lireCoche(v)).toBe('coche'));
  it.each(['oui', '1', 'xx', 'NC', '-'])('« %s » est signalé', (v) => expect(lireCoche(v)).toBe('invalide'));
  it.each(['', '   ', null])('« %s » est vide', (v) => expect(lireCoche(v)).toBe('vide'));

  const l = (c: Partial<Record<Coche, EtatCoche>>) => ({ PF: 'vide', C: 'vide', R: 'vide', NC: 'vide', ...c }) as Record<Coche, EtatCoche>;
  it('applique « cocher à minima C ou NC » et la justification des PF, R et NC', () => {
    expect(controlerLigne(l({ C: 'coche' }), '', false)).toBe(CONTROLES.complet);
    expect(controlerLigne(l({}), '', false)).toBe(CONTROLES.incomplet);
    expect(controlerLigne(l({ PF: 'coche' }), 'très bien', false)).toBe(CONTROLES.incomplet);
    expect(controlerLigne(l({ C: 'coche', NC: 'coche' }), 'x', false)).toBe(CONTROLES.contradictoire);
    expect(controlerLigne(l({ C: 'coche', PF: 'coche' }), '', false)).toBe(CONTROLES.constatManquant);
    expect(controlerLigne(l({ C: 'coche', R: 'coche' }), ' ', false)).toBe(CONTROLES.constatManquant);
    expect(controlerLigne(l({ NC: 'coche' }), 'Pas de suivi', false)).toBe(CONTROLES.complet);
    expect(controlerLigne(l({ C: 'invalide' }), '', false)).toBe(CONTROLES.invalide);
    expect(controlerLigne(l({}), '', true)).toBe(CONTROLES.horsReseau);
    expect(controlerLigne(l({ C: 'coche' }), '', true)).toBe(CONTROLES.cocheHorsReseau);
  });
});
