import { chromium, Browser } from 'playwright-core';
import path from 'path';
import { RACINE } from '../outils';
import { servir } from './serveur';
import { dossierTemporaire } from '../outils';

/** Le Chromium de Debian, jamais un navigateur téléchargé. */
export function lancerChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${dossierTemporaire('chromium-')}`,
    ].filter((a) => !a.startsWith('--user-data-dir')),
    // playwright gère lui-même le profil : --user-data-dir lui est interdit dans args.
  });
}

export const OFFICE_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/** Le volet construit (dist/) servi en local et un Chromium, pour tous les tests d'un fichier ; fermés à la fin. */
export function voletDansChromium(): { navigateur: Browser; site: Awaited<ReturnType<typeof servir>> } {
  const volet = {} as { navigateur: Browser; site: Awaited<ReturnType<typeof servir>> };
  beforeAll(async () => {
    volet.site = await servir(path.join(RACINE, 'dist'));
    volet.navigateur = await lancerChromium();
  });
  afterAll(async () => {
    await volet.navigateur?.close();
    await volet.site?.fermer();
  });
  return volet;
}
