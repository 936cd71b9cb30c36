import { ClasseurLu, Localisation, cleCellule, estVide, texteDe } from '../modele/classeur';
import { FORMAT_DATE, lireDate, versSerieExcel } from '../modele/dates';
import { SaisiesReprises, reprendreSaisies } from '../layout/saisies';
import { CelluleFixe, Contenu, FeuilleLayout, TableauLayout, Valeur, celluleDeLaLigne, colonneEntiere, lettreColonne, texteEntete, texteFormule, validationDate } from '../layout/types';
import { CHAMPS_IDENTITE } from '../layout/piloteLdm';
import { ProfilRegional } from '../audit/profilRegional';
import { TABLE_PLAN } from '../plan/feuilles';
import { TABLE_AUTO_EVALUATION } from '../layout/autoEvaluation';

/**
 * LDM 001 Fiche de candidature (cahier des charges l.876-889) et la liste des pièces du dossier (annexe 3,
 * l.1610-1618). L'identité (établissement, intitulé, RNE) n'y est pas ressaisie : elle est lue par formule dans
 * « Pilote LDM ». Le reste de la fiche est en cellules nommées, la liste des pièces en tableau.
 */
export const FEUILLE_CANDIDATURE = 'LDM 001 Candidature';
export const TABLE_PIECES = 'tblPiecesDossier';

/** Les champs que l'établissement remplit, en cellules nommées : une seule source, que d'autres feuilles peuvent citer. */
export const CHAMPS_CANDIDATURE = {
  adresse: { nom: 'LDM_Adresse', adresse: 'C7', libelle: 'Adresse' },
  telephone: { nom: 'LDM_Telephone', adresse: 'C8', libelle: 'Tél. :' },
  fax: { nom: 'LDM_Fax', adresse: 'C9', libelle: 'Fax :' },
  mel: { nom: 'LDM_Mel', adresse: 'C10', libelle: 'Mail :' },
  site: { nom: 'LDM_Site', adresse: 'C11', libelle: 'Site :' },
  chef: { nom: 'LDM_ChefEtablissement', adresse: 'C12', libelle: "Chef d'établissement" },
  inspecteur: { nom: 'LDM_InspecteurReferent', adresse: 'C13', libelle: 'Inspecteur référent' },
  particularites: { nom: 'LDM_Particularites', adresse: 'A16', libelle: "Particularités de l'établissement portées à la connaissance des auditeurs :" },
  dateCA: { nom: 'LDM_DateCA', adresse: 'C18', libelle: 'Dossier présenté au CA le :' },
} as const;
export type ChampCandidature = keyof typeof CHAMPS_CANDIDATURE;

const P = { numero: 'N°', piece: 'Pièce à fournir', fournie: 'Fournie', date: 'Date', reference: 'Fichier ou référence', etat: 'État' } as const;

/** Annexe 3 : les pièces du dossier, dans l'ordre du cahier des charges ; certaines sont des feuilles de ce classeur. */
export const PIECES_DOSSIER: Array<{ numero: number; piece: string; tableDansLeClasseur?: string }> = [
  { numero: 1, piece: "Projet d'établissement" },
  { numero: 2, piece: 'Procès-verbal des CA relatif(s) au label « lycée des métiers »' },
  { numero: 3, piece: "Objectifs stratégiques déclinés en plan d'actions répondant aux critères du label", tableDansLeClasseur: TABLE_PLAN },
  { numero: 4, piece: "Auto-évaluation de l'établissement", tableDansLeClasseur: TABLE_AUTO_EVALUATION },
  { numero: 5, piece: "Cartographie de l'offre de formation de l'établissement (incluant les passerelles et les partenariats éventuels)" },
  { numero: 6, piece: 'Tableau(x) de bord sur l\'évolution des effectifs par statut et par dénomination « métiers » sur les cinq dernières années' },
  { numero: 7, piece: "Plaquettes d'information sur les métiers et les parcours destinées aux publics accueillis pour chaque dénomination « métiers »" },
];

const ETATS = { fournie: 'Fournie', manquante: 'Manquante' } as const;
const LIGNE_ENTETE_PIECES = 22;

