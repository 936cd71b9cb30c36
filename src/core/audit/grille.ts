import { ClasseurLu, cleCellule, estVide, texteDe } from '../modele/classeur';
import { CHAMPS_IDENTITE } from '../layout/piloteLdm';
import { SaisiesReprises, reprendreSaisies } from '../layout/saisies';
import {
  CelluleFixe,
  Contenu,
  FeuilleLayout,
  MiseEnFormeConditionnelle,
  TableauLayout,
  TableauLu,
  Valeur,
  celluleDeLaLigne,
  lettreColonne,
  texteFormule,
  validationDate,
} from '../layout/types';
import { Referentiel, tousLesDescripteurs } from '../referentiel';
import { FORMAT_DATE, versSerieExcel, lireDate } from '../modele/dates';
import { PREFIXE_REPUTE, formuleCritereRepute } from '../dossier/autresLabels';

export const FEUILLE_GRILLE_AUDIT = "Grille d'audit";
export const TABLE_GRILLE_AUDIT = 'tblGrilleAudit';
export const TABLE_COMPLEMENTAIRES = 'tblConstatsComplementaires';

export const COLONNES_AUDIT = {
  numero: 'N°',
  critere: 'Critère',
  detail: 'Détail du critère',
  pf: 'PF',
  c: 'C',
  r: 'R',
  nc: 'NC',
  constats: 'Constats',
  controle: 'Contrôle',
  reseau: 'Réseau uniquement',
  /** Colonne d'aide masquée : l'état des quatre coches en quatre signes (x cochée, - vide, ? non reconnue). */
  // Colonne d'aide masquée : « R » (critère réputé satisfait) ou « H » (hors réseau), puis les coches lues (« -x-x »).
  lues: 'Lues',
} as const;
const A = COLONNES_AUDIT;
export const COLONNES_COCHE = [A.pf, A.c, A.r, A.nc] as const;
export type Coche = (typeof COLONNES_COCHE)[number];

/** Une valeur par coche, en objet littéral (la consolidation en garde des dizaines de milliers, un par constat). */
export function parCoche<T>(valeur: (c: Coche) => T): Record<Coche, T> {
  return { PF: valeur(A.pf), C: valeur(A.c), R: valeur(A.r), NC: valeur(A.nc) };
}
const SAISIES_AUDIT: string[] = [A.pf, A.c, A.r, A.nc, A.constats];
/** « Coches lues (PF C R NC) » : l'ancien nom de la colonne d'aide, retiré à la régénération (pas une colonne de l'auditeur). */
const PRODUITES_AUDIT: string[] = [A.numero, A.critere, A.detail, A.controle, A.reseau, A.lues, 'Coches lues (PF C R NC)'];

export const CONTROLES = {
  complet: 'Complet',
  horsReseau: 'Sans objet (hors réseau)',
  cocheHorsReseau: 'Hors réseau : ne rien cocher',
  cocheRepute: 'Réputé satisfait : ne rien cocher',
  repute: 'Réputé satisfait (autre label)',
  invalide: 'Coche non reconnue',
  contradictoire: 'C et NC cochés',
  incomplet: 'À cocher : C ou NC',
  constatManquant: 'Constat à rédiger',
} as const;

export const TYPES_AUDIT = ['Audit de labellisation', 'Audit de suivi', 'Audit de renouvellement'] as const;

