import { ClasseurIllisible, ClasseurLu, DemandeLecture, TableauLu, Valeur, cleCellule } from '../../core/modele/classeur';
import { decoderAdresse } from '../../core/layout/types';
import { CompteurCellules, LIMITES, LimitesArchive, PartieArchive, decompresserPartie, partiesParChemin, refuserCeQuiNEstPasUnClasseur, refuserCeQuiNEstPasUnXlsx } from '../exceljs/archive';
import { Relation, attribut, cheminRelations, classeurSelon, deXml, feuillesDuClasseur, lireRelations } from '../exceljs/paquet';
import { FeuilleLue, Zone, apresDerniereFermante, texteRiche } from './cellulesXml';
import { CacheParOctets } from './cacheParOctets';
import { CelluleIllisible, feuilleXml } from './feuilleXml';
import { chercherSuite, vueDeRecherche } from './octets';
import { estFormatDate } from './formatsDate';

/**
 * Lecture directe d'un classeur .xlsx, sans ExcelJS : le répertoire de l'archive, puis seulement les parties dont
 * l'opération a besoin (classeur, relations, tableaux, les feuilles qui portent les tableaux et cellules demandés,
 * textes partagés, styles), chacune décompressée sans dépasser sa taille annoncée ; une feuille n'est lue que
 * jusqu'à la dernière ligne demandée. Rend exactement ce que l'adaptateur ExcelJS rendrait (`ClasseurLu`) : mêmes
 * valeurs (textes enrichis aplatis, dates au format AAAA-MM-JJ, résultat d'une formule ou « =formule » sans
 * résultat), mêmes refus en français. Sert la consolidation régionale, où des centaines de classeurs sont lus.
 */

interface TableDirecte {
  nom: string;
  feuille: string;
  chemin: string;
  ref: string;
  colonnes: readonly string[];
}

/**
 * Les petites parties (relations, tableaux, styles, classeur…) sont souvent identiques d'un classeur à l'autre d'une
 * même génération : leur texte est gardé, retrouvé par leurs octets compressés (comparés en entier).
 */
const PETITE_PARTIE = 16384;
const petitesParties = new CacheParOctets<{ methode: number; annonce: number; texte: string }>(256);

/**
 * Ce qu'on tire d'une petite partie (styles, tableau, relations) ne dépend que de son texte : gardé pour un même texte
 * (souvent le même objet d'un classeur à l'autre, retrouvé par `petitesParties`). Borné, vidé au-delà de 256 textes.
 */
const datesDesStyles = new Map<string, boolean[]>();
const definitionsDesTables = new Map<string, Readonly<Pick<TableDirecte, 'nom' | 'ref' | 'colonnes'>>>();
const relationsLues = new Map<string, readonly Relation[]>();
function dejaLu<T>(memoire: Map<string, T>, cle: string, lire: () => T): T {
  const deja = memoire.get(cle);
  if (deja !== undefined) return deja;
  if (memoire.size >= 256) memoire.clear();
  const lu = lire();
  memoire.set(cle, lu);
  return lu;
}

/** Pour chaque style de cellule (cellXfs), s'il affiche une date. */
function stylesDeDate(xml: string): boolean[] {
  const formats = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) formats.set(Number(attribut(m[0], 'numFmtId')), deXml(attribut(m[0], 'formatCode') ?? ''));
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  return Array.from(xfs.matchAll(/<(?:\w+:)?xf\b[^>]*>/g)).map((m) => estFormatDate(Number(attribut(m[0], 'numFmtId') ?? 0), formats));
}

/** Nom, plage et colonnes d'un tableau, d'après sa partie (xl/tables/…). */
function definitionDuTableau(xml: string): Readonly<Pick<TableDirecte, 'nom' | 'ref' | 'colonnes'>> {
  const ouvrante = /<(?:\w+:)?table\b[^>]*>/.exec(xml)?.[0] ?? '';
  const colonnes = Object.freeze(Array.from(xml.matchAll(/<(?:\w+:)?tableColumn\b[^>]*>/g)).map((m) => deXml(attribut(m[0], 'name') ?? '')));
  return Object.freeze({ nom: deXml(attribut(ouvrante, 'displayName') ?? attribut(ouvrante, 'name') ?? ''), ref: attribut(ouvrante, 'ref') ?? '', colonnes });
}

