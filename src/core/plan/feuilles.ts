import { SaisiesReprises, reprendreSaisies } from '../layout/saisies';
import {
  CelluleFixe,
  ColonneTableau,
  Contenu,
  FeuilleLayout,
  MiseEnFormeConditionnelle,
  TableauLayout,
  TableauLu,
  celluleDeLaLigne,
  colonneEntiere,
  lettreColonne,
  pagesEnLargeur,
  texteEntete,
  texteFormule,
  validationDate,
} from '../layout/types';
import { Referentiel, tousLesDescripteurs } from '../referentiel';
import { FORMAT_DATE } from '../modele/dates';
import { CHAMPS_IDENTITE } from '../layout/piloteLdm';
import { estVide } from '../modele/classeur';
import { ErreurPilote } from '../erreurs';
import { LiaisonResolue, descriptionLiaison, formuleLiee } from './liaisons';
import { LISTE_SENS, SENS, STATUTS_ACTION, STATUTS_INDICATEUR, TOLERANCE_MAINTIEN, TYPES_CIBLE, anneesDuPlan } from './evaluation';

export const FEUILLE_PLAN = "LDM 002 Plan d'actions";
export const TABLE_PLAN = 'tblPlanActions';
export const FEUILLE_INDICATEURS = 'Indicateurs';
export const TABLE_INDICATEURS = 'tblIndicateurs';
export const ANNEES_PAR_DEFAUT = 5;

export const COLONNES_PLAN = {
  numero: 'N°',
  critere: 'Critère',
  descripteur: 'Descripteur',
  contrat: "Contrat d'objectifs",
  projet: "Projet d'établissement",
  campus: 'Campus métiers',
  detail: 'Détail du critère LDM',
  objectifs: 'Objectifs',
  indicateurs: 'Indicateurs',
  actions: 'Actions',
  equipe: 'Équipe de pilotage',
  debut: "Date de début d'action",
  fin: "Date de fin prévue de l'action",
  finalisee: 'Action finalisée le',
  evaluation: 'Évaluation',
  commentaires: 'Commentaires établissement',
  statut: 'Statut',
  /** La source d'une action reprise de l'audit (non-conformité, axe de progrès) : une reprise ne la duplique pas. */
  origine: 'Origine (audit)',
} as const;

export const COLONNES_INDICATEURS = {
  numero: 'N°',
  critere: 'Critère',
  indicateur: 'Indicateur',
  axe: 'Axe (contrat d’objectifs / projet d’établissement)',
  unite: 'Unité',
  sens: 'Sens',
  echelle: 'Échelle (niveaux séparés par <)',
  anneeBase: 'Année de base',
  base: 'Base',
  tolerance: 'Tolérance stabilisation',
  statut: 'Statut',
  source: 'Source des mesures',
} as const;

export const cible = (annee: string) => `Cible ${annee}`;
export const mesure = (annee: string) => `Mesure ${annee}`;
export const statutDe = (annee: string) => `Statut ${annee}`;

/** L'horizon du contrat d'objectifs : première année scolaire et nombre d'années (1 à 5). */
export interface HorizonPlan {
  premiere?: string;
  duree?: number;
}

export const DUREE_MAX_PLAN = 5;

/** Un horizon demandé qui ferait perdre des cibles ou des mesures déjà saisies. */
export class HorizonInvalide extends ErreurPilote {}

/**
 * Les années du plan : celles que le tableau a déjà (on ne les change pas sous les pieds de l'utilisateur), sinon
 * 5 à partir de l'année scolaire ; un horizon demandé (--annee, --duree) les remplace, sans jamais perdre une saisie.
 */
export function anneesIndicateurs(lu: TableauLu | undefined, anneeScolaire: string, horizon: HorizonPlan = {}): string[] {
  const existantes = (lu?.entetes ?? []).map((e) => /^Cible (\d{4}-\d{4})$/.exec(e)?.[1]).filter((x): x is string => Boolean(x));
  if (horizon.duree === undefined && (existantes.length || !horizon.premiere)) return existantes.length ? existantes : anneesDuPlan(anneeScolaire, ANNEES_PAR_DEFAUT);
  const duree = horizon.duree ?? (existantes.length || ANNEES_PAR_DEFAUT);
  if (!Number.isInteger(duree) || duree < 1 || duree > DUREE_MAX_PLAN) {
    throw new HorizonInvalide(`La durée du plan doit être de 1 à ${DUREE_MAX_PLAN} années scolaires (contrat d'objectifs) : « ${horizon.duree} » ne convient pas.`);
  }
  const annees = anneesDuPlan(horizon.premiere ?? existantes[0] ?? anneeScolaire, duree);
  const perdues = existantes.filter((a) => !annees.includes(a));
  const colonnes = perdues.flatMap((a) => [cible(a), mesure(a)]);
  const saisies = (lu?.lignes ?? []).flatMap((l) =>
    colonnes.filter((c) => !estVide(l.valeurs[lu!.entetes.indexOf(c)] ?? null)).map((c) => `${c} (ligne ${l.ligne})`),
  );
  if (saisies.length) {
    throw new HorizonInvalide(
      `Le plan passerait à ${annees[0]} – ${annees[annees.length - 1]} : les années ${perdues.join(', ')} ont des cibles ou des mesures saisies dans la feuille « ${lu!.feuille} » (${saisies.slice(0, 6).join(', ')}${saisies.length > 6 ? '…' : ''}). Rien n'a été modifié : videz-les d'abord, ou gardez un horizon qui les contient.`,
    );
  }
  return annees;
}

