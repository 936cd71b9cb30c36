import ExcelJS from 'exceljs';
import { ClasseurLu, DemandeLecture, lireEnDeuxPasses } from '../../core/modele/classeur';
import { FeuilleLayout } from '../../core/layout/types';
import { PortClasseur } from '../../core/usages/port';
import { ecrireFeuilles, lireClasseur, valeursTypeesDesLiens } from './adaptateur';
import { ecrireClasseur } from './fichier';
import { erreurDeLecture } from './archive';
import { PaquetModifiable } from '../paquet/paquetModifiable';
import { greffer, verifierFeuillesAReecrire } from './greffe';

export interface FichierExistant {
  contenu: Uint8Array;
  nom: string;
}

/** Le port ExcelJS : lit le classeur chargé en mémoire, et produit le fichier écrit (`contenu`) après `ecrire`. */
export interface PortExcelJS extends PortClasseur {
  /** Le fichier produit par la dernière écriture. */
  contenu?: Uint8Array;
}

/**
 * Lecture d'un classeur chargé par ExcelJS ; une erreur de lecture devient un message qui nomme le fichier.
 * Écriture : une feuille à réécrire qui porte un contenu que l'écriture perdrait est refusée avant toute écriture
 * (sauf copie acceptée avec pertes) ; seules les feuilles écrites sont greffées dans le fichier d'origine.
 */
export function portExcelJS(wb: ExcelJS.Workbook, existant: FichierExistant | undefined, accepterPertes = false): PortExcelJS {
  const nom = existant?.nom ?? 'classeur';
  const port: PortExcelJS = {
    lire(demande: DemandeLecture, suite?: (lu: ClasseurLu) => DemandeLecture): Promise<ClasseurLu> {
      try {
        return Promise.resolve(lireEnDeuxPasses((d) => lireClasseur(wb, d), demande, suite));
      } catch (e) {
        return Promise.reject(erreurDeLecture(nom, e));
      }
    },
    async ecrire(feuilles: FeuilleLayout[], lu: ClasseurLu, active: string): Promise<void> {
      if (existant && !accepterPertes) verifierFeuillesAReecrire(new PaquetModifiable(existant.contenu, existant.nom), feuilles.map((f) => f.nom), existant.nom);
      ecrireFeuilles(wb, feuilles, lu, active);
      wb.calcProperties = { ...(wb.calcProperties ?? {}), fullCalcOnLoad: true };
      port.contenu = await ecrireParGreffe(existant, wb, feuilles, active);
    },
  };
  return port;
}

/** Écrit les feuilles de l'opération dans le fichier d'origine ; tout le reste du fichier est recopié tel quel. */
async function ecrireParGreffe(existant: FichierExistant | undefined, wb: ExcelJS.Workbook, feuilles: FeuilleLayout[], active: string): Promise<Uint8Array> {
  if (!existant) return ecrireClasseur(wb);
  // Les autres feuilles viendront du fichier d'origine : inutile qu'ExcelJS les sérialise.
  const ecrites = new Set(feuilles.map((f) => f.nom));
  for (const ws of [...wb.worksheets]) if (!ecrites.has(ws.name)) wb.removeWorksheet(ws.id);
  const produit = await ecrireClasseur(wb, { pourGreffe: true });
  return greffer(existant.contenu, produit, {
    feuilles: feuilles.map((f) => f.nom),
    nomsDefinis: feuilles.flatMap((f) => f.nomsDefinis.map((n) => n.nom)),
    active,
    nomFichier: existant.nom,
    valeursTypees: valeursTypeesDesLiens(wb),
  });
}
