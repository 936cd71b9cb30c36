import { COLONNES, TABLE_AUTO_EVALUATION } from '../core/layout/autoEvaluation';
import { CHAMPS_AUDIT, TABLE_GRILLE_AUDIT } from '../core/audit/grille';
import { TABLE_INDICATEURS, TABLE_PLAN, COLONNES_INDICATEURS, COLONNES_PLAN, cible, mesure } from '../core/plan/feuilles';
import { lireTableau } from '../adapters/exceljs/adaptateur';
import { chargerClasseur, ecrireClasseur } from '../adapters/exceljs/fichier';
import { CHAMPS_CANDIDATURE, FEUILLE_CANDIDATURE, TABLE_PIECES } from '../core/dossier/candidature';
import { SAISIES_SUIVI_CRITERE, nomSuiviCritere, tableEquipeCritere } from '../core/dossier/suiviCritere';
import { FEUILLE_PLAN_AUDIT, SAISIES_PLAN_AUDIT, TABLE_PLAN_AUDIT } from '../core/audit/planAudit';
import { TABLE_EMARGEMENT } from '../core/audit/emargement';
import { CHAMPS_QUESTIONNAIRE, TABLE_QUESTIONNAIRE } from '../core/audit/questionnaire';

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
  remplirFormulaires(wb);
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

/** Les autres formulaires, remplis comme un établissement et une équipe d'audit le feraient : LDM 001, 004, 008, 009, 012. */
function remplirFormulaires(wb: Classeur): void {
  const candidature = wb.getWorksheet(FEUILLE_CANDIDATURE);
  if (candidature) {
    const C = CHAMPS_CANDIDATURE;
    const champs: Array<[string, string | Date]> = [
      [C.adresse.adresse, '12 avenue de l’Industrie, 45000 Orléans'],
      [C.telephone.adresse, '02 38 00 00 00'],
      [C.mel.adresse, 'ce.0450051l@ac-orleans-tours.fr'],
      [C.site.adresse, 'https://lycee-jean-exemple.fr'],
      [C.chef.adresse, 'Mme la proviseure'],
      [C.inspecteur.adresse, 'M. l’IEN économie-gestion'],
      [C.particularites.adresse, 'Deux sites distants de 3 km ; internat de 120 places ; unité de formation par apprentissage.'],
      [C.dateCA.adresse, new Date(Date.UTC(2026, 10, 20))],
    ];
    for (const [a, v] of champs) candidature.getCell(a).value = v;
    const pieces = lireTableau(wb, TABLE_PIECES);
    // Tout est joint sauf les plaquettes (n°7) : le dossier est encore incomplet, ldm check le dit.
    pieces?.lignes.filter((l) => [1, 2, 5, 6].includes(Number(l.valeurs[0]))).forEach((l) => (candidature.getCell(l.ligne, pieces.colonneDebut + 2).value = 'Oui'));
  }
  const critere1 = wb.getWorksheet(nomSuiviCritere(1));
  const equipe = lireTableau(wb, tableEquipeCritere(1));
  if (critere1 && equipe) {
    critere1.getCell(SAISIES_SUIVI_CRITERE.etatDesLieux).value = 'Carte des formations peu lisible pour les familles ; passerelles CAP → bac pro peu utilisées.';
    critere1.getCell(SAISIES_SUIVI_CRITERE.objectif).value = 'Rendre lisibles les parcours et doubler les passerelles d’ici 2029.';
    const l = equipe.lignes[0].ligne;
    ['Martin', 'Claire', 'DDFPT'].forEach((v, i) => (critere1.getCell(l, equipe.colonneDebut + 2 + i).value = v));
  }
  const plan = wb.getWorksheet(FEUILLE_PLAN_AUDIT);
  const activites = lireTableau(wb, TABLE_PLAN_AUDIT);
  if (plan && activites) {
    plan.getCell(SAISIES_PLAN_AUDIT.etabliLe).value = new Date(Date.UTC(2027, 1, 22));
    ['8 h 30 - 9 h 00', '9 h 00 - 9 h 30'].forEach((h, i) => (plan.getCell(activites.lignes[i].ligne, activites.colonneDebut + 1).value = h));
  }
  const emargement = lireTableau(wb, TABLE_EMARGEMENT);
  if (emargement) {
    const ws = wb.getWorksheet(emargement.feuille)!;
    const l = emargement.lignes[4].ligne;
    ['Durand', 'Paul', 'Proviseur adjoint'].forEach((v, i) => (ws.getCell(l, emargement.colonneDebut + 1 + i).value = v));
  }
  const questionnaire = lireTableau(wb, TABLE_QUESTIONNAIRE);
  if (questionnaire) {
    const ws = wb.getWorksheet(questionnaire.feuille)!;
    ws.getCell(CHAMPS_QUESTIONNAIRE.rempliPar.adresse).value = 'Mme la proviseure';
    const reponses: Array<[string, string]> = [
      ['Totalement', 'Échanges ouverts avec les équipes, y compris en atelier.'],
      ['Partiellement', 'Le tableau de bord des effectifs n’a pas été consulté.'],
      ['Oui', 'Critère 6 : ce que recouvre « ouverture européenne » pour un CAP.'],
      ['Totalement', ''],
      ['Partiellement', 'Restitution un peu courte pour l’équipe de direction.'],
    ];
    questionnaire.lignes.forEach((l, i) => reponses[i]?.forEach((v, j) => v && (ws.getCell(l.ligne, questionnaire.colonneDebut + 2 + j).value = v)));
  }
}
