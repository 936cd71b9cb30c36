import { ClasseurLu, TableauLu, ordreDesCodes, texteDe } from '../modele/classeur';
import { DateCivile, FORMAT_DATE, ajouterJours, ajouterMois, comparer, formater, iso, lireDate, versSerieExcel } from '../modele/dates';
import { CelluleFixe, Contenu, FeuilleLayout, MiseEnPage, Validation, Valeur, celluleDeLaLigne, lettreColonne, texteFormule, validationDate } from '../layout/types';
import { COLONNES_COCHE, parCoche } from '../audit/grille';
import { EtablissementConsolide } from './lecture';

/**
 * Le registre des labels de la DRAFPIC (issue 11) : la vie de chaque label, de la candidature au renouvellement.
 * L'historique garde chaque audit consolidé (labellisation, suivi, renouvellement), une ligne par audit ; le registre
 * en déduit les cycles du label — un cycle commence à chaque audit de labellisation ou de renouvellement, les audits de
 * suivi s'y rattachent — quel que soit l'ordre de consolidation. Les colonnes de la DRAFPIC (dossier reçu, LDM 007,
 * avis, décision, BO) et celles qu'elle ajoute sont gardées ; validité, renouvellement et statut sont des formules.
 */
export const FEUILLE_REGISTRE = 'Registre des labels';
export const TABLE_REGISTRE = 'tblRegistreLabel';
export const FEUILLE_HISTORIQUE = 'Historique des audits';
export const TABLE_HISTORIQUE = 'tblHistoriqueAudits';

export const H = {
  audit: 'Audit',
  rne: 'RNE',
  etablissement: 'Établissement',
  intitule: 'Intitulé du label',
  type: "Type d'audit",
  date: "Date de l'audit",
  auditeurs: 'Auditeurs',
  ncOuvertes: 'NC ouvertes',
  echeance: 'Échéance des NC',
  rapport: 'Rapport daté du',
  pieces: 'Pièces manquantes (LDM 001)',
  piecesListe: 'Pièces à fournir',
  fichier: 'Fichier source',
  generation: 'Généré le',
} as const;
const COLONNES_HISTORIQUE: string[] = [H.audit, H.rne, H.etablissement, H.intitule, H.type, H.date, H.auditeurs, ...COLONNES_COCHE, H.ncOuvertes, H.echeance, H.rapport, H.pieces, H.piecesListe, H.fichier, H.generation];
const DATES_HISTORIQUE: string[] = [H.date, H.echeance, H.rapport];

export const R = {
  cycle: 'Cycle',
  rne: 'RNE',
  etablissement: 'Établissement',
  intitule: 'Intitulé du label',
  audit: 'Audit du cycle',
  date: "Date de l'audit",
  auditeurs: 'Auditeurs',
  rapport: 'Rapport daté du',
  pieces: 'Pièces manquantes (LDM 001)',
  piecesListe: 'Pièces à fournir',
  ncReleves: 'NC relevées',
  ncOuvertes: 'NC ouvertes',
  echeance: 'Échéance des NC',
  suivis: 'Audits de suivi',
  dossierRecu: 'Dossier reçu le',
  accuse: 'LDM 007 envoyé le',
  reponse: 'Réponse LDM 007',
  avis: 'Avis du groupe académique',
  decision: 'Décision du recteur le',
  bo: 'Publication au BO',
  validite: "Label valable jusqu'au",
  renouvellement: 'Renouvellement à engager dès',
  statut: 'Statut',
} as const;
const PRODUITES_REGISTRE: string[] = [R.cycle, R.rne, R.etablissement, R.intitule, R.audit, R.date, R.auditeurs, R.rapport, R.pieces, R.piecesListe, R.ncReleves, R.ncOuvertes, R.echeance, R.suivis];
const DRAFPIC_REGISTRE: string[] = [R.dossierRecu, R.accuse, R.reponse, R.avis, R.decision, R.bo];
const FORMULES_REGISTRE: string[] = [R.validite, R.renouvellement, R.statut];
const DATES_REGISTRE: string[] = [R.date, R.rapport, R.echeance, R.dossierRecu, R.accuse, R.decision, R.validite, R.renouvellement];

/** « Deux réponses sont possibles » (LDM 007, l.1025). */
export const REPONSES_LDM007 = ['Conforme', 'Non conforme'] as const;

