import { ClasseurEndommage, ClasseurLu, texteDe } from '../modele/classeur';
import { DateCivile, formater, iso, lireDate } from '../modele/dates';
import { echeancesDeLAudit } from '../audit/modeleRapport';
import { TABLE_PIECES, manquesDuDossier } from '../dossier/candidature';
import { COLONNES_COCHE, Coche, TABLE_GRILLE_AUDIT, estHorsAudit, parCoche } from '../audit/grille';
import { ecartsOuverts } from '../audit/rapport';
import { grilleDu, lireDossier } from '../lecture/dossier';
import { metadonneesLues } from '../lecture/metadonnees';
import { SCHEMA_VERSION, TABLE_METADONNEES } from '../layout/piloteLdm';
import { constatsPlan } from '../plan/constats';
import { completudeParCritere } from '../regles/constats';
import { TABLE_AUTO_EVALUATION } from '../layout/autoEvaluation';
import { Referentiel } from '../referentiel';
import { normaliserRne, rneValide } from '../modele/identite';
import { ErreurPilote } from '../erreurs';
import { questionnaireLu } from '../audit/questionnaire';

/** Ce que la DRAFPIC retient d'un classeur d'établissement. */
export interface EtablissementConsolide {
  rne: string;
  etablissement: string;
  intitule: string;
  typeAudit: string;
  dateAudit: string;
  /** Date de l'audit (AAAA-MM-JJ), vide sans date : une vraie date pour les feuilles régionales. */
  dateAuditIso: string;
  /** Auditeur référent puis co-auditeurs, séparés par des virgules. */
  auditeurs: string;
  /** Date du rapport d'audit (AAAA-MM-JJ), vide sans date. */
  dateRapportIso: string;
  /** Échéance de levée des NC (30 septembre, pour une labellisation ou un renouvellement), AAAA-MM-JJ ou vide. */
  echeanceNcIso: string;
  /** Pièces du dossier de candidature (LDM 001) non fournies, date du CA comprise ; null sans fiche LDM 001. */
  piecesManquantes: number | null;
  /** Les pièces (et la date du CA) qui manquent, en toutes lettres ; vide sans fiche LDM 001. */
  piecesAFournir: string[];
  comptes: Record<Coche, number>;
  ncOuvertes: number;
  /** « documentés/applicables » par critère, vide sans grille LDM 003. */
  completude: string[];
  indicateursHorsCible: number;
  actionsEnRetard: number;
  fichier: string;
  schema: string;
  generation: string;
  /** Dernier enregistrement par l'utilisateur (propriétés du classeur, sinon date du fichier), ISO. */
  modifieLe?: string;
  /** Date du fichier sur le disque, ISO. */
  fichierModifieLe?: string;
  avertissements: string[];
  constats: Array<{ critere: number; descripteur: number; coches: Record<Coche, boolean>; constat: string }>;
  /** Résultat par descripteur pour la matrice : NC, R, PF, C, « sans objet » ou vide. */
  resultats: Record<number, string>;
  /** Le questionnaire audités LDM 012, s'il a au moins une réponse ou un commentaire. */
  questionnaire?: QuestionnaireConsolide;
}

export interface QuestionnaireConsolide {
  /** Réponse (« Totalement »…, « Oui »/« Non ») et commentaire par numéro de question. */
  reponses: Record<number, string>;
  commentaires: Record<number, string>;
  rempliPar: string;
  /** Date de l'audit écrite sur le questionnaire (AAAA-MM-JJ), vide sans date. */
  dateAuditIso: string;
}

export interface AnomalieFichier {
  fichier: string;
  motif: string;
  /** Pris en partie (avec avertissements) ou pas du tout. */
  prise: 'non' | 'partielle';
}

export class FichierRefuse extends ErreurPilote {}

export function resultatDescripteur(coches: Record<Coche, boolean>, horsReseau: boolean, reputeSatisfait?: string): string {
  if (reputeSatisfait) return 'Réputé satisfait';
  if (horsReseau) return 'Sans objet';
  if (coches.NC) return 'NC';
  if (coches.R) return 'R';
  if (coches.PF) return 'PF';
  if (coches.C) return 'C';
  return '';
}