/** Les champs d'en-tête du rapport LDM 011, saisis dans la grille : cellules nommées. */
export const CHAMPS_AUDIT = {
  denomination: { nom: 'AUD_Denomination', adresse: 'C5', libelle: 'Dénomination métier' },
  date: { nom: 'AUD_Date', adresse: 'C6', libelle: "Date de l'audit" },
  type: { nom: 'AUD_Type', adresse: 'C7', libelle: "Type d'audit" },
  referent: { nom: 'AUD_Referent', adresse: 'C8', libelle: 'Auditeur référent' },
  coAuditeur1: { nom: 'AUD_CoAuditeur1', adresse: 'C9', libelle: 'Co-auditeur' },
  coAuditeur2: { nom: 'AUD_CoAuditeur2', adresse: 'C10', libelle: 'Co-auditeur' },
  coAuditeur3: { nom: 'AUD_CoAuditeur3', adresse: 'C11', libelle: 'Co-auditeur' },
  redigePar: { nom: 'AUD_RedigePar', adresse: 'C12', libelle: 'Dossier rédigé par' },
  dateRapport: { nom: 'AUD_DateRapport', adresse: 'C13', libelle: 'Date du rapport' },
  retourRapport: { nom: 'AUD_RetourRapport', adresse: 'C14', libelle: "Rapport retourné par l'établissement le" },
  synthese: { nom: 'AUD_Synthese', adresse: 'L28', libelle: "Synthèse d'audit" },
} as const;
export type ChampAudit = keyof typeof CHAMPS_AUDIT;
export const CHAMPS_DATE_AUDIT: readonly ChampAudit[] = ['date', 'dateRapport', 'retourRapport'];

/**
 * Les types de constats du cahier des charges (l. 317-320), affichés quand l'auditeur sélectionne une case à cocher
 * (255 caractères au plus par message, limite d'Excel).
 */
export const DEFINITIONS_CONSTATS: Record<Coche, { titre: string; message: string }> = {
  PF: { titre: 'PF : point fort', message: "Élément du label sur lequel l'établissement dépasse les exigences du référentiel ou se distingue par la mise en place de pratiques innovantes, ambitieuses. À justifier dans « Constats »." },
  C: { titre: 'C : conforme', message: "L'exigence du référentiel est satisfaite ; aucun commentaire n'est demandé. Cocher à minima C ou NC." },
  R: { titre: 'R : remarque', message: "Point d'alerte sur un risque de non-conformité dans l'application des exigences. À justifier dans « Constats »." },
  NC: {
    titre: 'NC : non-conformité',
    message: "Écart répété ou systématique par rapport à une exigence du référentiel, empêchant de satisfaire le critère. Donne lieu à une fiche d'écart (LDM 010). Un écart ponctuel et isolé, à faible impact, n'est pas une NC.",
  },
};

export const LIGNE_ENTETE_GRILLE = 16;
/** Le bloc « constats complémentaires » et la synthèse, à droite de la grille (colonnes L à N). */
const COLONNE_COMPLEMENTAIRES = 12;
const LIGNE_COMPLEMENTAIRES = 16;

/** Ce que l'on accepte comme coche : x ou X, ✓ ou ✔, avec ou sans espaces autour. */
const COCHES_RECONNUES = ['x', '✓', '✔'];

export type EtatCoche = 'coche' | 'vide' | 'invalide';

export function lireCoche(v: Valeur | undefined): EtatCoche {
  if (estVide(v)) return 'vide';
  return COCHES_RECONNUES.includes(texteDe(v).trim().toLowerCase()) ? 'coche' : 'invalide';
}

export interface LigneGrille {
  numero: number;
  critere: number;
  coches: Record<Coche, EtatCoche>;
  constat: string;
  horsReseau: boolean;
  /** Le label qui fait réputer le critère satisfait (Euroscol…) : rien à cocher, rien à compter. */
  reputeSatisfait?: string;
  controle: string;
}

/** Une ligne qui n'est ni cochée ni comptée : hors réseau, ou critère réputé satisfait par un autre label. */
export const estHorsAudit = (l: Pick<LigneGrille, 'horsReseau' | 'reputeSatisfait'>) => l.horsReseau || Boolean(l.reputeSatisfait);

