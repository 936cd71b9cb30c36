import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { detecterMode } from './mode';
import { serviceExcel, serviceNavigateur } from './services';

void detecterMode().then((mode) => {
  const service = mode === 'excel' ? serviceExcel() : serviceNavigateur();
  document.body.dataset.mode = mode;
  createRoot(document.getElementById('racine')!).render(<App service={service} />);
});
