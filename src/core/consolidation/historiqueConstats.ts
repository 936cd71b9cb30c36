import { ClasseurLu, texteDe } from '../modele/classeur';
import { Contenu, FeuilleLayout, lettreColonne } from '../layout/types';
import { COLONNES_COCHE } from '../audit/grille';
import { EtablissementConsolide } from './lecture';
import { H, Ligne, colonnesTableau, lignesDu } from './registre';

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
        ...Object.fromEntries(COLONNES_COCHE.map((k) => [k, c.coches[k] ? 1 : 0])),
        Constat: c.constat,
      })),
  );
  return [...gardees, ...nouvelles].sort((a, b) => texteDe(a[H.audit]).localeCompare(texteDe(b[H.audit])) || Number(a.Descripteur) - Number(b.Descripteur));
}

export function feuilleHistoriqueConstats(lignes: Ligne[], existant: ClasseurLu): FeuilleLayout {
  const ajoutees = (existant.tableaux[TABLE_HISTORIQUE_CONSTATS]?.entetes ?? []).filter((e) => e && !COLONNES.includes(e));
  const colonnes = [...COLONNES, ...ajoutees];
  const definitions = colonnesTableau(colonnes, [H.date], ajoutees, [], { Critère: 8, Descripteur: 11, PF: 5, C: 5, R: 5, NC: 5, Constat: 70 });
  return {
    nom: FEUILLE_HISTORIQUE_CONSTATS,
    texteLitteral: true,
    largeursColonnes: definitions.map((c) => c.largeur),
    couleurOnglet: '7030A0',
    cellules: lignes.length ? [] : [{ adresse: 'A2', contenu: 'Aucun constat d’audit consolidé.' }],
    tableaux: lignes.length
      ? [{ nom: TABLE_HISTORIQUE_CONSTATS, ligneEntete: 1, colonneDebut: 1, colonneCle: H.audit, style: 'TableStyleLight12', colonnes: definitions, lignes: lignes.map((l) => colonnes.map((c) => (l[c] ?? null) as Contenu)) }]
      : [],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
    remplacer: true,
    miseEnPage: { orientation: 'landscape', zoneImpression: `A1:${lettreColonne(colonnes.length)}${Math.max(2, lignes.length + 1)}`, lignesRepetees: '1:1' },
  };
}
