import { anneeScolaireDe, cleRneAttendue, identiteVide, rneValide, verifierIdentite, Identite } from '../src/core/modele/identite';

const base: Identite = {
  etablissement: 'Lycée Exemple',
  rne: '0750654D',
  intituleLabel: 'Lycée des métiers du bâtiment',
  anneeScolaire: '2026-2027',
  candidatureEnReseau: false,
};

const erreurs = (i: Partial<Identite>) => verifierIdentite({ ...base, ...i }).filter((p) => p.gravite === 'erreur').map((p) => p.champ);

describe('identité de l’établissement', () => {
  it('accepte une identité complète', () => {
    expect(verifierIdentite(base)).toEqual([]);
  });

  it('calcule la lettre de contrôle du RNE et avertit si elle ne correspond pas', () => {
    expect(cleRneAttendue('0750654D')).toBe('D');
    const p = verifierIdentite({ ...base, rne: '0750654E' });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ champ: 'rne', gravite: 'avertissement' });
    expect(p[0].message).toContain('« D »');
  });

  it('refuse un RNE mal formé, un intitulé de plus de 100 caractères ou sans « Lycée des métiers », une année incohérente', () => {
    expect(erreurs({ rne: '075065' })).toEqual(['rne']);
    expect(erreurs({ intituleLabel: 'Lycée des métiers ' + 'x'.repeat(83) })).toEqual(['intituleLabel']);
    expect(erreurs({ intituleLabel: 'Lycée des métiers ' + 'x'.repeat(82) })).toEqual([]);
    expect(erreurs({ intituleLabel: 'Pôle industrie' })).toEqual(['intituleLabel']);
    // L'appellation « Lycée(s) des métiers en réseau » (l.745) est un intitulé de plein droit.
    expect(erreurs({ intituleLabel: 'Lycée(s) des métiers en réseau de la filière bois' })).toEqual([]);
    expect(erreurs({ intituleLabel: 'Lycées des métiers en réseau' })).toEqual([]);
    expect(erreurs({ anneeScolaire: '2026-2028' })).toEqual(['anneeScolaire']);
  });

  it('fait commencer l’année scolaire au 1er septembre', () => {
    expect(anneeScolaireDe(new Date(2026, 7, 31))).toBe('2025-2026');
    expect(anneeScolaireDe(new Date(2026, 8, 1))).toBe('2026-2027');
  });
});

describe('une seule règle du N° RNE', () => {
  it('accepte partout un RNE tapé en minuscules ou avec des espaces, refuse partout un RNE mal formé', () => {
    for (const rne of ['0450051L', '0450051l', ' 0450051 L ']) {
      expect(rneValide(rne)).toBe(true);
      expect(verifierIdentite({ ...identiteVide, etablissement: 'Lycée A', rne }).filter((p) => p.champ === 'rne')).toEqual([]);
    }
    for (const rne of ['045005L', '04500511', 'A450051L']) {
      expect(rneValide(rne)).toBe(false);
      expect(verifierIdentite({ ...identiteVide, etablissement: 'Lycée A', rne }).filter((p) => p.champ === 'rne' && p.gravite === 'erreur').length).toBe(1);
    }
  });
});