export const STATUTS_REGISTRE = {
  expire: 'Label expiré',
  renouvellement: 'Renouvellement à préparer',
  ncEchue: "NC ouverte après l'échéance",
  incomplet: 'Dossier incomplet',
  labellise: 'Labellisé',
  audite: 'Audité, décision attendue',
  candidature: 'Candidature',
} as const;
/** Les statuts qui appellent la DRAFPIC (alertes de `ldm registre`). */
export const ALERTES_REGISTRE: readonly string[] = [STATUTS_REGISTRE.expire, STATUTS_REGISTRE.renouvellement, STATUTS_REGISTRE.ncEchue, STATUTS_REGISTRE.incomplet];

/** Le label vaut cinq ans à partir de la décision du recteur (l.747) ; le renouvellement s'engage la cinquième année. */
const MOIS_VALIDITE = 60;
const MOIS_RENOUVELLEMENT = 48;
const LIGNE_AUJOURDHUI = 2;
const LIGNE_ENTETE_REGISTRE = 4;

export const demandeLectureRegistre = (): string[] => [TABLE_REGISTRE, TABLE_HISTORIQUE];

export type Ligne = Record<string, Valeur>;

/** Les lignes d'un tableau relu ; les colonnes de dates redeviennent des dates (série Excel), quel que soit le lecteur. */
export function lignesDu(t: TableauLu | undefined, dates: string[] = []): Ligne[] {
  if (!t) return [];
  return t.lignes.map((l) =>
    Object.fromEntries(
      t.entetes.map((e, j) => {
        const v = l.valeurs[j] ?? null;
        const d = dates.includes(e) && v !== null && typeof v !== 'number' ? lireDate(v) : undefined;
        return [e, d ? versSerieExcel(d) : v];
      }),
    ),
  );
}
export const serie = (isoOuVide: string): Valeur => {
  const d = lireDate(isoOuVide || null);
  return d ? versSerieExcel(d) : null;
};
const estCycle = (type: string) => /labellisation|renouvellement/i.test(type);
const cleAudit = (rne: string, type: string, date: DateCivile) => `${rne} · ${type.replace(/^Audit de /i, '')} · ${iso(date)}`;

/** Les colonnes de la DRAFPIC : les siennes prévues, puis celles qu'elle a ajoutées au tableau relu. */
export function colonnesDrafpicDu(t: TableauLu | undefined): string[] {
  return [...new Set([...DRAFPIC_REGISTRE, ...(t?.entetes ?? []).filter((e) => e && !PRODUITES_REGISTRE.includes(e) && !FORMULES_REGISTRE.includes(e))])];
}

/** Les lignes déjà dans un tableau régional, par leur clé (un audit) ; une ligne sans clé n'est pas reprise. */
export function lignesParCle(t: TableauLu | undefined, colonneCle: string, dates: string[]): Map<string, Ligne> {
  const parCle = new Map<string, Ligne>();
  for (const l of lignesDu(t, dates)) {
    const cle = texteDe(l[colonneCle]).trim();
    if (cle) parCle.set(cle, l);
  }
  return parCle;
}

/** L'historique : les audits déjà consolidés, remplacés par la consolidation d'un même audit, jamais d'un autre. */
export function lignesHistorique(existant: ClasseurLu, etablissements: EtablissementConsolide[]): { lignes: Ligne[]; reconsolides: Map<string, EtablissementConsolide> } {
  const parAudit = lignesParCle(existant.tableaux[TABLE_HISTORIQUE], H.audit, DATES_HISTORIQUE);
  const reconsolides = new Map<string, EtablissementConsolide>();
  for (const e of etablissements) {
    const date = lireDate(e.dateAuditIso || null);
    if (!date || !e.typeAudit) continue;
    const cle = cleAudit(e.rne, e.typeAudit, date);
    const deja = parAudit.get(cle);
    // Deux versions du même audit : la plus récemment générée l'emporte (la ligne garde ses colonnes ajoutées).
    if (deja && texteDe(deja[H.generation]) > e.generation) continue;
    reconsolides.set(cle, e);
    parAudit.set(cle, {
      ...(deja ?? {}),
      [H.audit]: cle,
      [H.rne]: e.rne,
      [H.etablissement]: e.etablissement,
      [H.intitule]: e.intitule,
      [H.type]: e.typeAudit,
      [H.date]: versSerieExcel(date),
      [H.auditeurs]: e.auditeurs,
      ...parCoche((c) => e.comptes[c]),
      [H.ncOuvertes]: e.ncOuvertes,
      [H.echeance]: serie(e.echeanceNcIso),
      [H.rapport]: serie(e.dateRapportIso),
      [H.pieces]: e.piecesManquantes,
      [H.piecesListe]: e.piecesAFournir.join(' ; '),
      [H.fichier]: e.fichier,
      [H.generation]: e.generation,
    });
  }
  return {
    lignes: [...parAudit.values()].sort((a, b) => ordreDesCodes(a[H.rne], b[H.rne]) || Number(a[H.date] ?? 0) - Number(b[H.date] ?? 0)),
    reconsolides,
  };
}

