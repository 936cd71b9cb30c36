import { GenreFiche, demandeLectureFichesAction, feuilleFicheAction } from '../plan/fichesAction';
import { ClasseurLu, DemandeLecture } from '../modele/classeur';
import { DateCivile, dateCivileDe } from '../modele/dates';
import { Identite } from '../modele/identite';
import { OptionsGeneration, PlanGeneration, demandeLectureGeneration, planifierGeneration } from './generation';
import { OptionsRapport, PlanRapport, demandeLectureFiches, planifierRapport } from '../audit/rapport';
import { demandeLectureSources } from '../plan/liaisons';
import { ResumePlan, resumePlan } from '../plan/constats';
import { CompletudeCritere, Constat, completudeParCritere, constatsDuDossier, verifierClasseurPilote } from '../regles/constats';
import { lireDossier } from '../lecture/dossier';
import { identiteLue } from '../lecture/metadonnees';
import { AnomalieFichier, EtablissementConsolide } from '../consolidation/lecture';
import { ResultatConsolidation, consolider as consoliderRegion, demandeLectureRegion } from '../consolidation/region';
import { referentielNational } from '../referentiel';
import { PortClasseur } from './port';
import { ErreurPilote } from '../erreurs';
import { TABLE_METADONNEES } from '../layout/piloteLdm';

/**
 * Les cas d'usage, écrits une fois : lire ce qu'il faut, planifier dans le cœur, écrire le lot.
 * Le volet (dans Excel ou dans un navigateur) et la CLI passent tous par ici.
 */

/** La consolidation visait le dossier d'un établissement : refusée, rien n'est écrit. */
export class ClasseurDUnEtablissement extends ErreurPilote {
  constructor() {
    super(
      "Ce classeur est le dossier d'un établissement (feuille « Pilote LDM ») : la consolidation régionale s'écrit toujours dans un classeur à part. Il n'a pas été modifié. Choisissez un classeur régional existant, ou aucun pour en créer un nouveau.",
    );
  }
}

/** Seconde lecture commune : saisies des fiches d'écart existantes et tableaux sources des liaisons. */
export function suiteDeLecture(lu: ClasseurLu, tableDemandee?: string): DemandeLecture {
  const sources = demandeLectureSources(lu, tableDemandee);
  return { tableaux: sources.tableaux, colonnes: sources.colonnes, cellules: [...demandeLectureFiches(lu.feuilles).cellules, ...demandeLectureFichesAction(lu.feuilles).cellules] };
}

/** LDM 005 (fiche action) ou LDM 006 (fiche engagement) pour l'action n°N du plan ; ce qui y est écrit est repris. */
export async function produireFicheAction(port: PortClasseur, genre: GenreFiche, n: number): Promise<{ feuille: string }> {
  const lu = await port.lire(demandeLectureGeneration(), (l) => suiteDeLecture(l));
  verifierClasseurPilote(lu);
  const f = feuilleFicheAction(genre, lu, n, lireDossier(lu).identite.etablissement ?? '');
  await port.ecrire([f], lu, f.nom);
  return { feuille: f.nom };
}

export interface Verification {
  constats: Constat[];
  completude: CompletudeCritere[];
  planActions: ResumePlan;
}

/** Génère ou régénère les feuilles demandées en gardant les saisies. */
export async function generer(port: PortClasseur, options: OptionsGeneration): Promise<PlanGeneration> {
  const lu = await port.lire(demandeLectureGeneration(), (l) => suiteDeLecture(l, options.liaison?.table));
  const plan = planifierGeneration(lu, options);
  await port.ecrire(plan.feuilles, lu, plan.feuilles[plan.feuilles.length - 1].nom);
  return plan;
}

/** Ce qui manque ou dévie (preuves, indicateurs, actions, grille, écarts), sans rien écrire. */
export async function verifier(port: PortClasseur, aujourdhui?: DateCivile): Promise<Verification> {
  return verifierLu(await port.lire(demandeLectureGeneration(), (l) => suiteDeLecture(l)), aujourdhui);
}

export function verifierLu(lu: ClasseurLu, aujourdhui?: DateCivile): Verification {
  verifierClasseurPilote(lu);
  const dossier = lireDossier(lu);
  const jour = aujourdhui ?? dateCivileDe(new Date());
  return { constats: constatsDuDossier(dossier, aujourdhui), completude: completudeParCritere(dossier), planActions: resumePlan(dossier, jour) };
}

/** Rapport LDM 011, une fiche LDM 010 par NC et le suivi des écarts ; lève RapportBloque tant que la grille a des anomalies. */
export async function produireRapport(port: PortClasseur, options: OptionsRapport): Promise<PlanRapport> {
  const lu = await port.lire(demandeLectureGeneration(), (l) => suiteDeLecture(l));
  const plan = planifierRapport(lu, options);
  await port.ecrire(plan.feuilles, lu, plan.feuilles[0].nom);
  return plan;
}

/** L'identité déjà enregistrée (vide pour un classeur qui n'est pas de Pilote LDM). */
export async function lireIdentite(port: PortClasseur): Promise<Partial<Identite>> {
  return identiteLue(await port.lire(demandeLectureGeneration()));
}

/** Écrit la consolidation régionale (synthèse, résultats, constats, anomalies) dans le classeur régional. */
export async function consolider(port: PortClasseur, etablissements: EtablissementConsolide[], anomalies: AnomalieFichier[]): Promise<ResultatConsolidation> {
  const lu = await port.lire(demandeLectureRegion());
  // Le classeur régional est toujours un classeur à part : jamais le dossier d'un lycée.
  if ((lu.nomsTableaux ?? []).some((n) => n.toLowerCase() === TABLE_METADONNEES.toLowerCase())) throw new ClasseurDUnEtablissement();
  const r = consoliderRegion(referentielNational, etablissements, anomalies, lu);
  await port.ecrire(r.feuilles, lu, r.feuilles[0].nom);
  return r;
}