/** Le contrôle d'une ligne, avec la même règle que la formule « Contrôle » de la feuille. */
export function controlerLigne(coches: Record<Coche, EtatCoche>, constat: string, horsReseau: boolean, repute?: string): string {
  const cochee = (c: Coche) => coches[c] === 'coche';
  const remplie = COLONNES_COCHE.some((c) => coches[c] !== 'vide');
  if (repute) return remplie ? CONTROLES.cocheRepute : CONTROLES.repute;
  if (horsReseau) return remplie ? CONTROLES.cocheHorsReseau : CONTROLES.horsReseau;
  if (COLONNES_COCHE.some((c) => coches[c] === 'invalide')) return CONTROLES.invalide;
  if (cochee(A.c) && cochee(A.nc)) return CONTROLES.contradictoire;
  if (!cochee(A.c) && !cochee(A.nc)) return CONTROLES.incomplet;
  if ((cochee(A.pf) || cochee(A.r) || cochee(A.nc)) && estVide(constat)) return CONTROLES.constatManquant;
  return CONTROLES.complet;
}

export function saisiesGrille(ref: Referentiel, lu: TableauLu | undefined): SaisiesReprises {
  return reprendreSaisies(lu, {
    colonneCle: A.numero,
    colonnesProduites: PRODUITES_AUDIT,
    colonnesSaisie: SAISIES_AUDIT,
    clesConnues: new Set(tousLesDescripteurs(ref).map((d) => d.numero)),
  });
}

/** Axes de progrès et points de vigilance, par critère (tableau à droite de la grille). */
export function saisiesComplementaires(ref: Referentiel, lu: TableauLu | undefined): SaisiesReprises {
  return reprendreSaisies(lu, {
    colonneCle: 'Critère',
    colonnesProduites: ['Critère'],
    colonnesSaisie: ['Axes de progrès à envisager', 'Points de vigilance'],
    clesConnues: new Set(ref.criteres.map((c) => c.numero)),
  });
}

/**
 * La colonne d'aide : « R » si le critère est réputé satisfait par un autre label, « H » si le descripteur est hors
 * réseau, puis les coches lues, « -x-x » (PF vide, C cochée, R vide, NC cochée ; « ? » pour une coche non reconnue).
 * Le contrôle s'y appuie pour rester sous les mille caractères.
 */
function formuleCochesLues(): string {
  const cel = (c: string) => celluleDeLaLigne(TABLE_GRILLE_AUDIT, c);
  const sansBlancs = (c: string) => `TRIM(SUBSTITUTE(${cel(c)},"\u00a0"," "))`;
  const etat = (c: string) =>
    `IF(LEN(${sansBlancs(c)})=0,"-",IF(ISNUMBER(MATCH(${sansBlancs(c)},{${COCHES_RECONNUES.map((x) => texteFormule(x)).join(',')}},0)),"x","?"))`;
  const reseau = CHAMPS_IDENTITE.find((c) => c.champ === 'candidatureEnReseau')!.nom;
  const prefixe = `IF(${formuleCritereRepute(cel(A.critere))},"R",IF(AND(${cel(A.reseau)}="Oui",${reseau}<>"Oui"),"H",""))`;
  return [prefixe, ...COLONNES_COCHE.map(etat)].join('&');
}

function formuleControle(): string {
  const cel = (c: string) => celluleDeLaLigne(TABLE_GRILLE_AUDIT, c);
  const L = cel(A.lues);
  const coche = (c: Coche) => `MID(${L},${COLONNES_COCHE.indexOf(c) + 1},1)="x"`;
  const t = texteFormule;
  return (
    `IF(LEFT(${L})="R",IF(RIGHT(${L},4)<>"----",${t(CONTROLES.cocheRepute)},${t(CONTROLES.repute)}),` +
    `IF(LEFT(${L})="H",IF(RIGHT(${L},4)<>"----",${t(CONTROLES.cocheHorsReseau)},${t(CONTROLES.horsReseau)}),` +
    `IF(ISNUMBER(FIND("?",${L})),${t(CONTROLES.invalide)},` +
    `IF(AND(${coche(A.c)},${coche(A.nc)}),${t(CONTROLES.contradictoire)},` +
    `IF(AND(NOT(${coche(A.c)}),NOT(${coche(A.nc)})),${t(CONTROLES.incomplet)},` +
    `IF(AND(OR(${coche(A.pf)},${coche(A.r)},${coche(A.nc)}),LEN(TRIM(CLEAN(SUBSTITUTE(${cel(A.constats)},"\u00a0"," "))))=0),${t(CONTROLES.constatManquant)},` +
    `${t(CONTROLES.complet)}))))))`
  );
}

