import { ClasseurEndommage, ClasseurLu, TableauLu, Valeur } from '../modele/classeur';
import { Identite } from '../modele/identite';
import { Metadonnees } from '../layout/piloteLdm';
import { ChampAudit, LigneGrille, TABLE_GRILLE_AUDIT, enteteLue, lignesGrille } from '../audit/grille';
import { LiaisonsEnregistrees, liaisonsEnregistrees } from '../plan/liaisons';
import { Referentiel } from '../referentiel';
import { ProfilRegional, profilNomme } from '../audit/profilRegional';
import { identiteLue, metadonneesLues, referentielDuClasseur, verifierSchema } from './metadonnees';
import { criteresReputes } from '../dossier/autresLabels';

/** La grille d'audit lue une fois : une ligne par descripteur (coches, constat, contrôle) et l'en-tête de l'audit. */
export interface GrilleLue {
  tableau: TableauLu;
  lignes: LigneGrille[];
  entete: Partial<Record<ChampAudit, Valeur>>;
}

/**
 * Le dossier d'un établissement, lu une seule fois depuis ce que l'adaptateur a relu : identité, métadonnées
 * vérifiées (schéma, critère académique, liaisons), référentiel, grille d'audit. Les règles, le rapport et la
 * consolidation travaillent sur lui ; `lu` garde les tableaux que les règles parcourent ligne à ligne.
 */
export interface Dossier {
  lu: ClasseurLu;
  identite: Partial<Identite>;
  reseau: boolean;
  metadonnees?: Partial<Record<keyof Metadonnees, string>>;
  referentiel: Referentiel;
  liaisons: LiaisonsEnregistrees;
  /** Les règles d'audit du classeur (profil régional enregistré, Centre-Val de Loire par défaut). */
  profil: ProfilRegional;
  /** Critères réputés satisfaits par un autre label (Euroscol…), et ce label : ni preuve ni coche demandée. */
  reputes: Map<number, string>;
  /** Ce que la lecture a dû contourner (critère académique illisible, référentiel de secours utilisé…). */
  avertissements: string[];
}

export interface OptionsDossier {
  /** Critère académique fourni par l'utilisateur : il remplace celui du classeur. */
  critereAcademique?: unknown;
  /** Référentiel pris quand celui du classeur est illisible, au lieu de refuser le classeur (consolidation). */
  referentielDeSecours?: Referentiel;
}

const grilles = new WeakMap<Dossier, GrilleLue | undefined>();

/**
 * La grille d'audit du dossier, lue à la première demande puis gardée : le rapport, les anomalies et la
 * consolidation lisent la même. Lève ClasseurEndommage si la grille l'est (N° en double…).
 */
export function grilleDu(d: Dossier): GrilleLue | undefined {
  if (grilles.has(d)) return grilles.get(d);
  const tableau = d.lu.tableaux[TABLE_GRILLE_AUDIT];
  const grille = tableau ? { tableau, lignes: lignesGrille(d.referentiel, d.lu, d.reseau, d.reputes).lignes, entete: enteteLue(d.lu, tableau.feuille) } : undefined;
  grilles.set(d, grille);
  return grille;
}

/**
 * Lève ClasseurEndommage si le classeur vient d'un schéma plus récent, ou si son critère académique est illisible
 * et qu'aucun référentiel de secours n'est donné.
 */
export function lireDossier(lu: ClasseurLu, options: OptionsDossier = {}): Dossier {
  verifierSchema(lu);
  const identite = identiteLue(lu);
  const avertissements: string[] = [];
  let referentiel: Referentiel;
  try {
    referentiel = referentielDuClasseur(lu, options.critereAcademique);
  } catch (e) {
    if (!options.referentielDeSecours || !(e instanceof ClasseurEndommage)) throw e;
    referentiel = options.referentielDeSecours;
    avertissements.push('critère académique illisible : référentiel national utilisé');
  }
  return {
    lu,
    identite,
    reseau: identite.candidatureEnReseau ?? false,
    metadonnees: metadonneesLues(lu),
    referentiel,
    liaisons: liaisonsEnregistrees(lu),
    profil: profilNomme(metadonneesLues(lu)?.profilRegional),
    reputes: criteresReputes(lu),
    avertissements,
  };
}
