import { ClasseurIllisible, ClasseurLu, DemandeLecture, Localisation, cleCellule, estVide, texteDe } from '../classeur';
import { referentielDuClasseur, verifierSchema } from '../generation';
import { identiteLue } from '../layout/piloteLdm';
import { celluleDuTableau, lignesParCle, reprendreSaisies } from '../layout/saisies';
import { CelluleFixe, Contenu, FeuilleLayout, Style, Valeur, texteFormule } from '../layout/types';
import { Referentiel, tousLesDescripteurs } from '../referentiel';
import {
  CHAMPS_AUDIT,
  COLONNES_AUDIT,
  COLONNES_COCHE,
  CONTROLES,
  Coche,
  FEUILLE_GRILLE_AUDIT,
  LigneGrille,
  TABLE_COMPLEMENTAIRES,
  TABLE_GRILLE_AUDIT,
  TYPES_AUDIT,
  enteteLue,
  lignesGrille,
} from './grille';
import { DateCivile, Echeances, FORMAT_DATE, comparer, echeancesFicheEcart, formater, lireDate, versSerieExcel } from './dates';

export const FEUILLE_RAPPORT = "LDM 011 Rapport d'audit";
export const FEUILLE_SUIVI = 'LDM 010 Suivi des écarts';
export const PREFIXE_FICHE = 'LDM 010 Écart ';
export const nomFiche = (descripteur: number) => `${PREFIXE_FICHE}${descripteur}`;

export type TypeAnomalie = 'grille-incomplete' | 'grille-contradictoire' | 'constat-manquant' | 'valeur-invalide';

export interface AnomalieGrille {
  kind: TypeAnomalie;
  critere?: number;
  descripteur?: number;
  sheet: string;
  cell: string;
  message: string;
}

export class RapportBloque extends Error {
  constructor(public readonly anomalies: AnomalieGrille[]) {
    super(
      `Le rapport n'a pas été produit : la grille d'audit présente ${anomalies.length} anomalie(s). Corrigez-les, ou acceptez-les explicitement.\n` +
        anomalies.map((a) => `- ${a.sheet}!${a.cell} : ${a.message}`).join('\n'),
    );
  }
}

