import { ajouterCritereAcademique, referentielNational, tousLesDescripteurs, ReferentielInvalide } from '../src/core/referentiel';

describe('référentiel national', () => {
  const descripteurs = tousLesDescripteurs(referentielNational);

  it('compte 8 critères et 46 descripteurs numérotés de 1 à 46 dans l’ordre', () => {
    expect(referentielNational.criteres).toHaveLength(8);
    expect(descripteurs.map((d) => d.numero)).toEqual(Array.from({ length: 46 }, (_, i) => i + 1));
  });

  it('répartit les descripteurs par critère comme le cahier des charges', () => {
    const bornes = referentielNational.criteres.map((c) => [c.descripteurs[0].numero, c.descripteurs[c.descripteurs.length - 1].numero]);
    expect(bornes).toEqual([[1, 5], [6, 10], [11, 18], [19, 25], [26, 31], [32, 34], [35, 39], [40, 46]]);
  });

  it('marque 25, 31, 34 et 45 comme réservés aux candidatures en réseau', () => {
    expect(descripteurs.filter((d) => d.reseauUniquement).map((d) => d.numero)).toEqual([25, 31, 34, 45]);
  });

  it('garde les deux libellés officiels (LDM 003 et LDM 011)', () => {
    const d4 = descripteurs[3];
    expect(d4.ldm003).toMatch(/^La coloration des diplômes/);
    expect(d4.ldm011).toMatch(/^La valorisation des diplômes/);
    expect(descripteurs[9].ldm003).toMatch(/^L'interaction/);
    expect(descripteurs[9].ldm011).toMatch(/^L'intégration/);
    expect(descripteurs[17].ldm003).toBe("L'innovation pédagogique est facilitée.");
  });

  it('propose des exemples d’indicateurs pour chaque critère (guide 001)', () => {
    for (const c of referentielNational.criteres) expect(c.indicateursExemples.length).toBeGreaterThan(3);
    expect(referentielNational.criteres[6].indicateursExemples).toContain("Taux d'absentéisme en cours, en PFMP");
  });
});

describe('critère académique', () => {
  it('ajoute un 9e critère numéroté à la suite, sans changer le code', () => {
    const ref = ajouterCritereAcademique(referentielNational, {
      libelle: 'Développement durable',
      descripteurs: ['L’établissement a un plan de sobriété.', 'Les élèves sont éco-délégués.'],
    });
    expect(ref.criteres).toHaveLength(9);
    expect(ref.criteres[8]).toMatchObject({ numero: 9, academique: true });
    expect(tousLesDescripteurs(ref).slice(-2).map((d) => [d.numero, d.critere])).toEqual([[47, 9], [48, 9]]);
    expect(referentielNational.criteres).toHaveLength(8);
  });

  it('refuse une description incomplète ou un second critère', () => {
    expect(() => ajouterCritereAcademique(referentielNational, { libelle: 'X' })).toThrow(ReferentielInvalide);
    expect(() => ajouterCritereAcademique(referentielNational, { descripteurs: ['a'] })).toThrow(/libelle/);
    const ref = ajouterCritereAcademique(referentielNational, { libelle: 'X', descripteurs: ['a'] });
    expect(() => ajouterCritereAcademique(ref, { libelle: 'Y', descripteurs: ['b'] })).toThrow(/qu'un/);
  });
});

it('corrige la coquille du libellé LDM 011 du descripteur 23 (« famille » manquant) et le dit dans le référentiel', () => {
  const d23 = tousLesDescripteurs(referentielNational).find((d) => d.numero === 23)!;
  expect(d23.ldm011).toContain("d'une même famille des métiers");
  expect(d23.correction).toMatch(/l\. 200.*« famille »/);
  // Les autres libellés restent ceux du cahier des charges, sans correction.
  expect(tousLesDescripteurs(referentielNational).filter((d) => d.correction).map((d) => d.numero)).toEqual([23]);
});