/** Lit un classeur d'établissement déjà relu par un adaptateur ; refuse ce qui n'est pas un classeur Pilote LDM. */
export function lireEtablissement(lu: ClasseurLu, fichier: string, aujourdhui: DateCivile, refNational: Referentiel): EtablissementConsolide {
  const meta = metadonneesLues(lu);
  if (!lu.tableaux[TABLE_METADONNEES] || !meta) {
    throw new FichierRefuse("ce n'est pas un classeur Pilote LDM (pas de feuille « Pilote LDM » avec ses métadonnées).");
  }
  const avertissements: string[] = [];
  const schema = Number(meta.schema);
  if (!Number.isFinite(schema)) avertissements.push('version de schéma illisible');
  else if (schema > SCHEMA_VERSION) throw new FichierRefuse(`produit par une version plus récente de Pilote LDM (schéma ${schema}) : mettez à jour l'outil de consolidation.`);
  else if (schema < SCHEMA_VERSION) avertissements.push(`schéma ancien (${schema}), lu au mieux`);
  const dossier = lireDossier(lu, { referentielDeSecours: refNational });
  const { identite } = dossier;
  avertissements.push(...dossier.avertissements);
  const rne = normaliserRne(identite.rne ?? '');
  if (!rneValide(rne)) throw new FichierRefuse(`N° RNE absent ou invalide (« ${identite.rne ?? ''} ») dans la feuille « Pilote LDM » : impossible de rattacher ce classeur à un établissement.`);
  const comptes = parCoche(() => 0);
  const constats: EtablissementConsolide['constats'] = [];
  const resultats: Record<number, string> = {};
  let typeAudit = '';
  let dateAudit = '';
  let dateAuditIso = '';
  let auditeurs = '';
  let dateRapportIso = '';
  let echeanceNcIso = '';
  let ncOuvertes = 0;
  if (lu.tableaux[TABLE_GRILLE_AUDIT]) {
    try {
      const { lignes, entete: e } = grilleDu(dossier) ?? { lignes: [], entete: {} };
      for (const l of lignes) {
        const compte = !estHorsAudit(l);
        const coches = parCoche((c) => compte && l.coches[c] === 'coche');
        COLONNES_COCHE.forEach((c) => (comptes[c] += coches[c] ? 1 : 0));
        resultats[l.numero] = resultatDescripteur(coches, l.horsReseau, l.reputeSatisfait);
        if (compte && (COLONNES_COCHE.some((c) => coches[c]) || l.constat)) constats.push({ critere: l.critere, descripteur: l.numero, coches, constat: l.constat });
      }
      typeAudit = texteDe(e.type ?? null).trim();
      const d = lireDate(e.date ?? null);
      dateAudit = d ? formater(d) : '';
      dateAuditIso = d ? iso(d) : '';
      // Un nom est un texte : une cellule abîmée que le lecteur rend autrement (objet, erreur) ne nomme personne.
      auditeurs = '';
      for (const v of [e.referent, e.coAuditeur1, e.coAuditeur2, e.coAuditeur3]) {
        const nom = typeof v === 'string' ? v.trim() : '';
        if (nom) auditeurs += auditeurs ? `, ${nom}` : nom;
      }
      const r = lireDate(e.dateRapport ?? null);
      dateRapportIso = r ? iso(r) : '';
      const echeance = echeancesDeLAudit(dossier).echeances?.transmissionRectorat;
      echeanceNcIso = echeance ? iso(echeance) : '';
      ncOuvertes = ecartsOuverts(dossier, aujourdhui).length;
    } catch (err) {
      if (!(err instanceof ClasseurEndommage)) throw err;
      avertissements.push(`grille d'audit endommagée, non reprise (${err.problemes.map((p) => `${p.feuille}!${p.cellule}`).join(', ')})`);
    }
  } else avertissements.push("pas de grille d'audit");
  let completude: string[] = [];
  if (lu.tableaux[TABLE_AUTO_EVALUATION]) {
    completude = completudeParCritere(dossier).map((c) => (c.reputeSatisfait ? `réputé satisfait (${c.reputeSatisfait})` : `${c.documentes}/${c.applicables}`));
    if (!completude.length) avertissements.push("grille d'auto-évaluation endommagée, complétude non reprise");
  }
  const manques = manquesDuDossier(lu);
  let indicateursHorsCible = 0;
  let actionsEnRetard = 0;
  try {
    const plan = constatsPlan(dossier, aujourdhui);
    indicateursHorsCible = new Set(plan.filter((c) => c.kind === 'indicateur-hors-cible').map((c) => c.indicateur)).size;
    actionsEnRetard = plan.filter((c) => c.kind === 'action-en-retard').length;
  } catch (err) {
    if (!(err instanceof ClasseurEndommage)) throw err;
    avertissements.push("plan d'actions endommagé, non repris");
  }
  const q = questionnaireLu(lu);
  const questionnaire = q && (Object.keys(q.reponses).length || Object.keys(q.commentaires).length) ? { reponses: q.reponses, commentaires: q.commentaires, rempliPar: q.rempliPar, dateAuditIso: q.dateAudit ? iso(q.dateAudit) : '' } : undefined;
  if (q?.horsListe.length) avertissements.push(`questionnaire LDM 012 : réponse hors de la liste à la question ${q.horsListe.join(', ')}, reprise telle quelle`);
  return {
    rne,
    etablissement: identite.etablissement ?? '',
    intitule: identite.intituleLabel ?? '',
    typeAudit,
    dateAudit,
    dateAuditIso,
    auditeurs,
    dateRapportIso,
    echeanceNcIso,
    piecesManquantes: lu.tableaux[TABLE_PIECES] ? manques.length : null,
    piecesAFournir: manques.map((m) => m.quoi),
    comptes,
    ncOuvertes,
    completude,
    indicateursHorsCible,
    actionsEnRetard,
    fichier,
    schema: meta.schema ?? '',
    generation: meta.generation ?? '',
    avertissements,
    constats,
    resultats,
    ...(questionnaire ? { questionnaire } : {}),
  };
}