/** Au-delà, un tableau n'est pas un tableau de Pilote LDM ni une source d'indicateur plausible (comme l'adaptateur ExcelJS). */
const COLONNES_MAX_TABLEAU = 500;

export class ClasseurDirect {
  private readonly parties: Map<string, PartieArchive>;
  private readonly textes = new Map<string, string>();
  private readonly feuillesDecompressees = new Map<string, Uint8Array>();
  private readonly decodeur = new TextDecoder();
  /**
   * Les cellules des feuilles lues : comptées, ou, pour une feuille qui n'a pas eu à l'être, le plus qu'elle puisse
   * en contenir (un tiers de ses octets) ; `nonComptees` dit lesquelles, comptées dès que ce majorant ne suffit plus.
   */
  private cellulesMajorees = 0;
  private nonComptees: Array<{ chemin: string; majorant: number }> = [];
  readonly feuilles: Array<{ nom: string; chemin: string }> = [];
  private readonly tables: TableDirecte[] = [];
  private partagees?: { nombre: number; texte: (n: number) => string; textes: string[] };
  private datesParStyle?: boolean[];
  private date1904 = false;
  private cheminPartagees?: string;
  private cheminStyles?: string;

  constructor(
    private readonly contenu: Uint8Array,
    private readonly nomFichier: string,
    private readonly limites: LimitesArchive = LIMITES,
  ) {
    refuserCeQuiNEstPasUnXlsx(contenu, nomFichier);
    this.parties = partiesParChemin(contenu, nomFichier, limites);
    refuserCeQuiNEstPasUnClasseur([...this.parties.keys()], nomFichier);
    const cheminClasseur = classeurSelon(this.texte('_rels/.rels'));
    const wbXml = this.texte(cheminClasseur);
    if (wbXml === undefined) throw this.endommage(`partie « ${cheminClasseur} » absente`);
    this.date1904 = /<(?:\w+:)?workbookPr\b[^>]*\sdate1904="(?:1|true)"/.test(wbXml);
    if (!this.parties.has(cheminRelations(cheminClasseur))) throw this.endommage(`partie « ${cheminRelations(cheminClasseur)} » absente : les feuilles ne peuvent pas être retrouvées`);
    const rels = this.relations(cheminClasseur);
    this.cheminPartagees = rels.find((r) => r.type.endsWith('/sharedStrings'))?.cible;
    this.cheminStyles = rels.find((r) => r.type.endsWith('/styles'))?.cible;
    const declarees = feuillesDuClasseur(wbXml, rels);
    if (!declarees.length) throw this.endommage('aucune feuille');
    for (const f of declarees) {
      const rel = rels.find((r) => r.id === f.rid);
      if (!f.chemin) throw this.endommage(`la feuille « ${f.nom} » n'a pas de relation`);
      if (!this.parties.has(f.chemin)) throw this.endommage(`la feuille « ${f.nom} » est annoncée mais sa partie « ${f.chemin} » manque`);
      // Une feuille se reconnaît aussi à sa partie (xl/worksheets/…) si le type de sa relation est abîmé, comme ExcelJS la lit.
      if (!rel?.type.endsWith('/worksheet') && !/^xl\/worksheets\/[^/]+\.xml$/i.test(f.chemin)) continue;
      this.feuilles.push({ nom: f.nom, chemin: f.chemin });
      // Un tableau se reconnaît aussi à sa partie (xl/tables/…) si le type de sa relation est abîmé : jamais perdu en silence.
      const relsFeuille = this.relations(f.chemin);
      for (const r of relsFeuille.filter((x) => !x.externe && (x.type.endsWith('/table') || /^xl\/tables\/[^/]+\.xml$/i.test(x.cible)))) {
        const xml = this.texte(r.cible);
        if (!xml) continue;
        this.tables.push({ ...dejaLu(definitionsDesTables, xml, () => definitionDuTableau(xml)), feuille: f.nom, chemin: f.chemin });
      }
    }
  }