/**
 * Les cycles : chaque audit de labellisation ou de renouvellement en ouvre un ; ses audits de suivi s'y rattachent.
 * Un établissement consolidé sans audit (dossier déposé) a une ligne « candidature » tant qu'aucun cycle n'existe ;
 * ce que la DRAFPIC y a saisi passe au premier cycle quand l'audit arrive.
 */
export function lignesRegistre(existant: ClasseurLu, historique: Ligne[], etablissements: EtablissementConsolide[]): { lignes: Ligne[]; colonnesDrafpic: string[] } {
  const anciennes = lignesDu(existant.tableaux[TABLE_REGISTRE], DATES_REGISTRE);
  const colonnesDrafpic = colonnesDrafpicDu(existant.tableaux[TABLE_REGISTRE]);
  const parCycle = new Map(anciennes.map((l) => [texteDe(l[R.cycle]).trim(), l]));
  const saisiesDe = (l: Ligne | undefined): Ligne => Object.fromEntries(colonnesDrafpic.map((c) => [c, l?.[c] ?? null]));
  const produites = new Map<string, Ligne>();
  const parRne = new Map<string, Ligne[]>();
  for (const h of historique) parRne.set(texteDe(h[H.rne]), [...(parRne.get(texteDe(h[H.rne])) ?? []), h]);
  for (const [rne, audits] of parRne) {
    let cycle: Ligne | undefined;
    const candidature = parCycle.get(`${rne} · candidature`);
    for (const a of audits) {
      const type = texteDe(a[H.type]);
      if (estCycle(type) || !cycle) {
        const cle = texteDe(a[H.audit]);
        const premier = !cycle;
        cycle = {
          [R.cycle]: cle,
          [R.rne]: rne,
          [R.etablissement]: a[H.etablissement],
          [R.intitule]: a[H.intitule],
          [R.audit]: type,
          [R.date]: a[H.date],
          [R.auditeurs]: a[H.auditeurs],
          [R.rapport]: a[H.rapport],
          [R.pieces]: a[H.pieces],
          [R.piecesListe]: a[H.piecesListe],
          [R.ncReleves]: a.NC,
          [R.ncOuvertes]: a[H.ncOuvertes],
          [R.echeance]: a[H.echeance],
          [R.suivis]: '',
          ...saisiesDe(parCycle.get(cle) ?? (premier ? candidature : undefined)),
        };
        produites.set(cle, cycle);
      } else {
        const date = lireDate(a[H.date]);
        cycle[R.suivis] = [texteDe(cycle[R.suivis]), `${date ? formater(date) : '?'} (NC : ${Number(a.NC ?? 0)})`].filter(Boolean).join(' ; ');
      }
    }
  }
  // Un dossier déposé, pas encore audité : la DRAFPIC le suit dès sa réception.
  for (const e of etablissements) {
    if (parRne.has(e.rne)) continue;
    const cle = `${e.rne} · candidature`;
    produites.set(cle, {
      [R.cycle]: cle,
      [R.rne]: e.rne,
      [R.etablissement]: e.etablissement,
      [R.intitule]: e.intitule,
      [R.audit]: '',
      [R.pieces]: e.piecesManquantes,
      [R.piecesListe]: e.piecesAFournir.join(' ; '),
      ...saisiesDe(parCycle.get(cle)),
    });
  }
  // Les lignes que la consolidation ne sait pas refaire (établissement absent de ce lot et de l'historique, ligne
  // saisie par la DRAFPIC) restent telles quelles ; une candidature devenue cycle disparaît.
  const gardees = anciennes.filter((l) => {
    const cle = texteDe(l[R.cycle]).trim();
    if (produites.has(cle)) return false;
    return !(cle.endsWith(' · candidature') && parRne.has(texteDe(l[R.rne]).trim()));
  });
  const lignes = [...gardees, ...produites.values()].sort((a, b) => ordreDesCodes(a[R.rne], b[R.rne]) || Number(a[R.date] ?? 0) - Number(b[R.date] ?? 0));
  return { lignes, colonnesDrafpic };
}

