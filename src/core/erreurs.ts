/**
 * Une erreur que Pilote LDM explique lui-même à la personne : message en français qui dit où et quoi faire.
 * Toute autre erreur est imprévue : ni la CLI ni le volet n'en montrent le texte (souvent celui d'une bibliothèque).
 * Module sans dépendance : le volet l'importe sans charger le cœur.
 */
export class ErreurPilote extends Error {
  /** Code de sortie de la CLI : 1 classeur à corriger ou option invalide, 2 fichier illisible. */
  readonly codeSortie: 1 | 2 = 1;
}

/** Le classeur contient des parties (graphiques, TCD…) qu'une réécriture hors d'Excel perdrait : il n'est pas réécrit. */
export class ContenuNonConserve extends ErreurPilote {}

/** Le fichier n'est pas un classeur lisible, ou pas un classeur Pilote LDM. */
export class ClasseurIllisible extends ErreurPilote {
  override readonly codeSortie = 2;
}

/** Une anomalie de la grille d'audit, là où elle est (feuille, cellule), dite en français. */
export interface AnomalieSignalee {
  sheet: string;
  cell: string;
  message: string;
}

/** Le rapport d'audit n'est pas produit tant que la grille a des anomalies ni corrigées ni acceptées. */
export class RapportBloque<A extends AnomalieSignalee = AnomalieSignalee> extends ErreurPilote {
  constructor(public readonly anomalies: A[]) {
    super(
      `Le rapport n'a pas été produit : la grille d'audit présente ${anomalies.length} anomalie(s). Corrigez-les, ou acceptez-les explicitement.\n` +
        anomalies.map((a) => `- ${a.sheet}!${a.cell} : ${a.message}`).join('\n'),
    );
  }
}

/** Le message à montrer pour une erreur, quelle qu'elle soit. */
export function messagePourLaPersonne(e: unknown): string {
  if (e instanceof ErreurPilote) return e.message;
  return "Erreur inattendue : l'opération n'a pas abouti et aucun classeur n'a été modifié. Enregistrez le classeur, rouvrez-le, puis recommencez ; si l'erreur revient, signalez-la avec le fichier.";
}
