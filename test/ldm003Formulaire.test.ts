import path from 'path';
import { Operation, dossierTemporaire, empreinte, inspecter, ldm, modifier, recalculerAvecLibreOffice } from './outils';

/**
 * LDM 003 comme le cahier des charges la dessine (l.906-955) : « Critères du label » avec le numéro et l'intitulé du
 * critère sur la première ligne de ses descripteurs, « Remarques / piste d'amélioration ». Un classeur fait par la
 * version précédente (critère en chiffre, « pistes » au pluriel) passe à la nouvelle mise en page sans rien perdre ;
 * si le tableau, qui gagne une colonne, devait recouvrir une note de l'utilisateur, rien n'est écrit.
 */
const F = 'LDM 003 Auto-évaluation';
const T = 'tblAutoEvaluation';

/** La grille telle que la version précédente l'écrivait : critère en chiffre en B, ancien en-tête des remarques. */
function ancienneGrille(f: string, saisies: Operation[] = []): void {
  expect(ldm('generate', f, '--etablissement', 'Lycée Ancien', '--rne', '0450051L').code).toBe(0);
  const c = inspecter(f).detail[F].cellules;
  const numeros: Operation[] = Array.from({ length: 46 }, (_, k) => ({ op: 'set', feuille: F, cellule: `B${19 + k}`, valeur: c[`J${19 + k}`] as number }));
  modifier(f, [
    { op: 'supprimer_colonne', feuille: F, nom: T, colonne: 10 },
    { op: 'renommer_colonne', feuille: F, nom: T, ancien: 'Critères du label', nouveau: 'Critère' },
    { op: 'renommer_colonne', feuille: F, nom: T, ancien: "Remarques / piste d'amélioration", nouveau: "Remarques / pistes d'amélioration" },
    ...numeros,
    ...saisies,
  ]);
  const avant = inspecter(f).detail[F].tableaux[T].colonnes;
  expect(avant).toEqual(['N°', 'Critère', 'Descripteur', 'Éléments de preuves, références', "Remarques / pistes d'amélioration", 'Sans objet', 'Justification (sans objet)', 'Réseau uniquement', 'Statut']);
}

describe('LDM 003 au formulaire du cahier des charges', () => {
  it('un classeur neuf : critère numéroté et intitulé sur la première ligne de ses descripteurs, en-têtes du formulaire', () => {
    const f = path.join(dossierTemporaire(), 'neuf.xlsx');
    expect(ldm('generate', f, '--etablissement', 'Lycée Neuf', '--rne', '0450051L').code).toBe(0);
    const i = inspecter(f).detail[F];
    expect(i.tableaux[T].colonnes.slice(0, 5)).toEqual(['N°', 'Critères du label', 'Descripteur', 'Éléments de preuves, références', "Remarques / piste d'amélioration"]);
    expect(i.cellules.B19).toBe("1. Une offre de formations professionnelles construite autour d'un ensemble de métiers et de parcours de formation");
    expect([i.cellules.B20, i.cellules.B23]).toEqual([undefined, undefined]);
    expect(String(i.cellules.B24)).toMatch(/^2\. /);
    // Le numéro du critère reste sur chaque ligne, dans une colonne d'aide masquée que les formules lisent.
    expect([i.cellules.J19, i.cellules.J24, i.cellules.J64]).toEqual([1, 2, 8]);
  });

  it('un classeur de la version précédente passe au formulaire : saisies, remarques et formules de l’utilisateur suivent', () => {
    const f = path.join(dossierTemporaire(), 'ancien.xlsx');
    ancienneGrille(f, [
      { op: 'set', feuille: F, cellule: 'D19', valeur: 'Carte des formations 2026' },
      { op: 'set', feuille: F, cellule: 'E19', valeur: 'Remarque écrite avant' },
      { op: 'set', feuille: F, cellule: 'E25', valeur: 'Autre remarque' },
      // Une formule de l'utilisateur qui cite la colonne par son ancien nom (référence structurée).
      { op: 'set', feuille: F, cellule: 'L2', valeur: "=COUNTA(tblAutoEvaluation[Remarques / pistes d''amélioration])" },
    ]);
    const r = ldm('generate', f);
    expect(r.erreur).toBe('');
    expect(r.code).toBe(0);
    const i = inspecter(f).detail[F];
    expect(i.tableaux[T].colonnes).toEqual(['N°', 'Critères du label', 'Descripteur', 'Éléments de preuves, références', "Remarques / piste d'amélioration", 'Sans objet', 'Justification (sans objet)', 'Réseau uniquement', 'Statut', 'Critère']);
    expect([i.cellules.D19, i.cellules.E19, i.cellules.E25, i.cellules.J25]).toEqual(['Carte des formations 2026', 'Remarque écrite avant', 'Autre remarque', 2]);
    expect(i.cellules.L2).toBe("=COUNTA(tblAutoEvaluation[Remarques / piste d''amélioration])");
    // Sans le complément : LibreOffice recalcule statuts, complétude et la formule de l'utilisateur.
    const v = inspecter(recalculerAvecLibreOffice(f), true).detail[F].cellules;
    expect([v.I19, v.I20, v.D7, v.L2]).toEqual(['Documenté', 'Preuve manquante', 'Critère 1 : 1/5 descripteurs documentés', 2]);
    expect(JSON.parse(ldm('check', f, '--json').sortie).findings.filter((x: { kind: string }) => x.kind === 'preuve-manquante')).toHaveLength(41); // 46 - 4 du réseau - 1 documenté
  });

  it('le tableau qui s’élargit recouvrirait une note : rien n’est écrit, la cellule est nommée', () => {
    const f = path.join(dossierTemporaire(), 'note.xlsx');
    ancienneGrille(f, [
      { op: 'set', feuille: F, cellule: 'E19', valeur: 'Remarque écrite avant' },
      { op: 'set', feuille: F, cellule: 'J30', valeur: 'ma note à côté du tableau' },
    ]);
    const avant = empreinte(f);
    const r = ldm('generate', f);
    expect(r.code).not.toBe(0);
    expect(r.erreur).toContain('feuille « LDM 003 Auto-évaluation », J30 : « ma note à côté du tableau » est là où le tableau « tblAutoEvaluation » s\'agrandit');
    expect(r.erreur).toContain('Déplacez ce contenu plus à droite ou sur une autre feuille');
    expect(empreinte(f)).toBe(avant);
  });
});
