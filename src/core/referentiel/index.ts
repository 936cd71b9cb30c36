import donneesNationales from './ldm-national.json';
import { ErreurPilote } from '../erreurs';

export interface Descripteur {
  /** Numéro national (1–46, 47+ pour un critère académique) : la clé de jointure entre toutes les grilles. */
  numero: number;
  /** Libellé de la grille d'auto-évaluation LDM 003. */
  ldm003: string;
  /** Libellé du rapport d'audit LDM 011. */
  ldm011: string;
  /** Descripteur qui ne s'applique qu'aux candidatures en réseau. */
  reseauUniquement: boolean;
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

export const referentielNational: Referentiel = Object.freeze(donneesNationales);

export function tousLesDescripteurs(ref: Referentiel): Array<Descripteur & { critere: number }> {
  return ref.criteres.flatMap((c) => c.descripteurs.map((d) => ({ ...d, critere: c.numero })));
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
  const d = description as { libelle?: unknown; descripteurs?: unknown; indicateursExemples?: unknown; reseauUniquement?: unknown };
  if (!d || typeof d !== 'object') throw new ReferentielInvalide('Le critère académique doit être un objet JSON.');
  if (typeof d.libelle !== 'string' || !d.libelle.trim()) {
    throw new ReferentielInvalide('Le critère académique doit avoir un « libelle » (texte non vide).');
  }
  if (!Array.isArray(d.descripteurs) || d.descripteurs.length === 0 || !d.descripteurs.every((x) => typeof x === 'string' && x.trim())) {
    throw new ReferentielInvalide('Le critère académique doit avoir une liste « descripteurs » de textes non vides.');
  }
  const exemples = Array.isArray(d.indicateursExemples) ? d.indicateursExemples.filter((x): x is string => typeof x === 'string') : [];
  const dernierNumero = Math.max(...tousLesDescripteurs(ref).map((x) => x.numero));
  const numeroCritere = Math.max(...ref.criteres.map((c) => c.numero)) + 1;
  const critere: Critere = {
    numero: numeroCritere,
    libelleLdm003: d.libelle.trim(),
    libelleLdm011: d.libelle.trim(),
    academique: true,
    indicateursExemples: exemples,
    descripteurs: (d.descripteurs as string[]).map((texte, i) => ({
      numero: dernierNumero + 1 + i,
      ldm003: texte.trim(),
      ldm011: texte.trim(),
      reseauUniquement: false,
    })),
  };
  return { ...ref, id: `${ref.id}+academique`, criteres: [...ref.criteres, critere] };
}
