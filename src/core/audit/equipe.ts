import { ClasseurLu, estVide, texteDe } from '../modele/classeur';
import { lireDate, formater } from '../modele/dates';
import { SaisiesReprises, aucuneSaisie, celluleDuTableau, lignesParCle, reprendreSaisies } from '../layout/saisies';
import { Contenu, FeuilleLayout, TableauLayout, TableauLu, Valeur, celluleDeLaLigne, lettreColonne, texteFormule } from '../layout/types';
import { Referentiel, tousLesDescripteurs } from '../referentiel';
import { ChampAudit, COLONNES_AUDIT, COLONNES_COCHE, Coche, lireCoche, parCoche } from './grille';
import { ErreurPilote } from '../erreurs';
import { morceauDeNom } from '../modele/nomFichier';

/**
 * L'équipe d'audit (un référent et ses co-auditeurs) qui travaille à part puis fusionne : répartition des critères,
 * une copie de la grille par auditeur, fusion des copies dans la grille du référent, arbitrage des désaccords.
 */

export const FEUILLE_REPARTITION = "Répartition de l'audit";
export const TABLE_REPARTITION = 'tblRepartitionAudit';
export const FEUILLE_ARBITRAGE = 'Arbitrage';
export const TABLE_ARBITRAGE = 'tblArbitrage';
export const FEUILLE_CONTRIBUTIONS = 'Contributions des auditeurs';
export const TABLE_CONTRIBUTIONS = 'tblContributions';

const COL_AUDITEUR = 'Auditeur chargé';
const COL_DECISION = 'Décision du référent';
const COL_CONSTAT_RETENU = 'Constat retenu';
const COL_ETAT = 'État';

/** Une copie de la grille préparée pour un auditeur : enregistrée dans les métadonnées de la copie. */
export interface CopieAuditeur {
  auditeur: string;
  criteres: number[];
}

export class FusionImpossible extends ErreurPilote {}

/** Ces cellules de saisie sont écrites telles que le cœur les donne (fusion, copie vidée), pas reprises du fichier. */
export function imposerSaisies(t: TableauLayout | undefined, cles: number[], entetes: string[]): void {
  if (!t) return;
  t.imposees = [...(t.imposees ?? []), ...cles.flatMap((cle) => entetes.map((entete) => ({ cle, entete })))];
}

/** La copie enregistrée dans les métadonnées, si elle a la forme attendue ; sinon rien (jamais une erreur). */
export function copieLue(texte: string | undefined): CopieAuditeur | undefined {
  if (!texte?.trim()) return undefined;
  try {
    const o = JSON.parse(texte) as { auditeur?: unknown; criteres?: unknown };
    if (typeof o.auditeur !== 'string' || !o.auditeur.trim() || !Array.isArray(o.criteres) || !o.criteres.every((c) => Number.isInteger(c))) return undefined;
    return { auditeur: o.auditeur.trim(), criteres: o.criteres as number[] };
  } catch {
    return undefined;
  }
}

const AUDITEURS: ChampAudit[] = ['referent', 'coAuditeur1', 'coAuditeur2', 'coAuditeur3'];

/** Les auditeurs nommés dans l'en-tête de la grille, le référent d'abord. */
export function equipeDeLaGrille(entete: Partial<Record<ChampAudit, Valeur>>): string[] {
  const noms = AUDITEURS.map((c) => texteDe(entete[c] ?? null).trim()).filter(Boolean);
  return [...new Set(noms)];
}

const memeNom = (a: string, b: string) => a.trim().toLocaleLowerCase('fr') === b.trim().toLocaleLowerCase('fr');

/** La répartition enregistrée (tableau modifiable), sinon les critères distribués à tour de rôle. */
export function repartitionLue(ref: Referentiel, lu: ClasseurLu, equipe: string[]): Map<number, string> {
  const r = new Map<number, string>();
  ref.criteres.forEach((c, i) => r.set(c.numero, equipe[i % equipe.length]));
  const t = lu.tableaux[TABLE_REPARTITION];
  if (!t) return r;
  const iCritere = t.entetes.indexOf('Critère');
  const iAuditeur = t.entetes.indexOf(COL_AUDITEUR);
  if (iCritere < 0 || iAuditeur < 0) return r;
  for (const { valeurs } of t.lignes) {
    const critere = Number(texteDe(valeurs[iCritere]).trim());
    const nom = texteDe(valeurs[iAuditeur]).trim();
    const connu = equipe.find((e) => memeNom(e, nom));
    if (r.has(critere) && connu) r.set(critere, connu);
  }
  return r;
}