/** Les anomalies de la grille : elles bloquent le rapport tant qu'elles ne sont ni corrigées ni acceptées. */
export function anomaliesGrille(ref: Referentiel, lu: ClasseurLu): AnomalieGrille[] {
  const reseau = identiteLue(lu).candidatureEnReseau ?? false;
  const { lignes, tableau } = lignesGrille(ref, lu, reseau);
  if (!tableau) return [];
  const position = lignesParCle(tableau, COLONNES_AUDIT.numero);
  const anomalies: AnomalieGrille[] = [];
  for (const l of lignes) {
    const ligne = position.get(l.numero);
    if (ligne === undefined) continue;
    const base = { critere: l.critere, descripteur: l.numero, sheet: tableau.feuille };
    const cel = (col: string) => celluleDuTableau(tableau, ligne, col);
    switch (l.controle) {
      case CONTROLES.invalide:
        for (const c of COLONNES_COCHE.filter((c) => l.coches[c] === 'invalide')) {
          anomalies.push({ ...base, kind: 'valeur-invalide', cell: cel(c), message: `descripteur ${l.numero}, colonne ${c} : valeur non reconnue comme une coche. Cochez avec x (ou ✓), ou videz la cellule.` });
        }
        break;
      case CONTROLES.cocheHorsReseau:
        anomalies.push({ ...base, kind: 'valeur-invalide', cell: cel(COLONNES_AUDIT.pf), message: `descripteur ${l.numero} : réservé aux candidatures en réseau, il est sans objet ici ; videz ses coches (ou indiquez une candidature en réseau dans « Pilote LDM »).` });
        break;
      case CONTROLES.contradictoire:
        anomalies.push({ ...base, kind: 'grille-contradictoire', cell: cel(COLONNES_AUDIT.c), message: `descripteur ${l.numero} : C et NC sont cochés ensemble. Gardez l'un des deux.` });
        break;
      case CONTROLES.incomplet:
        anomalies.push({ ...base, kind: 'grille-incomplete', cell: cel(COLONNES_AUDIT.c), message: `descripteur ${l.numero} : ni C ni NC n'est coché (« cocher à minima C ou NC »).` });
        break;
      case CONTROLES.constatManquant:
        anomalies.push({ ...base, kind: 'constat-manquant', cell: cel(COLONNES_AUDIT.constats), message: `descripteur ${l.numero} : un point fort, une remarque ou une non-conformité doit être justifié dans « Constats ».` });
        break;
      default:
    }
  }
  const entete = enteteLue(lu, tableau.feuille);
  for (const champ of ['date', 'dateRapport'] as const) {
    const v = entete[champ];
    if (!estVide(v) && !lireDate(v ?? null)) {
      anomalies.push({ kind: 'valeur-invalide', sheet: tableau.feuille, cell: CHAMPS_AUDIT[champ].adresse, message: `« ${texteDe(v)} » n'est pas une date : saisissez-la au format JJ/MM/AAAA.` });
    }
  }
  if (estVide(entete.date)) {
    anomalies.push({ kind: 'grille-incomplete', sheet: tableau.feuille, cell: CHAMPS_AUDIT.date.adresse, message: "la date de l'audit manque : elle fixe les échéances des fiches d'écart." });
  }
  if (!TYPES_AUDIT.includes(texteDe(entete.type).trim() as (typeof TYPES_AUDIT)[number])) {
    anomalies.push({ kind: 'valeur-invalide', sheet: tableau.feuille, cell: CHAMPS_AUDIT.type.adresse, message: `type d'audit « ${texteDe(entete.type)} » inconnu : choisissez ${TYPES_AUDIT.join(', ')}.` });
  }
  const auditeurs = (['referent', 'coAuditeur1', 'coAuditeur2', 'coAuditeur3'] as const).filter((c) => !estVide(entete[c]));
  if (estVide(entete.referent) || auditeurs.length < 2) {
    anomalies.push({ kind: 'grille-incomplete', sheet: tableau.feuille, cell: CHAMPS_AUDIT.referent.adresse, message: "l'équipe d'audit compte 2 à 4 auditeurs : indiquez l'auditeur référent et au moins un co-auditeur." });
  }
  return anomalies;
}

/** Champs des fiches d'écart saisis par les auditeurs et l'établissement : gardés à chaque nouveau rapport. */
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

export interface ModeleRapport {
  etablissement: string;
  denomination: string;
  dateAudit?: DateCivile;
  typeAudit: string;
  referent: string;
  coAuditeurs: string[];
  redigePar: string;
  dateRapport?: DateCivile;
  synthese: string;
  lignes: LigneGrille[];
  comptes: Array<{ critere: number; libelle: string } & Record<Coche, number>>;
  total: Record<Coche, number>;
  complementaires: Array<{ critere: number; axes: string; vigilance: string }>;
  nonConformites: LigneGrille[];
  echeances?: Echeances;
  issue: string;
}

