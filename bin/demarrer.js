#!/usr/bin/env node
// npm start / npm stop : chargement de version test dans Excel (office-addin-debugging, dépendance facultative).
const { spawnSync } = require('child_process');
const action = process.argv[2] === 'stop' ? 'stop' : 'start';
let cli;
try {
  cli = require.resolve('office-addin-debugging/cli.js');
} catch {
  console.error(
    [
      "Les outils de chargement de version test d'Office (office-addin-debugging) ne sont pas installés.",
      "Ils sont facultatifs : npm ci les saute quand leur module keytar ne peut pas être compilé.",
      'Pour les installer sous Debian ou Ubuntu :',
      '  sudo apt-get install libsecret-1-dev pkg-config',
      '  npm install --no-save office-addin-debugging office-addin-dev-certs',
      'Sans eux, le volet reste utilisable en mode navigateur (npm run dev-server) et la CLI ldm fonctionne.',
    ].join('\n'),
  );
  process.exit(1);
}
const r = spawnSync(process.execPath, [cli, action, 'manifest.xml', ...process.argv.slice(3)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