export function feuilleRepartition(ref: Referentiel, repartition: Map<number, string>, equipe: string[]): FeuilleLayout {
  const lignes: Contenu[][] = ref.criteres.map((c) => [c.numero, c.libelleLdm003, repartition.get(c.numero) ?? equipe[0]]);
  const tableau: TableauLayout = {
    nom: TABLE_REPARTITION,
    ligneEntete: 4,
    colonneDebut: 1,
    colonneCle: 'Critère',
    style: 'TableStyleLight9',
    colonnes: [
      { entete: 'Critère', largeur: 9, role: 'reference', style: { horizontal: 'center', vertical: 'top' } },
      { entete: 'Intitulé du critère', largeur: 70, role: 'reference', style: { retourLigne: true, vertical: 'top' } },
      { entete: COL_AUDITEUR, largeur: 28, role: 'saisie', style: { vertical: 'top' } },
    ],
    lignes,
  };
  return {
    nom: FEUILLE_REPARTITION,
    largeursColonnes: [9, 70, 28],
    couleurOnglet: 'C00000',
    cellules: [
      { adresse: 'A1', contenu: "Répartition de l'audit entre les auditeurs", fusion: 'A1:C1', style: { gras: true, taille: 14, couleurTexte: '1F4E79' } },
      {
        adresse: 'A2',
        contenu: `Chaque auditeur reçoit une copie de la grille où ses critères sont surlignés ; il peut cocher tous les descripteurs. Modifiez la colonne « ${COL_AUDITEUR} » puis répartissez de nouveau pour refaire les copies.`,
        fusion: 'A2:C2',
        style: { italique: true, retourLigne: true, couleurTexte: '595959' },
      },
    ],
    tableaux: [tableau],
    validations: [{ plage: `C5:C${4 + lignes.length}`, valeurs: equipe, titreErreur: 'Auditeur', messageErreur: "Choisissez un auditeur nommé dans l'en-tête de la grille d'audit.", bloquante: true }],
    misesEnForme: [],
    nomsDefinis: [],
    miseEnPage: { orientation: 'portrait', zoneImpression: `A1:C${4 + lignes.length}`, entete: "Répartition de l'audit" },
  };
}

/** Les coches d'une ligne, écrites « PF C » ; une coche non reconnue est gardée telle quelle entre guillemets. */
export function signatureCoches(valeurs: Partial<Record<Coche, Valeur>>): string {
  return COLONNES_COCHE.map((c) => {
    const etat = lireCoche(valeurs[c] ?? null);
    return etat === 'coche' ? c : etat === 'invalide' ? `${c}="${texteDe(valeurs[c] ?? null).trim()}"` : '';
  })
    .filter(Boolean)
    .join(' ');
}

/** « PF, C » ou « c nc » → les coches ; undefined si le texte n'est pas fait de PF, C, R, NC. */
export function lireDecision(v: Valeur | undefined): Set<Coche> | undefined {
  const mots = texteDe(v ?? null)
    .toUpperCase()
    .split(/[\s,;+/]+/)
    .filter(Boolean);
  if (!mots.length || mots.some((m) => !(COLONNES_COCHE as readonly string[]).includes(m))) return undefined;
  return new Set(mots as Coche[]);
}

export interface Contribution {
  auditeur: string;
  numero: number;
  coches: string;
  constat: string;
  /** Le fichier de la copie (pour dire d'où vient ce qui est fusionné). */
  fichier: string;
}

const COLONNES_CONTRIBUTIONS = ['Auditeur', 'N°', 'Coches', 'Constat', 'Copie'] as const;

/** Les contributions déjà fusionnées, gardées dans le classeur : une nouvelle copie d'un auditeur remplace les siennes. */
export function contributionsLues(lu: ClasseurLu): Contribution[] {
  const t = lu.tableaux[TABLE_CONTRIBUTIONS];
  if (!t) return [];
  const i = (c: string) => t.entetes.indexOf(c);
  return t.lignes
    .map(({ valeurs }) => ({
      auditeur: texteDe(valeurs[i('Auditeur')]).trim(),
      numero: Number(texteDe(valeurs[i('N°')]).trim()),
      coches: texteDe(valeurs[i('Coches')]).trim(),
      constat: texteDe(valeurs[i('Constat')]),
      fichier: texteDe(valeurs[i('Copie')]),
    }))
    .filter((c) => c.auditeur && Number.isInteger(c.numero));
}

