/**
 * Une feuille décrite comme de simples données : les deux adaptateurs (Office.js dans Excel,
 * ExcelJS hors d'Excel) savent la rendre et relire ce que l'utilisateur y a saisi.
 */
import type { TableauLu, Valeur } from '../modele/classeur';

export type { TableauLu, Valeur };
export interface Formule {
  formule: string;
}
export type Contenu = Valeur | Formule;

export function estFormule(c: Contenu): c is Formule {
  return typeof c === 'object' && c !== null && 'formule' in c;
}

export interface Style {
  gras?: boolean;
  italique?: boolean;
  taille?: number;
  couleurTexte?: string; // RRGGBB
  fond?: string; // RRGGBB
  retourLigne?: boolean;
  horizontal?: 'left' | 'center' | 'right';
  vertical?: 'top' | 'middle';
  bordure?: boolean;
  format?: string;
}

/**
 * L'en-tête de tout tableau généré, en couleurs explicites : il reste lisible là où le style de tableau n'est pas
 * rendu (LibreOffice, impression). Les deux adaptateurs l'appliquent.
 */
export const STYLE_ENTETE_TABLEAU: Style = { gras: true, retourLigne: true, vertical: 'middle', couleurTexte: 'FFFFFF', fond: '1F4E79', bordure: true };

export interface CelluleFixe {
  adresse: string;
  contenu: Contenu;
  style?: Style;
  /** Plage fusionnée dont la cellule est le coin haut-gauche. */
  fusion?: string;
}

export type RoleColonne = 'reference' | 'saisie' | 'formule';

export interface ColonneTableau {
  entete: string;
  largeur: number;
  role: RoleColonne;
  style?: Style;
  /** Colonne d'aide au calcul, masquée (elle reste une formule ordinaire qu'on peut afficher et relire). */
  masquee?: boolean;
}

export interface TableauLayout {
  nom: string;
  ligneEntete: number;
  colonneDebut: number;
  colonnes: ColonneTableau[];
  /** Une ligne par enregistrement, dans l'ordre des colonnes. */
  lignes: Contenu[][];
  /** En-tête de la colonne qui identifie une ligne (le N° du descripteur). */
  colonneCle: string;
  style: string;
  /**
   * Ligne de l'ancien tableau d'où viennent les saisies de chaque clé : l'adaptateur y reprend les cellules
   * telles quelles (date, nombre, lien, mise en forme, note), y compris pour une ligne ajoutée sans N°.
   */
  sources?: Record<number, number>;
  /** Colonnes renommées par Pilote LDM : ancien en-tête → nouveau (saisies, mise en forme et références suivent). */
  anciensNoms?: Record<string, string>;
  /** Cellules de saisie que Pilote LDM réécrit malgré tout (mesures liées à un tableau) : clé de ligne et en-tête. */
  imposees?: Array<{ cle: number | string; entete: string }>;
}

export interface ValidationListe {
  type?: 'liste';
  plage: string;
  valeurs: string[];
  /** Liste tirée d'une formule (plage nommée, INDIRECT…) plutôt que des valeurs. */
  source?: string;
  /** Simple suggestion : la liste s'offre, mais toute autre saisie est acceptée sans message. */
  suggestion?: boolean;
  titreErreur: string;
  messageErreur: string;
  /** Saisie invalide refusée (stop) ou seulement signalée (avertissement). */
  bloquante: boolean;
  /** Aide affichée quand la cellule est sélectionnée (255 caractères au plus, limite d'Excel). */
  aide?: { titre: string; message: string };
}

/** Une date (postérieure au 1er janvier 2000) : refuse le texte et les dates impossibles. */
export interface ValidationDate {
  type: 'date';
  plage: string;
  titreErreur: string;
  messageErreur: string;
  bloquante: boolean;
}

export type Validation = ValidationListe | ValidationDate;

