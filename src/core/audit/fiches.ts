import { ClasseurLu, DemandeLecture, Localisation, cleCellule, estVide, texteDe } from '../modele/classeur';
import { CelluleFixe, Contenu, FeuilleLayout, Style, Valeur, texteEntete, texteFormule } from '../layout/types';
import { Referentiel, tousLesDescripteurs } from '../referentiel';
import { CHAMPS_AUDIT, LigneGrille } from './grille';
import { DateCivile, FORMAT_DATE, ajouterJours, comparer, contenuDate, dateCivileDe, formater, lireDate, versSerieExcel } from '../modele/dates';
import { ModeleRapport, echeancesDeLAudit } from './modeleRapport';
import { Dossier, grilleDu } from '../lecture/dossier';

export const FEUILLE_SUIVI = 'LDM 010 Suivi des écarts';
export const PREFIXE_FICHE = 'LDM 010 Écart ';
export const nomFiche = (descripteur: number) => `${PREFIXE_FICHE}${descripteur}`;


export const SAISIES_FICHE: Array<{ adresse: string; libelle: string; type: 'texte' | 'date' | 'liste'; valeurs?: string[] }> = [
  { adresse: 'B13', libelle: "Transmis à l'établissement le", type: 'date' },
  { adresse: 'B16', libelle: 'Action corrective proposée', type: 'texte' },
  { adresse: 'B17', libelle: 'Responsable', type: 'texte' },
  { adresse: 'B18', libelle: 'Date prévisionnelle de réalisation', type: 'date' },
  { adresse: 'B20', libelle: 'Retourné aux auditeurs le', type: 'date' },
  { adresse: 'B23', libelle: 'Action corrective pertinente', type: 'liste', valeurs: ['Oui', 'Non'] },
  { adresse: 'B24', libelle: 'Modalité de vérification', type: 'liste', valeurs: ['Vérification documentaire', 'Visite'] },
  { adresse: 'B25', libelle: 'Commentaires des auditeurs', type: 'texte' },
  { adresse: 'B28', libelle: 'Vérification effectuée', type: 'liste', valeurs: ['Oui', 'Non'] },
  { adresse: 'B29', libelle: 'Résultat', type: 'liste', valeurs: ['Écart levé', 'Écart maintenu'] },
  { adresse: 'B30', libelle: "Résultat transmis à l'établissement le", type: 'date' },
  { adresse: 'B31', libelle: 'Transmis au rectorat le', type: 'date' },
];
export const CELLULE_ETAT_FICHE = 'B33';
export const CELLULE_OBSOLETE = 'A3';
export const CELLULE_RESULTAT = 'B29';

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
    cellules: fiches.flatMap((feuille) => [...SAISIES_FICHE.map((s) => s.adresse), CELLULE_OBSOLETE].map((adresse) => ({ feuille, adresse }))),
  };
}

