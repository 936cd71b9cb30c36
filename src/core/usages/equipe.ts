import { ClasseurLu, texteDe } from '../modele/classeur';
import { Valeur } from '../layout/types';
import { lireDossier, grilleDu } from '../lecture/dossier';
import { COLONNES_AUDIT, COLONNES_COCHE, enteteLue, feuilleGrilleAudit, saisiesComplementaires, saisiesGrille, TABLE_COMPLEMENTAIRES } from '../audit/grille';
import {
  Contribution,
  CopieAuditeur,
  CopieLue,
  CopieRefusee,
  FEUILLE_ARBITRAGE,
  FusionImpossible,
  TABLE_ARBITRAGE,
  contributionsDeLaCopie,
  contributionsLues,
  copieLue,
  decisionsLues,
  equipeDeLaGrille,
  feuilleArbitrage,
  feuilleContributions,
  feuilleRepartition,
  fusionnerContributions,
  imposerSaisies,
  motifDeRefus,
  repartitionLue,
} from '../audit/equipe';
import { messagePourLaPersonne } from '../erreurs';
import { PortClasseur } from './port';
import { demandeLectureGeneration } from './generation';
import { suiteDeLecture } from './operations';

/** Les cas d'usage de l'équipe d'audit, écrits une fois pour les deux adaptateurs. */

function grilleDuReferent(lu: ClasseurLu) {
  const dossier = lireDossier(lu);
  const grille = grilleDu(dossier);
  if (!grille) throw new FusionImpossible("Ce classeur n'a pas de grille d'audit : générez-la d'abord, et nommez l'équipe dans son en-tête.");
  const equipe = equipeDeLaGrille(grille.entete);
  if (equipe.length < 2) {
    throw new FusionImpossible(`L'en-tête de la grille d'audit (feuille « ${grille.tableau.feuille} », cellules C8 à C11) nomme ${equipe.length} auditeur(s) : indiquez le référent et au moins un co-auditeur.`);
  }
  return { dossier, grille, equipe };
}

export interface Repartition {
  equipe: string[];
  /** Le RNE de l'établissement audité (il nomme les copies). */
  rne: string;
  /** Les critères de chaque auditeur, dans l'ordre de l'équipe. */
  copies: CopieAuditeur[];
}

/** Écrit (ou garde, si elle a été modifiée) la répartition des critères dans la grille du référent. */
export async function repartir(port: PortClasseur): Promise<Repartition> {
  const lu = await port.lire(demandeLectureGeneration());
  const { dossier, equipe } = grilleDuReferent(lu);
  const repartition = repartitionLue(dossier.referentiel, lu, equipe);
  await port.ecrire([feuilleRepartition(dossier.referentiel, repartition, equipe)], lu, "Répartition de l'audit");
  return { equipe, rne: dossier.identite.rne ?? '', copies: equipe.map((auditeur) => ({ auditeur, criteres: [...repartition].filter(([, a]) => a === auditeur).map(([c]) => c) })) };
}

export interface BilanFusion {
  acceptees: Array<{ fichier: string; auditeur: string; contributions: number }>;
  refusees: CopieRefusee[];
  /** Descripteurs où les auditeurs s'accordent (résultat pris). */
  accords: number;
  /** Descripteurs en désaccord, listés dans « Arbitrage ». */
  desaccords: number[];
  /** Descripteurs encore à arbitrer (ou dont la décision n'est pas dans la grille). */
  ouverts: number[];
}

const coche = (signature: string, c: string): Valeur => {
  const m = new RegExp(`(?:^| )${c}(?:="([^"]*)")?(?= |$)`).exec(signature);
  if (!m) return null;
  return m[1] ?? 'x';
};

/**
 * Fusionne les copies des auditeurs dans la grille du référent : accords pris, désaccords à arbitrer dans
 * « Arbitrage », tout ce qu'un auditeur a écrit gardé dans « Contributions des auditeurs ». Une copie d'un autre
 * établissement, d'un autre audit ou d'un auditeur inconnu est refusée avec sa raison ; refusée, elle ne compte pas.
 */
