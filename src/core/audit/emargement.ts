import { ClasseurLu } from '../modele/classeur';
import { SaisiesReprises, reprendreSaisies } from '../layout/saisies';
import { CelluleFixe, Contenu, FeuilleLayout, TableauLayout, texteEntete } from '../layout/types';
import { CHAMPS_AUDIT } from './grille';
import { CHAMPS_IDENTITE } from '../layout/piloteLdm';
import { FORMAT_DATE } from '../modele/dates';

/**
 * LDM 009 Feuille d'émargement : présence aux réunions d'ouverture et de clôture de l'audit (nom, prénom, fonction,
 * signature). L'équipe d'audit y est inscrite par formule depuis l'en-tête de la grille ; suivent des lignes vides
 * pour les participants de l'établissement. Faite pour être imprimée et signée.
 */
export const FEUILLE_EMARGEMENT = "LDM 009 Feuille d'émargement";
export const TABLE_EMARGEMENT = 'tblEmargement';

const C = { numero: 'N°', nom: 'Nom', prenom: 'Prénom', fonction: 'Fonction', ouverture: "Réunion d'ouverture (signature)", cloture: 'Réunion de clôture (signature)' } as const;
/** Référent et jusqu'à trois co-auditeurs, puis les participants de l'établissement. */
const EQUIPE = [
  { champ: CHAMPS_AUDIT.referent, fonction: 'Auditeur référent' },
  { champ: CHAMPS_AUDIT.coAuditeur1, fonction: 'Co-auditeur' },
  { champ: CHAMPS_AUDIT.coAuditeur2, fonction: 'Co-auditeur' },
  { champ: CHAMPS_AUDIT.coAuditeur3, fonction: 'Co-auditeur' },
];
const PARTICIPANTS = 20;
const LIGNE_ENTETE = 7;

function saisiesEmargement(lu: ClasseurLu): SaisiesReprises {
  return reprendreSaisies(lu.tableaux[TABLE_EMARGEMENT], {
    colonneCle: C.numero,
    colonnesProduites: [C.numero],
    colonnesSaisie: [C.nom, C.prenom, C.fonction, C.ouverture, C.cloture],
    numeroterSansCle: true,
  });
}

export function feuilleEmargement(lu: ClasseurLu, etablissement: string): FeuilleLayout {
  const saisies = saisiesEmargement(lu);
  const colonnes: TableauLayout['colonnes'] = [
    // Des cases bordées : la feuille imprimée se signe à la main.
    { entete: C.numero, largeur: 5, role: 'reference', style: { horizontal: 'center', vertical: 'middle', bordure: true } },
    { entete: C.nom, largeur: 24, role: 'saisie', style: { retourLigne: true, vertical: 'middle', bordure: true } },
    { entete: C.prenom, largeur: 16, role: 'saisie', style: { retourLigne: true, vertical: 'middle', bordure: true } },
    { entete: C.fonction, largeur: 24, role: 'saisie', style: { retourLigne: true, vertical: 'middle', bordure: true } },
    { entete: C.ouverture, largeur: 20, role: 'saisie', style: { vertical: 'middle', bordure: true } },
    { entete: C.cloture, largeur: 20, role: 'saisie', style: { vertical: 'middle', bordure: true } },
    ...saisies.colonnesUtilisateur.map((e) => ({ entete: e, largeur: 16, role: 'saisie' as const, style: { retourLigne: true, vertical: 'middle' as const } })),
  ];
  const cles = [...new Set([...Array.from({ length: EQUIPE.length + PARTICIPANTS }, (_, i) => i + 1), ...saisies.saisies.keys()])].sort((a, b) => a - b);
  const lignes: Contenu[][] = cles.map((numero) => {
    const s = saisies.saisies.get(numero) ?? {};
    const auditeur = EQUIPE[numero - 1];
    return colonnes.map((c): Contenu => {
      if (c.entete === C.numero) return numero;
      // L'équipe suit l'en-tête de la grille d'audit : nom par formule, fonction écrite.
      if (auditeur && c.entete === C.nom) return { formule: `""&${auditeur.champ.nom}` };
      if (auditeur && c.entete === C.fonction) return { formule: `IF(LEN(${auditeur.champ.nom})>0,"${auditeur.fonction}","")` };
      return s[c.entete] ?? null;
    });
  });
  const fin = LIGNE_ENTETE + lignes.length;
  const libelle = { gras: true, couleurTexte: '1F4E79' };
  const lue = { bordure: true, fond: 'F2F2F2' };
  const etab = CHAMPS_IDENTITE.find((c) => c.champ === 'etablissement')!.nom;
  const cellules: CelluleFixe[] = [
    { adresse: 'A1', contenu: "FEUILLE D'ÉMARGEMENT", style: { gras: true, taille: 14, couleurTexte: '1F4E79' }, fusion: 'A1:E1' },
    { adresse: 'F1', contenu: 'LDM 009', style: { gras: true, taille: 14, couleurTexte: '1F4E79', horizontal: 'right' } },
    { adresse: 'A3', contenu: 'Établissement', style: libelle, fusion: 'A3:B3' },
    { adresse: 'C3', contenu: { formule: `""&${etab}` }, style: lue, fusion: 'C3:F3' },
    { adresse: 'A4', contenu: "Date de l'audit", style: libelle, fusion: 'A4:B4' },
    { adresse: 'C4', contenu: { formule: `IF(ISNUMBER(${CHAMPS_AUDIT.date.nom}),${CHAMPS_AUDIT.date.nom},"")` }, style: { ...lue, format: FORMAT_DATE, horizontal: 'left' }, fusion: 'C4:F4' },
    { adresse: 'A5', contenu: "Type d'audit", style: libelle, fusion: 'A5:B5' },
    { adresse: 'C5', contenu: { formule: `""&${CHAMPS_AUDIT.type.nom}` }, style: lue, fusion: 'C5:F5' },
  ];
  return {
    nom: FEUILLE_EMARGEMENT,
    largeursColonnes: colonnes.map((c) => c.largeur),
    couleurOnglet: 'C00000',
    cellules,
    tableaux: [
      {
        nom: TABLE_EMARGEMENT,
        ligneEntete: LIGNE_ENTETE,
        colonneDebut: 1,
        colonneCle: C.numero,
        style: 'TableStyleLight9',
        colonnes,
        lignes,
        sources: saisies.sources,
        // Les lignes de l'équipe suivent la grille d'audit, même si on y a écrit.
        imposees: EQUIPE.flatMap((_, i) => [C.nom, C.fonction].map((entete) => ({ cle: i + 1, entete }))),
      },
    ],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
    // Une ligne assez haute pour signer.
    hauteursMin: Object.fromEntries(Array.from({ length: lignes.length }, (_, i) => [LIGNE_ENTETE + 1 + i, 26])),
    miseEnPage: { orientation: 'portrait', zoneImpression: `A1:F${fin}`, lignesRepetees: `${LIGNE_ENTETE}:${LIGNE_ENTETE}`, entete: `Feuille d'émargement LDM 009 — ${texteEntete(etablissement)}`, piedDePage: 'Page &P / &N' },
  };
}
