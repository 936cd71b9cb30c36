import { ClasseurLu, DemandeLecture, Localisation, cleCellule, estVide, texteDe } from '../modele/classeur';
import { CelluleFixe, Contenu, FeuilleLayout, Style, Valeur, texteEntete, texteFormule, validationDate } from '../layout/types';
import { Referentiel, tousLesDescripteurs } from '../referentiel';
import { CHAMPS_AUDIT, LigneGrille } from './grille';
import { DateCivile, FORMAT_DATE, ajouterJours, comparer, contenuDate, dateCivileDe, formater, lireDate, versSerieExcel } from '../modele/dates';
import { ModeleRapport, echeancesDeLAudit } from './modeleRapport';
import { Dossier, grilleDu } from '../lecture/dossier';

export const FEUILLE_SUIVI = 'LDM 010 Suivi des écarts';
export const PREFIXE_FICHE = 'LDM 010 Écart ';
export const nomFiche = (descripteur: number) => `${PREFIXE_FICHE}${descripteur}`;


export type CleSaisieFiche =
  | 'melEtablissement'
  | 'melReferent'
  | 'transmissionEtablissement'
  | 'engagements'
  | 'responsable'
  | 'datePrevue'
  | 'retourAuditeurs'
  | 'pertinente'
  | 'commentairePoint2'
  | 'verificationPrevue'
  | 'transmissionPoint3'
  | 'verificationEffectuee'
  | 'resultat'
  | 'commentairesVerification'
  | 'transmissionResultat'
  | 'transmissionRectorat';

export interface SaisieFiche {
  cle: CleSaisieFiche;
  adresse: string;
  libelle: string;
  type: 'texte' | 'date' | 'liste';
  valeurs?: string[];
  /** Zone de texte libre : assez haute pour y écrire à la main sur la fiche imprimée. */
  haute?: boolean;
}

/** Les saisies de la fiche, à leur place dans le formulaire LDM 010 (cahier des charges, l.1110-1158). */
export const SAISIES_FICHE: SaisieFiche[] = [
  { cle: 'melEtablissement', adresse: 'B6', libelle: 'Mél :', type: 'texte' },
  { cle: 'melReferent', adresse: 'B8', libelle: 'Mél :', type: 'texte' },
  { cle: 'transmissionEtablissement', adresse: 'B14', libelle: "Date de transmission à l'établissement (par mél, délai : audit + 10 j) :", type: 'date' },
  { cle: 'engagements', adresse: 'B16', libelle: 'Engagements et/ou actions proposés :', type: 'texte', haute: true },
  { cle: 'responsable', adresse: 'B17', libelle: 'Responsable :', type: 'texte' },
  { cle: 'datePrevue', adresse: 'B18', libelle: 'Date prévisionnelle de mise en œuvre :', type: 'date' },
  { cle: 'retourAuditeurs', adresse: 'B19', libelle: "Date de transmission de la fiche au référent d'audit (par mél, délai : audit + 20 j) :", type: 'date' },
  { cle: 'pertinente', adresse: 'B21', libelle: 'Action corrective pertinente :', type: 'liste', valeurs: ['Oui', 'Non'] },
  { cle: 'commentairePoint2', adresse: 'B22', libelle: 'Commentaire éventuel :', type: 'texte', haute: true },
  { cle: 'verificationPrevue', adresse: 'B23', libelle: 'Type de vérification prévue :', type: 'liste', valeurs: ['Vérification documentaire', 'Visite de vérification'] },
  { cle: 'transmissionPoint3', adresse: 'B24', libelle: "Date de transmission du point 3 à l'établissement (par mél, délai une semaine) :", type: 'date' },
  { cle: 'verificationEffectuee', adresse: 'B26', libelle: 'Vérification prévue effectuée :', type: 'liste', valeurs: ['Oui', 'Non'] },
  { cle: 'resultat', adresse: 'B27', libelle: 'Écart maintenu / Écart levé :', type: 'liste', valeurs: ['Écart maintenu', 'Écart levé'] },
  { cle: 'commentairesVerification', adresse: 'B28', libelle: 'Commentaires éventuels des auditeurs :', type: 'texte', haute: true },
  { cle: 'transmissionResultat', adresse: 'B29', libelle: "Date de transmission du résultat à l'établissement (par mél) :", type: 'date' },
  { cle: 'transmissionRectorat', adresse: 'B30', libelle: 'Date de transmission au rectorat', type: 'date' },
];
const SAISIE = Object.fromEntries(SAISIES_FICHE.map((s) => [s.cle, s])) as Record<CleSaisieFiche, SaisieFiche>;

