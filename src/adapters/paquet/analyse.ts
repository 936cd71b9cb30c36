import { ClasseurIllisible, ClasseurLu, DemandeLecture, lireEnDeuxPasses } from '../../core/modele/classeur';
import { DateCivile } from '../../core/modele/dates';
import { AnomalieFichier, EtablissementConsolide, FichierRefuse, lireEtablissement } from '../../core/consolidation/lecture';
import { referentielNational } from '../../core/referentiel';
import { demandeLectureGeneration } from '../../core/usages/generation';
import { suiteDeLecture } from '../../core/usages/operations';
import { TAILLE_MAX_OCTETS } from '../exceljs/archive';
import { ClasseurDirect } from './lecteurDirect';

/** Ce qu'un fichier apporte à la consolidation : son établissement, ou la raison pour laquelle il est écarté. */
export type ResultatFichier = { etablissement: EtablissementConsolide } | { anomalie: AnomalieFichier };

/** Tout ce que le cœur lit d'un classeur (identité, tableaux, en-tête d'audit, fiches, sources des liaisons), en deux passes. */
export function lireToutDirectement(classeur: ClasseurDirect): ClasseurLu {
  return lireEnDeuxPasses((d) => classeur.lire(d), (demande ??= demandeUniforme(demandeLectureGeneration())), (lu) => suiteDeLecture(lu));
}

/** Les cellules demandées, toutes de la même forme que celles de la seconde passe : la lecture reste optimisée. */
function demandeUniforme(d: DemandeLecture): DemandeLecture {
  return { ...d, cellules: d.cellules.map((c) => ({ feuille: c.feuille, adresse: c.adresse })) };
}
/** La même pour chaque classeur d'un lot : construite une fois. */
let demande: DemandeLecture | undefined;

/** Un fichier qu'on n'a même pas pu lire (droits, tube, disque) : une anomalie, avec la raison du système. */
export function anomalieDeLecture(nom: string, e: unknown): ResultatFichier {
  const motif = e instanceof ClasseurIllisible ? e.message.replace(/^(Impossible de lire|Le fichier) « [^»]* » :? ?/, '').replace(/^« [^»]* » /, '') : 'le fichier n’a pas pu être lu.';
  return { anomalie: { fichier: nom, prise: 'non', motif: motif || 'le fichier n’a pas pu être lu.' } };
}

export function refusTropGros(nom: string, taille: number): ResultatFichier | undefined {
  if (taille <= TAILLE_MAX_OCTETS) return undefined;
  return { anomalie: { fichier: nom, prise: 'non', motif: `fichier de ${(taille / 1048576).toFixed(0)} Mo, au-delà de ${TAILLE_MAX_OCTETS / 1048576} Mo : non ouvert.` } };
}

/**
 * Lit un classeur d'établissement pour la consolidation, sans ExcelJS ; ne garde que son résumé (jamais le classeur).
 * Un fichier mauvais donne une anomalie avec sa raison en français, jamais une exception.
 */
export function analyserContenu(contenu: Uint8Array, nom: string, aujourdhui: DateCivile, fichierModifieLe?: Date): ResultatFichier {
  try {
    const direct = new ClasseurDirect(contenu, nom);
    const e = lireEtablissement(lireToutDirectement(direct), nom, aujourdhui, referentielNational);
    const fichier = fichierModifieLe && !Number.isNaN(fichierModifieLe.getTime()) ? fichierModifieLe.toISOString() : undefined;
    return { etablissement: { ...e, modifieLe: direct.modifieLe()?.toISOString() ?? fichier, fichierModifieLe: fichier } };
  } catch (e) {
    const motif =
      e instanceof ClasseurIllisible
        ? e.message.replace(/^Le fichier « [^»]* » /, '')
        : e instanceof FichierRefuse
          ? e.message
          : "contenu inattendu : le fichier n'a pas pu être lu. Demandez à l'établissement de l'ouvrir dans Excel, de l'enregistrer de nouveau et de le renvoyer.";
    return { anomalie: { fichier: nom, prise: 'non', motif } };
  }
}

/** Un fichier de la consolidation, de bout en bout : refusé sur sa taille, illisible, ou lu et résumé. */
export async function analyserFichier(nom: string, taille: number, lire: () => Promise<Uint8Array>, aujourdhui: DateCivile, fichierModifieLe?: Date): Promise<ResultatFichier> {
  const tropGros = refusTropGros(nom, taille);
  if (tropGros) return tropGros;
  let contenu: Uint8Array;
  try {
    contenu = await lire();
  } catch (e) {
    return anomalieDeLecture(nom, e);
  }
  return analyserContenu(contenu, nom, aujourdhui, fichierModifieLe);
}

