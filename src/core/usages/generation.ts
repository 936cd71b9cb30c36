import { feuilleFormulairePlan } from '../plan/formulaire';
import { ClasseurEndommage, ClasseurLu, DemandeLecture } from '../modele/classeur';
import { Identite, anneeScolaireDe, identiteVide, normaliserRne, verifierIdentite, ProblemeIdentite } from '../modele/identite';
import { FEUILLE_AUTO_EVALUATION, TABLE_AUTO_EVALUATION, feuilleAutoEvaluation, saisiesAutoEvaluation } from '../layout/autoEvaluation';
import {
  APPLICATION,
  FEUILLE_PILOTE,
  SCHEMA_VERSION,
  demandeLecturePilote,
  feuillePilote,
  
} from '../layout/piloteLdm';
import { FeuilleLayout } from '../layout/types';
import {
  CHAMPS_AUDIT,
  COLONNES_AUDIT,
  COLONNES_COCHE,
  FEUILLE_GRILLE_AUDIT,
  TABLE_COMPLEMENTAIRES,
  TABLE_GRILLE_AUDIT,
  enteteLue,
  feuilleGrilleAudit,
  saisiesComplementaires,
  saisiesGrille,
} from '../audit/grille';
import { Liaison, TABLES_PILOTE, liaisonsDuClasseur, resoudreLiaison, texteLiaisons } from '../plan/liaisons';
import {
  FEUILLE_INDICATEURS,
  FEUILLE_PLAN,
  TABLE_INDICATEURS,
  TABLE_PLAN,
  HorizonPlan,
  anneesIndicateurs,
  feuilleExemples,
  feuilleIndicateurs,
  feuillePlan,
  saisiesIndicateurs,
  saisiesPlan,
} from '../plan/feuilles';
import { Referentiel, ReferentielInvalide, tousLesDescripteurs } from '../referentiel';
import { ErreurPilote } from '../erreurs';
import { Dossier, grilleDu, lireDossier } from '../lecture/dossier';
import { PROFILS, profilNomme } from '../audit/profilRegional';
import { ActionDepuisAudit, actionsDepuisAudit, ajouterActionsDeLAudit } from '../plan/depuisAudit';
import { anneeArchivable, feuilleArchivePlan, nomArchivePlan, reconduireActions } from '../plan/archive';
import { dateCivileDe, lireDate } from '../modele/dates';
import { CopieAuditeur, TABLE_ARBITRAGE, TABLE_CONTRIBUTIONS, TABLE_REPARTITION, copieLue, imposerSaisies } from '../audit/equipe';
import { aucuneSaisie } from '../layout/saisies';
import { FEUILLE_PLAN_AUDIT, TABLE_PLAN_AUDIT, demandeLecturePlanAudit, feuillePlanAudit } from '../audit/planAudit';
import { FEUILLE_CANDIDATURE, TABLE_PIECES, demandeLectureCandidature, feuilleCandidature } from '../dossier/candidature';
import { demandeLectureSuiviCriteres, feuilleSuiviCritere, nomSuiviCritere, tableEquipeCritere } from '../dossier/suiviCritere';
import { FEUILLE_EMARGEMENT, TABLE_EMARGEMENT, feuilleEmargement } from '../audit/emargement';
import { saisiesAutresLabels } from '../dossier/autresLabels';
import { FEUILLE_QUESTIONNAIRE, TABLE_QUESTIONNAIRE, demandeLectureQuestionnaire, feuilleQuestionnaire } from '../audit/questionnaire';

export const VERSION_APPLICATION = '0.1.0';