/**
 * Les fiches produites avant la version 0.3 (deux colonnes, saisies en B13…B31) : reconnues à leur libellé en A13,
 * leurs saisies reprises à leur ancienne place puis réécrites dans le formulaire actuel.
 */
const FICHE_V1 = {
  marqueur: { adresse: 'A13', libelle: "Transmis à l'établissement le" },
  zone: 'A1:B33',
  adresses: {
    transmissionEtablissement: 'B13',
    engagements: 'B16',
    responsable: 'B17',
    datePrevue: 'B18',
    retourAuditeurs: 'B20',
    pertinente: 'B23',
    verificationPrevue: 'B24',
    commentairePoint2: 'B25',
    verificationEffectuee: 'B28',
    resultat: 'B29',
    transmissionResultat: 'B30',
    transmissionRectorat: 'B31',
  } as Partial<Record<CleSaisieFiche, string>>,
  valeursRenommees: { Visite: 'Visite de vérification' } as Record<string, string>,
};

export const CELLULE_ETAT_FICHE = 'B31';
export const CELLULE_OBSOLETE = 'A3';
const LIGNE_SIGNATURES = 33;

/** Les saisies d'une fiche existante, et la cellule où chacune se trouve (l'ancienne place pour une fiche d'avant 0.3). */
export interface SaisiesFiche {
  valeurs: Record<CleSaisieFiche, Valeur>;
  adresses: Record<CleSaisieFiche, string>;
  /** Fiche à l'ancienne mise en page : sa zone est effacée avant d'écrire le formulaire actuel. */
  ancienne: boolean;
}

export function saisiesDeFiche(lu: ClasseurLu, descripteur: number): SaisiesFiche {
  const feuille = nomFiche(descripteur);
  const lire = (adresse: string) => lu.cellules[cleCellule(feuille, adresse)] ?? null;
  const ancienne = texteDe(lire(FICHE_V1.marqueur.adresse)).trim() === FICHE_V1.marqueur.libelle;
  const valeurs = {} as Record<CleSaisieFiche, Valeur>;
  const adresses = {} as Record<CleSaisieFiche, string>;
  for (const s of SAISIES_FICHE) {
    const adresse = ancienne ? FICHE_V1.adresses[s.cle] : s.adresse;
    const v = adresse ? lire(adresse) : null;
    adresses[s.cle] = adresse ?? s.adresse;
    valeurs[s.cle] = ancienne && typeof v === 'string' ? (FICHE_V1.valeursRenommees[v.trim()] ?? v) : v;
  }
  return { valeurs, adresses, ancienne };
}

export function fichesExistantes(lu: ClasseurLu): number[] {
  return lu.feuilles
    .filter((f) => f.startsWith(PREFIXE_FICHE))
    .map((f) => Number(f.slice(PREFIXE_FICHE.length)))
    .filter((n) => Number.isInteger(n))
    .sort((a, b) => a - b);
}

/** Seconde lecture : les saisies des fiches existantes (on ne sait lesquelles existent qu'après la première). */
export function demandeLectureFiches(feuilles: string[]): DemandeLecture {
  const fiches = feuilles.filter((f) => f.startsWith(PREFIXE_FICHE));
  return {
    tableaux: [],
    cellules: fiches.flatMap((feuille) =>
      [...new Set([...SAISIES_FICHE.map((s) => s.adresse), ...Object.values(FICHE_V1.adresses), FICHE_V1.marqueur.adresse, CELLULE_OBSOLETE])].map((adresse) => ({ feuille, adresse })),
    ),
  };
}