  /** Les relations d'une partie, lues une fois pour un même texte et une même source. */
  private relations(source: string): readonly Relation[] {
    const xml = this.texte(cheminRelations(source));
    if (xml === undefined) return [];
    return dejaLu(relationsLues, `${source}\u0000${xml}`, () => Object.freeze(lireRelations(xml, source)));
  }

  private endommage(detail: string): ClasseurIllisible {
    return new ClasseurIllisible(
      `Le fichier « ${this.nomFichier} » est endommagé (${detail}) : il n'a pas été lu ni modifié. Ouvrez-le dans Excel, qui proposera de le réparer, ou reprenez une copie de sauvegarde.`,
    );
  }

  /** Date de dernière modification enregistrée dans le fichier (docProps/core.xml), pour départager deux versions. */
  modifieLe(): Date | undefined {
    const date = /<dcterms:modified\b[^>]*>([^<]+)</.exec(this.texte('docProps/core.xml') ?? '')?.[1];
    return date && !Number.isNaN(new Date(date).getTime()) ? new Date(date) : undefined;
  }

  /**
   * Le texte d'une partie, décompressée une fois (bornée par sa taille annoncée), ou undefined si elle est absente.
   * Une petite partie déjà vue dans un autre classeur, aux mêmes octets compressés, n'est pas décompressée de nouveau.
   */
  private texte(chemin: string): string | undefined {
    const deja = this.textes.get(chemin);
    if (deja !== undefined) return deja;
    const partie = this.parties.get(chemin);
    if (!partie) return undefined;
    const decoder = () => this.decodeur.decode(this.octets(chemin));
    let t: string;
    if (partie.compresse > PETITE_PARTIE || chemin === this.cheminPartagees) t = decoder();
    else {
      const connue = petitesParties.obtenir(this.contenu, partie.debut, partie.debut + partie.compresse, () => ({ methode: partie.methode, annonce: partie.annonce, texte: decoder() }));
      // Mêmes octets mais autre méthode ou autre taille annoncée : la partie est lue pour elle-même (refus compris).
      t = connue.methode === partie.methode && connue.annonce === partie.annonce ? connue.texte : decoder();
    }
    this.textes.set(chemin, t);
    return t;
  }

  /**
   * Les octets d'une partie, décompressée (bornée par sa taille annoncée) ; une feuille compte ses cellules en passant.
   * Une feuille est parcourue en octets, sans être décodée en entier.
   */
  private octets(chemin: string): Uint8Array | undefined {
    const deja = this.feuillesDecompressees.get(chemin);
    if (deja) return deja;
    const partie = this.parties.get(chemin);
    if (!partie) return undefined;
    const feuille = /^xl\/worksheets\/[^/]+\.xml$/i.test(chemin);
    // Une cellule comptée occupe au moins 3 octets (« <c> »), une ligne au moins 5 (« <row> ») : une feuille dont la
    // taille (vérifiée à la décompression) prouve qu'elle ne franchit aucune limite n'est pas parcourue pour compter.
    const majorant = Math.floor(partie.annonce / 3);
    const compter = feuille && (Math.floor(partie.annonce / 5) > this.limites.lignesParFeuille || this.cellulesMajorees + majorant > this.limites.cellules);
    const compteur = compter ? new CompteurCellules() : undefined;
    const brut = decompresserPartie(this.contenu, partie, this.nomFichier, this.limites, compteur);
    // Le tableau d'octets, pas le Buffer de Node (le parcours d'une feuille s'en fait lui-même une vue pour chercher).
    const octets = new Uint8Array(brut.buffer, brut.byteOffset, brut.length);
    if (compteur) {
      this.cellulesMajorees += compteur.cellules;
      if (this.cellulesMajorees > this.limites.cellules) this.compterLesAutres();
    } else if (feuille) {
      this.cellulesMajorees += majorant;
      this.nonComptees.push({ chemin, majorant });
    }
    // Une partie XML tronquée (ou qui n'est pas du XML) est refusée comme ExcelJS la refuserait : rien n'est lu à moitié.
    if (/\.(xml|rels)$/i.test(chemin) && !xmlComplet(this.decodeur.decode(octets.subarray(0, 4096)), this.decodeur.decode(octets.subarray(Math.max(0, octets.length - 512))))) {
      throw new ClasseurIllisible(
        `Le fichier « ${this.nomFichier} » est endommagé et ne peut pas être lu (contenu XML invalide). Ouvrez-le dans Excel, qui proposera de le réparer, enregistrez-le, puis recommencez.`,
      );
    }
    if (feuille) this.feuillesDecompressees.set(chemin, octets);
    return octets;
  }

