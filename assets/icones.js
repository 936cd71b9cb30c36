// Refait les icônes du ruban (icone-16/32/64/80.png) depuis icone.svg, rendues par le Chromium de Debian.
// Usage : node assets/icones.js
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

(async () => {
  const svg = fs.readFileSync(path.join(__dirname, 'icone.svg'), 'utf8');
  const navigateur = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  for (const taille of [16, 32, 64, 80]) {
    const page = await navigateur.newPage({ viewport: { width: taille, height: taille } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${taille}" height="${taille}" `)}</body></html>`);
    await page.screenshot({ path: path.join(__dirname, `icone-${taille}.png`), omitBackground: true });
    await page.close();
  }
  await navigateur.close();
})();
