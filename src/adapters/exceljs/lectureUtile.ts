import JSZip from 'jszip';
import { FEUILLE_PILOTE, TABLE_METADONNEES } from '../../core/layout/piloteLdm';
import { FEUILLE_AUTO_EVALUATION, TABLE_AUTO_EVALUATION } from '../../core/layout/autoEvaluation';
import { FEUILLE_EXEMPLES, FEUILLE_INDICATEURS, FEUILLE_PLAN, TABLE_EXEMPLES, TABLE_INDICATEURS, TABLE_PLAN } from '../../core/plan/feuilles';
import { FEUILLE_GRILLE_AUDIT, TABLE_COMPLEMENTAIRES, TABLE_GRILLE_AUDIT } from '../../core/audit/grille';
import { FEUILLE_RAPPORT } from '../../core/audit/rapport';
import { FEUILLE_SUIVI } from '../../core/audit/fiches';
import { FEUILLE_ARBITRAGE, FEUILLE_CONTRIBUTIONS, FEUILLE_REPARTITION, TABLE_ARBITRAGE, TABLE_CONTRIBUTIONS, TABLE_REPARTITION } from '../../core/audit/equipe';
import {
  FEUILLE_ANOMALIES,
  FEUILLE_CONSTATS,
  FEUILLE_MATRICE,
  FEUILLE_PAR_CRITERE,
  FEUILLE_SYNTHESE,
  TABLE_ANOMALIES,
  TABLE_CONSTATS,
  TABLE_PAR_CRITERE,
  TABLE_SYNTHESE,
} from '../../core/consolidation/region';
import { lettreColonne, numeroColonne } from '../../core/layout/types';
import { cheminClasseur, cheminRelations, deXml, feuillesDuClasseur, lireRelations, texteDe } from './paquet';

/**
 * Ce qu'ExcelJS a besoin de lire : les feuilles de Pilote LDM et les tableaux sources des liaisons. Les données des
 * autres feuilles de l'établissement (un tableau de 50 000 lignes…) ne sont pas chargées en mémoire : elles ne sont
 * jamais réécrites (la greffe les recopie telles quelles) et le cœur ne les lit pas.
 */

const FEUILLES_PRODUITES = new Set([
  FEUILLE_PILOTE,
  FEUILLE_AUTO_EVALUATION,
  FEUILLE_PLAN,
  FEUILLE_INDICATEURS,
  FEUILLE_EXEMPLES,
  FEUILLE_GRILLE_AUDIT,
  FEUILLE_RAPPORT,
  FEUILLE_SUIVI,
  FEUILLE_SYNTHESE,
  FEUILLE_CONSTATS,
  FEUILLE_MATRICE,
  FEUILLE_PAR_CRITERE,
  FEUILLE_ANOMALIES,
  FEUILLE_REPARTITION,
  FEUILLE_ARBITRAGE,
  FEUILLE_CONTRIBUTIONS,
]);
const TABLES_PRODUITES = new Set(
  [TABLE_METADONNEES, TABLE_AUTO_EVALUATION, TABLE_PLAN, TABLE_INDICATEURS, TABLE_EXEMPLES, TABLE_GRILLE_AUDIT, TABLE_COMPLEMENTAIRES, TABLE_SYNTHESE, TABLE_CONSTATS, TABLE_PAR_CRITERE, TABLE_ANOMALIES, TABLE_REPARTITION, TABLE_ARBITRAGE, TABLE_CONTRIBUTIONS, 'tblPlanAudit'].map((t) =>
    t.toLowerCase(),
  ),
);
/** Au-dessous, alléger ne vaut pas la peine. */
const LIGNES_MIN_POUR_ALLEGER = 2000;

export interface TableDemandee {
  table: string;
  /** En-têtes des colonnes dont la liaison a besoin (mesure, année). */
  colonnes: string[];
}

interface TableDuPaquet {
  nom: string;
  ref: string;
  colonnes: string[];
}