export function modeleRapport(ref: Referentiel, lu: ClasseurLu): ModeleRapport {
  const identite = identiteLue(lu);
  const { lignes, tableau } = lignesGrille(ref, lu, identite.candidatureEnReseau ?? false);
  const e = enteteLue(lu, tableau?.feuille);
  const t = (v: Valeur | undefined) => texteDe(v ?? null).trim();
  const dateAudit = lireDate(e.date ?? null);
  const typeAudit = t(e.type) || TYPES_AUDIT[0];
  const compter = (ls: LigneGrille[]) =>
    Object.fromEntries(COLONNES_COCHE.map((c) => [c, ls.filter((l) => !l.horsReseau && l.coches[c] === 'coche').length])) as Record<Coche, number>;
  const complements = reprendreSaisies(lu.tableaux[TABLE_COMPLEMENTAIRES], {
    colonneCle: 'Critère',
    colonnesProduites: ['Critère'],
    colonnesSaisie: ['Axes de progrès à envisager', 'Points de vigilance'],
    clesConnues: new Set(ref.criteres.map((c) => c.numero)),
  });
  const nonConformites = lignes.filter((l) => !l.horsReseau && l.coches.NC === 'coche');
  const echeances = dateAudit ? echeancesFicheEcart(dateAudit) : undefined;
  const n = nonConformites.length;
  const fiches = nonConformites.map((l, i) => `n°${i + 1} (descripteur ${l.numero})`).join(', ');
  let issue: string;
  if (typeAudit === 'Audit de suivi') {
    issue = n
      ? `Audit de suivi : ${n} non-conformité(s) relevée(s) (fiches d'écart ${fiches}). Elles n'ont pas d'incidence sur le maintien du label ; l'établissement les traite dans son plan d'actions.`
      : "Audit de suivi : aucune non-conformité relevée. Le label est maintenu.";
  } else if (n === 0) {
    issue = `Aucune non-conformité : l'établissement est proposable au label${typeAudit === 'Audit de renouvellement' ? ' (renouvellement)' : ''}.`;
  } else {
    const limite = echeances ? formater(echeances.transmissionRectorat) : 'le 30 septembre';
    issue =
      `${n} non-conformité(s) : fiches d'écart ${fiches}. Le label ne peut être ${typeAudit === 'Audit de renouvellement' ? 'renouvelé' : 'accordé'} que si chacune est levée ; ` +
      `le résultat doit parvenir au rectorat au plus tard le ${limite}. À défaut, une nouvelle démarche de labellisation sera nécessaire.`;
  }
  return {
    etablissement: identite.etablissement ?? '',
    denomination: t(e.denomination),
    dateAudit,
    typeAudit,
    referent: t(e.referent),
    coAuditeurs: [t(e.coAuditeur1), t(e.coAuditeur2), t(e.coAuditeur3)].filter(Boolean),
    redigePar: t(e.redigePar),
    dateRapport: lireDate(e.dateRapport ?? null),
    synthese: t(e.synthese),
    lignes,
    comptes: ref.criteres.map((c) => ({ critere: c.numero, libelle: c.libelleLdm011, ...compter(lignes.filter((l) => l.critere === c.numero)) })),
    total: compter(lignes),
    complementaires: ref.criteres.map((c) => {
      const s = complements.saisies.get(c.numero) ?? {};
      return { critere: c.numero, axes: t(s['Axes de progrès à envisager']), vigilance: t(s['Points de vigilance']) };
    }),
    nonConformites,
    echeances,
    issue,
  };
}

const dateContenu = (d?: DateCivile): Contenu => (d ? versSerieExcel(d) : null);