export function demandeLectureCandidature(): Array<{ feuille: string; adresse: string }> {
  return Object.values(CHAMPS_CANDIDATURE).map((c) => ({ feuille: FEUILLE_CANDIDATURE, adresse: c.adresse }));
}

export function saisiesPieces(lu: ClasseurLu): SaisiesReprises {
  return reprendreSaisies(lu.tableaux[TABLE_PIECES], {
    colonneCle: P.numero,
    colonnesProduites: [P.numero, P.piece, P.etat],
    colonnesSaisie: [P.fournie, P.date, P.reference],
    clesConnues: new Set(PIECES_DOSSIER.map((p) => p.numero)),
  });
}

/** `feuilleDuTableau` : la feuille d'un tableau de Pilote LDM présent dans le classeur (ou produit avec la fiche). */
export function feuilleCandidature(lu: ClasseurLu, profil: ProfilRegional, etablissement: string, feuilleDuTableau: (table: string) => string | undefined): FeuilleLayout {
  const saisies = saisiesPieces(lu);
  const deja = (adresse: string): Valeur => lu.cellules[cleCellule(FEUILLE_CANDIDATURE, adresse)] ?? null;
  const colonnes: TableauLayout['colonnes'] = [
    { entete: P.numero, largeur: 10, role: 'reference', style: { horizontal: 'center', vertical: 'top' } },
    { entete: P.piece, largeur: 40, role: 'reference', style: { retourLigne: true, vertical: 'top' } },
    { entete: P.fournie, largeur: 10, role: 'saisie', style: { horizontal: 'center', vertical: 'top' } },
    { entete: P.date, largeur: 12, role: 'saisie', style: { format: FORMAT_DATE, horizontal: 'left', vertical: 'top' } },
    { entete: P.reference, largeur: 30, role: 'saisie', style: { retourLigne: true, vertical: 'top' } },
    { entete: P.etat, largeur: 12, role: 'formule', style: { gras: true, vertical: 'top' } },
    ...saisies.colonnesUtilisateur.map((e) => ({ entete: e, largeur: 18, role: 'saisie' as const, style: { retourLigne: true, vertical: 'top' as const } })),
  ];
  const etat = { formule: `IF(TRIM(${celluleDeLaLigne(TABLE_PIECES, P.fournie)})="Oui",${texteFormule(ETATS.fournie)},${texteFormule(ETATS.manquante)})` };
  const lignes: Contenu[][] = PIECES_DOSSIER.map((p) => {
    const s = saisies.saisies.get(p.numero);
    return colonnes.map((c): Contenu => {
      if (c.entete === P.numero) return p.numero;
      if (c.entete === P.piece) return p.piece;
      if (c.entete === P.etat) return etat;
      if (s && c.entete in s) return s[c.entete] ?? null;
      // Le plan d'actions et l'auto-évaluation déjà dans ce classeur : la pièce est fournie, jusqu'à avis contraire.
      const feuille = p.tableDansLeClasseur ? feuilleDuTableau(p.tableDansLeClasseur) : undefined;
      if (c.entete === P.fournie && feuille) return 'Oui';
      if (c.entete === P.reference && feuille) return `Feuille « ${feuille} » de ce classeur`;
      return null;
    });
  });
  const fin = LIGNE_ENTETE_PIECES + lignes.length;
  const libelle = { gras: true, fond: 'DDEBF7', bordure: true, vertical: 'top' as const, retourLigne: true };
  const lue = { bordure: true, fond: 'F2F2F2', vertical: 'top' as const };
  const saisie = { bordure: true, fond: 'FFF9E5', retourLigne: true, vertical: 'top' as const };
  const identite = (champ: string) => CHAMPS_IDENTITE.find((c) => c.champ === champ)!.nom;
  const ch = CHAMPS_CANDIDATURE;
  /** Un champ : libellé sur A:B (sur B seul pour un contact, sous « Contacts »), valeur sur C:F. */
  const champ = (c: ChampCandidature, contact = false): CelluleFixe[] => {
    const ligne = ch[c].adresse.slice(1);
    const v = deja(ch[c].adresse);
    const jour = c === 'dateCA' ? lireDate(v) : undefined;
    return [
      contact ? { adresse: `B${ligne}`, contenu: ch[c].libelle, style: libelle } : { adresse: `A${ligne}`, contenu: ch[c].libelle, style: libelle, fusion: `A${ligne}:B${ligne}` },
      { adresse: ch[c].adresse, contenu: jour ? versSerieExcel(jour) : v, style: c === 'dateCA' ? { ...saisie, format: FORMAT_DATE, horizontal: 'left' } : saisie, fusion: `${ch[c].adresse}:F${ligne}` },
    ];
  };
  const manquantes = `COUNTIF(${colonneEntiere(TABLE_PIECES, P.etat)},${texteFormule(ETATS.manquante)})`;
  const cellules: CelluleFixe[] = [
    { adresse: 'A1', contenu: 'FICHE DE CANDIDATURE', fusion: 'A1:E1', style: { gras: true, taille: 14, couleurTexte: '1F4E79' } },
    { adresse: 'F1', contenu: 'LDM 001', style: { gras: true, taille: 14, couleurTexte: '1F4E79', horizontal: 'right' } },
    {
      adresse: 'A2',
      contenu: `Document à retourner au secrétariat de la DRAFPIC${profil.adresseDrafpic ? ` : ${profil.adresseDrafpic}` : ''}`,
      fusion: 'A2:F2',
      style: { gras: true, couleurTexte: 'C00000' },
    },
    { adresse: 'A4', contenu: 'Établissement', style: libelle, fusion: 'A4:B4' },
    { adresse: 'C4', contenu: { formule: `""&${identite('etablissement')}` }, style: lue, fusion: 'C4:F4' },
    { adresse: 'A5', contenu: 'Intitulé du label', style: libelle, fusion: 'A5:B5' },
    { adresse: 'C5', contenu: { formule: `""&${identite('intituleLabel')}` }, style: { ...lue, retourLigne: true }, fusion: 'C5:F5' },
    { adresse: 'A6', contenu: 'N°RNE', style: libelle, fusion: 'A6:B6' },
    { adresse: 'C6', contenu: { formule: `""&${identite('rne')}` }, style: lue, fusion: 'C6:F6' },
    ...champ('adresse'),
    { adresse: 'A8', contenu: 'Contacts', style: libelle, fusion: 'A8:A11' },
    ...champ('telephone', true),
    ...champ('fax', true),
    ...champ('mel', true),
    ...champ('site', true),
    ...champ('chef'),
    ...champ('inspecteur'),
    { adresse: 'A15', contenu: ch.particularites.libelle, fusion: 'A15:F15', style: { gras: true } },
    { adresse: ch.particularites.adresse, contenu: deja(ch.particularites.adresse), fusion: `${ch.particularites.adresse}:F16`, style: saisie },
    ...champ('dateCA'),
    {
      adresse: 'A20',
      contenu: 'Le dossier envoyé par voie électronique à la DRAFPIC est constitué de cette fiche et des pièces suivantes (annexe 3 : liste des pièces à fournir).',
      fusion: 'A20:F20',
      style: { italique: true, retourLigne: true },
    },
    { adresse: 'A21', contenu: 'PIÈCES DU DOSSIER', fusion: 'A21:F21', style: { gras: true, fond: '1F4E79', couleurTexte: 'FFFFFF' } },
    {
      adresse: `A${fin + 2}`,
      contenu: {
        formule: `IF(AND(${manquantes}=0,ISNUMBER(${ch.dateCA.nom})),${texteFormule('Dossier complet : il peut être envoyé à la DRAFPIC.')},${texteFormule('Dossier incomplet : ')}&IF(${manquantes}>0,${manquantes}&${texteFormule(' pièce(s) manquante(s)')},"")&IF(ISNUMBER(${ch.dateCA.nom}),"",IF(${manquantes}>0,${texteFormule(' ; ')},"")&${texteFormule('date du CA à renseigner')})&".")`,
      },
      fusion: `A${fin + 2}:F${fin + 2}`,
      style: { gras: true },
    },
  ];
  return {
    nom: FEUILLE_CANDIDATURE,
    largeursColonnes: colonnes.map((c) => c.largeur),
    couleurOnglet: '1F4E79',
    cellules,
    tableaux: [{ nom: TABLE_PIECES, ligneEntete: LIGNE_ENTETE_PIECES, colonneDebut: 1, colonneCle: P.numero, style: 'TableStyleLight9', colonnes, lignes, sources: saisies.sources }],
    validations: [
      validationDate(ch.dateCA.adresse, 'Date du CA'),
      { plage: `C${LIGNE_ENTETE_PIECES + 1}:C${fin}`, valeurs: ['Oui', 'Non'], titreErreur: 'Pièce fournie', messageErreur: 'Choisissez Oui ou Non.', bloquante: true },
      validationDate(`D${LIGNE_ENTETE_PIECES + 1}:D${fin}`, 'Date'),
    ],
    misesEnForme: [
      { plage: `F${LIGNE_ENTETE_PIECES + 1}:F${fin}`, formule: `F${LIGNE_ENTETE_PIECES + 1}=${texteFormule(ETATS.manquante)}`, fond: 'FFC7CE', couleurTexte: '9C0006' },
      { plage: `F${LIGNE_ENTETE_PIECES + 1}:F${fin}`, formule: `F${LIGNE_ENTETE_PIECES + 1}=${texteFormule(ETATS.fournie)}`, fond: 'C6EFCE', couleurTexte: '006100' },
      { plage: `A${fin + 2}`, formule: `LEFT(A${fin + 2},17)="Dossier incomplet"`, couleurTexte: 'C00000' },
    ],
    nomsDefinis: Object.values(ch).map((c) => ({ nom: c.nom, adresse: `$${c.adresse[0]}$${c.adresse.slice(1)}` })),
    hauteursMin: { 16: 90, 5: 30 },
    miseEnPage: { orientation: 'portrait', zoneImpression: `A1:F${fin + 2}`, entete: `Fiche de candidature LDM 001 — ${texteEntete(etablissement)}`, piedDePage: 'Page &P / &N' },
  };
}