const vide = (x: string) => `LEN(TRIM(${x}&""))=0`;

/** Colonnes d'aide, masquées : chaque étape du statut est une formule courte qu'on peut relire. */
export const AIDES_INDICATEURS = {
  baseNombre: 'Base (nombre)',
  rangBase: 'Rang base',
  ecart: 'Écart admis',
} as const;
export const AIDES_ANNEE = {
  type: (a: string) => `Type cible ${a}`,
  reference: (a: string) => `Référence ${a}`,
  valeur: (a: string) => `Valeur cible ${a}`,
  direction: (a: string) => `Direction ${a}`,
  rangMesure: (a: string) => `Rang mesure ${a}`,
  rangCible: (a: string) => `Rang cible ${a}`,
  tendance: (a: string) => `Jugement tendance ${a}`,
  nombre: (a: string) => `Jugement nombre ${a}`,
  texte: (a: string) => `Jugement texte ${a}`,
};
const aidesDeLAnnee = (a: string) => Object.values(AIDES_ANNEE).map((f) => f(a));
const COLONNES_PAR_ANNEE = new RegExp(`^(${['Cible', 'Mesure', 'Statut', ...Object.values(AIDES_ANNEE).map((f) => f('').trim())].join('|')}) \\d{4}-\\d{4}$`);

const cel = (c: string) => celluleDeLaLigne(TABLE_INDICATEURS, c);
const t = texteFormule;

/** Le nombre que porte un texte, comme `nombreDe` : « 7,6 % » → 0,076 ; « 11 classes » → 11 ; sinon "". */
function formuleNombre(x: string, dejaTexte = false): string {
  const sansEspace = `SUBSTITUTE(TRIM(${x})," %","%")`;
  const lu = `IFERROR(_xlfn.NUMBERVALUE(SUBSTITUTE(LEFT(${sansEspace},FIND(" ",${sansEspace}&" ")-1),",","."),"."),"")`;
  return dejaTexte ? lu : `IF(ISNUMBER(${x}),${x},${lu})`;
}

/** Rang d'un niveau dans l'échelle « A < B < C » (0, 1, 2…), -1 s'il n'y est pas. */
function formuleRang(x: string): string {
  const L = `"<"&SUBSTITUTE(SUBSTITUTE(LOWER(${cel(COLONNES_INDICATEURS.echelle)})," <","<"),"< ","<")&"<"`;
  const p = `SEARCH("<"&LOWER(TRIM(${x}))&"<",${L})`;
  return `IF(${vide(x)},-1,IFERROR(LEN(LEFT(${L},${p}))-LEN(SUBSTITUTE(LEFT(${L},${p}),"<","")),-1))`;
}

function formuleType(annee: string): string {
  const T = cel(cible(annee));
  const mots = ['baisse', 'hausse', 'stabilisation', 'maintien'].reduce((x, m) => `SUBSTITUTE(${x},"${m}","")`, `SUBSTITUTE(" "&LOWER(TRIM(${T}))&" "," ou "," ")`);
  const signe = `OR(LEFT(TRIM(${T}),1)="+",LEFT(TRIM(${T}),1)="-")`;
  const Ty = TYPES_CIBLE;
  return (
    `IF(${vide(T)},"",IF(TRIM(${cel(COLONNES_INDICATEURS.sens)})=${t(SENS.ordinal)},"${Ty.niveau}",IF(ISNUMBER(${T}),"${Ty.nombre}",` +
    `IF(LEN(TRIM(${mots}))=0,"${Ty.tendance}",IF(AND(${signe},RIGHT(TRIM(${T}),1)="%"),"${Ty.pourcentage}",` +
    `IF(ISNUMBER(${formuleNombre(T, true)}),"${Ty.nombre}","${Ty.jalon}"))))))`
  );
}

function formuleReference(annees: string[], i: number): string {
  if (i === 0) return `IF(ISNUMBER(${cel(AIDES_INDICATEURS.baseNombre)}),${cel(AIDES_INDICATEURS.baseNombre)},"")`;
  const M = cel(mesure(annees[i - 1]));
  return `IF(ISNUMBER(${M}),${M},${cel(AIDES_ANNEE.reference(annees[i - 1]))})`;
}

