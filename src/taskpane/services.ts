/* global Excel */
import { Identite } from '../core/modele/identite';
import type { ResultatConsolidation } from '../core/consolidation/region';
import { FeuilleGenerable, OptionsGeneration, PlanGeneration } from '../core/usages/generation';
import { PlanRapport } from '../core/audit/rapport';
import { ResumePlan } from '../core/plan/constats';
import { Liaison } from '../core/plan/liaisons';
import { CompletudeCritere, Constat } from '../core/regles/constats';
import { Mode, ensembleDisponible } from './mode';
import { ClasseurIllisible } from '../core/erreurs';
import { dateCivileDe } from '../core/modele/dates';
import { Travail } from './travail/client';
import { morceauDeNom, nomLettreAccuse } from '../core/modele/nomFichier';
import type { BilanFusion } from '../core/usages/equipe';

export interface Verification {
  constats: Constat[];
  completude: CompletudeCritere[];
  planActions: ResumePlan;
}

export interface ResultatVolet extends Verification {
  /** Absent quand le volet montre seulement l'état du classeur (à l'ouverture, au choix d'un fichier). */
  plan?: PlanGeneration;
  /** Mode navigateur : le classeur produit, à télécharger. */
  fichier?: { nom: string; contenu: Uint8Array };
  /** Les feuilles que la dernière génération a produites (pour dire « grille » ou « plan »). */
  feuillesProduites?: FeuilleGenerable[];
}

export interface ResultatConsolidationVolet {
  retenus: Array<{ rne: string; etablissement: string; fichier: string }>;
  anomalies: Array<{ fichier: string; prise: 'non' | 'partielle'; motif: string }>;
  /** Mode navigateur : le classeur régional, à télécharger (jamais le classeur d'un lycée). */
  fichier?: { nom: string; contenu: Uint8Array };
  /** Mode Excel : où la consolidation a été écrite. */
  ecriteDans?: 'classeur-ouvert' | 'nouveau-classeur';
  /** Les cycles du registre des labels, leur statut et les alertes du jour. */
  registre: Array<{ cycle: string; etablissement: string; statut: string; alerte: boolean }>;
  /** Questionnaires audités (LDM 012) consolidés dans le classeur régional. */
  questionnaires: number;
}

/** « LDM - 0450051L - Lycée Jean Exemple - 2026-11-26.xlsx » : un classeur neuf porte le nom de son établissement. */
export function nomDuDossier(rne: string, etablissement: string, d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const morceaux = ['LDM', morceauDeNom(rne, 80), morceauDeNom(etablissement, 80), `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`].filter(Boolean);
  return `${morceaux.join(' - ')}.xlsx`;
}

/** « consolidation-regionale-2026-11-26.xlsx » : le classeur régional ne porte jamais le nom d'un lycée. */
export function nomClasseurRegional(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `consolidation-regionale-${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}.xlsx`;
}

function enBase64(octets: Uint8Array): string {
  let s = '';
  for (let i = 0; i < octets.length; i += 0x8000) s += String.fromCharCode(...octets.subarray(i, i + 0x8000));
  return btoa(s);
}


export interface ResultatRepartitionVolet {
  /** La grille du référent, répartition écrite (mode navigateur) ; dans Excel, c'est le classeur ouvert. */
  fichier?: { nom: string; contenu: Uint8Array };
  copies: Array<{ auditeur: string; criteres: number[]; fichier: { nom: string; contenu: Uint8Array } }>;
}

export interface ResultatFusionVolet {
  /** La grille fusionnée (mode navigateur) ; dans Excel, la fusion est écrite dans le classeur ouvert. */
  fichier?: { nom: string; contenu: Uint8Array };
  bilan: BilanFusion;
}

export interface ResultatRapportVolet {
  plan: PlanRapport;
  fichier?: { nom: string; contenu: Uint8Array };
}

/** Options du plan d'actions : durée du contrat d'objectifs, reprise des constats d'audit. */
export type OptionsPlan = Pick<OptionsGeneration, 'horizon' | 'depuisAudit'>;

/** Ce que le volet sait faire, dans Excel comme dans un navigateur ; les deux appellent le même cœur. */
export interface ResultatAccuseVolet {
  etablissement: string;
  conforme: boolean;
  lettre: { nom: string; contenu: Uint8Array };
  /** Mode navigateur : le classeur régional, registre mis à jour, à télécharger. */
  fichier?: { nom: string; contenu: Uint8Array };
}

