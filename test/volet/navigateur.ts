import { chromium, Browser } from 'playwright-core';
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