export function feuilleFiche(ref: Referentiel, m: ModeleRapport, nc: LigneGrille, rang: number, existante?: SaisiesFiche): FeuilleLayout {
  const d = tousLesDescripteurs(ref).find((x) => x.numero === nc.numero)!;
  const critere = ref.criteres.find((c) => c.numero === nc.critere)!;
  const e = m.echeances;
  const cellules: CelluleFixe[] = [];
  const libelle = { gras: true, retourLigne: true, vertical: 'top' as const, bordure: true, fond: 'F2F2F2' };
  const valeur = { retourLigne: true, vertical: 'top' as const, bordure: true };
  const saisie = { ...valeur, fond: 'FFF9E5' };
  const date = { ...valeur, format: FORMAT_DATE, horizontal: 'left' as const };
  const echeance = { ...date, italique: true, couleurTexte: '595959', format: `"au plus tard le "${FORMAT_DATE}` };
  const section = { gras: true, fond: '1F4E79', couleurTexte: 'FFFFFF' };
  const ajouter = (adresse: string, contenu: Contenu, style?: CelluleFixe['style'], fusion?: string) => cellules.push({ adresse, contenu, style, fusion });
  /** Une ligne du formulaire : libellé en A, valeur en B (sur B:C, ou en B avec l'échéance en C). */
  const ligne = (n: number, etiquette: string, contenu: Contenu, style: Style = valeur, aCote?: { contenu: Contenu; style: Style }) => {
    ajouter(`A${n}`, etiquette, libelle);
    ajouter(`B${n}`, contenu, style, aCote ? undefined : `B${n}:C${n}`);
    if (aCote) ajouter(`C${n}`, aCote.contenu, aCote.style);
  };
  const titreSection = (n: number, texte: string) => ajouter(`A${n}`, texte, section, `A${n}:C${n}`);
  const echeances: Partial<Record<CleSaisieFiche, Contenu>> = {
    transmissionEtablissement: contenuDate(e?.transmissionEtablissement),
    retourAuditeurs: contenuDate(e?.retourEtablissement),
    // Le point 3 part au plus tard une semaine après le retour de la fiche (l.1142).
    transmissionPoint3: { formule: `IF(ISNUMBER(${SAISIE.retourAuditeurs.adresse}),${SAISIE.retourAuditeurs.adresse}+7,"")` },
    transmissionRectorat: contenuDate(e?.transmissionRectorat),
  };
  ajouter('A1', "FICHE D'ÉCART", { gras: true, taille: 14, couleurTexte: '1F4E79' }, 'A1:B1');
  ajouter('C1', 'LDM 010', { gras: true, taille: 14, couleurTexte: '1F4E79', horizontal: 'right' });
  ajouter(CELLULE_OBSOLETE, null, { gras: true, couleurTexte: 'C00000' }, 'A3:C3');
  ligne(5, 'Établissement :', m.etablissement);
  ligne(7, "Référent d'audit :", m.referent);
  ligne(9, "Date de l'audit :", contenuDate(m.dateAudit), date, { contenu: `Fiche n° : ${rang}/${m.nonConformites.length}`, style: { ...valeur, gras: true, horizontal: 'right' } });
  titreSection(10, '1. Constat auditeurs');
  ligne(11, 'Critère n° :', `${critere.numero} – ${critere.libelleLdm011}`);
  ligne(12, 'Énoncé du critère :', `${d.numero}. ${d.ldm011}`);
  ligne(13, 'Écart constaté :', nc.constat);
  titreSection(15, "2. Engagements et/ou actions proposés par l'établissement");
  titreSection(20, '3. Commentaires des auditeurs par rapport au point 2');
  titreSection(25, "4. Vérification de l'exécution de la correction par les auditeurs");
  for (const s of SAISIES_FICHE) {
    const v = existante?.valeurs[s.cle] ?? null;
    const jour = s.type === 'date' ? lireDate(v) : undefined;
    let etiquette = s.libelle;
    // Imprimée pour être remplie à la main, la fiche montre les choix de chaque liste, comme les cases du formulaire.
    if (s.valeurs && !s.valeurs.every((x) => s.libelle.includes(x))) etiquette = `${s.libelle.replace(/ :$/, '')} (${s.valeurs.join(' / ')}) :`;
    if (s.cle === 'transmissionRectorat') {
      // L'adresse et l'échéance du 30 septembre viennent du profil régional et du type d'audit.
      etiquette += `${m.adresseRectorat ? ` (${m.adresseRectorat})` : ''}${e?.transmissionRectorat ? ` (au plus tard le ${formater(e.transmissionRectorat).slice(0, 5)})` : ''} :`;
    }
    const style = s.type === 'date' ? { ...saisie, format: FORMAT_DATE, horizontal: 'left' as const } : saisie;
    const aCote = s.type === 'date' ? { contenu: echeances[s.cle] ?? null, style: echeance } : undefined;
    ligne(Number(s.adresse.slice(1)), etiquette, jour ? versSerieExcel(jour) : v, style, aCote);
  }
  const r = (cle: CleSaisieFiche) => SAISIE[cle].adresse;
  ligne(
    Number(CELLULE_ETAT_FICHE.slice(1)),
    'État de la fiche',
    // « Écart levé » ne vaut qu'après une vérification effectuée (même règle que ldm check).
    {
      formule: `IF(LEN(${CELLULE_OBSOLETE})>0,"Obsolète",IF(AND(${r('resultat')}=${texteFormule('Écart levé')},${r('verificationEffectuee')}<>"Non"),"Levé",IF(${r('resultat')}=${texteFormule('Écart maintenu')},"Maintenu","Ouvert")))`,
    },
    { ...valeur, gras: true },
  );
  ajouter(`A${LIGNE_SIGNATURES}`, 'Auditeurs', { ...libelle, horizontal: 'center' });
  ajouter(`B${LIGNE_SIGNATURES}`, 'Établissement', { ...libelle, horizontal: 'center' }, `B${LIGNE_SIGNATURES}:C${LIGNE_SIGNATURES}`);
  ajouter(`A${LIGNE_SIGNATURES + 1}`, null, valeur);
  ajouter(`B${LIGNE_SIGNATURES + 1}`, null, valeur, `B${LIGNE_SIGNATURES + 1}:C${LIGNE_SIGNATURES + 1}`);
  const hautes = [...SAISIES_FICHE.filter((s) => s.haute).map((s) => Number(s.adresse.slice(1))), LIGNE_SIGNATURES + 1];
  const dates = SAISIES_FICHE.filter((s) => s.type === 'date' && echeances[s.cle] !== undefined).map((s) => s.adresse);
  return {
    nom: nomFiche(nc.numero),
    largeursColonnes: [36, 56, 22],
    couleurOnglet: 'C00000',
    cellules,
    tableaux: [],
    validations: SAISIES_FICHE.filter((s) => s.type !== 'texte').map((s) =>
      s.type === 'date'
        ? validationDate(s.adresse, s.libelle.replace(/ :$/, ''))
        : { plage: s.adresse, valeurs: s.valeurs!, titreErreur: s.libelle.replace(/ :$/, ''), messageErreur: `Choisissez : ${s.valeurs!.join(' ou ')}.`, bloquante: true },
    ),
    misesEnForme: [
      { plage: CELLULE_ETAT_FICHE, formule: `${CELLULE_ETAT_FICHE}="Ouvert"`, fond: 'FFC7CE', couleurTexte: '9C0006' },
      { plage: CELLULE_ETAT_FICHE, formule: `${CELLULE_ETAT_FICHE}="Levé"`, fond: 'C6EFCE', couleurTexte: '006100' },
      // Une date saisie après son échéance (colonne C) : en rouge, sans le complément.
      ...dates.map((a) => {
        const c = `C${a.slice(1)}`;
        return { plage: a, formule: `AND(ISNUMBER(${a}),ISNUMBER(${c}),${a}>${c})`, fond: 'FFC7CE', couleurTexte: '9C0006' };
      }),
    ],
    nomsDefinis: [],
    hauteursMin: Object.fromEntries(hautes.map((l) => [l, 60])),
    effacer: existante?.ancienne ? FICHE_V1.zone : undefined,
    miseEnPage: { orientation: 'portrait', zoneImpression: `A1:C${LIGNE_SIGNATURES + 1}`, entete: `Fiche d'écart LDM 010 — ${texteEntete(m.etablissement)}`, piedDePage: 'Page &P / &N' },
  };
}

