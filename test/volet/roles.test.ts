import { copyFileSync, readFileSync, statSync } from 'fs';
import { spawnSync } from 'child_process';
import path from 'path';
import { Page } from 'playwright-core';
import { dossierTemporaire, grilleDEquipe, inspecter, ldm, modifier } from '../outils';
import { OFFICE_CDN, voletDansChromium } from './navigateur';

/**
 * Le volet par rôle, ses fils de travail et sa politique de sécurité, dans Chromium (mode navigateur) :
 * onglets retenus, guide au premier passage, interface jamais gelée par un gros classeur, « Annuler »,
 * aucune violation de CSP ni requête hors de l'origine, accessibilité (axe-core).
 */
const volet = voletDansChromium();

async function ouvrir(page: Page): Promise<Page> {
  await page.route(OFFICE_CDN, (route) => route.abort('internetdisconnected'));
  await page.goto(`${volet.site.url}/taskpane.html`);
  await page.getByTestId('mode').waitFor();
  return page;
}

/** Les tâches longues du fil de l'interface (PerformanceObserver « longtask »), en ms. */
async function observerTachesLongues(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { longues: number[] };
    w.longues = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.longues.push(e.duration))).observe({ type: 'longtask' });
  });
  return () => page.evaluate(() => (window as unknown as { longues: number[] }).longues);
}

