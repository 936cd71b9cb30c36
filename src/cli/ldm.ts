import { Stats, promises as fs, readdirSync, statSync } from 'fs';
import { ParseArgsConfig, parseArgs } from 'util';
import path from 'path';
import { ClasseurIllisible } from '../core/modele/classeur';
import { Identite, anneeScolaireDe } from '../core/modele/identite';
import { FeuilleGenerable, OptionsGeneration } from '../core/usages/generation';
import { Liaison, descriptionLiaison } from '../core/plan/liaisons';
import { analyserFichiers, ecrireRegionNeuve } from '../adapters/paquet/consolidation';

/** ExcelJS (et tout ce qui en dépend) n'est chargé que par les commandes qui s'en servent : la consolidation d'un classeur régional neuf s'en passe. */
const exceljs = () => import('../adapters/exceljs/service');
import { DateCivile, dateCivileDe, dateValide, formater, iso, lireDate } from '../core/modele/dates';
import { installerDecompressionNative, lireSiExiste, lireSiExisteSync, raisonSysteme } from './lecture';
import { FichierDuDisque, analyserEnParallele, jobsParDefaut } from './consolidationParallele';
import { progressionConsole } from './progression';
import { FluxAvancement, consolidationDeleguable, consoliderDansUnFil } from './filDeConsolidation';
import { ErreurPilote } from '../core/erreurs';
import { texteCompletude } from '../core/regles/completude';
import { nomLettreAccuse } from '../core/modele/nomFichier';

const AIDE = `Pilote LDM — label « Lycée des métiers »

Utilisation :
  ldm generate FICHIER.xlsx [options]   crée FICHIER, ou régénère ses feuilles en gardant les saisies
      --etablissement "Nom"             nom de l'établissement
      --rne 0450051L                    N° RNE (UAI)
      --intitule "Lycée des métiers …"  intitulé du label (100 caractères au plus)
      --annee 2026-2027                 année scolaire (et première année du plan)
      --duree 4                         durée du plan et des indicateurs, de 1 à 5 ans (contrat d'objectifs) ;
                                        avec --annee, première année du plan (ex. : --annee 2020-2021 --duree 4)
      --reseau | --hors-reseau          candidature en réseau ou non
      --critere-academique FICHIER.json critère propre à l'académie (circulaire §2)
      --profil centre-val-de-loire|national
                                        règles d'audit enregistrées dans le classeur : équipe de 3 auditeurs et échéance du
                                        30 septembre pour la labellisation et le renouvellement (régional, par défaut),
                                        ou 2 à 4 auditeurs et 30 septembre pour tout audit (circulaire nationale)
      --sheets autoevaluation,plan,grille
                                        feuilles à générer : candidature (LDM 001 et pièces du dossier), autoevaluation
                                        (LDM 003), plan (LDM 002 et indicateurs), criteres (LDM 004, une par critère),
                                        grille (grille d'audit), plan-audit (LDM 008), emargement (LDM 009),
                                        questionnaire (LDM 012, questionnaire audités) ;
                                        par défaut celles déjà présentes, ou la grille LDM 003 pour un fichier neuf
      --out AUTRE.xlsx                  écrit le résultat ailleurs, sans toucher FICHIER
      --accepter-pertes                 avec --out : accepte que des sparklines ou objets posés sur une feuille générée n'y figurent pas
  ldm bind FICHIER.xlsx --indicateur N --table NOM --colonne COLONNE (--colonne-annee COLONNE | --derniere-ligne [--annee AAAA-AAAA])
                                        lie les mesures d'un indicateur à un tableau de l'établissement (formules Excel)
  ldm plan FICHIER.xlsx --depuis-audit  reporte dans le plan d'actions LDM 002 chaque non-conformité (LDM 010) et axe de progrès
                                        (LDM 011) de l'audit, une seule fois (colonne « Origine (audit) »)
  ldm consolidate DOSSIER_OU_FICHIERS… --out region.xlsx [--json] [--jobs N]
                                        consolide les classeurs des établissements (synthèse, registre des labels,
                                        historique des audits, constats, matrice, anomalies)
  ldm accuse REGION.xlsx RNE --conforme|--non-conforme [--out LETTRE.xlsx] [--today AAAA-MM-JJ]
                                        accusé de réception LDM 007 du dossier de l'établissement (les pièces manquantes
                                        viennent de sa fiche LDM 001) ; le registre garde la date d'envoi et la réponse
  ldm registre REGION.xlsx [--today AAAA-MM-JJ] [--json]
                                        liste les cycles du registre des labels, leur statut et les alertes (label expiré,
                                        renouvellement à préparer, NC ouverte après l'échéance, dossier incomplet)
  ldm report FICHIER.xlsx [--today AAAA-MM-JJ] [--accepter-anomalies]
                                        produit le rapport LDM 011, une fiche LDM 010 par NC et le suivi des écarts
  ldm check FICHIER.xlsx [--json] [--today AAAA-MM-JJ]
                                        liste les constats (preuves manquantes, grille d'audit incomplète, écarts ouverts…)
  ldm fiche action FICHIER.xlsx N       fiche action LDM 005 de l'action n°N du plan d'actions LDM 002 (préremplie)
  ldm fiche engagement FICHIER.xlsx N   fiche engagement LDM 006 de l'action n°N
  ldm audit repartir GRILLE.xlsx --dossier DOSSIER
                                        répartit les critères entre les auditeurs nommés dans la grille (feuille « Répartition
                                        de l'audit », modifiable) et écrit dans DOSSIER une copie de la grille par auditeur
  ldm audit fusionner GRILLE.xlsx COPIE.xlsx… [--json]
                                        fusionne les copies des auditeurs dans la grille du référent : accords repris,
                                        désaccords dans la feuille « Arbitrage » (décision du référent), rien de perdu
  ldm demo [FICHIER.xlsx]               génère un classeur d'exemple rempli en partie et le vérifie

Codes de sortie : 0 réussi ; 1 classeur à corriger ou option invalide ; 2 fichier illisible ou pas un classeur Pilote LDM.`;

