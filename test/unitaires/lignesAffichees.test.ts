import { lignesAffichees } from '../../src/core/layout/types';

/** Les lignes qu'un texte renvoyé à la ligne occupe : la hauteur des lignes écrites et la pagination en dépendent. */
describe('lignes affichées d’un texte renvoyé à la ligne', () => {
  it('compte chaque paragraphe, vide ou non, et coupe les longs à la largeur de la colonne', () => {
    expect(lignesAffichees('', 10)).toBe(1);
    expect(lignesAffichees('court', 10)).toBe(1);
    // 10 caractères par ligne à la largeur 10 (×1,05 arrondi vers le bas) : 22 caractères en 3 lignes.
    expect(lignesAffichees('x'.repeat(22), 10)).toBe(3);
    expect(lignesAffichees('x'.repeat(20), 10)).toBe(2);
    expect(lignesAffichees('a\n\nb', 10)).toBe(3);
    expect(lignesAffichees('a\n', 10)).toBe(2);
    expect(lignesAffichees(`${'x'.repeat(25)}\n${'y'.repeat(5)}`, 10)).toBe(4);
    // Une zone de texte fusionnée sur plusieurs lignes : largeur infinie, un paragraphe par ligne.
    expect(lignesAffichees('a\nb\nc', Number.POSITIVE_INFINITY)).toBe(3);
    expect(lignesAffichees('x'.repeat(100), 0)).toBe(100);
  });
});
