import { LIMITES, LimitesArchive, PartieArchive, decompresserPartie, partiesParChemin } from '../exceljs/archive';
import { EntreeCompressee, archiveZip, compresser } from './archiveZip';
import { FeuilleDuClasseur, Relation, cheminRelations, classeurSelon, feuillesDuClasseur, lireRelations } from '../exceljs/paquet';

/**
 * Un paquet .xlsx qu'on modifie partie par partie, sans le charger en entier : une partie n'est décompressée que
 * si on la lit, et à l'écriture, celles qu'on n'a pas changées sont recopiées telles quelles (octets compressés,
 * CRC) — seules les parties écrites sont compressées. C'est ce qui rend la greffe rapide sur un gros classeur dont
 * on ne remplace que quelques feuilles.
 */
export class PaquetModifiable {
  private readonly parties: Map<string, PartieArchive>;
  /** Les parties écrites (ou retirées : undefined, ou recopiées d'un autre paquet), dans l'ordre où elles l'ont été. */
  private readonly ecrites = new Map<string, Uint8Array | Recopiee | undefined>();
  private readonly decodeur = new TextDecoder();
  private readonly encodeur = new TextEncoder();

  constructor(
    private readonly contenu: Uint8Array,
    private readonly nomFichier: string,
    private readonly limites: LimitesArchive = LIMITES,
  ) {
    this.parties = partiesParChemin(contenu, nomFichier, limites);
  }

  existe(chemin: string): boolean {
    return this.ecrites.has(chemin) ? this.ecrites.get(chemin) !== undefined : this.parties.has(chemin);
  }

  /** Les chemins des parties présentes : celles d'origine (dans leur ordre), puis celles ajoutées. */
  noms(): string[] {
    const noms = [...this.parties.keys()].filter((n) => this.existe(n));
    for (const [n, o] of this.ecrites) if (o !== undefined && !this.parties.has(n)) noms.push(n);
    return noms;
  }

  octets(chemin: string): Uint8Array | undefined {
    if (this.ecrites.has(chemin)) {
      const e = this.ecrites.get(chemin);
      return e instanceof Recopiee ? e.depuis.octets(e.chemin) : e;
    }
    const partie = this.parties.get(chemin);
    return partie && decompresserPartie(this.contenu, partie, this.nomFichier, this.limites);
  }

  texte(chemin: string): string | undefined {
    const o = this.octets(chemin);
    return o && this.decodeur.decode(o);
  }

  /** Le classeur du paquet (xl/workbook.xml le plus souvent) : son chemin, ses relations et ses feuilles. */
  classeur(): { chemin: string; relations: Relation[]; feuilles: FeuilleDuClasseur[] } {
    const chemin = classeurSelon(this.texte('_rels/.rels'));
    const relations = lireRelations(this.texte(cheminRelations(chemin)), chemin);
    return { chemin, relations, feuilles: feuillesDuClasseur(this.texte(chemin) ?? '', relations) };
  }

  ecrire(chemin: string, contenu: string | Uint8Array): void {
    this.ecrites.delete(chemin);
    this.ecrites.set(chemin, typeof contenu === 'string' ? this.encodeur.encode(contenu) : contenu);
  }

  /** La partie `source` d'un autre paquet, prise telle quelle (octets compressés, CRC) : ni décompressée ni recompressée. */
  recopier(chemin: string, depuis: PaquetModifiable, source: string): void {
    if (!depuis.existe(source)) throw new Error(`paquet : partie « ${source} » absente`);
    this.ecrites.delete(chemin);
    this.ecrites.set(chemin, new Recopiee(depuis, source));
  }

  /** Une partie prête à écrire dans une archive : recopiée si elle n'a pas changé, compressée sinon. */
  private entree(nom: string): EntreeCompressee {
    const ecrite = this.ecrites.get(nom);
    if (ecrite instanceof Recopiee) return ecrite.depuis.entree(ecrite.chemin);
    if (ecrite) return compresser(ecrite);
    const p = this.parties.get(nom) as PartieArchive;
    return { compresse: this.contenu.subarray(p.debut, p.debut + p.compresse), crc: p.crc, taille: p.annonce, methode: p.methode === 0 ? 0 : 8 };
  }

  retirer(chemin: string): void {
    this.ecrites.delete(chemin);
    if (this.parties.has(chemin)) this.ecrites.set(chemin, undefined);
  }

  /** L'archive : les parties d'origine à leur place ([Content_Types].xml en tête s'il y est), les ajoutées à la suite. */
  generer(): Uint8Array {
    return archiveZip(this.noms().map((nom): [string, EntreeCompressee] => [nom, this.entree(nom)]));
  }
}

/** Une partie prise dans un autre paquet : ses octets compressés y restent jusqu'à l'écriture de l'archive. */
class Recopiee {
  constructor(
    readonly depuis: PaquetModifiable,
    readonly chemin: string,
  ) {}
}