/** Les liaisons enregistrées, cherchées dans les textes du classeur (« {"table":"tblX","colonne":…} »). */
function liaisonsDuPaquet(sst: string): TableDemandee[] {
  const trouvees: TableDemandee[] = [];
  for (const m of deXml(sst).matchAll(/\{[^{}]*"table"\s*:\s*"[^"]+"[^{}]*\}/g)) {
    try {
      const l = JSON.parse(m[0]) as { table?: unknown; colonne?: unknown; colonneAnnee?: unknown };
      if (typeof l.table === 'string') trouvees.push({ table: l.table, colonnes: [l.colonne, l.colonneAnnee].filter((c): c is string => typeof c === 'string') });
    } catch {
      const table = /"table"\s*:\s*"([^"]+)"/.exec(m[0])?.[1];
      if (table) trouvees.push({ table, colonnes: [] });
    }
  }
  return trouvees;
}

/** Une grande feuille qui ne porte qu'un tableau lié : on ne garde que sa ligne d'en-têtes et les colonnes lues. */
function garderColonnes(xml: string, t: TableDuPaquet, colonnes: string[]): string | undefined {
  const [debut] = t.ref.split(':');
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(debut ?? '');
  if (!m || !colonnes.length) return undefined;
  const premiere = numeroColonne(m[1]);
  const lettres = new Set(
    colonnes
      .map((c) => t.colonnes.findIndex((x) => x.trim() === c.trim()))
      .filter((i) => i >= 0)
      .map((i) => lettreColonne(premiere + i)),
  );
  if (lettres.size !== colonnes.length) return undefined;
  const ligneEntete = Number(m[2]);
  return xml.replace(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g, (ligne, attrs: string, corps: string | undefined) => {
    const r = Number(/\sr="(\d+)"/.exec(attrs)?.[1]);
    if (r === ligneEntete || corps === undefined) return ligne;
    const gardees = Array.from(corps.matchAll(/<c\b[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g))
      .map((c) => c[0])
      .filter((c) => lettres.has(/\sr="([A-Z]+)\d+"/.exec(c)?.[1] ?? ''));
    return `<row${attrs}>${gardees.join('')}</row>`;
  });
}

/** Une feuille sans ses lignes (le reste de sa définition gardé) : ExcelJS n'a pas à les charger. */
const sansDonnees = (xml: string): string => xml.replace(/<sheetData\b[^>]*(?:\/>|>[\s\S]*<\/sheetData>)/, '<sheetData/>');

/**
 * Vide les données des grandes feuilles de l'établissement que rien ne lit, et ne garde d'une grande feuille qui porte
 * un tableau lié que les colonnes lues ; rend les noms des feuilles allégées.
 */
export async function allegerFeuillesNonLues(zip: JSZip, demandees: TableDemandee[] = []): Promise<string[]> {
  const wb = await cheminClasseur(zip);
  const feuilles = feuillesDuClasseur((await texteDe(zip, wb)) ?? '', lireRelations(await texteDe(zip, cheminRelations(wb)), wb));
  // Tableaux cités par une liaison : leur feuille est lue (seulement les colonnes utiles si elle est grande).
  const sst = (await texteDe(zip, 'xl/sharedStrings.xml')) ?? '';
  const liaisons = [...demandees, ...liaisonsDuPaquet(sst)];
  const liees = new Set(liaisons.map((l) => l.table.toLowerCase()));
  const tablesParFeuille = new Map<string, TableDuPaquet[]>();
  const toutes: string[] = [];
  for (const f of feuilles) {
    if (!f.chemin) continue;
    const tables: TableDuPaquet[] = [];
    for (const r of lireRelations(await texteDe(zip, cheminRelations(f.chemin)), f.chemin)) {
      if (!r.type.endsWith('/table')) continue;
      const xml = (await texteDe(zip, r.cible)) ?? '';
      const nom = /<(?:\w+:)?table\b[^>]*\s(?:displayName|name)="([^"]+)"/.exec(xml)?.[1];
      if (!nom) continue;
      tables.push({
        nom: deXml(nom).toLowerCase(),
        ref: /<(?:\w+:)?table\b[^>]*\sref="([^"]+)"/.exec(xml)?.[1] ?? '',
        colonnes: Array.from(xml.matchAll(/<(?:\w+:)?tableColumn\b[^>]*\sname="([^"]*)"/g)).map((c) => deXml(c[1])),
      });
    }
    tablesParFeuille.set(f.nom, tables);
    toutes.push(...tables.map((t) => t.nom));
  }
  // Un tableau lié introuvable (renommé) se retrouve à ses en-têtes : tout est lu.
  if ([...liees].some((t) => !toutes.includes(t))) return [];
  const allegees: string[] = [];
  for (const f of feuilles) {
    if (!f.chemin || FEUILLES_PRODUITES.has(f.nom) || f.nom.startsWith('LDM ')) continue;
    const tables = tablesParFeuille.get(f.nom) ?? [];
    if (tables.some((t) => TABLES_PRODUITES.has(t.nom))) continue;
    const xml = await texteDe(zip, f.chemin);
    if (!xml) continue;
    let lignes = 0;
    for (let i = xml.indexOf('<row'); i >= 0 && lignes < LIGNES_MIN_POUR_ALLEGER; i = xml.indexOf('<row', i + 4)) lignes++;
    if (lignes < LIGNES_MIN_POUR_ALLEGER) continue;
    const liesIci = tables.filter((t) => liees.has(t.nom));
    let allege: string | undefined;
    if (!liesIci.length) allege = sansDonnees(xml);
    else if (tables.length === 1) {
      const colonnes = [...new Set(liaisons.filter((l) => l.table.toLowerCase() === tables[0].nom).flatMap((l) => l.colonnes))];
      allege = garderColonnes(xml, tables[0], colonnes);
    }
    if (allege === undefined) continue;
    zip.file(f.chemin, allege, { createFolders: false });
    allegees.push(f.nom);
  }
  return allegees;
}

