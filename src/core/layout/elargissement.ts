import { ClasseurEndommage, TableauLu, Valeur, estVide, texteDe } from '../modele/classeur';
import { TableauLayout, adresse } from './types';

/**
 * Un tableau régénéré plus large (ou plus long) que l'ancien occuperait des cellules voisines : des notes, des
 * calculs de l'utilisateur. Avant d'écrire, chaque adaptateur lit ces cellules ; si l'une n'est pas vide, rien n'est
 * écrit et l'utilisateur apprend laquelle déplacer.
 */

/** Les plages (A1) que le nouveau tableau couvre et que l'ancien ne couvrait pas : à droite, puis en dessous. */
export function zonesGagnees(t: TableauLayout, ancien: TableauLu): string[] {
  const nouvelleFin = { ligne: t.ligneEntete + Math.max(t.lignes.length, 1), colonne: t.colonneDebut + t.colonnes.length - 1 };
  const ancienneFin = { ligne: ancien.ligneEntete + Math.max(ancien.lignes.length, 1), colonne: ancien.colonneDebut + ancien.entetes.length - 1 };
  if (t.ligneEntete !== ancien.ligneEntete || t.colonneDebut !== ancien.colonneDebut) return [];
  const zones: string[] = [];
  if (nouvelleFin.colonne > ancienneFin.colonne) {
    zones.push(`${adresse(t.ligneEntete, ancienneFin.colonne + 1)}:${adresse(Math.max(nouvelleFin.ligne, ancienneFin.ligne), nouvelleFin.colonne)}`);
  }
  if (nouvelleFin.ligne > ancienneFin.ligne) {
    zones.push(`${adresse(ancienneFin.ligne + 1, t.colonneDebut)}:${adresse(nouvelleFin.ligne, Math.min(nouvelleFin.colonne, ancienneFin.colonne))}`);
  }
  return zones;
}

/** Refuse l'écriture si une cellule gagnée par le tableau a un contenu ; `contenus` : adresse → valeur lue. */
export function verifierZonesGagnees(feuille: string, t: TableauLayout, contenus: Array<{ adresse: string; valeur: Valeur }>): void {
  const occupees = contenus.filter((c) => !estVide(c.valeur));
  if (!occupees.length) return;
  throw new ClasseurEndommage(
    occupees.slice(0, 5).map((c) => ({
      feuille,
      cellule: c.adresse,
      message: `« ${texteDe(c.valeur).slice(0, 40)} » est là où le tableau « ${t.nom} » s'agrandit (nouvelle version de la feuille). Déplacez ce contenu plus à droite ou sur une autre feuille (couper-coller), puis relancez la génération.`,
    })),
  );
}