function formuleValeurCible(annee: string): string {
  const T = cel(cible(annee));
  const Ty = cel(AIDES_ANNEE.type(annee));
  const BN = cel(AIDES_INDICATEURS.baseNombre);
  return (
    `IF(${Ty}="${TYPES_CIBLE.nombre}",${formuleNombre(T)},IF(AND(${Ty}="${TYPES_CIBLE.pourcentage}",ISNUMBER(${BN})),` +
    `IFERROR(${BN}*(1+_xlfn.NUMBERVALUE(SUBSTITUTE(SUBSTITUTE(${T}," ",""),",","."),".")),"invalide"),""))`
  );
}

/** 1 si plus haut est mieux, -1 si plus bas est mieux ; sans sens choisi, le signe de la cible (« -10 % »). */
function formuleDirection(annee: string): string {
  const S = cel(COLONNES_INDICATEURS.sens);
  return `IF(TRIM(${S})=${t(SENS.baisse)},-1,IF(TRIM(${S})=${t(SENS.hausse)},1,IF(LEFT(TRIM(${cel(cible(annee))}),1)="-",-1,1)))`;
}

function formuleJugementTendance(annee: string): string {
  const [T, M, R, E] = [cel(cible(annee)), cel(mesure(annee)), cel(AIDES_ANNEE.reference(annee)), cel(AIDES_INDICATEURS.ecart)];
  const mot = (m: string) => `ISNUMBER(SEARCH("${m}",${T}))`;
  return (
    `IF(NOT(ISNUMBER(${R})),${t(STATUTS_INDICATEUR.pasEncore)},IF(OR(AND(${mot('baisse')},${M}<${R}),AND(${mot('hausse')},${M}>${R}),` +
    `AND(OR(${mot('stabilisation')},${mot('maintien')}),ABS(${M}-${R})<=ABS(${R})*${E})),${t(STATUTS_INDICATEUR.atteint)},${t(STATUTS_INDICATEUR.horsCible)}))`
  );
}

function formuleJugementNombre(annee: string): string {
  const [M, V, S, B, E, d] = [
    cel(mesure(annee)),
    cel(AIDES_ANNEE.valeur(annee)),
    cel(COLONNES_INDICATEURS.sens),
    cel(AIDES_INDICATEURS.baseNombre),
    cel(AIDES_INDICATEURS.ecart),
    cel(AIDES_ANNEE.direction(annee)),
  ];
  const St = STATUTS_INDICATEUR;
  return (
    `IF(${V}="invalide",${t(St.invalide)},IF(NOT(ISNUMBER(${V})),${t(St.pasEncore)},IF(TRIM(${S})=${t(SENS.maintien)},` +
    `IF(ABS(${M}-${V})<=ABS(${V})*${E},${t(St.atteint)},${t(St.horsCible)}),IF(${d}*(${M}-${V})>=0,${t(St.atteint)},` +
    `IF(AND(ISNUMBER(${B}),${d}*(${M}-${B})>0),${t(St.enRetard)},${t(St.horsCible)})))))`
  );
}

function formuleJugementTexte(annee: string): string {
  const [M, RM, RC, RB] = [cel(mesure(annee)), cel(AIDES_ANNEE.rangMesure(annee)), cel(AIDES_ANNEE.rangCible(annee)), cel(AIDES_INDICATEURS.rangBase)];
  const St = STATUTS_INDICATEUR;
  const liste = (mots: string[]) => `ISNUMBER(MATCH(LOWER(TRIM(${M}&"")),{${mots.map((m) => `"${m}"`).join(',')}},0))`;
  return (
    `IF(${cel(AIDES_ANNEE.type(annee))}="${TYPES_CIBLE.jalon}",IF(ISLOGICAL(${M}),IF(${M},${t(St.atteint)},${t(St.horsCible)}),` +
    `IF(${liste(['oui', 'vrai', 'true'])},${t(St.atteint)},IF(${liste(['non', 'faux', 'false'])},${t(St.horsCible)},${t(St.invalide)}))),` +
    `IF(OR(${RM}<0,${RC}<0),${t(St.invalide)},IF(${RM}>=${RC},${t(St.atteint)},IF(AND(${RB}>=0,${RM}>${RB}),${t(St.enRetard)},${t(St.horsCible)}))))`
  );
}

function formuleStatutAnnee(annee: string): string {
  const I = COLONNES_INDICATEURS;
  const M = cel(mesure(annee));
  const Ty = cel(AIDES_ANNEE.type(annee));
  const St = STATUTS_INDICATEUR;
  const fin = `DATE(${Number(annee.slice(0, 4)) + 1},8,31)`;
  return (
    `IF(${vide(cel(I.indicateur))},"",IF(${vide(M)},IF(TODAY()>${fin},${t(St.mesureManquante)},${t(St.pasEncore)}),IF(${Ty}="",${t(St.sansCible)},` +
    `IF(OR(${Ty}="${TYPES_CIBLE.jalon}",${Ty}="${TYPES_CIBLE.niveau}"),${cel(AIDES_ANNEE.texte(annee))},IF(NOT(ISNUMBER(${M})),${t(St.invalide)},` +
    `IF(${Ty}="${TYPES_CIBLE.tendance}",${cel(AIDES_ANNEE.tendance(annee))},${cel(AIDES_ANNEE.nombre(annee))}))))))`
  );
}

