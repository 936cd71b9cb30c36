import ExcelJS from 'exceljs';
import { ClasseurLu, classeurVide } from '../../core/classeur';
import { OptionsGeneration, PlanGeneration, identiteDuClasseur, planifierGeneration, referentielDuClasseur } from '../../core/generation';
import { Identite } from '../../core/identite';
import { Constat, CompletudeCritere, completudeParCritere, constatsDuClasseur, demandeLectureVerification } from '../../core/regles/constats';
import { OptionsRapport, PlanRapport, demandeLectureFiches, planifierRapport } from '../../core/audit/rapport';
import { DateCivile } from '../../core/audit/dates';
import { demandeLectureSources } from '../../core/plan/liaisons';
import { ResumePlan, resumePlan } from '../../core/plan/constats';
import { TAILLE_MAX_OCTETS, chargerClasseur, ecrireClasseur } from './fichier';
import { AnomalieFichier, EtablissementConsolide, FichierRefuse, lireEtablissement } from '../../core/consolidation/lecture';
import { consolider, demandeLectureRegion } from '../../core/consolidation/region';
import { referentielNational } from '../../core/referentiel';
import { ClasseurIllisible, ContenuNonConserve } from '../../core/classeur';
import { ecrireFeuilles, lireClasseur } from './adaptateur';

export interface ResultatGeneration {
  contenu: Uint8Array;
  plan: PlanGeneration;
  /** Parties du classeur d'origine qui ne survivraient pas à la réécriture hors d'Excel. */
  contenusNonConserves: string[];
}

export { ContenuNonConserve };

/**
 * Génère (ou régénère en gardant les saisies) les feuilles dans un classeur .xlsx, hors d'Excel.
 * Un classeur contenant des éléments qu'ExcelJS perdrait n'est pas réécrit, sauf si on l'accepte.
 */
export async function genererClasseur(
  existant: { contenu: Uint8Array; nom: string } | undefined,
  options: OptionsGeneration,
  accepterPertes = false,
): Promise<ResultatGeneration> {
  let wb = new ExcelJS.Workbook();
  let lu: ClasseurLu = classeurVide;
  let contenusNonConserves: string[] = [];
  if (existant) {
    const charge = await chargerClasseur(existant.contenu, existant.nom);
    wb = charge.classeur;
    contenusNonConserves = charge.contenusNonConserves;
    if (contenusNonConserves.length && !accepterPertes) {
      throw new ContenuNonConserve(
        `Le classeur « ${existant.nom} » contient ${contenusNonConserves.join(', ')} que la génération hors d'Excel ne sait pas recopier : il n'a pas été modifié. ` +
          "Régénérez depuis Excel avec le volet Pilote LDM, ou écrivez une copie séparée (option --out) en acceptant qu'ils n'y figurent pas (--accepter-pertes).",
      );
    }
    lu = lireClasseurComplet(wb);
  } else {
    wb.creator = 'Pilote LDM';
    wb.created = options.maintenant;
  }
  const plan = planifierGeneration(lu, options);
  ecrireFeuilles(wb, plan.feuilles, lu);
  wb.calcProperties = { ...(wb.calcProperties ?? {}), fullCalcOnLoad: true };
  return { contenu: await ecrireClasseur(wb), plan, contenusNonConserves };
}

export interface ResultatVerification {
  constats: Constat[];
  completude: CompletudeCritere[];
  planActions: ResumePlan;
}

/** Tout ce que le cœur peut demander : tableaux, identité, en-tête d'audit, puis les saisies des fiches d'écart. */
function lireClasseurComplet(wb: ExcelJS.Workbook): ClasseurLu {
  const lu = lireClasseur(wb, demandeLectureVerification());
  const suite = lireClasseur(wb, { ...demandeLectureFiches(lu.feuilles), tableaux: demandeLectureSources(lu).tableaux });
  return { ...lu, tableaux: { ...suite.tableaux, ...lu.tableaux }, cellules: { ...lu.cellules, ...suite.cellules } };
}

export async function verifierClasseur(contenu: Uint8Array, nom: string, aujourdhui?: DateCivile): Promise<ResultatVerification> {
  const { classeur } = await chargerClasseur(contenu, nom);
  const lu = lireClasseurComplet(classeur);
  return verification(lu, aujourdhui);
}

