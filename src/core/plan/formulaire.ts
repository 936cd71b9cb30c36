import { CelluleFixe, Contenu, FeuilleLayout, Style, TableauLayout, lettreColonne, texteEntete } from '../layout/types';
import { Referentiel } from '../referentiel';
import { FORMAT_DATE, lireDate, versSerieExcel } from '../modele/dates';
import { Valeur, estVide } from '../modele/classeur';
import { COLONNES_PLAN, FEUILLE_PLAN, INTRODUCTION_LDM002 } from './feuilles';

/**
 * LDM 002 tel que le formulaire régional le présente (seed 004, l. 891-904) : un bandeau « CRITÈRE n : … » sur toute
 * la largeur avant les actions de chaque critère, les renvois (1) à (4) et « (à minima 1 par critère) » dans les
 * en-têtes. Un bandeau ne peut pas vivre dans un tableau nommé : le plan reste le tableau `tblPlanActions` (feuille
 * de saisie, formules, liaisons), et ce formulaire à imprimer en est produit à chaque génération du plan.
 */
export const FEUILLE_FORMULAIRE_PLAN = 'LDM 002 Formulaire';

/** Les en-têtes du formulaire, dans son ordre, et la colonne du plan qui remplit chacun. */
const COLONNES_FORMULAIRE: Array<{ entete: string; colonne: string; largeur: number; date?: boolean }> = [
  { entete: "Contrat d'objectifs", colonne: COLONNES_PLAN.contrat, largeur: 12 },
  { entete: "Projet d'établissement", colonne: COLONNES_PLAN.projet, largeur: 15 },
  { entete: 'Campus métiers', colonne: COLONNES_PLAN.campus, largeur: 10 },
  { entete: 'Détail du critère LDM', colonne: COLONNES_PLAN.detail, largeur: 23 },
  { entete: 'Objectifs (1)', colonne: COLONNES_PLAN.objectifs, largeur: 17 },
  { entete: 'Indicateurs (2) (à minima 1 par critère)', colonne: COLONNES_PLAN.indicateurs, largeur: 17 },
  { entete: 'Actions', colonne: COLONNES_PLAN.actions, largeur: 23 },
  { entete: 'Équipe de pilotage', colonne: COLONNES_PLAN.equipe, largeur: 12 },
  { entete: "Date de début d'action", colonne: COLONNES_PLAN.debut, largeur: 10, date: true },
  { entete: "Date de fin prévue de l'action", colonne: COLONNES_PLAN.fin, largeur: 10, date: true },
  { entete: 'Action finalisée le', colonne: COLONNES_PLAN.finalisee, largeur: 10, date: true },
  { entete: 'Évaluation (3)', colonne: COLONNES_PLAN.evaluation, largeur: 14 },
  { entete: 'Commentaires établissement (4)', colonne: COLONNES_PLAN.commentaires, largeur: 16 },
];

/** Les bandeaux du formulaire national, mot pour mot (seed 004, l. 900-904) ; les autres critères prennent leur libellé. */
const BANDEAUX_NATIONAUX: Record<number, string> = {
  1: "offre de formations professionnelles, construites autour d'un ensemble de métiers et de parcours de formations",
  2: 'accueil de publics de statuts différents',
  3: 'Des réponses pédagogiques et des parcours de formation adaptés',
  4: "partenariats actifs avec le tissu économique local et les organismes de proximité agissant dans les domaines de la formation professionnelle, de l'orientation et de l'insertion",
  5: "mise en place d'actions culturelles",
};

function bandeauCritere(ref: Referentiel, numero: number): string {
  const c = ref.criteres.find((x) => x.numero === numero);
  const libelle = !c?.academique && BANDEAUX_NATIONAUX[numero] ? BANDEAUX_NATIONAUX[numero] : (c?.libelleLdm011 ?? '');
  return `CRITÈRE ${numero} : ${libelle}`;
}

const LIGNE_ENTETE = 5;

