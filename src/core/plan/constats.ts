import { ClasseurLu, Localisation, estVide, texteDe, texteFrancais } from '../modele/classeur';
import { Dossier } from '../lecture/dossier';
import { DateCivile, formater, lireDate } from '../modele/dates';
import { celluleDuTableau } from '../layout/saisies';
import { TableauLu, Valeur } from '../layout/types';
import { LiaisonResolue, TABLES_PILOTE, descriptionLiaison, formuleLiee, resoudreLiaison, valeurLiee } from './liaisons';
import { FEUILLE_PILOTE, TABLE_METADONNEES } from '../layout/piloteLdm';
import { LISTE_SENS, SENS, STATUTS_ACTION, STATUTS_INDICATEUR, StatutIndicateur, TYPES_CIBLE, niveaux, nombreDe, references, statutAction, statutAnnee, statutGlobal, typeCible } from './evaluation';
import {
  COLONNES_INDICATEURS,
  COLONNES_PLAN,
  TABLE_INDICATEURS,
  TABLE_PLAN,
  anneesIndicateurs,
  cible,
  mesure,
  saisiesIndicateurs,
  saisiesPlan,
} from './feuilles';

export type TypeConstatPlan = 'indicateur-hors-cible' | 'mesure-manquante' | 'base-manquante' | 'action-en-retard' | 'critere-sans-indicateur' | 'valeur-invalide' | 'liaison-rompue';

export interface ConstatPlan extends Localisation {
  kind: TypeConstatPlan;
  critere?: number;
  indicateur?: number;
  annee?: string;
}

export interface SuiviIndicateur {
  numero: number;
  critere?: number;
  libelle: string;
  statuts: Array<{ annee: string; statut: StatutIndicateur }>;
  /** Mesures par année (lues dans le tableau source quand l'indicateur est lié). */
  mesures: Record<string, Valeur>;
  liaison?: LiaisonResolue;
}

function ligneDe(t: TableauLu, cle: number): number | undefined {
  const i = t.entetes.indexOf('N°');
  return t.lignes.find((l) => Number(texteDe(l.valeurs[i])) === cle)?.ligne;
}

/** Les indicateurs et leur statut par année, recalculés depuis les saisies (jamais depuis les valeurs en cache). */
export function suiviIndicateurs(d: Dossier, aujourdhui: DateCivile): SuiviIndicateur[] {
  const { lu } = d;
  const t = lu.tableaux[TABLE_INDICATEURS];
  if (!t) return [];
  const I = COLONNES_INDICATEURS;
  const annees = anneesIndicateurs(t, '');
  const { saisies } = saisiesIndicateurs(t, annees);
  const liaisons = d.liaisons.liaisons.map((l) => resoudreLiaison(l, lu));
  return [...saisies.entries()]
    .filter(([, s]) => !estVide(s[I.indicateur]))
    .map(([numero, s]) => {
      const liaison = liaisons.find((l) => l.liaison.indicateur === numero);
      const mesures = Object.fromEntries(
        annees.map((a) => {
          const liee = liaison && !liaison.probleme && formuleLiee(liaison, a) !== undefined;
          return [a, liee ? valeurLiee(liaison, a) : (s[mesure(a)] ?? null)];
        }),
      );
      const refs = references(s[I.base], annees.map((a) => mesures[a]));
      const indicateur = { sens: s[I.sens], echelle: s[I.echelle], base: s[I.base], tolerance: s[I.tolerance] };
      return {
        numero,
        critere: Number(texteDe(s[I.critere])) || undefined,
        libelle: texteDe(s[I.indicateur]).trim(),
        mesures,
        liaison,
        statuts: annees.map((annee, i) => ({
          annee,
          statut: statutAnnee(indicateur, s[cible(annee)], mesures[annee], annee, aujourdhui, refs[i]),
        })),
      };
    });
}