/** Une cellule (ou plage) qui attend une date : refusée si ce n'en est pas une, ou seulement signalée. */
export function validationDate(plage: string, titre: string, bloquante = true): ValidationDate {
  return { type: 'date', plage, titreErreur: titre, messageErreur: 'Saisissez une date (JJ/MM/AAAA).', bloquante };
}

export interface MiseEnFormeConditionnelle {
  plage: string;
  /** Formule relative à la cellule haut-gauche de la plage, sans référence structurée. */
  formule: string;
  /** Barre de données de cette couleur (la formule est alors ignorée) : un graphique dans la cellule. */
  barre?: string;
  fond?: string;
  couleurTexte?: string;
  gras?: boolean;
}

export interface MiseEnPage {
  orientation: 'portrait' | 'landscape';
  zoneImpression: string;
  /** Lignes répétées en haut de chaque page, ex. "17:17". */
  lignesRepetees?: string;
  /** Lignes après lesquelles une nouvelle page commence (sauts de page manuels). */
  sautsDePage?: number[];
  /** Colonnes répétées à gauche de chaque page, ex. "A:C" (feuille imprimée sur plusieurs pages en largeur). */
  colonnesRepetees?: string;
  /** Nombre de pages en largeur (1 par défaut) : au-delà d'une page, le texte resterait illisible une fois réduit. */
  pagesEnLargeur?: number;
  /** Texte d'en-tête et de pied de page, avec les codes d'Excel (&P, &N) ; un texte saisi passe par `texteEntete`. */
  entete?: string;
  piedDePage?: string;
}

/**
 * Lignes d'affichage d'un texte renvoyé à la ligne dans une colonne (ou fusion) de cette largeur, en caractères ;
 * et la hauteur de ligne qui en découle (12,75 pt par ligne), plafonnée à 409 pt (la limite d'Excel). Hors
 * d'Excel personne n'ajuste les lignes : les deux écrivains (ExcelJS et direct) l'estiment ainsi.
 */
export function lignesAffichees(texte: string, largeur: number): number {
  const parLigne = Math.max(1, Math.floor(largeur * 1.05));
  // Paragraphe par paragraphe, sans découper le texte (appelé pour chaque cellule renvoyée à la ligne).
  let lignes = 0;
  for (let debut = 0; ; ) {
    const fin = texte.indexOf('\n', debut);
    lignes += Math.max(1, Math.ceil(((fin < 0 ? texte.length : fin) - debut) / parLigne));
    if (fin < 0) return lignes;
    debut = fin + 1;
  }
}

/**
 * La largeur (en caractères) sur laquelle le texte d'une cellule passe à la ligne : sa colonne, ou toutes celles de sa
 * fusion ; une fusion sur plusieurs lignes (zone de texte) a déjà sa hauteur, on ne l'étire pas (largeur infinie).
 */
export function largeurDeTexte(adresse: string, fusion: string | undefined, largeurs: number[]): number {
  const largeur = (c: number) => largeurs[c - 1] ?? 9;
  const debut = decoderAdresse(adresse);
  if (!fusion) return largeur(debut.colonne);
  const [a, b] = fusion.split(':').map(decoderAdresse);
  if (b.ligne > a.ligne) return Number.POSITIVE_INFINITY;
  let total = 0;
  for (let k = a.colonne; k <= b.colonne; k++) total += largeur(k);
  return total;
}

export function hauteurPourLignes(n: number): number | undefined {
  return n > 1 ? Math.min(409, n * 12.75 + 3) : undefined;
}

/** Un texte saisi (nom d'établissement…) placé dans un en-tête de page : « & » y introduit un code, il est doublé. */
export function texteEntete(s: string): string {
  return s.replace(/&/g, '&&');
}

/**
 * Pages en largeur pour qu'une feuille paysage reste lisible (échelle d'au moins 60 % environ) : une page A4 paysage
 * tient environ 111 caractères de largeur de colonne à 100 % (mesuré sur les PDF de LibreOffice) ; les colonnes
 * répétées comptent sur chaque page.
 */
