import { FEUILLE_PLAN_AUDIT, planAuditEnRetard } from '../audit/planAudit';
import { ClasseurEndommage, ClasseurIllisible, ClasseurLu, DemandeLecture, texteDe, estVide } from '../modele/classeur';
import { demandeLectureGeneration } from '../usages/generation';
import { Dossier, lireDossier } from '../lecture/dossier';
import { COLONNES, STATUTS, TABLE_AUTO_EVALUATION, saisiesAutoEvaluation, statutDescripteur } from '../layout/autoEvaluation';
import { TABLE_METADONNEES } from '../layout/piloteLdm';
import { adresse } from '../layout/types';
import { celluleDuTableau, lignesParCle } from '../layout/saisies';
import { tousLesDescripteurs } from '../referentiel';
import { TABLE_GRILLE_AUDIT } from '../audit/grille';
import { TypeConstatAudit, alertesDesFiches, anomaliesGrille, ecartsOuverts } from '../audit/rapport';
import { DateCivile, dateCivileDe } from '../modele/dates';
import { TypeConstatPlan, constatsPlan } from '../plan/constats';
import { TABLE_INDICATEURS, TABLE_PLAN } from '../plan/feuilles';
import { TABLE_PIECES, manquesDuDossier } from '../dossier/candidature';
import { PREFIXE_REPUTE } from '../dossier/autresLabels';
import { CompletudeCritere } from './completude';

export type { CompletudeCritere } from './completude';
export { texteCompletude } from './completude';

export type TypeConstat =
  | 'preuve-manquante'
  | 'justification-manquante'
  | 'valeur-invalide'
  | 'descripteur-absent'
  | 'grille-endommagee'
  | 'piece-manquante'
  | TypeConstatAudit
  | TypeConstatPlan;

/** Un constat de vérification, rattaché à une cellule du classeur. */
export interface Constat {
  kind: TypeConstat;
  critere?: number;
  descripteur?: number;
  indicateur?: number;
  annee?: string;
  sheet: string;
  cell: string;
  message: string;
}

export function demandeLectureVerification(): DemandeLecture {
  return demandeLectureGeneration();
}

/**
 * Recalcule les constats depuis les saisies (jamais depuis les valeurs en cache des formules,
 * absentes d'un fichier écrit par une bibliothèque).
 */
export function constatsDuClasseur(lu: ClasseurLu, aujourdhui?: DateCivile): Constat[] {
  verifierClasseurPilote(lu);
  return constatsDuDossier(lireDossier(lu), aujourdhui);
}

/** Refuse un classeur qui n'a aucun des tableaux de Pilote LDM : il n'y a rien à vérifier. */
export function verifierClasseurPilote(lu: ClasseurLu): void {
  if (![TABLE_METADONNEES, TABLE_AUTO_EVALUATION, TABLE_GRILLE_AUDIT, TABLE_PLAN, TABLE_INDICATEURS, TABLE_PIECES].some((t) => lu.tableaux[t])) {
    throw new ClasseurIllisible(
      `Ce classeur n'est pas un classeur Pilote LDM : il ne contient ni le tableau « ${TABLE_METADONNEES} » ni le tableau « ${TABLE_AUTO_EVALUATION} ». Générez d'abord la grille d'auto-évaluation LDM 003.`,
    );
  }
}

export function constatsDuDossier(d: Dossier, aujourdhui?: DateCivile): Constat[] {
  const jour = aujourdhui ?? aujourdhuiCivil();
  return [...constatsCandidature(d), ...constatsAutoEvaluation(d), ...constatsPlanSurs(d, jour), ...constatsAudit(d, aujourdhui)];
}

/** Le dossier de candidature (LDM 001) avant son envoi : pièces de l'annexe 3 et date du CA. */
function constatsCandidature(d: Dossier): Constat[] {
  return manquesDuDossier(d.lu).map((p) => ({ kind: 'piece-manquante' as const, sheet: p.feuille, cell: p.cellule, message: p.message }));
}

function aujourdhuiCivil(): DateCivile {
  return dateCivileDe(new Date());
}

function constatsPlanSurs(d: Dossier, jour: DateCivile): Constat[] {
  try {
    return constatsPlan(d, jour).map((c) => ({
      kind: c.kind,
      critere: c.critere,
      ...(c.indicateur !== undefined ? { indicateur: c.indicateur, annee: c.annee } : {}),
      sheet: c.feuille,
      cell: c.cellule,
      message: c.message,
    }));
  } catch (e) {
    return endommagee(e);
  }
}

function endommagee(e: unknown): Constat[] {
  if (!(e instanceof ClasseurEndommage)) throw e;
  return e.problemes.map((p) => ({ kind: 'grille-endommagee' as const, sheet: p.feuille, cell: p.cellule, message: p.message }));
}

