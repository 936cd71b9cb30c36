import { ClasseurLu, DemandeLecture } from '../modele/classeur';
import { FeuilleLayout } from '../layout/types';

/**
 * Tout ce qu'un cas d'usage demande à un classeur, dans Excel (Office.js) comme hors d'Excel (ExcelJS) :
 * les deux adaptateurs n'implémentent que ceci.
 */
export interface PortClasseur {
  /**
   * Lit les tableaux et cellules demandés, puis ce que `suite` en déduit (fiches d'écart existantes, tableaux
   * sources des liaisons) : deux lectures au plus, jamais une par cellule.
   */
  lire(demande: DemandeLecture, suite?: (lu: ClasseurLu) => DemandeLecture): Promise<ClasseurLu>;
  /**
   * Écrit les feuilles produites par le cœur en gardant tout le reste du classeur ; `lu` est la lecture qui a servi
   * à les produire (saisies à reprendre à leur place) ; `active` est la feuille montrée ensuite.
   */
  ecrire(feuilles: FeuilleLayout[], lu: ClasseurLu, active: string): Promise<void>;
}