/** Ce qu'un auditeur a écrit dans sa copie : une contribution par descripteur coché ou commenté. */
export function contributionsDeLaCopie(ref: Referentiel, copie: TableauLu, auditeur: string, fichier: string): Contribution[] {
  const position = lignesParCle(copie, COLONNES_AUDIT.numero);
  const r: Contribution[] = [];
  for (const d of tousLesDescripteurs(ref)) {
    const ligne = position.get(d.numero);
    if (ligne === undefined) continue;
    const valeurs = copie.lignes.find((l) => l.ligne === ligne)?.valeurs ?? [];
    const v = (c: string) => valeurs[copie.entetes.indexOf(c)] ?? null;
    const coches = signatureCoches(parCoche(v));
    const constat = texteDe(v(COLONNES_AUDIT.constats)).trim();
    if (coches || constat) r.push({ auditeur, numero: d.numero, coches, constat, fichier });
  }
  return r;
}

export interface Desaccord {
  numero: number;
  critere: number;
  contributions: Contribution[];
}

export interface ResultatFusion {
  /** Ce que la grille du référent reçoit, par N° : coches (« PF C ») et constat. */
  grille: Map<number, { coches: string; constat: string }>;
  desaccords: Desaccord[];
  accords: number;
}

/** Où les auditeurs sont d'accord (mêmes coches, au plus un constat différent), le résultat est pris ; sinon, arbitrage. */
export function fusionnerContributions(ref: Referentiel, contributions: Contribution[], decisions: Map<number, { coches?: Set<Coche>; constat: string }>): ResultatFusion {
  const grille = new Map<number, { coches: string; constat: string }>();
  const desaccords: Desaccord[] = [];
  let accords = 0;
  for (const d of tousLesDescripteurs(ref)) {
    const ici = contributions.filter((c) => c.numero === d.numero);
    if (!ici.length) continue;
    const coches = new Set(ici.map((c) => c.coches));
    const constats = [...new Set(ici.map((c) => c.constat.trim()).filter(Boolean))];
    if (coches.size === 1 && constats.length <= 1) {
      accords++;
      grille.set(d.numero, { coches: ici[0].coches, constat: constats[0] ?? '' });
      continue;
    }
    desaccords.push({ numero: d.numero, critere: d.critere, contributions: ici });
    const decision = decisions.get(d.numero);
    grille.set(d.numero, decision?.coches ? { coches: COLONNES_COCHE.filter((c) => decision.coches!.has(c)).join(' '), constat: decision.constat } : { coches: '', constat: '' });
  }
  return { grille, desaccords, accords };
}

/** Le texte que le référent garde par défaut : chaque constat avec le nom de son auteur, rien de perdu. */
export function constatsReunis(contributions: Contribution[]): string {
  return contributions
    .filter((c) => c.constat.trim())
    .map((c) => `${c.auditeur} : ${c.constat.trim()}`)
    .join('\n');
}

export function saisiesArbitrage(ref: Referentiel, lu: TableauLu | undefined): SaisiesReprises {
  if (!lu) return aucuneSaisie();
  return reprendreSaisies(lu, {
    colonneCle: 'N°',
    colonnesProduites: lu.entetes.filter((e) => e !== COL_DECISION && e !== COL_CONSTAT_RETENU),
    colonnesSaisie: [COL_DECISION, COL_CONSTAT_RETENU],
    clesConnues: new Set(tousLesDescripteurs(ref).map((d) => d.numero)),
  });
}

/** Les décisions déjà saisies dans « Arbitrage », par N°. */
export function decisionsLues(ref: Referentiel, lu: ClasseurLu): Map<number, { coches?: Set<Coche>; constat: string; brut: string }> {
  const r = new Map<number, { coches?: Set<Coche>; constat: string; brut: string }>();
  for (const [n, s] of saisiesArbitrage(ref, lu.tableaux[TABLE_ARBITRAGE]).saisies) {
    const brut = texteDe(s[COL_DECISION] ?? null).trim();
    r.set(n, { coches: brut ? lireDecision(brut) : undefined, constat: texteDe(s[COL_CONSTAT_RETENU] ?? null), brut });
  }
  return r;
}

