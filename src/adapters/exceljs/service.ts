import ExcelJS from 'exceljs';
import { ClasseurLu, classeurVide } from '../../core/classeur';
import { OptionsGeneration, PlanGeneration, identiteDuClasseur, planifierGeneration, referentielDuClasseur } from '../../core/generation';
import { Identite } from '../../core/identite';
import { Constat, CompletudeCritere, completudeParCritere, constatsDuClasseur, demandeLectureVerification } from '../../core/regles/constats';
import { OptionsRapport, PlanRapport, demandeLectureFiches, planifierRapport } from '../../core/audit/rapport';
import { DateCivile, dateCivileDe } from '../../core/audit/dates';
import { demandeLectureSources } from '../../core/plan/liaisons';
import { ResumePlan, resumePlan } from '../../core/plan/constats';
import { TAILLE_MAX_OCTETS, chargerClasseur, ecrireClasseur } from './fichier';
import { AnomalieFichier, EtablissementConsolide, FichierRefuse, lireEtablissement } from '../../core/consolidation/lecture';
import { consolider, demandeLectureRegion } from '../../core/consolidation/region';
import { referentielNational } from '../../core/referentiel';
import { ClasseurIllisible, ContenuNonConserve } from '../../core/classeur';
import { ecrireFeuilles, lireClasseur, valeursTypeesDesLiens } from './adaptateur';
import { greffer, verifierFeuillesAReecrire } from './greffe';
import { FeuilleLayout } from '../../core/layout/types';
import JSZip from 'jszip';

export interface ResultatGeneration {
  contenu: Uint8Array;
  plan: PlanGeneration;
}

interface FichierExistant {
  contenu: Uint8Array;
  nom: string;
}

/**
 * Refuse avant toute écriture une feuille à réécrire qui porte un contenu que l'écriture perdrait
 * (sauf copie acceptée avec pertes, qui ne remplace jamais le fichier d'origine).
 */
async function verifierAvantEcriture(existant: FichierExistant | undefined, feuilles: FeuilleLayout[], accepterPertes: boolean): Promise<void> {
  if (!existant || accepterPertes) return;
  await verifierFeuillesAReecrire(await JSZip.loadAsync(existant.contenu), feuilles.map((f) => f.nom), existant.nom);
}

/** Écrit les feuilles de l'opération dans le fichier d'origine ; tout le reste du fichier est recopié tel quel. */
async function ecrireParGreffe(existant: FichierExistant | undefined, wb: ExcelJS.Workbook, feuilles: FeuilleLayout[], active: string): Promise<Uint8Array> {
  if (!existant) return ecrireClasseur(wb);
  // Les autres feuilles viendront du fichier d'origine : inutile qu'ExcelJS les sérialise.
  const ecrites = new Set(feuilles.map((f) => f.nom));
  for (const ws of [...wb.worksheets]) if (!ecrites.has(ws.name)) wb.removeWorksheet(ws.id);
  const produit = await ecrireClasseur(wb);
  return greffer(existant.contenu, produit, {
    feuilles: feuilles.map((f) => f.nom),
    nomsDefinis: feuilles.flatMap((f) => f.nomsDefinis.map((n) => n.nom)),
    active,
    nomFichier: existant.nom,
    valeursTypees: valeursTypeesDesLiens(wb),
  });
}

export { ContenuNonConserve };

/**
 * Génère (ou régénère en gardant les saisies) les feuilles dans un classeur .xlsx, hors d'Excel.
 * Seules les feuilles générées sont réécrites ; une feuille générée qui porte un contenu que l'écriture perdrait
 * (zone de texte, graphique…) est refusée, sauf copie acceptée avec pertes.
 */
export async function genererClasseur(
  existant: { contenu: Uint8Array; nom: string } | undefined,
  options: OptionsGeneration,
  accepterPertes = false,
): Promise<ResultatGeneration> {
  let wb = new ExcelJS.Workbook();
  let lu: ClasseurLu = classeurVide;
  if (existant) {
    const l = options.liaison;
    const table = l?.table;
    const demandees = l ? [{ table: l.table, colonnes: [l.colonne, ...(l.colonneAnnee ? [l.colonneAnnee] : [])] }] : [];
    wb = (await chargerClasseur(existant.contenu, existant.nom, { tablesDemandees: demandees })).classeur;
    lu = lireClasseurComplet(wb, existant.nom, table);
  } else {
    wb.creator = 'Pilote LDM';
    wb.created = options.maintenant;
  }
  const plan = planifierGeneration(lu, options);
  await verifierAvantEcriture(existant, plan.feuilles, accepterPertes);
  const active = plan.feuilles[plan.feuilles.length - 1].nom;
  ecrireFeuilles(wb, plan.feuilles, lu, active);
  wb.calcProperties = { ...(wb.calcProperties ?? {}), fullCalcOnLoad: true };
  return { contenu: await ecrireParGreffe(existant, wb, plan.feuilles, active), plan };
}

export interface ResultatVerification {
  constats: Constat[];
  completude: CompletudeCritere[];
  planActions: ResumePlan;
}

