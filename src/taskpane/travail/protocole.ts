import { AnomalieSignalee, ClasseurIllisible, ErreurPilote, RapportBloque } from '../../core/erreurs';
import type { NomOperation } from './operations';

/** Module léger (sans ExcelJS ni cœur) : les messages échangés entre le volet et ses fils de travail. */
export interface Demande {
  id: number;
  operation: NomOperation;
  arguments: unknown;
}

/** Une erreur qui passe d'un fil à l'autre : sa nature et son message français, jamais un objet de bibliothèque. */
export interface ErreurTransmise {
  genre: 'illisible' | 'rapport-bloque' | 'pilote' | 'inattendue';
  message: string;
  anomalies?: AnomalieSignalee[];
}

export type Reponse = { id: number; resultat: unknown } | { id: number; erreur: ErreurTransmise };

export function transmettreErreur(e: unknown): ErreurTransmise {
  if (e instanceof RapportBloque) return { genre: 'rapport-bloque', message: e.message, anomalies: e.anomalies };
  if (e instanceof ClasseurIllisible) return { genre: 'illisible', message: e.message };
  if (e instanceof ErreurPilote) return { genre: 'pilote', message: e.message };
  return { genre: 'inattendue', message: e instanceof Error ? e.message : String(e) };
}

/** L'erreur reconstruite dans le volet : mêmes classes que si l'opération avait tourné sur place. */
export function erreurRecue(e: ErreurTransmise): Error {
  if (e.genre === 'rapport-bloque') return new RapportBloque(e.anomalies ?? []);
  if (e.genre === 'illisible') return new ClasseurIllisible(e.message);
  if (e.genre === 'pilote') return new ErreurPilote(e.message);
  // Le texte d'une erreur imprévue (souvent celui d'une bibliothèque, en anglais) n'est jamais montré.
  return new Error(e.message);
}

/** Les octets d'un résultat (classeur produit) passent sans copie. */
export function aTransferer(resultat: unknown): Transferable[] {
  const contenu = (resultat as { contenu?: unknown } | undefined)?.contenu;
  return contenu instanceof Uint8Array && contenu.byteOffset === 0 && contenu.byteLength === contenu.buffer.byteLength ? [contenu.buffer as ArrayBuffer] : [];
}
