import donneesNationales from './ldm-national.json';
import { ErreurPilote } from '../erreurs';
import { Schema, ecartAuSchema } from '../modele/schema';

export interface Descripteur {
  /** Numéro national (1–46, 47+ pour un critère académique) : la clé de jointure entre toutes les grilles. */
  numero: number;
  /** Libellé de la grille d'auto-évaluation LDM 003. */
  ldm003: string;
  /** Libellé du rapport d'audit LDM 011. */
  ldm011: string;
  /** Descripteur qui ne s'applique qu'aux candidatures en réseau. */
  reseauUniquement: boolean;
  /** Coquille évidente du cahier des charges corrigée dans un libellé : ce qui a été changé, et d'après quoi. */
  correction?: string;
}

export interface Critere {
  numero: number;
  libelleLdm003: string;
  libelleLdm011: string;
  descripteurs: Descripteur[];
  indicateursExemples: string[];
  /** Critère ajouté par une académie (circulaire du 23-10-2023, §2). */
  academique?: boolean;
}

export interface Referentiel {
  id: string;
  titre: string;
  criteres: Critere[];
}

export class ReferentielInvalide extends ErreurPilote {}

/** Le critère académique tel que l'académie le fournit et que le classeur l'enregistre (JSON). */
export const SCHEMA_CRITERE_ACADEMIQUE: Schema = {
  type: 'objet',
  champs: {
    libelle: { type: 'texte', nonVide: true },
    descripteurs: { type: 'liste', nonVide: true, de: { type: 'texte', nonVide: true } },
    indicateursExemples: { type: 'liste', de: { type: 'texte' } },
    reseauUniquement: { type: 'booleen' },
  },
  optionnels: ['indicateursExemples', 'reseauUniquement'],
};

export const referentielNational: Referentiel = Object.freeze(donneesNationales);

// Demandée pour chaque classeur lu (des centaines dans une consolidation) : construite une fois par référentiel.
const descripteursParReferentiel = new WeakMap<Referentiel, ReadonlyArray<Readonly<Descripteur & { critere: number }>>>();

export function tousLesDescripteurs(ref: Referentiel): ReadonlyArray<Readonly<Descripteur & { critere: number }>> {
  let tous = descripteursParReferentiel.get(ref);
  if (!tous) {
    tous = Object.freeze(ref.criteres.flatMap((c) => c.descripteurs.map((d) => Object.freeze({ ...d, critere: c.numero }))));
    descripteursParReferentiel.set(ref, tous);
  }
  return tous;
}

export function critereDuDescripteur(ref: Referentiel, numero: number): Critere | undefined {
  return ref.criteres.find((c) => c.descripteurs.some((d) => d.numero === numero));
}

/**
 * Ajoute le critère propre à une académie, décrit en JSON :
 * { "libelle": "…", "descripteurs": ["…", "…"], "indicateursExemples": ["…"] }.
 * Les descripteurs sont numérotés à la suite des 46 nationaux.
 */
export function ajouterCritereAcademique(ref: Referentiel, description: unknown): Referentiel {
  if (ref.criteres.some((c) => c.academique)) {
    throw new ReferentielInvalide("Le référentiel contient déjà un critère académique : la circulaire n'en autorise qu'un.");
  }
  const ecart = ecartAuSchema(description, SCHEMA_CRITERE_ACADEMIQUE);
  if (ecart) throw new ReferentielInvalide(`Le critère académique n'a pas la forme attendue : ${ecart}. Forme : { "libelle": "…", "descripteurs": ["…"], "indicateursExemples": ["…"] }.`);
  const d = description as { libelle: string; descripteurs: string[]; indicateursExemples?: string[] };
  const exemples = d.indicateursExemples ?? [];
  const dernierNumero = Math.max(...tousLesDescripteurs(ref).map((x) => x.numero));
  const numeroCritere = Math.max(...ref.criteres.map((c) => c.numero)) + 1;
  const critere: Critere = {
    numero: numeroCritere,
    libelleLdm003: d.libelle.trim(),
    libelleLdm011: d.libelle.trim(),
    academique: true,
    indicateursExemples: exemples,
    descripteurs: d.descripteurs.map((texte, i) => ({
      numero: dernierNumero + 1 + i,
      ldm003: texte.trim(),
      ldm011: texte.trim(),
      reseauUniquement: false,
    })),
  };
  return { ...ref, id: `${ref.id}+academique`, criteres: [...ref.criteres, critere] };
}
