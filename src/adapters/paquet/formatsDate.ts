/**
 * Un format de nombre est-il une date ? Les formats intégrés d'Excel (14 à 22, 45 à 47, et ceux des versions
 * asiatiques 27 à 36, 50 à 58) et tout format personnalisé qui affiche jour, mois, année, heure ou seconde hors
 * des textes entre guillemets, des couleurs et conditions entre crochets.
 */
const INTEGRES_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function estFormatDate(id: number, personnalises: Map<number, string>): boolean {
  const code = personnalises.get(id);
  if (code === undefined) return INTEGRES_DATES.has(id);
  const nu = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '')
    .replace(/\*./g, '');
  return /[dmyhs]/i.test(nu) && !/^[#0.,\s%]*$/.test(nu);
}
