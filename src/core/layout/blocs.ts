import { CelluleFixe, Contenu, Style, decoderAdresse } from './types';

/** Un rectangle de cellules voisines de même style : une seule écriture 2D et un seul style pour tout le bloc. */
export interface BlocCellules {
  ligne: number;
  colonne: number;
  contenus: Contenu[][];
  style?: Style;
}

/**
 * Regroupe les cellules fixes d'une feuille en rectangles de même style (la matrice régionale : une écriture
 * au lieu de 46 par établissement). Les cellules fusionnées restent seules ; l'ordre d'écriture ne compte pas
 * puisque deux cellules fixes n'ont jamais la même adresse.
 */
export function blocsDeCellules(cellules: CelluleFixe[]): { blocs: BlocCellules[]; seules: CelluleFixe[] } {
  const seules: CelluleFixe[] = [];
  const parStyle = new Map<string, Map<number, Map<number, Contenu>>>();
  const styles = new Map<string, Style | undefined>();
  for (const c of cellules) {
    if (c.fusion) {
      seules.push(c);
      continue;
    }
    const cle = JSON.stringify(c.style ?? null);
    styles.set(cle, c.style);
    const { ligne, colonne } = decoderAdresse(c.adresse);
    const lignes = parStyle.get(cle) ?? new Map<number, Map<number, Contenu>>();
    parStyle.set(cle, lignes);
    const l = lignes.get(ligne) ?? new Map<number, Contenu>();
    lignes.set(ligne, l);
    l.set(colonne, c.contenu);
  }
  const blocs: BlocCellules[] = [];
  for (const [cle, lignes] of parStyle) {
    // Segments horizontaux contigus de chaque ligne, puis segments identiques de lignes consécutives empilés.
    const ouverts = new Map<string, BlocCellules>();
    for (const ligne of [...lignes.keys()].sort((a, b) => a - b)) {
      const colonnes = [...lignes.get(ligne)!.keys()].sort((a, b) => a - b);
      const segments: Array<[number, number]> = [];
      for (const c of colonnes) {
        const dernier = segments[segments.length - 1];
        if (dernier && dernier[1] === c - 1) dernier[1] = c;
        else segments.push([c, c]);
      }
      const suivants = new Map<string, BlocCellules>();
      for (const [debut, fin] of segments) {
        const contenus = Array.from({ length: fin - debut + 1 }, (_, k) => lignes.get(ligne)!.get(debut + k) ?? null);
        const id = `${debut}:${fin}`;
        const bloc = ouverts.get(id);
        if (bloc && bloc.ligne + bloc.contenus.length === ligne) {
          bloc.contenus.push(contenus);
          suivants.set(id, bloc);
        } else {
          const neuf: BlocCellules = { ligne, colonne: debut, contenus: [contenus], style: styles.get(cle) };
          blocs.push(neuf);
          suivants.set(id, neuf);
        }
      }
      ouverts.clear();
      for (const [id, b] of suivants) ouverts.set(id, b);
    }
  }
  return { blocs, seules };
}