/**
 * Ce qui manque au dossier avant qu'il puisse partir : chaque pièce non fournie, puis la date du CA ; `quoi` le nomme
 * en toutes lettres (accusé de réception LDM 007), la localisation le place pour `ldm check` (constat `piece-manquante`).
 */
export function manquesDuDossier(lu: ClasseurLu): Array<Localisation & { quoi: string }> {
  const t = lu.tableaux[TABLE_PIECES];
  if (!t) return [];
  const manques: Array<Localisation & { quoi: string }> = [];
  const iNumero = t.entetes.indexOf(P.numero);
  const iFournie = t.entetes.indexOf(P.fournie);
  const colonneFournie = t.colonneDebut + iFournie;
  for (const l of t.lignes) {
    const p = PIECES_DOSSIER.find((x) => x.numero === Number(l.valeurs[iNumero]));
    if (!p || iFournie < 0) continue;
    if (texteDe(l.valeurs[iFournie] ?? null).trim().toLowerCase() === 'oui') continue;
    manques.push({
      quoi: p.piece,
      feuille: t.feuille,
      cellule: `${lettreColonne(colonneFournie)}${l.ligne}`,
      message: `pièce du dossier de candidature non fournie : « ${p.piece} » (annexe 3). Joignez-la au dossier puis indiquez « Oui » dans « Fournie ».`,
    });
  }
  const v = lu.cellules[cleCellule(FEUILLE_CANDIDATURE, CHAMPS_CANDIDATURE.dateCA.adresse)] ?? null;
  if (!lireDate(v)) {
    manques.push({
      quoi: 'Date de présentation du dossier au conseil d’administration',
      feuille: FEUILLE_CANDIDATURE,
      cellule: CHAMPS_CANDIDATURE.dateCA.adresse,
      message: estVide(v)
        ? 'date de présentation du dossier au conseil d’administration à renseigner (« Dossier présenté au CA le »), au format JJ/MM/AAAA.'
        : `« ${texteDe(v)} » n'est pas une date : indiquez la date du CA au format JJ/MM/AAAA.`,
    });
  }
  return manques;
}