/** Une fiche dont la NC a disparu de la grille est gardée, marquée obsolète : ses saisies restent. */
export function feuilleFicheObsolete(numero: number, produitLe: Date): FeuilleLayout {
  return {
    nom: nomFiche(numero),
    largeursColonnes: [36, 56, 22],
    cellules: [
      {
        adresse: CELLULE_OBSOLETE,
        contenu: `Fiche obsolète : le descripteur ${numero} n'est plus en non-conformité dans la grille d'audit (rapport du ${formater(dateCivileDe(produitLe))}). Conservée pour mémoire.`,
        fusion: 'A3:C3',
        style: { gras: true, couleurTexte: 'C00000', retourLigne: true },
      },
    ],
    tableaux: [],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
    couleurOnglet: '7F7F7F',
  };
}

export function feuilleSuivi(m: ModeleRapport, obsoletes: number[]): FeuilleLayout {
  const entete = { gras: true, fond: '1F4E79', couleurTexte: 'FFFFFF', bordure: true, retourLigne: true };
  const cellules: CelluleFixe[] = [
    { adresse: 'A1', contenu: 'Suivi des fiches d’écart (LDM 010)', style: { gras: true, taille: 14, couleurTexte: '1F4E79' }, fusion: 'A1:F1' },
    {
      adresse: 'A2',
      contenu: !m.echeances ? "Date de l'audit non renseignée." : m.echeances.transmissionRectorat ? `Résultat de chaque fiche au rectorat au plus tard le ${formater(m.echeances.transmissionRectorat)}.` : `${m.typeAudit} : pas d'échéance au 30 septembre ; les écarts sont suivis dans le plan d'actions.`,
      style: { italique: true },
      fusion: 'A2:F2',
    },
  ];
  ['Fiche', 'Descripteur', 'Critère', 'Écart constaté', 'Feuille', 'État'].forEach((h, i) => cellules.push({ adresse: `${'ABCDEF'[i]}4`, contenu: h, style: entete }));
  const lignes = [...m.nonConformites.map((nc, i) => ({ numero: nc.numero, critere: nc.critere, fiche: `${i + 1}/${m.nonConformites.length}`, constat: nc.constat })), ...obsoletes.map((n) => ({ numero: n, critere: null as number | null, fiche: '—', constat: '' }))];
  const ligne0 = 5;
  lignes.forEach((x, i) => {
    const l = ligne0 + i;
    const style = { bordure: true, retourLigne: true, vertical: 'top' as const };
    cellules.push(
      { adresse: `A${l}`, contenu: x.fiche, style },
      { adresse: `B${l}`, contenu: x.numero, style },
      { adresse: `C${l}`, contenu: x.critere, style },
      { adresse: `D${l}`, contenu: x.constat, style },
      { adresse: `E${l}`, contenu: nomFiche(x.numero), style },
      { adresse: `F${l}`, contenu: { formule: `'${nomFiche(x.numero)}'!${CELLULE_ETAT_FICHE.replace(/([A-Z]+)(\d+)/, '$$$1$$$2')}` }, style: { ...style, gras: true } },
    );
  });
  if (!lignes.length) cellules.push({ adresse: `A${ligne0}`, contenu: 'Aucune non-conformité : aucune fiche d’écart.', fusion: `A${ligne0}:F${ligne0}` });
  const derniere = ligne0 + Math.max(lignes.length, 1) - 1;
  return {
    nom: FEUILLE_SUIVI,
    remplacer: true,
    largeursColonnes: [9, 12, 9, 60, 22, 14],
    couleurOnglet: 'C00000',
    cellules,
    tableaux: [],
    validations: [],
    misesEnForme: [
      { plage: `F${ligne0}:F${derniere}`, formule: `F${ligne0}="Ouvert"`, fond: 'FFC7CE', couleurTexte: '9C0006' },
      { plage: `F${ligne0}:F${derniere}`, formule: `F${ligne0}="Levé"`, fond: 'C6EFCE', couleurTexte: '006100' },
    ],
    nomsDefinis: [],
    miseEnPage: { orientation: 'landscape', zoneImpression: `A1:F${derniere}`, lignesRepetees: '4:4' },
  };
}


