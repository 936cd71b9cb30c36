import { TableauLu, Valeur, estVide, texteDe } from '../modele/classeur';
import { DateCivile, FORMAT_DATE, formater, lireDate, versSerieExcel } from '../modele/dates';
import { Contenu, FeuilleLayout, lettreColonne, texteEntete } from '../layout/types';
import { SaisiesReprises } from '../layout/saisies';
import { COLONNES_PLAN } from './feuilles';
import { statutAction } from './evaluation';

export const nomArchivePlan = (annee: string) => `LDM 002 Plan ${annee}`;

/**
 * Le plan d'une année scolaire close, en lecture seule : toutes ses lignes et tout ce que l'établissement y a saisi
 * (colonnes ajoutées comprises), le statut de chaque action figé au jour de l'archivage. Les auditeurs y lisent
 * l'historique ; l'archive n'est plus jamais réécrite.
 */
export function feuilleArchivePlan(plan: TableauLu, annee: string, archiveLe: DateCivile, etablissement = ''): FeuilleLayout {
  const P = COLONNES_PLAN;
  const dates = new Set<string>([P.debut, P.fin, P.finalisee]);
  const i = (c: string) => plan.entetes.indexOf(c);
  const lignes: Contenu[][] = plan.lignes
    .filter((l) => l.valeurs.some((v, k) => !estVide(v) && plan.entetes[k] !== P.numero && plan.entetes[k] !== P.critere && plan.entetes[k] !== P.statut))
    .map((l) =>
      plan.entetes.map((entete, k): Contenu => {
        const v: Valeur = l.valeurs[k] ?? null;
        if (entete === P.statut) {
          if (estVide(l.valeurs[i(P.actions)] ?? null)) return null;
          return statutAction(lireDate(l.valeurs[i(P.debut)]), lireDate(l.valeurs[i(P.fin)]), lireDate(l.valeurs[i(P.finalisee)]), archiveLe);
        }
        // Une formule saisie est gardée comme son texte : l'archive ne recalcule rien.
        if (typeof v === 'string' && v.startsWith('=')) return v;
        if (dates.has(entete)) {
          const d = lireDate(v);
          return d ? versSerieExcel(d) : v;
        }
        return v;
      }),
    );
  const texte = { retourLigne: true, vertical: 'top' as const };
  const largeur = (c: string) => (c === P.actions || c === P.detail || c === P.origine ? 30 : c === P.objectifs || c === P.indicateurs ? 25 : dates.has(c) ? 13 : c === P.numero || c === P.critere ? 7 : 16);
  const derniere = 4 + Math.max(1, lignes.length);
  return {
    nom: nomArchivePlan(annee),
    remplacer: true,
    protegee: true,
    texteLitteral: true,
    largeursColonnes: plan.entetes.map(largeur),
    couleurOnglet: '7F7F7F',
    cellules: [
      { adresse: 'A1', contenu: `Plan d'actions annuel Lycée des métiers — année ${annee} (archive)`, fusion: 'A1:J1', style: { gras: true, taille: 16, couleurTexte: '595959' } },
      {
        adresse: 'A2',
        contenu: `Archivé le ${formater(archiveLe)} au passage à l'année suivante, en lecture seule : chaque action et chaque saisie de l'année, statut figé à cette date. Les actions non finalisées continuent dans « LDM 002 Plan d'actions ».`,
        fusion: 'A2:J2',
        style: { italique: true, couleurTexte: '595959', retourLigne: true },
      },
      ...(lignes.length ? [] : [{ adresse: 'A5', contenu: 'Aucune action saisie cette année-là.' }]),
    ],
    tableaux: lignes.length
      ? [
          {
            nom: `tblPlan_${annee.replace(/\D/g, '_')}`,
            ligneEntete: 4,
            colonneDebut: 1,
            colonneCle: plan.entetes[0],
            style: 'TableStyleLight1',
            colonnes: plan.entetes.map((entete) => ({ entete, largeur: largeur(entete), role: 'reference' as const, style: dates.has(entete) ? { format: FORMAT_DATE, vertical: 'top' as const } : texte })),
            lignes,
          },
        ]
      : [],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
    miseEnPage: {
      orientation: 'landscape',
      zoneImpression: `A1:${lettreColonne(plan.entetes.length)}${derniere}`,
      lignesRepetees: '4:4',
      pagesEnLargeur: 2,
      colonnesRepetees: 'A:C',
      entete: `${etablissement ? `${texteEntete(etablissement)} — ` : ''}Plan d'actions ${annee} (archive) — LDM 002`,
      piedDePage: 'Page &P / &N',
    },
  };
}

/** Le plan de la nouvelle année : les actions finalisées restent dans l'archive, les autres continuent. */
export function reconduireActions(s: SaisiesReprises): SaisiesReprises {
  const P = COLONNES_PLAN;
  const saisies = new Map([...s.saisies].filter(([, v]) => estVide(v[P.finalisee] ?? null) || estVide(v[P.actions] ?? null)));
  return { ...s, saisies };
}

export function anneeArchivable(avant: string | undefined, maintenant: string): boolean {
  return Boolean(avant && /^\d{4}-\d{4}$/.test(avant.trim()) && avant.trim() !== maintenant && texteDe(avant).trim() < maintenant);
}