export type FeuilleGenerable = 'candidature' | 'auto-evaluation' | 'plan' | 'criteres' | 'grille-audit' | 'plan-audit' | 'emargement' | 'questionnaire';
export const FEUILLES_GENERABLES: Record<FeuilleGenerable, { table: string; libelle: string }> = {
  candidature: { table: TABLE_PIECES, libelle: 'fiche de candidature LDM 001 et pièces du dossier' },
  'auto-evaluation': { table: TABLE_AUTO_EVALUATION, libelle: "grille d'auto-évaluation LDM 003" },
  plan: { table: TABLE_PLAN, libelle: "plan d'actions LDM 002 et indicateurs" },
  criteres: { table: tableEquipeCritere(1), libelle: 'fiches suivi pilotage de critère LDM 004' },
  'grille-audit': { table: TABLE_GRILLE_AUDIT, libelle: "grille d'audit (PF / C / R / NC)" },
  'plan-audit': { table: TABLE_PLAN_AUDIT, libelle: "plan d'audit LDM 008" },
  emargement: { table: TABLE_EMARGEMENT, libelle: "feuille d'émargement LDM 009" },
  questionnaire: { table: TABLE_QUESTIONNAIRE, libelle: 'questionnaire audités LDM 012' },
};

export interface OptionsGeneration {
  identite: Partial<Identite>;
  /** Feuilles à produire ; par défaut celles que le classeur a déjà, ou la grille LDM 003 pour un classeur neuf. */
  feuilles?: FeuilleGenerable[];
  /** Une liaison à ajouter (ou remplacer) entre un indicateur et un tableau de l'établissement. */
  liaison?: Liaison;
  /** Profil des règles d'audit à enregistrer (« centre-val-de-loire », « national ») ; sinon celui du classeur. */
  profil?: string;
  /** Reporter dans le plan d'actions les non-conformités et axes de progrès de l'audit (sans doublon). */
  depuisAudit?: boolean;
  /** Horizon du contrat d'objectifs (première année, 1 à 5 ans) ; sinon celui du tableau d'indicateurs. */
  horizon?: HorizonPlan;
  /** Critère académique (JSON), s'il faut l'ajouter ; sinon celui du classeur est repris. */
  critereAcademique?: unknown;
  /** Faire de ce classeur la copie de la grille d'un auditeur : grille vidée, ses critères surlignés. */
  copieAuditeur?: CopieAuditeur;
  maintenant: Date;
}

export interface PlanGeneration {
  feuilles: FeuilleLayout[];
  identite: Identite;
  referentiel: Referentiel;
  avertissements: string[];
  /** Vrai si le classeur contenait déjà une grille : les saisies ont été reprises. */
  regeneration: boolean;
  /** Actions reprises de l'audit par cette génération (avec `depuisAudit`). */
  actionsAjoutees: ActionDepuisAudit[];
  /** Feuille d'archive du plan de l'année close, si cette génération l'a créée. */
  archive?: string;
}

/** Une liaison demandée qui ne peut pas être faite (indicateur, tableau ou colonne introuvable). */
export class LiaisonInvalide extends ErreurPilote {}

export class IdentiteInvalide extends ErreurPilote {
  constructor(public readonly problemes: ProblemeIdentite[]) {
    super(problemes.map((p) => p.message).join('\n'));
  }
}

export function demandeLectureGeneration(): DemandeLecture {
  const pilote = demandeLecturePilote();
  return {
    tableaux: [
      ...pilote.tableaux,
      TABLE_AUTO_EVALUATION,
      TABLE_PLAN,
      TABLE_INDICATEURS,
      TABLE_GRILLE_AUDIT,
      TABLE_COMPLEMENTAIRES,
      TABLE_REPARTITION,
      TABLE_ARBITRAGE,
      TABLE_CONTRIBUTIONS,
      TABLE_PLAN_AUDIT,
      TABLE_PIECES,
      TABLE_EMARGEMENT,
      TABLE_QUESTIONNAIRE,
      ...demandeLectureSuiviCriteres().tableaux,
    ],
    cellules: [
      ...pilote.cellules,
      ...Object.values(CHAMPS_AUDIT).map((c) => ({ feuille: FEUILLE_GRILLE_AUDIT, adresse: c.adresse })),
      ...demandeLecturePlanAudit(),
      ...demandeLectureCandidature(),
      ...demandeLectureSuiviCriteres().cellules,
      ...demandeLectureQuestionnaire(),
    ],
  };
}