/** Ce que le volet montre d'une consolidation, qu'elle soit écrite par Office.js, ExcelJS ou l'écrivain direct. */
function resumeConsolidation(r: Pick<ResultatConsolidation, 'retenus' | 'anomalies' | 'registre' | 'questionnaires'>): Omit<ResultatConsolidationVolet, 'ecriteDans' | 'fichier'> {
  return { retenus: r.retenus, anomalies: r.anomalies, registre: r.registre, questionnaires: r.questionnaires.questionnaires };
}

export interface ServicePilote {
  mode: Mode;
  generer(identite: Partial<Identite>, classeur?: { nom: string; contenu: Uint8Array }, feuilles?: FeuilleGenerable[], liaison?: Liaison, plus?: OptionsPlan): Promise<ResultatVolet>;
  /** L'état du classeur (ouvert dans Excel, ou choisi en mode navigateur) ; rien sans classeur. */
  verifier(classeur?: { nom: string; contenu: Uint8Array }): Promise<Verification | undefined>;
  /** Dans Excel : prévenir le volet quand un tableau source change (liaisons Office, ExcelApi 1.3). */
  surveillerSources?(tables: string[], rafraichir: () => void): Promise<void>;
  /** Consolide les classeurs des établissements (le lecteur de fichiers n'est chargé qu'ici). */
  consolider(fichiers: File[], region?: { nom: string; contenu: Uint8Array }, progression?: (faits: number, total: number, fichier: string) => void): Promise<ResultatConsolidationVolet>;
  /** Arrête l'opération en cours (lecture, génération, consolidation) : rien n'est écrit ni téléchargé. */
  annuler(): void;
  /** LDM 005 (fiche action) ou LDM 006 (fiche engagement) de l'action n°N du plan. */
  produireFicheAction(genre: 'action' | 'engagement', numero: number, classeur?: { nom: string; contenu: Uint8Array }): Promise<{ feuille: string; fichier?: { nom: string; contenu: Uint8Array } }>;
  /** Audit en équipe : répartition et une copie de la grille par auditeur (classeur choisi, ou ouvert dans Excel). */
  repartirAudit(classeur?: { nom: string; contenu: Uint8Array }): Promise<ResultatRepartitionVolet>;
  /** Audit en équipe : fusion des copies des auditeurs dans la grille du référent. */
  fusionnerAudit(copies: File[], classeur?: { nom: string; contenu: Uint8Array }): Promise<ResultatFusionVolet>;
  /** Dans Excel : ouvrir un classeur produit (une copie d'auditeur) comme un nouveau classeur. */
  ouvrirDansExcel?(contenu: Uint8Array): Promise<void>;
  /** Rapport LDM 011 et fiches LDM 010 ; lève RapportBloque tant que la grille a des anomalies non acceptées. */
  produireRapport(accepterAnomalies: boolean, classeur?: { nom: string; contenu: Uint8Array }): Promise<ResultatRapportVolet>;
  selectionner?(feuille: string, cellule: string): Promise<void>;
  /**
   * LDM 007 Accusé de réception pour un établissement du registre : la lettre (classeur à part) et l'envoi noté dans
   * le registre des labels du classeur régional (ouvert dans Excel, ou choisi / produit en mode navigateur).
   */
  accuserReception(rne: string, conforme: boolean, region?: { nom: string; contenu: Uint8Array }): Promise<ResultatAccuseVolet>;
  /** Le registre des labels (cycles, statut et alerte du jour) du classeur régional ouvert ou choisi. */
  lireRegistre(region?: { nom: string; contenu: Uint8Array }): Promise<ResultatConsolidationVolet['registre']>;
  /** Identité déjà enregistrée (dans le classeur ouvert, ou dans celui choisi en mode navigateur). */
  lireIdentite(classeur?: { nom: string; contenu: Uint8Array }): Promise<Partial<Identite>>;
}

/**
 * Excel.run qui attend la fin d'une saisie en cours dans une cellule, au lieu d'échouer
 * (InvalidOperationInCellEditMode, ExcelApi 1.11 ; ignoré par les versions plus anciennes).
 */
function dansExcel<T>(lot: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
  return Excel.run({ delayForCellEdit: true }, lot);
}