/** La formule de chaque colonne d'aide d'une ligne d'indicateur. */
function formulesAides(annees: string[]): Record<string, string> {
  const I = COLONNES_INDICATEURS;
  const f: Record<string, string> = {
    [AIDES_INDICATEURS.baseNombre]: `IF(${vide(cel(I.base))},"",${formuleNombre(cel(I.base))})`,
    [AIDES_INDICATEURS.rangBase]: formuleRang(cel(I.base)),
    [AIDES_INDICATEURS.ecart]: `IF(ISNUMBER(${cel(I.tolerance)}),ABS(${cel(I.tolerance)}),${TOLERANCE_MAINTIEN})`,
  };
  annees.forEach((a, i) => {
    f[AIDES_ANNEE.type(a)] = formuleType(a);
    f[AIDES_ANNEE.reference(a)] = formuleReference(annees, i);
    f[AIDES_ANNEE.valeur(a)] = formuleValeurCible(a);
    f[AIDES_ANNEE.direction(a)] = formuleDirection(a);
    f[AIDES_ANNEE.rangMesure(a)] = formuleRang(cel(mesure(a)));
    f[AIDES_ANNEE.rangCible(a)] = formuleRang(cel(cible(a)));
    f[AIDES_ANNEE.tendance(a)] = formuleJugementTendance(a);
    f[AIDES_ANNEE.nombre(a)] = formuleJugementNombre(a);
    f[AIDES_ANNEE.texte(a)] = formuleJugementTexte(a);
  });
  return f;
}

function formuleStatutGlobal(annees: string[]): string {
  return annees.reduce(
    (suite, a) => `IF(${cel(statutDe(a))}<>${texteFormule(STATUTS_INDICATEUR.pasEncore)},${cel(statutDe(a))},${suite})`,
    texteFormule(STATUTS_INDICATEUR.pasEncore),
  );
}

export function saisiesIndicateurs(lu: TableauLu | undefined, annees: string[]): SaisiesReprises {
  const I = COLONNES_INDICATEURS;
  return reprendreSaisies(lu, {
    colonneCle: I.numero,
    // Les colonnes d'une année sortie de l'horizon (vides : anneesIndicateurs l'a vérifié) ne deviennent pas des colonnes de l'utilisateur.
    colonnesProduites: [
      I.numero,
      I.statut,
      I.source,
      ...annees.map(statutDe),
      ...Object.values(AIDES_INDICATEURS),
      ...annees.flatMap(aidesDeLAnnee),
      ...(lu?.entetes ?? []).filter((e) => !annees.some((a) => e.endsWith(` ${a}`)) && COLONNES_PAR_ANNEE.test(e)),
    ],
    colonnesSaisie: [I.critere, I.indicateur, I.axe, I.unite, I.sens, I.echelle, I.anneeBase, I.base, I.tolerance, ...annees.flatMap((a) => [cible(a), mesure(a)])],
    numeroterSansCle: true,
  });
}

export function saisiesPlan(lu: TableauLu | undefined): SaisiesReprises {
  const P = COLONNES_PLAN;
  return reprendreSaisies(lu, {
    colonneCle: P.numero,
    colonnesProduites: [P.numero, P.statut],
    colonnesSaisie: Object.values(P).filter((c) => c !== P.numero && c !== P.statut),
    numeroterSansCle: true,
  });
}

const couleursStatut = (plage: string, premiere: string): MiseEnFormeConditionnelle[] => {
  const t = texteFormule;
  const S = STATUTS_INDICATEUR;
  return [
    { plage, formule: `${premiere}=${t(S.atteint)}`, fond: 'C6EFCE', couleurTexte: '006100' },
    { plage, formule: `${premiere}=${t(S.enRetard)}`, fond: 'FFEB9C', couleurTexte: '9C5700', gras: true },
    { plage, formule: `${premiere}=${t(S.horsCible)}`, fond: 'FFC7CE', couleurTexte: '9C0006', gras: true },
    { plage, formule: `${premiere}=${t(S.mesureManquante)}`, fond: 'E4DFEC', couleurTexte: '5B2C6F', gras: true },
    { plage, formule: `${premiere}=${t(S.invalide)}`, fond: 'F4B084', couleurTexte: '000000', gras: true },
    { plage, formule: `${premiere}=${t(S.pasEncore)}`, couleurTexte: '808080' },
  ];
};