  /** Les feuilles lues sans être comptées le sont avant de conclure qu'il y a trop de cellules ; refus si c'est le cas. */
  private compterLesAutres(): void {
    for (const { chemin, majorant } of this.nonComptees.splice(0)) {
      const compteur = new CompteurCellules();
      compteur.lire(this.feuillesDecompressees.get(chemin) ?? new Uint8Array(0));
      this.cellulesMajorees += compteur.cellules - majorant;
    }
    if (this.cellulesMajorees > this.limites.cellules) {
      throw new ClasseurIllisible(`Le fichier « ${this.nomFichier} » contient plus de ${this.limites.cellules.toLocaleString('fr-FR')} cellules remplies : ce n'est pas un classeur Pilote LDM, il n'est pas ouvert.`);
    }
  }

  /** Le n-ième texte partagé : les bornes de chacun repérées une fois, chaque texte décodé à sa première demande. */
  private textePartage(n: number): string | undefined {
    this.partagees ??= this.textesPartages();
    if (n >= this.partagees.nombre) return undefined;
    return (this.partagees.textes[n] ??= this.partagees.texte(n));
  }

  /**
   * Les textes partagés, repérés dans leurs octets sans décoder la partie entière ; un texte déjà rencontré dans un
   * autre classeur (libellés des critères et descripteurs…) est retrouvé par ses octets. Avec un préfixe d'espace de
   * noms (« <x:si> », rare), la partie est décodée et parcourue comme texte.
   */
  private textesPartages(): { nombre: number; texte: (n: number) => string; textes: string[] } {
    const octets = (this.cheminPartagees && this.octets(this.cheminPartagees)) || new Uint8Array(0);
    const bornes = bornesDesOctets(octets);
    if (bornes) {
      const decodeur = this.decodeur;
      const texte = (n: number) => textesPartagesConnus.obtenir(octets, bornes[2 * n], bornes[2 * n + 1], () => texteRiche(decodeur.decode(octets.subarray(bornes[2 * n], bornes[2 * n + 1]))));
      return { nombre: bornes.length / 2, texte, textes: [] };
    }
    const xml = this.decodeur.decode(octets);
    const b = bornesDesTextes(xml);
    return { nombre: b.length / 2, texte: (n) => texteRiche(xml.slice(b[2 * n], b[2 * n + 1])), textes: [] };
  }

  private stylesDates(): boolean[] {
    const xml = (this.cheminStyles && this.texte(this.cheminStyles)) || '';
    this.datesParStyle ??= dejaLu(datesDesStyles, xml, () => stylesDeDate(xml));
    return this.datesParStyle;
  }

  noms(): string[] {
    return this.tables.map((t) => t.nom);
  }

  private table(nom: string): TableDirecte | undefined {
    return this.tables.find((t) => t.nom.toLowerCase() === nom.toLowerCase());
  }

