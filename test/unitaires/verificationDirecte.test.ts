import { readFileSync } from 'fs';
import path from 'path';
import { verifierClasseur, lireIdentite } from '../../src/adapters/exceljs/service';
import { portLectureDirecte } from '../../src/adapters/paquet/port';
import { lireIdentite as lireIdentitePort, verifier } from '../../src/core/usages/operations';
import { dateCivileDe } from '../../src/core/modele/dates';
import { dossierTemporaire, dossiersReels } from '../outils';

/**
 * Le volet vérifie un classeur choisi avec le lecteur direct (seules les parties utiles sont décompressées) :
 * il doit dire exactement ce que dit la lecture complète par ExcelJS, sur des dossiers réels.
 */
describe('vérification par lecture directe, comme par ExcelJS', () => {
  const d = dossierTemporaire();
  const reels = dossiersReels(d, 'Carte des formations 2026');
  const aujourdhui = dateCivileDe(new Date(2027, 4, 15));
  it.each(['demo', 'retouche', 'libreoffice'] as const)('%s : mêmes constats, complétude, plan et identité', async (cas) => {
    const chemin = reels[cas];
    const contenu = new Uint8Array(readFileSync(chemin));
    const nom = path.basename(chemin);
    const attendu = await verifierClasseur(contenu, nom, aujourdhui);
    const direct = await verifier(portLectureDirecte(contenu, nom), aujourdhui);
    expect(direct).toEqual(attendu);
    expect(attendu.constats.length).toBeGreaterThan(0);
    await expect(lireIdentitePort(portLectureDirecte(contenu, nom))).resolves.toEqual(await lireIdentite(contenu, nom));
  });
});