/** Les fiches d'écart encore ouvertes (ni levées, ni obsolètes), avec leur échéance. */
export function ecartsOuverts(d: Dossier, aujourdhui?: DateCivile): Array<Localisation & { descripteur: number; critere?: number }> {
  const { lu, referentiel: ref } = d;
  const limite = echeancesDeLAudit(d).echeances?.transmissionRectorat;
  const resultat: Array<Localisation & { descripteur: number; critere?: number }> = [];
  for (const n of fichesExistantes(lu)) {
    const feuille = nomFiche(n);
    if (!estVide(lu.cellules[cleCellule(feuille, CELLULE_OBSOLETE)] ?? null)) continue;
    const { valeurs, adresses } = saisiesDeFiche(lu, n);
    const resultatFiche = texteDe(valeurs.resultat).trim();
    // « Écart levé » ne compte qu'après vérification : « Vérification prévue effectuée : Non » le laisse ouvert.
    if (resultatFiche === 'Écart levé' && texteDe(valeurs.verificationEffectuee).trim().toLowerCase() !== 'non') continue;
    const retard = limite && aujourdhui && comparer(aujourdhui, limite) > 0;
    resultat.push({
      feuille,
      cellule: adresses.resultat,
      descripteur: n,
      critere: tousLesDescripteurs(ref).find((d) => d.numero === n)?.critere,
      message:
        `Fiche d'écart du descripteur ${n} ${resultatFiche === 'Écart maintenu' ? 'maintenue' : 'ouverte'}` +
        (limite ? ` : résultat attendu au rectorat au plus tard le ${formater(limite)}${retard ? ' — ÉCHÉANCE DÉPASSÉE' : ''}.` : '.'),
    });
  }
  return resultat;
}