  /** Lit les tableaux et cellules demandés ; chaque feuille concernée n'est parcourue qu'une fois, jusqu'à sa dernière ligne utile. */
  lire(demande: DemandeLecture): ClasseurLu {
    const lu: ClasseurLu = {
      feuilles: this.feuilles.map((f) => f.nom),
      nomsTableaux: this.noms(),
      entetesTableaux: this.tables.map((t) => ({ nom: t.nom, feuille: t.feuille, entetes: t.colonnes.map((c) => c.trim()) })),
      tableaux: Object.create(null) as ClasseurLu['tableaux'],
      cellules: Object.create(null) as ClasseurLu['cellules'],
    };
    const parFeuille = new Map<string, { zones: Zone[]; cellules: string[]; tables: Array<{ demande: string; t: TableDirecte; zone: Zone }> }>();
    const besoins = (feuille: string) => {
      const b = parFeuille.get(feuille) ?? { zones: [], cellules: [], tables: [] };
      parFeuille.set(feuille, b);
      return b;
    };
    for (const nom of demande.tableaux) {
      const t = this.table(nom);
      if (!t) {
        lu.tableaux[nom] = undefined;
        continue;
      }
      const zone = this.zoneDuTableau(t);
      const b = besoins(t.feuille);
      b.zones.push(zone);
      b.tables.push({ demande: nom, t, zone });
    }
    for (const c of demande.cellules) {
      if (!lu.feuilles.includes(c.feuille)) continue;
      const { ligne, colonne } = decoderAdresse(c.adresse);
      besoins(c.feuille).zones.push({ l1: ligne, c1: colonne, l2: ligne, c2: colonne });
      besoins(c.feuille).cellules.push(c.adresse);
    }
    for (const [feuille, b] of parFeuille) {
      const chemin = this.feuilles.find((f) => f.nom === feuille)!.chemin;
      const octets = this.octets(chemin) ?? new Uint8Array(0);
      let lue: FeuilleLue;
      try {
        lue = feuilleXml(octets, b.zones, { partagee: (n) => this.textePartage(n), estDate: (s) => this.stylesDates()[s] ?? false, date1904: this.date1904 });
      } catch (e) {
        if (!(e instanceof CelluleIllisible)) throw e;
        throw this.endommage(`feuille « ${feuille} » : ${e.message}`);
      }
      for (const { demande: nom, t, zone } of b.tables) lu.tableaux[nom] = tableauLu(t, zone, lue);
      for (const a of b.cellules) {
        const { ligne, colonne } = decoderAdresse(a);
        lu.cellules[cleCellule(feuille, a)] = lue.valeur(ligne, colonne);
      }
    }
    return lu;
  }

  private zoneDuTableau(t: TableDirecte): Zone {
    const illisible = (pourquoi: string) =>
      new ClasseurIllisible(`Le tableau « ${t.nom} » de la feuille « ${t.feuille} » ${pourquoi} : rétablissez-le dans Excel (Création de tableau › Redimensionner le tableau), puis recommencez.`);
    let d: { ligne: number; colonne: number };
    let f: { ligne: number; colonne: number };
    try {
      const [debut, fin] = t.ref.split(':');
      d = decoderAdresse(debut);
      f = decoderAdresse(fin ?? debut);
    } catch {
      throw illisible(`a une plage invalide (« ${t.ref} »)`);
    }
    if (f.ligne < d.ligne || f.colonne < d.colonne) throw illisible(`a une plage à l'envers (« ${t.ref} »)`);
    if (f.colonne - d.colonne + 1 > COLONNES_MAX_TABLEAU) throw illisible(`s'étend sur ${f.colonne - d.colonne + 1} colonnes (« ${t.ref} »)`);
    return { l1: d.ligne, c1: d.colonne, l2: f.ligne, c2: f.colonne };
  }
}

function tableauLu(t: TableDirecte, z: Zone, lue: FeuilleLue): TableauLu {
  // Une plage agrandie jusqu'en bas de la feuille ne fait pas lire un million de lignes vides (comme avec ExcelJS).
  const derniere = Math.min(z.l2, Math.max(z.l1, lue.derniereLigne));
  const entetes: string[] = [];
  for (let c = z.c1; c <= z.c2; c++) entetes.push(String(lue.valeur(z.l1, c) ?? '').trim());
  const lignes: TableauLu['lignes'] = [];
  for (let l = z.l1 + 1; l <= derniere; l++) {
    const valeurs: Valeur[] = [];
    for (let c = z.c1; c <= z.c2; c++) valeurs.push(lue.valeur(l, c));
    lignes.push({ ligne: l, valeurs });
  }
  return { nom: t.nom, feuille: t.feuille, ligneEntete: z.l1, colonneDebut: z.c1, entetes, lignes };
}

/** Les textes partagés déjà décodés, par leurs octets (le même libellé revient dans chaque classeur d'une région). */
const textesPartagesConnus = new CacheParOctets<string>(8192);

const SI_OUVRANT = new TextEncoder().encode('<si');
const SI_FERMANT = new TextEncoder().encode('</si>');
const PREFIXE_SI = new TextEncoder().encode(':si');
const SUP = new TextEncoder().encode('>');