function formulesRegistre(): Record<string, string> {
  const c = (col: string) => celluleDeLaLigne(TABLE_REGISTRE, col);
  const jour = `$B$${LIGNE_AUJOURDHUI}`;
  const t = texteFormule;
  const S = STATUTS_REGISTRE;
  return {
    [R.validite]: `IF(ISNUMBER(${c(R.decision)}),EDATE(${c(R.decision)},${MOIS_VALIDITE})-1,"")`,
    [R.renouvellement]: `IF(ISNUMBER(${c(R.decision)}),EDATE(${c(R.decision)},${MOIS_RENOUVELLEMENT}),"")`,
    [R.statut]:
      `IF(AND(ISNUMBER(${c(R.validite)}),${jour}>${c(R.validite)}),${t(S.expire)},` +
      `IF(AND(ISNUMBER(${c(R.renouvellement)}),${jour}>=${c(R.renouvellement)}),${t(S.renouvellement)},` +
      `IF(AND(N(${c(R.ncOuvertes)})>0,ISNUMBER(${c(R.echeance)}),${jour}>${c(R.echeance)}),${t(S.ncEchue)},` +
      `IF(AND(NOT(ISNUMBER(${c(R.date)})),OR(N(${c(R.pieces)})>0,${c(R.reponse)}=${t(REPONSES_LDM007[1])})),${t(S.incomplet)},` +
      `IF(ISNUMBER(${c(R.decision)}),${t(S.labellise)},IF(ISNUMBER(${c(R.date)}),${t(S.audite)},${t(S.candidature)}))))))`,
  };
}

/** Le statut d'une ligne du registre au jour donné : la même règle que la formule « Statut » de la feuille. */
export function statutRegistre(l: Ligne, aujourdhui: DateCivile): { statut: string; alerte: boolean; validite?: DateCivile; renouvellement?: DateCivile } {
  const decision = lireDate(l[R.decision]);
  // Les formules de la feuille : EDATE(décision ; 60) - 1 et EDATE(décision ; 48).
  const validite = decision ? ajouterJours(ajouterMois(decision, MOIS_VALIDITE), -1) : undefined;
  const renouvellement = decision ? ajouterMois(decision, MOIS_RENOUVELLEMENT) : undefined;
  const echeance = lireDate(l[R.echeance]);
  const audite = Boolean(lireDate(l[R.date]));
  const S = STATUTS_REGISTRE;
  let statut: string;
  if (validite && comparer(aujourdhui, validite) > 0) statut = S.expire;
  else if (renouvellement && comparer(aujourdhui, renouvellement) >= 0) statut = S.renouvellement;
  else if (Number(l[R.ncOuvertes] ?? 0) > 0 && echeance && comparer(aujourdhui, echeance) > 0) statut = S.ncEchue;
  else if (!audite && (Number(l[R.pieces] ?? 0) > 0 || texteDe(l[R.reponse]).trim() === REPONSES_LDM007[1])) statut = S.incomplet;
  else if (decision) statut = S.labellise;
  else statut = audite ? S.audite : S.candidature;
  return { statut, alerte: ALERTES_REGISTRE.includes(statut), validite, renouvellement };
}

/** Ce que le volet et la CLI disent du registre : chaque cycle et son statut au jour donné. */
export interface CycleResume {
  cycle: string;
  etablissement: string;
  statut: string;
  alerte: boolean;
}

export function resumeRegistre(lignes: Ligne[], aujourdhui: DateCivile): CycleResume[] {
  return lignes.map((l) => {
    const { statut, alerte } = statutRegistre(l, aujourdhui);
    return { cycle: texteDe(l[R.cycle]), etablissement: texteDe(l[R.etablissement]), statut, alerte };
  });
}

export function lignesDuRegistre(lu: ClasseurLu): Ligne[] {
  return lignesDu(lu.tableaux[TABLE_REGISTRE], DATES_REGISTRE);
}

const texte = { retourLigne: true, vertical: 'top' as const };

