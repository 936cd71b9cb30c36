import { ErreurPilote } from '../../core/erreurs';
import type { AnomalieFichier, EtablissementConsolide } from '../../core/consolidation/lecture';
import type { DateCivile } from '../../core/modele/dates';
import type { Arguments, NomOperation, Resultat } from './operations';
import { Demande, Reponse, erreurRecue } from './protocole';

/** Levée quand la personne clique « Annuler » : rien n'a été écrit ni téléchargé. */
export class OperationAnnulee extends ErreurPilote {
  constructor() {
    super("Opération annulée : rien n'a été écrit ni téléchargé.");
  }
}

type EnAttente = { resoudre: (r: unknown) => void; rejeter: (e: Error) => void };

/** Un Web Worker du volet (dist/travailleur.js) et ses demandes en cours. */
class Fil {
  private readonly worker: Worker;
  private readonly attente = new Map<number, EnAttente>();
  private suivant = 1;
  occupe = false;

  constructor(url: string) {
    this.worker = new Worker(url);
    this.worker.onmessage = (ev: MessageEvent<Reponse>) => {
      const a = this.attente.get(ev.data.id);
      if (!a) return;
      this.attente.delete(ev.data.id);
      if ('erreur' in ev.data) a.rejeter(erreurRecue(ev.data.erreur));
      else a.resoudre(ev.data.resultat);
    };
    // Un fil qui ne démarre pas (script introuvable, plantage) : une erreur pour chaque demande, jamais une attente sans fin.
    this.worker.onerror = (ev) => {
      ev.preventDefault?.();
      for (const a of this.attente.values()) a.rejeter(new Error(ev.message || 'fil de travail arrêté'));
      this.attente.clear();
    };
  }

  appeler<K extends NomOperation>(operation: K, args: Arguments<K>): Promise<Resultat<K>> {
    const id = this.suivant++;
    return new Promise<Resultat<K>>((resoudre, rejeter) => {
      this.attente.set(id, { resoudre: resoudre as (r: unknown) => void, rejeter });
      const demande: Demande = { id, operation, arguments: args };
      this.worker.postMessage(demande);
    });
  }

  arreter(): void {
    this.worker.terminate();
    for (const a of this.attente.values()) a.rejeter(new OperationAnnulee());
    this.attente.clear();
  }
}

/**
 * Les fils de travail du volet : lecture et écriture des classeurs hors du fil de l'interface (elle ne gèle jamais),
 * consolidation répartie sur plusieurs fils, « Annuler » qui les arrête tous. Sans Web Workers (très vieux
 * navigateur), les mêmes opérations tournent sur place.
 */
export class Travail {
  private fils: Fil[] = [];
  private annulations = 0;

  constructor(private readonly url: string | undefined = Travail.urlParDefaut()) {}

  static urlParDefaut(): string | undefined {
    if (typeof Worker === 'undefined' || typeof document === 'undefined') return undefined;
    return new URL('travailleur.js', document.baseURI).href;
  }

  private fil(i: number): Fil {
    while (this.fils.length <= i) this.fils.push(new Fil(this.url!));
    return this.fils[i];
  }

  async executer<K extends NomOperation>(operation: K, args: Arguments<K>): Promise<Resultat<K>> {
    if (!this.url) {
      const { operations } = await import('./operations');
      return (operations[operation] as (a: Arguments<K>) => Promise<Resultat<K>>)(args);
    }
    return this.fil(0).appeler(operation, args);
  }

  /**
   * Lit les classeurs des établissements sur `paralleles` fils, chacun prenant le fichier suivant dès qu'il est
   * libre ; résultats dans l'ordre des fichiers. Ce qui est gardé par établissement : son résumé, jamais le classeur.
   */
  async analyser(
    fichiers: File[],
    aujourdhui: DateCivile,
    progression?: (faits: number, total: number, fichier: string) => void,
    paralleles = Math.max(1, Math.min(4, (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2)),
  ): Promise<{ etablissements: EtablissementConsolide[]; anomalies: AnomalieFichier[] }> {
    const annulations = this.annulations;
    const resultats: Array<Resultat<'analyser'>> = new Array(fichiers.length);
    let prochain = 0;
    let faits = 0;
    const ouvrier = async (k: number) => {
      while (prochain < fichiers.length) {
        if (annulations !== this.annulations) throw new OperationAnnulee();
        const i = prochain++;
        resultats[i] = this.url ? await this.fil(k).appeler('analyser', { fichier: fichiers[i], aujourdhui }) : await this.executer('analyser', { fichier: fichiers[i], aujourdhui });
        faits++;
        progression?.(faits, fichiers.length, fichiers[i].name);
      }
    };
    await Promise.all(Array.from({ length: Math.min(paralleles, Math.max(1, fichiers.length)) }, (_, k) => ouvrier(k)));
    const etablissements: EtablissementConsolide[] = [];
    const anomalies: AnomalieFichier[] = [];
    for (const r of resultats) {
      if ('etablissement' in r) etablissements.push(r.etablissement);
      else anomalies.push(r.anomalie);
    }
    return { etablissements, anomalies };
  }

  /** Arrête tout ce qui tourne : les demandes en cours échouent avec OperationAnnulee ; de nouveaux fils viendront au besoin. */
  annuler(): void {
    this.annulations++;
    for (const f of this.fils) f.arreter();
    this.fils = [];
  }
}