/** Tout ce que le cœur peut demander : tableaux, identité, en-tête d'audit, puis les saisies des fiches d'écart. */
function lireClasseurComplet(wb: ExcelJS.Workbook, nom = 'classeur', tableDemandee?: string): ClasseurLu {
  try {
    return lireClasseurEntier(wb, tableDemandee);
  } catch (e) {
    if (e instanceof ClasseurIllisible) throw new ClasseurIllisible(`Le fichier « ${nom} » ne peut pas être lu : ${e.message.replace(/^Le /, 'le ')}`);
    throw new ClasseurIllisible(`Le fichier « ${nom} » contient un élément que Pilote LDM ne sait pas lire : il n'a pas été modifié. Ouvrez-le dans Excel ou LibreOffice, enregistrez-le de nouveau, puis recommencez.`);
  }
}

function lireClasseurEntier(wb: ExcelJS.Workbook, tableDemandee?: string): ClasseurLu {
  const lu = lireClasseur(wb, demandeLectureVerification());
  const suite = lireClasseur(wb, { ...demandeLectureFiches(lu.feuilles), tableaux: demandeLectureSources(lu, tableDemandee).tableaux });
  return {
    ...lu,
    tableaux: Object.assign(Object.create(null) as ClasseurLu['tableaux'], suite.tableaux, lu.tableaux),
    cellules: Object.assign(Object.create(null) as ClasseurLu['cellules'], lu.cellules, suite.cellules),
  };
}

export async function verifierClasseur(contenu: Uint8Array, nom: string, aujourdhui?: DateCivile): Promise<ResultatVerification> {
  const { classeur } = await chargerClasseur(contenu, nom);
  const lu = lireClasseurComplet(classeur, nom);
  return verification(lu, aujourdhui);
}

export function verification(lu: ClasseurLu, aujourdhui?: DateCivile): ResultatVerification {
  const jour = aujourdhui ?? dateCivileDe(new Date());
  return { constats: constatsDuClasseur(lu, aujourdhui), completude: completudeParCritere(lu), planActions: resumePlan(referentielDuClasseur(lu), lu, jour) };
}

export interface ResultatRapport {
  contenu: Uint8Array;
  plan: PlanRapport;
}

/** Produit le rapport LDM 011, les fiches LDM 010 et le suivi des écarts dans le classeur, hors d'Excel. */
export async function produireRapport(existant: { contenu: Uint8Array; nom: string }, options: OptionsRapport, accepterPertes = false): Promise<ResultatRapport> {
  const { classeur } = await chargerClasseur(existant.contenu, existant.nom);
  const lu = lireClasseurComplet(classeur, existant.nom);
  const plan = planifierRapport(lu, options);
  await verifierAvantEcriture(existant, plan.feuilles, accepterPertes);
  ecrireFeuilles(classeur, plan.feuilles, lu, plan.feuilles[0].nom);
  classeur.calcProperties = { ...(classeur.calcProperties ?? {}), fullCalcOnLoad: true };
  return { contenu: await ecrireParGreffe(existant, classeur, plan.feuilles, plan.feuilles[0].nom), plan };
}

/** L'identité déjà enregistrée dans un classeur (vide pour un classeur qui n'est pas de Pilote LDM). */
export async function lireIdentite(contenu: Uint8Array, nom: string): Promise<Partial<Identite>> {
  const { classeur } = await chargerClasseur(contenu, nom);
  return identiteDuClasseur(lireClasseurComplet(classeur, nom));
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
    if (f.taille > TAILLE_MAX_OCTETS) {
      anomalies.push({ fichier: f.nom, prise: 'non', motif: `fichier de ${(f.taille / 1048576).toFixed(0)} Mo, au-delà de ${TAILLE_MAX_OCTETS / 1048576} Mo : non ouvert.` });
      continue;
    }
    try {
      const { classeur, modifieLe } = await chargerClasseur(await f.lire(), f.nom);
      const e = lireEtablissement(lireClasseurComplet(classeur, f.nom), f.nom, aujourdhui, referentielNational);
      const fichierModifieLe = f.modifieLe && !Number.isNaN(f.modifieLe.getTime()) ? f.modifieLe.toISOString() : undefined;
      const proprietes = modifieLe?.toISOString();
      etablissements.push({ ...e, modifieLe: proprietes ?? fichierModifieLe, fichierModifieLe });
    } catch (e) {
      const motif =
        e instanceof ClasseurIllisible
          ? e.message.replace(/^Le fichier « [^»]* » /, '')
          : e instanceof FichierRefuse
            ? e.message
            : "contenu inattendu : le fichier n'a pas pu être lu. Demandez à l'établissement de l'ouvrir dans Excel, de l'enregistrer de nouveau et de le renvoyer.";
      anomalies.push({ fichier: f.nom, prise: 'non', motif });
    }
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
  let wb = new ExcelJS.Workbook();
  if (region) wb = (await chargerClasseur(region.contenu, region.nom)).classeur;
  const lu = lireClasseur(wb, demandeLectureRegion());
  const r = consolider(referentielNational, etablissements, anomalies, lu);
  await verifierAvantEcriture(region, r.feuilles, false);
  ecrireFeuilles(wb, r.feuilles, lu, r.feuilles[0].nom);
  return { contenu: await ecrireParGreffe(region, wb, r.feuilles, r.feuilles[0].nom), retenus: r.retenus, anomalies: r.anomalies };
}
