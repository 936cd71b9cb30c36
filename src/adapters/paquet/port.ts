import { ClasseurLu, DemandeLecture, lireEnDeuxPasses } from '../../core/modele/classeur';
import { PortClasseur } from '../../core/usages/port';
import { erreurDeLecture } from '../exceljs/archive';
import { ClasseurDirect } from './lecteurDirect';

/**
 * Le port en lecture seule sur un fichier .xlsx lu directement (sans ExcelJS) : ce qu'il faut pour vérifier un
 * classeur ou le lire pour la consolidation. Toute erreur devient un message en français qui nomme le fichier.
 */
export function portLectureDirecte(contenu: Uint8Array, nom: string, deja?: ClasseurDirect): PortClasseur {
  let classeur: ClasseurDirect | undefined = deja;
  return {
    lire(demande: DemandeLecture, suite?: (lu: ClasseurLu) => DemandeLecture): Promise<ClasseurLu> {
      try {
        const c = (classeur ??= new ClasseurDirect(contenu, nom));
        return Promise.resolve(lireEnDeuxPasses((d) => c.lire(d), demande, suite));
      } catch (e) {
        return Promise.reject(erreurDeLecture(nom, e));
      }
    },
    ecrire(): Promise<void> {
      return Promise.reject(new Error('lecture seule'));
    },
  };
}
