import './configurationFluent';
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { initializeIcons } from '@fluentui/font-icons-mdl2';
import { ProgressIndicator } from '@fluentui/react';
import { App } from './App';
import { detecterMode } from './mode';
import { appliquerThemeOffice } from './theme';
import { serviceExcel, serviceNavigateur } from './services';

// Icônes des barres de message et des listes : police servie par le complément lui-même (dossier fonts/).
initializeIcons(new URL('fonts/', document.baseURI).href, { disableWarnings: true });

// Le volet s'affiche tout de suite ; il passe en mode Excel ou navigateur quand Office répond (ou après un délai court).
const racine = createRoot(document.getElementById('racine')!);
racine.render(
  <main style={{ padding: 16 }}>
    <ProgressIndicator label="Pilote LDM" description="Connexion à Excel…" />
  </main>,
);
void detecterMode(2500).then((mode) => {
  if (mode === 'excel') appliquerThemeOffice();
  const service = mode === 'excel' ? serviceExcel() : serviceNavigateur();
  document.body.dataset.mode = mode;
  racine.render(<App service={service} />);
});