export function pagesEnLargeur(largeurs: number[], largeurRepetee = 0): number {
  const total = largeurs.reduce((a, b) => a + b, 0);
  for (let n = 1; n < 6; n++) if ((total + (n - 1) * largeurRepetee) / n <= 111 / 0.6) return n;
  return 6;
}

export interface NomDefini {
  nom: string;
  /** Adresse absolue dans la feuille, ex. "$C$4". */
  adresse: string;
}

export interface FeuilleLayout {
  nom: string;
  largeursColonnes: number[];
  cellules: CelluleFixe[];
  tableaux: TableauLayout[];
  validations: Validation[];
  misesEnForme: MiseEnFormeConditionnelle[];
  nomsDefinis: NomDefini[];
  miseEnPage?: MiseEnPage;
  couleurOnglet?: string;
  /** Feuille entièrement produite (un rapport) : son contenu précédent est effacé avant d'écrire. */
  remplacer?: boolean;
  /** Textes venus d'autres classeurs : jamais interprétés comme formules, même s'ils commencent par =, +, - ou @. */
  texteLitteral?: boolean;
  /** Feuille en lecture seule (archive) : protégée, sans mot de passe (on peut la déprotéger, pas la modifier par mégarde). */
  protegee?: boolean;
  /**
   * Zone laissée par une mise en page antérieure de la feuille (ses saisies déjà relues) : valeurs, formats, fusions,
   * validations et mises en forme conditionnelles y sont effacés avant d'écrire ; le reste de la feuille est gardé.
   */
  effacer?: string;
  /** Hauteur minimale de certaines lignes (points) : une zone de texte libre assez haute pour y écrire à la main. */
  hauteursMin?: Record<number, number>;
  /** Graphiques (écrits par l'adaptateur Office.js ; hors d'Excel, les barres de données en tiennent lieu). */
  graphiques?: Array<{ titre: string; donnees: string; coinHautGauche: string; coinBasDroit: string }>;
}

/** Ce qu'un adaptateur relit d'un tableau existant : les valeurs brutes et leur position. */

export function lettreColonne(n: number): string {
  let s = '';
  let x = n;
  while (x > 0) {
    const r = (x - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    x = Math.floor((x - 1) / 26);
  }
  return s;
}

export function numeroColonne(lettres: string): number {
  return lettres.toUpperCase().split('').reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
}

export function adresse(ligne: number, colonne: number): string {
  return `${lettreColonne(colonne)}${ligne}`;
}

export function decoderAdresse(a: string): { ligne: number; colonne: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/i.exec(a.trim());
  if (!m) throw new Error(`Adresse invalide : ${a}`);
  return { colonne: numeroColonne(m[1]), ligne: Number(m[2]) };
}

export function plageTableau(t: TableauLayout): string {
  const fin = adresse(t.ligneEntete + Math.max(t.lignes.length, 1), t.colonneDebut + t.colonnes.length - 1);
  return `${adresse(t.ligneEntete, t.colonneDebut)}:${fin}`;
}

export function colonneDe(t: TableauLayout, entete: string): number {
  const i = t.colonnes.findIndex((c) => c.entete === entete);
  if (i < 0) throw new Error(`Colonne inconnue : ${entete}`);
  return t.colonneDebut + i;
}

/** Référence structurée canonique, comprise par Excel et par LibreOffice. */
export function celluleDeLaLigne(tableau: string, colonne: string): string {
  return `${tableau}[[#This Row],[${echapperEnteteStructure(colonne)}]]`;
}

export function colonneEntiere(tableau: string, colonne: string): string {
  return `${tableau}[${echapperEnteteStructure(colonne)}]`;
}

export function echapperEnteteStructure(entete: string): string {
  return entete.replace(/(['#[\]])/g, "'$1");
}

/** Texte d'une formule Excel entre guillemets. */
export function texteFormule(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
