/* global Office */
import { ClasseurIllisible } from '../core/erreurs';

/** Office découpe le fichier en tranches de 4 Mo au plus. */
const TRANCHE = 4 * 1024 * 1024;

/**
 * Le classeur ouvert dans Excel, tel quel, en octets (ensemble « CompressedFile ») : pour en faire des copies hors
 * d'Excel (copies des auditeurs). Office ne garde que deux fichiers ouverts : celui-ci est toujours refermé.
 */
export function octetsDuClasseurOuvert(): Promise<Uint8Array> {
  // Le message d'Office est dans la langue d'Office, peut-être pas en français : il n'est pas repris.
  const echec = () => new ClasseurIllisible("Excel n'a pas transmis le classeur ouvert : enregistrez-le, puis recommencez.");
  if (typeof Office.context.document?.getFileAsync !== 'function') {
    return Promise.reject(new ClasseurIllisible("Cette version d'Excel ne transmet pas le classeur ouvert au complément : enregistrez-le, puis utilisez le volet en mode navigateur pour préparer les copies."));
  }
  return new Promise((resoudre, rejeter) => {
    Office.context.document.getFileAsync(Office.FileType.Compressed, { sliceSize: TRANCHE }, (r) => {
      if (r.status !== Office.AsyncResultStatus.Succeeded) return rejeter(echec());
      const fichier = r.value;
      const tranches: Uint8Array[] = [];
      const fermer = (fin: () => void) => fichier.closeAsync(() => fin());
      const suivante = (i: number) => {
        if (i === fichier.sliceCount) {
          const tout = new Uint8Array(tranches.reduce((t, x) => t + x.length, 0));
          let k = 0;
          for (const t of tranches) {
            tout.set(t, k);
            k += t.length;
          }
          return fermer(() => resoudre(tout));
        }
        fichier.getSliceAsync(i, (t) => {
          if (t.status !== Office.AsyncResultStatus.Succeeded) return fermer(() => rejeter(echec()));
          tranches.push(Uint8Array.from(t.value.data as ArrayLike<number>));
          suivante(i + 1);
        });
      };
      suivante(0);
    });
  });
}