export function serviceExcel(travail = new Travail()): ServicePilote {
  return {
    mode: 'excel',
    annuler: () => travail.annuler(),
    async generer(identite, _classeur, feuilles, liaison, plus) {
      const office = await import('../adapters/office/adaptateur');
      return dansExcel(async (context) => {
        const plan = await office.genererDansExcel(context, { identite, feuilles, liaison, ...plus, maintenant: new Date() }, { miseEnPageDisponible: ensembleDisponible('1.9') });
        const verification = await office.verifierDansExcel(context);
        return { plan, ...verification };
      });
    },
    async lireIdentite() {
      const office = await import('../adapters/office/adaptateur');
      return dansExcel((context) => office.identiteDansExcel(context));
    },
    async produireRapport(accepterAnomalies) {
      const office = await import('../adapters/office/adaptateur');
      return dansExcel(async (context) => ({
        plan: await office.produireRapportDansExcel(context, { maintenant: new Date(), accepterAnomalies }, { miseEnPageDisponible: ensembleDisponible('1.9') }),
      }));
    },
    async consolider(fichiers, _region, progression) {
      const office = await import('../adapters/office/adaptateur');
      // Les classeurs des établissements sont lus par les fils de travail : Excel et le volet restent réactifs.
      const { etablissements, anomalies } = await travail.analyser(fichiers, dateCivileDe(new Date()), progression);
      // Le classeur ouvert ne reçoit la consolidation que s'il est déjà régional ; sinon (le dossier d'un lycée, un
      // classeur quelconque) elle s'ouvre dans un nouveau classeur et l'ouvert n'est pas touché.
      if (await dansExcel((context) => office.estClasseurRegional(context))) {
        return dansExcel(async (context) => {
          const r = await office.consoliderDansExcel(context, etablissements, anomalies, { miseEnPageDisponible: ensembleDisponible('1.9') });
          return { ...resumeConsolidation(r), ecriteDans: 'classeur-ouvert' as const };
        });
      }
      const r = await travail.executer('ecrireConsolidation', { etablissements, anomalies });
      await Excel.createWorkbook(enBase64(r.contenu));
      return { ...resumeConsolidation(r), ecriteDans: 'nouveau-classeur' as const };
    },
    async repartirAudit() {
      const office = await import('../adapters/office/adaptateur');
      const repartition = await dansExcel((context) => office.repartirDansExcel(context, { miseEnPageDisponible: ensembleDisponible('1.9') }));
      // Les copies partent du classeur ouvert, tel qu'Excel le transmet, et sont faites hors du fil de l'interface.
      const { octetsDuClasseurOuvert } = await import('./classeurOuvert');
      const copies = await travail.executer('copiesDesAuditeurs', { classeur: { nom: 'grille.xlsx', contenu: await octetsDuClasseurOuvert() }, repartition, maintenant: new Date() });
      return { copies: copies.map((c) => ({ auditeur: c.auditeur, criteres: c.criteres, fichier: { nom: c.nom, contenu: c.contenu } })) };
    },
    async fusionnerAudit(copies) {
      const office = await import('../adapters/office/adaptateur');
      const relues = await travail.executer('lireCopies', { copies });
      const bilan = await dansExcel((context) =>
        office.fusionnerDansExcel(
          context,
          relues.map((c) => ({
            fichier: c.fichier,
            lire: async () => {
              if (!c.lu) throw new ClasseurIllisible(c.motif ?? 'copie illisible.');
              return c.lu;
            },
          })),
          { miseEnPageDisponible: ensembleDisponible('1.9') },
        ),
      );
      return { bilan };
    },
    async lireRegistre() {
      const office = await import('../adapters/office/adaptateur');
      const { lireRegistre } = await import('../core/usages/registre');
      return dansExcel((context) => lireRegistre(office.portOffice(context, { miseEnPageDisponible: ensembleDisponible('1.9') }), dateCivileDe(new Date())));
    },
    async accuserReception(rne, conforme) {
      const office = await import('../adapters/office/adaptateur');
      if (!(await dansExcel((context) => office.estClasseurRegional(context)))) {
        throw new ClasseurIllisible("Ouvrez d'abord le classeur régional (celui de la consolidation) : l'envoi de l'accusé de réception est noté dans son registre des labels.");
      }
      const { accuser } = await import('../core/usages/registre');
      const r = await dansExcel((context) => accuser(office.portOffice(context, { miseEnPageDisponible: ensembleDisponible('1.9') }), rne, conforme, dateCivileDe(new Date())));
      const contenu = await travail.executer('ecrireLettre', { lettre: r.lettre });
      await Excel.createWorkbook(enBase64(contenu));
      return { etablissement: r.etablissement, conforme, lettre: { nom: nomLettreAccuse(rne, r.etablissement), contenu } };
    },
    async ouvrirDansExcel(contenu) {
      await Excel.createWorkbook(enBase64(contenu));
    },
    async produireFicheAction(genre, numero) {
      const office = await import('../adapters/office/adaptateur');
      return dansExcel((context) => office.produireFicheActionDansExcel(context, genre, numero, { miseEnPageDisponible: ensembleDisponible('1.9') }));
    },
    async verifier() {
      const office = await import('../adapters/office/adaptateur');
      return dansExcel((context) => office.verifierDansExcel(context));
    },
    async surveillerSources(tables, rafraichir) {
      const office = await import('../adapters/office/adaptateur');
      await dansExcel((context) => office.surveillerTableaux(context, tables, rafraichir));
    },
    async selectionner(feuille, cellule) {
      const office = await import('../adapters/office/adaptateur');
      await dansExcel((context) => office.selectionnerCellule(context, feuille, cellule));
    },
  };
}

