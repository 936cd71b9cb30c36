import JSZip from 'jszip';
import { FEUILLE_PILOTE, TABLE_METADONNEES } from '../../core/layout/piloteLdm';
import { FEUILLE_AUTO_EVALUATION, TABLE_AUTO_EVALUATION } from '../../core/layout/autoEvaluation';
import { FEUILLE_EXEMPLES, FEUILLE_INDICATEURS, FEUILLE_PLAN, TABLE_EXEMPLES, TABLE_INDICATEURS, TABLE_PLAN } from '../../core/plan/feuilles';
import { FEUILLE_GRILLE_AUDIT, TABLE_COMPLEMENTAIRES, TABLE_GRILLE_AUDIT } from '../../core/audit/grille';
import { FEUILLE_RAPPORT } from '../../core/audit/rapport';
import { FEUILLE_SUIVI } from '../../core/audit/fiches';
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
]);
const TABLES_PRODUITES = new Set(
  [TABLE_METADONNEES, TABLE_AUTO_EVALUATION, TABLE_PLAN, TABLE_INDICATEURS, TABLE_EXEMPLES, TABLE_GRILLE_AUDIT, TABLE_COMPLEMENTAIRES, TABLE_SYNTHESE, TABLE_CONSTATS, TABLE_PAR_CRITERE, TABLE_ANOMALIES].map((t) =>
    t.toLowerCase(),
  ),
);
/** Au-dessous, alléger ne vaut pas la peine. */
const LIGNES_MIN_POUR_ALLEGER = 2000;

/** Vide les données des grandes feuilles de l'établissement que rien ne lit ; rend les noms des feuilles allégées. */
export async function allegerFeuillesNonLues(zip: JSZip, tablesDemandees: string[] = []): Promise<string[]> {
  const wb = await cheminClasseur(zip);
  const feuilles = feuillesDuClasseur((await texteDe(zip, wb)) ?? '', lireRelations(await texteDe(zip, cheminRelations(wb)), wb));
  // Tableaux cités par une liaison (« "table":"tblX" » dans un texte du classeur) : leur feuille est lue.
  const sst = (await texteDe(zip, 'xl/sharedStrings.xml')) ?? '';
  const liees = new Set([...tablesDemandees, ...Array.from(deXml(sst).matchAll(/"table"\s*:\s*"([^"]+)"/g)).map((m) => m[1])].map((t) => t.toLowerCase()));
  const tablesParFeuille = new Map<string, string[]>();
  const toutes: string[] = [];
  for (const f of feuilles) {
    if (!f.chemin) continue;
    const noms: string[] = [];
    for (const r of lireRelations(await texteDe(zip, cheminRelations(f.chemin)), f.chemin)) {
      if (!r.type.endsWith('/table')) continue;
      const xml = (await texteDe(zip, r.cible)) ?? '';
      const nom = /<(?:\w+:)?table\b[^>]*\s(?:displayName|name)="([^"]+)"/.exec(xml)?.[1];
      if (nom) noms.push(deXml(nom).toLowerCase());
    }
    tablesParFeuille.set(f.nom, noms);
    toutes.push(...noms);
  }
  // Un tableau lié introuvable (renommé) se retrouve à ses en-têtes : tout est lu.
  if ([...liees].some((t) => !toutes.includes(t))) return [];
  const allegees: string[] = [];
  for (const f of feuilles) {
    if (!f.chemin || FEUILLES_PRODUITES.has(f.nom) || f.nom.startsWith('LDM ')) continue;
    const tables = tablesParFeuille.get(f.nom) ?? [];
    if (tables.some((t) => TABLES_PRODUITES.has(t) || liees.has(t))) continue;
    const xml = await texteDe(zip, f.chemin);
    if (!xml) continue;
    let lignes = 0;
    for (let i = xml.indexOf('<row'); i >= 0 && lignes < LIGNES_MIN_POUR_ALLEGER; i = xml.indexOf('<row', i + 4)) lignes++;
    if (lignes < LIGNES_MIN_POUR_ALLEGER) continue;
    zip.file(f.chemin, xml.replace(/<sheetData\b[^>]*(?:\/>|>[\s\S]*<\/sheetData>)/, '<sheetData/>'), { createFolders: false });
    allegees.push(f.nom);
  }
  return allegees;
}
