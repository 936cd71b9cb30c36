/**
 * Un morceau de nom de fichier sûr partout (Windows compris) : caractères interdits et de contrôle remplacés par une
 * espace, espaces resserrées, longueur bornée. Module sans dépendance : le volet l'importe sans charger le cœur.
 */
export function morceauDeNom(s: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- les caractères de contrôle sont justement ceux à retirer
  return s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

/** Le classeur de la lettre LDM 007 (accusé de réception) d'un établissement, le même pour la CLI et le volet. */
export const nomLettreAccuse = (rne: string, etablissement: string): string => `LDM 007 - ${rne.trim().toUpperCase()} - ${morceauDeNom(etablissement, 60)}.xlsx`;