export function colonnesTableau(colonnes: string[], dates: string[], saisies: string[], formules: string[] = [], largeurs: Record<string, number> = {}) {
  const largeur = (c: string) => largeurs[c] ?? (c === 'Établissement' || c === 'Intitulé du label' || c === R.suivis || c === R.piecesListe ? 26 : c === 'Cycle' || c === 'Audit' ? 30 : c === 'Statut' ? 22 : c === R.rne ? 11 : c.length > 10 ? 13 : 8);
  return colonnes.map((entete) => ({
    entete,
    largeur: largeur(entete),
    role: formules.includes(entete) ? ('formule' as const) : saisies.includes(entete) ? ('saisie' as const) : ('reference' as const),
    style: dates.includes(entete) ? { ...texte, format: FORMAT_DATE, horizontal: 'left' as const } : texte,
  }));
}

/** Les saisies de la DRAFPIC guidées sans être imposées : une date attendue, une réponse LDM 007, un avis. */
function validationsRegistre(colonnes: string[], premiere: number, derniere: number): Validation[] {
  const plage = (c: string) => `${lettreColonne(colonnes.indexOf(c) + 1)}${premiere}:${lettreColonne(colonnes.indexOf(c) + 1)}${derniere}`;
  return [
    ...[R.dossierRecu, R.accuse, R.decision].map((c) => validationDate(plage(c), c, false)),
    { plage: plage(R.reponse), valeurs: [...REPONSES_LDM007], titreErreur: R.reponse, messageErreur: `Choisissez : ${REPONSES_LDM007.join(' ou ')}.`, bloquante: true },
    { plage: plage(R.avis), valeurs: ['Favorable', 'Défavorable'], suggestion: true, titreErreur: R.avis, messageErreur: 'Favorable, Défavorable, ou l’avis en quelques mots.', bloquante: false },
  ];
}

export function feuilleRegistre(lignes: Ligne[], colonnesDrafpic: string[]): FeuilleLayout {
  const colonnes = [...PRODUITES_REGISTRE, ...colonnesDrafpic.filter((c) => DRAFPIC_REGISTRE.includes(c)), ...FORMULES_REGISTRE, ...colonnesDrafpic.filter((c) => !DRAFPIC_REGISTRE.includes(c))];
  const formules = formulesRegistre();
  const statut = lettreColonne(colonnes.indexOf(R.statut) + 1);
  const premiere = LIGNE_ENTETE_REGISTRE + 1;
  const derniere = LIGNE_ENTETE_REGISTRE + Math.max(lignes.length, 1);
  const cellules: CelluleFixe[] = [
    { adresse: 'A1', contenu: 'Registre des labels « Lycée des métiers »', style: { gras: true, taille: 14, couleurTexte: '1F4E79' }, fusion: 'A1:F1' },
    { adresse: `A${LIGNE_AUJOURDHUI}`, contenu: 'Alertes calculées au', style: { gras: true } },
    { adresse: `B${LIGNE_AUJOURDHUI}`, contenu: { formule: 'TODAY()' }, style: { format: FORMAT_DATE, horizontal: 'left', fond: 'FFF9E5', bordure: true } },
    {
      adresse: `C${LIGNE_AUJOURDHUI}`,
      contenu:
        "Une ligne par cycle du label (audit de labellisation ou de renouvellement, suivis rattachés). Les colonnes de la DRAFPIC (dossier reçu, LDM 007, avis, décision, BO) et celles ajoutées au tableau sont gardées à chaque consolidation ; validité (5 ans après la décision), renouvellement et statut sont calculés. Remplacez la date ci-contre pour voir les alertes à une autre date.",
      style: { italique: true, couleurTexte: '595959', retourLigne: true },
      fusion: `C${LIGNE_AUJOURDHUI}:P${LIGNE_AUJOURDHUI}`,
    },
    ...(lignes.length ? [] : [{ adresse: `A${premiere}`, contenu: 'Aucun cycle de label consolidé.' } as CelluleFixe]),
  ];
  return {
    nom: FEUILLE_REGISTRE,
    texteLitteral: true,
    largeursColonnes: colonnesTableau(colonnes, DATES_REGISTRE, colonnesDrafpic, FORMULES_REGISTRE).map((c) => c.largeur),
    couleurOnglet: '7030A0',
    cellules,
    tableaux: lignes.length
      ? [
          {
            nom: TABLE_REGISTRE,
            ligneEntete: LIGNE_ENTETE_REGISTRE,
            colonneDebut: 1,
            colonneCle: R.cycle,
            style: 'TableStyleMedium4',
            colonnes: colonnesTableau(colonnes, DATES_REGISTRE, colonnesDrafpic, FORMULES_REGISTRE),
            lignes: lignes.map((l) => colonnes.map((c): Contenu => (formules[c] ? { formule: formules[c] } : ((l[c] ?? null) as Contenu)))),
          },
        ]
      : [],
    validations: lignes.length ? validationsRegistre(colonnes, premiere, derniere) : [],
    misesEnForme: lignes.length
      ? [
          { plage: `${statut}${premiere}:${statut}${derniere}`, formule: `OR(${statut}${premiere}=${texteFormule(STATUTS_REGISTRE.expire)},${statut}${premiere}=${texteFormule(STATUTS_REGISTRE.ncEchue)})`, fond: 'FFC7CE', couleurTexte: '9C0006', gras: true },
          { plage: `${statut}${premiere}:${statut}${derniere}`, formule: `OR(${statut}${premiere}=${texteFormule(STATUTS_REGISTRE.renouvellement)},${statut}${premiere}=${texteFormule(STATUTS_REGISTRE.incomplet)})`, fond: 'FFEB9C', couleurTexte: '9C5700', gras: true },
          { plage: `${statut}${premiere}:${statut}${derniere}`, formule: `${statut}${premiere}=${texteFormule(STATUTS_REGISTRE.labellise)}`, fond: 'C6EFCE', couleurTexte: '006100' },
        ]
      : [],
    nomsDefinis: [],
    miseEnPage: { orientation: 'landscape', zoneImpression: `A1:${lettreColonne(colonnes.length)}${derniere}`, lignesRepetees: `${LIGNE_ENTETE_REGISTRE}:${LIGNE_ENTETE_REGISTRE}`, pagesEnLargeur: 2, colonnesRepetees: 'A:C' },
  };
}

