import * as service from '../../adapters/exceljs/service';
import { analyserFichier } from '../../adapters/paquet/analyse';
import { portLectureDirecte } from '../../adapters/paquet/port';
import { lireIdentite, verifier } from '../../core/usages/operations';
import { AnomalieFichier, EtablissementConsolide } from '../../core/consolidation/lecture';
import { DateCivile } from '../../core/modele/dates';
import { OptionsGeneration } from '../../core/usages/generation';
import { OptionsRapport } from '../../core/audit/rapport';
import { GenreFiche } from '../../core/plan/fichesAction';
import { Repartition } from '../../core/usages/equipe';
import { demandeLectureGeneration } from '../../core/usages/generation';
import { ClasseurLu } from '../../core/modele/classeur';
import { messagePourLaPersonne } from '../../core/erreurs';
import { lireRegistre } from '../../core/usages/registre';
import { FeuilleLayout } from '../../core/layout/types';
import { ecrireClasseurNeuf } from '../../adapters/paquet/ecrivain';

type Classeur = { nom: string; contenu: Uint8Array };

/** Une copie d'auditeur relue dans le fil de travail : son contenu, ou pourquoi elle ne se lit pas. */
export type CopieRelue = { fichier: string; lu?: ClasseurLu; motif?: string };

/**
 * Ce que le volet fait faire hors du fil de l'interface (Web Worker) : lire, générer, produire le rapport, lire un
 * classeur à consolider, écrire le classeur régional. Une entrée par opération, appelée par le fil de travail ou,
 * là où les Web Workers manquent, directement.
 */
export const operations = {
  // Lire l'identité et l'état d'un classeur choisi : lecteur direct, seules les parties utiles décompressées (un
  // dossier de 11 Mo s'ouvre en une fraction de seconde) ; même résultat qu'ExcelJS (test verificationDirecte).
  lireIdentite: (a: Classeur) => lireIdentite(portLectureDirecte(a.contenu, a.nom)),
  verifier: (a: Classeur) => verifier(portLectureDirecte(a.contenu, a.nom)),
  generer: (a: { classeur?: Classeur; options: OptionsGeneration }) => service.genererClasseur(a.classeur, a.options),
  produireRapport: (a: { classeur: Classeur; options: OptionsRapport }) => service.produireRapport(a.classeur, a.options),
  /** Un classeur d'établissement (un File : lu ici, jamais copié par le fil de l'interface). */
  analyser: (a: { fichier: File; aujourdhui: DateCivile }) =>
    analyserFichier(a.fichier.name, a.fichier.size, async () => new Uint8Array(await a.fichier.arrayBuffer()), a.aujourdhui, new Date(a.fichier.lastModified)),
  produireFicheAction: (a: { classeur: Classeur; genre: GenreFiche; numero: number }) => service.produireFicheAction(a.classeur, a.genre, a.numero),
  repartirAudit: (a: { classeur: Classeur; maintenant: Date }) => service.repartirAudit(a.classeur, a.maintenant),
  /** Dans Excel : les copies des auditeurs faites depuis le classeur ouvert (lu par Office), la répartition écrite. */
  copiesDesAuditeurs: (a: { classeur: Classeur; repartition: Repartition; maintenant: Date }) => service.copiesDesAuditeurs(a.classeur, a.repartition, a.maintenant),
  /** Dans Excel : les copies remplies, relues ici (lecteur direct) ; la fusion s'écrit ensuite dans le classeur ouvert. */
  lireCopies: (a: { copies: File[] }) =>
    Promise.all(
      a.copies.map(async (f): Promise<CopieRelue> => {
        try {
          return { fichier: f.name, lu: await portLectureDirecte(new Uint8Array(await f.arrayBuffer()), f.name).lire(demandeLectureGeneration()) };
        } catch (e) {
          return { fichier: f.name, motif: messagePourLaPersonne(e) };
        }
      }),
    ),
  fusionnerAudit: async (a: { classeur: Classeur; copies: File[] }) =>
    service.fusionnerAudit(a.classeur, await Promise.all(a.copies.map(async (f) => ({ nom: f.name, contenu: new Uint8Array(await f.arrayBuffer()) })))),
  /** Le registre des labels du classeur régional choisi, au jour dit (lecteur direct). */
  lireRegistre: (a: { region: Classeur; aujourdhui: DateCivile }) => lireRegistre(portLectureDirecte(a.region.contenu, a.region.nom), a.aujourdhui),
  /** LDM 007 : la lettre, et le registre du classeur régional qui note l'envoi. */
  accuserReception: (a: { region: Classeur; rne: string; conforme: boolean; le: DateCivile }) => service.accuserReceptionFichier(a.region, a.rne, a.conforme, a.le),
  /** Dans Excel : la lettre LDM 007 écrite en classeur à part (le registre, lui, est écrit dans le classeur ouvert). */
  ecrireLettre: (a: { lettre: FeuilleLayout }) => ecrireClasseurNeuf([a.lettre], a.lettre.nom),
  ecrireConsolidation: (a: { etablissements: EtablissementConsolide[]; anomalies: AnomalieFichier[]; region?: Classeur }) =>
    service.ecrireConsolidation(a.etablissements, a.anomalies, a.region),
};

export type Operations = typeof operations;
export type NomOperation = keyof Operations;
export type Arguments<K extends NomOperation> = Parameters<Operations[K]>[0];
export type Resultat<K extends NomOperation> = Awaited<ReturnType<Operations[K]>>;
