import { ClasseurIllisible, ClasseurLu, cleCellule, estVide } from '../modele/classeur';
import { CHAMPS_CANDIDATURE, FEUILLE_CANDIDATURE } from '../dossier/candidature';
import { Dossier, lireDossier } from '../lecture/dossier';
import { CelluleFixe, Contenu, FeuilleLayout, decoderAdresse, texteEntete, texteFormule } from '../layout/types';
import { Referentiel, tousLesDescripteurs } from '../referentiel';
import { Pagination, hauteurDeLigne } from '../layout/pagination';
import { COLONNES_COCHE, Coche, FEUILLE_GRILLE_AUDIT, TABLE_GRILLE_AUDIT, estHorsAudit } from './grille';
import { FORMAT_DATE, contenuDate, dateCivileDe, formater } from '../modele/dates';
import { AnomalieGrille, RapportBloque, anomaliesGrille } from './anomalies';
import { CELLULE_ETAT_FICHE, feuilleFiche, saisiesDeFiche, feuilleFicheObsolete, feuilleSuivi, fichesExistantes, nomFiche } from './fiches';

export * from './anomalies';
export * from './fiches';
export * from './modeleRapport';
import { ModeleRapport, modeleRapport } from './modeleRapport';

export const FEUILLE_RAPPORT = "LDM 011 Rapport d'audit";
const LARGEURS_RAPPORT = [20, 26, 26, 5, 5, 5, 5, 44];
const HAUTEUR_ENTETE_CONSTATS = 15;



/** Un texte dans une formule : Excel n'admet pas de chaîne de plus de 255 caractères, elle est découpée et recollée. */
function texteLong(s: string): string {
  // Coupé après une espace (une date ou un mot reste d'un seul tenant dans la formule).
  const morceaux = s.match(/[\s\S]{1,200}(?:\s|$)|[\s\S]{1,200}/g) ?? [''];
  return morceaux.map(texteFormule).join('&');
}

