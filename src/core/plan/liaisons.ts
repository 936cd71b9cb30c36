import { ClasseurLu, DemandeLecture, Localisation, estVide, texteDe } from '../modele/classeur';
import { metadonneesLues } from '../lecture/metadonnees';
import { Schema, respecte } from '../modele/schema';
import { TableauLu, Valeur, colonneEntiere, texteFormule } from '../layout/types';

/**
 * Une liaison : les mesures d'un indicateur viennent d'un tableau nommé de l'établissement,
 * par des formules Excel ordinaires (elles vivent sans le complément et survivent à l'envoi du fichier).
 */
export interface Liaison {
  indicateur: number;
  table: string;
  colonne: string;
  mode: 'annee' | 'derniere-ligne';
  /** Mode « annee » : la colonne qui porte l'année scolaire (« 2026-2027 » ou « 2026/2027 »). */
  colonneAnnee?: string;
  /** Mode « derniere-ligne » : l'année scolaire que la dernière ligne mesure. */
  anneeDerniereLigne?: string;
  /** Pour reconnaître le tableau s'il est renommé : sa feuille et ses en-têtes. */
  feuille?: string;
  entetes?: string[];
}

/** La forme exacte d'une liaison enregistrée dans les métadonnées du classeur. */
export const SCHEMA_LIAISON: Schema = {
  type: 'objet',
  champs: {
    indicateur: { type: 'entier', min: 1 },
    table: { type: 'texte', nonVide: true, motif: /^[A-Za-z_\\][\w.]*$/ },
    colonne: { type: 'texte', nonVide: true },
    mode: { type: 'texte', valeurs: ['annee', 'derniere-ligne'] },
    colonneAnnee: { type: 'texte', nonVide: true },
    anneeDerniereLigne: { type: 'texte', nonVide: true },
    feuille: { type: 'texte' },
    entetes: { type: 'liste', de: { type: 'texte' } },
  },
  optionnels: ['colonneAnnee', 'anneeDerniereLigne', 'feuille', 'entetes'],
  regle: (o) =>
    o.mode === 'annee' && o.colonneAnnee === undefined
      ? 'le mode « annee » exige « colonneAnnee »'
      : o.mode === 'derniere-ligne' && o.anneeDerniereLigne === undefined
        ? 'le mode « derniere-ligne » exige « anneeDerniereLigne »'
        : undefined,
};

/** Une entrée enregistrée est une liaison si elle en a la forme exacte ; sinon elle est gardée telle quelle, signalée. */
export function estLiaison(x: unknown): x is Liaison {
  return respecte<Liaison>(x, SCHEMA_LIAISON);
}

export interface LiaisonsEnregistrees {
  liaisons: Liaison[];
  /** Entrées qui n'ont pas la forme d'une liaison : jamais effacées, signalées par la vérification. */
  illisibles: unknown[];
  /** Le texte enregistré n'est pas du JSON (ou pas une liste) : il est gardé tel quel. */
  texteIllisible?: string;
}

export function liaisonsEnregistrees(lu: ClasseurLu): LiaisonsEnregistrees {
  const brut = metadonneesLues(lu)?.liaisons?.trim();
  if (!brut) return { liaisons: [], illisibles: [] };
  let l: unknown;
  try {
    l = JSON.parse(brut);
  } catch {
    return { liaisons: [], illisibles: [], texteIllisible: brut };
  }
  if (!Array.isArray(l)) return { liaisons: [], illisibles: [], texteIllisible: brut };
  return { liaisons: l.filter(estLiaison), illisibles: l.filter((x) => !estLiaison(x)) };
}

export function liaisonsDuClasseur(lu: ClasseurLu): Liaison[] {
  return liaisonsEnregistrees(lu).liaisons;
}

/** Le texte à réenregistrer : les liaisons à jour, puis ce qui était illisible, inchangé. */
export function texteLiaisons(liaisons: Liaison[], enregistrees: LiaisonsEnregistrees): string {
  if (enregistrees.texteIllisible !== undefined) return enregistrees.texteIllisible;
  const toutes = [...liaisons, ...enregistrees.illisibles];
  return toutes.length ? JSON.stringify(toutes) : '';
}

/** Les tableaux que Pilote LDM écrit lui-même : jamais des sources de mesures. */
export const TABLES_PILOTE = new Set([
  'tblPiloteLDM',
  'tblAutoEvaluation',
  'tblPlanActions',
  'tblIndicateurs',
  'tblExemplesIndicateurs',
  'tblGrilleAudit',
  'tblConstatsComplementaires',
  'tblRepartitionAudit',
  'tblArbitrage',
  'tblContributions',
  'tblPlanAudit',
  'tblAutresLabels',
  'tblPiecesDossier',
  'tblEmargement',
  ...Array.from({ length: 9 }, (_, i) => `tblEquipeCritere${i + 1}`),
]);

/**
 * Seconde lecture : les tableaux sources des liaisons (et celui d'une liaison demandée). Si l'un d'eux a disparu
 * (renommé), tous les tableaux sont lus pour le retrouver à sa feuille et à ses en-têtes.
 */
