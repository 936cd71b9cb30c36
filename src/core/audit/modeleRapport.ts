import { texteDe } from '../modele/classeur';
import { Valeur } from '../layout/types';
import { Coche, LigneGrille, TABLE_COMPLEMENTAIRES, TYPES_AUDIT, estHorsAudit, parCoche, saisiesComplementaires } from './grille';
import { DateCivile, Echeances, echeancesFicheEcart, formater, lireDate } from '../modele/dates';
import { Dossier, grilleDu } from '../lecture/dossier';
import { typeAudit } from './profilRegional';

/**
 * La date de l'audit (en-tête de la grille) et les échéances de ses fiches d'écart, selon le profil régional : le
 * 30 septembre ne vaut que pour les types d'audit que le profil y soumet.
 */
export function echeancesDeLAudit(d: Dossier): { dateAudit?: DateCivile; echeances?: Echeances } {
  const entete = grilleDu(d)?.entete;
  const dateAudit = lireDate(entete?.date ?? null);
  const type = typeAudit(texteDe(entete?.type ?? null));
  return { dateAudit, echeances: dateAudit ? echeancesFicheEcart(dateAudit, d.profil.echeance30Septembre.includes(type)) : undefined };
}

/** Ce que le rapport LDM 011 et les fiches LDM 010 disent de l'audit, tiré une fois de la grille. */
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
  /** Du profil régional : à qui la fiche d'écart transmet son résultat. */
  adresseRectorat: string;
  /** Du profil régional : à qui le rapport est retourné (vide : la ligne n'est pas imprimée). */
  adresseDrafpic: string;
  issue: string;
}

export function modeleRapport(d: Dossier): ModeleRapport {
  const { referentiel: ref, lu, identite } = d;
  const { lignes, entete: e } = grilleDu(d) ?? { lignes: [], entete: {} };
  const t = (v: Valeur | undefined) => texteDe(v ?? null).trim();
  const dateAudit = lireDate(e.date ?? null);
  const typeAuditTexte = t(e.type) || TYPES_AUDIT[0];
  const compter = (ls: LigneGrille[]) => parCoche((c) => ls.filter((l) => !estHorsAudit(l) && l.coches[c] === 'coche').length);
  const complements = saisiesComplementaires(ref, lu.tableaux[TABLE_COMPLEMENTAIRES]);
  const nonConformites = lignes.filter((l) => !estHorsAudit(l) && l.coches.NC === 'coche');
  const { echeances } = echeancesDeLAudit(d);
  const n = nonConformites.length;
  const fiches = nonConformites.map((l, i) => `n°${i + 1} (descripteur ${l.numero})`).join(', ');
  let issue: string;
  if (typeAuditTexte === 'Audit de suivi') {
    issue = n
      ? `Audit de suivi : ${n} non-conformité(s) relevée(s) (fiches d'écart ${fiches}). Elles n'ont pas d'incidence sur le maintien du label ; l'établissement les traite dans son plan d'actions.`
      : "Audit de suivi : aucune non-conformité relevée. Le label est maintenu.";
  } else if (n === 0) {
    issue = `Aucune non-conformité : l'établissement est proposable au label${typeAuditTexte === 'Audit de renouvellement' ? ' (renouvellement)' : ''}.`;
  } else {
    const limite = echeances?.transmissionRectorat ? formater(echeances.transmissionRectorat) : 'le 30 septembre';
    issue =
      `${n} non-conformité(s) : fiches d'écart ${fiches}. Le label ne peut être ${typeAuditTexte === 'Audit de renouvellement' ? 'renouvelé' : 'accordé'} que si chacune est levée ; ` +
      `le résultat doit parvenir au rectorat au plus tard le ${limite}. À défaut, une nouvelle démarche de labellisation sera nécessaire.`;
  }
  return {
    etablissement: identite.etablissement ?? '',
    denomination: t(e.denomination),
    dateAudit,
    typeAudit: typeAuditTexte,
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
    adresseRectorat: d.profil.adresseRectorat,
    adresseDrafpic: d.profil.adresseDrafpic,
    issue,
  };
}