export function feuilleRapport(ref: Referentiel, m: ModeleRapport, produitLe: Date): FeuilleLayout {
  const cellules: CelluleFixe[] = [];
  const titre = { gras: true, taille: 14, couleurTexte: '1F4E79' };
  const section = { gras: true, fond: '1F4E79', couleurTexte: 'FFFFFF' };
  const libelle = { gras: true };
  const texte = { retourLigne: true, vertical: 'top' as const, bordure: true };
  let l = 1;
  const ajouter = (adresse: string, contenu: Contenu, style?: CelluleFixe['style'], fusion?: string) => cellules.push({ adresse, contenu, style, fusion });
  const champ = (etiquette: string, valeur: Contenu, format?: string) => {
    ajouter(`A${l}`, etiquette, libelle, `A${l}:B${l}`);
    ajouter(`C${l}`, valeur, { ...texte, format, horizontal: 'left' }, `C${l}:H${l}`);
    l++;
  };
  ajouter(`A${l}`, "RAPPORT D'AUDIT LYCÉE DES MÉTIERS", titre, `A${l}:G${l}`);
  ajouter(`H${l}`, 'LDM 011', { ...titre, horizontal: 'right' });
  l++;
  ajouter(`A${l}`, `Produit par Pilote LDM le ${formater({ annee: produitLe.getFullYear(), mois: produitLe.getMonth() + 1, jour: produitLe.getDate() })} à partir de la feuille « ${FEUILLE_GRILLE_AUDIT} » : modifiez la grille puis produisez à nouveau le rapport.`, { italique: true, couleurTexte: '7F7F7F', retourLigne: true }, `A${l}:H${l}`);
  l += 2;
  champ('Établissement', m.etablissement);
  champ('Dénomination métier', m.denomination);
  champ("Date de l'audit", dateContenu(m.dateAudit), FORMAT_DATE);
  champ("Type d'audit", m.typeAudit);
  champ('Auditeur référent', m.referent);
  champ('Co-auditeurs', m.coAuditeurs.join(', ') || 'Aucun');
  l++;
  ajouter(`A${l}`, "CONSTATS D'AUDIT", section, `A${l}:H${l}`);
  l++;
  ajouter(`A${l}`, 'Il convient de justifier et d’argumenter chaque constat de point fort (PF), de remarque (R) ou de non-conformité (NC). Aucun commentaire n’est demandé pour les critères conformes au référentiel. Cocher à minima C ou NC.', { italique: true, retourLigne: true }, `A${l}:H${l}`);
  l++;
  const ligneEntete = l;
  const entete = { gras: true, fond: 'DDEBF7', bordure: true, horizontal: 'center' as const, vertical: 'middle' as const, retourLigne: true };
  ['Critère', 'Détail du critère', '', 'PF', 'C', 'R', 'NC', 'Constats'].forEach((h, i) => {
    if (i === 2) return;
    const col = 'ABCDEFGH'[i];
    ajouter(`${col}${l}`, h, entete, i === 1 ? `B${l}:C${l}` : undefined);
  });
  l++;
  const descripteurs = tousLesDescripteurs(ref);
  for (const ligne of m.lignes) {
    const d = descripteurs.find((x) => x.numero === ligne.numero)!;
    const coche = (c: Coche) => (!ligne.horsReseau && ligne.coches[c] === 'coche' ? 'X' : null);
    ajouter(`A${l}`, ligne.critere, { ...texte, horizontal: 'center' });
    ajouter(`B${l}`, `${d.numero}. ${d.ldm011}`, texte, `B${l}:C${l}`);
    COLONNES_COCHE.forEach((c, i) => ajouter(`${'DEFG'[i]}${l}`, coche(c), { ...texte, horizontal: 'center', gras: true, couleurTexte: c === 'NC' ? 'C00000' : undefined }));
    ajouter(`H${l}`, ligne.horsReseau ? 'Sans objet (candidature hors réseau)' : ligne.constat, texte);
    l++;
  }
  l++;
  ajouter(`A${l}`, 'DÉCOMPTE PAR CRITÈRE', section, `A${l}:H${l}`);
  l++;
  ['Critère', 'Libellé', '', 'PF', 'C', 'R', 'NC'].forEach((h, i) => {
    if (i === 2) return;
    ajouter(`${'ABCDEFG'[i]}${l}`, h, entete, i === 1 ? `B${l}:C${l}` : undefined);
  });
  l++;
  for (const c of m.comptes) {
    ajouter(`A${l}`, c.critere, { ...texte, horizontal: 'center' });
    ajouter(`B${l}`, c.libelle, texte, `B${l}:C${l}`);
    COLONNES_COCHE.forEach((k, i) => ajouter(`${'DEFG'[i]}${l}`, c[k], { ...texte, horizontal: 'center' }));
    l++;
  }
  ajouter(`A${l}`, 'Total', { ...texte, gras: true }, `A${l}:C${l}`);
  COLONNES_COCHE.forEach((k, i) => ajouter(`${'DEFG'[i]}${l}`, m.total[k], { ...texte, horizontal: 'center', gras: true }));
  l += 2;
  ajouter(`A${l}`, 'ISSUE DE L’AUDIT', section, `A${l}:H${l}`);
  l++;
  ajouter(`A${l}`, m.issue, { ...texte, gras: true, couleurTexte: m.nonConformites.length && m.typeAudit !== 'Audit de suivi' ? 'C00000' : '006100' }, `A${l}:H${l}`);
  l++;
  if (m.nonConformites.length && m.echeances) {
    ajouter(`A${l}`, `Fiches d'écart (LDM 010) : transmission à l'établissement au plus tard le ${formater(m.echeances.transmissionEtablissement)}, retour de l'établissement au plus tard le ${formater(m.echeances.retourEtablissement)}, résultat au rectorat au plus tard le ${formater(m.echeances.transmissionRectorat)}.`, { retourLigne: true }, `A${l}:H${l}`);
    l++;
    m.nonConformites.forEach((nc, i) => {
      ajouter(`A${l}`, `Fiche n°${i + 1}/${m.nonConformites.length}`, libelle, `A${l}:B${l}`);
      ajouter(`C${l}`, `Critère ${nc.critere}, descripteur ${nc.numero} — feuille « ${nomFiche(nc.numero)} »`, { retourLigne: true }, `C${l}:H${l}`);
      l++;
    });
  }
  l++;
  ajouter(`A${l}`, "SYNTHÈSE D'AUDIT", section, `A${l}:H${l}`);
  l++;
  ajouter(`A${l}`, m.synthese || '(à rédiger dans la grille d’audit)', texte, `A${l}:H${l}`);
  l += 2;
  ajouter(`A${l}`, 'CONSTATS COMPLÉMENTAIRES', section, `A${l}:H${l}`);
  l++;
  ajouter(`A${l}`, 'Critères', entete);
  ajouter(`B${l}`, 'Axes de progrès à envisager', entete, `B${l}:D${l}`);
  ajouter(`E${l}`, 'Points de vigilance', entete, `E${l}:H${l}`);
  l++;
  for (const c of m.complementaires) {
    ajouter(`A${l}`, c.critere, { ...texte, horizontal: 'center' });
    ajouter(`B${l}`, c.axes, texte, `B${l}:D${l}`);
    ajouter(`E${l}`, c.vigilance, texte, `E${l}:H${l}`);
    l++;
  }
  l++;
  champ('Dossier rédigé par', m.redigePar);
  champ('Date', dateContenu(m.dateRapport), FORMAT_DATE);
  return {
    nom: FEUILLE_RAPPORT,
    remplacer: true,
    largeursColonnes: [9, 30, 30, 5, 5, 5, 5, 48],
    couleurOnglet: '1F4E79',
    cellules,
    tableaux: [],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
    miseEnPage: {
      orientation: 'portrait',
      zoneImpression: `A1:H${l - 1}`,
      lignesRepetees: `${ligneEntete}:${ligneEntete}`,
      entete: `Rapport d'audit LDM 011 — ${m.etablissement}`,
      piedDePage: 'Page &P / &N',
    },
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
  ligne(8, "Date de l'audit", dateContenu(m.dateAudit), { ...valeur, format: FORMAT_DATE, horizontal: 'left' });
  ligne(9, 'Critère', `${critere.numero} – ${critere.libelleLdm011}`);
  ligne(10, 'Énoncé', `${d.numero}. ${d.ldm011}`);
  ligne(11, 'Écart constaté', nc.constat);
  ligne(12, "À transmettre à l'établissement au plus tard le (audit + 10 jours)", dateContenu(e?.transmissionEtablissement), { ...valeur, format: FORMAT_DATE, horizontal: 'left' });
  ajouter('A15', "2. Engagements de l'établissement", section, 'A15:B15');
  ligne(19, 'À retourner aux auditeurs au plus tard le (audit + 20 jours)', dateContenu(e?.retourEtablissement), { ...valeur, format: FORMAT_DATE, horizontal: 'left' });
  ajouter('A22', '3. Avis des auditeurs (sous une semaine)', section, 'A22:B22');
  ajouter('A27', '4. Vérification', section, 'A27:B27');
  ligne(32, 'Résultat au rectorat au plus tard le', dateContenu(e?.transmissionRectorat), { ...valeur, format: FORMAT_DATE, horizontal: 'left' });
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
    miseEnPage: { orientation: 'portrait', zoneImpression: 'A1:B33', entete: `Fiche d'écart LDM 010 — ${m.etablissement}`, piedDePage: 'Page &P / &N' },
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
        contenu: `Fiche obsolète : le descripteur ${numero} n'est plus en non-conformité dans la grille d'audit (rapport du ${formater({ annee: produitLe.getFullYear(), mois: produitLe.getMonth() + 1, jour: produitLe.getDate() })}). Conservée pour mémoire.`,
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
      contenu: m.echeances ? `Résultat de chaque fiche au rectorat au plus tard le ${formater(m.echeances.transmissionRectorat)}.` : "Date de l'audit non renseignée.",
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

export interface OptionsRapport {
  maintenant: Date;
  accepterAnomalies: boolean;
}

export interface PlanRapport {
  feuilles: FeuilleLayout[];
  modele: ModeleRapport;
  anomalies: AnomalieGrille[];
  obsoletes: number[];
}

/** Le rapport LDM 011, une fiche LDM 010 par NC, et le suivi des écarts, depuis la grille d'audit. */
export function planifierRapport(lu: ClasseurLu, options: OptionsRapport): PlanRapport {
  verifierSchema(lu);
  if (!lu.tableaux[TABLE_GRILLE_AUDIT]) {
    throw new ClasseurIllisible(`Ce classeur n'a pas de grille d'audit (tableau « ${TABLE_GRILLE_AUDIT} ») : générez-la d'abord (ldm generate FICHIER.xlsx --sheets grille).`);
  }
  const ref = referentielDuClasseur(lu);
  const anomalies = anomaliesGrille(ref, lu);
  if (anomalies.length && !options.accepterAnomalies) throw new RapportBloque(anomalies);
  const m = modeleRapport(ref, lu);
  const saisiesFiche = (n: number) =>
    Object.fromEntries(SAISIES_FICHE.map((s) => [s.adresse, lu.cellules[cleCellule(nomFiche(n), s.adresse)] ?? null])) as Record<string, Valeur>;
  const enNc = new Set(m.nonConformites.map((l) => l.numero));
  const obsoletes = fichesExistantes(lu).filter((n) => !enNc.has(n));
  return {
    modele: m,
    anomalies,
    obsoletes,
    feuilles: [
      feuilleRapport(ref, m, options.maintenant),
      feuilleSuivi(m, obsoletes),
      ...m.nonConformites.map((nc, i) => feuilleFiche(ref, m, nc, i + 1, saisiesFiche(nc.numero))),
      ...obsoletes.map((n) => feuilleFicheObsolete(n, options.maintenant)),
    ],
  };
}

export type TypeConstatAudit = TypeAnomalie | 'ecart-ouvert';

/** Les fiches d'écart encore ouvertes (ni levées, ni obsolètes), avec leur échéance. */
export function ecartsOuverts(ref: Referentiel, lu: ClasseurLu, aujourdhui?: DateCivile): Array<Localisation & { descripteur: number; critere?: number }> {
  const m = lu.tableaux[TABLE_GRILLE_AUDIT] ? modeleRapport(ref, lu) : undefined;
  const resultat: Array<Localisation & { descripteur: number; critere?: number }> = [];
  for (const n of fichesExistantes(lu)) {
    const feuille = nomFiche(n);
    if (!estVide(lu.cellules[cleCellule(feuille, CELLULE_OBSOLETE)] ?? null)) continue;
    const resultatFiche = texteDe(lu.cellules[cleCellule(feuille, CELLULE_RESULTAT)] ?? null).trim();
    if (resultatFiche === 'Écart levé') continue;
    const limite = m?.echeances?.transmissionRectorat;
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