class ErreurUsage extends ErreurPilote {}

interface Arguments {
  positionnels: string[];
  options: Record<string, string | true>;
}

const OPTIONS_A_VALEUR = new Set(['dossier', 'etablissement', 'rne', 'intitule', 'annee', 'duree', 'jobs', 'profil', 'critere-academique', 'sheets', 'out', 'today', 'indicateur', 'table', 'colonne', 'colonne-annee']);
const OPTIONS_DRAPEAU = new Set(['reseau', 'hors-reseau', 'json', 'accepter-pertes', 'accepter-anomalies', 'derniere-ligne', 'depuis-audit', 'conforme', 'non-conforme', 'help']);

const DEFINITIONS: ParseArgsConfig['options'] = {
  ...Object.fromEntries([...OPTIONS_A_VALEUR].map((o) => [o, { type: 'string' as const }])),
  ...Object.fromEntries([...OPTIONS_DRAPEAU].map((o) => [o, { type: 'boolean' as const }])),
  help: { type: 'boolean', short: 'h' },
};

export function analyserArguments(argv: string[]): Arguments {
  let r;
  try {
    r = parseArgs({ args: argv, options: DEFINITIONS, allowPositionals: true, strict: true });
  } catch (e) {
    // Les messages de parseArgs sont en anglais : on n'en garde que le nom de l'option.
    const code = (e as { code?: string }).code;
    const option = /'(-{1,2}[^']+?)(?: <value>)?'/.exec((e as Error).message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new ErreurUsage(`Option inconnue : ${option}. Voir « ldm --help ».`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new ErreurUsage(OPTIONS_DRAPEAU.has(option.replace(/^-+/, '')) ? `L'option ${option} ne prend pas de valeur.` : `L'option ${option} attend une valeur.`);
    }
    throw new ErreurUsage('Arguments illisibles. Voir « ldm --help ».');
  }
  const options: Record<string, string | true> = {};
  for (const [nom, v] of Object.entries(r.values)) if (v !== undefined && v !== false) options[nom] = v === true ? true : String(v);
  return { positionnels: r.positionals, options };
}

/** Pourquoi un fichier ne peut pas être lu, en français (jamais le texte du système). */
/** Le fichier que la commande travaille, qui doit exister : son nom et son contenu. */
async function fichierExistant(a: Arguments, usage: string): Promise<{ fichier: string; contenu: Uint8Array }> {
  const fichier = a.positionnels[1];
  if (!fichier) throw new ErreurUsage(`Indiquez le fichier : ${usage}`);
  const contenu = await lireSiExiste(fichier);
  if (!contenu) throw new ClasseurIllisible(`Le fichier « ${fichier} » n'existe pas.`);
  return { fichier, contenu };
}

/**
 * Écrit à côté, force l'écriture sur le disque, puis renomme : une coupure (courant, processus tué) ne laisse
 * jamais un fichier à moitié écrit, et un échec ne laisse pas de fichier temporaire.
 */
async function ecrireAtomiquement(fichier: string, contenu: Uint8Array): Promise<void> {
  const temporaire = path.join(path.dirname(fichier), `.${path.basename(fichier)}.${process.pid}.tmp`);
  try {
    const h = await fs.open(temporaire, 'w');
    try {
      await h.writeFile(contenu);
      await h.sync();
    } finally {
      await h.close();
    }
    await fs.rename(temporaire, fichier);
  } catch (e) {
    await fs.rm(temporaire, { force: true }).catch(() => undefined);
    throw new ClasseurIllisible(`Impossible d'écrire « ${fichier} » : ${raisonSysteme(e).replace('la lecture', "l'écriture")}. Le fichier d'origine n'a pas été modifié.`);
  }
  try {
    const dossier = await fs.open(path.dirname(fichier), 'r');
    await dossier.sync().catch(() => undefined);
    await dossier.close();
  } catch {
    /* Certains systèmes de fichiers ne synchronisent pas un dossier : le renommage reste atomique. */
  }
}