export function feuilleFiche(ref: Referentiel, m: ModeleRapport, nc: LigneGrille, rang: number, saisies: Record<string, Valeur>): FeuilleLayout {
  const d = tousLesDescripteurs(ref).find((x) => x.numero === nc.numero)!;
  const critere = ref.criteres.find((c) => c.numero === nc.critere)!;
  const e = m.echeances;
  const cellules: CelluleFixe[] = [];
  const libelle = { gras: true, retourLigne: true, vertical: 'top' as const, bordure: true, fond: 'F2F2F2' };
  const valeur = { retourLigne: true, vertical: 'top' as const, bordure: true };
  const saisie = { ...valeur, fond: 'FFF9E5' };
  const section = { gras: true, fond: '1F4E79', couleurTexte: 'FFFFFF' };
  const ajouter = (adresse: string, contenu: Contenu, style?: CelluleFixe['style'], fusion?: string) => cellules.push({ adresse, contenu, style, fusion });
  const ligne = (n: number, etiquette: string, contenu: Contenu, style: Style = valeur) => {
    ajouter(`A${n}`, etiquette, libelle);
    ajouter(`B${n}`, contenu, style);
  };
  ajouter('A1', "FICHE D'ÉCART — LDM 010", { gras: true, taille: 14, couleurTexte: '1F4E79' });
  ajouter('B2', `Fiche n°${rang}/${m.nonConformites.length}`, { gras: true, horizontal: 'right' });
  ajouter(CELLULE_OBSOLETE, null, { gras: true, couleurTexte: 'C00000' }, 'A3:B3');
  ajouter('A5', '1. Constat (rempli par les auditeurs)', section, 'A5:B5');
  ligne(6, 'Établissement', m.etablissement);
  ligne(7, 'Auditeur référent', m.referent);
  ligne(8, "Date de l'audit", contenuDate(m.dateAudit), { ...valeur, format: FORMAT_DATE, horizontal: 'left' });
  ligne(9, 'Critère', `${critere.numero} – ${critere.libelleLdm011}`);
  ligne(10, 'Énoncé', `${d.numero}. ${d.ldm011}`);
  ligne(11, 'Écart constaté', nc.constat);
  ligne(12, "À transmettre à l'établissement au plus tard le (audit + 10 jours)", contenuDate(e?.transmissionEtablissement), { ...valeur, format: FORMAT_DATE, horizontal: 'left' });
  ajouter('A15', "2. Engagements de l'établissement", section, 'A15:B15');
  ligne(19, 'À retourner aux auditeurs au plus tard le (audit + 20 jours)', contenuDate(e?.retourEtablissement), { ...valeur, format: FORMAT_DATE, horizontal: 'left' });
  ajouter('A22', '3. Avis des auditeurs (sous une semaine)', section, 'A22:B22');
  ajouter('A27', '4. Vérification', section, 'A27:B27');
  ligne(32, 'Résultat au rectorat au plus tard le', contenuDate(e?.transmissionRectorat), { ...valeur, format: FORMAT_DATE, horizontal: 'left' });
  for (const s of SAISIES_FICHE) {
    const v = saisies[s.adresse] ?? null;
    const date = s.type === 'date' ? lireDate(v) : undefined;
    ligne(Number(s.adresse.slice(1)), s.libelle, date ? versSerieExcel(date) : v, s.type === 'date' ? { ...saisie, format: FORMAT_DATE, horizontal: 'left' } : saisie);
  }
  ligne(
    Number(CELLULE_ETAT_FICHE.slice(1)),
    'État de la fiche',
    { formule: `IF(LEN(${CELLULE_OBSOLETE})>0,"Obsolète",IF(${CELLULE_RESULTAT}=${texteFormule('Écart levé')},"Levé",IF(${CELLULE_RESULTAT}=${texteFormule('Écart maintenu')},"Maintenu","Ouvert")))` },
    { ...valeur, gras: true },
  );
  return {
    nom: nomFiche(nc.numero),
    largeursColonnes: [42, 80],
    couleurOnglet: 'C00000',
    cellules,
    tableaux: [],
    validations: SAISIES_FICHE.filter((s) => s.type !== 'texte').map((s) =>
      s.type === 'date'
        ? { type: 'date' as const, plage: s.adresse, titreErreur: s.libelle, messageErreur: 'Saisissez une date (JJ/MM/AAAA).', bloquante: true }
        : { plage: s.adresse, valeurs: s.valeurs!, titreErreur: s.libelle, messageErreur: `Choisissez : ${s.valeurs!.join(' ou ')}.`, bloquante: true },
    ),
    misesEnForme: [
      { plage: CELLULE_ETAT_FICHE, formule: `${CELLULE_ETAT_FICHE}="Ouvert"`, fond: 'FFC7CE', couleurTexte: '9C0006' },
      { plage: CELLULE_ETAT_FICHE, formule: `${CELLULE_ETAT_FICHE}="Levé"`, fond: 'C6EFCE', couleurTexte: '006100' },
    ],
    nomsDefinis: [],
    miseEnPage: { orientation: 'portrait', zoneImpression: 'A1:B33', entete: `Fiche d'écart LDM 010 — ${texteEntete(m.etablissement)}`, piedDePage: 'Page &P / &N' },
  };
}

