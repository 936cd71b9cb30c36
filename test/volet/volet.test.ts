import { copyFileSync, readFileSync, writeFileSync } from 'fs';
import path from 'path';
import { Page } from 'playwright-core';
import { Operation, RACINE, dossierTemporaire, inspecter, ldm, modifier, signaturesDeStyle } from '../outils';
import { OFFICE_CDN, voletDansChromium } from './navigateur';

const F = 'LDM 003 Auto-évaluation';
const volet = voletDansChromium();

/** Capture d'écran du volet ; avec LDM_CAPTURES=1, elle remplace celle du README (assets/captures). */
async function capture(page: Page, chemin: string, pourLeReadme: string): Promise<void> {
  await page.screenshot({ path: chemin, fullPage: true });
  if (process.env.LDM_CAPTURES) copyFileSync(chemin, path.join(RACINE, 'assets', 'captures', pourLeReadme));
}

/** Passe au rôle voulu (onglets Établissement, Audit, DRAFPIC). */
async function role(page: Page, nom: 'Établissement' | 'Audit' | 'DRAFPIC'): Promise<void> {
  await page.getByRole('tab', { name: nom }).click();
}

/**
 * Deux lycées dans `dossier` : A (grille d'audit) et B (les feuilles `feuillesB`) ; avec `constatA`, une NC au
 * descripteur 1 de A portant ce constat.
 */
function lyceesAetB(dossier: string, feuillesB = 'grille', constatA?: string): { a: string; b: string } {
  const a = path.join(dossier, 'lycee-a.xlsx');
  const b = path.join(dossier, 'lycee-b.xlsx');
  expect(ldm('generate', a, '--sheets', 'grille', '--etablissement', 'Lycée A', '--rne', '0450051L').code).toBe(0);
  expect(ldm('generate', b, '--sheets', feuillesB, '--etablissement', 'Lycée B', '--rne', '0750654D').code).toBe(0);
  if (constatA) {
    modifier(a, [
      { op: 'set', feuille: "Grille d'audit", cellule: 'G17', valeur: 'x' },
      { op: 'set', feuille: "Grille d'audit", cellule: 'H17', valeur: constatA },
    ]);
  }
  return { a, b };
}