/**
 * Pour une écriture qui ne réécrit que quelques feuilles (le classeur régional : synthèse et registre ; les autres
 * sont recréées ou greffées telles quelles depuis le fichier d'origine), ExcelJS n'a pas à charger les autres : dans
 * la copie qu'il lit, chacune devient une feuille vide, sans même être décompressée (les constats de mille lycées
 * pèsent une vingtaine de mégaoctets). Le fichier d'origine, lui, n'est pas touché.
 */
export async function viderFeuillesSauf(zip: JSZip, gardees: string[]): Promise<void> {
  const wb = await cheminClasseur(zip);
  const feuilles = feuillesDuClasseur((await texteDe(zip, wb)) ?? '', lireRelations(await texteDe(zip, cheminRelations(wb)), wb));
  for (const f of feuilles) {
    if (f.chemin && !gardees.includes(f.nom) && zip.file(f.chemin)) zip.file(f.chemin, FEUILLE_VIDE, { createFolders: false });
  }
}

const FEUILLE_VIDE =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData/></worksheet>';

/** Au-delà, ExcelJS déplierait la validation cellule par cellule (une colonne entière : un million d'objets). */
export const CELLULES_MAX_VALIDATION = 100_000;

/** Nombre de cellules d'une liste de plages « A1:B10 D4 » (plage illisible : comptée comme démesurée). */
export function cellulesDePlages(sqref: string): number {
  let total = 0;
  for (const p of sqref.trim().split(/\s+/)) {
    const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(p);
    if (!m) return Number.POSITIVE_INFINITY;
    const hauteur = Math.abs(Number(m[4] ?? m[2]) - Number(m[2])) + 1;
    const largeur = Math.abs(numeroColonne(m[3] ?? m[1]) - numeroColonne(m[1])) + 1;
    total += hauteur * largeur;
  }
  return total;
}

/**
 * Retire de la copie lue par ExcelJS les validations qui couvrent des colonnes entières ou plus : il les déplierait
 * cellule par cellule (mémoire et temps sans limite). Le cœur ne les lit pas ; la feuille d'origine les garde
 * (recopiée telle quelle), et une feuille que Pilote LDM réécrirait est refusée par l'inventaire.
 */
export async function ecarterValidationsDemesurees(zip: JSZip): Promise<void> {
  for (const nom of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))) {
    const xml = await texteDe(zip, nom);
    if (!xml || !xml.includes('<dataValidation')) continue;
    const corrige = xml.replace(/<dataValidation\b[^>]*?\ssqref="([^"]*)"[^>]*?(?:\/>|>[\s\S]*?<\/dataValidation>)/g, (v, sqref: string) =>
      cellulesDePlages(sqref) > CELLULES_MAX_VALIDATION ? '' : v,
    );
    if (corrige !== xml) zip.file(nom, corrige, { createFolders: false });
  }
}
