/**
 * Une erreur que Pilote LDM explique lui-même à la personne : message en français qui dit où et quoi faire.
 * Toute autre erreur est imprévue : ni la CLI ni le volet n'en montrent le texte (souvent celui d'une bibliothèque).
 * Module sans dépendance : le volet l'importe sans charger le cœur.
 */
export class ErreurPilote extends Error {
  /** Code de sortie de la CLI : 1 classeur à corriger ou option invalide, 2 fichier illisible. */
  readonly codeSortie: 1 | 2 = 1;
}

/** Le message à montrer pour une erreur, quelle qu'elle soit. */
export function messagePourLaPersonne(e: unknown): string {
  if (e instanceof ErreurPilote) return e.message;
  return "Erreur inattendue : l'opération n'a pas abouti et aucun classeur n'a été modifié. Enregistrez le classeur, rouvrez-le, puis recommencez ; si l'erreur revient, signalez-la avec le fichier.";
}