const LIGNE_PREMIER_CRITERE_IND = 5;
export const LIGNE_ENTETE_INDICATEURS = 16;

export function feuilleIndicateurs(ref: Referentiel, s: SaisiesReprises, annees: string[], liaisons: LiaisonResolue[] = [], etablissement = ''): FeuilleLayout {
  const I = COLONNES_INDICATEURS;
  const texte = { retourLigne: true, vertical: 'top' as const };
  const centre = { horizontal: 'center' as const, vertical: 'top' as const };
  const colonnes: TableauLayout['colonnes'] = [
    { entete: I.numero, largeur: 6, role: 'reference', style: centre },
    { entete: I.critere, largeur: 8, role: 'saisie', style: centre },
    { entete: I.indicateur, largeur: 40, role: 'saisie', style: texte },
    { entete: I.axe, largeur: 22, role: 'saisie', style: texte },
    { entete: I.unite, largeur: 9, role: 'saisie', style: texte },
    { entete: I.sens, largeur: 16, role: 'saisie', style: texte },
    { entete: I.echelle, largeur: 28, role: 'saisie', style: texte },
    { entete: I.anneeBase, largeur: 10, role: 'saisie', style: centre },
    { entete: I.base, largeur: 12, role: 'saisie', style: texte },
    { entete: I.tolerance, largeur: 12, role: 'saisie', style: { ...centre, format: '0%' } },
    ...annees.flatMap((a) => [
      { entete: cible(a), largeur: 11, role: 'saisie' as const, style: texte },
      { entete: mesure(a), largeur: 11, role: 'saisie' as const, style: texte },
      { entete: statutDe(a), largeur: 21, role: 'formule' as const, style: { ...texte, gras: true } },
    ]),
    { entete: I.statut, largeur: 17, role: 'formule', style: { ...texte, gras: true } },
    { entete: I.source, largeur: 30, role: 'reference', style: { ...texte, italique: true } },
    ...s.colonnesUtilisateur.map((entete) => ({ entete, largeur: 16, role: 'saisie' as const, style: texte })),
    ...[...Object.values(AIDES_INDICATEURS), ...annees.flatMap(aidesDeLAnnee)].map((entete) => ({ entete, largeur: 12, role: 'formule' as const, masquee: true })),
  ];
  const aides = formulesAides(annees);
  const cles = s.saisies.size ? [...s.saisies.keys()].sort((a, b) => a - b) : ref.criteres.map((c) => c.numero);
  const imposees: Array<{ cle: number; entete: string }> = [];
  const lignes: Contenu[][] = cles.map((n) => {
    const saisie = s.saisies.get(n) ?? (s.saisies.size ? {} : { [I.critere]: n });
    const liaison = liaisons.find((l) => l.liaison.indicateur === n);
    return colonnes.map((c): Contenu => {
      if (c.entete === I.numero) return n;
      if (c.entete === I.statut) return { formule: formuleStatutGlobal(annees) };
      if (c.entete === I.source) return liaison ? (liaison.probleme ? `Liaison rompue : ${liaison.probleme}` : descriptionLiaison({ ...liaison.liaison, table: liaison.renommeEn ?? liaison.liaison.table })) : null;
      const anneeMesure = /^Mesure (\d{4}-\d{4})$/.exec(c.entete)?.[1];
      if (liaison && !liaison.probleme && anneeMesure) {
        const f = formuleLiee(liaison, anneeMesure);
        if (f) {
          imposees.push({ cle: n, entete: c.entete });
          return { formule: f };
        }
      }
      const annee = /^Statut (\d{4}-\d{4})$/.exec(c.entete)?.[1];
      if (annee) return { formule: formuleStatutAnnee(annee) };
      if (aides[c.entete]) return { formule: aides[c.entete] };
      if (c.entete === I.tolerance && !s.saisies.has(n)) return TOLERANCE_MAINTIEN;
      return saisie[c.entete] ?? null;
    });
  });
  const tableau: TableauLayout = { nom: TABLE_INDICATEURS, ligneEntete: LIGNE_ENTETE_INDICATEURS, colonneDebut: 1, colonnes, lignes, colonneCle: I.numero, style: 'TableStyleMedium2', imposees, sources: s.sources };
  const premiere = LIGNE_ENTETE_INDICATEURS + 1;
  const derniere = LIGNE_ENTETE_INDICATEURS + lignes.length;
  const lettre = (e: string) => lettreColonne(1 + colonnes.findIndex((c) => c.entete === e));
  const plage = (e: string) => `${lettre(e)}${premiere}:${lettre(e)}${derniere}`;
  const t = texteFormule;
  const resume: CelluleFixe[] = ref.criteres.flatMap((c, i) => {
    const l = LIGNE_PREMIER_CRITERE_IND + i;
    return [
      { adresse: `A${l}`, contenu: c.numero, style: { horizontal: 'center' as const, gras: true } },
      {
        adresse: `B${l}`,
        // Les indicateurs du tableau, plus ceux écrits dans la colonne « Indicateurs » du plan d'actions.
        contenu: {
          formule:
            `COUNTIFS(${colonneEntiere(TABLE_INDICATEURS, I.critere)},${c.numero},${colonneEntiere(TABLE_INDICATEURS, I.indicateur)},"<>")` +
            `+COUNTIFS(${colonneEntiere(TABLE_PLAN, COLONNES_PLAN.critere)},${c.numero},${colonneEntiere(TABLE_PLAN, COLONNES_PLAN.indicateurs)},"<>")`,
        },
        style: { horizontal: 'center' as const },
      },
      {
        adresse: `C${l}`,
        contenu: { formule: `IF(B${l}=0,${t(`Critère ${c.numero} : aucun indicateur (LDM 002 en demande au moins un)`)},${t(`Critère ${c.numero} : `)}&B${l}&${t(' indicateur(s)')})` },
        style: { gras: true },
      },
    ];
  });
  const derniereResume = LIGNE_PREMIER_CRITERE_IND + ref.criteres.length - 1;
  const validations = [
    { plage: plage(I.critere), valeurs: ref.criteres.map((c) => String(c.numero)), titreErreur: 'Critère', messageErreur: 'Choisissez le numéro du critère.', bloquante: true },
    { plage: plage(I.sens), valeurs: [...LISTE_SENS], titreErreur: 'Sens', messageErreur: 'Choisissez le sens de l’indicateur dans la liste.', bloquante: true },
    {
      plage: plage(I.indicateur),
      valeurs: [],
      source: `INDIRECT("${nomExemples(0).replace(/0$/, '')}"&$${lettre(I.critere)}${premiere})`,
      suggestion: true,
      titreErreur: 'Indicateur',
      messageErreur: 'Exemples du guide pour ce critère ; vous pouvez aussi écrire votre propre indicateur.',
      bloquante: false,
    },
  ];
  const imprimees = colonnes.slice(0, colonnes.findIndex((c) => c.entete === I.statut) + 1).filter((c) => !c.masquee);
  return {
    nom: FEUILLE_INDICATEURS,
    largeursColonnes: colonnes.map((c) => c.largeur),
    couleurOnglet: '548235',
    cellules: [
      { adresse: 'A1', contenu: 'Indicateurs du plan d’actions (LDM 002)', fusion: 'A1:F1', style: { gras: true, taille: 16, couleurTexte: '1F4E79' } },
      {
        adresse: 'A2',
        contenu:
          'Une ligne par indicateur. Cible : un nombre (« 11 classes », « 6 % », selon le sens) ; « +7,5 % » par rapport à la base ; « baisse », « hausse », « stabilisation » (à la tolérance près) ou « baisse ou stabilisation » par rapport à l’année mesurée précédente ; un niveau de l’échelle ordinale ; ou un jalon (« Généralisation ») mesuré par Oui / Non. Base « NC » : cibles relatives pas encore mesurables. Une année terminée (31 août) sans mesure est signalée.',
        fusion: 'A2:I2',
        style: { italique: true, couleurTexte: '595959', retourLigne: true },
      },
      { adresse: 'A4', contenu: 'Indicateurs par critère', fusion: 'A4:C4', style: { gras: true, fond: 'DDEBF7' } },
      ...resume,
    ],
    tableaux: [tableau],
    validations,
    misesEnForme: [
      ...annees.flatMap((a) => couleursStatut(plage(statutDe(a)), `${lettre(statutDe(a))}${premiere}`)),
      ...couleursStatut(plage(I.statut), `${lettre(I.statut)}${premiere}`),
      { plage: plage(I.source), formule: `LEFT(${lettre(I.source)}${premiere},15)="Liaison rompue "`, fond: 'FFC7CE', couleurTexte: '9C0006', gras: true },
      { plage: `C${LIGNE_PREMIER_CRITERE_IND}:C${derniereResume}`, formule: `B${LIGNE_PREMIER_CRITERE_IND}=0`, fond: 'FFC7CE', couleurTexte: '9C0006' },
    ],
    nomsDefinis: [],
    miseEnPage: {
      orientation: 'landscape',
      zoneImpression: `A1:${lettre(I.statut)}${derniere}`,
      lignesRepetees: `${LIGNE_ENTETE_INDICATEURS}:${LIGNE_ENTETE_INDICATEURS}`,
      colonnesRepetees: 'A:C',
      pagesEnLargeur: pagesEnLargeur(imprimees.map((c) => c.largeur), imprimees.slice(0, 3).reduce((a, c) => a + c.largeur, 0)),
      entete: `${etablissement ? `${texteEntete(etablissement)} — ` : ''}Indicateurs — LDM 002`,
      piedDePage: 'Page &P / &N',
    },
  };
}

