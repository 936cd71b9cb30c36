import { readFileSync } from 'fs';
import path from 'path';
import { Browser, Page } from 'playwright-core';
import { RACINE, dossierTemporaire, inspecter, ldm, modifier } from '../outils';
import { OFFICE_CDN, lancerChromium } from './navigateur';
import { servir } from './serveur';

const F = 'LDM 003 Auto-évaluation';
let navigateur: Browser;
let site: Awaited<ReturnType<typeof servir>>;

beforeAll(async () => {
  site = await servir(path.join(RACINE, 'dist'));
  navigateur = await lancerChromium();
});
afterAll(async () => {
  await navigateur?.close();
  await site?.fermer();
});

async function ouvrir(officeJs: 'absent' | 'hors-office'): Promise<Page> {
  const page = await navigateur.newPage({ acceptDownloads: true, viewport: { width: 420, height: 1100 } });
  await page.route(OFFICE_CDN, (route) =>
    officeJs === 'absent'
      ? route.abort('internetdisconnected')
      : // office.js chargé dans un navigateur ordinaire : onReady répond sans hôte.
        route.fulfill({ contentType: 'text/javascript', body: 'window.Office={HostType:{Excel:"Excel"},onReady:function(){return Promise.resolve({host:null,platform:null});}};' }),
  );
  await page.goto(`${site.url}/taskpane.html`);
  await page.getByTestId('mode').waitFor();
  return page;
}

describe('volet des tâches dans Chromium (mode navigateur)', () => {
  it.each(['absent', 'hors-office'] as const)('dit qu’il est en mode navigateur quand office.js est %s', async (cas) => {
    const page = await ouvrir(cas);
    await expect(page.getByTestId('mode').innerText()).resolves.toContain('Mode navigateur');
    await page.close();
  });

  it('régénère un classeur choisi, liste les preuves manquantes, et le fichier téléchargé garde les saisies', async () => {
    const dossier = dossierTemporaire();
    const source = path.join(dossier, 'lycee.xlsx');
    expect(ldm('generate', source, '--etablissement', 'Lycée Volet').code).toBe(0);
    modifier(source, [
      { op: 'set', feuille: F, cellule: 'D19', valeur: 'Carte des formations' },
      { op: 'set', feuille: F, cellule: 'D20', valeur: 'Diagnostic ORION' },
    ]);
    const page = await ouvrir('absent');
    await page.getByTestId('fichier').setInputFiles(source);
    await page.getByText('Classeur : lycee.xlsx').waitFor();
    // L'identité enregistrée dans le classeur préremplit le formulaire.
    await expect(page.getByLabel('Établissement').inputValue()).resolves.toBe('Lycée Volet');
    await page.getByLabel('Établissement').fill('Lycée Volet (renommé)');
    await page.getByLabel('N° RNE').fill('0450051L');
    await page.getByTestId('generer').click();
    await page.getByTestId('resultat').waitFor({ timeout: 60000 });
    await expect(page.getByTestId('resultat').innerText()).resolves.toContain('toutes les saisies ont été conservées');
    await expect(page.getByTestId('completude').innerText()).resolves.toContain('Critère 1 : 2/5 descripteurs documentés');
    const constats = page.getByTestId('constats').locator('button');
    await expect(constats.first().innerText()).resolves.toContain('D21');
    await expect(constats.count()).resolves.toBe(40);
    await constats.first().click();
    await expect(page.getByTestId('selection').innerText()).resolves.toContain(`Feuille « ${F} », cellule D21`);
    await page.screenshot({ path: path.join(dossier, 'volet.png'), fullPage: true });

    const [telechargement] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger').click()]);
    expect(telechargement.suggestedFilename()).toBe('lycee.xlsx');
    const recu = path.join(dossier, 'recu.xlsx');
    await telechargement.saveAs(recu);
    expect(readFileSync(recu).subarray(0, 2).toString()).toBe('PK');
    const i = inspecter(recu);
    expect(i.detail[F].cellules.D19).toBe('Carte des formations');
    expect(i.detail[F].cellules.D20).toBe('Diagnostic ORION');
    expect(i.detail['Pilote LDM'].cellules.C4).toBe('Lycée Volet (renommé)');
    expect(i.detail['Pilote LDM'].cellules.C5).toBe('0450051L');
    expect(i.detail[F].tableaux.tblAutoEvaluation.ref).toBe('A18:I64');
    await page.close();
  });

  it('crée un classeur neuf sans fichier choisi, et refuse un fichier qui n’est pas un classeur avec un message en français', async () => {
    const page = await ouvrir('absent');
    await page.getByLabel('Établissement').fill('Lycée Neuf');
    await page.getByTestId('generer').click();
    await page.getByTestId('resultat').waitFor({ timeout: 60000 });
    await expect(page.getByTestId('resultat').innerText()).resolves.toContain('Grille créée');
    await expect(page.getByTestId('constats').locator('button').count()).resolves.toBe(42);

    const faux = path.join(dossierTemporaire(), 'rapport.xlsx');
    require('fs').writeFileSync(faux, 'ceci est du texte');
    await page.getByTestId('fichier').setInputFiles(faux);
    await page.getByTestId('generer').click();
    await page.getByTestId('erreur').waitFor();
    await expect(page.getByTestId('erreur').innerText()).resolves.toContain("n'est pas un classeur Excel .xlsx");
    await page.close();
  });
});