/** Liaisons enregistrées qui n'ont plus la forme d'une liaison : signalées à l'endroit où elles sont gardées. */
function liaisonsIllisibles(d: Dossier): ConstatPlan[] {
  const { lu, liaisons: e } = d;
  if (e.texteIllisible === undefined && !e.illisibles.length) return [];
  const t = lu.tableaux[TABLE_METADONNEES];
  const ligne = t?.lignes.find((l) => texteDe(l.valeurs[t.entetes.indexOf('Clé')]).trim() === 'liaisons')?.ligne;
  const cellule = t && ligne ? celluleDuTableau(t, ligne, 'Valeur') : 'tblPiloteLDM';
  const quoi = e.texteIllisible !== undefined ? 'le texte des liaisons n’est pas lisible' : `${e.illisibles.length} liaison(s) enregistrée(s) illisible(s)`;
  return [
    {
      kind: 'liaison-rompue',
      feuille: t?.feuille ?? FEUILLE_PILOTE,
      cellule,
      message: `${quoi} ; elles sont gardées telles quelles et ne calculent plus aucune mesure. Rétablissez-les, ou liez de nouveau les indicateurs concernés.`,
    },
  ];
}

export function constatsPlan(d: Dossier, aujourdhui: DateCivile): ConstatPlan[] {
  const { lu, referentiel: ref } = d;
  const constats: ConstatPlan[] = [];
  const t = lu.tableaux[TABLE_INDICATEURS];
  if (t) {
    const I = COLONNES_INDICATEURS;
    const annees = anneesIndicateurs(t, '');
    const { saisies } = saisiesIndicateurs(t, annees);
    const S = STATUTS_INDICATEUR;
    const suivi = suiviIndicateurs(d, aujourdhui);
    for (const ind of suivi) {
      const ligne = ligneDe(t, ind.numero);
      if (ligne === undefined) continue;
      const s = saisies.get(ind.numero)!;
      const base = { feuille: t.feuille, critere: ind.critere, indicateur: ind.numero };
      const cel = (c: string) => celluleDuTableau(t, ligne, c);
      const sens = texteDe(s[I.sens]).trim();
      if (ind.liaison?.probleme) {
        constats.push({ ...base, kind: 'liaison-rompue', cellule: cel(I.source), message: `Indicateur ${ind.numero} « ${ind.libelle} » : ${ind.liaison.probleme}` });
      }
      if (sens && !LISTE_SENS.includes(sens as never)) {
        constats.push({ ...base, kind: 'valeur-invalide', cellule: cel(I.sens), message: `Indicateur ${ind.numero} « ${ind.libelle} » : sens « ${sens} » inconnu ; choisissez ${LISTE_SENS.join(', ')}.` });
      }
      if (!ind.critere || !ref.criteres.some((c) => c.numero === ind.critere)) {
        constats.push({ ...base, kind: 'valeur-invalide', cellule: cel(I.critere), message: `Indicateur ${ind.numero} « ${ind.libelle} » : critère « ${texteDe(s[I.critere])} » inconnu.` });
      }
      const refs = references(s[I.base], annees.map((a) => ind.mesures[a]));
      const relatives = annees.filter((a, i) => {
        const type = typeCible(s[I.sens], s[cible(a)]);
        return type === TYPES_CIBLE.pourcentage || (type === TYPES_CIBLE.tendance && refs[i] === undefined);
      });
      if (relatives.length && nombreDe(s[I.base]) === undefined) {
        constats.push({
          ...base,
          kind: 'base-manquante',
          cellule: cel(I.base),
          message: `Indicateur ${ind.numero} « ${ind.libelle} » : base ${estVide(s[I.base]) ? 'vide' : `« ${texteFrancais(s[I.base])} »`}, alors que ${relatives.length > 1 ? 'les cibles' : 'la cible'} de ${relatives.join(', ')} ${relatives.length > 1 ? 'sont relatives' : 'est relative'} à la base : ${relatives.length > 1 ? 'elles restent' : 'elle reste'} « pas encore mesurable${relatives.length > 1 ? 's' : ''} » tant que la base n'est pas chiffrée.`,
        });
      }
      for (const { annee, statut } of ind.statuts) {
        const celMesure = cel(mesure(annee));
        if (statut === S.horsCible || statut === S.enRetard) {
          constats.push({
            ...base,
            annee,
            kind: 'indicateur-hors-cible',
            cellule: celMesure,
            message: `Indicateur ${ind.numero} « ${ind.libelle} », ${annee} : ${statut.toLowerCase()} (mesure ${texteFrancais(ind.mesures[annee])}, cible ${texteFrancais(s[cible(annee)])}).`,
          });
        } else if (statut === S.mesureManquante) {
          constats.push({ ...base, annee, kind: 'mesure-manquante', cellule: celMesure, message: `Indicateur ${ind.numero} « ${ind.libelle} » : pas de mesure pour ${annee}, année terminée.` });
        } else if (statut === S.invalide) {
          const enCause = invalideEnCause({ ...s, [mesure(annee)]: ind.mesures[annee] }, annee, sens);
          constats.push({ ...base, annee, kind: 'valeur-invalide', cellule: cel(enCause.colonne), message: `Indicateur ${ind.numero} « ${ind.libelle} », ${annee} : ${enCause.message}` });
        }
      }
    }
    constats.push(...liaisonsIllisibles(d));
    // Un indicateur écrit dans la colonne « Indicateurs » du plan d'actions compte aussi pour son critère.
    const presents = new Set([...suivi.map((i) => i.critere), ...criteresAvecIndicateurDansLePlan(lu)]);
    ref.criteres.forEach((c, i) => {
      if (!presents.has(c.numero)) {
        constats.push({
          kind: 'critere-sans-indicateur',
          critere: c.numero,
          feuille: t.feuille,
          cellule: `C${5 + i}`,
          message: `Critère ${c.numero} : aucun indicateur ; le plan d'actions LDM 002 en demande au moins un par critère (exemples : ${c.indicateursExemples.slice(0, 2).join(' ; ')}).`,
        });
      }
    });
  }
  const p = lu.tableaux[TABLE_PLAN];
  if (p) {
    const P = COLONNES_PLAN;
    const { saisies } = saisiesPlan(p);
    for (const [numero, s] of saisies) {
      if (estVide(s[P.actions])) continue;
      const ligne = ligneDe(p, numero);
      if (ligne === undefined) continue;
      const cel = (c: string) => celluleDuTableau(p, ligne, c);
      const base = { feuille: p.feuille, critere: Number(texteDe(s[P.critere])) || undefined };
      const dates: Record<string, DateCivile | undefined> = {};
      for (const c of [P.debut, P.fin, P.finalisee]) {
        const v = s[c];
        dates[c] = lireDate(v);
        if (!estVide(v) && !dates[c]) {
          constats.push({ ...base, kind: 'valeur-invalide', cellule: cel(c), message: `Action ${numero} : « ${texteDe(v)} » n'est pas une date (colonne « ${c} ») ; saisissez JJ/MM/AAAA.` });
        }
      }
      if (statutAction(dates[P.debut], dates[P.fin], dates[P.finalisee], aujourdhui) === STATUTS_ACTION.enRetard) {
        constats.push({
          ...base,
          kind: 'action-en-retard',
          cellule: cel(P.fin),
          message: `Action ${numero} « ${texteDe(s[P.actions]).trim().slice(0, 80)} » : fin prévue le ${formater(dates[P.fin]!)}, non finalisée.`,
        });
      }
    }
  }
  return constats;
}

