import path from 'path';
import { dossierTemporaire, inspecter, ldm, modifier, recalculerAvecLibreOffice } from './outils';

const I = 'Indicateurs';
const E = 'Effectifs';

/** Un plan sur 2020-2025, un indicateur d'absentéisme, et le tableau de l'établissement avec ses cinq années. */
function classeurLie(): string {
  const f = path.join(dossierTemporaire(), 'lie.xlsx');
  expect(ldm('generate', f, '--sheets', 'plan', '--annee', '2020-2021').code).toBe(0);
  modifier(f, [
    { op: 'set', feuille: I, cellule: 'B17', valeur: 7 },
    { op: 'set', feuille: I, cellule: 'C17', valeur: "Taux d'absentéisme" },
    { op: 'set', feuille: I, cellule: 'F17', valeur: 'Plus bas = mieux' },
    { op: 'set', feuille: I, cellule: 'I17', valeur: 12 },
    { op: 'set', feuille: I, cellule: 'K17', valeur: 10 },
    { op: 'set', feuille: I, cellule: 'N17', valeur: 9 },
    { op: 'set', feuille: I, cellule: 'Q17', valeur: 8 },
    {
      op: 'tableau',
      feuille: E,
      nom: 'tblAbsences',
      lignes: [
        ['Année', 'Élèves', 'Taux'],
        ['2020-2021', 410, 9.5],
        ['2021/2022', 402, 9.8],
        ['2022-2023', 398, 7.1],
      ],
    },
  ]);
  const r = ldm('bind', f, '--indicateur', '1', '--table', 'tblAbsences', '--colonne', 'Taux', '--colonne-annee', 'Année');
  expect(r.erreur).toBe('');
  expect(r.code).toBe(0);
  return f;
}

describe('indicateur lié à un tableau de l’établissement', () => {
  it('les mesures viennent du tableau par des formules Excel, lues aussi par LibreOffice et ldm check', () => {
    const f = classeurLie();
    const i = inspecter(f);
    expect(String(i.detail[I].cellules.L17)).toMatch(/^=IFERROR\(INDEX\(tblAbsences\[Taux\],MATCH\("2020-2021",tblAbsences\[Année\],0\)\)/);
    expect(i.detail[I].cellules.AA17).toBe('tblAbsences[Taux], année lue dans [Année]');
    expect(i.detail['Pilote LDM'].cellules).toEqual(expect.objectContaining({}));
    const v = inspecter(recalculerAvecLibreOffice(f), true).detail[I].cellules;
    expect([v.L17, v.O17, v.R17]).toEqual([9.5, 9.8, 7.1]);
    expect([v.M17, v.P17, v.S17, v.V17]).toEqual(['Atteint', 'En retard sur la cible', 'Atteint', 'Mesure manquante']);
    const j = JSON.parse(ldm('check', f, '--json', '--today', '2026-11-25').sortie);
    const ind = j.findings.filter((x: { indicateur?: number }) => x.indicateur === 1);
    expect(ind.map((x: { kind: string; annee: string }) => `${x.kind} ${x.annee}`)).toEqual([
      'indicateur-hors-cible 2021-2022',
      'mesure-manquante 2023-2024',
      'mesure-manquante 2024-2025',
    ]);
    expect(ind[0].message).toContain('mesure 9,8');
  });

  it('garde les formules liées en régénérant, et suit un tableau renommé', () => {
    const f = classeurLie();
    modifier(f, [{ op: 'renommer_tableau', feuille: E, nom: 'tblAbsences', nouveau: 'tblAbsenteisme' }]);
    const avant = JSON.parse(ldm('check', f, '--json', '--today', '2026-11-25').sortie);
    expect(avant.findings.filter((x: { kind: string }) => x.kind === 'liaison-rompue')).toEqual([]);
    expect(ldm('generate', f).code).toBe(0);
    const i = inspecter(f);
    expect(String(i.detail[I].cellules.L17)).toContain('tblAbsenteisme[Taux]');
    expect(i.detail[I].cellules.AA17).toBe('tblAbsenteisme[Taux], année lue dans [Année]');
    const v = inspecter(recalculerAvecLibreOffice(f), true).detail[I].cellules;
    expect([v.L17, v.O17, v.R17]).toEqual([9.5, 9.8, 7.1]);
  });

  it('signale une liaison rompue quand la colonne a disparu, avec la cellule et quoi faire', () => {
    const f = classeurLie();
    modifier(f, [{ op: 'supprimer_colonne', feuille: E, nom: 'tblAbsences', colonne: 3 }]);
    const j = JSON.parse(ldm('check', f, '--json', '--today', '2026-11-25').sortie);
    const rompues = j.findings.filter((x: { kind: string }) => x.kind === 'liaison-rompue');
    expect(rompues).toHaveLength(1);
    expect(rompues[0]).toMatchObject({ sheet: I, cell: 'AA17', indicateur: 1 });
    expect(rompues[0].message).toContain('la colonne « Taux » du tableau « tblAbsences »');
    expect(ldm('generate', f).code).toBe(0);
    expect(String(inspecter(f).detail[I].cellules.AA17)).toMatch(/^Liaison rompue : /);
  });

  it('la dernière ligne d’un tableau donne la mesure de l’année choisie', () => {
    const f = classeurLie();
    const r = ldm('bind', f, '--indicateur', '1', '--table', 'tblAbsences', '--colonne', 'Élèves', '--derniere-ligne', '--annee', '2022-2023');
    expect(r.code).toBe(0);
    const v = inspecter(recalculerAvecLibreOffice(f), true).detail[I].cellules;
    expect(v.R17).toBe(398);
  });

  it('refuse une liaison impossible, en disant pourquoi, sans toucher au fichier', () => {
    const f = classeurLie();
    const r1 = ldm('bind', f, '--indicateur', '1', '--table', 'tblInconnu', '--colonne', 'Taux', '--colonne-annee', 'Année');
    expect(r1.code).toBe(1);
    expect(r1.erreur).toContain('Tableaux disponibles : tblAbsences');
    const r2 = ldm('bind', f, '--indicateur', '9', '--table', 'tblAbsences', '--colonne', 'Taux', '--colonne-annee', 'Année');
    expect(r2.erreur).toContain("L'indicateur n°9 n'existe pas");
    const r3 = ldm('bind', f, '--indicateur', '1', '--table', 'tblAbsences', '--colonne', 'Absents', '--colonne-annee', 'Année');
    expect(r3.erreur).toContain("n'a pas de colonne « Absents »");
  });
});