function identiteDesOptions(o: Arguments['options']): Partial<Identite> {
  const texte = (nom: string) => (typeof o[nom] === 'string' ? (o[nom]) : undefined);
  if (o.reseau && o['hors-reseau']) throw new ErreurUsage('Choisissez --reseau ou --hors-reseau, pas les deux.');
  return {
    etablissement: texte('etablissement'),
    rne: texte('rne'),
    intituleLabel: texte('intitule'),
    anneeScolaire: texte('annee'),
    candidatureEnReseau: o.reseau ? true : o['hors-reseau'] ? false : undefined,
  };
}

const NOMS_FEUILLES: Record<string, FeuilleGenerable> = {
  autoevaluation: 'auto-evaluation',
  'auto-evaluation': 'auto-evaluation',
  ldm003: 'auto-evaluation',
  plan: 'plan',
  ldm002: 'plan',
  indicateurs: 'plan',
  grille: 'grille-audit',
  audit: 'grille-audit',
  'grille-audit': 'grille-audit',
  'plan-audit': 'plan-audit',
  ldm008: 'plan-audit',
  candidature: 'candidature',
  ldm001: 'candidature',
  criteres: 'criteres',
  ldm004: 'criteres',
  emargement: 'emargement',
  ldm009: 'emargement',
  questionnaire: 'questionnaire',
  ldm012: 'questionnaire',
};

function feuillesDemandees(valeur: string | true | undefined): FeuilleGenerable[] | undefined {
  if (valeur === undefined || valeur === true) return undefined;
  const noms = String(valeur)
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const inconnues = noms.filter((s) => !NOMS_FEUILLES[s]);
  if (inconnues.length) {
    throw new ErreurUsage(
      `Feuille(s) inconnue(s) : ${inconnues.join(', ')}. Disponibles : candidature (fiche de candidature LDM 001 et pièces du dossier), autoevaluation (grille LDM 003), plan (plan d'actions LDM 002 et indicateurs), criteres (fiches suivi pilotage de critère LDM 004), grille (grille d'audit PF / C / R / NC), plan-audit (plan d'audit LDM 008), emargement (feuille d'émargement LDM 009), questionnaire (questionnaire audités LDM 012).`,
    );
  }
  return [...new Set(noms.map((s) => NOMS_FEUILLES[s]))];
}