export const FEUILLE_EXEMPLES = "Exemples d'indicateurs";
export const TABLE_EXEMPLES = 'tblExemplesIndicateurs';
export const nomExemples = (critere: number) => `LDM_Exemples_${critere}`;

/** Les exemples d'indicateurs du guide, par critère : la colonne « Indicateur » les propose en liste. */
export function feuilleExemples(ref: Referentiel): FeuilleLayout {
  const lignes = ref.criteres.flatMap((c) => (c.indicateursExemples.length ? c.indicateursExemples : ['(pas d’exemple)']).map((e) => [c.numero, e] as Contenu[]));
  const noms = ref.criteres.map((c) => {
    const debut = 3 + lignes.findIndex((l) => l[0] === c.numero);
    const fin = debut + Math.max(c.indicateursExemples.length, 1) - 1;
    return { nom: nomExemples(c.numero), adresse: `$B$${debut}:$B$${fin}` };
  });
  return {
    nom: FEUILLE_EXEMPLES,
    largeursColonnes: [9, 90],
    couleurOnglet: 'A9D08E',
    cellules: [{ adresse: 'A1', contenu: "Exemples d'indicateurs par critère (guide de l'établissement et des auditeurs, 2025)", style: { gras: true, couleurTexte: '1F4E79' } }],
    tableaux: [
      {
        nom: TABLE_EXEMPLES,
        ligneEntete: 2,
        colonneDebut: 1,
        colonneCle: 'Critère',
        style: 'TableStyleLight9',
        colonnes: [
          { entete: 'Critère', largeur: 9, role: 'reference', style: { horizontal: 'center', vertical: 'top' } },
          { entete: "Exemple d'indicateur", largeur: 90, role: 'reference', style: { retourLigne: true, vertical: 'top' } },
        ],
        lignes,
      },
    ],
    validations: [],
    misesEnForme: [],
    nomsDefinis: noms,
  };
}

