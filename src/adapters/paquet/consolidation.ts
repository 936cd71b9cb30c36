import { AnomalieFichier, EtablissementConsolide } from '../../core/consolidation/lecture';
import { dateCivileDe } from '../../core/modele/dates';
import { consolider } from '../../core/usages/operations';
import { analyserFichier } from './analyse';
import { ecrireClasseurNeuf } from './ecrivain';
import { ResultatConsolidation } from '../../core/consolidation/region';

/**
 * La consolidation sans ExcelJS : lire les classeurs des établissements (lecture directe) et écrire un classeur
 * régional neuf (écrivain direct). Un classeur régional existant, lui, passe par ExcelJS et la greffe (service.ts).
 */

export interface FichierAConsolider {
  nom: string;
  taille: number;
  /** Date du fichier sur le disque (ou du fichier choisi dans le navigateur). */
  modifieLe?: Date;
  /** Le contenu, lu seulement au moment de son tour : un lot de 200 fichiers n'est jamais tout entier en mémoire. */
  lire: () => Promise<Uint8Array>;
}

/** Le classeur régional écrit, et ce que la consolidation en dit (tout son résultat, sauf les feuilles décrites). */
export type ResultatConsolidationFichier = Omit<ResultatConsolidation, 'feuilles'> & { contenu: Uint8Array };

export function resultatFichier(contenu: Uint8Array, { feuilles: _feuilles, ...resume }: ResultatConsolidation): ResultatConsolidationFichier {
  return { contenu, ...resume };
}

/**
 * Consolide des classeurs d'établissements dans le classeur régional (nouveau ou existant).
 * Un fichier mauvais n'arrête jamais le lot : il va dans « Anomalies », avec la raison.
 */
/** Lit les classeurs des établissements ; un fichier mauvais va dans les anomalies, jamais ne bloque le lot. */
export async function analyserFichiers(
  fichiers: FichierAConsolider[],
  maintenant: Date,
  progression?: (faits: number, total: number, fichier: string, ecarte: boolean) => void,
): Promise<{ etablissements: EtablissementConsolide[]; anomalies: AnomalieFichier[] }> {
  const aujourdhui = dateCivileDe(maintenant);
  const etablissements: EtablissementConsolide[] = [];
  const anomalies: AnomalieFichier[] = [];
  for (const f of fichiers) {
    const r = await analyserFichier(f.nom, f.taille, f.lire, aujourdhui, f.modifieLe);
    if ('etablissement' in r) etablissements.push(r.etablissement);
    else anomalies.push(r.anomalie);
    if (progression) {
      progression(etablissements.length + anomalies.length, fichiers.length, f.nom, 'anomalie' in r);
      // Rendre la main entre deux classeurs pour afficher l'avancement ; setImmediate n'attend pas la milliseconde
      // minimale d'un setTimeout (une seconde et demie sur mille classeurs).
      await new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
    }
  }
  return { etablissements, anomalies };
}


/** Un classeur régional neuf, écrit directement en XML, sans modèle en mémoire. */
export async function ecrireRegionNeuve(etablissements: EtablissementConsolide[], anomalies: AnomalieFichier[]): Promise<ResultatConsolidationFichier> {
  let contenu: Uint8Array | undefined;
  const r = await consolider(
    {
      lire: () => Promise.resolve({ feuilles: [], nomsTableaux: [], tableaux: {}, cellules: {} }),
      ecrire: (feuilles, _lu, active) => {
        contenu = ecrireClasseurNeuf(feuilles, active);
        return Promise.resolve();
      },
    },
    etablissements,
    anomalies,
  );
  return resultatFichier(contenu as Uint8Array, r);
}