export interface EntreesGrille {
  grille: SaisiesReprises;
  complementaires: SaisiesReprises;
  /** Valeurs d'en-tête déjà saisies, par champ. */
  entete: Partial<Record<ChampAudit, Valeur>>;
}

export function feuilleGrilleAudit(ref: Referentiel, e: EntreesGrille, denominationParDefaut: string, copie?: { auditeur: string; criteres: number[] }): FeuilleLayout {
  const T = TABLE_GRILLE_AUDIT;
  const coche = { horizontal: 'center' as const, vertical: 'top' as const, gras: true };
  const texte = { retourLigne: true, vertical: 'top' as const };
  const colonnes: TableauLayout['colonnes'] = [
    { entete: A.numero, largeur: 6, role: 'reference', style: { horizontal: 'center', vertical: 'top' } },
    { entete: A.critere, largeur: 8, role: 'reference', style: { horizontal: 'center', vertical: 'top' } },
    { entete: A.detail, largeur: 58, role: 'reference', style: texte },
    { entete: A.pf, largeur: 5, role: 'saisie', style: coche },
    { entete: A.c, largeur: 5, role: 'saisie', style: coche },
    { entete: A.r, largeur: 5, role: 'saisie', style: coche },
    { entete: A.nc, largeur: 5, role: 'saisie', style: coche },
    { entete: A.constats, largeur: 55, role: 'saisie', style: texte },
    { entete: A.controle, largeur: 24, role: 'formule', style: { vertical: 'top', gras: true } },
    { entete: A.reseau, largeur: 10, role: 'reference', style: { horizontal: 'center', vertical: 'top' } },
    ...e.grille.colonnesUtilisateur.map((entete) => ({ entete, largeur: 18, role: 'saisie' as const, style: texte })),
    // Masquée, elle tient la place de l'intervalle entre la grille et les constats complémentaires (colonne K).
    { entete: A.lues, largeur: 3, role: 'formule', masquee: true },
  ];
  const controle = { formule: formuleControle() };
  const lues = { formule: formuleCochesLues() };
  const lignes: Contenu[][] = tousLesDescripteurs(ref).map((d) => {
    const saisie = e.grille.saisies.get(d.numero) ?? {};
    return colonnes.map((c): Contenu => {
      switch (c.entete) {
        case A.numero:
          return d.numero;
        case A.critere:
          return d.critere;
        case A.detail:
          return `${d.numero}. ${d.ldm011}`;
        case A.controle:
          return controle;
        case A.lues:
          return lues;
        case A.reseau:
          return d.reseauUniquement ? 'Oui' : null;
        default:
          return saisie[c.entete] ?? null;
      }
    });
  });
  const tableau: TableauLayout = { nom: T, ligneEntete: LIGNE_ENTETE_GRILLE, colonneDebut: 1, colonnes, lignes, colonneCle: A.numero, style: 'TableStyleMedium2', sources: e.grille.sources };

  const colonnesCompl: TableauLayout['colonnes'] = [
    { entete: 'Critère', largeur: 8, role: 'reference', style: { horizontal: 'center', vertical: 'top' } },
    { entete: 'Axes de progrès à envisager', largeur: 45, role: 'saisie', style: texte },
    { entete: 'Points de vigilance', largeur: 45, role: 'saisie', style: texte },
    ...e.complementaires.colonnesUtilisateur.map((entete) => ({ entete, largeur: 18, role: 'saisie' as const, style: texte })),
  ];
  const complementaires: TableauLayout = {
    nom: TABLE_COMPLEMENTAIRES,
    ligneEntete: LIGNE_COMPLEMENTAIRES,
    colonneDebut: COLONNE_COMPLEMENTAIRES,
    colonneCle: 'Critère',
    style: 'TableStyleLight9',
    colonnes: colonnesCompl,
    sources: e.complementaires.sources,
    lignes: ref.criteres.map((c) => colonnesCompl.map((col) => (col.entete === 'Critère' ? c.numero : (e.complementaires.saisies.get(c.numero)?.[col.entete] ?? null)))),
  };

  const premiere = LIGNE_ENTETE_GRILLE + 1;
  const derniere = LIGNE_ENTETE_GRILLE + lignes.length;
  const lettre = (entete: string) => lettreColonne(1 + colonnes.findIndex((c) => c.entete === entete));
  const plage = (entete: string) => `${lettre(entete)}${premiere}:${lettre(entete)}${derniere}`;
  const ctl = `$${lettre(A.controle)}${premiere}`;
  const t = texteFormule;
  const rouge = { fond: 'FFC7CE', couleurTexte: '9C0006' };
  const orange = { fond: 'FFEB9C', couleurTexte: '9C5700' };
  const premiereCoche = `${lettre(A.pf)}${premiere}`;
  // Ni cochée ni comptée : « Sans objet (hors réseau) » ou « Réputé satisfait (Euroscol) ».
  const repute = `${PREFIXE_REPUTE} (`;
  const horsAudit = `OR(LEFT(${ctl},10)="Sans objet",LEFT(${ctl},${repute.length})=${t(repute)})`;
  const misesEnForme: MiseEnFormeConditionnelle[] = [
    {
      plage: `${lettre(A.pf)}${premiere}:${lettre(A.nc)}${derniere}`,
      formule: `AND(LEN(TRIM(${premiereCoche}))>0,${COCHES_RECONNUES.map((x) => `TRIM(${premiereCoche})<>${t(x)}`).join(',')})`,
      ...orange,
      gras: true,
    },
    { plage: plage(A.nc), formule: `OR(${COCHES_RECONNUES.map((x) => `TRIM(${lettre(A.nc)}${premiere})=${t(x)}`).join(',')})`, fond: 'C00000', couleurTexte: 'FFFFFF', gras: true },
    { plage: `${lettre(A.c)}${premiere}:${lettre(A.c)}${derniere}`, formule: `OR(${ctl}=${t(CONTROLES.incomplet)},${ctl}=${t(CONTROLES.contradictoire)})`, ...orange },
    { plage: plage(A.constats), formule: `${ctl}=${t(CONTROLES.constatManquant)}`, ...rouge },
    { plage: plage(A.controle), formule: `${ctl}=${t(CONTROLES.complet)}`, fond: 'C6EFCE', couleurTexte: '006100' },
    { plage: plage(A.controle), formule: horsAudit, couleurTexte: '808080' },
    { plage: plage(A.controle), formule: `AND(${ctl}<>${t(CONTROLES.complet)},NOT(${horsAudit}))`, ...rouge, gras: true },
    { plage: `${lettre(A.detail)}${premiere}:${lettre(A.detail)}${derniere}`, formule: horsAudit, couleurTexte: '808080' },
    // Copie d'un auditeur : les descripteurs de ses critères surlignés.
    ...(copie?.criteres.length
      ? [{ plage: `${lettre(A.numero)}${premiere}:${lettre(A.detail)}${derniere}`, formule: `OR(${copie.criteres.map((c) => `$${lettre(A.critere)}${premiere}=${c}`).join(',')})`, fond: 'FFF2CC', gras: true }]
      : []),
  ];

  const ch = CHAMPS_AUDIT;
  const valeurEntete = (champ: ChampAudit, defaut: Contenu = null): Contenu => {
    const v = e.entete[champ];
    if (CHAMPS_DATE_AUDIT.includes(champ)) {
      const d = lireDate(v ?? null);
      return d ? versSerieExcel(d) : (v ?? defaut);
    }
    return estVide(v) ? defaut : (v as Contenu);
  };
  const libelle = { gras: true, couleurTexte: '1F4E79' };
  const saisie = { bordure: true, fond: 'FFFFFF', retourLigne: true };
  const champ = (c: ChampAudit, defaut: Contenu = null): CelluleFixe[] => [
    { adresse: `A${CHAMPS_AUDIT[c].adresse.slice(1)}`, contenu: CHAMPS_AUDIT[c].libelle, fusion: `A${CHAMPS_AUDIT[c].adresse.slice(1)}:B${CHAMPS_AUDIT[c].adresse.slice(1)}`, style: libelle },
    {
      adresse: CHAMPS_AUDIT[c].adresse,
      contenu: valeurEntete(c, defaut),
      style: CHAMPS_DATE_AUDIT.includes(c) ? { ...saisie, format: FORMAT_DATE, horizontal: 'left' } : saisie,
    },
  ];
  const etablissement = CHAMPS_IDENTITE.find((c) => c.champ === 'etablissement')!.nom;
  const colSynthese = lettreColonne(COLONNE_COMPLEMENTAIRES);
  const finSynthese = lettreColonne(COLONNE_COMPLEMENTAIRES + 2);
  const ligneSynthese = Number(ch.synthese.adresse.slice(1));
  return {
    nom: FEUILLE_GRILLE_AUDIT,
    largeursColonnes: [...colonnes.map((c) => c.largeur), ...colonnesCompl.map((c) => c.largeur)],
    couleurOnglet: 'C00000',
    cellules: [
      { adresse: 'A1', contenu: "Grille d'audit — constats (LDM 011)", fusion: 'A1:H1', style: { gras: true, taille: 16, couleurTexte: '1F4E79' } },
      {
        adresse: 'A2',
        contenu:
          "Cocher à minima C ou NC. Justifier chaque point fort (PF), remarque (R) ou non-conformité (NC) dans « Constats ». Cochez avec x (ou ✓) ; la colonne « Contrôle » signale ce qui manque.",
        fusion: 'A2:J2',
        style: { italique: true, couleurTexte: '595959', retourLigne: true },
      },
      ...(copie
        ? [
            {
              adresse: 'A3',
              contenu: `Copie de ${copie.auditeur} — critères ${copie.criteres.join(', ')} (surlignés). Vous pouvez cocher tous les descripteurs ; le référent fusionnera les copies.`,
              fusion: 'A3:J3',
              style: { gras: true, fond: 'FFF2CC', couleurTexte: '7F6000' },
            },
          ]
        : []),
      {
        adresse: 'A15',
        contenu: 'PF : point fort (dépasse les exigences) · C : conforme · R : remarque (risque de non-conformité) · NC : non-conformité (écart répété ou systématique, fiche LDM 010). Définitions complètes : sélectionnez une case à cocher.',
        fusion: 'A15:J15',
        style: { italique: true, couleurTexte: '595959', retourLigne: true },
      },
      { adresse: 'A4', contenu: 'Établissement', fusion: 'A4:B4', style: libelle },
      { adresse: 'C4', contenu: { formule: `""&${etablissement}` }, style: { bordure: true, fond: 'F2F2F2' } },
      ...champ('denomination', denominationParDefaut || null),
      ...champ('date'),
      ...champ('type', TYPES_AUDIT[0]),
      ...champ('referent'),
      ...champ('coAuditeur1'),
      ...champ('coAuditeur2'),
      ...champ('coAuditeur3'),
      ...champ('redigePar'),
      ...champ('dateRapport'),
      ...champ('retourRapport'),
      {
        adresse: 'D5',
        contenu: { formule: `IF(COUNTA(${ch.referent.adresse},${ch.coAuditeur1.adresse}:${ch.coAuditeur3.adresse})<2,${t("L'équipe d'audit compte 2 à 4 auditeurs : indiquez le référent et au moins un co-auditeur.")},"")` },
        fusion: 'D5:H5',
        style: { italique: true, couleurTexte: 'C00000' },
      },
      { adresse: `${colSynthese}${LIGNE_COMPLEMENTAIRES - 1}`, contenu: 'Constats complémentaires (par critère)', fusion: `${colSynthese}${LIGNE_COMPLEMENTAIRES - 1}:${finSynthese}${LIGNE_COMPLEMENTAIRES - 1}`, style: { gras: true, fond: 'DDEBF7' } },
      {
        adresse: `${colSynthese}${ligneSynthese - 1}`,
        contenu: "Synthèse d'audit : conformité au référentiel, dynamique de l'établissement, amélioration continue, évolutions depuis le précédent audit, implication des personnels…",
        fusion: `${colSynthese}${ligneSynthese - 1}:${finSynthese}${ligneSynthese - 1}`,
        style: { gras: true, fond: 'DDEBF7', retourLigne: true },
      },
      {
        adresse: ch.synthese.adresse,
        contenu: valeurEntete('synthese'),
        fusion: `${ch.synthese.adresse}:${finSynthese}${ligneSynthese + 12}`,
        style: { retourLigne: true, vertical: 'top', bordure: true },
      },
    ],
    tableaux: [tableau, complementaires],
    validations: [
      ...[A.pf, A.c, A.r, A.nc].map((c) => ({
        plage: plage(c),
        valeurs: ['x', '✓'],
        titreErreur: 'Coche',
        messageErreur: 'Cochez avec x (ou ✓). Toute autre valeur sera signalée dans la colonne « Contrôle ».',
        bloquante: false,
        aide: DEFINITIONS_CONSTATS[c],
      })),
      { plage: ch.type.adresse, valeurs: [...TYPES_AUDIT], titreErreur: "Type d'audit", messageErreur: 'Choisissez le type d’audit dans la liste.', bloquante: true },
      validationDate(ch.date.adresse, "Date de l'audit"),
      ...CHAMPS_DATE_AUDIT.filter((c) => c !== 'date').map((c) => validationDate(ch[c].adresse, ch[c].libelle)),
    ],
    misesEnForme,
    nomsDefinis: (Object.keys(CHAMPS_AUDIT) as ChampAudit[])
      .filter((c) => c !== 'synthese')
      .map((c) => ({ nom: CHAMPS_AUDIT[c].nom, adresse: `$${CHAMPS_AUDIT[c].adresse[0]}$${CHAMPS_AUDIT[c].adresse.slice(1)}` })),
    miseEnPage: {
      orientation: 'landscape',
      zoneImpression: `A1:${lettre(A.controle)}${derniere}`,
      lignesRepetees: `${LIGNE_ENTETE_GRILLE}:${LIGNE_ENTETE_GRILLE}`,
      entete: "Grille d'audit — LDM 011",
      piedDePage: 'Page &P / &N',
    },
  };
}

