import { ClasseurEndommage, Localisation, estVide, rangerSousEntete, texteDe } from '../modele/classeur';
import { TableauLu, Valeur, adresse } from './types';

export type SaisiesParCle = Map<number, Record<string, Valeur>>;

export interface SaisiesReprises {
  saisies: SaisiesParCle;
  /** Colonnes que l'utilisateur a ajoutées au tableau : elles sont gardées, avec leur contenu. */
  colonnesUtilisateur: string[];
  /** Ligne de l'ancien tableau d'où viennent les saisies de chaque clé (lignes ajoutées sans N° comprises). */
  sources: Record<number, number>;
}

export interface RegleReprise {
  /** En-tête de la colonne qui identifie la ligne (le N° du descripteur). */
  colonneCle: string;
  /** Colonnes que Pilote LDM écrit lui-même : tout le reste appartient à l'utilisateur. */
  colonnesProduites: string[];
  /** Colonnes de saisie prévues par la feuille (les autres non produites sont des ajouts de l'utilisateur). */
  colonnesSaisie: string[];
  /** Clés admises (les N° du référentiel) ; sans elle, tout entier positif est une clé. */
  clesConnues?: Set<number>;
  /** Lignes ajoutées par l'utilisateur sans numéro : numérotées à la suite au lieu d'être refusées. */
  numeroterSansCle?: boolean;
  /** Colonnes renommées par Pilote LDM : ancien en-tête → nouveau ; les saisies passent sous le nouveau nom. */
  anciensNoms?: Record<string, string>;
}

export const aucuneSaisie = (): SaisiesReprises => ({ saisies: new Map(), colonnesUtilisateur: [], sources: {} });

/**
 * Relit les saisies d'un tableau existant, rattachées à la clé de la ligne (N° du descripteur) et non à sa position.
 * Refuse (ClasseurEndommage) tout ce qui ferait perdre une saisie si l'on régénérait.
 */
export function reprendreSaisies(lu: TableauLu | undefined, regle: RegleReprise): SaisiesReprises {
  if (!lu) return aucuneSaisie();
  const problemes: Localisation[] = [];
  // Les règles n'ont pas toutes les mêmes champs : lus une fois ici, pas à chaque ligne (le code optimisé resterait
  // lié à la forme de la première règle rencontrée).
  const { colonneCle, colonnesProduites, colonnesSaisie, clesConnues, numeroterSansCle, anciensNoms } = regle;
  const iCle = lu.entetes.findIndex((e) => e.trim() === colonneCle);
  const plage = () => (clesConnues ? `1 à ${Math.max(...clesConnues)}` : 'un entier positif');
  const connue = (n: number) => (clesConnues ? clesConnues.has(n) : n > 0);
  const sansCle: Array<{ contenu: Record<string, Valeur>; ligne: number }> = [];
  if (iCle < 0) {
    throw new ClasseurEndommage([
      {
        feuille: lu.feuille,
        cellule: `ligne ${lu.ligneEntete} (en-têtes du tableau ${lu.nom}, à partir de ${adresse(lu.ligneEntete, lu.colonneDebut)})`,
        message: `la colonne « ${colonneCle} » a été renommée ou supprimée : c'est elle qui relie chaque ligne à son descripteur. Rétablissez l'en-tête « ${colonneCle} » et les numéros, ou annulez la modification (Ctrl+Z), puis relancez la génération.`,
      },
    ]);
  }
  // Des boucles simples : appelée pour chaque tableau de chaque classeur d'une consolidation, cette fonction est
  // optimisée tôt, et des tableaux tantôt vides tantôt remplis passés à filter/map la faisaient désoptimiser.
  const conservees: Array<{ entete: string; i: number }> = [];
  const resultat = aucuneSaisie();
  for (let i = 0; i < lu.entetes.length; i++) {
    const nom = lu.entetes[i].trim();
    const entete = (anciensNoms && Object.prototype.hasOwnProperty.call(anciensNoms, nom) ? anciensNoms[nom] : undefined) ?? nom;
    if (!entete || colonnesProduites.includes(entete)) continue;
    conservees.push({ entete, i });
    if (!colonnesSaisie.includes(entete)) resultat.colonnesUtilisateur.push(entete);
  }
  // La ligne où chaque clé a été vue ; les adresses ne sont écrites que pour un message.
  const vuA = new Map<number, number>();
  const celluleDe = (ligne: number) => adresse(ligne, lu.colonneDebut + iCle);
  for (const { ligne, valeurs } of lu.lignes) {
    const cellule = () => celluleDe(ligne);
    const brut = valeurs[iCle];
    const contenu: Record<string, Valeur> = {};
    for (const c of conservees) rangerSousEntete(contenu, c.entete, valeurs[c.i] ?? null);
    if (estVide(brut)) {
      if (Object.values(contenu).some((v) => !estVide(v)) && numeroterSansCle) {
        sansCle.push({ contenu, ligne });
      } else if (Object.values(contenu).some((v) => !estVide(v))) {
        problemes.push({
          feuille: lu.feuille,
          cellule: cellule(),
          message: `cette ligne contient des saisies mais plus de numéro de descripteur. Retapez le numéro (${plage()}) pour la rattacher à son descripteur.`,
        });
      }
      continue;
    }
    const cle = typeof brut === 'number' ? brut : Number(texteDe(brut).trim());
    if (!Number.isInteger(cle) || !connue(cle)) {
      problemes.push({
        feuille: lu.feuille,
        cellule: cellule(),
        message: `« ${texteDe(brut)} » n'est pas un numéro valable ici. Remettez le numéro d'origine (${plage()}).`,
      });
      continue;
    }
    const deja = vuA.get(cle);
    if (deja !== undefined) {
      problemes.push({
        feuille: lu.feuille,
        cellule: cellule(),
        message: `le descripteur ${cle} apparaît deux fois (aussi en ${celluleDe(deja)}). Regroupez les saisies sur une seule ligne et remettez le bon numéro sur l'autre.`,
      });
      continue;
    }
    vuA.set(cle, ligne);
    resultat.saisies.set(cle, contenu);
    resultat.sources[cle] = ligne;
  }
  if (problemes.length) throw new ClasseurEndommage(problemes);
  let suivant = Math.max(0, ...resultat.saisies.keys()) + 1;
  for (const { contenu, ligne } of sansCle) {
    resultat.sources[suivant] = ligne;
    resultat.saisies.set(suivant++, contenu);
  }
  return resultat;
}

/** Ligne de la feuille où se trouve chaque clé, pour situer un constat. */
export function lignesParCle(lu: TableauLu, colonneCle: string): Map<number, number> {
  const i = lu.entetes.indexOf(colonneCle);
  const lignes = new Map<number, number>();
  for (const { ligne, valeurs } of lu.lignes) lignes.set(Number(texteDe(valeurs[i]).trim()), ligne);
  return lignes;
}

export function celluleDuTableau(lu: TableauLu, ligne: number, colonne: string): string {
  const i = lu.entetes.indexOf(colonne);
  return adresse(ligne, lu.colonneDebut + Math.max(i, 0));
}
