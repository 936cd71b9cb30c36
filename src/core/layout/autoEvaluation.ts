import { texteDe, estVide } from '../modele/classeur';
import { SaisiesReprises, reprendreSaisies } from './saisies';
import { Identite } from '../modele/identite';
import { Referentiel, tousLesDescripteurs } from '../referentiel';
import {
  Contenu,
  FeuilleLayout,
  MiseEnFormeConditionnelle,
  TableauLayout,
  TableauLu,
  Valeur,
  celluleDeLaLigne,
  colonneEntiere,
  lettreColonne,
  texteFormule,
} from './types';
import { CHAMPS_IDENTITE } from './piloteLdm';
import { PREFIXE_REPUTE, formuleLabelRepute, statutRepute } from '../dossier/autresLabels';

export const FEUILLE_AUTO_EVALUATION = 'LDM 003 Auto-évaluation';
export const TABLE_AUTO_EVALUATION = 'tblAutoEvaluation';

export const COLONNES = {
  numero: 'N°',
  /** Le critère comme le formulaire le montre (« 1. Une offre de formations… »), sur la première ligne de ses descripteurs. */
  critereDuLabel: 'Critères du label',
  descripteur: 'Descripteur',
  preuves: 'Éléments de preuves, références',
  remarques: "Remarques / piste d'amélioration",
  sansObjet: 'Sans objet',
  justification: 'Justification (sans objet)',
  reseau: 'Réseau uniquement',
  statut: 'Statut',
  /** Le numéro du critère sur chaque ligne : colonne d'aide masquée, lue par les formules (comptes, labels réputés). */
  critere: 'Critère',
} as const;

/** Les noms d'avant d'une colonne renommée (l'en-tête du formulaire, l.908) : ses saisies et références la suivent. */
export const ANCIENS_NOMS: Record<string, string> = { "Remarques / pistes d'amélioration": COLONNES.remarques };

/** Colonnes que l'utilisateur remplit : elles sont conservées à chaque régénération. */
export const COLONNES_SAISIE: string[] = [COLONNES.preuves, COLONNES.remarques, COLONNES.sansObjet, COLONNES.justification];
const COLONNES_PRODUITES: string[] = [COLONNES.numero, COLONNES.critereDuLabel, COLONNES.descripteur, COLONNES.reseau, COLONNES.statut, COLONNES.critere];

export const STATUTS = {
  documente: 'Documenté',
  preuveManquante: 'Preuve manquante',
  sansObjet: 'Sans objet',
  horsReseau: 'Sans objet (hors réseau)',
  justificationManquante: 'Justification manquante',
} as const;
export type Statut = (typeof STATUTS)[keyof typeof STATUTS];

/** Place fixe des blocs : la complétude au-dessus du tableau, 9 critères au plus (8 nationaux et 1 académique). */
export const LIGNE_PREMIER_CRITERE = 7;
export const CRITERES_MAX = 9;
export const LIGNE_TOTAL = LIGNE_PREMIER_CRITERE + CRITERES_MAX;
export const LIGNE_ENTETE = LIGNE_TOTAL + 2;

export type SaisiesAutoEvaluation = SaisiesReprises;

/** Relit les saisies d'une grille LDM 003 existante (voir reprendreSaisies). */
export function saisiesAutoEvaluation(ref: Referentiel, lu: TableauLu | undefined): SaisiesAutoEvaluation {
  return reprendreSaisies(lu, {
    colonneCle: COLONNES.numero,
    colonnesProduites: COLONNES_PRODUITES,
    colonnesSaisie: COLONNES_SAISIE,
    clesConnues: new Set(tousLesDescripteurs(ref).map((d) => d.numero)),
    anciensNoms: ANCIENS_NOMS,
  });
}