async function ouvrir(officeJs: 'absent' | 'hors-office'): Promise<Page> {
  const page = await volet.navigateur.newPage({ acceptDownloads: true, viewport: { width: 420, height: 1100 } });
  await page.route(OFFICE_CDN, (route) =>
    officeJs === 'absent'
      ? route.abort('internetdisconnected')
      : // office.js chargé dans un navigateur ordinaire : onReady répond sans hôte.
        route.fulfill({ contentType: 'text/javascript', body: 'window.Office={HostType:{Excel:"Excel"},onReady:function(){return Promise.resolve({host:null,platform:null});}};' }),
  );
  await page.goto(`${volet.site.url}/taskpane.html`);
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
    // L'identité enregistrée dans le classeur préremplit le formulaire, et son état s'affiche avant toute génération.
    await expect(page.getByLabel('Établissement', { exact: true }).inputValue()).resolves.toBe('Lycée Volet');
    await page.getByTestId('completude').waitFor();
    await expect(page.getByTestId('completude').innerText()).resolves.toContain('Critère 1 : 2/5 descripteurs documentés');
    await expect(page.getByTestId('resultat').innerText()).resolves.not.toContain('Télécharger');
    await page.getByLabel('Établissement', { exact: true }).fill('Lycée Volet (renommé)');
    await page.getByLabel('N° RNE').fill('0450051L');
    await page.getByTestId('generer').click();
    await page.getByText('toutes les saisies ont été conservées', { exact: false }).waitFor({ timeout: 60000 });
    await expect(page.getByTestId('completude').innerText()).resolves.toContain('Critère 1 : 2/5 descripteurs documentés');
    const constats = page.getByTestId('constats').locator('button');
    await expect(constats.first().innerText()).resolves.toContain('D21');
    await expect(constats.count()).resolves.toBe(40);
    // Filtrer : par cellule ou par un mot du message.
    await page.getByTestId('constats-filtre').fill('D23');
    await expect(constats.count()).resolves.toBe(1);
    await page.getByTestId('constats-filtre').fill('');
    await expect(constats.count()).resolves.toBe(40);
    await constats.first().click();
    await expect(page.getByTestId('selection').innerText()).resolves.toContain(`Feuille « ${F} », cellule D21`);
    await capture(page, path.join(dossier, 'volet.png'), 'volet-navigateur.png');

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
    expect(i.detail[F].tableaux.tblAutoEvaluation.ref).toBe('A18:J64');
    await page.close();
  });

  it('crée un classeur neuf sans fichier choisi, et refuse un fichier qui n’est pas un classeur avec un message en français', async () => {
    const page = await ouvrir('absent');
    await page.getByLabel('Établissement', { exact: true }).fill('Lycée Neuf');
    await page.getByTestId('generer').click();
    await page.getByTestId('resultat').waitFor({ timeout: 60000 });
    await expect(page.getByTestId('resultat').innerText()).resolves.toContain("Grille d'auto-évaluation (LDM 003) créée.");
    await expect(page.getByTestId('constats').locator('button').count()).resolves.toBe(42);
    // Le classeur neuf porte le nom de l'établissement et la date ; un double clic ne télécharge qu'une fois.
    const telechargements: string[] = [];
    page.on('download', (d) => telechargements.push(d.suggestedFilename()));
    await page.getByTestId('telecharger').dblclick();
    await page.waitForTimeout(500);
    expect(telechargements).toHaveLength(1);
    expect(telechargements[0]).toMatch(/^LDM - Lycée Neuf - \d{4}-\d{2}-\d{2}\.xlsx$/);

    const faux = path.join(dossierTemporaire(), 'rapport.xlsx');
    writeFileSync(faux, 'ceci est du texte');
    await page.getByTestId('fichier').setInputFiles(faux);
    // Refusé dès qu'il est choisi : le message est en haut, visible et focalisé ; le fichier n'est pas retenu.
    await page.getByTestId('erreur').waitFor();
    await expect(page.getByTestId('erreur').innerText()).resolves.toContain("n'est pas un classeur Excel .xlsx");
    await expect(page.getByText('Aucun classeur : un nouveau sera créé.').count()).resolves.toBe(1);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('retour');
    await page.close();
  });
});