export function feuilleArbitrage(ref: Referentiel, desaccords: Desaccord[], equipe: string[], existant: TableauLu | undefined): FeuilleLayout {
  const saisies = saisiesArbitrage(ref, existant).saisies;
  const detail = new Map(tousLesDescripteurs(ref).map((d) => [d.numero, `${d.numero}. ${d.ldm011}`]));
  const texte = { retourLigne: true, vertical: 'top' as const };
  const colonnes: TableauLayout['colonnes'] = [
    { entete: 'N°', largeur: 6, role: 'reference', style: { horizontal: 'center', vertical: 'top' } },
    { entete: 'Critère', largeur: 8, role: 'reference', style: { horizontal: 'center', vertical: 'top' } },
    { entete: 'Descripteur', largeur: 40, role: 'reference', style: texte },
    ...equipe.flatMap((a) => [
      { entete: `Coches — ${a}`, largeur: 12, role: 'reference' as const, style: { horizontal: 'center' as const, vertical: 'top' as const, gras: true } },
      { entete: `Constat — ${a}`, largeur: 34, role: 'reference' as const, style: texte },
    ]),
    { entete: COL_DECISION, largeur: 16, role: 'saisie', style: { horizontal: 'center', vertical: 'top', gras: true, fond: 'FFF2CC' } },
    { entete: COL_CONSTAT_RETENU, largeur: 50, role: 'saisie', style: { ...texte, fond: 'FFF2CC' } },
    { entete: COL_ETAT, largeur: 16, role: 'formule', style: { vertical: 'top', gras: true } },
  ];
  const decision = celluleDeLaLigne(TABLE_ARBITRAGE, COL_DECISION);
  const etat = { formule: `IF(LEN(TRIM(${decision}))=0,${texteFormule('À arbitrer')},${texteFormule('Décidé')})` };
  const lignes: Contenu[][] = desaccords.map((d) => {
    const s = saisies.get(d.numero) ?? {};
    return colonnes.map((c): Contenu => {
      if (c.entete === 'N°') return d.numero;
      if (c.entete === 'Critère') return d.critere;
      if (c.entete === 'Descripteur') return detail.get(d.numero) ?? null;
      if (c.entete === COL_DECISION) return s[COL_DECISION] ?? null;
      if (c.entete === COL_CONSTAT_RETENU) return estVide(s[COL_CONSTAT_RETENU]) ? constatsReunis(d.contributions) || null : (s[COL_CONSTAT_RETENU] ?? null);
      if (c.entete === COL_ETAT) return etat;
      const [genre, auditeur] = c.entete.split(' — ');
      const contribution = d.contributions.find((x) => x.auditeur === auditeur);
      if (!contribution) return null;
      return genre === 'Coches' ? contribution.coches || '(aucune)' : contribution.constat || null;
    });
  });
  const fin = 4 + Math.max(lignes.length, 1);
  const lettreEtat = lettreColonne(colonnes.length);
  return {
    nom: FEUILLE_ARBITRAGE,
    remplacer: true,
    texteLitteral: true,
    largeursColonnes: colonnes.map((c) => c.largeur),
    couleurOnglet: 'FFC000',
    cellules: [
      { adresse: 'A1', contenu: 'Arbitrage du référent : descripteurs où les auditeurs ne sont pas d’accord', fusion: 'A1:H1', style: { gras: true, taille: 14, couleurTexte: '1F4E79' } },
      {
        adresse: 'A2',
        contenu: `Pour chaque ligne, saisissez la décision (par exemple « C » ou « PF C » ou « NC ») et ajustez le constat retenu, puis fusionnez de nouveau : la grille d'audit reçoit la décision. Le rapport n'est pas produit tant qu'une ligne reste « À arbitrer ».`,
        fusion: 'A2:H2',
        style: { italique: true, retourLigne: true, couleurTexte: '595959' },
      },
    ],
    tableaux: lignes.length ? [{ nom: TABLE_ARBITRAGE, ligneEntete: 4, colonneDebut: 1, colonneCle: 'N°', style: 'TableStyleLight9', colonnes, lignes }] : [],
    validations: [],
    misesEnForme: lignes.length ? [{ plage: `${lettreEtat}5:${lettreEtat}${fin}`, formule: `${lettreEtat}5=${texteFormule('À arbitrer')}`, fond: 'FFC7CE', couleurTexte: '9C0006', gras: true }] : [],
    nomsDefinis: [],
    miseEnPage: { orientation: 'landscape', zoneImpression: `A1:${lettreEtat}${fin}`, lignesRepetees: '4:4', entete: "Arbitrage de l'audit" },
  };
}

