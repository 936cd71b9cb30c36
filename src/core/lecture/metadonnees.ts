import { ClasseurEndommage, ClasseurLu, cleCellule, texteDe } from '../modele/classeur';
import { Identite } from '../modele/identite';
import { CHAMPS_IDENTITE, CLES_METADONNEES, FEUILLE_PILOTE, Metadonnees, SCHEMA_VERSION, TABLE_METADONNEES } from '../layout/piloteLdm';
import { Referentiel, ajouterCritereAcademique, referentielNational } from '../referentiel';

/** Lecteurs de la feuille « Pilote LDM » : identité, métadonnées, version du schéma, critère académique. */

/** Identité déjà enregistrée dans le classeur (vide pour un classeur neuf). */
export function identiteLue(lu: ClasseurLu): Partial<Identite> {
  const identite: Partial<Identite> = {};
  if (!lu.feuilles.includes(FEUILLE_PILOTE)) return identite;
  for (const c of CHAMPS_IDENTITE) {
    const v = lu.cellules[cleCellule(FEUILLE_PILOTE, c.adresse)];
    if (c.champ === 'candidatureEnReseau') identite.candidatureEnReseau = texteDe(v).trim().toLowerCase() === 'oui';
    else identite[c.champ] = texteDe(v).trim();
  }
  return identite;
}

export function metadonneesLues(lu: ClasseurLu): Partial<Record<keyof Metadonnees, string>> | undefined {
  const t = lu.tableaux[TABLE_METADONNEES];
  if (!t) return undefined;
  const iCle = t.entetes.indexOf('Clé');
  const iValeur = t.entetes.indexOf('Valeur');
  if (iCle < 0 || iValeur < 0) return undefined;
  const meta: Partial<Record<keyof Metadonnees, string>> = {};
  for (const { valeurs } of t.lignes) {
    const cle = texteDe(valeurs[iCle]).trim();
    const connue = CLES_METADONNEES.find((c) => c.cle === cle);
    if (connue) meta[connue.cle] = texteDe(valeurs[iValeur]);
  }
  return meta;
}

/** Le référentiel du classeur : le national, plus le critère académique enregistré dans ses métadonnées. */
export function referentielDuClasseur(lu: ClasseurLu, critereAcademique?: unknown): Referentiel {
  if (critereAcademique !== undefined) return ajouterCritereAcademique(referentielNational, critereAcademique);
  const enregistre = metadonneesLues(lu)?.critereAcademique?.trim();
  if (!enregistre) return referentielNational;
  try {
    return ajouterCritereAcademique(referentielNational, JSON.parse(enregistre));
  } catch (e) {
    throw new ClasseurEndommage([
      {
        feuille: FEUILLE_PILOTE,
        cellule: 'tableau tblPiloteLDM, ligne « critereAcademique »',
        message: `la description du critère académique est illisible (${(e as Error).message}). Recopiez-la depuis le fichier fourni par l'académie.`,
      },
    ]);
  }
}

/** L'identité enregistrée dans un classeur, pour préremplir le volet. */
export function identiteDuClasseur(lu: ClasseurLu): Partial<Identite> {
  return identiteLue(lu);
}

export function verifierSchema(lu: ClasseurLu): void {
  const schema = Number(metadonneesLues(lu)?.schema);
  if (Number.isFinite(schema) && schema > SCHEMA_VERSION) {
    throw new ClasseurEndommage([
      {
        feuille: FEUILLE_PILOTE,
        cellule: 'tableau tblPiloteLDM, ligne « schema »',
        message: `ce classeur a été produit par une version plus récente de Pilote LDM (schéma ${schema}, celle-ci connaît le schéma ${SCHEMA_VERSION}). Mettez à jour le complément avant de le régénérer.`,
      },
    ]);
  }
}

