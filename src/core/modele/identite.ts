/** Identité de l'établissement, saisie une fois (fiche de candidature LDM 001). */
export interface Identite {
  etablissement: string;
  rne: string;
  intituleLabel: string;
  anneeScolaire: string;
  candidatureEnReseau: boolean;
}

export const INTITULE_MAX = 100;

export const identiteVide: Identite = {
  etablissement: '',
  rne: '',
  intituleLabel: '',
  anneeScolaire: '',
  candidatureEnReseau: false,
};

export interface ProblemeIdentite {
  champ: keyof Identite;
  message: string;
  /** Un avertissement n'empêche pas de générer. */
  gravite: 'erreur' | 'avertissement';
}

/** Année scolaire courante au sens de l'Éducation nationale : elle commence le 1er septembre. */
export function anneeScolaireDe(date: Date): string {
  const annee = date.getFullYear();
  const debut = date.getMonth() >= 8 ? annee : annee - 1;
  return `${debut}-${debut + 1}`;
}

const FORME_RNE = /^(\d{7})([A-Z])$/;

/** Le N° RNE (UAI) : 7 chiffres et une lettre. */
export function rneBienForme(rne: string): boolean {
  return FORME_RNE.test(rne);
}

/** La lettre du RNE est une clé de contrôle : rang (nombre modulo 23) dans l'alphabet sans I, O, Q. */
export function cleRneAttendue(rne: string): string | undefined {
  const m = FORME_RNE.exec(rne);
  return m ? 'ABCDEFGHJKLMNPRSTUVWXYZ'[Number(m[1]) % 23] : undefined;
}

export function normaliserRne(rne: string): string {
  return rne.trim().toUpperCase().replace(/\s+/g, '');
}

/** La seule règle du N° RNE, pour le volet, la génération et la consolidation : normalisé, puis bien formé. */
export function rneValide(rne: string): boolean {
  return rneBienForme(normaliserRne(rne));
}

export function verifierIdentite(saisie: Identite): ProblemeIdentite[] {
  const identite = { ...saisie, rne: normaliserRne(saisie.rne) };
  const problemes: ProblemeIdentite[] = [];
  if (!identite.etablissement.trim()) {
    problemes.push({ champ: 'etablissement', gravite: 'avertissement', message: "Le nom de l'établissement n'est pas renseigné : complétez-le dans la feuille « Pilote LDM » ou dans le volet." });
  }
  if (identite.rne && !rneBienForme(identite.rne)) {
    problemes.push({
      champ: 'rne',
      gravite: 'erreur',
      message: `Le N° RNE « ${identite.rne} » n'est pas valide : 7 chiffres suivis d'une lettre (ex. 0450051L).`,
    });
  } else if (identite.rne && cleRneAttendue(identite.rne) !== identite.rne[7]) {
    problemes.push({
      champ: 'rne',
      gravite: 'avertissement',
      message: `La lettre de contrôle du N° RNE « ${identite.rne} » devrait être « ${cleRneAttendue(identite.rne)} » : vérifiez le numéro.`,
    });
  }
  const intitule = identite.intituleLabel.trim();
  if (intitule.length > INTITULE_MAX) {
    problemes.push({
      champ: 'intituleLabel',
      gravite: 'erreur',
      message: `L'intitulé du label compte ${intitule.length} caractères : ${INTITULE_MAX} au plus, « Lycée des métiers » compris.`,
    });
  }
  // « Lycée des métiers », ou l'appellation « Lycée(s) des métiers en réseau » (cahier des charges national, l.745).
  if (intitule && !/lyc[ée]e(\(s\)|s)? des m[ée]tiers/i.test(intitule)) {
    problemes.push({ champ: 'intituleLabel', gravite: 'erreur', message: "L'intitulé du label doit contenir « Lycée des métiers » (ou l'appellation « Lycée(s) des métiers en réseau »)." });
  }
  const annee = /^(\d{4})-(\d{4})$/.exec(identite.anneeScolaire);
  if (!annee || Number(annee[2]) !== Number(annee[1]) + 1) {
    problemes.push({
      champ: 'anneeScolaire',
      gravite: 'erreur',
      message: `L'année scolaire « ${identite.anneeScolaire} » doit s'écrire AAAA-AAAA, deux années qui se suivent (ex. 2026-2027).`,
    });
  }
  return problemes;
}
