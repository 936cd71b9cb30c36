import ExcelJS from 'exceljs';
import { OptionsGeneration, PlanGeneration } from '../../core/usages/generation';
import { Identite } from '../../core/modele/identite';
import { OptionsRapport, PlanRapport } from '../../core/audit/rapport';
import { DateCivile } from '../../core/modele/dates';
import { chargerClasseur } from './fichier';
import { AnomalieFichier, EtablissementConsolide } from '../../core/consolidation/lecture';
import { ContenuNonConserve } from '../../core/modele/classeur';
import {
  Verification,
  consolider as consoliderPort,
  generer,
  lireIdentite as lireIdentitePort,
  produireRapport as produireRapportPort,
  produireFicheAction as produireFicheActionPort,
  verifier,
} from '../../core/usages/operations';
import { FichierExistant, PortExcelJS, portExcelJS } from './port';
import { ClasseurDirect } from '../paquet/lecteurDirect';
import { LIMITES, LimitesArchive } from './archive';
import { PaquetModifiable } from '../paquet/paquetModifiable';
import { FEUILLE_SYNTHESE } from '../../core/consolidation/region';
import { FEUILLE_REGISTRE } from '../../core/consolidation/registre';
import { BilanFusion, Repartition, fusionner as fusionnerPort, repartir as repartirPort } from '../../core/usages/equipe';
import { CopieAuditeur, nomDeCopie } from '../../core/audit/equipe';
import { GenreFiche } from '../../core/plan/fichesAction';
import { demandeLectureGeneration } from '../../core/usages/generation';
import { portLectureDirecte } from '../paquet/port';
import { FichierAConsolider, ResultatConsolidationFichier, analyserFichiers, ecrireRegionNeuve, resultatFichier } from '../paquet/consolidation';
import { accuser as accuserPort } from '../../core/usages/registre';
import { ecrireClasseurNeuf } from '../paquet/ecrivain';
import { greffer, stylesDuPaquet, verifierFeuillesAReecrire } from './greffe';
import { listesDeStyles } from '../paquet/listesDeStyles';

export type { FichierAConsolider, ResultatConsolidationFichier };
export { analyserFichiers };

export interface ResultatGeneration {
  contenu: Uint8Array;
  plan: PlanGeneration;
}

export { ContenuNonConserve };
export type { Verification as ResultatVerification };

/**
 * Génère (ou régénère en gardant les saisies) les feuilles dans un classeur .xlsx, hors d'Excel.
 * Seules les feuilles générées sont réécrites ; une feuille générée qui porte un contenu que l'écriture perdrait
 * (zone de texte, graphique…) est refusée, sauf copie acceptée avec pertes.
 */
export async function genererClasseur(existant: FichierExistant | undefined, options: OptionsGeneration, accepterPertes = false): Promise<ResultatGeneration> {
  let wb = new ExcelJS.Workbook();
  if (existant) {
    const l = options.liaison;
    const demandees = l ? [{ table: l.table, colonnes: [l.colonne, ...(l.colonneAnnee ? [l.colonneAnnee] : [])] }] : [];
    wb = (await chargerClasseur(existant.contenu, existant.nom, { tablesDemandees: demandees })).classeur;
  } else {
    wb.creator = 'Pilote LDM';
    wb.created = options.maintenant;
  }
  const port = portExcelJS(wb, existant, accepterPertes);
  const plan = await generer(port, options);
  return { contenu: port.contenu as Uint8Array, plan };
}

export async function verifierClasseur(contenu: Uint8Array, nom: string, aujourdhui?: DateCivile): Promise<Verification> {
  const { classeur } = await chargerClasseur(contenu, nom);
  return verifier(portExcelJS(classeur, { contenu, nom }), aujourdhui);
}

export interface ResultatRapport {
  contenu: Uint8Array;
  plan: PlanRapport;
}

