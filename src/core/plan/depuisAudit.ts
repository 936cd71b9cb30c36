import { estVide, texteDe } from '../modele/classeur';
import { formater, lireDate, versSerieExcel } from '../modele/dates';
import { Valeur } from '../layout/types';
import { SaisiesReprises } from '../layout/saisies';
import { Dossier, grilleDu } from '../lecture/dossier';
import { modeleRapport } from '../audit/modeleRapport';
import { saisiesDeFiche } from '../audit/fiches';
import { COLONNES_PLAN } from './feuilles';

/** Une action du plan LDM 002 tirée de l'audit : une non-conformité (LDM 010) ou un axe de progrès (LDM 011). */
export interface ActionDepuisAudit {
  /** Référence qui relie la ligne du plan à sa source ; une seconde reprise ne la duplique pas. */
  origine: string;
  critere: number;
  descripteur?: number;
  action: string;
  valeurs: Record<string, Valeur>;
}

/**
 * Les actions que l'audit appelle : une par non-conformité (reprenant, s'il est saisi, l'engagement de la fiche
 * d'écart : action corrective, responsable, date prévue) et une par axe de progrès du rapport.
 */
export function actionsDepuisAudit(d: Dossier): ActionDepuisAudit[] {
  if (!grilleDu(d)) return [];
  const m = modeleRapport(d);
  const P = COLONNES_PLAN;
  const audit = `${m.typeAudit}${m.dateAudit ? ` du ${formater(m.dateAudit)}` : ''}`;
  const actions: ActionDepuisAudit[] = m.nonConformites.map((nc) => {
    const fiche = saisiesDeFiche(d.lu, nc.numero).valeurs;
    const engagement = texteDe(fiche.engagements).trim();
    const action = engagement || `Lever la non-conformité : ${nc.constat}`;
    const prevue = lireDate(fiche.datePrevue);
    const valeurs: Record<string, Valeur> = {
      [P.critere]: nc.critere,
      [P.descripteur]: nc.numero,
      [P.objectifs]: `Lever l'écart relevé : ${nc.constat}`,
      [P.actions]: action,
    };
    if (!estVide(fiche.responsable)) valeurs[P.equipe] = texteDe(fiche.responsable).trim();
    if (prevue) valeurs[P.fin] = versSerieExcel(prevue);
    return { origine: `${audit} — non-conformité, descripteur ${nc.numero}`, critere: nc.critere, descripteur: nc.numero, action, valeurs };
  });
  for (const c of m.complementaires) {
    if (!c.axes) continue;
    actions.push({
      origine: `${audit} — axe de progrès, critère ${c.critere}`,
      critere: c.critere,
      action: c.axes,
      valeurs: { [P.critere]: c.critere, [P.actions]: c.axes },
    });
  }
  return actions;
}

/**
 * Ajoute au plan les actions de l'audit qu'il n'a pas déjà (même origine) ; rend les saisies complétées et les
 * actions ajoutées. Les lignes existantes ne sont jamais modifiées.
 */
export function ajouterActionsDeLAudit(s: SaisiesReprises, actions: ActionDepuisAudit[]): { saisies: SaisiesReprises; ajoutees: ActionDepuisAudit[] } {
  const P = COLONNES_PLAN;
  const deja = new Set([...s.saisies.values()].map((v) => texteDe(v[P.origine] ?? null).trim()).filter(Boolean));
  const ajoutees = actions.filter((a) => !deja.has(a.origine));
  if (!ajoutees.length) return { saisies: s, ajoutees };
  const saisies = new Map(s.saisies);
  let cle = Math.max(0, ...saisies.keys());
  for (const a of ajoutees) saisies.set(++cle, { ...a.valeurs, [P.origine]: a.origine });
  return { saisies: { ...s, saisies }, ajoutees };
}