function criteresAvecIndicateurDansLePlan(lu: ClasseurLu): number[] {
  const p = lu.tableaux[TABLE_PLAN];
  if (!p) return [];
  const P = COLONNES_PLAN;
  return [...saisiesPlan(p).saisies.values()].filter((s) => !estVide(s[P.indicateurs])).map((s) => Number(texteDe(s[P.critere])));
}

function invalideEnCause(s: Record<string, Valeur>, annee: string, sens: string): { colonne: string; message: string } {
  const I = COLONNES_INDICATEURS;
  const m = s[mesure(annee)];
  const c = s[cible(annee)];
  if (sens === SENS.ordinal) {
    const e = niveaux(s[I.echelle]);
    if (!e.includes(texteDe(m).trim().toLowerCase())) return { colonne: mesure(annee), message: `la mesure « ${texteFrancais(m)} » n'est pas un niveau de l'échelle (${texteFrancais(s[I.echelle])}).` };
    return { colonne: cible(annee), message: `la cible « ${texteFrancais(c)} » n'est pas un niveau de l'échelle (${texteFrancais(s[I.echelle])}).` };
  }
  if (typeCible(sens, c) === TYPES_CIBLE.jalon) {
    return { colonne: mesure(annee), message: `la cible « ${texteFrancais(c)} » est un jalon : la mesure se note Oui (atteint) ou Non, pas « ${texteFrancais(m)} ».` };
  }
  if (typeof m !== 'number') return { colonne: mesure(annee), message: `la mesure « ${texteFrancais(m)} » n'est pas un nombre.` };
  return { colonne: cible(annee), message: `cible « ${texteFrancais(c)} » non reconnue : un nombre (« 11 classes », « 6 % »), « baisse », « hausse », « stabilisation » (ou « baisse ou stabilisation »), « +7,5 % » par rapport à la base, ou un jalon en texte (« Généralisation ») mesuré par Oui ou Non.` };
}