/** Le formulaire LDM 002 à imprimer, produit des lignes du plan d'actions (dans leur ordre, groupées par critère). */
export function feuilleFormulairePlan(ref: Referentiel, plan: TableauLayout, anneeScolaire: string, etablissement: string): FeuilleLayout {
  const n = COLONNES_FORMULAIRE.length;
  const derniere = lettreColonne(n);
  const index = (colonne: string) => plan.colonnes.findIndex((c) => c.entete === colonne);
  const iCritere = index(COLONNES_PLAN.critere);
  const contenu = (ligne: Contenu[], colonne: string, date?: boolean): Valeur => {
    const v = ligne[index(colonne)] ?? null;
    if (v === null || typeof v === 'object') return null;
    if (date) {
      // Une vraie date (numéro de série au format JJ/MM/AAAA), comme dans le plan.
      const d = lireDate(v);
      return d ? versSerieExcel(d) : v;
    }
    return v;
  };
  // Une ligne du plan compte si quelque chose y est écrit (le critère seul, préparé par la génération, ne suffit pas).
  const remplie = (l: Contenu[]) => COLONNES_FORMULAIRE.some((c) => !estVide(contenu(l, c.colonne)));
  const parCritere = new Map<number | undefined, Contenu[][]>();
  for (const l of plan.lignes.filter(remplie)) {
    const numero = Number(l[iCritere]);
    const cle = ref.criteres.some((c) => c.numero === numero) ? numero : undefined;
    parCritere.set(cle, [...(parCritere.get(cle) ?? []), l]);
  }
  const bordure: Style = { bordure: true, retourLigne: true, vertical: 'top' };
  const cellules: CelluleFixe[] = [
    { adresse: 'A1', contenu: `Plan d'actions annuel Lycée des métiers - année ${anneeScolaire}`, fusion: `A1:${lettreColonne(n - 2)}1`, style: { gras: true, taille: 14, couleurTexte: '1F4E79' } },
    { adresse: `${lettreColonne(n - 1)}1`, contenu: 'LDM 002', fusion: `${lettreColonne(n - 1)}1:${derniere}1`, style: { gras: true, taille: 14, horizontal: 'right', couleurTexte: '1F4E79' } },
    { adresse: 'A2', contenu: INTRODUCTION_LDM002, fusion: `A2:${derniere}2`, style: { italique: true, retourLigne: true, vertical: 'top' } },
    { adresse: 'A3', contenu: `Établissement : ${etablissement}`, fusion: `A3:${derniere}3`, style: { gras: true } },
    {
      adresse: 'A4',
      contenu: `Produit de la feuille « ${FEUILLE_PLAN} » : saisissez le plan là-bas ; ce formulaire est refait à chaque génération du plan (ce qui est écrit ici serait remplacé).`,
      fusion: `A4:${derniere}4`,
      style: { italique: true, taille: 9, couleurTexte: '595959' },
    },
    ...COLONNES_FORMULAIRE.map((c, j): CelluleFixe => ({ adresse: `${lettreColonne(j + 1)}${LIGNE_ENTETE}`, contenu: c.entete, style: { gras: true, retourLigne: true, vertical: 'middle', horizontal: 'center', fond: 'D9E1F2', bordure: true } })),
  ];
  let ligne = LIGNE_ENTETE;
  const groupes: Array<{ bandeau: string; lignes: Contenu[][] }> = [
    ...ref.criteres.map((c) => ({ bandeau: bandeauCritere(ref, c.numero), lignes: parCritere.get(c.numero) ?? [] })),
    ...(parCritere.has(undefined) ? [{ bandeau: 'Actions sans critère choisi', lignes: parCritere.get(undefined) ?? [] }] : []),
  ];
  for (const g of groupes) {
    ligne++;
    cellules.push({ adresse: `A${ligne}`, contenu: g.bandeau, fusion: `A${ligne}:${derniere}${ligne}`, style: { gras: true, fond: 'FCE4D6', bordure: true, retourLigne: true } });
    // Un critère sans action garde une ligne vide, à remplir à la main sur le formulaire imprimé.
    for (const l of g.lignes.length ? g.lignes : [[] as Contenu[]]) {
      ligne++;
      COLONNES_FORMULAIRE.forEach((c, j) =>
        cellules.push({ adresse: `${lettreColonne(j + 1)}${ligne}`, contenu: contenu(l, c.colonne, c.date), style: c.date ? { ...bordure, format: FORMAT_DATE, horizontal: 'left' } : bordure }),
      );
    }
  }
  return {
    nom: FEUILLE_FORMULAIRE_PLAN,
    largeursColonnes: COLONNES_FORMULAIRE.map((c) => c.largeur),
    couleurOnglet: '548235',
    cellules,
    tableaux: [],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
    remplacer: true,
    texteLitteral: true,
    hauteursMin: { 2: 42 },
    miseEnPage: {
      orientation: 'landscape',
      zoneImpression: `A1:${derniere}${ligne}`,
      lignesRepetees: `${LIGNE_ENTETE}:${LIGNE_ENTETE}`,
      entete: `${etablissement ? `${texteEntete(etablissement)} — ` : ''}Plan d'actions annuel (formulaire) — LDM 002`,
      piedDePage: 'Page &P / &N',
    },
  };
}
