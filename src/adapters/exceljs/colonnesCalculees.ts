import ExcelJS from 'exceljs';

/** Par tableau, la formule de chacune de ses colonnes calculées (sans « = »). */
export type ColonnesCalculees = Map<string, Map<string, string>>;

const parClasseur = new WeakMap<ExcelJS.Workbook, ColonnesCalculees>();

/** Note qu'une colonne d'un tableau écrit porte la même formule sur toutes ses lignes : à écrire comme colonne calculée. */
export function noterColonneCalculee(wb: ExcelJS.Workbook, table: string, colonne: string, formule: string): void {
  const toutes = parClasseur.get(wb) ?? new Map<string, Map<string, string>>();
  const colonnes = toutes.get(table) ?? new Map<string, string>();
  colonnes.set(colonne, formule);
  toutes.set(table, colonnes);
  parClasseur.set(wb, toutes);
}

export function colonnesCalculeesDe(wb: ExcelJS.Workbook): ColonnesCalculees {
  return parClasseur.get(wb) ?? new Map();
}