/**
 * Une feuille régionale faite d'un seul tableau en A1 (historiques, questionnaires), recréée à chaque consolidation ;
 * les colonnes que la DRAFPIC a ajoutées au tableau sont gardées.
 */
export function feuilleDUnTableau(o: {
  nom: string;
  table: string;
  colonnes: string[];
  cle: string;
  dates: string[];
  lignes: Ligne[];
  existant: ClasseurLu;
  style: string;
  couleurOnglet: string;
  vide: string;
  largeurs?: Record<string, number>;
  miseEnPage?: Partial<MiseEnPage>;
}): FeuilleLayout {
  const ajoutees = (o.existant.tableaux[o.table]?.entetes ?? []).filter((e) => e && !o.colonnes.includes(e));
  const colonnes = [...o.colonnes, ...ajoutees];
  const definitions = colonnesTableau(colonnes, o.dates, ajoutees, [], o.largeurs);
  return {
    nom: o.nom,
    texteLitteral: true,
    largeursColonnes: definitions.map((c) => c.largeur),
    couleurOnglet: o.couleurOnglet,
    cellules: o.lignes.length ? [] : [{ adresse: 'A2', contenu: o.vide }],
    tableaux: o.lignes.length
      ? [{ nom: o.table, ligneEntete: 1, colonneDebut: 1, colonneCle: o.cle, style: o.style, colonnes: definitions, lignes: o.lignes.map((l) => colonnes.map((c) => (l[c] ?? null) as Contenu)) }]
      : [],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
    remplacer: true,
    miseEnPage: { orientation: 'landscape', zoneImpression: `A1:${lettreColonne(colonnes.length)}${Math.max(2, o.lignes.length + 1)}`, lignesRepetees: '1:1', ...o.miseEnPage },
  };
}

export function feuilleHistorique(lignes: Ligne[], existant: ClasseurLu): FeuilleLayout {
  return feuilleDUnTableau({
    nom: FEUILLE_HISTORIQUE,
    table: TABLE_HISTORIQUE,
    colonnes: COLONNES_HISTORIQUE,
    cle: H.audit,
    dates: DATES_HISTORIQUE,
    lignes,
    existant,
    style: 'TableStyleLight12',
    couleurOnglet: '7030A0',
    vide: 'Aucun audit consolidé.',
  });
}