export interface ResumePlan {
  indicateurs: Array<{ numero: number; critere?: number; libelle: string; statut: StatutIndicateur; source?: string; rompue: boolean }>;
  parCritere: Array<{ critere: number; indicateurs: number; atteints: number; aSurveiller: number }>;
  /** Les tableaux de l'établissement auxquels un indicateur peut être lié. */
  tableauxSources: Array<{ nom: string; feuille: string; entetes: string[] }>;
}

/** Ce que le volet montre du plan : indicateurs, synthèse par critère, tableaux disponibles pour une liaison. */
export function resumePlan(d: Dossier, aujourdhui: DateCivile): ResumePlan {
  const { lu, referentiel: ref } = d;
  const suivi = suiviIndicateurs(d, aujourdhui);
  const S = STATUTS_INDICATEUR;
  const indicateurs = suivi.map((i) => ({
    numero: i.numero,
    critere: i.critere,
    libelle: i.libelle,
    statut: statutGlobal(i.statuts.map((s) => s.statut)),
    source: i.liaison ? descriptionLiaison({ ...i.liaison.liaison, table: i.liaison.renommeEn ?? i.liaison.liaison.table }) : undefined,
    rompue: Boolean(i.liaison?.probleme),
  }));
  return {
    indicateurs,
    parCritere: lu.tableaux[TABLE_INDICATEURS]
      ? ref.criteres.map((c) => {
          const ici = suivi.filter((i) => i.critere === c.numero);
          return {
            critere: c.numero,
            indicateurs: ici.length,
            atteints: ici.filter((i) => statutGlobal(i.statuts.map((s) => s.statut)) === S.atteint).length,
            aSurveiller: ici.filter((i) => i.statuts.some((s) => s.statut === S.horsCible || s.statut === S.enRetard || s.statut === S.mesureManquante || s.statut === S.invalide)).length,
          };
        })
      : [],
    tableauxSources: (lu.entetesTableaux ?? Object.values(lu.tableaux).filter((t): t is TableauLu => Boolean(t)))
      .filter((t) => !TABLES_PILOTE.has(t.nom))
      .map((t) => ({ nom: t.nom, feuille: t.feuille, entetes: t.entetes })),
  };
}
