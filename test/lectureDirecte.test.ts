/**
 * La lecture directe du paquet (consolidation) rend ce que l'adaptateur ExcelJS rendait : sur de vrais dossiers
 * (démonstration, retouché par openpyxl avec un tableau lié, passé par LibreOffice) et sur des centaines de versions
 * abîmées de ceux-ci, chaque classeur accepté donne exactement le même résumé d'établissement, et chaque refus a sa
 * raison en français.
 */
import { readFileSync } from 'fs';
import path from 'path';
import { chargerClasseur } from '../src/adapters/exceljs/fichier';
import { portExcelJS } from '../src/adapters/exceljs/port';
import { portLectureDirecte } from '../src/adapters/paquet/port';
import { ClasseurDirect } from '../src/adapters/paquet/lecteurDirect';
import { demandeLectureGeneration } from '../src/core/usages/generation';
import { suiteDeLecture } from '../src/core/usages/operations';
import { EtablissementConsolide, lireEtablissement } from '../src/core/consolidation/lecture';
import { referentielNational } from '../src/core/referentiel';
import { ErreurPilote } from '../src/core/erreurs';
import { MUTATIONS, aleatoire } from './fuzz/mutations';
import { dossierTemporaire, dossiersReels } from './outils';

const AUJOURDHUI = { annee: 2027, mois: 11, jour: 25 };
type Issue = { accepte: EtablissementConsolide & { modifieLe?: string } } | { refus: string };

async function parExcelJS(contenu: Uint8Array, nom: string): Promise<Issue> {
  try {
    const { classeur, modifieLe } = await chargerClasseur(contenu, nom);
    const lu = await portExcelJS(classeur, { contenu, nom }).lire(demandeLectureGeneration(), (l) => suiteDeLecture(l));
    return { accepte: { ...lireEtablissement(lu, nom, AUJOURDHUI, referentielNational), modifieLe: modifieLe?.toISOString() } };
  } catch (e) {
    return { refus: e instanceof ErreurPilote ? e.message : `inattendu : ${String(e)}` };
  }
}

async function parLectureDirecte(contenu: Uint8Array, nom: string): Promise<Issue> {
  try {
    const direct = new ClasseurDirect(contenu, nom);
    const lu = await portLectureDirecte(contenu, nom, direct).lire(demandeLectureGeneration(), (l) => suiteDeLecture(l));
    return { accepte: { ...lireEtablissement(lu, nom, AUJOURDHUI, referentielNational), modifieLe: direct.modifieLe()?.toISOString() } };
  } catch (e) {
    return { refus: e instanceof ErreurPilote ? e.message : `inattendu : ${String(e)}` };
  }
}

describe('lecture directe du paquet, comparée à ExcelJS', () => {
  it('même résumé pour chaque classeur accepté, une raison en français pour chaque refus (vrais dossiers et 240 versions abîmées)', async () => {
    const d = dossierTemporaire('direct-');
    const { demo, retouche, libreoffice, liaison } = dossiersReels(d, 'Preuve 😀 _x0041_ & <b> longue '.repeat(20), [
      { op: 'set', feuille: "Grille d'audit", cellule: 'H19', valeur: 'Écart : « = » et ✓' },
      { op: 'set', feuille: "Grille d'audit", cellule: 'C6', valeur: '2027-03-25', date: true },
      { op: 'set', feuille: 'Indicateurs', cellule: 'C17', valeur: 'Effectif' },
      { op: 'set', feuille: 'Indicateurs', cellule: 'F17', valeur: 'Plus haut = mieux' },
      { op: 'set', feuille: 'Indicateurs', cellule: 'I17', valeur: 350 },
      { op: 'set', feuille: 'Indicateurs', cellule: 'K17', valeur: 400 },
    ]);
    expect(liaison.code).toBe(0);

    const sources = [demo, retouche, libreoffice];
    const hasard = aleatoire(20261127);
    const noms = Object.keys(MUTATIONS);
    const cas: Array<{ nom: string; octets: Uint8Array; quoi?: string }> = sources.map((s) => ({ nom: path.basename(s), octets: new Uint8Array(readFileSync(s)) }));
    for (const s of sources) {
      const octets = new Uint8Array(readFileSync(s));
      for (let i = 0; i < 80; i++) {
        const mutation = noms[(i + Math.floor(hasard() * noms.length)) % noms.length];
        const r = await MUTATIONS[mutation](octets, hasard).catch(() => ({ octets: octets.slice(0, Math.floor(octets.length / 2)), description: 'coupé' }));
        cas.push({ nom: `${path.basename(s, '.xlsx')}-${i}-${mutation}.xlsx`, octets: r.octets, quoi: r.description });
      }
    }

    const differences: string[] = [];
    let acceptes = 0;
    let refusesDesDeux = 0;
    let refusesDirectSeul = 0;
    let refusesExcelJSSeul = 0;
    for (const c of cas) {
      const [a, b] = [await parExcelJS(c.octets, c.nom), await parLectureDirecte(c.octets, c.nom)];
      if ('refus' in b) expect(b.refus).not.toMatch(/inattendu|TypeError|undefined|Cannot/);
      if ('accepte' in a && 'accepte' in b) {
        acceptes++;
        if (JSON.stringify(a.accepte) !== JSON.stringify(b.accepte)) differences.push(`${c.nom} (${c.quoi}) : ExcelJS ${JSON.stringify(a.accepte).slice(0, 400)}\n   direct  ${JSON.stringify(b.accepte).slice(0, 400)}`);
      } else if ('refus' in a && 'refus' in b) refusesDesDeux++;
      else if ('refus' in b) refusesDirectSeul++;
      else refusesExcelJSSeul++;
    }
    console.log(
      `Lecture directe / ExcelJS sur ${cas.length} classeurs : ${acceptes} acceptés par les deux (résumés comparés), ${refusesDesDeux} refusés par les deux, ` +
        `${refusesDirectSeul} refusés par la lecture directe seule, ${refusesExcelJSSeul} refusés par ExcelJS seul`,
    );
    expect(differences).toEqual([]);
    expect(acceptes).toBeGreaterThanOrEqual(3);
    // Les trois vrais dossiers sont acceptés par les deux lectures.
    for (const s of sources) expect('accepte' in (await parLectureDirecte(new Uint8Array(readFileSync(s)), path.basename(s)))).toBe(true);
  });
});