/** L'introduction du formulaire LDM 002 (seed 004), telle quelle : reprise par le plan et par son formulaire imprimable. */
export const INTRODUCTION_LDM002 =
  "Ce document permet le suivi du projet « lycée des métiers » et de la démarche d'amélioration continue. Il est alimenté dès la phase d'auto-positionnement. Il appartient à l'établissement de le mettre à jour au fur et à mesure des suivis internes, à partir du suivi du projet des axes d'amélioration, des engagements et des constats d'audits.";

export const LIGNE_ENTETE_PLAN = 4;

export function feuillePlan(ref: Referentiel, s: SaisiesReprises, anneeScolaire: string, etablissement = ''): FeuilleLayout {
  const P = COLONNES_PLAN;
  const texte = { retourLigne: true, vertical: 'top' as const };
  const centre = { horizontal: 'center' as const, vertical: 'top' as const };
  const date = { format: FORMAT_DATE, vertical: 'top' as const, horizontal: 'left' as const };
  const largeurs: Record<string, number> = { [P.numero]: 6, [P.critere]: 8, [P.descripteur]: 11, [P.detail]: 30, [P.objectifs]: 25, [P.indicateurs]: 25, [P.actions]: 30, [P.origine]: 34 };
  const colonnes: TableauLayout['colonnes'] = [
    ...Object.values(P).map((entete): ColonneTableau => ({
      entete,
      largeur: largeurs[entete] ?? ([P.debut, P.fin, P.finalisee].includes(entete as never) ? 13 : entete === P.statut ? 13 : 18),
      role: entete === P.numero ? 'reference' : entete === P.statut ? 'formule' : 'saisie',
      style: [P.debut, P.fin, P.finalisee].includes(entete as never) ? date : [P.numero, P.critere, P.descripteur].includes(entete as never) ? centre : entete === P.statut ? { ...texte, gras: true } : texte,
    })),
    ...s.colonnesUtilisateur.map((entete) => ({ entete, largeur: 16, role: 'saisie' as const, style: texte })),
  ];
  const cel = (c: string) => celluleDeLaLigne(TABLE_PLAN, c);
  const A = STATUTS_ACTION;
  const t = texteFormule;
  const formule =
    `IF(${vide(cel(P.actions))},"",IF(NOT(${vide(cel(P.finalisee))}),${t(A.finalisee)},` +
    `IF(AND(NOT(${vide(cel(P.fin))}),TODAY()>${cel(P.fin)}),${t(A.enRetard)},` +
    `IF(${vide(cel(P.debut))},${t(A.aPlanifier)},IF(TODAY()<${cel(P.debut)},${t(A.aVenir)},${t(A.enCours)})))))`;
  const cles = s.saisies.size ? [...s.saisies.keys()].sort((a, b) => a - b) : ref.criteres.map((c) => c.numero);
  const imposees: Array<{ cle: number; entete: string }> = [];
  const lignes: Contenu[][] = cles.map((n) => {
    const saisie = s.saisies.get(n) ?? (s.saisies.size ? {} : { [P.critere]: n });
    // « Détail du critère LDM » laissé vide reprend le libellé du descripteur choisi (jamais une saisie écrasée).
    const descripteur = tousLesDescripteurs(ref).find((d) => d.numero === Number(saisie[P.descripteur]) && !estVide(saisie[P.descripteur] ?? null));
    const remplir = estVide(saisie[P.detail] ?? null) && descripteur;
    if (remplir) imposees.push({ cle: n, entete: P.detail });
    const detail = remplir ? descripteur.ldm003 : (saisie[P.detail] ?? null);
    return colonnes.map((c): Contenu => (c.entete === P.numero ? n : c.entete === P.statut ? { formule } : c.entete === P.detail ? detail : (saisie[c.entete] ?? null)));
  });
  const tableau: TableauLayout = { nom: TABLE_PLAN, ligneEntete: LIGNE_ENTETE_PLAN, colonneDebut: 1, colonnes, lignes, colonneCle: P.numero, style: 'TableStyleMedium2', sources: s.sources, imposees };
  const premiere = LIGNE_ENTETE_PLAN + 1;
  const derniere = LIGNE_ENTETE_PLAN + lignes.length;
  const lettre = (e: string) => lettreColonne(1 + colonnes.findIndex((c) => c.entete === e));
  const plage = (e: string) => `${lettre(e)}${premiere}:${lettre(e)}${derniere}`;
  const statut = `$${lettre(P.statut)}${premiere}`;
  const imprimees = colonnes.slice(0, colonnes.findIndex((c) => c.entete === P.statut) + 1);
  return {
    nom: FEUILLE_PLAN,
    largeursColonnes: colonnes.map((c) => c.largeur),
    couleurOnglet: '548235',
    cellules: [
      { adresse: 'A1', contenu: `Plan d'actions annuel Lycée des métiers — année ${anneeScolaire}`, fusion: 'A1:J1', style: { gras: true, taille: 16, couleurTexte: '1F4E79' } },
      { adresse: 'Q1', contenu: 'LDM 002', style: { gras: true, taille: 14, horizontal: 'right', couleurTexte: '1F4E79' } },
      {
        adresse: 'A2',
        // Le texte du formulaire LDM 002 (seed 004), tel quel ; fusionné sur la largeur de la première page imprimée.
        contenu:
          `${INTRODUCTION_LDM002} Au moins un indicateur par critère (feuille « Indicateurs »). Le statut de chaque action est calculé d'après ses dates.`,
        fusion: 'A2:I2',
        style: { italique: true, couleurTexte: '595959', retourLigne: true },
      },
      { adresse: 'A3', contenu: { formule: `"Établissement : "&${CHAMPS_IDENTITE[0].nom}` }, fusion: 'A3:I3', style: { gras: true } },
    ],
    tableaux: [tableau],
    validations: [
      { plage: plage(P.critere), valeurs: ref.criteres.map((c) => String(c.numero)), titreErreur: 'Critère', messageErreur: 'Choisissez le numéro du critère.', bloquante: true },
      {
        plage: plage(P.descripteur),
        valeurs: tousLesDescripteurs(ref).map((d) => String(d.numero)),
        titreErreur: 'Descripteur',
        messageErreur: 'Choisissez le numéro du descripteur (1 à 46).',
        bloquante: true,
      },
      ...[P.debut, P.fin, P.finalisee].map((c) => validationDate(plage(c), c)),
    ],
    misesEnForme: [
      { plage: plage(P.statut), formule: `${statut}=${t(A.enRetard)}`, fond: 'FFC7CE', couleurTexte: '9C0006', gras: true },
      { plage: plage(P.fin), formule: `${statut}=${t(A.enRetard)}`, fond: 'FFC7CE', couleurTexte: '9C0006' },
      { plage: plage(P.statut), formule: `${statut}=${t(A.finalisee)}`, fond: 'C6EFCE', couleurTexte: '006100' },
      { plage: plage(P.statut), formule: `${statut}=${t(A.enCours)}`, fond: 'DDEBF7', couleurTexte: '1F4E79' },
    ],
    nomsDefinis: [],
    miseEnPage: {
      orientation: 'landscape',
      zoneImpression: `A1:${lettre(P.statut)}${derniere}`,
      lignesRepetees: `${LIGNE_ENTETE_PLAN}:${LIGNE_ENTETE_PLAN}`,
      colonnesRepetees: 'A:C',
      pagesEnLargeur: pagesEnLargeur(imprimees.map((c) => c.largeur), imprimees.slice(0, 3).reduce((a, c) => a + c.largeur, 0)),
      entete: `${etablissement ? `${texteEntete(etablissement)} — ` : ''}Plan d'actions annuel — LDM 002`,
      piedDePage: 'Page &P / &N',
    },
  };
}