export function feuilleRapport(ref: Referentiel, m: ModeleRapport, produitLe: Date, acceptees: AnomalieGrille[] = []): FeuilleLayout {
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
  ajouter(`A${l}`, `Produit par Pilote LDM le ${formater(dateCivileDe(produitLe))} à partir de la feuille « ${FEUILLE_GRILLE_AUDIT} » : modifiez la grille puis produisez à nouveau le rapport.`, { italique: true, couleurTexte: '7F7F7F', retourLigne: true }, `A${l}:H${l}`);
  l += 2;
  champ('Établissement', m.etablissement);
  champ('Dénomination métier', m.denomination);
  champ("Date de l'audit", contenuDate(m.dateAudit), FORMAT_DATE);
  champ("Type d'audit", m.typeAudit);
  champ('Auditeur référent', m.referent);
  champ('Co-auditeurs', m.coAuditeurs.join(', ') || 'Aucun');
  l++;
  ajouter(`A${l}`, "CONSTATS D'AUDIT", section, `A${l}:H${l}`);
  l++;
  ajouter(`A${l}`, 'Il convient de justifier et d’argumenter chaque constat de point fort (PF), de remarque (R) ou de non-conformité (NC). Aucun commentaire n’est demandé pour les critères conformes au référentiel. Cocher à minima C ou NC.', { italique: true, retourLigne: true }, `A${l}:H${l}`);
  l++;
  const entete = { gras: true, fond: 'DDEBF7', bordure: true, horizontal: 'center' as const, vertical: 'middle' as const, retourLigne: true };
  const enteteConstats = () => {
    ['Critère', 'Détail du critère', '', 'PF', 'C', 'R', 'NC', 'Constats'].forEach((h, i) => {
      if (i === 2) return;
      ajouter(`${'ABCDEFGH'[i]}${l}`, h, entete, i === 1 ? `B${l}:C${l}` : undefined);
    });
    l++;
  };
  // L'en-tête des constats est répété en haut de chaque page du tableau, et seulement là : des sauts de page posés
  // entre deux descripteurs plutôt que des lignes répétées, qui surmonteraient aussi les constats complémentaires.
  const pagination = new Pagination(LARGEURS_RAPPORT, 'portrait');
  const hauteurDeLaLigne = (k: number) => hauteurDeLigne(cellules.filter((c) => decoderAdresse(c.adresse).ligne === k), LARGEURS_RAPPORT);
  enteteConstats();
  for (let k = 1; k < l; k++) pagination.compter(hauteurDeLaLigne(k));
  const descripteurs = tousLesDescripteurs(ref);
  let critereEnCours: number | undefined;
  for (const ligne of m.lignes) {
    const d = descripteurs.find((x) => x.numero === ligne.numero)!;
    const coche = (c: Coche) => (!estHorsAudit(ligne) && ligne.coches[c] === 'coche' ? 'X' : null);
    // Comme le formulaire : le critère, numéro et intitulé, sur la première ligne de ses descripteurs.
    const critere = ref.criteres.find((c) => c.numero === ligne.critere);
    const rangee: CelluleFixe[] = [
      { adresse: 'A', contenu: ligne.critere !== critereEnCours && critere ? `${critere.numero} - ${critere.libelleLdm011}` : null, style: { ...texte, taille: 8 } },
      { adresse: 'B', contenu: `${d.numero}. ${d.ldm011}`, style: texte, fusion: 'C' },
      ...COLONNES_COCHE.map((c, i) => ({ adresse: 'DEFG'[i], contenu: coche(c), style: { ...texte, horizontal: 'center' as const, gras: true, couleurTexte: c === 'NC' ? 'C00000' : undefined } })),
      {
        adresse: 'H',
        contenu: ligne.reputeSatisfait
          ? `Critère réputé satisfait par le label ${ligne.reputeSatisfait} (décision du groupe académique) : non audité.`
          : ligne.horsReseau
            ? 'Sans objet (candidature hors réseau)'
            : ligne.constat,
        style: texte,
      },
    ];
    critereEnCours = ligne.critere;
    const placer = () => rangee.map((c) => ({ ...c, adresse: `${c.adresse}${l}`, fusion: c.fusion ? `${c.adresse}${l}:${c.fusion}${l}` : undefined }));
    if (pagination.placer(l, hauteurDeLigne(placer(), LARGEURS_RAPPORT))) {
      enteteConstats();
      pagination.compter(HAUTEUR_ENTETE_CONSTATS);
    }
    cellules.push(...placer());
    l++;
  }
  const finTableau = l;
  const sections: number[] = [];
  l++;
  sections.push(l);
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
  sections.push(l);
  ajouter(`A${l}`, 'ISSUE DE L’AUDIT', section, `A${l}:H${l}`);
  l++;
  // Une fois chaque fiche d'écart levée (« État de la fiche »), l'issue le dit d'elle-même, par formule.
  const toutesLevees = m.nonConformites.length && m.typeAudit !== 'Audit de suivi' ? m.nonConformites.map((nc) => `'${nomFiche(nc.numero)}'!${CELLULE_ETAT_FICHE}="Levé"`).join(',') : '';
  const issueLevee = `Toutes les non-conformités (${m.nonConformites.length}) sont levées : l'établissement est proposable au label${m.typeAudit === 'Audit de renouvellement' ? ' (renouvellement)' : ''}.`;
  const styleIssue = { ...texte, gras: true, couleurTexte: m.nonConformites.length && m.typeAudit !== 'Audit de suivi' ? 'C00000' : '006100' };
  ajouter(
    `A${l}`,
    // IFERROR : une fiche supprimée (ou le rapport copié seul) laisse l'issue du jour de production, jamais une erreur.
    toutesLevees ? { formule: `IFERROR(IF(AND(${toutesLevees}),${texteLong(issueLevee)},${texteLong(m.issue)}),${texteLong(m.issue)})` } : m.issue,
    styleIssue,
    `A${l}:H${l}`,
  );
  // Une formule n'a pas de texte dont déduire sa hauteur : celle du plus long de ses deux résultats, plus une ligne
  // (en gras, le texte prend un peu plus de place).
  const hauteurIssue = Math.max(...[m.issue, issueLevee].map((t) => hauteurDeLigne([{ adresse: `A${l}`, contenu: t, style: { ...styleIssue }, fusion: `A${l}:H${l}` }], LARGEURS_RAPPORT))) + 13;
  const ligneIssue = l;
  l++;
  if (m.nonConformites.length && m.echeances) {
    ajouter(`A${l}`, `Fiches d'écart (LDM 010) : transmission à l'établissement au plus tard le ${formater(m.echeances.transmissionEtablissement)}, retour de l'établissement au plus tard le ${formater(m.echeances.retourEtablissement)}, ${m.echeances.transmissionRectorat ? `résultat au rectorat au plus tard le ${formater(m.echeances.transmissionRectorat)}` : "pas d'échéance au 30 septembre pour ce type d'audit"}.`, { retourLigne: true }, `A${l}:H${l}`);
    l++;
    m.nonConformites.forEach((nc, i) => {
      ajouter(`A${l}`, `Fiche n°${i + 1}/${m.nonConformites.length}`, libelle, `A${l}:B${l}`);
      ajouter(`C${l}`, `Critère ${nc.critere}, descripteur ${nc.numero} — feuille « ${nomFiche(nc.numero)} »`, { retourLigne: true }, `C${l}:H${l}`);
      l++;
    });
  }
  l++;
  sections.push(l);
  ajouter(`A${l}`, "SYNTHÈSE D'AUDIT", section, `A${l}:H${l}`);
  l++;
  ajouter(
    `A${l}`,
    "Conclusions des auditeurs sur la conformité au référentiel, la dynamique de l'établissement, la mise en œuvre d'une démarche d'amélioration continue, les évolutions depuis le précédent audit, l'implication des personnels ...",
    { italique: true, retourLigne: true },
    `A${l}:H${l}`,
  );
  l++;
  ajouter(`A${l}`, m.synthese || '(à rédiger dans la grille d’audit)', texte, `A${l}:H${l}`);
  l += 2;
  sections.push(l);
  ajouter(`A${l}`, 'CONSTATS COMPLÉMENTAIRES', section, `A${l}:H${l}`);
  l++;
  ajouter(`A${l}`, "Autres observations à prendre en compte dans le cadre de l'amélioration continue de l'établissement.", { italique: true, retourLigne: true }, `A${l}:H${l}`);
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
  // Un rapport produit malgré des anomalies de la grille le dit : lesquelles, et quand elles ont été acceptées.
  if (acceptees.length) {
    sections.push(l);
    ajouter(`A${l}`, `ANOMALIES DE LA GRILLE ACCEPTÉES LE ${formater(dateCivileDe(produitLe))}`, { ...section, fond: 'C00000' }, `A${l}:H${l}`);
    l++;
    ajouter(`A${l}`, 'Descripteur', entete);
    ajouter(`B${l}`, 'Cellule', entete);
    ajouter(`C${l}`, 'Anomalie acceptée', entete, `C${l}:H${l}`);
    l++;
    for (const a of acceptees) {
      ajouter(`A${l}`, a.descripteur ?? null, { ...texte, horizontal: 'center' });
      ajouter(`B${l}`, `${a.sheet}!${a.cell}`, texte);
      ajouter(`C${l}`, a.message, texte, `C${l}:H${l}`);
      l++;
    }
    l++;
  }
  sections.push(l);
  champ('Dossier rédigé par', m.redigePar);
  champ('Date', contenuDate(m.dateRapport), FORMAT_DATE);
  if (m.adresseDrafpic) {
    l++;
    ajouter(`A${l}`, `À retourner après l'audit de labellisation à la DRAFPIC : ${m.adresseDrafpic}`, { gras: true }, `A${l}:H${l}`);
    l++;
  }
  // Après le tableau, chaque partie (titre et contenu) commence une nouvelle page si elle n'y tient pas entière.
  const hauteurs = new Map<number, number>();
  for (let k = finTableau; k < l; k++) hauteurs.set(k, k === ligneIssue ? hauteurIssue : hauteurDeLaLigne(k));
  pagination.compter(hauteurs.get(finTableau) ?? 0);
  sections.forEach((debut, i) => {
    let h = 0;
    for (let k = debut; k < (sections[i + 1] ?? l); k++) h += hauteurs.get(k) ?? 0;
    pagination.placer(debut, h);
  });
  return {
    nom: FEUILLE_RAPPORT,
    remplacer: true,
    largeursColonnes: LARGEURS_RAPPORT,
    couleurOnglet: '1F4E79',
    cellules,
    tableaux: [],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
    hauteursMin: { [ligneIssue]: hauteurIssue },
    miseEnPage: {
      orientation: 'portrait',
      zoneImpression: `A1:H${l - 1}`,
      sautsDePage: pagination.sauts,
      entete: `Rapport d'audit LDM 011 — ${texteEntete(m.etablissement)}`,
      piedDePage: 'Page &P / &N',
    },
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
  const d: Dossier = lireDossier(lu);
  if (!lu.tableaux[TABLE_GRILLE_AUDIT]) {
    throw new ClasseurIllisible(`Ce classeur n'a pas de grille d'audit (tableau « ${TABLE_GRILLE_AUDIT} ») : générez d'abord la grille d'audit.`);
  }
  const ref = d.referentiel;
  const anomalies = anomaliesGrille(d);
  if (anomalies.length && !options.accepterAnomalies) throw new RapportBloque(anomalies);
  const m = modeleRapport(d);
  const saisies = new Map(m.nonConformites.map((nc) => [nc.numero, saisiesDeFiche(lu, nc.numero)]));
  // Les méls de l'établissement et du référent sont les mêmes sur toutes les fiches : une nouvelle fiche les reprend ;
  // celui de l'établissement vient, à défaut, de sa fiche de candidature LDM 001.
  const melLdm001 = lu.cellules[cleCellule(FEUILLE_CANDIDATURE, CHAMPS_CANDIDATURE.mel.adresse)] ?? null;
  for (const cle of ['melEtablissement', 'melReferent'] as const) {
    const connu = [...saisies.values()].map((s) => s.valeurs[cle]).find((v) => !estVide(v)) ?? (cle === 'melEtablissement' && !estVide(melLdm001) ? melLdm001 : undefined);
    if (connu !== undefined) for (const s of saisies.values()) if (estVide(s.valeurs[cle])) s.valeurs[cle] = connu;
  }
  const enNc = new Set(m.nonConformites.map((l) => l.numero));
  const obsoletes = fichesExistantes(lu).filter((n) => !enNc.has(n));
  return {
    modele: m,
    anomalies,
    obsoletes,
    feuilles: [
      feuilleRapport(ref, m, options.maintenant, anomalies),
      feuilleSuivi(m, obsoletes),
      ...m.nonConformites.map((nc, i) => feuilleFiche(ref, m, nc, i + 1, saisies.get(nc.numero))),
      ...obsoletes.map((n) => feuilleFicheObsolete(n, options.maintenant)),
    ],
  };
}