/** Une fiche dont la NC a disparu de la grille est gardée, marquée obsolète : ses saisies restent. */
export function feuilleFicheObsolete(numero: number, produitLe: Date): FeuilleLayout {
  return {
    nom: nomFiche(numero),
    largeursColonnes: [42, 80],
    cellules: [
      {
        adresse: CELLULE_OBSOLETE,
        contenu: `Fiche obsolète : le descripteur ${numero} n'est plus en non-conformité dans la grille d'audit (rapport du ${formater(dateCivileDe(produitLe))}). Conservée pour mémoire.`,
        fusion: 'A3:B3',
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
    const resultatFiche = texteDe(lu.cellules[cleCellule(feuille, CELLULE_RESULTAT)] ?? null).trim();
    const verifie = texteDe(lu.cellules[cleCellule(feuille, 'B28')] ?? null).trim().toLowerCase() !== 'non';
    // « Écart levé » ne compte qu'après vérification : « Vérification effectuée : Non » le laisse ouvert.
    if (resultatFiche === 'Écart levé' && verifie) continue;
    const retard = limite && aujourdhui && comparer(aujourdhui, limite) > 0;
    resultat.push({
      feuille,
      cellule: CELLULE_RESULTAT,
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

/**
 * Ce qui, dans les fiches d'écart, ne suit pas le cahier des charges : fiche transmise à l'établissement après
 * l'échéance (audit + 10 jours), retournée plus de 10 jours après sa transmission, « Écart levé » sans vérification.
 */
export function alertesDesFiches(d: Dossier): Array<Localisation & { kind: TypeAlerteFiche; descripteur?: number; critere?: number }> {
  const { lu, referentiel: ref } = d;
  const grille = grilleDu(d);
  const { dateAudit, echeances } = echeancesDeLAudit(d);
  const alertes: Array<Localisation & { kind: TypeAlerteFiche; descripteur?: number; critere?: number }> = [];
  if (grille && dateAudit && echeances) {
    // Le rapport est transmis au plus tard 10 jours après l'audit (cahier des charges, l.324).
    const dateRapport = lireDate(grille.entete.dateRapport ?? null);
    if (dateRapport && comparer(dateRapport, echeances.transmissionEtablissement) > 0) {
      alertes.push({ kind: 'echeance-depassee', feuille: grille.tableau.feuille, cellule: CHAMPS_AUDIT.dateRapport.adresse, message: `Rapport daté du ${formater(dateRapport)}, plus de ${d.profil.delais.transmission} jours après l'audit du ${formater(dateAudit)} : il doit être transmis au plus tard le ${formater(echeances.transmissionEtablissement)}.` });
    }
    // Un audit tardif : les délais des fiches (retour de l'établissement) dépassent l'échéance du 30 septembre.
    if (echeances.transmissionRectorat && comparer(echeances.retourEtablissement, echeances.transmissionRectorat) > 0 && comparer(dateAudit, echeances.transmissionRectorat) <= 0) {
      alertes.push({ kind: 'echeance-depassee', feuille: grille.tableau.feuille, cellule: CHAMPS_AUDIT.date.adresse, message: `Audit du ${formater(dateAudit)} : le retour des fiches d'écart (au plus tard le ${formater(echeances.retourEtablissement)}) tombe après l'échéance du ${formater(echeances.transmissionRectorat)} ; les non-conformités ne pourront pas être levées à temps sans raccourcir les délais.` });
    }
  }
  for (const n of fichesExistantes(lu)) {
    const feuille = nomFiche(n);
    const saisie = (adresse: string) => lu.cellules[cleCellule(feuille, adresse)] ?? null;
    if (!estVide(saisie(CELLULE_OBSOLETE))) continue;
    const base = { feuille, descripteur: n, critere: tousLesDescripteurs(ref).find((x) => x.numero === n)?.critere };
    const transmise = lireDate(saisie('B13'));
    const retournee = lireDate(saisie('B20'));
    if (echeances && transmise && comparer(transmise, echeances.transmissionEtablissement) > 0) {
      alertes.push({ ...base, kind: 'echeance-depassee', cellule: 'B13', message: `Fiche d'écart du descripteur ${n} transmise à l'établissement le ${formater(transmise)}, après l'échéance du ${formater(echeances.transmissionEtablissement)} (audit + ${d.profil.delais.transmission} jours).` });
    }
    if (transmise && retournee) {
      const limiteRetour = ajouterJours(transmise, d.profil.delais.retour);
      if (comparer(retournee, limiteRetour) > 0) {
        alertes.push({ ...base, kind: 'echeance-depassee', cellule: 'B20', message: `Fiche d'écart du descripteur ${n} retournée aux auditeurs le ${formater(retournee)}, plus de ${d.profil.delais.retour} jours après sa transmission (au plus tard le ${formater(limiteRetour)}).` });
      }
    }
    if (texteDe(saisie(CELLULE_RESULTAT)).trim() === 'Écart levé' && texteDe(saisie('B28')).trim().toLowerCase() === 'non') {
      alertes.push({ ...base, kind: 'valeur-invalide', cellule: 'B28', message: `Fiche d'écart du descripteur ${n} : « Écart levé » alors que « Vérification effectuée » est « Non » ; l'écart reste ouvert tant qu'il n'est pas vérifié.` });
    }
  }
  return alertes;
}

