import { ClasseurLu, cleCellule, estVide } from '../modele/classeur';
import { DateCivile, FORMAT_DATE, ajouterJours, comparer, formater, lireDate, versSerieExcel } from '../modele/dates';
import { SaisiesReprises, reprendreSaisies } from '../layout/saisies';
import { CelluleFixe, Contenu, FeuilleLayout, TableauLayout, TableauLu, Valeur, texteEntete, validationDate } from '../layout/types';
import { Referentiel } from '../referentiel';
import { CHAMPS_AUDIT, enteteLue } from './grille';
import { CHAMPS_IDENTITE } from '../layout/piloteLdm';
import { ProfilRegional } from './profilRegional';
import { repartitionLue, equipeDeLaGrille } from './equipe';

/**
 * LDM 008 Plan d'audit (cahier des charges l.1071–1108) : la journée d'audit, préremplie depuis l'en-tête de la grille
 * (établissement, équipe, date) et la répartition des critères entre les auditeurs ; à retourner à l'auditeur
 * référent avant l'audit (J - 10 en Centre-Val de Loire), échéance surveillée par la vérification.
 */
export const FEUILLE_PLAN_AUDIT = "LDM 008 Plan d'audit";
export const TABLE_PLAN_AUDIT = 'tblPlanAudit';

const C = {
  numero: 'N°',
  heures: 'Heures',
  objet: 'Objet / Activités auditées',
  lieu: 'Lieu',
  auditeurs: 'Auditeur(s)',
  audites: 'Audité(s)',
} as const;

/** Les cellules de l'en-tête que le référent remplit : date d'établissement du plan, revue, visa. */
export const SAISIES_PLAN_AUDIT = { etabliLe: 'F4', revuLe: 'F5', visa: 'F6' } as const;

export function demandeLecturePlanAudit(): Array<{ feuille: string; adresse: string }> {
  return Object.values(SAISIES_PLAN_AUDIT).map((adresse) => ({ feuille: FEUILLE_PLAN_AUDIT, adresse }));
}

interface Activite {
  numero: number;
  objet: string;
  auditeurs?: string;
  audites?: string;
}

function activites(ref: Referentiel, repartition: Map<number, string> | undefined): Activite[] {
  const criteres = ref.criteres.map((c, i) => ({ numero: 3 + i, objet: `Critère ${c.numero} : ${c.libelleLdm011}`, auditeurs: repartition?.get(c.numero) }));
  const n = 3 + criteres.length;
  return [
    { numero: 1, objet: "Réunion d'ouverture", auditeurs: 'Tous', audites: 'Tous' },
    { numero: 2, objet: "Présentation de l'établissement" },
    ...criteres,
    { numero: n, objet: 'Concertation des auditeurs', auditeurs: 'Tous' },
    { numero: n + 1, objet: 'Réunion de clôture', auditeurs: 'Tous', audites: 'Tous' },
  ];
}

export function saisiesPlanAudit(lu: TableauLu | undefined): SaisiesReprises {
  return reprendreSaisies(lu, { colonneCle: C.numero, colonnesProduites: [C.numero, C.objet], colonnesSaisie: [C.heures, C.lieu, C.auditeurs, C.audites] });
}

