import ExcelJS from 'exceljs';
import { OptionsGeneration, PlanGeneration } from '../../core/usages/generation';
import { Identite } from '../../core/modele/identite';
import { OptionsRapport, PlanRapport } from '../../core/audit/rapport';
import { DateCivile, dateCivileDe } from '../../core/modele/dates';
import { chargerClasseur } from './fichier';
import { AnomalieFichier, EtablissementConsolide } from '../../core/consolidation/lecture';
import { ContenuNonConserve } from '../../core/modele/classeur';
import {
  Verification,
  consolider as consoliderPort,
  generer,
  lireIdentite as lireIdentitePort,
  produireRapport as produireRapportPort,
  verifier,
} from '../../core/usages/operations';
import { FichierExistant, portExcelJS } from './port';
import { analyserContenu, anomalieDeLecture, refusTropGros } from '../paquet/analyse';
import { ecrireClasseurNeuf } from '../paquet/ecrivain';

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

export interface FichierAConsolider {
  nom: string;
  taille: number;
  /** Date du fichier sur le disque (ou du fichier choisi dans le navigateur). */
  modifieLe?: Date;
  /** Le contenu, lu seulement au moment de son tour : un lot de 200 fichiers n'est jamais tout entier en mémoire. */
  lire: () => Promise<Uint8Array>;
}

export interface ResultatConsolidationFichier {
  contenu: Uint8Array;
  retenus: EtablissementConsolide[];
  anomalies: AnomalieFichier[];
}

/**
 * Consolide des classeurs d'établissements dans le classeur régional (nouveau ou existant).
 * Un fichier mauvais n'arrête jamais le lot : il va dans « Anomalies », avec la raison.
 */
/** Lit les classeurs des établissements ; un fichier mauvais va dans les anomalies, jamais ne bloque le lot. */
export async function analyserFichiers(fichiers: FichierAConsolider[], maintenant: Date): Promise<{ etablissements: EtablissementConsolide[]; anomalies: AnomalieFichier[] }> {
  const aujourdhui = dateCivileDe(maintenant);
  const etablissements: EtablissementConsolide[] = [];
  const anomalies: AnomalieFichier[] = [];
  for (const f of fichiers) {
    let r = refusTropGros(f.nom, f.taille);
    if (!r) {
      try {
        const contenu = await f.lire();
        r = analyserContenu(contenu, f.nom, aujourdhui, f.modifieLe);
      } catch (e) {
        r = anomalieDeLecture(f.nom, e);
      }
    }
    if ('etablissement' in r) etablissements.push(r.etablissement);
    else anomalies.push(r.anomalie);
  }
  return { etablissements, anomalies };
}

/** Consolide des classeurs d'établissements dans le classeur régional (nouveau ou existant), hors d'Excel. */
export async function consoliderClasseurs(
  fichiers: FichierAConsolider[],
  region: { contenu: Uint8Array; nom: string } | undefined,
  maintenant: Date,
): Promise<ResultatConsolidationFichier> {
  const { etablissements, anomalies } = await analyserFichiers(fichiers, maintenant);
  return ecrireConsolidation(etablissements, anomalies, region);
}

/** Écrit la consolidation (établissements déjà lus, anomalies) dans le classeur régional, nouveau ou existant. */
export async function ecrireConsolidation(
  etablissements: EtablissementConsolide[],
  anomalies: AnomalieFichier[],
  region: { contenu: Uint8Array; nom: string } | undefined,
): Promise<ResultatConsolidationFichier> {
  // Un classeur régional neuf s'écrit directement en XML, sans modèle en mémoire (des centaines d'établissements) ;
  // un classeur régional existant passe par ExcelJS et la greffe, qui gardent tout ce que la DRAFPIC y a mis.
  if (!region) {
    let contenu: Uint8Array | undefined;
    const r = await consoliderPort(
      {
        lire: () => Promise.resolve({ feuilles: [], nomsTableaux: [], tableaux: {}, cellules: {} }),
        ecrire: (feuilles, _lu, active) => {
          contenu = ecrireClasseurNeuf(feuilles, active);
          return Promise.resolve();
        },
      },
      etablissements,
      anomalies,
    );
    return { contenu: contenu as Uint8Array, retenus: r.retenus, anomalies: r.anomalies };
  }
  const wb = (await chargerClasseur(region.contenu, region.nom)).classeur;
  const port = portExcelJS(wb, region);
  const r = await consoliderPort(port, etablissements, anomalies);
  return { contenu: port.contenu as Uint8Array, retenus: r.retenus, anomalies: r.anomalies };
}