export type TypeAlerteFiche = 'echeance-depassee' | 'valeur-invalide';

/** Jours laissés aux auditeurs pour transmettre le point 3 après le retour de la fiche (l.1142). */
const DELAI_POINT_3 = 7;

/**
 * Ce qui, dans le rapport et les fiches d'écart, ne suit pas le cahier des charges : rapport transmis plus de 10 jours
 * après l'audit ou retourné par l'établissement plus de 10 jours après, fiche transmise après l'échéance, retournée
 * plus de 10 jours après sa transmission, point 3 transmis plus d'une semaine après le retour, « Écart levé » sans
 * vérification.
 */
export function alertesDesFiches(d: Dossier): Array<Localisation & { kind: TypeAlerteFiche; descripteur?: number; critere?: number }> {
  const { lu, referentiel: ref } = d;
  const grille = grilleDu(d);
  const { dateAudit, echeances } = echeancesDeLAudit(d);
  const alertes: Array<Localisation & { kind: TypeAlerteFiche; descripteur?: number; critere?: number }> = [];
  const dateRapport = grille ? lireDate(grille.entete.dateRapport ?? null) : undefined;
  if (grille && dateAudit && echeances) {
    // Le rapport est transmis au plus tard 10 jours après l'audit (cahier des charges, l.324).
    if (dateRapport && comparer(dateRapport, echeances.transmissionEtablissement) > 0) {
      alertes.push({ kind: 'echeance-depassee', feuille: grille.tableau.feuille, cellule: CHAMPS_AUDIT.dateRapport.adresse, message: `Rapport daté du ${formater(dateRapport)}, plus de ${d.profil.delais.transmission} jours après l'audit du ${formater(dateAudit)} : il doit être transmis au plus tard le ${formater(echeances.transmissionEtablissement)}.` });
    }
    // Un audit tardif : les délais des fiches (retour de l'établissement) dépassent l'échéance du 30 septembre.
    if (echeances.transmissionRectorat && comparer(echeances.retourEtablissement, echeances.transmissionRectorat) > 0 && comparer(dateAudit, echeances.transmissionRectorat) <= 0) {
      alertes.push({ kind: 'echeance-depassee', feuille: grille.tableau.feuille, cellule: CHAMPS_AUDIT.date.adresse, message: `Audit du ${formater(dateAudit)} : le retour des fiches d'écart (au plus tard le ${formater(echeances.retourEtablissement)}) tombe après l'échéance du ${formater(echeances.transmissionRectorat)} ; les non-conformités ne pourront pas être levées à temps sans raccourcir les délais.` });
    }
  }
  // Le chef d'établissement retourne le rapport dans les 10 jours (l.326).
  const retourRapport = grille ? lireDate(grille.entete.retourRapport ?? null) : undefined;
  if (grille && dateRapport && retourRapport) {
    const limite = ajouterJours(dateRapport, d.profil.delais.retour);
    if (comparer(retourRapport, limite) > 0) {
      alertes.push({ kind: 'echeance-depassee', feuille: grille.tableau.feuille, cellule: CHAMPS_AUDIT.retourRapport.adresse, message: `Rapport retourné par l'établissement le ${formater(retourRapport)}, plus de ${d.profil.delais.retour} jours après le rapport du ${formater(dateRapport)} (au plus tard le ${formater(limite)}).` });
    }
  }
  for (const n of fichesExistantes(lu)) {
    const feuille = nomFiche(n);
    if (!estVide(lu.cellules[cleCellule(feuille, CELLULE_OBSOLETE)] ?? null)) continue;
    const { valeurs, adresses } = saisiesDeFiche(lu, n);
    const base = { feuille, descripteur: n, critere: tousLesDescripteurs(ref).find((x) => x.numero === n)?.critere };
    const transmise = lireDate(valeurs.transmissionEtablissement);
    const retournee = lireDate(valeurs.retourAuditeurs);
    const point3 = lireDate(valeurs.transmissionPoint3);
    if (echeances && transmise && comparer(transmise, echeances.transmissionEtablissement) > 0) {
      alertes.push({ ...base, kind: 'echeance-depassee', cellule: adresses.transmissionEtablissement, message: `Fiche d'écart du descripteur ${n} transmise à l'établissement le ${formater(transmise)}, après l'échéance du ${formater(echeances.transmissionEtablissement)} (audit + ${d.profil.delais.transmission} jours).` });
    }
    if (transmise && retournee) {
      const limiteRetour = ajouterJours(transmise, d.profil.delais.retour);
      if (comparer(retournee, limiteRetour) > 0) {
        alertes.push({ ...base, kind: 'echeance-depassee', cellule: adresses.retourAuditeurs, message: `Fiche d'écart du descripteur ${n} retournée aux auditeurs le ${formater(retournee)}, plus de ${d.profil.delais.retour} jours après sa transmission (au plus tard le ${formater(limiteRetour)}).` });
      }
    }
    if (retournee && point3 && comparer(point3, ajouterJours(retournee, DELAI_POINT_3)) > 0) {
      alertes.push({ ...base, kind: 'echeance-depassee', cellule: adresses.transmissionPoint3, message: `Fiche d'écart du descripteur ${n} : point 3 transmis à l'établissement le ${formater(point3)}, plus d'une semaine après le retour de la fiche du ${formater(retournee)} (au plus tard le ${formater(ajouterJours(retournee, DELAI_POINT_3))}).` });
    }
    if (texteDe(valeurs.resultat).trim() === 'Écart levé' && texteDe(valeurs.verificationEffectuee).trim().toLowerCase() === 'non') {
      alertes.push({ ...base, kind: 'valeur-invalide', cellule: adresses.verificationEffectuee, message: `Fiche d'écart du descripteur ${n} : « Écart levé » alors que « Vérification prévue effectuée » est « Non » ; l'écart reste ouvert tant qu'il n'est pas vérifié.` });
    }
  }
  return alertes;
}
