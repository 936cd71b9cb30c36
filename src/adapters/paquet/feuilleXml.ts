import { Valeur } from '../../core/modele/classeur';
import { numeroColonne } from '../../core/layout/types';
import { deXml } from '../exceljs/paquet';
import { FeuilleLue, Zone, decoderOoxml, texteRiche } from './cellulesXml';

/** Une cellule que le fichier décrit mal : le classeur est refusé plutôt que lu à moitié ou de travers. */
export class CelluleIllisible extends Error {}

export interface ContexteFeuille {
  partagees: () => string[];
  estDate: (style: number) => boolean;
  date1904: boolean;
}

/**
 * Parcourt le XML d'une feuille et ne garde que les cellules des zones demandées ; s'arrête après la dernière ligne
 * utile (les lignes d'une feuille sont dans l'ordre). Les valeurs sont celles que l'adaptateur ExcelJS donnerait.
 */
export function feuilleXml(xml: string, zones: Zone[], ctx: ContexteFeuille): FeuilleLue {
  const cellules = new Map<number, Valeur>();
  const cle = (l: number, c: number) => l * 20000 + c;
  const ligneMax = zones.reduce((m, z) => Math.max(m, z.l2), 0);
  const dans = (l: number, c: number) => zones.some((z) => l >= z.l1 && l <= z.l2 && c >= z.c1 && c <= z.c2);
  const lignesUtiles = (l: number) => zones.some((z) => l >= z.l1 && l <= z.l2);
  let derniereLigne = 0;
  const debut = xml.search(/<(?:\w+:)?sheetData\b/);
  if (debut >= 0) {
    const balise = /<(\/?)(?:\w+:)?(row|c|sheetData)\b([^>]*?)(\/?)>/g;
    const finLigne = /<\/(?:\w+:)?row>/g;
    const finCellule = /<\/(?:\w+:)?c>/g;
    balise.lastIndex = debut + 1;
    let ligne = 0;
    let colonne = 0;
    let ligneUtile = false;
    for (let m = balise.exec(xml); m; m = balise.exec(xml)) {
      const [tout, fermante, nom, attributs, vide] = m;
      if (nom === 'sheetData') break;
      if (fermante) continue;
      if (nom === 'row') {
        const r = /\sr="([^"]*)"/.exec(attributs);
        if (r && !/^\d{1,7}$/.test(r[1])) throw new CelluleIllisible(`numéro de ligne « ${r[1].slice(0, 20)} »`);
        ligne = r ? Number(r[1]) : ligne + 1;
        colonne = 0;
        derniereLigne = Math.max(derniereLigne, ligne);
        // Au-delà de la dernière ligne demandée, seule compte la dernière ligne de la feuille (fin d'un tableau agrandi).
        if (ligne > ligneMax) {
          const i = Math.max(xml.lastIndexOf('<row '), xml.lastIndexOf(':row '));
          const derniere = i > m.index ? /\sr="(\d+)"/.exec(xml.slice(i, i + 300)) : null;
          if (derniere) derniereLigne = Math.max(derniereLigne, Number(derniere[1]));
          break;
        }
        ligneUtile = lignesUtiles(ligne);
        if (!ligneUtile && !vide) {
          // Sauter le contenu de la ligne d'un coup.
          finLigne.lastIndex = balise.lastIndex;
          if (finLigne.exec(xml)) balise.lastIndex = finLigne.lastIndex;
        }
        continue;
      }
      // <c>
      const ref = /\sr="([^"]*)"/.exec(attributs);
      if (ref && !/^[A-Z]{1,3}\d{1,7}$/.test(ref[1])) throw new CelluleIllisible(`référence de cellule « ${ref[1].slice(0, 20)} »`);
      colonne = ref ? numeroColonne(ref[1].replace(/\d+$/, '')) : colonne + 1;
      let interieur = '';
      if (!vide) {
        finCellule.lastIndex = balise.lastIndex;
        const fin = finCellule.exec(xml);
        interieur = fin ? xml.slice(balise.lastIndex, fin.index) : '';
        if (fin) balise.lastIndex = finCellule.lastIndex;
      }
      if (!ligneUtile || !dans(ligne, colonne)) continue;
      const v = valeurCellule(attributs, interieur, ctx);
      if (v !== null) cellules.set(cle(ligne, colonne), v);
      void tout;
    }
  }
  return { valeur: (l, c) => cellules.get(cle(l, c)) ?? null, derniereLigne };
}

/**
 * Les formules d'une colonne calculée se répètent à chaque ligne, et d'un classeur à l'autre : décodées une fois.
 * Le cache est borné (vidé au-delà de 4 000 formules distinctes).
 */
const formules = new Map<string, string>();
function formuleDecodee(brut: string): string {
  let f = formules.get(brut);
  if (f === undefined) {
    if (formules.size > 4000) formules.clear();
    f = deXml(brut);
    formules.set(brut, f);
  }
  return f;
}

function valeurCellule(attributs: string, interieur: string, ctx: ContexteFeuille): Valeur {
  if ((interieur.match(/<(?:\w+:)?(?:v|f|is)\b/g)?.length ?? 0) > 1 && /<(?:\w+:)?(v|f|is)\b[\s\S]*<(?:\w+:)?\1\b/.test(interieur)) {
    throw new CelluleIllisible('une cellule porte deux valeurs');
  }
  const type = /\st="([^"]*)"/.exec(attributs)?.[1] ?? 'n';
  const v = /<(?:\w+:)?v\b[^>]*>([\s\S]*?)<\/(?:\w+:)?v>/.exec(interieur)?.[1];
  const f = /<(?:\w+:)?f\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?f>)/.exec(interieur);
  if (type === 'inlineStr') {
    const is = /<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/.exec(interieur)?.[1];
    return is === undefined ? null : texteRiche(is);
  }
  if (v === undefined || (v === '' && type !== 'str' && type !== 's')) {
    if (!f) return null;
    // Sans résultat en cache, la formule est le contenu saisi ; une formule qui n'est qu'un texte vaut ce texte.
    const formule = formuleDecodee(f[1] ?? '');
    const litteral = /^\s*"((?:[^"]|"")*)"\s*$/.exec(formule);
    return litteral ? litteral[1].replace(/""/g, '"') : `=${formule}`;
  }
  switch (type) {
    case 's': {
      const t = /^\d+$/.test(v.trim()) ? ctx.partagees()[Number(v)] : undefined;
      if (t === undefined) throw new CelluleIllisible(`texte partagé n° « ${v.slice(0, 20)} » absent`);
      return t;
    }
    case 'str':
      return decoderOoxml(deXml(v));
    case 'b':
      return v.trim() === '1' || v.trim().toLowerCase() === 'true';
    case 'e':
      return deXml(v);
    case 'd':
      return /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : deXml(v);
    default: {
      const n = Number(v);
      if (!Number.isFinite(n)) return deXml(v);
      const style = /\ss="(\d+)"/.exec(attributs);
      if (style && ctx.estDate(Number(style[1]))) return dateDeSerie(n, ctx.date1904);
      return n;
    }
  }
}

/** Un numéro de série de date d'Excel en AAAA-MM-JJ, comme ExcelJS (puis `valeurDe`) le rend. */
function dateDeSerie(n: number, date1904: boolean): string {
  const ms = Math.round((n - (date1904 ? -1462 : 25569)) * 86400000);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(n) : d.toISOString().slice(0, 10);
}
