/* global Excel */
import { Identite } from '../core/modele/identite';
import { FeuilleGenerable, OptionsGeneration, PlanGeneration } from '../core/usages/generation';
import { PlanRapport } from '../core/audit/rapport';
import { ResumePlan } from '../core/plan/constats';
import { Liaison } from '../core/plan/liaisons';
import { CompletudeCritere, Constat } from '../core/regles/constats';
import { Mode, ensembleDisponible } from './mode';
import { ClasseurIllisible } from '../core/modele/classeur';

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
}

export interface ResultatConsolidationVolet {
  retenus: Array<{ rne: string; etablissement: string; fichier: string }>;
  anomalies: Array<{ fichier: string; prise: 'non' | 'partielle'; motif: string }>;
  /** Mode navigateur : le classeur régional, à télécharger (jamais le classeur d'un lycée). */
  fichier?: { nom: string; contenu: Uint8Array };
  /** Mode Excel : où la consolidation a été écrite. */
  ecriteDans?: 'classeur-ouvert' | 'nouveau-classeur';
}

/** « LDM - 0450051L - Lycée Jean Exemple - 2026-11-26.xlsx » : un classeur neuf porte le nom de son établissement. */
export function nomDuDossier(rne: string, etablissement: string, d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  // Caractères interdits dans un nom de fichier (Windows compris) retirés ; longueur bornée.
  // eslint-disable-next-line no-control-regex -- les caractères de contrôle sont justement ceux à retirer
  const propre = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
  const morceaux = ['LDM', propre(rne), propre(etablissement), `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`].filter(Boolean);
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

/** Les fichiers choisis, lus un à un au moment de leur tour ; un fichier trop gros n'est jamais lu. */
function fichiersChoisis(fichiers: File[]): Array<{ nom: string; taille: number; modifieLe: Date; lire: () => Promise<Uint8Array> }> {
  return fichiers.map((f) => ({ nom: f.name, taille: f.size, modifieLe: new Date(f.lastModified), lire: async () => new Uint8Array(await f.arrayBuffer()) }));
}

export interface ResultatRapportVolet {
  plan: PlanRapport;
  fichier?: { nom: string; contenu: Uint8Array };
}

/** Options du plan d'actions : durée du contrat d'objectifs, reprise des constats d'audit. */
export type OptionsPlan = Pick<OptionsGeneration, 'horizon' | 'depuisAudit'>;

/** Ce que le volet sait faire, dans Excel comme dans un navigateur ; les deux appellent le même cœur. */
export interface ServicePilote {
  mode: Mode;
  generer(identite: Partial<Identite>, classeur?: { nom: string; contenu: Uint8Array }, feuilles?: FeuilleGenerable[], liaison?: Liaison, plus?: OptionsPlan): Promise<ResultatVolet>;
  /** L'état du classeur (ouvert dans Excel, ou choisi en mode navigateur) ; rien sans classeur. */
  verifier(classeur?: { nom: string; contenu: Uint8Array }): Promise<Verification | undefined>;
  /** Dans Excel : prévenir le volet quand un tableau source change (liaisons Office, ExcelApi 1.3). */
  surveillerSources?(tables: string[], rafraichir: () => void): Promise<void>;
  /** Consolide les classeurs des établissements (le lecteur de fichiers n'est chargé qu'ici). */
  consolider(fichiers: File[], region?: { nom: string; contenu: Uint8Array }, progression?: (faits: number, total: number) => void): Promise<ResultatConsolidationVolet>;
  /** Rapport LDM 011 et fiches LDM 010 ; lève RapportBloque tant que la grille a des anomalies non acceptées. */
  produireRapport(accepterAnomalies: boolean, classeur?: { nom: string; contenu: Uint8Array }): Promise<ResultatRapportVolet>;
  selectionner?(feuille: string, cellule: string): Promise<void>;
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

export function serviceExcel(): ServicePilote {
  return {
    mode: 'excel',
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
      const service = await import('../adapters/exceljs/service');
      const office = await import('../adapters/office/adaptateur');
      const { etablissements, anomalies } = await service.analyserFichiers(fichiersChoisis(fichiers), new Date(), progression);
      // Le classeur ouvert ne reçoit la consolidation que s'il est déjà régional ; sinon (le dossier d'un lycée, un
      // classeur quelconque) elle s'ouvre dans un nouveau classeur et l'ouvert n'est pas touché.
      if (await dansExcel((context) => office.estClasseurRegional(context))) {
        return dansExcel(async (context) => {
          const r = await office.consoliderDansExcel(context, etablissements, anomalies, { miseEnPageDisponible: ensembleDisponible('1.9') });
          return { retenus: r.retenus, anomalies: r.anomalies, ecriteDans: 'classeur-ouvert' as const };
        });
      }
      const r = await service.ecrireConsolidation(etablissements, anomalies, undefined);
      await Excel.createWorkbook(enBase64(r.contenu));
      return { retenus: r.retenus, anomalies: r.anomalies, ecriteDans: 'nouveau-classeur' as const };
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

export function serviceNavigateur(): ServicePilote {
  return {
    mode: 'navigateur',
    async lireIdentite(classeur) {
      if (!classeur) return {};
      const service = await import('../adapters/exceljs/service');
      return service.lireIdentite(classeur.contenu, classeur.nom);
    },
    async generer(identite, classeur, feuilles, liaison, plus) {
      // ExcelJS n'est chargé qu'en mode navigateur : le volet reste léger dans Excel.
      const service = await import('../adapters/exceljs/service');
      const r = await service.genererClasseur(classeur, { identite, feuilles, liaison, ...plus, maintenant: new Date() });
      const nom = classeur?.nom ?? nomDuDossier(r.plan.identite.rne, r.plan.identite.etablissement, new Date());
      const verification = await service.verifierClasseur(r.contenu, nom);
      return { plan: r.plan, ...verification, fichier: { nom, contenu: r.contenu } };
    },
    async verifier(classeur) {
      if (!classeur) return undefined;
      const service = await import('../adapters/exceljs/service');
      return service.verifierClasseur(classeur.contenu, classeur.nom);
    },
    async consolider(fichiers, region, progression) {
      const service = await import('../adapters/exceljs/service');
      const r = await service.consoliderClasseurs(fichiersChoisis(fichiers), region, new Date(), progression);
      return { retenus: r.retenus, anomalies: r.anomalies, fichier: { nom: region?.nom ?? nomClasseurRegional(new Date()), contenu: r.contenu } };
    },
    async produireRapport(accepterAnomalies, classeur) {
      if (!classeur) throw new ClasseurIllisible("Choisissez d'abord le classeur qui contient la grille d'audit.");
      const service = await import('../adapters/exceljs/service');
      const r = await service.produireRapport(classeur, { maintenant: new Date(), accepterAnomalies });
      return { plan: r.plan, fichier: { nom: classeur.nom, contenu: r.contenu } };
    },
  };
}
