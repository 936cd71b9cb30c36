import { COLONNES, TABLE_AUTO_EVALUATION } from '../core/layout/autoEvaluation';
import { lireTableau } from '../adapters/exceljs/adaptateur';
import { chargerClasseur, ecrireClasseur } from '../adapters/exceljs/fichier';

const PREUVES_EXEMPLE = [
  'Carte des formations 2026 ; compte rendu du conseil pédagogique du 12/10',
  'Diagnostic territorial ORION, note de la DDFPT',
  'Convention FCIL avec la CCI',
  "Relevé de conclusions du comité local école-entreprise",
  'Projet d’établissement, axe 2',
];

/** Remplit une partie de la grille comme le ferait un établissement, pour la démonstration. */
export async function remplirExemple(contenu: Uint8Array): Promise<Uint8Array> {
  const { classeur: wb } = await chargerClasseur(contenu, 'exemple');
  const t = lireTableau(wb, TABLE_AUTO_EVALUATION)!;
  const ws = wb.getWorksheet(t.feuille)!;
  const col = (entete: string) => t.colonneDebut + t.entetes.indexOf(entete);
  t.lignes.forEach(({ ligne, valeurs }) => {
    const numero = Number(valeurs[t.entetes.indexOf(COLONNES.numero)]);
    if (numero % 3 !== 0 && numero < 40) ws.getCell(ligne, col(COLONNES.preuves)).value = PREUVES_EXEMPLE[numero % PREUVES_EXEMPLE.length];
    if (numero === 24) {
      ws.getCell(ligne, col(COLONNES.sansObjet)).value = 'Oui';
      ws.getCell(ligne, col(COLONNES.justification)).value = 'Aucun campus des métiers et des qualifications pour nos filières.';
    }
    if (numero === 30) ws.getCell(ligne, col(COLONNES.sansObjet)).value = 'Oui';
  });
  return ecrireClasseur(wb);
}
