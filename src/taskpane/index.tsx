import './configurationFluent';
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { initializeIcons } from '@fluentui/font-icons-mdl2';
import { App } from './App';
import { detecterMode } from './mode';
import { serviceExcel, serviceNavigateur } from './services';

// Icônes des barres de message et des listes : police servie par le complément lui-même (dossier fonts/).
initializeIcons(new URL('fonts/', document.baseURI).href, { disableWarnings: true });

void detecterMode().then((mode) => {
  const service = mode === 'excel' ? serviceExcel() : serviceNavigateur();
  document.body.dataset.mode = mode;
  createRoot(document.getElementById('racine')!).render(<App service={service} />);
});
