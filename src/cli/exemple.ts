import { COLONNES, TABLE_AUTO_EVALUATION } from '../core/layout/autoEvaluation';
import { CHAMPS_AUDIT, TABLE_GRILLE_AUDIT } from '../core/audit/grille';
import { TABLE_INDICATEURS, TABLE_PLAN, COLONNES_INDICATEURS, COLONNES_PLAN, cible, mesure } from '../core/plan/feuilles';
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
  remplirPlan(wb);
  remplirAudit(wb);
  return ecrireClasseur(wb);
}

type Classeur = Awaited<ReturnType<typeof chargerClasseur>>['classeur'];

/** Des indicateurs comme ceux d'un vrai contrat d'objectifs (seed 000), sur les lignes des critères 1, 2, 5, 8. */
const INDICATEURS_EXEMPLE: Array<{ ligne: number; libelle: string; sens: string; base: string | number; cibles: Array<string | number>; mesure?: string | number }> = [
  { ligne: 0, libelle: 'Comité de pilotage : une réunion par période', sens: '', base: 'Création', cibles: Array(5).fill('Une réunion par période'), mesure: 'Oui' },
  { ligne: 1, libelle: 'Conseils de classe participatifs', sens: 'Plus haut = mieux', base: '3 classes', cibles: ['5 classes', '9 classes', '11 classes', 'Généralisation', 'Généralisation'], mesure: 4 },
  { ligne: 4, libelle: 'Taux de mentions des élèves ayant eu une mobilité', sens: 'Plus haut = mieux', base: 'NC', cibles: ['+ 50 %', '+ 50 %', 'hausse', 'hausse', 'hausse'] },
  { ligne: 7, libelle: 'Flux d’énergie (base 100)', sens: 'Plus bas = mieux', base: 100, cibles: ['baisse', 'baisse', 'baisse ou stabilisation', 'baisse ou stabilisation', 'stabilisation'], mesure: 97 },
];

/** Les indicateurs d'exemple, dont le taux de démissions (7,6 % → 6 % → 5 %), et deux actions. */
function remplirPlan(wb: Classeur): void {
  const t = lireTableau(wb, TABLE_INDICATEURS);
  const p = lireTableau(wb, TABLE_PLAN);
  if (!t || !p) return;
  const ws = wb.getWorksheet(t.feuille)!;
  const l = t.lignes[6].ligne;
  const col = (e: string) => t.colonneDebut + t.entetes.indexOf(e);
  const annees = t.entetes.filter((e) => e.startsWith('Cible ')).map((e) => e.slice(6));
  const I = COLONNES_INDICATEURS;
  ws.getCell(l, col(I.indicateur)).value = 'Taux de démissions sans solution (%)';
  ws.getCell(l, col(I.sens)).value = 'Plus bas = mieux';
  ws.getCell(l, col(I.anneeBase)).value = '2024-2025';
  ws.getCell(l, col(I.base)).value = 7.6;
  [6, 5, 5, 5, 5].forEach((c, i) => annees[i] && (ws.getCell(l, col(cible(annees[i]))).value = c));
  if (annees[0]) ws.getCell(l, col(mesure(annees[0]))).value = 6.4;
  for (const ind of INDICATEURS_EXEMPLE) {
    const li = t.lignes[ind.ligne]?.ligne;
    if (li === undefined) continue;
    ws.getCell(li, col(I.indicateur)).value = ind.libelle;
    if (ind.sens) ws.getCell(li, col(I.sens)).value = ind.sens;
    ws.getCell(li, col(I.anneeBase)).value = '2024-2025';
    ws.getCell(li, col(I.base)).value = ind.base;
    ind.cibles.forEach((c, i) => annees[i] && (ws.getCell(li, col(cible(annees[i]))).value = c));
    if (annees[0] && ind.mesure !== undefined) ws.getCell(li, col(mesure(annees[0]))).value = ind.mesure;
  }
  const wp = wb.getWorksheet(p.feuille)!;
  const cp = (e: string) => p.colonneDebut + p.entetes.indexOf(e);
  const P = COLONNES_PLAN;
  wp.getCell(p.lignes[0].ligne, cp(P.actions)).value = 'Cartographie des parcours de formation';
  wp.getCell(p.lignes[0].ligne, cp(P.debut)).value = new Date(Date.UTC(2026, 8, 1));
  wp.getCell(p.lignes[0].ligne, cp(P.fin)).value = new Date(Date.UTC(2026, 9, 30));
  wp.getCell(p.lignes[6].ligne, cp(P.actions)).value = 'Tutorat des élèves décrocheurs';
  wp.getCell(p.lignes[6].ligne, cp(P.debut)).value = new Date(Date.UTC(2026, 8, 1));
  wp.getCell(p.lignes[6].ligne, cp(P.fin)).value = new Date(Date.UTC(2027, 5, 30));
}

/** Une grille d'audit cochée : conforme partout, un point fort et une non-conformité justifiés. */
function remplirAudit(wb: Classeur): void {
  const t = lireTableau(wb, TABLE_GRILLE_AUDIT);
  if (!t) return;
  const ws = wb.getWorksheet(t.feuille)!;
  ws.getCell(CHAMPS_AUDIT.date.adresse).value = new Date(Date.UTC(2027, 2, 25));
  ws.getCell(CHAMPS_AUDIT.referent.adresse).value = 'Mme Référente';
  ws.getCell(CHAMPS_AUDIT.coAuditeur1.adresse).value = 'M. Co-auditeur';
  ws.getCell(CHAMPS_AUDIT.coAuditeur2.adresse).value = 'Mme Co-auditrice';
  const col = (e: string) => t.colonneDebut + t.entetes.indexOf(e);
  for (const { ligne, valeurs } of t.lignes) {
    const n = Number(valeurs[t.entetes.indexOf('N°')]);
    if ([25, 31, 34, 45].includes(n)) continue;
    ws.getCell(ligne, col(n === 40 ? 'NC' : 'C')).value = 'x';
    if (n === 2) {
      ws.getCell(ligne, col('PF')).value = 'x';
      ws.getCell(ligne, col('Constats')).value = 'Diagnostic territorial partagé avec le CMQ.';
    }
    if (n === 40) ws.getCell(ligne, col('Constats')).value = 'Pas de plan de communication formalisé.';
  }
}
