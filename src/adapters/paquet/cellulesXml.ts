import { Valeur } from '../../core/modele/classeur';
import { deXml } from '../exceljs/paquet';

export interface Zone {
  l1: number;
  c1: number;
  l2: number;
  c2: number;
}

/** Ce qu'une feuille a livré : la valeur d'une cellule lue, et la dernière ligne de la feuille. */
export interface FeuilleLue {
  valeur(ligne: number, colonne: number): Valeur;
  derniereLigne: number;
}

/** Le texte d'un <si> ou d'un <is> : les runs <t> mis bout à bout (texte enrichi aplati), sans les indications phonétiques. */
export function texteRiche(xml: string): string {
  // Le cas courant, un seul run sans mise en forme : lu sans expression régulière globale.
  const simple = /^<t(?: xml:space="preserve")?>([^<]*)<\/t>$/.exec(xml);
  if (simple) return decoderOoxml(deXml(simple[1]));
  // Au-delà de la dernière balise fermante, aucune balise ouvrante ne trouve la sienne : l'expression n'y est pas
  // appliquée (sinon chaque « <t » jamais refermé relirait tout le reste, en temps quadratique).
  const finRph = apresDerniereFermante(xml, 'rPh');
  const sansPhonetique = finRph < 0 ? xml : xml.slice(0, finRph).replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '') + xml.slice(finRph);
  const finT = apresDerniereFermante(sansPhonetique, 't');
  let s = '';
  if (finT >= 0) for (const m of sansPhonetique.slice(0, finT).matchAll(/<(?:\w+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g)) s += m[1] ?? '';
  return decoderOoxml(deXml(s));
}

/**
 * La position qui suit la dernière balise fermante « </nom> » ou « </x:nom> » (une ouvrante « <x:nom> » ne compte
 * pas), -1 s'il n'y en a pas. Cherchée depuis la fin, sans expression sur tout le texte.
 */
export function apresDerniereFermante(xml: string, nom: string): number {
  const sansPrefixe = xml.lastIndexOf(`</${nom}>`);
  for (let k = xml.lastIndexOf(`:${nom}>`); k > sansPrefixe; k = xml.lastIndexOf(`:${nom}>`, k - 1)) {
    const debut = xml.lastIndexOf('<', k);
    if (debut >= 0 && xml[debut + 1] === '/' && /^[\w.-]+$/.test(xml.slice(debut + 2, k))) return k + nom.length + 2;
  }
  return sansPrefixe < 0 ? -1 : sansPrefixe + nom.length + 3;
}

/** « _x000D_ » → retour chariot, « _x005F_x0041_ » → « _x0041_ » littéral : comme Excel (et ExcelJS) les lisent. */
export function decoderOoxml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