/** Mode navigateur : tout ce qui lit ou écrit un classeur tourne dans un Web Worker, avec « Annuler ». */
export function serviceNavigateur(travail = new Travail()): ServicePilote {
  return {
    mode: 'navigateur',
    annuler: () => travail.annuler(),
    async lireIdentite(classeur) {
      if (!classeur) return {};
      return travail.executer('lireIdentite', classeur);
    },
    async generer(identite, classeur, feuilles, liaison, plus) {
      const r = await travail.executer('generer', { classeur, options: { identite, feuilles, liaison, ...plus, maintenant: new Date() } });
      const nom = classeur?.nom ?? nomDuDossier(r.plan.identite.rne, r.plan.identite.etablissement, new Date());
      const verification = await travail.executer('verifier', { contenu: r.contenu, nom });
      return { plan: r.plan, ...verification, fichier: { nom, contenu: r.contenu } };
    },
    async verifier(classeur) {
      if (!classeur) return undefined;
      return travail.executer('verifier', classeur);
    },
    async consolider(fichiers, region, progression) {
      const { etablissements, anomalies } = await travail.analyser(fichiers, dateCivileDe(new Date()), progression);
      const r = await travail.executer('ecrireConsolidation', { etablissements, anomalies, region });
      return { ...resumeConsolidation(r), fichier: { nom: region?.nom ?? nomClasseurRegional(new Date()), contenu: r.contenu } };
    },
    async lireRegistre(region) {
      if (!region) throw new ClasseurIllisible("Choisissez d'abord le classeur régional : son registre des labels sera lu.");
      return travail.executer('lireRegistre', { region, aujourdhui: dateCivileDe(new Date()) });
    },
    async accuserReception(rne, conforme, region) {
      if (!region) throw new ClasseurIllisible("Choisissez d'abord le classeur régional (ou consolidez) : l'envoi de l'accusé de réception est noté dans son registre des labels.");
      const r = await travail.executer('accuserReception', { region, rne, conforme, le: dateCivileDe(new Date()) });
      return { etablissement: r.etablissement, conforme, lettre: { nom: nomLettreAccuse(rne, r.etablissement), contenu: r.lettre }, fichier: { nom: region.nom, contenu: r.region } };
    },
    async produireFicheAction(genre, numero, classeur) {
      if (!classeur) throw new ClasseurIllisible("Choisissez d'abord le classeur de l'établissement, qui contient le plan d'actions LDM 002.");
      const r = await travail.executer('produireFicheAction', { classeur, genre, numero });
      return { feuille: r.feuille, fichier: { nom: classeur.nom, contenu: r.contenu } };
    },
    async repartirAudit(classeur) {
      if (!classeur) throw new ClasseurIllisible("Choisissez d'abord le classeur qui contient la grille d'audit du référent.");
      const r = await travail.executer('repartirAudit', { classeur, maintenant: new Date() });
      return {
        fichier: { nom: classeur.nom, contenu: r.contenu },
        copies: r.copies.map((c) => ({ auditeur: c.auditeur, criteres: c.criteres, fichier: { nom: c.nom, contenu: c.contenu } })),
      };
    },
    async fusionnerAudit(copies, classeur) {
      if (!classeur) throw new ClasseurIllisible("Choisissez d'abord le classeur qui contient la grille d'audit du référent.");
      const r = await travail.executer('fusionnerAudit', { classeur, copies });
      return { fichier: { nom: classeur.nom, contenu: r.contenu }, bilan: r.bilan };
    },
    async produireRapport(accepterAnomalies, classeur) {
      if (!classeur) throw new ClasseurIllisible("Choisissez d'abord le classeur qui contient la grille d'audit.");
      const r = await travail.executer('produireRapport', { classeur, options: { maintenant: new Date(), accepterAnomalies } });
      return { plan: r.plan, fichier: { nom: classeur.nom, contenu: r.contenu } };
    },
  };
}
