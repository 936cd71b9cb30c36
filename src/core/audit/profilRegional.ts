import { TYPES_AUDIT } from './grille';

type TypeAudit = (typeof TYPES_AUDIT)[number];

/**
 * Les règles d'audit qui changent d'une académie à l'autre, en données : le cahier des charges de Centre-Val de Loire
 * (seed 004) par défaut, la circulaire nationale en variante. Le profil choisi est enregistré dans le classeur.
 */
export interface ProfilRegional {
  id: string;
  libelle: string;
  /** Équipe d'audit : nombre d'auditeurs (référent compris) selon le type d'audit. */
  equipe: (type: TypeAudit) => { min: number; max: number; texte: string };
  /** Les audits dont les non-conformités doivent être levées au 30 septembre (l.1382 : labellisation et renouvellement). */
  echeance30Septembre: readonly TypeAudit[];
  /** Jours laissés : transmission des fiches à l'établissement, retour de l'établissement (à compter de la transmission). */
  delais: { transmission: number; retour: number };
  /** Jours avant l'audit où le plan d'audit LDM 008 doit être revenu à l'auditeur référent. */
  retourPlanAudit: number;
  /** Adresse du rectorat à qui le résultat des fiches d'écart est transmis (LDM 010, l.1154) ; vide si aucune. */
  adresseRectorat: string;
  /**
   * Adresse de la DRAFPIC : destinataire du rapport d'audit (LDM 011, l.1210) et de la fiche de candidature (LDM 001,
   * l.877, où le cahier des charges écrit « ce.drapic@… », coquille évidente corrigée) ; vide si aucune.
   */
  adresseDrafpic: string;
}

export const PROFIL_CENTRE_VAL_DE_LOIRE: ProfilRegional = {
  id: 'centre-val-de-loire',
  libelle: 'Centre-Val de Loire (cahier des charges régional)',
  // l.285 : « 3 auditeurs dont un auditeur référent » pour la labellisation et le renouvellement.
  equipe: (type) =>
    type === 'Audit de suivi'
      ? { min: 2, max: 4, texte: "l'équipe d'un audit de suivi compte 2 à 4 auditeurs, dont le référent" }
      : { min: 3, max: 3, texte: `l'équipe d'un ${type.toLowerCase()} compte 3 auditeurs dont un auditeur référent (cahier des charges régional)` },
  echeance30Septembre: ['Audit de labellisation', 'Audit de renouvellement'],
  delais: { transmission: 10, retour: 10 },
  // l.289 : « un retour est attendu 15 jours minimum avant la date d'audit » (le formulaire LDM 008 dit J - 10 : le
  // minimum du texte l'emporte).
  retourPlanAudit: 15,
  adresseRectorat: 'ce.p2edafpic@ac-orleans-tours.fr',
  adresseDrafpic: 'ce.drafpic@ac-orleans-tours.fr',
};

export const PROFIL_NATIONAL: ProfilRegional = {
  id: 'national',
  libelle: 'Circulaire nationale',
  equipe: () => ({ min: 2, max: 4, texte: "l'équipe d'audit compte 2 à 4 auditeurs, dont le référent (circulaire nationale)" }),
  echeance30Septembre: ['Audit de labellisation', 'Audit de suivi', 'Audit de renouvellement'],
  delais: { transmission: 10, retour: 10 },
  // Le formulaire LDM 008 : « document à retourner à l'auditeur référent à J - 10 ».
  retourPlanAudit: 10,
  adresseRectorat: '',
  adresseDrafpic: '',
};

export const PROFILS: readonly ProfilRegional[] = [PROFIL_CENTRE_VAL_DE_LOIRE, PROFIL_NATIONAL];

export function profilNomme(id: string | undefined): ProfilRegional {
  return PROFILS.find((p) => p.id === (id ?? '').trim()) ?? PROFIL_CENTRE_VAL_DE_LOIRE;
}

export function typeAudit(v: string): TypeAudit {
  return (TYPES_AUDIT as readonly string[]).includes(v.trim()) ? (v.trim() as TypeAudit) : TYPES_AUDIT[0];
}