function verifierTablePresente(lu: ClasseurLu, feuille: string, table: string): void {
  if (!lu.tableaux[table] && lu.feuilles.includes(feuille)) {
    throw new ClasseurEndommage([
      {
        feuille,
        cellule: 'toute la feuille',
        message: `la feuille existe mais ne contient plus le tableau « ${table} » (tableau supprimé ou converti en plage). Pour ne rien écraser, renommez cette feuille (par exemple « ${feuille.slice(0, 20)} ancienne ») puis relancez la génération : une feuille neuve sera créée et vous pourrez y recopier vos saisies.`,
      },
    ]);
  }
}

export function planifierGeneration(lu: ClasseurLu, options: OptionsGeneration): PlanGeneration {
  let dossier: Dossier;
  try {
    dossier = lireDossier(lu, { critereAcademique: options.critereAcademique });
  } catch (e) {
    if (e instanceof ReferentielInvalide) throw new IdentiteInvalide([{ champ: 'etablissement', gravite: 'erreur', message: e.message }]);
    throw e;
  }
  const { referentiel } = dossier;
  if (options.profil !== undefined && !PROFILS.some((p) => p.id === options.profil)) {
    throw new LiaisonInvalide(`Profil régional « ${options.profil} » inconnu : ${PROFILS.map((p) => `« ${p.id} » (${p.libelle})`).join(', ')}.`);
  }
  const profilChoisi = options.profil ? profilNomme(options.profil) : dossier.profil;
  const presentes = (Object.keys(FEUILLES_GENERABLES) as FeuilleGenerable[]).filter((f) => lu.tableaux[FEUILLES_GENERABLES[f].table]);
  const demandees: FeuilleGenerable[] = [...(options.feuilles?.length ? options.feuilles : presentes.length ? presentes : (['auto-evaluation'] as FeuilleGenerable[])), ...(options.depuisAudit ? (['plan'] as const) : [])];
  if (options.liaison && !lu.tableaux[TABLE_INDICATEURS]) {
    throw new LiaisonInvalide("Ce classeur n'a pas encore de tableau d'indicateurs : générez d'abord le plan d'actions et ses indicateurs, puis saisissez l'indicateur.");
  }
  const aProduire = (Object.keys(FEUILLES_GENERABLES) as FeuilleGenerable[]).filter((f) => demandees.includes(f) || presentes.includes(f));
  if (aProduire.includes('auto-evaluation')) verifierTablePresente(lu, FEUILLE_AUTO_EVALUATION, TABLE_AUTO_EVALUATION);
  if (aProduire.includes('grille-audit')) verifierTablePresente(lu, FEUILLE_GRILLE_AUDIT, TABLE_GRILLE_AUDIT);
  if (aProduire.includes('plan')) {
    verifierTablePresente(lu, FEUILLE_PLAN, TABLE_PLAN);
    verifierTablePresente(lu, FEUILLE_INDICATEURS, TABLE_INDICATEURS);
  }
  const dejaLue = dossier.identite;
  // Un champ laissé vide ne remplace pas ce que le classeur contient déjà.
  const donnee = Object.fromEntries(Object.entries(options.identite).filter(([, v]) => v !== undefined && v !== '')) as Partial<Identite>;
  const identite: Identite = {
    ...identiteVide,
    anneeScolaire: anneeScolaireDe(options.maintenant),
    ...Object.fromEntries(Object.entries(dejaLue).filter(([, v]) => v !== '')),
    ...donnee,
  };
  identite.rne = normaliserRne(identite.rne);
  const problemes = verifierIdentite(identite);
  const erreurs = problemes.filter((p) => p.gravite === 'erreur');
  if (erreurs.length) throw new IdentiteInvalide(erreurs);

  const feuilles: FeuilleLayout[] = [];
  const enregistrees = dossier.liaisons;
  if (options.liaison && enregistrees.texteIllisible !== undefined) {
    throw new LiaisonInvalide(
      `Les liaisons enregistrées dans la feuille « ${FEUILLE_PILOTE} » (tableau tblPiloteLDM, clé « liaisons ») sont illisibles : elles n'ont pas été modifiées. Rétablissez ce texte (ou videz-le pour repartir de zéro), puis liez de nouveau l'indicateur.`,
    );
  }
  let liaisons = enregistrees.liaisons;
  let actionsAjoutees: ActionDepuisAudit[] = [];
  let archive: FeuilleLayout | undefined;
  const avertissementsPlan: string[] = [];
  /** Une feuille déjà dans le classeur garde son nom (l'utilisateur a pu la renommer) : on la retrouve à son tableau. */
  const aSaPlace = (f: FeuilleLayout, table: string): FeuilleLayout => {
    const existant = lu.tableaux[table];
    if (existant) f.nom = existant.feuille;
    return f;
  };
  /** Le plan d'audit et l'émargement reprennent l'équipe et la date de la grille par ses cellules nommées. */
  const exigerGrille = (formulaire: string) => {
    if (!lu.tableaux[TABLE_GRILLE_AUDIT] && !aProduire.includes('grille-audit')) {
      throw new LiaisonInvalide(`${formulaire} reprend l'équipe et la date de la grille d'audit : générez aussi la grille d'audit.`);
    }
  };
  if (aProduire.includes('candidature')) {
    verifierTablePresente(lu, FEUILLE_CANDIDATURE, TABLE_PIECES);
    const tables: Record<string, string | undefined> = { [TABLE_PLAN]: aProduire.includes('plan') ? FEUILLE_PLAN : undefined, [TABLE_AUTO_EVALUATION]: aProduire.includes('auto-evaluation') ? FEUILLE_AUTO_EVALUATION : undefined };
    feuilles.push(aSaPlace(feuilleCandidature(lu, profilChoisi, identite.etablissement, (t) => lu.tableaux[t]?.feuille ?? tables[t]), TABLE_PIECES));
  }
  if (aProduire.includes('auto-evaluation')) {
    feuilles.push(aSaPlace(feuilleAutoEvaluation(referentiel, saisiesAutoEvaluation(referentiel, lu.tableaux[TABLE_AUTO_EVALUATION])), TABLE_AUTO_EVALUATION));
  }
  if (aProduire.includes('plan')) {
    const plan = lu.tableaux[TABLE_PLAN];
    const indicateurs = lu.tableaux[TABLE_INDICATEURS];
    const annees = anneesIndicateurs(indicateurs, identite.anneeScolaire, options.horizon);
    let saisiesDuPlan = saisiesPlan(plan);
    // Nouvelle année scolaire : le plan de l'année close est archivé en lecture seule, ses actions non finalisées continuent.
    const anneeAvant = dossier.metadonnees?.anneePlan;
    if (plan && anneeAvant && anneeArchivable(anneeAvant, identite.anneeScolaire)) {
      if (lu.feuilles.includes(nomArchivePlan(anneeAvant.trim()))) {
        avertissementsPlan.push(`La feuille « ${nomArchivePlan(anneeAvant.trim())} » existe déjà : le plan n'a pas été archivé de nouveau, et aucune action n'en a été retirée.`);
      } else {
        archive = feuilleArchivePlan(plan, anneeAvant.trim(), dateCivileDe(options.maintenant), identite.etablissement);
        saisiesDuPlan = reconduireActions(saisiesDuPlan);
      }
    }
    if (options.depuisAudit) {
      if (!grilleDu(dossier)) throw new LiaisonInvalide("Ce classeur n'a pas de grille d'audit : il n'y a ni non-conformité ni axe de progrès à reporter dans le plan d'actions.");
      const r = ajouterActionsDeLAudit(saisiesDuPlan, actionsDepuisAudit(dossier));
      saisiesDuPlan = r.saisies;
      actionsAjoutees = r.ajoutees;
    }
    const fPlan = feuillePlan(referentiel, saisiesDuPlan, identite.anneeScolaire, identite.etablissement);
    const saisiesInd = saisiesIndicateurs(indicateurs, annees);
    let demandees = liaisonsDuClasseur(lu);
    if (options.liaison) {
      const nouvelle = verifierNouvelleLiaison(options.liaison, lu, saisiesInd.saisies);
      demandees = [...demandees.filter((l) => l.indicateur !== nouvelle.indicateur), nouvelle];
    }
    const resolues = demandees.map((l) => resoudreLiaison(l, lu));
    // Un tableau renommé est retrouvé (même feuille, mêmes en-têtes) : la liaison suit le nouveau nom.
    liaisons = resolues.map((r) => (r.renommeEn ? { ...r.liaison, table: r.renommeEn } : r.liaison));
    const fIndicateurs = feuilleIndicateurs(referentiel, saisiesInd, annees, resolues, identite.etablissement);
    const formulaire = feuilleFormulairePlan(referentiel, fPlan.tableaux[0], identite.anneeScolaire, identite.etablissement ?? '');
    feuilles.push(aSaPlace(fPlan, TABLE_PLAN), formulaire, ...(archive ? [archive] : []), aSaPlace(fIndicateurs, TABLE_INDICATEURS), feuilleExemples(referentiel));
  }
  if (aProduire.includes('criteres')) {
    const sources = { autoEvaluation: Boolean(lu.tableaux[TABLE_AUTO_EVALUATION]) || aProduire.includes('auto-evaluation'), indicateurs: Boolean(lu.tableaux[TABLE_INDICATEURS]) || aProduire.includes('plan') };
    for (const c of referentiel.criteres) {
      verifierTablePresente(lu, nomSuiviCritere(c.numero), tableEquipeCritere(c.numero));
      feuilles.push(aSaPlace(feuilleSuiviCritere(c, lu, sources, identite.etablissement), tableEquipeCritere(c.numero)));
    }
  }
  // La copie d'un auditeur le reste quand elle est régénérée ; une copie neuve part d'une grille vide.
  const copie = options.copieAuditeur ?? copieLue(dossier.metadonnees?.copieAuditeur);
  if (aProduire.includes('grille-audit')) {
    const existante = lu.tableaux[TABLE_GRILLE_AUDIT];
    const neuve = Boolean(options.copieAuditeur);
    const complementaires = neuve ? aucuneSaisie() : saisiesComplementaires(referentiel, lu.tableaux[TABLE_COMPLEMENTAIRES]);
    const saisies = saisiesGrille(referentiel, existante);
    const entete = enteteLue(lu);
    if (neuve) {
      saisies.saisies.clear();
      entete.synthese = null;
    }
    const grille = feuilleGrilleAudit(referentiel, { grille: saisies, complementaires, entete }, identite.intituleLabel, copie);
    if (neuve) {
      // Une copie neuve part vide : rien de ce que le référent avait coché ou écrit n'y est repris.
      imposerSaisies(grille.tableaux.find((t) => t.nom === TABLE_GRILLE_AUDIT), tousLesDescripteurs(referentiel).map((d) => d.numero), [...COLONNES_COCHE, COLONNES_AUDIT.constats]);
      imposerSaisies(grille.tableaux.find((t) => t.nom === TABLE_COMPLEMENTAIRES), referentiel.criteres.map((c) => c.numero), ['Axes de progrès à envisager', 'Points de vigilance']);
    }
    feuilles.push(aSaPlace(grille, TABLE_GRILLE_AUDIT));
  }

  if (aProduire.includes('plan-audit')) {
    exigerGrille("Le plan d'audit LDM 008");
    verifierTablePresente(lu, FEUILLE_PLAN_AUDIT, TABLE_PLAN_AUDIT);
    feuilles.push(aSaPlace(feuillePlanAudit(referentiel, lu, profilChoisi, identite.etablissement), TABLE_PLAN_AUDIT));
  }

  if (aProduire.includes('emargement')) {
    exigerGrille("La feuille d'émargement LDM 009");
    verifierTablePresente(lu, FEUILLE_EMARGEMENT, TABLE_EMARGEMENT);
    feuilles.push(aSaPlace(feuilleEmargement(lu, identite.etablissement), TABLE_EMARGEMENT));
  }
  if (aProduire.includes('questionnaire')) {
    verifierTablePresente(lu, FEUILLE_QUESTIONNAIRE, TABLE_QUESTIONNAIRE);
    // La date de l'audit vient de la grille quand le classeur en a une ; sinon l'établissement la saisit.
    const dateGrille = lireDate(enteteLue(lu).date ?? null);
    feuilles.push(aSaPlace(feuilleQuestionnaire(lu, profilChoisi, identite.etablissement, dateGrille), TABLE_QUESTIONNAIRE));
  }
  const academique = referentiel.criteres.find((c) => c.academique);
  const meta = {
    schema: SCHEMA_VERSION,
    application: APPLICATION,
    versionApplication: VERSION_APPLICATION,
    referentiel: referentiel.id,
    critereAcademique: academique
      ? JSON.stringify({
          libelle: academique.libelleLdm003,
          descripteurs: academique.descripteurs.map((d) => d.ldm003),
          indicateursExemples: academique.indicateursExemples,
        })
      : '',
    liaisons: texteLiaisons(liaisons, enregistrees),
    feuilles: JSON.stringify([FEUILLE_PILOTE, ...feuilles.map((f) => f.nom)]),
    generation: options.maintenant.toISOString(),
    anneePlan: aProduire.includes('plan') ? identite.anneeScolaire : (dossier.metadonnees?.anneePlan ?? ''),
    profilRegional: profilChoisi.id,
    copieAuditeur: copie ? JSON.stringify(copie) : '',
  };
  return {
    feuilles: [feuillePilote(identite, meta, { criteres: referentiel.criteres.map((c) => c.numero), saisies: saisiesAutresLabels(lu, referentiel.criteres.map((c) => c.numero)) }), ...feuilles],
    identite,
    referentiel,
    avertissements: [...problemes.filter((p) => p.gravite === 'avertissement').map((p) => p.message), ...avertissementsPlan],
    regeneration: aProduire.some((f) => presentes.includes(f)),
    actionsAjoutees,
    archive: archive?.nom,
  };
}