export function feuillePlanAudit(ref: Referentiel, lu: ClasseurLu, profil: ProfilRegional, etablissement: string): FeuilleLayout {
  const entete = enteteLue(lu);
  const equipe = equipeDeLaGrille(entete);
  const repartition = equipe.length ? repartitionLue(ref, lu, equipe) : undefined;
  const saisies = saisiesPlanAudit(lu.tableaux[TABLE_PLAN_AUDIT]);
  const colonnes: TableauLayout['colonnes'] = [
    { entete: C.numero, largeur: 5, role: 'reference', style: { horizontal: 'center', vertical: 'top' } },
    { entete: C.heures, largeur: 20, role: 'saisie', style: { vertical: 'top' } },
    { entete: C.objet, largeur: 56, role: 'reference', style: { retourLigne: true, vertical: 'top' } },
    { entete: C.lieu, largeur: 18, role: 'saisie', style: { retourLigne: true, vertical: 'top' } },
    { entete: C.auditeurs, largeur: 28, role: 'saisie', style: { retourLigne: true, vertical: 'top' } },
    { entete: C.audites, largeur: 26, role: 'saisie', style: { retourLigne: true, vertical: 'top' } },
    ...saisies.colonnesUtilisateur.map((e) => ({ entete: e, largeur: 18, role: 'saisie' as const, style: { retourLigne: true, vertical: 'top' as const } })),
  ];
  const lignes: Contenu[][] = activites(ref, repartition).map((a) => {
    const s = saisies.saisies.get(a.numero);
    return colonnes.map((c): Contenu => {
      if (c.entete === C.numero) return a.numero;
      if (c.entete === C.objet) return a.objet;
      // Ce que le référent a écrit l'emporte ; sinon ce que la grille et la répartition disent.
      if (s && c.entete in s) return s[c.entete] ?? null;
      if (c.entete === C.auditeurs) return a.auditeurs ?? null;
      if (c.entete === C.audites) return a.audites ?? null;
      return null;
    });
  });
  const ligneEntete = 9;
  const fin = ligneEntete + lignes.length;
  // Les libellés occupent deux colonnes étroites (N°, Heures) : ils passent à la ligne plutôt que d'être coupés.
  const libelle = { gras: true, couleurTexte: '1F4E79', retourLigne: true, vertical: 'top' as const };
  const valeur = { bordure: true, fond: 'F2F2F2', vertical: 'top' as const };
  const saisie = { bordure: true, fond: 'FFF9E5' };
  const nom = (c: string) => CHAMPS_IDENTITE.find((x) => x.champ === c)!.nom;
  const A = CHAMPS_AUDIT;
  const dejaSaisi = (adresse: string): Valeur => lu.cellules[cleCellule(FEUILLE_PLAN_AUDIT, adresse)] ?? null;
  const date = (adresse: string): Contenu => {
    const v = dejaSaisi(adresse);
    const d = lireDate(v);
    return d ? versSerieExcel(d) : v;
  };
  const regles = [
    '- Informer les personnes du service audité (susceptibles d’être entendues),',
    '- Assurer la disponibilité des audités selon le présent plan,',
    '- Veiller à ne pas être dérangé pendant l’audit (téléphone, visiteurs, …),',
    '- Assurer la disponibilité des documents demandés par les auditeurs,',
    '- Prévoir un lieu d’accueil adapté à la situation d’audit.',
  ];
  const cellules: CelluleFixe[] = [
    { adresse: 'A1', contenu: "PLAN D'AUDIT — LDM 008", fusion: 'A1:F1', style: { gras: true, taille: 14, couleurTexte: '1F4E79' } },
    {
      adresse: 'A2',
      contenu: { formule: `"Document à retourner à l'auditeur référent à J - ${profil.retourPlanAudit}"&IF(ISNUMBER(${A.date.nom}),", soit au plus tard le "&TEXT(${A.date.nom}-${profil.retourPlanAudit},"dd/mm/yyyy"),"")` },
      fusion: 'A2:F2',
      style: { gras: true, couleurTexte: 'C00000' },
    },
    { adresse: 'A4', contenu: 'Établissement audité', fusion: 'A4:B4', style: libelle },
    { adresse: 'C4', contenu: { formule: `""&${nom('etablissement')}` }, style: valeur },
    { adresse: 'A5', contenu: 'Auditeur référent', fusion: 'A5:B5', style: libelle },
    { adresse: 'C5', contenu: { formule: `""&${A.referent.nom}` }, style: valeur },
    { adresse: 'A6', contenu: 'Co-auditeurs', fusion: 'A6:B6', style: libelle },
    {
      adresse: 'C6',
      contenu: { formule: `""&${A.coAuditeur1.nom}&IF(LEN(${A.coAuditeur2.nom})>0,", "&${A.coAuditeur2.nom},"")&IF(LEN(${A.coAuditeur3.nom})>0,", "&${A.coAuditeur3.nom},"")` },
      style: valeur,
    },
    { adresse: 'A7', contenu: "Date de l'audit", fusion: 'A7:B7', style: libelle },
    { adresse: 'C7', contenu: { formule: `IF(ISNUMBER(${A.date.nom}),${A.date.nom},"")` }, style: { ...valeur, format: FORMAT_DATE, horizontal: 'left' } },
    { adresse: 'E4', contenu: 'Plan établi le', style: libelle },
    { adresse: SAISIES_PLAN_AUDIT.etabliLe, contenu: date(SAISIES_PLAN_AUDIT.etabliLe), style: { ...saisie, format: FORMAT_DATE, horizontal: 'left' } },
    { adresse: 'E5', contenu: 'Revu le', style: libelle },
    { adresse: SAISIES_PLAN_AUDIT.revuLe, contenu: date(SAISIES_PLAN_AUDIT.revuLe), style: { ...saisie, format: FORMAT_DATE, horizontal: 'left' } },
    { adresse: 'E6', contenu: "Visa du responsable d'audit", style: libelle },
    { adresse: SAISIES_PLAN_AUDIT.visa, contenu: dejaSaisi(SAISIES_PLAN_AUDIT.visa), style: saisie },
    { adresse: `A${fin + 2}`, contenu: "Rappel des règles de base pour la réussite d'un audit", fusion: `A${fin + 2}:F${fin + 2}`, style: { gras: true } },
    ...regles.map((r, i) => ({ adresse: `A${fin + 3 + i}`, contenu: r, fusion: `A${fin + 3 + i}:F${fin + 3 + i}` })),
  ];
  return {
    nom: FEUILLE_PLAN_AUDIT,
    largeursColonnes: colonnes.map((c) => c.largeur),
    couleurOnglet: 'C00000',
    cellules,
    tableaux: [{ nom: TABLE_PLAN_AUDIT, ligneEntete, colonneDebut: 1, colonneCle: C.numero, style: 'TableStyleLight9', colonnes, lignes, sources: saisies.sources }],
    validations: [
      validationDate(SAISIES_PLAN_AUDIT.etabliLe, 'Plan établi le'),
      validationDate(SAISIES_PLAN_AUDIT.revuLe, 'Revu le'),
      ...(equipe.length
        ? [{ plage: `E${ligneEntete + 1}:E${fin}`, valeurs: ['Tous', ...equipe], suggestion: true, titreErreur: 'Auditeur(s)', messageErreur: 'Un auditeur de l’équipe, ou « Tous ».', bloquante: false }]
        : []),
    ],
    misesEnForme: [],
    nomsDefinis: [],
    miseEnPage: {
      orientation: 'landscape',
      zoneImpression: `A1:F${fin + 2 + regles.length}`,
      lignesRepetees: `${ligneEntete}:${ligneEntete}`,
      entete: `Plan d'audit LDM 008 — ${texteEntete(etablissement)}`,
      piedDePage: 'Page &P / &N',
    },
  };
}

/** Le plan d'audit n'est pas revenu (« Plan établi le » vide) alors que la date de retour est passée. */
export function planAuditEnRetard(lu: ClasseurLu, profil: ProfilRegional, aujourdhui: DateCivile): { cellule: string; message: string } | undefined {
  if (!lu.tableaux[TABLE_PLAN_AUDIT]) return undefined;
  const dateAudit = lireDate(enteteLue(lu).date ?? null);
  if (!dateAudit) return undefined;
  const limite = ajouterJours(dateAudit, -profil.retourPlanAudit);
  if (!estVide(lu.cellules[cleCellule(FEUILLE_PLAN_AUDIT, SAISIES_PLAN_AUDIT.etabliLe)]) || comparer(aujourdhui, limite) <= 0) return undefined;
  return {
    cellule: SAISIES_PLAN_AUDIT.etabliLe,
    message: `plan d'audit (LDM 008) à retourner à l'auditeur référent au plus tard le ${formater(limite)} (J - ${profil.retourPlanAudit}) : « Plan établi le » est vide. Remplissez le plan et datez-le.`,
  };
}
