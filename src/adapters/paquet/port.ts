import { ClasseurIllisible, ClasseurLu, DemandeLecture } from '../../core/modele/classeur';
import { ErreurPilote } from '../../core/erreurs';
import { PortClasseur } from '../../core/usages/port';
import { ClasseurDirect } from './lecteurDirect';

/**
 * Le port en lecture seule sur un fichier .xlsx lu directement (sans ExcelJS) : ce qu'il faut pour vérifier un
 * classeur ou le lire pour la consolidation. Toute erreur devient un message en français qui nomme le fichier.
 */
export function portLectureDirecte(contenu: Uint8Array, nom: string, deja?: ClasseurDirect): PortClasseur {
  let classeur: ClasseurDirect | undefined = deja;
  const traduire = (e: unknown): Error => {
    if (e instanceof ClasseurIllisible) return e.message.startsWith('Le fichier') ? e : new ClasseurIllisible(`Le fichier « ${nom} » ne peut pas être lu : ${e.message.replace(/^Le /, 'le ')}`);
    if (e instanceof ErreurPilote) return e;
    return new ClasseurIllisible(`Le fichier « ${nom} » contient un élément que Pilote LDM ne sait pas lire : il n'a pas été modifié. Ouvrez-le dans Excel ou LibreOffice, enregistrez-le de nouveau, puis recommencez.`);
  };
  return {
    lire(demande: DemandeLecture, suite?: (lu: ClasseurLu) => DemandeLecture): Promise<ClasseurLu> {
      try {
        classeur ??= new ClasseurDirect(contenu, nom);
        const lu = classeur.lire(demande);
        if (!suite) return Promise.resolve(lu);
        const plus = classeur.lire(suite(lu));
        return Promise.resolve({
          ...lu,
          tableaux: Object.assign(Object.create(null) as ClasseurLu['tableaux'], plus.tableaux, lu.tableaux),
          cellules: Object.assign(Object.create(null) as ClasseurLu['cellules'], lu.cellules, plus.cellules),
        } satisfies ClasseurLu);
      } catch (e) {
        return Promise.reject(traduire(e));
      }
    },
    ecrire(): Promise<void> {
      return Promise.reject(new Error('lecture seule'));
    },
  };
}