describe('volet : audit en mode navigateur', () => {
  it('génère la grille d’audit, bloque le rapport sur les anomalies, puis le produit et le télécharge', async () => {
    const dossier = dossierTemporaire();
    const source = path.join(dossier, 'audit.xlsx');
    const G = "Grille d'audit";
    expect(ldm('generate', source, '--etablissement', 'Lycée Audit Volet').code).toBe(0);
    const page = await ouvrir('absent');
    await role(page, 'Audit');
    await page.getByTestId('fichier').setInputFiles(source);
    await page.getByText('Classeur : audit.xlsx').waitFor();
    await page.getByTestId('generer-grille').click();
    await page.getByTestId('resultat').waitFor({ timeout: 60000 });
    // Le fichier produit par le volet est coché « dans un autre outil », puis rechargé.
    const [t1] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger').click()]);
    const grille = path.join(dossier, 'grille.xlsx');
    await t1.saveAs(grille);
    const ops: Operation[] = [
      { op: 'set', feuille: G, cellule: 'C6', valeur: '2027-03-25' },
      { op: 'set', feuille: G, cellule: 'C8', valeur: 'Mme Référente' },
      { op: 'set', feuille: G, cellule: 'C9', valeur: 'M. Co' },
      { op: 'set', feuille: G, cellule: 'C10', valeur: 'Mme Co' },
    ];
    for (let n = 1; n <= 46; n++) if (![25, 31, 34, 45, 9].includes(n)) ops.push({ op: 'set', feuille: G, cellule: `E${16 + n}`, valeur: 'x' });
    ops.push({ op: 'set', feuille: G, cellule: `G${16 + 20}`, valeur: 'x' });
    modifier(grille, ops);
    await page.getByTestId('fichier').setInputFiles(grille);
    await page.getByText('Classeur : grille.xlsx').waitFor();
    await page.getByTestId('produire-rapport').click();
    await page.getByTestId('anomalies').or(page.getByTestId('erreur')).waitFor({ timeout: 60000 });
    const boutons = page.getByTestId('anomalies').locator('li button');
    const textes = await boutons.allInnerTexts();
    // Groupées par genre, la plus grave d'abord (C et NC ensemble), chacune avec ce qu'il faut faire.
    expect(textes).toEqual([`E36 — C et NC cochés (critère 4, descripteur 20)`, `E25 — À cocher : C ou NC (critère 2, descripteur 9)`]);
    await expect(page.getByTestId('liste-anomalies-groupe').first().innerText()).resolves.toContain("C et NC cochés — feuille « Grille d'audit » (1)");
    await expect(page.getByTestId('anomalies').innerText()).resolves.toContain("Gardez l'un des deux.");
    await boutons.nth(1).click();
    await expect(page.getByTestId('selection').innerText()).resolves.toContain(`Feuille « ${G} », cellule E25`);
    await page.getByTestId('accepter').click();
    await page.getByTestId('rapport').waitFor({ timeout: 60000 });
    // Anomalie acceptée : la NC cochée avec C compte comme une non-conformité, avec sa fiche.
    await expect(page.getByTestId('issue').innerText()).resolves.toMatch(/^1 non-conformité\(s\) : fiches d'écart n°1 \(descripteur 20\)/);
    await expect(page.getByTestId('fiches').innerText()).resolves.toContain('Fiche n°1/1 : critère 4, descripteur 20');
    const [t2] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger-rapport').click()]);
    const recu = path.join(dossier, 'rapport.xlsx');
    await t2.saveAs(recu);
    const i = inspecter(recu);
    expect(i.feuilles).toContain("LDM 011 Rapport d'audit");
    expect(i.feuilles.filter((f) => f.startsWith('LDM 010 Écart'))).toEqual(['LDM 010 Écart 20']);
    expect(i.detail[G].cellules.E17).toBe('x');
    await capture(page, path.join(dossier, 'volet-audit.png'), 'volet-audit.png');
    await page.close();
  });
});

describe('volet : plan d’actions et indicateurs en mode navigateur', () => {
  it('résume les indicateurs par critère, lie un indicateur à un tableau, et mène à la cellule d’un constat', async () => {
    const dossier = dossierTemporaire();
    const source = path.join(dossier, 'plan.xlsx');
    const I = 'Indicateurs';
    expect(ldm('generate', source, '--sheets', 'plan', '--annee', '2020-2021', '--etablissement', 'Lycée Plan').code).toBe(0);
    modifier(source, [
      { op: 'set', feuille: I, cellule: 'B17', valeur: 7 },
      { op: 'set', feuille: I, cellule: 'C17', valeur: "Taux d'absentéisme" },
      { op: 'set', feuille: I, cellule: 'F17', valeur: 'Plus bas = mieux' },
      { op: 'set', feuille: I, cellule: 'I17', valeur: 12 },
      { op: 'set', feuille: I, cellule: 'K17', valeur: 10 },
      { op: 'set', feuille: I, cellule: 'N17', valeur: 9 },
      { op: 'tableau', feuille: 'Effectifs', nom: 'tblAbsences', lignes: [['Année', 'Taux'], ['2020-2021', 9.5], ['2021-2022', 9.8]] },
    ]);
    const page = await ouvrir('absent');
    await page.getByTestId('fichier').setInputFiles(source);
    await page.getByText('Classeur : plan.xlsx').waitFor();
    await page.getByTestId('generer-plan').click();
    await page.getByTestId('indicateurs').waitFor({ timeout: 60000 });
    const criteres = await page.getByTestId('indicateurs-criteres').locator('li').allInnerTexts();
    expect(criteres).toHaveLength(8);
    expect(criteres[0]).toBe('Critère 1 : aucun indicateur');
    expect(criteres[6]).toBe('Critère 7 : 1 indicateur(s), 0 atteint(s), 1 à surveiller');

    await page.getByTestId('liaison-indicateur').click();
    await page.getByRole('option', { name: "1. Taux d'absentéisme" }).click();
    await page.getByTestId('liaison-table').click();
    await page.getByRole('option', { name: 'tblAbsences (Effectifs)' }).click();
    await page.getByTestId('liaison-colonne').click();
    await page.getByRole('option', { name: 'Taux' }).click();
    await page.getByTestId('liaison-annee').click();
    await page.getByRole('option', { name: 'Année' }).click();
    await page.getByTestId('lier').click();
    await page.getByText('mesures : tblAbsences[Taux], année lue dans [Année]').waitFor({ timeout: 60000 });
    // 9,8 contre une cible de 9 et une base de 12 : en retard sur la cible (et non « hors cible »).
    const constats = page.getByTestId('constats').locator('button', { hasText: 'En retard sur la cible' });
    await expect(constats.first().innerText()).resolves.toBe('O17 — En retard sur la cible (indicateur 1, 2021-2022)');
    await constats.first().click();
    await expect(page.getByTestId('selection').innerText()).resolves.toContain('Feuille « Indicateurs », cellule O17');
    await capture(page, path.join(dossier, 'volet-plan.png'), 'volet-plan.png');

    const [t] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger').click()]);
    const recu = path.join(dossier, 'recu.xlsx');
    await t.saveAs(recu);
    const c = inspecter(recu).detail[I].cellules;
    expect(String(c.L17)).toContain('INDEX(tblAbsences[Taux],MATCH("2020-2021",tblAbsences[Année],0))');
    expect(c.C17).toBe("Taux d'absentéisme");
    await page.close();
  });
});

describe('volet : consolidation DRAFPIC en mode navigateur', () => {
  it('consolide plusieurs classeurs choisis ensemble, liste les fichiers écartés, et télécharge le classeur régional', async () => {
    const dossier = dossierTemporaire();
    const { a, b } = lyceesAetB(dossier, 'autoevaluation', '+33 6 00 00 00 00 injoignable');
    const mauvais = path.join(dossier, 'compte-rendu.xlsx');
    writeFileSync(mauvais, 'texte');
    const page = await ouvrir('absent');
    await role(page, 'DRAFPIC');
    await page.getByTestId('a-consolider').setInputFiles([a, b, mauvais]);
    await page.getByTestId('consolider').click();
    await page.getByTestId('consolidation').waitFor({ timeout: 60000 });
    await expect(page.getByTestId('consolidation').innerText()).resolves.toContain('2 établissement(s) consolidé(s)');
    // Le registre des labels, calculé dans la même consolidation : un cycle au moins par établissement.
    await expect(page.getByTestId('registre').innerText()).resolves.toMatch(/Registre des labels : 2 cycle\(s\), \d+ alerte\(s\) aujourd'hui/);
    const anomalies = await page.getByTestId('anomalies-fichiers').locator('li').allInnerTexts();
    expect(anomalies.find((x) => x.startsWith('compte-rendu.xlsx'))).toMatch(/écarté.*n'est pas un classeur Excel/);
    expect(anomalies.find((x) => x.startsWith('lycee-b.xlsx'))).toMatch(/en partie.*pas de grille d'audit/);
    await capture(page, path.join(dossier, 'volet-consolidation.png'), 'volet-consolidation.png');
    const [t] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger-consolidation').click()]);
    const recu = path.join(dossier, 'region.xlsx');
    await t.saveAs(recu);
    const i = inspecter(recu);
    expect(i.feuilles).toEqual(['Synthèse régionale', 'Registre des labels', 'Historique des audits', 'Historique des constats', 'Synthèse LDM 012', 'Questionnaires LDM 012', 'Constats', 'Matrice', 'Par critère', 'Anomalies']);
    expect([i.detail['Synthèse régionale'].cellules.A4, i.detail['Synthèse régionale'].cellules.A5]).toEqual(['0450051L', '0750654D']);
    expect(Object.values(i.detail.Constats.cellules)).toContain('+33 6 00 00 00 00 injoignable');

    // LDM 007 depuis le volet : le lycée B, proposé par le registre, dossier non conforme ; la lettre et le registre à jour.
    await page.getByLabel("N° RNE de l'établissement").fill('0750654D');
    await page.getByTestId('accuse-conforme').click();
    await page.getByRole('option', { name: 'non conforme (les pièces qui manquent à sa fiche LDM 001 sont listées)' }).click();
    await page.getByTestId('produire-accuse').click();
    await page.getByTestId('accuse').waitFor({ timeout: 60000 });
    await expect(page.getByTestId('accuse').innerText()).resolves.toContain('Accusé de réception (dossier non conforme) pour Lycée B : « LDM 007 - 0750654D - Lycée B.xlsx »');
    const [l] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger-accuse').click()]);
    const lettre = path.join(dossier, 'lettre.xlsx');
    await l.saveAs(lettre);
    expect(Object.values(inspecter(lettre).detail['LDM 007 Accusé de réception'].cellules).join('\n')).toContain("votre dossier de candidature n'est pas conforme");
    const [m] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger-region-accuse').click()]);
    const apres = path.join(dossier, 'region-apres.xlsx');
    await m.saveAs(apres);
    const reg = inspecter(apres).detail['Registre des labels'];
    const colonnes = reg.tableaux.tblRegistreLabel.colonnes;
    const ligneB = Object.entries(reg.cellules).find(([a, v]) => /^A\d+$/.test(a) && String(v).startsWith('0750654D'))![0].slice(1);
    expect(reg.cellules[`${String.fromCharCode(65 + colonnes.indexOf('Réponse LDM 007'))}${ligneB}`]).toBe('Non conforme');
    // Relu depuis le classeur régional à jour : le dossier non conforme du lycée B est une alerte.
    await page.getByTestId('lire-registre').click();
    await page.getByTestId('registre').locator('li', { hasText: 'Lycée B' }).waitFor({ timeout: 30000 });
    await expect(page.getByTestId('registre').locator('li').allInnerTexts()).resolves.toContain('Dossier incomplet — Lycée B (0750654D · candidature)');
    await page.close();
  });

  it('règle la durée du plan (refusée en français si elle perdrait des cibles), puis reporte la non-conformité de l’audit dans le plan, une seule fois', async () => {
    const dossier = dossierTemporaire();
    const neuf = path.join(dossier, 'plan.xlsx');
    expect(ldm('generate', neuf, '--sheets', 'plan', '--annee', '2020-2021', '--etablissement', 'Lycée Durée').code).toBe(0);
    const page = await ouvrir('absent');
    await page.getByTestId('fichier').setInputFiles(neuf);
    await page.getByText('Classeur : plan.xlsx').waitFor();
    await page.getByTestId('duree-plan').click();
    await page.getByRole('option', { name: '4 ans' }).click();
    await page.getByTestId('generer-plan').click();
    await page.getByTestId('telecharger').waitFor({ timeout: 60000 });
    const [t1] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger').click()]);
    const recu1 = path.join(dossier, 'recu-plan.xlsx');
    await t1.saveAs(recu1);
    expect(inspecter(recu1).detail.Indicateurs.tableaux.tblIndicateurs.colonnes.filter((c) => c.startsWith('Cible '))).toEqual(['2020-2021', '2021-2022', '2022-2023', '2023-2024'].map((a) => `Cible ${a}`));

    // Le dossier de démonstration a des cibles jusqu'en 2030-2031 : trois ans les perdraient, c'est refusé.
    const demo = path.join(dossier, 'demo.xlsx');
    expect(ldm('demo', demo).code).toBe(0);
    await page.getByTestId('fichier').setInputFiles(demo);
    await page.getByText('Classeur : demo.xlsx').waitFor();
    await page.getByTestId('duree-plan').click();
    await page.getByRole('option', { name: '3 ans' }).click();
    await page.getByTestId('generer-plan').click();
    await page.getByTestId('erreur').filter({ hasText: 'les années 2029-2030, 2030-2031 ont des cibles' }).waitFor({ timeout: 60000 });

    await role(page, 'Audit');
    await page.getByTestId('depuis-audit').click();
    const liste = page.getByTestId('actions-audit');
    await liste.waitFor({ timeout: 60000 });
    await expect(liste.innerText()).resolves.toContain('Critère 8, descripteur 40 : Lever la non-conformité : Pas de plan de communication formalisé.');
    const [t] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger').click()]);
    const recu = path.join(dossier, 'recu.xlsx');
    await t.saveAs(recu);
    expect(inspecter(recu).detail["LDM 002 Plan d'actions"].cellules.R13).toBe('Audit de labellisation du 25/03/2027 — non-conformité, descripteur 40');
    // Une seconde fois : rien de plus.
    await page.getByTestId('depuis-audit').click();
    await page.getByTestId('actions-audit').waitFor({ state: 'detached', timeout: 60000 });
    await page.getByTestId('resultat').waitFor({ timeout: 60000 });
    await expect(page.getByTestId('erreur').count()).resolves.toBe(0);
    await page.close();
  });
});

describe('volet : un classeur à la fois, un retour visible (350 × 800)', () => {
  async function petit(): Promise<Page> {
    const page = await volet.navigateur.newPage({ acceptDownloads: true, viewport: { width: 350, height: 800 } });
    await page.route(OFFICE_CDN, (route) => route.abort('internetdisconnected'));
    await page.goto(`${volet.site.url}/taskpane.html`);
    await page.getByTestId('mode').waitFor();
    return page;
  }

  it('le retour d’une action est dans l’écran et focalisé ; l’identité suit le classeur choisi, sans fuite du précédent', async () => {
    const dossier = dossierTemporaire();
    const a = path.join(dossier, 'lycee-a.xlsx');
    expect(ldm('generate', a, '--etablissement', 'Lycée A', '--rne', '0450051L').code).toBe(0);
    const vierge = path.join(dossier, 'vierge.xlsx');
    modifier(a, []);
    const py = await import('child_process').then((cp) =>
      cp.spawnSync('/usr/bin/python3', ['-c', 'import openpyxl,sys\nwb=openpyxl.Workbook()\nwb.active["A1"]="Effectifs"\nwb.save(sys.argv[1])', vierge], { encoding: 'utf8' }),
    );
    expect(py.stderr).toBe('');
    const page = await petit();
    await page.getByTestId('fichier').setInputFiles(a);
    await page.getByText('Classeur : lycee-a.xlsx').waitFor();
    await expect(page.getByLabel('Établissement', { exact: true }).inputValue()).resolves.toBe('Lycée A');
    await page.getByTestId('generer').click();
    const succes = page.getByTestId('retour-succes');
    await succes.waitFor({ timeout: 60000 });
    const boite = await succes.boundingBox();
    expect(boite && boite.y >= 0 && boite.y + boite.height <= 800).toBe(true);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('retour');
    // Un classeur sans identité : le formulaire se vide, il ne garde pas « Lycée A ».
    await page.getByTestId('fichier').setInputFiles(vierge);
    await page.getByText('Classeur : vierge.xlsx').waitFor();
    await expect(page.getByLabel('Établissement', { exact: true }).inputValue()).resolves.toBe('');
    await expect(page.getByLabel('N° RNE').inputValue()).resolves.toBe('');
    await page.close();
  });

  it('met à jour un classeur régional choisi, dans le navigateur (sans zlib) : feuilles recréées comme une consolidation neuve', async () => {
    const dossier = dossierTemporaire();
    const { a, b } = lyceesAetB(dossier, 'grille', 'Écart sur le descripteur 1');
    const region = path.join(dossier, 'region.xlsx');
    expect(ldm('consolidate', a, b, '--out', region).code).toBe(0);
    const page = await petit();
    await role(page, 'DRAFPIC');
    await page.getByTestId('region-existante').setInputFiles(region);
    await page.getByText('Classeur régional : region.xlsx').waitFor();
    await page.getByTestId('a-consolider').setInputFiles([a, b]);
    await page.getByTestId('consolider').click();
    await page.getByTestId('consolidation').waitFor({ timeout: 60000 });
    const [t] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger-consolidation').click()]);
    const recu = path.join(dossier, 'region-a-jour.xlsx');
    await t.saveAs(recu);
    await page.close();
    const produites = ['Constats', 'Matrice', 'Par critère'];
    const [avant, apres] = [signaturesDeStyle(region, produites), signaturesDeStyle(recu, produites)];
    expect(Object.values(apres.feuilles.Constats.cellules).some((c) => c[0] === 'Écart sur le descripteur 1')).toBe(true);
    for (const f of produites) {
      expect(apres.feuilles[f].cellules).toEqual(avant.feuilles[f].cellules);
      expect(apres.feuilles[f].regles).toEqual(avant.feuilles[f].regles);
    }
  });

  it('la consolidation n’écrit jamais dans le classeur du lycée choisi : un classeur régional à part, et un lycée refusé comme classeur régional', async () => {
    const dossier = dossierTemporaire();
    const { a, b } = lyceesAetB(dossier);
    const avantA = readFileSync(a);
    const page = await petit();
    await page.getByTestId('fichier').setInputFiles(a);
    await page.getByText('Classeur : lycee-a.xlsx').waitFor();
    await role(page, 'DRAFPIC');
    await page.getByTestId('a-consolider').setInputFiles([a, b]);
    await page.getByTestId('consolider').click();
    await page.getByTestId('consolidation').waitFor({ timeout: 60000 });
    const [t] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger-consolidation').click()]);
    expect(t.suggestedFilename()).toMatch(/^consolidation-regionale-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const recu = path.join(dossier, 'region.xlsx');
    await t.saveAs(recu);
    expect(inspecter(recu).feuilles).toEqual(['Synthèse régionale', 'Registre des labels', 'Historique des audits', 'Historique des constats', 'Synthèse LDM 012', 'Questionnaires LDM 012', 'Constats', 'Matrice', 'Par critère', 'Anomalies']);
    // Le lycée reste le classeur de l'établissement, intact.
    await role(page, 'Établissement');
    await expect(page.getByText('Classeur : lycee-a.xlsx').count()).resolves.toBe(1);
    expect(readFileSync(a).equals(avantA)).toBe(true);
    await role(page, 'DRAFPIC');
    // Choisir un dossier de lycée comme classeur régional : refusé en français, rien n'est produit.
    await page.getByTestId('region-existante').setInputFiles(a);
    await page.getByText('Classeur régional : lycee-a.xlsx').waitFor();
    await page.getByTestId('consolider').click();
    await page.getByTestId('erreur').filter({ hasText: "dossier d'un établissement" }).waitFor({ timeout: 60000 });
    await page.close();
  });
});

describe('volet : icônes servies par le complément, aucune requête ailleurs', () => {
  it('les icônes Fluent sont enregistrées (police locale) et la page ne demande rien hors de son origine (et d’office.js)', async () => {
    const page = await volet.navigateur.newPage({ viewport: { width: 420, height: 900 } });
    const requetes: string[] = [];
    page.on('request', (r) => requetes.push(r.url()));
    await page.route(OFFICE_CDN, (route) => route.abort('internetdisconnected'));
    await page.goto(`${volet.site.url}/taskpane.html`);
    await page.getByTestId('mode').waitFor();
    const icone = page.locator('.ms-MessageBar i[data-icon-name]').first();
    await icone.waitFor();
    await expect(icone.evaluate((e) => (e.textContent ?? '').length)).resolves.toBeGreaterThan(0);
    await page.waitForFunction(
      () => {
        let charge = false;
        (document.fonts as unknown as { forEach(f: (x: FontFace) => void): void }).forEach((f) => {
          if (/MDL2/i.test(f.family) && f.status === 'loaded') charge = true;
        });
        return charge;
      },
      undefined,
      { timeout: 15000 },
    );
    const ailleurs = requetes.filter((u) => !u.startsWith(volet.site.url) && !u.startsWith('https://appsforoffice.microsoft.com/'));
    expect(ailleurs).toEqual([]);
    expect(requetes.some((u) => /\/fonts\/fabric-icons-.*\.woff$/.test(u))).toBe(true);
    await page.close();
  });
});