function verifierNouvelleLiaison(l: Liaison, lu: ClasseurLu, indicateurs: Map<number, Record<string, unknown>>): Liaison {
  if (!indicateurs.has(l.indicateur)) {
    throw new LiaisonInvalide(`L'indicateur n°${l.indicateur} n'existe pas dans le tableau « ${TABLE_INDICATEURS} » (colonne « N° »).`);
  }
  const t = lu.tableaux[l.table];
  if (!t) {
    const connus = (lu.nomsTableaux ?? []).filter((n) => !TABLES_PILOTE.has(n));
    throw new LiaisonInvalide(`Le tableau « ${l.table} » n'existe pas dans ce classeur.${connus.length ? ` Tableaux disponibles : ${connus.join(', ')}.` : ' Mettez d\'abord vos données sous forme de tableau (Insertion > Tableau) et nommez-le.'}`);
  }
  for (const c of [l.colonne, ...(l.mode === 'annee' ? [l.colonneAnnee ?? ''] : [])]) {
    if (!t.entetes.includes(c)) throw new LiaisonInvalide(`Le tableau « ${l.table} » n'a pas de colonne « ${c} ». Colonnes : ${t.entetes.join(', ')}.`);
  }
  return { ...l, feuille: t.feuille, entetes: t.entetes };
}
