import { ClasseurLu, ordreDesCodes, texteDe } from '../modele/classeur';
import { FeuilleLayout } from '../layout/types';
import { COLONNES_COCHE, parCoche } from '../audit/grille';
import { EtablissementConsolide } from './lecture';
import { H, Ligne, feuilleDUnTableau, lignesDu } from './registre';

/**
 * Les constats de chaque audit consolidé (labellisation, suivi, renouvellement), pour que les auditeurs d'un audit de
 * suivi ou de renouvellement lisent ceux des audits précédents. Seuls les constats du rapport y sont (PF, R, NC ou un
 * texte : un « C » sans commentaire n'en est pas un, l.1182) ; un audit reconsolidé remplace les siens, jamais ceux
 * d'un autre audit.
 */
export const FEUILLE_HISTORIQUE_CONSTATS = 'Historique des constats';
export const TABLE_HISTORIQUE_CONSTATS = 'tblHistoriqueConstats';
const COLONNES: string[] = [H.audit, H.rne, H.etablissement, H.type, H.date, 'Critère', 'Descripteur', ...COLONNES_COCHE, 'Constat'];

export const demandeLectureHistoriqueConstats = (): string[] => [TABLE_HISTORIQUE_CONSTATS];

/** `reconsolides` : les audits que ce lot écrit (clé de l'historique → établissement lu). */
export function lignesHistoriqueConstats(existant: ClasseurLu, reconsolides: Map<string, EtablissementConsolide>, historique: Ligne[]): Ligne[] {
  const gardees = lignesDu(existant.tableaux[TABLE_HISTORIQUE_CONSTATS], [H.date]).filter((l) => !reconsolides.has(texteDe(l[H.audit]).trim()));
  const dateDe = new Map(historique.map((h) => [texteDe(h[H.audit]), h[H.date]]));
  const nouvelles: Ligne[] = [...reconsolides].flatMap(([cle, e]) =>
    e.constats
      .filter((c) => c.coches.PF || c.coches.R || c.coches.NC || c.constat.trim())
      .map((c) => ({
        [H.audit]: cle,
        [H.rne]: e.rne,
        [H.etablissement]: e.etablissement,
        [H.type]: e.typeAudit,
        [H.date]: dateDe.get(cle) ?? null,
        Critère: c.critere,
        Descripteur: c.descripteur,
        ...parCoche((k) => (c.coches[k] ? 1 : 0)),
        Constat: c.constat,
      })),
  );
  return [...gardees, ...nouvelles].sort((a, b) => ordreDesCodes(a[H.audit], b[H.audit]) || Number(a.Descripteur) - Number(b.Descripteur));
}

export function feuilleHistoriqueConstats(lignes: Ligne[], existant: ClasseurLu): FeuilleLayout {
  return feuilleDUnTableau({
    nom: FEUILLE_HISTORIQUE_CONSTATS,
    table: TABLE_HISTORIQUE_CONSTATS,
    colonnes: COLONNES,
    cle: H.audit,
    dates: [H.date],
    lignes,
    existant,
    style: 'TableStyleLight12',
    couleurOnglet: '7030A0',
    vide: 'Aucun constat d’audit consolidé.',
    largeurs: { Critère: 8, Descripteur: 11, PF: 5, C: 5, R: 5, NC: 5, Constat: 70 },
  });
}
