import { ClasseurIllisible, ContenuNonConserve, ErreurPilote } from '../erreurs';

/** Ce que contient une cellule, telle qu'un adaptateur la relit. */
export type Valeur = string | number | boolean | null;

/** Un tableau nommé relu : en-têtes et lignes, avec leur place dans la feuille. */
export interface TableauLu {
  nom: string;
  feuille: string;
  ligneEntete: number;
  colonneDebut: number;
  entetes: string[];
  lignes: Array<{ ligne: number; valeurs: Valeur[] }>;
}

/** Ce qu'un adaptateur a relu d'un classeur existant, avant toute écriture. */
export interface ClasseurLu {
  feuilles: string[];
  /** Tous les tableaux nommés du classeur (ceux de l'établissement compris), pour les liaisons. */
  nomsTableaux?: string[];
  /** Tous les tableaux, en-têtes seulement (formulaire de liaison) ; à défaut, ceux de `tableaux`. */
  entetesTableaux?: Array<{ nom: string; feuille: string; entetes: string[] }>;
  tableaux: Record<string, TableauLu | undefined>;
  /** Valeurs de cellules, clé « Feuille!A1 ». */
  cellules: Record<string, Valeur>;
}

/** Ce que le cœur demande à relire, pour qu'un adaptateur le lise en une seule passe. */
export interface DemandeLecture {
  tableaux: string[];
  cellules: Array<{ feuille: string; adresse: string }>;
  /**
   * Pour un tableau de l'établissement dont seules quelques colonnes servent (les mesures liées) : ces colonnes.
   * Un adaptateur qui lit à distance (Office.js) ne lit qu'elles ; les autres restent vides dans le tableau lu.
   */
  colonnes?: Record<string, string[]>;
}

/**
 * Une lecture en deux passes : la demande, puis ce que `suite` en déduit (fiches d'écart, tableaux sources) ; les
 * tableaux et cellules des deux passes réunis, ceux de la première l'emportant.
 */
export function lireEnDeuxPasses(lire: (d: DemandeLecture) => ClasseurLu, demande: DemandeLecture, suite?: (lu: ClasseurLu) => DemandeLecture): ClasseurLu {
  const lu = lire(demande);
  if (!suite) return lu;
  const plus = lire(suite(lu));
  return {
    ...lu,
    tableaux: Object.assign(Object.create(null) as ClasseurLu['tableaux'], plus.tableaux, lu.tableaux),
    cellules: Object.assign(Object.create(null) as ClasseurLu['cellules'], lu.cellules, plus.cellules),
  };
}

export const classeurVide: ClasseurLu = { feuilles: [], tableaux: {}, cellules: {} };

export function cleCellule(feuille: string, adresse: string): string {
  return `${feuille}!${adresse}`;
}

/** Un endroit précis du classeur et ce qu'il faut y faire : tout message à l'utilisateur en a un. */
export interface Localisation {
  feuille: string;
  cellule: string;
  message: string;
}

/**
 * Le classeur ne peut pas être régénéré sans risque de perdre des saisies :
 * rien n'est écrit, l'utilisateur reçoit la liste des endroits à corriger.
 */
export class ClasseurEndommage extends ErreurPilote {
  constructor(public readonly problemes: Localisation[]) {
    super(
      'Le classeur n\'a pas été modifié, pour ne perdre aucune saisie :\n' +
        problemes.map((p) => `- feuille « ${p.feuille} », ${p.cellule} : ${p.message}`).join('\n'),
    );
  }
}

// Définies dans le module léger des erreurs (le volet les importe sans charger le cœur).
export { ClasseurIllisible, ContenuNonConserve };

/** Texte d'une cellule tel qu'Excel le compare : les nombres et booléens deviennent du texte. */
export function texteDe(v: Valeur | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'VRAI' : 'FAUX';
  return String(v);
}

/**
 * L'ordre des codes (RNE, clés d'audit) : caractère par caractère, sans collation — le même que celle-ci pour des
 * chiffres et des majuscules, sans les 6 ms que coûte sa mise en route ni son prix sur des dizaines de milliers de lignes.
 */
export function ordreDesCodes(a: Valeur | undefined, b: Valeur | undefined): number {
  const x = texteDe(a);
  const y = texteDe(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

// Créé à la première demande : charger les données de la locale coûte ~15 ms au démarrage de la CLI.
let nombreFrancais: Intl.NumberFormat | undefined;

/** Une valeur dite dans un message français : 14,3 et non 14.3 ; le texte tel quel. */
export function texteFrancais(v: Valeur | undefined): string {
  if (typeof v !== 'number') return texteDe(v);
  nombreFrancais ??= new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6, useGrouping: false });
  return nombreFrancais.format(v);
}

/**
 * Vrai si la cellule est vide ou ne contient que des blancs, avec la même règle que la formule
 * TRIM(CLEAN(SUBSTITUTE(x;" ";" "))), l’espace insécable étant écrit tel quel (CHAR(160) dépend de la page de codes) écrite dans la feuille.
 */
export function estVide(v: Valeur | undefined): boolean {
  if (typeof v !== 'string') return v === null || v === undefined;
  // Appelée sur chaque cellule lue : un parcours sans rien allouer plutôt que trois remplacements.
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c > 0x20 && c !== 0xa0) return false;
  }
  return true;
}

/**
 * Range la valeur d'une colonne sous son en-tête : une colonne nommée « __proto__ » (fichier hostile ou maladroit)
 * reste une colonne, jamais le prototype de l'objet (sa valeur serait perdue).
 */
export function rangerSousEntete(o: Record<string, Valeur>, entete: string, v: Valeur): void {
  if (entete === '__proto__') Object.defineProperty(o, entete, { value: v, enumerable: true, writable: true, configurable: true });
  else o[entete] = v;
}

/** Comparaison de texte comme le signe = d'Excel : sans tenir compte de la casse. */
export function egalExcel(v: Valeur | undefined, attendu: string): boolean {
  return texteDe(v).toLocaleLowerCase('fr') === attendu.toLocaleLowerCase('fr');
}