export async function fusionner(port: PortClasseur, copies: Array<{ fichier: string; lire: () => Promise<ClasseurLu> }>): Promise<BilanFusion> {
  const lu = await port.lire(demandeLectureGeneration(), (l) => suiteDeLecture(l));
  const { dossier, grille, equipe } = grilleDuReferent(lu);
  const ref = dossier.referentiel;
  const refusees: CopieRefusee[] = [];
  const acceptees: BilanFusion['acceptees'] = [];
  const nouvelles: Contribution[] = [];
  const remplaces = new Set<string>();
  for (const c of copies) {
    let copie: CopieLue;
    try {
      const luCopie = await c.lire();
      const d = lireDossier(luCopie);
      copie = { fichier: c.fichier, rne: texteDe(d.identite.rne ?? '').trim(), dateAudit: enteteLue(luCopie).date ?? null, copie: copieLue(d.metadonnees?.copieAuditeur), grille: luCopie.tableaux[grille.tableau.nom] };
    } catch (e) {
      refusees.push({ fichier: c.fichier, motif: messagePourLaPersonne(e) });
      continue;
    }
    const motif = motifDeRefus(copie, texteDe(dossier.identite.rne ?? '').trim(), grille.entete.date ?? null, equipe);
    if (motif) {
      refusees.push({ fichier: c.fichier, motif });
      continue;
    }
    const auditeur = equipe.find((e) => e.toLocaleLowerCase('fr') === copie.copie!.auditeur.toLocaleLowerCase('fr'))!;
    if (remplaces.has(auditeur)) {
      refusees.push({ fichier: c.fichier, motif: `une autre copie de ${auditeur} est déjà dans ce lot : une seule par auditeur est fusionnée à la fois.` });
      continue;
    }
    remplaces.add(auditeur);
    const siennes = contributionsDeLaCopie(ref, copie.grille!, auditeur, c.fichier);
    nouvelles.push(...siennes);
    acceptees.push({ fichier: c.fichier, auditeur, contributions: siennes.length });
  }
  // Une nouvelle copie d'un auditeur remplace ses contributions précédentes ; celles des autres restent.
  const contributions = [...contributionsLues(lu).filter((c) => !remplaces.has(c.auditeur)), ...nouvelles];
  const decisions = decisionsLues(ref, lu);
  const fusion = fusionnerContributions(ref, contributions, decisions);

  const saisies = saisiesGrille(ref, grille.tableau);
  for (const [numero, r] of fusion.grille) {
    const s = { ...(saisies.saisies.get(numero) ?? {}) };
    for (const c of COLONNES_COCHE) s[c] = coche(r.coches, c);
    s[COLONNES_AUDIT.constats] = r.constat || null;
    saisies.saisies.set(numero, s);
  }
  const feuilleGrille = feuilleGrilleAudit(
    ref,
    { grille: saisies, complementaires: saisiesComplementaires(ref, lu.tableaux[TABLE_COMPLEMENTAIRES]), entete: enteteLue(lu, grille.tableau.feuille) },
    dossier.identite.intituleLabel ?? '',
  );
  feuilleGrille.nom = grille.tableau.feuille;
  imposerSaisies(feuilleGrille.tableaux.find((t) => t.nom === grille.tableau.nom), [...fusion.grille.keys()], [...COLONNES_COCHE, COLONNES_AUDIT.constats]);
  const arbitrage = feuilleArbitrage(ref, fusion.desaccords, equipe, lu.tableaux[TABLE_ARBITRAGE]);
  await port.ecrire([feuilleGrille, arbitrage, feuilleContributions(contributions)], lu, fusion.desaccords.length ? FEUILLE_ARBITRAGE : grille.tableau.feuille);

  const ouverts = fusion.desaccords.filter((d) => !decisions.get(d.numero)?.coches);
  return { acceptees, refusees, accords: fusion.accords, desaccords: fusion.desaccords.map((d) => d.numero), ouverts: ouverts.map((d) => d.numero) };
}