function constatsAudit(d: Dossier, aujourdhui?: DateCivile): Constat[] {
  if (!d.lu.tableaux[TABLE_GRILLE_AUDIT]) return [];
  try {
    const anomalies: Constat[] = anomaliesGrille(d);
    const ouverts: Constat[] = ecartsOuverts(d, aujourdhui).map((o) => ({
      kind: 'ecart-ouvert',
      critere: o.critere,
      descripteur: o.descripteur,
      sheet: o.feuille,
      cell: o.cellule,
      message: o.message,
    }));
    const alertes: Constat[] = alertesDesFiches(d).map((a) => ({ kind: a.kind, critere: a.critere, descripteur: a.descripteur, sheet: a.feuille, cell: a.cellule, message: a.message }));
    const plan = planAuditEnRetard(d.lu, d.profil, aujourdhui ?? dateCivileDe(new Date()));
    const planEnRetard: Constat[] = plan ? [{ kind: 'echeance-depassee', sheet: FEUILLE_PLAN_AUDIT, cell: plan.cellule, message: plan.message }] : [];
    return [...anomalies, ...ouverts, ...alertes, ...planEnRetard];
  } catch (e) {
    return endommagee(e);
  }
}

function constatsAutoEvaluation(d: Dossier): Constat[] {
  const { referentiel: ref, reseau, reputes } = d;
  const lu003 = d.lu.tableaux[TABLE_AUTO_EVALUATION];
  if (!lu003) return [];
  let saisies;
  try {
    saisies = saisiesAutoEvaluation(ref, lu003).saisies;
  } catch (e) {
    return endommagee(e);
  }
  const ligneDe = lignesParCle(lu003, COLONNES.numero);
  const iNumero = lu003.entetes.indexOf(COLONNES.numero);
  const cellule = (ligne: number, colonne: string) => celluleDuTableau(lu003, ligne, colonne);
  const constats: Constat[] = [];
  for (const d of tousLesDescripteurs(ref)) {
    const ligne = ligneDe.get(d.numero);
    const base = { critere: d.critere, descripteur: d.numero, sheet: lu003.feuille };
    if (ligne === undefined) {
      constats.push({
        ...base,
        kind: 'descripteur-absent',
        cell: adresse(lu003.ligneEntete, lu003.colonneDebut + iNumero),
        message: `Le descripteur ${d.numero} (critère ${d.critere}) n'a plus de ligne dans le tableau ${TABLE_AUTO_EVALUATION} : relancez la génération pour la rétablir.`,
      });
      continue;
    }
    const saisie = saisies.get(d.numero) ?? {};
    const sansObjet = saisie[COLONNES.sansObjet];
    if (!estVide(sansObjet) && !['oui', 'non'].includes(texteDe(sansObjet).toLowerCase())) {
      constats.push({
        ...base,
        kind: 'valeur-invalide',
        cell: cellule(ligne, COLONNES.sansObjet),
        message: `« ${texteDe(sansObjet)} » n'est pas une valeur de la colonne « ${COLONNES.sansObjet} » (descripteur ${d.numero}) : choisissez Oui ou Non.`,
      });
    }
    const statut = statutDescripteur(d.reseauUniquement, reseau, saisie, reputes.get(d.critere));
    if (statut === STATUTS.preuveManquante) {
      constats.push({
        ...base,
        kind: 'preuve-manquante',
        cell: cellule(ligne, COLONNES.preuves),
        message: `Critère ${d.critere}, descripteur ${d.numero} : aucun élément de preuve. Renseignez les preuves et références, ou marquez le descripteur « sans objet » avec une justification.`,
      });
    } else if (statut === STATUTS.justificationManquante) {
      constats.push({
        ...base,
        kind: 'justification-manquante',
        cell: cellule(ligne, COLONNES.justification),
        message: `Critère ${d.critere}, descripteur ${d.numero} : marqué « sans objet » sans justification. Expliquez pourquoi il ne s'applique pas.`,
      });
    }
  }
  return constats;
}

export function completudeParCritere(d: Dossier): CompletudeCritere[] {
  const { lu, referentiel: ref, reseau } = d;
  if (!lu.tableaux[TABLE_AUTO_EVALUATION]) return [];
  let saisies: Map<number, Record<string, unknown>>;
  try {
    saisies = saisiesAutoEvaluation(ref, lu.tableaux[TABLE_AUTO_EVALUATION]).saisies;
  } catch (e) {
    if (e instanceof ClasseurEndommage) return [];
    throw e;
  }
  return ref.criteres.map((c) => {
    const repute = d.reputes.get(c.numero);
    const statuts = c.descripteurs.map((x) => statutDescripteur(x.reseauUniquement, reseau, (saisies.get(x.numero) ?? {}) as Record<string, never>, repute));
    return {
      critere: c.numero,
      libelle: c.libelleLdm003,
      documentes: statuts.filter((s) => s === STATUTS.documente).length,
      applicables: statuts.filter((s) => s !== STATUTS.sansObjet && s !== STATUTS.horsReseau && !s.startsWith(PREFIXE_REPUTE)).length,
      ...(repute ? { reputeSatisfait: repute } : {}),
    };
  });
}