/** Lit les lignes de la grille (coches, constats) depuis le tableau relu, pour le rapport et les constats. */
export function lignesGrille(ref: Referentiel, lu: ClasseurLu, reseau: boolean, reputes: Map<number, string> = new Map()): { lignes: LigneGrille[]; tableau?: TableauLu } {
  const tableau = lu.tableaux[TABLE_GRILLE_AUDIT];
  const { saisies } = saisiesGrille(ref, tableau);
  return {
    tableau,
    lignes: tousLesDescripteurs(ref).map((d) => {
      const s = saisies.get(d.numero) ?? {};
      const coches = parCoche((c) => lireCoche(s[c]));
      const constat = texteDe(s[A.constats]).trim();
      const horsReseau = d.reseauUniquement && !reseau;
      const reputeSatisfait = reputes.get(d.critere);
      return { numero: d.numero, critere: d.critere, coches, constat, horsReseau, reputeSatisfait, controle: controlerLigne(coches, constat, horsReseau, reputeSatisfait) };
    }),
  };
}

export function enteteLue(lu: ClasseurLu, feuille = FEUILLE_GRILLE_AUDIT): Partial<Record<ChampAudit, Valeur>> {
  return Object.fromEntries(
    (Object.keys(CHAMPS_AUDIT) as ChampAudit[]).map((c) => [c, lu.cellules[cleCellule(feuille, CHAMPS_AUDIT[c].adresse)] ?? null]),
  );
}