/** Produit le rapport LDM 011, les fiches LDM 010 et le suivi des écarts dans le classeur, hors d'Excel. */
export async function produireRapport(existant: FichierExistant, options: OptionsRapport, accepterPertes = false): Promise<ResultatRapport> {
  const { classeur } = await chargerClasseur(existant.contenu, existant.nom);
  const port = portExcelJS(classeur, existant, accepterPertes);
  const plan = await produireRapportPort(port, options);
  return { contenu: port.contenu as Uint8Array, plan };
}

/** L'identité déjà enregistrée dans un classeur (vide pour un classeur qui n'est pas de Pilote LDM). */
export async function lireIdentite(contenu: Uint8Array, nom: string): Promise<Partial<Identite>> {
  const { classeur } = await chargerClasseur(contenu, nom);
  return lireIdentitePort(portExcelJS(classeur, { contenu, nom }));
}


/** Consolide des classeurs d'établissements dans le classeur régional (nouveau ou existant), hors d'Excel. */
export async function consoliderClasseurs(
  fichiers: FichierAConsolider[],
  region: { contenu: Uint8Array; nom: string } | undefined,
  maintenant: Date,
  progression?: (faits: number, total: number) => void,
): Promise<ResultatConsolidationFichier> {
  const { etablissements, anomalies } = await analyserFichiers(fichiers, maintenant, progression);
  return ecrireConsolidation(etablissements, anomalies, region);
}

/** Un classeur régional de mille établissements se lit avec des limites à sa mesure (le lecteur ne lit que ses tableaux). */
const LIMITES_REGION: LimitesArchive = { ...LIMITES, lignesParFeuille: 1_500_000, cellules: 30_000_000 };

/**
 * Le classeur régional existant : lu par le lecteur direct (seuls ses tableaux). Les feuilles entièrement produites
 * (constats, matrice, historiques…) sont écrites par l'écrivain direct ; seules les feuilles `reecrites`, qui gardent
 * les saisies et la mise en forme de la DRAFPIC, passent par ExcelJS (qui ne charge qu'elles). Les unes puis les
 * autres sont greffées dans le fichier d'origine : tout le reste (feuilles de la DRAFPIC, graphiques…) est recopié.
 */
function portRegional(region: FichierExistant, reecrites: string[]): PortExcelJS {
  const lecteur = portLectureDirecte(region.contenu, region.nom, new ClasseurDirect(region.contenu, region.nom, LIMITES_REGION));
  const port: PortExcelJS = {
    lire: (demande, suite) => lecteur.lire(demande, suite),
    async ecrire(feuilles, lu, active) {
      const directes = feuilles.filter((f) => f.remplacer && !reecrites.includes(f.nom) && !f.nomsDefinis.length && !f.protegee);
      const noms = directes.map((f) => f.nom);
      // Refusé avant toute écriture : ce que la greffe ne saurait pas recopier sur les feuilles recréées.
      if (directes.length) verifierFeuillesAReecrire(new PaquetModifiable(region.contenu, region.nom, LIMITES_REGION), noms, region.nom);
      const parExcelJS = feuilles.filter((f) => !directes.includes(f));
      let contenu = region.contenu;
      if (parExcelJS.length) {
        const ecrivain = portExcelJS((await chargerClasseur(region.contenu, region.nom, { seulesFeuilles: reecrites })).classeur, region);
        await ecrivain.ecrire(parExcelJS, lu, active);
        contenu = ecrivain.contenu as Uint8Array;
      }
      if (directes.length) {
        // Écrites sur les styles du classeur (prolongés) : la greffe les recopie telles quelles, sans les relire.
        const styles = stylesDuPaquet(new PaquetModifiable(contenu, region.nom, LIMITES_REGION));
        const surStyles = styles !== undefined && listesDeStyles(styles) !== undefined;
        const produit = surStyles ? ecrireClasseurNeuf(directes, active, { stylesDeBase: styles }) : ecrireClasseurNeuf(directes, noms.includes(active) ? active : noms[0], { sansCompression: true });
        contenu = greffer(contenu, produit, { feuilles: noms, nomsDefinis: [], active, nomFichier: region.nom, produitPreindexe: surStyles });
      }
      port.contenu = contenu;
    },
  };
  return port;
}