export function verification(lu: ClasseurLu, aujourdhui?: DateCivile): ResultatVerification {
  const jour = aujourdhui ?? { annee: new Date().getFullYear(), mois: new Date().getMonth() + 1, jour: new Date().getDate() };
  return { constats: constatsDuClasseur(lu, aujourdhui), completude: completudeParCritere(lu), planActions: resumePlan(referentielDuClasseur(lu), lu, jour) };
}

export interface ResultatRapport {
  contenu: Uint8Array;
  plan: PlanRapport;
}

/** Produit le rapport LDM 011, les fiches LDM 010 et le suivi des écarts dans le classeur, hors d'Excel. */
export async function produireRapport(existant: { contenu: Uint8Array; nom: string }, options: OptionsRapport, accepterPertes = false): Promise<ResultatRapport> {
  const { classeur, contenusNonConserves } = await chargerClasseur(existant.contenu, existant.nom);
  if (contenusNonConserves.length && !accepterPertes) {
    throw new ContenuNonConserve(
      `Le classeur « ${existant.nom} » contient ${contenusNonConserves.join(', ')} que la production du rapport hors d'Excel ne sait pas recopier : il n'a pas été modifié. Produisez le rapport depuis Excel avec le volet Pilote LDM.`,
    );
  }
  const lu = lireClasseurComplet(classeur);
  const plan = planifierRapport(lu, options);
  ecrireFeuilles(classeur, plan.feuilles, lu, plan.feuilles[0].nom);
  classeur.calcProperties = { ...(classeur.calcProperties ?? {}), fullCalcOnLoad: true };
  return { contenu: await ecrireClasseur(classeur), plan };
}

/** L'identité déjà enregistrée dans un classeur (vide pour un classeur qui n'est pas de Pilote LDM). */
export async function lireIdentite(contenu: Uint8Array, nom: string): Promise<Partial<Identite>> {
  const { classeur } = await chargerClasseur(contenu, nom);
  return identiteDuClasseur(lireClasseurComplet(classeur));
}

export interface FichierAConsolider {
  nom: string;
  taille: number;
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
  const aujourdhui = { annee: maintenant.getFullYear(), mois: maintenant.getMonth() + 1, jour: maintenant.getDate() };
  const etablissements: EtablissementConsolide[] = [];
  const anomalies: AnomalieFichier[] = [];
  for (const f of fichiers) {
    if (f.taille > TAILLE_MAX_OCTETS) {
      anomalies.push({ fichier: f.nom, prise: 'non', motif: `fichier de ${(f.taille / 1048576).toFixed(0)} Mo, au-delà de ${TAILLE_MAX_OCTETS / 1048576} Mo : non ouvert.` });
      continue;
    }
    try {
      const { classeur } = await chargerClasseur(await f.lire(), f.nom);
      etablissements.push(lireEtablissement(lireClasseurComplet(classeur), f.nom, aujourdhui, referentielNational));
    } catch (e) {
      const motif = e instanceof ClasseurIllisible ? e.message.replace(/^Le fichier « [^»]* » /, '') : e instanceof FichierRefuse ? e.message : `lecture impossible (${(e as Error).message})`;
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
  if (region) {
    const charge = await chargerClasseur(region.contenu, region.nom);
    if (charge.contenusNonConserves.length) {
      // Les tableaux croisés et graphiques que la DRAFPIC a construits sur « Constats » ne doivent pas disparaître.
      throw new ContenuNonConserve(
        `Le classeur régional « ${region.nom} » contient ${charge.contenusNonConserves.join(', ')} que la consolidation hors d'Excel ne sait pas recopier : il n'a pas été modifié. Consolidez depuis Excel avec le volet Pilote LDM, ou vers un nouveau classeur régional.`,
      );
    }
    wb = charge.classeur;
  }
  const lu = lireClasseur(wb, demandeLectureRegion());
  const r = consolider(referentielNational, etablissements, anomalies, lu);
  ecrireFeuilles(wb, r.feuilles, lu, r.feuilles[0].nom);
  return { contenu: await ecrireClasseur(wb), retenus: r.retenus, anomalies: r.anomalies };
}