export function tableauAutoEvaluation(ref: Referentiel, s: SaisiesAutoEvaluation): TableauLayout {
  const T = TABLE_AUTO_EVALUATION;
  const saisieStyle = { retourLigne: true, vertical: 'top' as const };
  const colonnes: TableauLayout['colonnes'] = [
    { entete: COLONNES.numero, largeur: 7, role: 'reference', style: { horizontal: 'center', vertical: 'top' } },
    { entete: COLONNES.critereDuLabel, largeur: 24, role: 'reference', style: { ...saisieStyle, gras: true } },
    { entete: COLONNES.descripteur, largeur: 44, role: 'reference', style: saisieStyle },
    { entete: COLONNES.preuves, largeur: 38, role: 'saisie', style: saisieStyle },
    { entete: COLONNES.remarques, largeur: 28, role: 'saisie', style: saisieStyle },
    { entete: COLONNES.sansObjet, largeur: 11, role: 'saisie', style: { horizontal: 'center', vertical: 'top' } },
    { entete: COLONNES.justification, largeur: 20, role: 'saisie', style: saisieStyle },
    { entete: COLONNES.reseau, largeur: 11, role: 'reference', style: { horizontal: 'center', vertical: 'top' } },
    { entete: COLONNES.statut, largeur: 18, role: 'formule', style: { vertical: 'top', gras: true } },
    { entete: COLONNES.critere, largeur: 8, role: 'reference', style: { horizontal: 'center', vertical: 'top' }, masquee: true },
    ...s.colonnesUtilisateur.map((entete) => ({ entete, largeur: 20, role: 'saisie' as const, style: saisieStyle })),
  ];
  const reseau = CHAMPS_IDENTITE.find((c) => c.champ === 'candidatureEnReseau')!.nom;
  const cel = (col: string) => celluleDeLaLigne(T, col);
  const blancs = (col: string) => `LEN(TRIM(CLEAN(SUBSTITUTE(${cel(col)},"\u00a0"," "))))=0`;
  // Un critère réputé satisfait par un autre label (« Pilote LDM ») : ni preuve ni justification demandée.
  const label = formuleLabelRepute(cel(COLONNES.critere));
  const formuleStatut =
    `IF(LEN(${label})>0,${texteFormule(`${PREFIXE_REPUTE} (`)}&${label}&")",` +
    `IF(AND(${cel(COLONNES.reseau)}="Oui",${reseau}<>"Oui"),${texteFormule(STATUTS.horsReseau)},` +
    `IF(${cel(COLONNES.sansObjet)}="Oui",IF(${blancs(COLONNES.justification)},${texteFormule(STATUTS.justificationManquante)},${texteFormule(STATUTS.sansObjet)}),` +
    `IF(${blancs(COLONNES.preuves)},${texteFormule(STATUTS.preuveManquante)},${texteFormule(STATUTS.documente)}))))`;
  const tous = tousLesDescripteurs(ref);
  const lignes: Contenu[][] = tous.map((d, i) => {
    const saisie = s.saisies.get(d.numero) ?? {};
    const premierDuCritere = i === 0 || tous[i - 1].critere !== d.critere;
    const critere = ref.criteres.find((c) => c.numero === d.critere);
    return colonnes.map((c): Contenu => {
      switch (c.entete) {
        case COLONNES.numero:
          return d.numero;
        case COLONNES.critereDuLabel:
          return premierDuCritere && critere ? `${critere.numero}. ${critere.libelleLdm003}` : null;
        case COLONNES.critere:
          return d.critere;
        case COLONNES.descripteur:
          return d.ldm003;
        case COLONNES.reseau:
          return d.reseauUniquement ? 'Oui' : null;
        case COLONNES.statut:
          return { formule: formuleStatut };
        default:
          return saisie[c.entete] ?? null;
      }
    });
  });
  return { nom: T, ligneEntete: LIGNE_ENTETE, colonneDebut: 1, colonnes, lignes, colonneCle: COLONNES.numero, style: 'TableStyleMedium2', sources: s.sources, anciensNoms: ANCIENS_NOMS };
}

export function feuilleAutoEvaluation(ref: Referentiel, s: SaisiesAutoEvaluation): FeuilleLayout {
  if (ref.criteres.length > CRITERES_MAX) {
    throw new Error(`Le référentiel compte ${ref.criteres.length} critères : ${CRITERES_MAX} au plus (8 nationaux et 1 académique).`);
  }
  const tableau = tableauAutoEvaluation(ref, s);
  const T = TABLE_AUTO_EVALUATION;
  const premiere = LIGNE_ENTETE + 1;
  const derniere = LIGNE_ENTETE + tableau.lignes.length;
  const colLettre = (entete: string) => lettreColonne(tableau.colonneDebut + tableau.colonnes.findIndex((c) => c.entete === entete));
  const statut = colLettre(COLONNES.statut);
  const plage = (entete: string) => `${colLettre(entete)}${premiere}:${colLettre(entete)}${derniere}`;
  const derniereColonne = lettreColonne(tableau.colonneDebut + tableau.colonnes.length - 1);
  const nomIdentite = (champ: keyof Identite) => CHAMPS_IDENTITE.find((c) => c.champ === champ)!.nom;
  const libelle = { gras: true, couleurTexte: '1F4E79' };
  const valeur = { bordure: true, fond: 'F2F2F2' };
  const compte = (critere: number, statutCherche?: string) =>
    `COUNTIFS(${colonneEntiere(T, COLONNES.critere)},${critere}${statutCherche ? `,${colonneEntiere(T, COLONNES.statut)},${texteFormule(statutCherche)}` : ''})`;
  const completude = ref.criteres.flatMap((c, i) => {
    const ligne = LIGNE_PREMIER_CRITERE + i;
    return [
      { adresse: `A${ligne}`, contenu: c.numero, style: { horizontal: 'center' as const, vertical: 'top' as const, gras: true } },
      { adresse: `B${ligne}`, contenu: c.libelleLdm003, fusion: `B${ligne}:C${ligne}`, style: { retourLigne: true, vertical: 'top' as const } },
      {
        adresse: `D${ligne}`,
        contenu: {
          formule: `IF(LEN(${formuleLabelRepute(String(c.numero))})>0,${texteFormule(`Critère ${c.numero} : réputé satisfait (`)}&${formuleLabelRepute(String(c.numero))}&")",${texteFormule(`Critère ${c.numero} : `)}&E${ligne}&"/"&F${ligne}&${texteFormule(' descripteurs documentés')})`,
        },
        style: { gras: true, vertical: 'top' as const },
      },
      { adresse: `E${ligne}`, contenu: { formule: compte(c.numero, STATUTS.documente) }, style: { horizontal: 'center' as const, vertical: 'top' as const } },
      {
        adresse: `F${ligne}`,
        contenu: { formule: `${compte(c.numero)}-${compte(c.numero, STATUTS.sansObjet)}-${compte(c.numero, STATUTS.horsReseau)}-${compte(c.numero, `${PREFIXE_REPUTE}*`)}` },
        style: { horizontal: 'center' as const, vertical: 'top' as const },
      },
    ];
  });
  const derniereCompletude = LIGNE_PREMIER_CRITERE + ref.criteres.length - 1;
  const misesEnForme: MiseEnFormeConditionnelle[] = [
    { plage: plage(COLONNES.preuves), formule: `$${statut}${premiere}=${texteFormule(STATUTS.preuveManquante)}`, fond: 'FFC7CE', couleurTexte: '9C0006' },
    { plage: plage(COLONNES.justification), formule: `$${statut}${premiere}=${texteFormule(STATUTS.justificationManquante)}`, fond: 'FFEB9C', couleurTexte: '9C5700' },
    { plage: plage(COLONNES.statut), formule: `$${statut}${premiere}=${texteFormule(STATUTS.preuveManquante)}`, fond: 'FFC7CE', couleurTexte: '9C0006', gras: true },
    { plage: plage(COLONNES.statut), formule: `$${statut}${premiere}=${texteFormule(STATUTS.justificationManquante)}`, fond: 'FFEB9C', couleurTexte: '9C5700', gras: true },
    { plage: plage(COLONNES.statut), formule: `$${statut}${premiere}=${texteFormule(STATUTS.documente)}`, fond: 'C6EFCE', couleurTexte: '006100' },
    {
      plage: `${colLettre(COLONNES.descripteur)}${premiere}:${statut}${derniere}`,
      formule: `OR(LEFT($${statut}${premiere},10)="Sans objet",LEFT($${statut}${premiere},${PREFIXE_REPUTE.length})=${texteFormule(PREFIXE_REPUTE)})`,
      couleurTexte: '808080',
    },
    { plage: `D${LIGNE_PREMIER_CRITERE}:D${derniereCompletude}`, formule: `E${LIGNE_PREMIER_CRITERE}<F${LIGNE_PREMIER_CRITERE}`, fond: 'FFC7CE', couleurTexte: '9C0006' },
    { plage: `D${LIGNE_PREMIER_CRITERE}:D${derniereCompletude}`, formule: `E${LIGNE_PREMIER_CRITERE}=F${LIGNE_PREMIER_CRITERE}`, fond: 'C6EFCE', couleurTexte: '006100' },
  ];
  return {
    nom: FEUILLE_AUTO_EVALUATION,
    largeursColonnes: tableau.colonnes.map((c) => c.largeur),
    couleurOnglet: '2E75B6',
    cellules: [
      { adresse: 'A1', contenu: "Grille d'auto-évaluation", fusion: 'A1:H1', style: { gras: true, taille: 16, couleurTexte: '1F4E79' } },
      { adresse: 'I1', contenu: 'LDM 003', style: { gras: true, taille: 14, horizontal: 'right', couleurTexte: '1F4E79' } },
      { adresse: 'A2', contenu: 'Établissement', fusion: 'A2:B2', style: libelle },
      { adresse: 'C2', contenu: { formule: `""&${nomIdentite('etablissement')}` }, style: valeur },
      { adresse: 'D2', contenu: 'N° RNE', style: { ...libelle, horizontal: 'right' } },
      { adresse: 'E2', contenu: { formule: `""&${nomIdentite('rne')}` }, style: valeur },
      { adresse: 'A3', contenu: 'Intitulé du label', fusion: 'A3:B3', style: libelle },
      { adresse: 'C3', contenu: { formule: `""&${nomIdentite('intituleLabel')}` }, style: valeur },
      { adresse: 'D3', contenu: 'Année scolaire', style: { ...libelle, horizontal: 'right' } },
      { adresse: 'E3', contenu: { formule: `""&${nomIdentite('anneeScolaire')}` }, style: valeur },
      { adresse: 'A4', contenu: 'Candidature en réseau', fusion: 'A4:B4', style: libelle },
      { adresse: 'C4', contenu: { formule: `""&${nomIdentite('candidatureEnReseau')}` }, style: valeur },
      {
        adresse: 'D4',
        contenu: "L'identité se modifie dans la feuille « Pilote LDM ».",
        style: { italique: true, couleurTexte: '7F7F7F' },
      },
      { adresse: 'A6', contenu: 'Complétude des éléments de preuves par critère', fusion: 'A6:C6', style: { gras: true, fond: 'DDEBF7' } },
      { adresse: 'D6', contenu: 'Descripteurs documentés', style: { gras: true, fond: 'DDEBF7' } },
      { adresse: 'E6', contenu: 'Documentés', style: { gras: true, fond: 'DDEBF7', horizontal: 'center' } },
      { adresse: 'F6', contenu: 'Applicables', style: { gras: true, fond: 'DDEBF7', horizontal: 'center' } },
      ...completude,
      {
        adresse: `D${LIGNE_TOTAL}`,
        contenu: {
          formule: `"Total : "&E${LIGNE_TOTAL}&"/"&F${LIGNE_TOTAL}&${texteFormule(' descripteurs documentés')}`,
        },
        style: { gras: true },
      },
      { adresse: `E${LIGNE_TOTAL}`, contenu: { formule: `SUM(E${LIGNE_PREMIER_CRITERE}:E${derniereCompletude})` }, style: { gras: true, horizontal: 'center' } },
      { adresse: `F${LIGNE_TOTAL}`, contenu: { formule: `SUM(F${LIGNE_PREMIER_CRITERE}:F${derniereCompletude})` }, style: { gras: true, horizontal: 'center' } },
    ],
    tableaux: [tableau],
    validations: [
      {
        plage: plage(COLONNES.sansObjet),
        valeurs: ['Oui', 'Non'],
        titreErreur: 'Sans objet',
        messageErreur: 'Choisissez Oui ou Non. Un descripteur « sans objet » doit être justifié dans la colonne suivante.',
        bloquante: true,
      },
    ],
    misesEnForme,
    nomsDefinis: [],
    // Des en-têtes sur deux lignes (« Remarques / piste d'amélioration », « Réseau uniquement ») restent lisibles imprimés.
    hauteursMin: { [LIGNE_ENTETE]: 27 },
    miseEnPage: {
      orientation: 'landscape',
      zoneImpression: `A1:${derniereColonne}${derniere}`,
      lignesRepetees: `${LIGNE_ENTETE}:${LIGNE_ENTETE}`,
      entete: "Grille d'auto-évaluation — LDM 003",
      piedDePage: 'Page &P / &N',
    },
  };
}

/** Statut d'un descripteur calculé comme la formule de la feuille, sans se fier aux valeurs en cache. */
export function statutDescripteur(reseauUniquement: boolean, candidatureEnReseau: boolean, saisie: Record<string, Valeur>, reputeSatisfait?: string): string {
  if (reputeSatisfait) return statutRepute(reputeSatisfait);
  if (reseauUniquement && !candidatureEnReseau) return STATUTS.horsReseau;
  if (texteDe(saisie[COLONNES.sansObjet]).toLowerCase() === 'oui') {
    return estVide(saisie[COLONNES.justification]) ? STATUTS.justificationManquante : STATUTS.sansObjet;
  }
  return estVide(saisie[COLONNES.preuves]) ? STATUTS.preuveManquante : STATUTS.documente;
}