/** Écrit la consolidation (établissements déjà lus, anomalies) dans le classeur régional, nouveau ou existant. */
export async function ecrireConsolidation(
  etablissements: EtablissementConsolide[],
  anomalies: AnomalieFichier[],
  region: { contenu: Uint8Array; nom: string } | undefined,
): Promise<ResultatConsolidationFichier> {
  if (!region) return ecrireRegionNeuve(etablissements, anomalies);
  const port = portRegional(region, [FEUILLE_SYNTHESE, FEUILLE_REGISTRE]);
  const r = await consoliderPort(port, etablissements, anomalies);
  return resultatFichier(port.contenu as Uint8Array, r);
}

/**
 * Répartit l'audit : la répartition des critères écrite dans la grille du référent, puis une copie par auditeur
 * (grille vidée, ses critères surlignés, son nom enregistré dans la copie).
 */
export async function repartirAudit(existant: FichierExistant, maintenant: Date): Promise<{ contenu: Uint8Array; copies: Array<CopieAuditeur & { nom: string; contenu: Uint8Array }> }> {
  const port = portExcelJS((await chargerClasseur(existant.contenu, existant.nom)).classeur, existant);
  const repartition = await repartirPort(port);
  const contenu = port.contenu as Uint8Array;
  return { contenu, copies: await copiesDesAuditeurs({ contenu, nom: existant.nom }, repartition, maintenant) };
}

/** Une copie de la grille du référent (déjà répartie) par auditeur : grille vidée, ses critères surlignés. */
export async function copiesDesAuditeurs(grille: FichierExistant, repartition: Repartition, maintenant: Date): Promise<Array<CopieAuditeur & { nom: string; contenu: Uint8Array }>> {
  const produites: Array<CopieAuditeur & { nom: string; contenu: Uint8Array }> = [];
  for (const c of repartition.copies) {
    const r = await genererClasseur(grille, { identite: {}, feuilles: ['grille-audit'], copieAuditeur: c, maintenant });
    produites.push({ ...c, nom: nomDeCopie(repartition.rne, c.auditeur), contenu: r.contenu });
  }
  return produites;
}

/** Fusionne les copies des auditeurs dans la grille du référent ; les copies sont lues sans ExcelJS, jamais réécrites. */
export async function fusionnerAudit(existant: FichierExistant, copies: Array<{ nom: string; contenu: Uint8Array }>): Promise<{ contenu: Uint8Array; bilan: BilanFusion }> {
  const port = portExcelJS((await chargerClasseur(existant.contenu, existant.nom)).classeur, existant);
  const bilan = await fusionnerPort(
    port,
    copies.map((c) => ({ fichier: c.nom, lire: () => portLectureDirecte(c.contenu, c.nom).lire(demandeLectureGeneration()) })),
  );
  return { contenu: port.contenu as Uint8Array, bilan };
}

/** LDM 007 : le registre du classeur régional mis à jour, et la lettre dans un classeur à part. */
export async function accuserReceptionFichier(region: FichierExistant, rne: string, conforme: boolean, le: DateCivile): Promise<{ region: Uint8Array; lettre: Uint8Array; etablissement: string }> {
  const port = portRegional(region, [FEUILLE_REGISTRE]);
  const { lettre, etablissement } = await accuserPort(port, rne, conforme, le);
  return { region: port.contenu as Uint8Array, lettre: ecrireClasseurNeuf([lettre], lettre.nom), etablissement };
}

/** LDM 005 ou LDM 006 pour l'action n°N du plan, dans le classeur, hors d'Excel. */
export async function produireFicheAction(existant: FichierExistant, genre: GenreFiche, n: number): Promise<{ contenu: Uint8Array; feuille: string }> {
  const port = portExcelJS((await chargerClasseur(existant.contenu, existant.nom)).classeur, existant);
  const { feuille } = await produireFicheActionPort(port, genre, n);
  return { contenu: port.contenu as Uint8Array, feuille };
}