function dateDuJour(a: Arguments): DateCivile | undefined {
  if (typeof a.options.today !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(a.options.today);
  const d = m ? dateValide(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  if (!d) throw new ErreurUsage(`--today attend une date AAAA-MM-JJ, pas « ${a.options.today} ».`);
  return d;
}

async function commandeGenerate(a: Arguments, sortie: (s: string) => void): Promise<number> {
  const fichier = a.positionnels[1];
  if (!fichier) throw new ErreurUsage('Indiquez le fichier : ldm generate FICHIER.xlsx');
  const feuilles = feuillesDemandees(a.options.sheets);
  const cible = typeof a.options.out === 'string' ? a.options.out : fichier;
  if (a.options['accepter-pertes'] && cible === fichier) {
    throw new ErreurUsage("--accepter-pertes ne s'utilise qu'avec --out : le fichier d'origine n'est jamais réécrit avec des pertes.");
  }
  let critereAcademique: unknown;
  if (typeof a.options['critere-academique'] === 'string') {
    const source = a.options['critere-academique'];
    try {
      critereAcademique = JSON.parse(await fs.readFile(source, 'utf8'));
    } catch (e) {
      throw new ErreurUsage(`Le critère académique « ${source} » est illisible : ${(e as Error).message}`);
    }
  }
  const existant = await lireSiExiste(fichier);
  const duree = a.options.duree;
  if (duree !== undefined && (typeof duree !== 'string' || !/^\d+$/.test(duree))) throw new ErreurUsage('--duree attend un nombre d\'années, de 1 à 5 (ex. : --duree 4).');
  const horizon = typeof duree === 'string' ? { premiere: typeof a.options.annee === 'string' ? a.options.annee : undefined, duree: Number(duree) } : undefined;
  const profil = typeof a.options.profil === 'string' ? a.options.profil : undefined;
  const options: OptionsGeneration = { identite: identiteDesOptions(a.options), critereAcademique, feuilles, horizon, profil, maintenant: new Date() };
  const r = await (await exceljs()).genererClasseur(existant && { contenu: existant, nom: path.basename(fichier) }, options, Boolean(a.options['accepter-pertes']));
  await ecrireAtomiquement(cible, r.contenu);
  const nbSaisies = r.plan.regeneration ? ' (saisies existantes conservées)' : '';
  sortie(`${r.plan.regeneration ? 'Régénéré' : 'Créé'} : ${cible}${nbSaisies}`);
  sortie(`  ${r.plan.feuilles.map((f) => `« ${f.nom} »`).join(', ')}`);
  for (const m of r.plan.avertissements) sortie(`  Attention : ${m}`);

  return 0;
}

async function commandeCheck(a: Arguments, sortie: (s: string) => void): Promise<number> {
  const aujourdhui = dateDuJour(a);
  const { fichier, contenu } = await fichierExistant(a, 'ldm check FICHIER.xlsx');
  const { constats, completude } = await (await exceljs()).verifierClasseur(contenu, path.basename(fichier), aujourdhui);
  if (a.options.json) {
    sortie(JSON.stringify({ file: fichier, findings: constats }, null, 2));
    return 0;
  }
  sortie(`${fichier} : ${constats.length} constat(s)`);
  for (const c of completude) sortie(`  ${texteCompletude(c)}`);
  for (const c of constats) sortie(`  [${c.kind}] ${c.sheet}!${c.cell} — ${c.message}`);
  return 0;
}

/** LDM 007 : la lettre à l'établissement, et le registre qui la garde en mémoire. */
async function commandeAccuse(a: Arguments, sortie: (s: string) => void): Promise<number> {
  const rne = a.positionnels[2];
  const conforme = Boolean(a.options.conforme);
  if (!rne || conforme === Boolean(a.options['non-conforme'])) throw new ErreurUsage('Utilisation : ldm accuse REGION.xlsx RNE --conforme|--non-conforme [--out LETTRE.xlsx]');
  const le = dateDuJour(a) ?? dateCivileDe(new Date());
  const { fichier, contenu } = await fichierExistant(a, 'ldm accuse REGION.xlsx RNE --conforme|--non-conforme');
  const r = await (await exceljs()).accuserReceptionFichier({ contenu, nom: path.basename(fichier) }, rne, conforme, le);
  const out = typeof a.options.out === 'string' ? a.options.out : path.join(path.dirname(fichier), nomLettreAccuse(rne, r.etablissement));
  await ecrireAtomiquement(out, r.lettre);
  await ecrireAtomiquement(fichier, r.region);
  sortie(`Accusé de réception (dossier ${conforme ? 'conforme' : 'non conforme'}) écrit : ${out} ; registre mis à jour : ${fichier}`);
  return 0;
}

/** Le registre des labels d'un classeur régional, avec le statut de chaque cycle au jour dit. */
async function commandeRegistre(a: Arguments, sortie: (s: string) => void): Promise<number> {
  const aujourdhui = dateDuJour(a) ?? dateCivileDe(new Date());
  const { fichier, contenu } = await fichierExistant(a, 'ldm registre REGION.xlsx');
  const { portLectureDirecte } = await import('../adapters/paquet/port');
  const registre = await import('../core/consolidation/registre');
  const lu = await portLectureDirecte(contenu, path.basename(fichier)).lire({ tableaux: [registre.TABLE_REGISTRE], cellules: [] });
  if (!lu.tableaux[registre.TABLE_REGISTRE]) {
    throw new ClasseurIllisible(`« ${fichier} » n'a pas de registre des labels (tableau « ${registre.TABLE_REGISTRE} ») : consolidez d'abord les classeurs des établissements (ldm consolidate … --out ${path.basename(fichier)}).`);
  }
  const R = registre.R;
  const cycles = registre.lignesDuRegistre(lu).map((l) => ({
    ...registre.statutRegistre(l, aujourdhui),
    cycle: String(l[R.cycle] ?? ''),
    rne: String(l[R.rne] ?? ''),
    etablissement: String(l[R.etablissement] ?? ''),
    audit: String(l[R.audit] ?? ''),
    dateAudit: lireDate(l[R.date]),
    decision: lireDate(l[R.decision]),
  }));
  if (a.options.json) {
    const jour = (d: DateCivile | undefined) => (d ? iso(d) : null);
    const json = cycles.map((c) => ({
      cycle: c.cycle,
      rne: c.rne,
      etablissement: c.etablissement,
      audit: c.audit,
      dateAudit: jour(c.dateAudit),
      decision: jour(c.decision),
      valableJusquau: jour(c.validite),
      renouvellementDes: jour(c.renouvellement),
      statut: c.statut,
      alerte: c.alerte,
    }));
    sortie(JSON.stringify({ file: fichier, today: iso(aujourdhui), cycles: json }, null, 2));
    return 0;
  }
  sortie(`${fichier} : ${cycles.length} cycle(s) de label, ${cycles.filter((c) => c.alerte).length} alerte(s) au ${formater(aujourdhui)}`);
  for (const c of cycles) {
    const details = [c.dateAudit && `audit du ${formater(c.dateAudit)}`, c.validite && `valable jusqu'au ${formater(c.validite)}`, c.renouvellement && `renouvellement dès le ${formater(c.renouvellement)}`].filter(Boolean);
    sortie(`  ${c.alerte ? '⚠' : ' '} ${c.cycle} — ${c.etablissement} — ${c.statut}${details.length ? ` (${details.join(', ')})` : ''}`);
  }
  return 0;
}

async function commandeBind(a: Arguments, sortie: (s: string) => void): Promise<number> {
  const o = a.options;
  const texte = (nom: string) => (typeof o[nom] === 'string' ? (o[nom]) : undefined);
  const indicateur = Number(texte('indicateur'));
  if (!Number.isInteger(indicateur) || indicateur < 1) throw new ErreurUsage("--indicateur attend le N° de l'indicateur (colonne « N° » du tableau des indicateurs).");
  const table = texte('table');
  const colonne = texte('colonne');
  if (!table || !colonne) throw new ErreurUsage('--table et --colonne sont nécessaires.');
  const colonneAnnee = texte('colonne-annee');
  if (Boolean(colonneAnnee) === Boolean(o['derniere-ligne'])) throw new ErreurUsage("Choisissez comment trouver l'année : --colonne-annee COLONNE ou --derniere-ligne.");
  const { fichier, contenu } = await fichierExistant(a, 'ldm bind FICHIER.xlsx --indicateur N --table NOM --colonne COLONNE');
  const liaison: Liaison = colonneAnnee
    ? { indicateur, table, colonne, mode: 'annee', colonneAnnee }
    : { indicateur, table, colonne, mode: 'derniere-ligne', anneeDerniereLigne: texte('annee') ?? anneeScolaireDe(new Date()) };
  const r = await (await exceljs()).genererClasseur({ contenu, nom: path.basename(fichier) }, { identite: {}, liaison, maintenant: new Date() });
  await ecrireAtomiquement(fichier, r.contenu);
  sortie(`Indicateur ${indicateur} lié à ${descriptionLiaison(liaison)} : ${fichier}`);
  return 0;
}

async function commandePlan(a: Arguments, sortie: (s: string) => void): Promise<number> {
  if (!a.options['depuis-audit']) throw new ErreurUsage("ldm plan attend --depuis-audit : reporter dans le plan d'actions LDM 002 les non-conformités et axes de progrès de l'audit.");
  const { fichier, contenu } = await fichierExistant(a, 'ldm plan FICHIER.xlsx --depuis-audit');
  const r = await (await exceljs()).genererClasseur({ contenu, nom: path.basename(fichier) }, { identite: {}, depuisAudit: true, maintenant: new Date() });
  await ecrireAtomiquement(fichier, r.contenu);
  const n = r.plan.actionsAjoutees.length;
  sortie(n ? `${n} action(s) ajoutée(s) au plan d'actions LDM 002 : ${fichier}` : `Aucune action nouvelle : le plan d'actions reprend déjà chaque non-conformité et axe de progrès de l'audit (${fichier}).`);
  for (const x of r.plan.actionsAjoutees) sortie(`  critère ${x.critere}${x.descripteur ? `, descripteur ${x.descripteur}` : ''} — ${x.action.slice(0, 100)} (${x.origine})`);
  return 0;
}

async function commandeFiche(a: Arguments, sortie: (s: string) => void): Promise<number> {
  const genre = a.positionnels[1];
  const usage = 'ldm fiche action FICHIER.xlsx N, ou ldm fiche engagement FICHIER.xlsx N (N : le N° de l\'action dans le plan LDM 002)';
  if (genre !== 'action' && genre !== 'engagement') throw new ErreurUsage(`Utilisation : ${usage}.`);
  const n = Number(a.positionnels[3]);
  if (!Number.isInteger(n) || n < 1) throw new ErreurUsage(`Indiquez le N° de l'action dans le plan d'actions : ${usage}.`);
  const { fichier, contenu } = await fichierExistant({ positionnels: a.positionnels.slice(1), options: a.options }, usage);
  const r = await (await exceljs()).produireFicheAction({ contenu, nom: path.basename(fichier) }, genre, n);
  await ecrireAtomiquement(fichier, r.contenu);
  sortie(`Feuille « ${r.feuille} » écrite dans ${fichier}.`);
  return 0;
}

async function commandeAudit(a: Arguments, sortie: (s: string) => void): Promise<number> {
  const action = a.positionnels[1];
  const b: Arguments = { positionnels: a.positionnels.slice(1), options: a.options };
  if (action === 'repartir') {
    const dossier = typeof a.options.dossier === 'string' ? a.options.dossier : undefined;
    if (!dossier) throw new ErreurUsage('Utilisation : ldm audit repartir GRILLE.xlsx --dossier DOSSIER (où écrire une copie par auditeur).');
    const { fichier, contenu } = await fichierExistant(b, 'ldm audit repartir GRILLE.xlsx --dossier DOSSIER');
    const r = await (await exceljs()).repartirAudit({ contenu, nom: path.basename(fichier) }, new Date());
    await fs.mkdir(dossier, { recursive: true });
    await ecrireAtomiquement(fichier, r.contenu);
    sortie(`Répartition écrite dans ${fichier} (feuille « Répartition de l'audit »). Copies :`);
    for (const c of r.copies) {
      const cible = path.join(dossier, c.nom);
      await ecrireAtomiquement(cible, c.contenu);
      sortie(`  ${c.auditeur} — critères ${c.criteres.join(', ') || 'aucun'} : ${cible}`);
    }
    return 0;
  }
  if (action === 'fusionner') {
    const { fichier, contenu } = await fichierExistant(b, 'ldm audit fusionner GRILLE.xlsx COPIE.xlsx…');
    const copies: Array<{ nom: string; contenu: Uint8Array }> = [];
    for (const chemin of a.positionnels.slice(3)) {
      const c = await lireSiExiste(chemin);
      if (!c) throw new ClasseurIllisible(`Le fichier « ${chemin} » n'existe pas.`);
      copies.push({ nom: path.basename(chemin), contenu: c });
    }
    const r = await (await exceljs()).fusionnerAudit({ contenu, nom: path.basename(fichier) }, copies);
    await ecrireAtomiquement(fichier, r.contenu);
    const { bilan } = r;
    if (a.options.json) {
      sortie(JSON.stringify(bilan, null, 2));
      return 0;
    }
    sortie(`${bilan.acceptees.length} copie(s) fusionnée(s) dans ${fichier} : ${bilan.accords} descripteur(s) en accord, ${bilan.desaccords.length} en désaccord (feuille « Arbitrage »), ${bilan.ouverts.length} à arbitrer.`);
    for (const c of bilan.acceptees) sortie(`  ${c.fichier} — ${c.auditeur} : ${c.contributions} descripteur(s) renseigné(s)`);
    for (const c of bilan.refusees) sortie(`  refusée : ${c.fichier} — ${c.motif}`);
    return 0;
  }
  throw new ErreurUsage("Utilisation : ldm audit repartir GRILLE.xlsx --dossier DOSSIER, ou ldm audit fusionner GRILLE.xlsx COPIE.xlsx…");
}

/**
 * Les .xlsx d'un dossier (sous-dossiers compris), ou les fichiers donnés tels quels, avec ce que le système en dit
 * (taille, date) : un appel système direct par fichier, un seul (par le pool de libuv, un millier coûtait 0,1 s).
 */
function fichiersDesEntrees(entrees: string[], exclure: string): Array<{ chemin: string; info: Stats }> {
  const trouves: Array<{ chemin: string; info: Stats }> = [];
  const parcourir = (chemin: string, explicite: boolean) => {
    let info: Stats;
    try {
      info = statSync(chemin);
    } catch {
      throw new ErreurUsage(`« ${chemin} » n'existe pas.`);
    }
    if (info.isDirectory()) {
      for (const nom of readdirSync(chemin).sort()) parcourir(path.join(chemin, nom), false);
    } else if ((explicite || /\.xlsx$/i.test(chemin)) && path.resolve(chemin) !== path.resolve(exclure) && !path.basename(chemin).startsWith('~$')) {
      trouves.push({ chemin, info });
    }
  };
  for (const e of entrees) parcourir(e, true);
  return trouves;
}

/** Vrai si `fichier` existe (quoi qu'il soit : sa lecture, plus loin, dira s'il convient). */
function existeDeja(fichier: string): boolean {
  try {
    statSync(fichier);
    return true;
  } catch {
    return false;
  }
}

async function commandeConsolidate(a: Arguments, sortie: (s: string) => void, contexte: { argv: string[]; erreur: (s: string) => void; avancement: FluxAvancement }): Promise<number> {
  const entrees = a.positionnels.slice(1);
  const out = typeof a.options.out === 'string' ? a.options.out : undefined;
  if (!entrees.length || !out) throw new ErreurUsage('Utilisation : ldm consolidate DOSSIER_OU_FICHIERS… --out region.xlsx');
  const jobsTexte = a.options.jobs;
  if (jobsTexte !== undefined && (typeof jobsTexte !== 'string' || !/^\d{1,3}$/.test(jobsTexte) || Number(jobsTexte) < 1)) {
    throw new ErreurUsage('--jobs attend un nombre de fils de travail (1, 2, 4…) ; par défaut, un par cœur.');
  }
  const fichiers: FichierDuDisque[] = [];
  for (const { chemin, info } of fichiersDesEntrees(entrees, out)) {
    // Un fichier trop gros n'est pas lu en mémoire : il est refusé sur sa taille ; les autres sont lus un à un.
    fichiers.push({ chemin, nom: path.relative(process.cwd(), chemin) || chemin, taille: info.size, modifieLe: info.mtime });
  }
  const jobs = typeof jobsTexte === 'string' ? Number(jobsTexte) : jobsParDefaut(fichiers.length);
  // Sur plusieurs fils de lecture (les grands lots), l'écriture d'un classeur régional neuf passe dans un fil à la
  // mémoire plus sobre. La mise à jour d'un classeur existant, non : ExcelJS y est plus lent et plus gourmand
  // (1 000 établissements : 3,9 s et 367 Mo dans ce fil, 3,6 s et 285 à 310 Mo sur le fil principal).
  if (jobs > 1 && !existeDeja(out) && consolidationDeleguable()) return consoliderDansUnFil(contexte.argv, sortie, contexte.erreur);
  const region = await lireSiExiste(out);
  const maintenant = new Date();
  const barre = progressionConsole(contexte.avancement, Boolean(a.options.json));
  const avancer = barre && ((faits: number, total: number, fichier: string, ecarte: boolean) => barre.avancer(faits, total, fichier, ecarte));
  const { etablissements, anomalies } =
    jobs > 1
      ? await analyserEnParallele(fichiers, maintenant, jobs, avancer)
      : await analyserFichiers(
          fichiers.map((f) => ({ ...f, lire: () => Promise.resolve(lireSiExisteSync(f.chemin) ?? new Uint8Array(0)) })),
          maintenant,
          avancer,
        );
  barre?.finir();
  barre?.etape(region ? `Mise à jour de « ${path.basename(out)} »…` : `Écriture du classeur régional « ${path.basename(out)} »…`);
  const r = region ? await (await exceljs()).ecrireConsolidation(etablissements, anomalies, { contenu: region, nom: path.basename(out) }) : await ecrireRegionNeuve(etablissements, anomalies);
  await ecrireAtomiquement(out, r.contenu);
  if (a.options.json) {
    sortie(
      JSON.stringify(
        {
          out,
          etablissements: r.retenus.map((e) => ({ rne: e.rne, etablissement: e.etablissement, fichier: e.fichier, ...e.comptes, ncOuvertes: e.ncOuvertes, avertissements: e.avertissements })),
          anomalies: r.anomalies,
          registre: r.registre,
          questionnaires: r.questionnaires,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  sortie(`${out} : ${r.retenus.length} établissement(s) consolidé(s) sur ${fichiers.length} fichier(s)`);
  for (const an of r.anomalies) sortie(`  ${an.prise === 'non' ? 'Écarté' : 'En partie'} : ${an.fichier} — ${an.motif}`);
  const alertes = r.registre.filter((c) => c.alerte);
  sortie(`  Registre des labels : ${r.registre.length} cycle(s), ${alertes.length} alerte(s) aujourd'hui${alertes.length ? ` (détail : ldm registre ${out})` : ''}`);
  const recus = r.retenus.filter((e) => e.questionnaire).length;
  if (recus || r.questionnaires.questionnaires) sortie(`  Questionnaires audités (LDM 012) : ${recus} dans ce lot, ${r.questionnaires.questionnaires} consolidé(s) (feuille « Synthèse LDM 012 »)`);
  return 0;
}

async function commandeReport(a: Arguments, sortie: (s: string) => void): Promise<number> {
  const aujourdhui = dateDuJour(a);
  const { fichier, contenu } = await fichierExistant(a, 'ldm report FICHIER.xlsx');
  const maintenant = aujourdhui ? new Date(aujourdhui.annee, aujourdhui.mois - 1, aujourdhui.jour, 12) : new Date();
  const r = await (await exceljs()).produireRapport({ contenu, nom: path.basename(fichier) }, { maintenant, accepterAnomalies: Boolean(a.options['accepter-anomalies']) });
  await ecrireAtomiquement(fichier, r.contenu);
  const m = r.plan.modele;
  sortie(`Rapport produit dans ${fichier} : feuille « ${r.plan.feuilles[0].nom} »`);
  sortie(`  PF ${m.total.PF} · C ${m.total.C} · R ${m.total.R} · NC ${m.total.NC}`);
  sortie(`  ${m.issue}`);
  if (m.nonConformites.length) sortie(`  Fiches d'écart : ${m.nonConformites.map((nc) => `« LDM 010 Écart ${nc.numero} »`).join(', ')}`);
  if (r.plan.obsoletes.length) sortie(`  Fiches devenues obsolètes (gardées) : ${r.plan.obsoletes.join(', ')}`);
  for (const an of r.plan.anomalies) sortie(`  Anomalie acceptée : ${an.sheet}!${an.cell} — ${an.message}`);
  return 0;
}

async function commandeDemo(a: Arguments, sortie: (s: string) => void): Promise<number> {
  const fichier = a.positionnels[1] ?? 'exemple-ldm.xlsx';
  await fs.rm(fichier, { force: true });
  const options: OptionsGeneration = {
    identite: {
      etablissement: 'Lycée professionnel Jean Exemple',
      rne: '0450051L',
      intituleLabel: "Lycée des métiers de l'industrie et du numérique",
      candidatureEnReseau: false,
    },
    feuilles: ['candidature', 'auto-evaluation', 'plan', 'criteres', 'grille-audit', 'plan-audit', 'emargement', 'questionnaire'],
    maintenant: new Date(),
  };
  const cree = await (await exceljs()).genererClasseur(undefined, options);
  // Régénéré une fois rempli, comme après une saisie : les hauteurs de ligne suivent les textes saisis.
  const { remplirExemple } = await import('./exemple');
  const rempli = (await (await exceljs()).genererClasseur({ contenu: await remplirExemple(cree.contenu), nom: path.basename(fichier) }, { identite: {}, maintenant: new Date() })).contenu;
  const rapport = await (await exceljs()).produireRapport({ contenu: rempli, nom: path.basename(fichier) }, { maintenant: new Date(), accepterAnomalies: false });
  // La fiche action LDM 005 de la première action du plan, et la fiche engagement LDM 006 de la septième.
  const action = await (await exceljs()).produireFicheAction({ contenu: rapport.contenu, nom: path.basename(fichier) }, 'action', 1);
  const engagement = await (await exceljs()).produireFicheAction({ contenu: action.contenu, nom: path.basename(fichier) }, 'engagement', 7);
  await ecrireAtomiquement(fichier, engagement.contenu);
  sortie(`Classeur d'exemple écrit : ${fichier}`);
  sortie(`  feuilles : ${cree.plan.feuilles.map((f) => f.nom).concat(rapport.plan.feuilles.map((f) => f.nom), [action.feuille, engagement.feuille]).join(', ')}`);
  sortie(`  audit : ${rapport.plan.modele.issue}`);
  const { constats, completude } = await (await exceljs()).verifierClasseur(engagement.contenu, path.basename(fichier));
  for (const c of completude) sortie(`  ${texteCompletude(c)}`);
  const parType = new Map<string, number>();
  for (const c of constats) parType.set(c.kind, (parType.get(c.kind) ?? 0) + 1);
  sortie(`  constats : ${[...parType].map(([k, n]) => `${k} ${n}`).join(', ')} (détail : ldm check ${fichier})`);
  return 0;
}

export async function executer(argv: string[], sortie = (s: string) => console.log(s), erreur = (s: string) => console.error(s), avancement: FluxAvancement = process.stderr): Promise<number> {
  installerDecompressionNative();
  try {
    const a = analyserArguments(argv);
    const commande = a.positionnels[0];
    if (a.options.help || !commande || commande === 'help') {
      sortie(AIDE);
      return commande || a.options.help ? 0 : 1;
    }
    switch (commande) {
      case 'generate':
        return await commandeGenerate(a, sortie);
      case 'check':
        return await commandeCheck(a, sortie);
      case 'report':
        return await commandeReport(a, sortie);
      case 'bind':
        return await commandeBind(a, sortie);
      case 'audit':
        return await commandeAudit(a, sortie);
      case 'fiche':
        return await commandeFiche(a, sortie);
      case 'plan':
        return await commandePlan(a, sortie);
      case 'consolidate':
        return await commandeConsolidate(a, sortie, { argv, erreur, avancement });
      case 'registre':
        return await commandeRegistre(a, sortie);
      case 'accuse':
        return await commandeAccuse(a, sortie);
      case 'demo':
        return await commandeDemo(a, sortie);
      default:
        throw new ErreurUsage(`Commande inconnue : ${commande}. Voir « ldm --help ».`);
    }
  } catch (e) {
    if (e instanceof ErreurPilote) {
      erreur(`Erreur : ${e.message}`);
      return e.codeSortie;
    }
    // Rien d'écrit : une erreur imprévue survient avant l'écriture atomique, qui ne remplace le fichier qu'à la fin.
    erreur("Erreur : ce fichier n'a pas pu être traité (contenu inattendu) ; aucun fichier n'a été modifié. Ouvrez-le dans Excel ou LibreOffice, enregistrez-le de nouveau, puis recommencez.");
    if (process.env.LDM_DEBUG) erreur(String((e as Error).stack ?? e));
    return 2;
  }
}

if (require.main === module) {
  void executer(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
