import { CelluleFixe, hauteurPourLignes, largeurDeTexte, lignesAffichees } from './types';

/** Hauteur d'une ligne sans texte renvoyé (pt), et des titres en grand caractère. */
const HAUTEUR_SIMPLE = 15;

/** Largeur d'une colonne d'Excel en points, depuis sa largeur en caractères (7 px par caractère + 5 px de marge). */
const pointsDeColonne = (largeur: number) => Math.trunc(largeur * 7 + 5) * 0.75;

/**
 * La hauteur de feuille (en points de la feuille) qu'une page A4 imprime, la feuille réduite pour tenir en largeur
 * (marges des adaptateurs : 0,4 po à gauche et à droite, 0,6 po en haut et en bas).
 */
export function capaciteDePage(largeurs: number[], orientation: 'portrait' | 'landscape'): number {
  const [largeurPage, hauteurPage] = orientation === 'portrait' ? [595, 842] : [842, 595];
  const largeurFeuille = largeurs.reduce((t, l) => t + pointsDeColonne(l), 0);
  const echelle = Math.min(1, (largeurPage - 0.8 * 72) / largeurFeuille);
  return (hauteurPage - 1.2 * 72) / echelle;
}

/** La hauteur estimée d'une ligne faite de ces cellules, comme les écrivains la posent (texte renvoyé, fusion). */
export function hauteurDeLigne(cellules: CelluleFixe[], largeurs: number[]): number {
  let lignes = 1;
  let minimum = HAUTEUR_SIMPLE;
  for (const c of cellules) {
    if (c.style?.taille && c.style.taille > 11) minimum = Math.max(minimum, c.style.taille * 1.4);
    if (!c.style?.retourLigne || typeof c.contenu !== 'string') continue;
    lignes = Math.max(lignes, lignesAffichees(c.contenu, largeurDeTexte(c.adresse, c.fusion, largeurs)));
  }
  return Math.max(minimum, hauteurPourLignes(lignes) ?? HAUTEUR_SIMPLE);
}

/**
 * Suit le remplissage des pages pendant qu'une feuille s'écrit ligne à ligne : dit quand une ligne ne tient plus et
 * qu'un saut de page doit la précéder. La marge (7 %) absorbe l'écart entre l'estimation et le rendu du tableur.
 */
export class Pagination {
  private utilise = 0;
  readonly sauts: number[] = [];
  private readonly capacite: number;

  constructor(largeurs: number[], orientation: 'portrait' | 'landscape', marge = 0.93) {
    this.capacite = capaciteDePage(largeurs, orientation) * marge;
  }

  /** Compte une ligne déjà placée (en-tête, titre…), sans saut possible avant elle. */
  compter(hauteur: number): void {
    this.utilise += hauteur;
  }

  /** La ligne `ligne` (et `gardeAvec` points à garder avec elle) tient-elle ? Sinon un saut la précède : vrai. */
  placer(ligne: number, hauteur: number, gardeAvec = 0): boolean {
    if (this.utilise > 0 && this.utilise + hauteur + gardeAvec > this.capacite) {
      this.sauts.push(ligne - 1);
      this.utilise = hauteur;
      return true;
    }
    this.utilise += hauteur;
    return false;
  }
}