export function feuilleContributions(contributions: Contribution[]): FeuilleLayout {
  const lignes: Contenu[][] = [...contributions]
    .sort((a, b) => a.auditeur.localeCompare(b.auditeur, 'fr') || a.numero - b.numero)
    .map((c) => [c.auditeur, c.numero, c.coches || null, c.constat || null, c.fichier]);
  return {
    nom: FEUILLE_CONTRIBUTIONS,
    remplacer: true,
    texteLitteral: true,
    largeursColonnes: [24, 6, 14, 70, 40],
    couleurOnglet: '808080',
    cellules: [
      { adresse: 'A1', contenu: 'Ce que chaque auditeur a écrit dans sa copie (gardé tel quel ; une nouvelle copie du même auditeur remplace la précédente)', fusion: 'A1:E1', style: { gras: true, couleurTexte: '1F4E79', retourLigne: true } },
    ],
    tableaux: lignes.length
      ? [
          {
            nom: TABLE_CONTRIBUTIONS,
            ligneEntete: 3,
            colonneDebut: 1,
            colonneCle: 'N°',
            style: 'TableStyleLight1',
            colonnes: COLONNES_CONTRIBUTIONS.map((entete, i) => ({ entete, largeur: [24, 6, 14, 70, 40][i], role: 'reference' as const, style: { retourLigne: i === 3, vertical: 'top' as const } })),
            lignes,
          },
        ]
      : [],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
  };
}

/** Une copie refusée : ni fusionnée, ni comptée ; la raison dite en français. */
export interface CopieRefusee {
  fichier: string;
  motif: string;
}

export interface CopieLue {
  fichier: string;
  rne: string;
  dateAudit: Valeur;
  copie?: CopieAuditeur;
  grille?: TableauLu;
}

/** Vérifie qu'une copie vient de cette équipe, pour cet établissement et cet audit ; sinon, la raison du refus. */
export function motifDeRefus(c: CopieLue, rne: string, dateAudit: Valeur, equipe: string[]): string | undefined {
  if (!c.grille) return "ce classeur n'a pas de grille d'audit.";
  if (!c.copie) return "ce n'est pas une copie d'auditeur préparée par la répartition de l'audit (rien n'y dit quel auditeur l'a remplie).";
  if (c.rne !== rne) return `c'est la copie d'un autre établissement (RNE ${c.rne || 'absent'}, au lieu de ${rne}).`;
  const a = lireDate(c.dateAudit ?? null);
  const b = lireDate(dateAudit ?? null);
  if (!a || !b || formater(a) !== formater(b)) return `elle porte une autre date d'audit (${a ? formater(a) : 'absente'}, au lieu de ${b ? formater(b) : 'absente'}).`;
  if (!equipe.some((e) => memeNom(e, c.copie!.auditeur))) return `son auditeur « ${c.copie.auditeur} » n'est pas dans l'équipe de la grille (${equipe.join(', ')}).`;
  return undefined;
}

/** Les descripteurs encore « À arbitrer », ou dont la décision n'a pas été reportée dans la grille. */
export function arbitragesOuverts(ref: Referentiel, lu: ClasseurLu, grille: Map<number, string>): Array<{ numero: number; critere: number; cellule: string; message: string; feuille: string }> {
  const t = lu.tableaux[TABLE_ARBITRAGE];
  if (!t) return [];
  const critereDe = new Map(tousLesDescripteurs(ref).map((d) => [d.numero, d.critere]));
  const r: Array<{ numero: number; critere: number; cellule: string; message: string; feuille: string }> = [];
  const position = lignesParCle(t, 'N°');
  for (const [numero, d] of decisionsLues(ref, lu)) {
    const ligne = position.get(numero);
    if (ligne === undefined) continue;
    const cellule = celluleDuTableau(t, ligne, COL_DECISION);
    const base = { numero, critere: critereDe.get(numero) ?? 0, cellule, feuille: t.feuille };
    if (!d.brut) r.push({ ...base, message: `descripteur ${numero} : les auditeurs ne sont pas d'accord ; saisissez la décision du référent (PF, C, R, NC) puis fusionnez de nouveau.` });
    else if (!d.coches) r.push({ ...base, message: `descripteur ${numero} : décision « ${d.brut} » non reconnue ; écrivez des coches parmi PF, C, R, NC (par exemple « PF C »).` });
    else if (COLONNES_COCHE.filter((c) => d.coches!.has(c)).join(' ') !== (grille.get(numero) ?? '')) {
      r.push({ ...base, message: `descripteur ${numero} : décision « ${d.brut} » saisie mais pas encore reportée dans la grille d'audit ; fusionnez de nouveau.` });
    }
  }
  return r;
}

/** « Grille d'audit - 0450051L - Mme Martin.xlsx » : un nom de fichier sûr, qui dit à qui est la copie. */
export function nomDeCopie(rne: string, auditeur: string): string {
  return `Grille d'audit - ${[morceauDeNom(rne, 60), morceauDeNom(auditeur, 60)].filter(Boolean).join(' - ')}.xlsx`;
}