describe('volet organisé par rôle', () => {
  it('un onglet par rôle, le dernier retenu, un guide au premier passage, et la DRAFPIC sans formulaire d’établissement', async () => {
    const contexte = await volet.navigateur.newContext({ viewport: { width: 350, height: 800 } });
    const page = await ouvrir(await contexte.newPage());
    await expect(page.getByRole('tab', { name: 'Établissement' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.getByTestId('guide').innerText()).resolves.toContain('Choisissez le classeur de votre établissement');
    await page.getByRole('tab', { name: 'DRAFPIC' }).click();
    await expect(page.getByTestId('guide').innerText()).resolves.toContain('Choisissez les classeurs des établissements');
    // La DRAFPIC n'est pas accueillie par les avertissements du formulaire d'un lycée.
    await expect(page.getByLabel('Établissement', { exact: true }).count()).resolves.toBe(0);
    await expect(page.getByText('non renseigné', { exact: false }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Compris, ne plus afficher' }).click();
    await expect(page.getByTestId('guide').count()).resolves.toBe(0);
    await page.reload();
    await page.getByTestId('mode').waitFor();
    await expect(page.getByRole('tab', { name: 'DRAFPIC' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.getByTestId('guide').count()).resolves.toBe(0);
    await page.getByRole('tab', { name: 'Audit' }).click();
    await expect(page.getByTestId('guide').innerText()).resolves.toContain("Choisissez le classeur de l'établissement audité");
    await contexte.close();
  });
});

describe('volet dans Excel : thème Office', () => {
  it('prend le thème sombre d’Office : fond et texte du corps, onglets lisibles', async () => {
    const page = await volet.navigateur.newPage({ viewport: { width: 350, height: 800 } });
    // Un Office d'essai : hôte Excel, thème sombre ; Excel.run échoue (aucun classeur derrière), le volet le dit en français.
    await page.route(OFFICE_CDN, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: [
          'window.Office={HostType:{Excel:"Excel"},onReady:function(){return Promise.resolve({host:"Excel",platform:"OfficeOnline"});},',
          'context:{officeTheme:{bodyBackgroundColor:"#1F1F1F",bodyForegroundColor:"#F3F3F3"},requirements:{isSetSupported:function(){return true;}}}};',
          'window.Excel={run:function(){return Promise.reject(new Error("no workbook"));}};',
        ].join(''),
      }),
    );
    await page.goto(`${volet.site.url}/taskpane.html`);
    await page.getByTestId('mode').filter({ hasText: 'Mode Excel' }).waitFor();
    await expect(page.evaluate(() => getComputedStyle(document.body).backgroundColor)).resolves.toBe('rgb(31, 31, 31)');
    // Le bandeau de retour, collé en haut, prend le fond du thème (pas un rectangle blanc).
    await expect(page.getByTestId('retour').evaluate((e) => getComputedStyle(e).backgroundColor)).resolves.toBe('rgb(31, 31, 31)');
    const couleurOnglet = await page.getByRole('tab', { name: 'Audit' }).evaluate((e) => getComputedStyle(e).color);
    const [r, g, b] = (couleurOnglet.match(/\d+/g) ?? []).map(Number);
    expect((0.2126 * r + 0.7152 * g + 0.0722 * b) / 255).toBeGreaterThan(0.6);
    await expect(page.getByText('no workbook').count()).resolves.toBe(0);
    // L'audit en équipe se fait aussi dans Excel : la grille du référent est le classeur ouvert, rien à choisir.
    await page.getByRole('tab', { name: 'Audit' }).click();
    await expect(page.getByTestId('repartir').isEnabled()).resolves.toBe(true);
    await expect(page.getByTestId('fusionner').isEnabled()).resolves.toBe(true);
    await page.getByTestId('repartir').click();
    await page.getByTestId('retour').filter({ hasText: /Excel|classeur/ }).waitFor();
    await expect(page.getByText('no workbook').count()).resolves.toBe(0);
    await page.close();
  });
});

describe('volet : les classeurs sont lus et écrits hors du fil de l’interface', () => {
  it('un dossier de plus de 10 Mo s’ouvre et se régénère sans tâche de plus de 200 ms sur le fil de l’interface', async () => {
    const d = dossierTemporaire();
    const gros = path.join(d, 'gros.xlsx');
    expect(ldm('generate', gros, '--etablissement', 'Lycée Volumineux', '--rne', '0450051L').code).toBe(0);
    // Un onglet de données de l'établissement : 140 000 lignes de texte (sous la limite de 150 000 lignes par feuille) (écrit par openpyxl).
    const py = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        [
          'import openpyxl, sys',
          'wb = openpyxl.load_workbook(sys.argv[1])',
          'ws = wb.create_sheet("Historique")',
          'ws.append(["Année", "Élève", "Formation", "Entreprise", "Commentaire", "Observation", "Projet", "Remarque"])',
          'for i in range(140000): ws.append([2000 + i % 26, f"Élève {i:06d} {i*7919 % 104729}", f"Bac pro {i % 37}", f"Entreprise {i*31 % 9973} SARL", f"Suivi {i} : stage validé, rapport rendu le {i % 28 + 1}/06, appréciation {i*13 % 101}, tuteur {i*17 % 997}, visite {i % 12 + 1}/2026, compétences C{i % 9} acquises", f"Observation {i*29 % 100003} : assiduité {i % 20}/20", f"Projet {i*41 % 7919} — atelier {i % 53}, partenaire {i*3 % 211}", f"Remarque {i*7 % 65537}"])',
          'wb.save(sys.argv[1])',
        ].join('\n'),
        gros,
      ],
      { encoding: 'utf8' },
    );
    expect(py.stderr).toBe('');
    expect(statSync(gros).size).toBeGreaterThan(10 * 1024 * 1024);
    const page = await ouvrir(await volet.navigateur.newPage({ viewport: { width: 420, height: 900 } }));
    const longues = await observerTachesLongues(page);
    const debut = Date.now();
    await page.getByTestId('fichier').setInputFiles(gros);
    await page.getByText('Classeur : gros.xlsx').waitFor({ timeout: 60000 });
    await page.getByTestId('completude').waitFor({ timeout: 60000 });
    const duree = Date.now() - debut;
    await expect(page.getByLabel('Établissement', { exact: true }).inputValue()).resolves.toBe('Lycée Volumineux');
    // Régénérer réécrit tout le classeur (ExcelJS, plusieurs secondes) : toujours hors du fil de l'interface.
    const avantGeneration = Date.now();
    await page.getByTestId('generer').click();
    await page.getByTestId('telecharger').or(page.getByTestId('erreur')).waitFor({ timeout: 170000 });
    await expect(page.getByTestId('erreur').count()).resolves.toBe(0);
    const generation = Date.now() - avantGeneration;
    const taches = await longues();
    console.log(
      `dossier de ${(statSync(gros).size / 1048576).toFixed(1)} Mo ouvert en ${duree} ms, régénéré en ${generation} ms ; plus longue tâche du fil de l'interface : ${Math.max(0, ...taches).toFixed(0)} ms`,
    );
    expect(Math.max(0, ...taches)).toBeLessThan(200);
    await page.close();
  });

  it('la consolidation tourne dans des Web Workers : un clic est servi pendant la lecture, et « Annuler » l’arrête sans rien produire', async () => {
    const d = dossierTemporaire();
    const modele = path.join(d, 'modele.xlsx');
    expect(ldm('generate', modele, '--sheets', 'autoevaluation,plan,grille', '--etablissement', 'Lycée Modèle', '--rne', '0450051L').code).toBe(0);
    const fichiers = Array.from({ length: 400 }, (_, i) => {
      const f = path.join(d, `lycee-${String(i).padStart(3, '0')}.xlsx`);
      copyFileSync(modele, f);
      return f;
    });
    const page = await ouvrir(await volet.navigateur.newPage({ viewport: { width: 420, height: 900 } }));
    const requetes: string[] = [];
    page.on('request', (r) => requetes.push(r.url()));
    await page.getByRole('tab', { name: 'DRAFPIC' }).click();
    await page.getByTestId('a-consolider').setInputFiles(fichiers);
    const longues = await observerTachesLongues(page);
    await page.getByTestId('consolider').click();
    await page.getByText(/\d+ \/ 400 classeurs lus/).waitFor({ timeout: 30000 });
    // Pendant la lecture, l'interface répond : changer d'onglet est immédiat.
    const avant = Date.now();
    await page.getByRole('tab', { name: 'Établissement' }).click();
    await expect(page.getByRole('tab', { name: 'Établissement' }).getAttribute('aria-selected')).resolves.toBe('true');
    const reponse = Date.now() - avant;
    await page.getByRole('tab', { name: 'DRAFPIC' }).click();
    await page.getByTestId('annuler').click();
    await page.getByTestId('annulee').waitFor({ timeout: 10000 });
    await expect(page.getByTestId('consolidation').count()).resolves.toBe(0);
    await expect(page.getByTestId('telecharger-consolidation').count()).resolves.toBe(0);
    console.log(`clic servi en ${reponse} ms pendant la consolidation ; plus longue tâche : ${Math.max(0, ...(await longues())).toFixed(0)} ms`);
    expect(reponse).toBeLessThan(1000);
    expect(Math.max(0, ...(await longues()))).toBeLessThan(200);
    expect(requetes.some((u) => u.endsWith('/travailleur.js'))).toBe(true);
    // Relancée, elle va au bout : 1 établissement retenu (même RNE partout), 399 copies écartées avec la raison.
    await page.getByTestId('consolider').click();
    await page.getByTestId('consolidation').waitFor({ timeout: 120000 });
    await expect(page.getByTestId('consolidation').innerText()).resolves.toContain('1 établissement(s) consolidé(s)');
    await expect(page.getByTestId('anomalies-fichiers').locator('li').count()).resolves.toBe(399);
    await page.close();
  });
});

describe('volet : sécurité et accessibilité', () => {
  it('CSP dans la page, aucune violation ni requête hors de l’origine et d’office.js en parcourant les trois rôles', async () => {
    const d = dossierTemporaire();
    const a = path.join(d, 'lycee.xlsx');
    expect(ldm('generate', a, '--sheets', 'autoevaluation,plan,grille', '--etablissement', 'Lycée CSP', '--rne', '0450051L').code).toBe(0);
    const page = await volet.navigateur.newPage({ acceptDownloads: true, viewport: { width: 420, height: 900 } });
    const requetes: string[] = [];
    page.on('request', (r) => requetes.push(r.url()));
    await page.addInitScript(() => {
      const w = window as unknown as { violations: string[] };
      w.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await ouvrir(page);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // Un script en ligne injecté est bloqué.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.injecte = true';
      document.body.appendChild(s);
    });
    await expect(page.evaluate(() => (window as unknown as { injecte?: boolean }).injecte)).resolves.toBeUndefined();
    await page.evaluate(() => ((window as unknown as { violations: string[] }).violations = []));

    await page.getByTestId('fichier').setInputFiles(a);
    await page.getByTestId('completude').waitFor({ timeout: 60000 });
    await page.getByTestId('generer').click();
    await page.getByTestId('telecharger').waitFor({ timeout: 60000 });
    await page.getByRole('tab', { name: 'Audit' }).click();
    await page.getByTestId('produire-rapport').click();
    await page.getByTestId('anomalies').or(page.getByTestId('erreur')).waitFor({ timeout: 60000 });
    await page.getByRole('tab', { name: 'DRAFPIC' }).click();
    await page.getByTestId('a-consolider').setInputFiles([a]);
    await page.getByTestId('consolider').click();
    await page.getByTestId('consolidation').waitFor({ timeout: 60000 });
    await expect(page.evaluate(() => (window as unknown as { violations: string[] }).violations)).resolves.toEqual([]);
    const ailleurs = requetes.filter((u) => !u.startsWith(volet.site.url) && !u.startsWith('https://appsforoffice.microsoft.com/'));
    expect(ailleurs).toEqual([]);
    await page.close();
  });

  it('axe-core : aucune violation grave ou critique, dans chaque rôle', async () => {
    // axe s'injecte en ligne : la CSP de la page est contournée pour ce seul test.
    const contexte = await volet.navigateur.newContext({ bypassCSP: true, viewport: { width: 420, height: 900 } });
    const page = await ouvrir(await contexte.newPage());
    const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    await page.addScriptTag({ content: axe });
    const resultats: Record<string, string[]> = {};
    for (const nom of ['Établissement', 'Audit', 'DRAFPIC']) {
      await page.getByRole('tab', { name: nom }).click();
      const v = await page.evaluate(async () => {
        const r = await (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run(document);
        return r.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => `${x.id} (${x.impact}, ${x.nodes.length})`);
      });
      resultats[nom] = v;
    }
    expect(resultats).toEqual({ Établissement: [], Audit: [], DRAFPIC: [] });
    await contexte.close();
  });
});

describe('volet : audit en équipe (mode navigateur)', () => {
  it('répartit (une copie par auditeur à télécharger), puis fusionne les copies remplies : le désaccord est à arbitrer', async () => {
    const d = dossierTemporaire();
    const grille = path.join(d, 'grille.xlsx');
    const G = "Grille d'audit";
    grilleDEquipe(grille, 'Lycée Équipe');
    const page = await ouvrir(await volet.navigateur.newPage({ acceptDownloads: true, viewport: { width: 420, height: 900 } }));
    await page.getByRole('tab', { name: 'Audit' }).click();
    await page.getByTestId('fichier').setInputFiles(grille);
    await page.getByText('Classeur : grille.xlsx').waitFor();
    await page.getByTestId('repartir').click();
    const boutons = page.getByTestId('telecharger-copie');
    await boutons.first().waitFor({ timeout: 60000 });
    await expect(boutons.allInnerTexts()).resolves.toEqual(['Copie de Mme Référente (critères 1, 4, 7)', 'Copie de M. Co (critères 2, 5, 8)', 'Copie de Mme Tierce (critères 3, 6)']);
    const copies: string[] = [];
    for (let i = 0; i < 2; i++) {
      const [t] = await Promise.all([page.waitForEvent('download'), boutons.nth(i).click()]);
      const f = path.join(d, t.suggestedFilename());
      await t.saveAs(f);
      copies.push(f);
    }
    expect(copies.map((f) => path.basename(f))).toEqual(["Grille d'audit - 0450051L - Mme Référente.xlsx", "Grille d'audit - 0450051L - M. Co.xlsx"]);
    modifier(copies[0], [{ op: 'set', feuille: G, cellule: 'E17', valeur: 'x' }, { op: 'set', feuille: G, cellule: 'E18', valeur: 'x' }]);
    modifier(copies[1], [{ op: 'set', feuille: G, cellule: 'E17', valeur: 'x' }, { op: 'set', feuille: G, cellule: 'G18', valeur: 'x' }, { op: 'set', feuille: G, cellule: 'H18', valeur: 'Écart constaté' }]);
    await page.getByTestId('copies-auditeurs').setInputFiles(copies);
    await page.getByTestId('fusionner').click();
    await page.getByTestId('fusion').waitFor({ timeout: 60000 });
    await expect(page.getByTestId('fusion').innerText()).resolves.toContain('2 copie(s) fusionnée(s) : 1 descripteur(s) en accord, 1 en désaccord dont 1 à arbitrer');
    const [t] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger-fusion').click()]);
    const recu = path.join(d, 'fusionnee.xlsx');
    await t.saveAs(recu);
    const i = inspecter(recu);
    expect(i.detail.Arbitrage.cellules.A5).toBe(2);
    expect(i.detail[G].cellules.E17).toBe('x');
    await page.close();
  });
});

describe('volet : fiches action et engagement (mode navigateur)', () => {
  it('produit la fiche action LDM 005 de l’action choisie par son N°, dans le classeur téléchargé', async () => {
    const d = dossierTemporaire();
    const demo = path.join(d, 'demo.xlsx');
    expect(ldm('demo', demo).code).toBe(0);
    const page = await ouvrir(await volet.navigateur.newPage({ acceptDownloads: true, viewport: { width: 420, height: 900 } }));
    await page.getByTestId('fichier').setInputFiles(demo);
    await page.getByText('Classeur : demo.xlsx').waitFor();
    await page.getByTestId('numero-action').fill('2');
    await page.getByTestId('fiche-action').click();
    await page.getByTestId('fiche-produite').waitFor({ timeout: 60000 });
    await expect(page.getByTestId('retour-succes').innerText()).resolves.toContain('Feuille « LDM 005 Action 2 » écrite');
    const [t] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger-fiche').click()]);
    const recu = path.join(d, 'recu.xlsx');
    await t.saveAs(recu);
    expect(inspecter(recu).feuilles).toContain('LDM 005 Action 2');
    await page.close();
  });
});
