import { estVide, texteDe } from '../modele/classeur';
import { Dossier, grilleDu } from '../lecture/dossier';
import { celluleDuTableau, lignesParCle } from '../layout/saisies';
import { CHAMPS_AUDIT, CHAMPS_DATE_AUDIT, COLONNES_AUDIT, COLONNES_COCHE, CONTROLES, TYPES_AUDIT } from './grille';
import { lireDate } from '../modele/dates';
import { RapportBloque as RapportBloqueGenerique } from '../erreurs';
import { typeAudit } from './profilRegional';
import { arbitragesOuverts } from './equipe';

export type TypeAnomalie = 'grille-incomplete' | 'grille-contradictoire' | 'constat-manquant' | 'valeur-invalide' | 'arbitrage-ouvert';

export interface AnomalieGrille {
  kind: TypeAnomalie;
  critere?: number;
  descripteur?: number;
  sheet: string;
  cell: string;
  message: string;
}

/** Levée par le rapport tant que la grille a des anomalies : elle porte les anomalies de la grille. */
export class RapportBloque extends RapportBloqueGenerique<AnomalieGrille> {}

/** Les anomalies de la grille : elles bloquent le rapport tant qu'elles ne sont ni corrigées ni acceptées. */
export function anomaliesGrille(d: Dossier): AnomalieGrille[] {
  const grille = grilleDu(d);
  if (!grille) return [];
  const { lignes, tableau, entete } = grille;
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
      case CONTROLES.cocheRepute:
        anomalies.push({ ...base, kind: 'valeur-invalide', cell: cel(COLONNES_AUDIT.pf), message: `descripteur ${l.numero} : son critère est réputé satisfait par le label ${l.reputeSatisfait} (décision du groupe académique, « Pilote LDM ») ; videz ses coches.` });
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
  for (const champ of CHAMPS_DATE_AUDIT) {
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
  // Copies des auditeurs fusionnées : un désaccord non arbitré (ou une décision pas encore reportée) bloque le rapport.
  const cochesDeLaGrille = new Map(lignes.map((l) => [l.numero, COLONNES_COCHE.filter((c) => l.coches[c] === 'coche').join(' ')]));
  for (const o of arbitragesOuverts(d.referentiel, d.lu, cochesDeLaGrille)) {
    anomalies.push({ kind: 'arbitrage-ouvert', critere: o.critere, descripteur: o.numero, sheet: o.feuille, cell: o.cellule, message: o.message });
  }
  const auditeurs = (['referent', 'coAuditeur1', 'coAuditeur2', 'coAuditeur3'] as const).filter((c) => !estVide(entete[c]));
  const equipe = d.profil.equipe(typeAudit(texteDe(entete.type)));
  if (estVide(entete.referent) || auditeurs.length < equipe.min || auditeurs.length > equipe.max) {
    anomalies.push({
      kind: 'grille-incomplete',
      sheet: tableau.feuille,
      cell: CHAMPS_AUDIT.referent.adresse,
      message: `${equipe.texte} : ${estVide(entete.referent) ? "l'auditeur référent n'est pas indiqué" : `${auditeurs.length} indiqué(s)`}.`,
    });
  }
  return anomalies;
}


export type TypeConstatAudit = TypeAnomalie | 'ecart-ouvert' | 'echeance-depassee';