/**
 * Les bornes de `bornesDesTextes`, en octets, sur les octets de la partie (mêmes textes) ; undefined si un « :si »
 * y figure (préfixe d'espace de noms possible) : la partie est alors décodée et parcourue comme texte.
 */
export function bornesDesOctets(octets: Uint8Array): number[] | undefined {
  const b = vueDeRecherche(octets);
  if (chercherSuite(b, PREFIXE_SI, 0) >= 0) return undefined;
  const motifs = { '<si': SI_OUVRANT, '</si>': SI_FERMANT, '>': SUP };
  return bornesSansPrefixe(
    (motif, de) => chercherSuite(b, motifs[motif], de),
    (k) => k < b.length && estMot(b[k]),
    (k) => b[k] === 0x2f,
  );
}

/**
 * Les bornes des <si> sans préfixe, par une recherche de « <si » puis de « </si> » par texte, sur le texte ou sur ses
 * octets (mêmes positions de balises) : `chercher` trouve un motif, `mot` dit si la position porte un caractère de
 * `\w`, `barre` si elle porte un « / ». Plus aucun « </si> » plus loin : seuls les « <si/> » comptent encore (comme
 * avec l'expression complète).
 */
function bornesSansPrefixe(chercher: (motif: '<si' | '</si>' | '>', de: number) => number, mot: (k: number) => boolean, barre: (k: number) => boolean): number[] {
  const bornes: number[] = [];
  let fermantes = true;
  for (let i = chercher('<si', 0); i >= 0; i = chercher('<si', i + 3)) {
    if (mot(i + 3)) continue;
    const ouvrante = chercher('>', i);
    if (ouvrante < 0) break;
    if (barre(ouvrante - 1)) {
      bornes.push(ouvrante + 1, ouvrante + 1);
      continue;
    }
    const fin = fermantes ? chercher('</si>', ouvrante) : -1;
    if (fin < 0) {
      fermantes = false;
      continue;
    }
    bornes.push(ouvrante + 1, fin);
    i = fin;
  }
  return bornes;
}

/** Un caractère de `\w` (lettre ASCII, chiffre, « _ ») ; un octet d'un caractère non ASCII n'en est jamais un. */
function estMot(o: number): boolean {
  return (o >= 0x30 && o <= 0x39) || (o >= 0x41 && o <= 0x5a) || (o >= 0x61 && o <= 0x7a) || o === 0x5f;
}

/**
 * Début et fin du contenu de chaque <si> des textes partagés, à la suite ; sans expression régulière dans le cas
 * courant (pas de préfixe d'espace de noms) : une recherche de « <si » puis de « </si> » par texte.
 */
export function bornesDesTextes(xml: string): number[] {
  const bornes: number[] = [];
  if (/<\w+:si\b/.test(xml)) {
    // L'expression complète jusqu'à la dernière balise fermante seulement (un « <x:si> » jamais refermé ne fait pas
    // relire tout le reste) ; au-delà, seuls des « <x:si/> » peuvent encore compter.
    const coupure = Math.max(0, apresDerniereFermante(xml, 'si'));
    for (const m of xml.slice(0, coupure).matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)) {
      const debut = m.index + m[0].indexOf('>') + 1;
      bornes.push(debut, debut + (m[1]?.length ?? 0));
    }
    for (const m of xml.slice(coupure).matchAll(/<(?:\w+:)?si\b[^>]*?\/>/g)) bornes.push(coupure + m.index + m[0].length, coupure + m.index + m[0].length);
    return bornes;
  }
  return bornesSansPrefixe(
    (motif, de) => xml.indexOf(motif, de),
    (k) => /\w/.test(xml[k] ?? ''),
    (k) => xml[k] === '/',
  );
}

/** L'élément racine d'une partie XML (lu dans son début) se referme bien à sa fin (une partie tronquée ne le fait pas). */
function xmlComplet(debut: string, fin: string): boolean {
  const racine = /^\uFEFF?\s*(?:<\?[\s\S]*?\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<([\w:.-]+)\b[^>]*?(\/?)>/.exec(debut);
  if (!racine) return false;
  if (racine[2] === '/') return true;
  return fin.trimEnd().endsWith(`</${racine[1]}>`);
}