export function demandeLectureSources(lu: ClasseurLu, tableDemandee?: string): DemandeLecture {
  const tous = lu.nomsTableaux ?? [];
  const voulues = [...new Set([...liaisonsDuClasseur(lu).map((l) => l.table), ...(tableDemandee ? [tableDemandee] : [])])];
  const existe = (n: string) => tous.find((t) => t.toLowerCase() === n.toLowerCase());
  if (voulues.some((n) => !existe(n))) return { tableaux: tous, cellules: [] };
  // Seules les colonnes liées sont lues ; le tableau d'une liaison en cours de création l'est en entier.
  // Sans prototype : un tableau de l'établissement peut s'appeler « constructor ».
  const colonnes = Object.create(null) as Record<string, string[]>;
  for (const l of liaisonsDuClasseur(lu)) {
    const nom = existe(l.table) as string;
    if (tableDemandee && nom.toLowerCase() === tableDemandee.toLowerCase()) continue;
    colonnes[nom] = [...new Set([...(colonnes[nom] ?? []), l.colonne, ...(l.mode === 'annee' && l.colonneAnnee ? [l.colonneAnnee] : [])])];
  }
  return { tableaux: voulues.map((n) => existe(n) as string), cellules: [], colonnes };
}

export interface LiaisonResolue {
  liaison: Liaison;
  tableau?: TableauLu;
  /** Nom actuel si le tableau a été renommé depuis la liaison. */
  renommeEn?: string;
  probleme?: string;
}

const memesEntetes = (a: string[] = [], b: string[] = []) => a.length === b.length && a.every((x, i) => x === b[i]);

export function resoudreLiaison(liaison: Liaison, lu: ClasseurLu): LiaisonResolue {
  let tableau = Object.prototype.hasOwnProperty.call(lu.tableaux, liaison.table) ? lu.tableaux[liaison.table] : undefined;
  let renommeEn: string | undefined;
  if (!tableau) {
    tableau = Object.values(lu.tableaux).find((t) => t && t.feuille === liaison.feuille && memesEntetes(t.entetes, liaison.entetes));
    if (tableau) renommeEn = tableau.nom;
  }
  if (!tableau) {
    return {
      liaison,
      probleme: `le tableau « ${liaison.table} » n'existe plus (supprimé, ou renommé et modifié). Liez de nouveau l'indicateur ${liaison.indicateur} à un tableau, ou recréez « ${liaison.table} ».`,
    };
  }
  for (const c of [liaison.colonne, ...(liaison.mode === 'annee' ? [liaison.colonneAnnee ?? ''] : [])]) {
    if (!tableau.entetes.includes(c)) {
      return {
        liaison,
        tableau,
        renommeEn,
        probleme: `la colonne « ${c} » du tableau « ${tableau.nom} » (feuille « ${tableau.feuille} ») a disparu. Rétablissez-la ou liez de nouveau l'indicateur ${liaison.indicateur}.`,
      };
    }
  }
  return { liaison, tableau, renommeEn };
}

const libellesAnnee = (annee: string) => [annee, annee.replace('-', '/')];

/** La valeur qu'Excel calculera pour une année, lue directement dans le tableau source. */
export function valeurLiee(r: LiaisonResolue, annee: string): Valeur {
  const t = r.tableau;
  if (!t || r.probleme) return null;
  const iValeur = t.entetes.indexOf(r.liaison.colonne);
  if (r.liaison.mode === 'derniere-ligne') {
    if (annee !== r.liaison.anneeDerniereLigne || !t.lignes.length) return null;
    return t.lignes[t.lignes.length - 1].valeurs[iValeur] ?? null;
  }
  const iAnnee = t.entetes.indexOf(r.liaison.colonneAnnee ?? '');
  const ligne = t.lignes.find((l) => libellesAnnee(annee).includes(texteDe(l.valeurs[iAnnee]).trim()));
  const v = ligne?.valeurs[iValeur];
  return v === undefined || estVide(v) ? null : v;
}

/** La formule écrite dans la cellule « Mesure » : INDEX/MATCH, compris partout (pas de XLOOKUP). */
export function formuleLiee(r: LiaisonResolue, annee: string): string | undefined {
  const nom = r.renommeEn ?? r.liaison.table;
  const valeurs = colonneEntiere(nom, r.liaison.colonne);
  if (r.liaison.mode === 'derniere-ligne') {
    return annee === r.liaison.anneeDerniereLigne ? `IFERROR(INDEX(${valeurs},ROWS(${valeurs})),"")` : undefined;
  }
  const annees = colonneEntiere(nom, r.liaison.colonneAnnee ?? '');
  const [a, b] = libellesAnnee(annee).map(texteFormule);
  return `IFERROR(INDEX(${valeurs},MATCH(${a},${annees},0)),IFERROR(INDEX(${valeurs},MATCH(${b},${annees},0)),""))`;
}

export function descriptionLiaison(l: Liaison): string {
  return l.mode === 'annee'
    ? `${l.table}[${l.colonne}], année lue dans [${l.colonneAnnee}]`
    : `${l.table}[${l.colonne}], dernière ligne (${l.anneeDerniereLigne})`;
}

export function problemesLiaisons(lu: ClasseurLu): Array<Localisation & { indicateur: number }> {
  return liaisonsDuClasseur(lu)
    .map((l) => resoudreLiaison(l, lu))
    .filter((r) => r.probleme)
    .map((r) => ({ indicateur: r.liaison.indicateur, feuille: '', cellule: '', message: r.probleme! }));
}
