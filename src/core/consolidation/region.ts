import { ClasseurLu, DemandeLecture, rangerSousEntete, ordreDesCodes, texteDe } from '../modele/classeur';
import { COLONNES_COCHE, Coche, parCoche } from '../audit/grille';
import { CelluleFixe, Contenu, FeuilleLayout, MiseEnFormeConditionnelle, TableauLu, Valeur, adresse, lettreColonne, texteFormule } from '../layout/types';
import { CycleResume, demandeLectureRegistre, feuilleHistorique, feuilleRegistre, lignesHistorique, lignesRegistre, resumeRegistre } from './registre';
import { demandeLectureHistoriqueConstats, feuilleHistoriqueConstats, lignesHistoriqueConstats } from './historiqueConstats';
import { ResumeQuestionnaires, demandeLectureQuestionnaires, feuilleQuestionnaires, resumeQuestionnaires, feuilleSyntheseQuestionnaires, lignesQuestionnaires } from './questionnaires';
import { Referentiel, tousLesDescripteurs } from '../referentiel';
import { DateCivile, FORMAT_DATE, dateCivileDe, lireDate, versSerieExcel } from '../modele/dates';
import { AnomalieFichier, EtablissementConsolide, resultatDescripteur } from './lecture';

export const FEUILLE_SYNTHESE = 'Synthèse régionale';
export const TABLE_SYNTHESE = 'tblSyntheseRegionale';
export const FEUILLE_CONSTATS = 'Constats';
export const TABLE_CONSTATS = 'tblConstatsRegion';
export const FEUILLE_MATRICE = 'Matrice';
export const FEUILLE_PAR_CRITERE = 'Par critère';
export const TABLE_PAR_CRITERE = 'tblResultatsParCritere';
export const FEUILLE_ANOMALIES = 'Anomalies';
export const TABLE_ANOMALIES = 'tblAnomalies';

export const demandeLectureRegion = (): DemandeLecture => ({ tableaux: [TABLE_SYNTHESE, TABLE_CONSTATS, TABLE_PAR_CRITERE, TABLE_ANOMALIES, ...demandeLectureRegistre(), ...demandeLectureQuestionnaires(), ...demandeLectureHistoriqueConstats()], cellules: [] });

const COLONNE_DRAFPIC = 'Commentaires DRAFPIC';

function colonnesSynthese(ref: Referentiel): string[] {
  return [
    'RNE',
    'Établissement',
    'Intitulé du label',
    "Type d'audit",
    "Date de l'audit",
    ...COLONNES_COCHE,
    'NC ouvertes',
    ...ref.criteres.map((c) => `Preuves C${c.numero}`),
    'Indicateurs hors cible',
    'Actions en retard',
    'Fichier source',
    'Généré le',
    'Version du schéma',
    'Avertissements',
  ];
}

export interface ResultatConsolidation {
  feuilles: FeuilleLayout[];
  retenus: EtablissementConsolide[];
  anomalies: AnomalieFichier[];
  /** Les cycles du registre des labels et leur statut au jour de la consolidation. */
  registre: CycleResume[];
  /** Les questionnaires audités LDM 012 du classeur régional et leurs réponses, toutes équipes. */
  questionnaires: ResumeQuestionnaires;
}

const jour = (iso: string | undefined) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}` : '?');

/** Dernière activité sur le classeur : sa génération par Pilote LDM ou son dernier enregistrement par l'utilisateur. */
const derniereActivite = (e: EtablissementConsolide) => [e.generation, e.modifieLe ?? ''].sort().pop() ?? '';
/** Ce que le classeur contient de saisi à l'audit : coches et constats. */
const contenu = (e: EtablissementConsolide) => Object.values(e.comptes).reduce((a, b) => a + b, 0) + e.constats.filter((c) => c.constat.trim()).length;

/**
 * Deux copies du même RNE : la plus récemment modifiée l'emporte (génération ou enregistrement dans le tableur),
 * puis la plus récente sur le disque, puis la plus remplie ; la raison est dite dans l'anomalie.
 */
export function departager(a: EtablissementConsolide, b: EtablissementConsolide): { garde: EtablissementConsolide; ecarte: EtablissementConsolide; raison: string } {
  const criteres: Array<[(e: EtablissementConsolide) => string | number, (e: EtablissementConsolide) => string]> = [
    [derniereActivite, (e) => `modifiée le ${jour(derniereActivite(e))}`],
    [(e) => e.fichierModifieLe ?? '', (e) => `fichier daté du ${jour(e.fichierModifieLe)}`],
    [contenu, (e) => `${contenu(e)} coches et constats saisis`],
  ];
  for (const [cle, dire] of criteres) {
    const x = cle(a);
    const y = cle(b);
    if (x === y) continue;
    const [garde, ecarte] = x > y ? [a, b] : [b, a];
    return { garde, ecarte, raison: `${dire(garde)}, contre ${dire(ecarte).replace(/^modifiée le |^fichier daté du /, '')}` };
  }
  const [garde, ecarte] = a.fichier <= b.fichier ? [a, b] : [b, a];
  return { garde, ecarte, raison: 'copies identiques (mêmes dates, même contenu) : la première par ordre alphabétique' };
}

/** Deux versions du même RNE : une seule est retenue, l'autre est dite écartée avec la raison. */
function dedoublonner(etablissements: EtablissementConsolide[], anomalies: AnomalieFichier[]): EtablissementConsolide[] {
  const parRne = new Map<string, EtablissementConsolide>();
  for (const e of etablissements) {
    const deja = parRne.get(e.rne);
    if (!deja) {
      parRne.set(e.rne, e);
      continue;
    }
    const { garde, ecarte, raison } = departager(e, deja);
    parRne.set(e.rne, garde);
    anomalies.push({
      fichier: ecarte.fichier,
      prise: 'non',
      motif: `autre copie du classeur de ${e.rne} : celle de « ${garde.fichier} » est retenue (${raison}).`,
    });
  }
  return [...parRne.values()].sort((a, b) => ordreDesCodes(a.rne, b.rne));
}

/** Les lignes d'un tableau régional existant, par RNE ; `garder` écarte d'emblée celles qui seront remplacées. */
function lignesExistantes(t: TableauLu | undefined, cle: string, garder: (rne: string) => boolean = () => true): Array<{ rne: string; valeurs: Record<string, Valeur> }> {
  if (!t) return [];
  const i = t.entetes.indexOf(cle);
  if (i < 0) return [];
  const lignes: Array<{ rne: string; valeurs: Record<string, Valeur> }> = [];
  // Des dizaines de milliers de lignes (les constats d'une région) : chaque ligne construite d'une boucle.
  for (const l of t.lignes) {
    const rne = texteDe(l.valeurs[i]).trim().toUpperCase();
    if (!rne || !garder(rne)) continue;
    const valeurs: Record<string, Valeur> = {};
    for (let j = 0; j < t.entetes.length; j++) rangerSousEntete(valeurs, t.entetes[j], l.valeurs[j] ?? null);
    lignes.push({ rne, valeurs });
  }
  return lignes;
}

const texte = { retourLigne: true, vertical: 'top' as const };

/**
 * Les feuilles régionales : synthèse (une ligne par établissement, les colonnes ajoutées par la DRAFPIC gardées par RNE),
 * constats à plat (pour les tableaux croisés), matrice colorée, résultats par critère, anomalies.
 * Un établissement déjà consolidé et absent de ce lot est gardé tel quel.
 */
export function consolider(ref: Referentiel, etablissements: EtablissementConsolide[], anomaliesFichiers: AnomalieFichier[], existant: ClasseurLu, aujourdhui: DateCivile = dateCivileDe(new Date())): ResultatConsolidation {
  const anomalies = [...anomaliesFichiers];
  const dejaConsolides = new Map(lignesExistantes(existant.tableaux[TABLE_SYNTHESE], 'RNE').map((l) => [l.rne, texteDe(l.valeurs['Généré le'] ?? null)]));
  const retenus = dedoublonner(etablissements, anomalies).filter((e) => {
    const deja = dejaConsolides.get(e.rne);
    if (deja && e.generation && deja > e.generation) {
      anomalies.push({ fichier: e.fichier, prise: 'non', motif: `plus ancien (généré le ${jour(e.generation).slice(0, 10)}) que la version de ${e.rne} déjà consolidée (générée le ${jour(deja).slice(0, 10)}) : la version consolidée est gardée.` });
      return false;
    }
    return true;
  });
  for (const e of retenus) if (e.avertissements.length) anomalies.push({ fichier: e.fichier, prise: 'partielle', motif: e.avertissements.join(' ; ') });
  const synthese = feuilleSynthese(ref, retenus, existant);
  const toutesLignesConstats = lignesConstats(existant, retenus);
  const constats = feuilleConstats(toutesLignesConstats);
  const matrice = feuilleMatrice(ref, toutesLignesConstats, retenus);
  const parCritere = feuilleParCritere(ref, toutesLignesConstats);
  const anomaliesFeuille = feuilleAnomalies(anomalies);
  // Chaque audit lu entre dans l'historique, même d'un classeur plus ancien que celui retenu pour la synthèse.
  const { lignes: historique, reconsolides } = lignesHistorique(existant, etablissements);
  const registre = lignesRegistre(existant, historique, retenus);
  const questionnaires = lignesQuestionnaires(existant, etablissements, historique);
  const constatsDesAudits = lignesHistoriqueConstats(existant, reconsolides, historique);
  return {
    feuilles: [
      synthese,
      feuilleRegistre(registre.lignes, registre.colonnesDrafpic),
      feuilleHistorique(historique, existant),
      feuilleHistoriqueConstats(constatsDesAudits, existant),
      feuilleSyntheseQuestionnaires(questionnaires),
      feuilleQuestionnaires(questionnaires, existant),
      constats,
      matrice,
      parCritere,
      anomaliesFeuille,
    ],
    retenus,
    anomalies,
    registre: resumeRegistre(registre.lignes, aujourdhui),
    questionnaires: resumeQuestionnaires(questionnaires),
  };
}

/** Synthèse : une ligne par établissement ; les colonnes de la DRAFPIC et celles qu'elle a ajoutées sont gardées. */
function feuilleSynthese(ref: Referentiel, retenus: EtablissementConsolide[], existant: ClasseurLu): FeuilleLayout {
  const nouveaux = new Set(retenus.map((e) => e.rne));
  const produites = colonnesSynthese(ref);
  const anciennes = lignesExistantes(existant.tableaux[TABLE_SYNTHESE], 'RNE');
  const colonnesDrafpic = [
    ...new Set([COLONNE_DRAFPIC, ...(existant.tableaux[TABLE_SYNTHESE]?.entetes ?? []).filter((e) => e && !produites.includes(e))]),
  ];
  const ligneSynthese = (e: EtablissementConsolide): Record<string, Valeur> => ({
    RNE: e.rne,
    Établissement: e.etablissement,
    'Intitulé du label': e.intitule,
    "Type d'audit": e.typeAudit,
    // Une vraie date (triable, filtrable), plus un texte.
    "Date de l'audit": e.dateAuditIso ? versSerieExcel(lireDate(e.dateAuditIso)!) : null,
    ...parCoche((c) => e.comptes[c]),
    'NC ouvertes': e.ncOuvertes,
    ...Object.fromEntries(ref.criteres.map((c, i) => [`Preuves C${c.numero}`, e.completude[i] ?? ''])),
    'Indicateurs hors cible': e.indicateursHorsCible,
    'Actions en retard': e.actionsEnRetard,
    'Fichier source': e.fichier,
    'Généré le': e.generation,
    'Version du schéma': e.schema,
    Avertissements: e.avertissements.join(' ; '),
  });
  // Une ligne gardée d'une version d'avant 0.3 a sa date en texte (« 25/03/2027 ») : elle devient une date.
  const enDate = (v: Record<string, Valeur>) => {
    const d = typeof v["Date de l'audit"] === 'string' ? lireDate(v["Date de l'audit"]) : undefined;
    return d ? { ...v, "Date de l'audit": versSerieExcel(d) } : v;
  };
  // La ligne déjà consolidée de chaque RNE (la première), retrouvée sans parcourir la synthèse pour chaque établissement.
  const anciennesParRne = new Map<string, (typeof anciennes)[number]>();
  for (const a of anciennes) if (!anciennesParRne.has(a.rne)) anciennesParRne.set(a.rne, a);
  const lignes = [
    ...anciennes.filter((a) => !nouveaux.has(a.rne)).map((a) => enDate(a.valeurs)),
    ...retenus.map((e) => {
      const ancienne = anciennesParRne.get(e.rne);
      return { ...ligneSynthese(e), ...Object.fromEntries(colonnesDrafpic.map((c) => [c, ancienne?.valeurs[c] ?? null])) };
    }),
  ].sort((a, b) => ordreDesCodes(a.RNE, b.RNE));
  const colonnes = [...produites, ...colonnesDrafpic];
  // Un RNE (8 caractères) tient sur une ligne, comme dans les constats et la matrice : jamais coupé à l'impression.
  const largeur = (c: string) => (c === 'Établissement' || c === 'Intitulé du label' || c === 'Avertissements' || c === COLONNE_DRAFPIC ? 30 : c === 'Fichier source' ? 24 : c === 'RNE' ? 11 : c.length > 8 ? 12 : 7);
  return {
    nom: FEUILLE_SYNTHESE,
    texteLitteral: true,
    largeursColonnes: colonnes.map(largeur),
    couleurOnglet: '1F4E79',
    cellules: [
      { adresse: 'A1', contenu: 'Synthèse régionale du label « Lycée des métiers »', style: { gras: true, taille: 14, couleurTexte: '1F4E79' }, fusion: 'A1:H1' },
      {
        adresse: 'A2',
        contenu: `Une ligne par établissement (N° RNE). Colonnes produites par Pilote LDM à chaque consolidation ; la colonne « ${COLONNE_DRAFPIC} » et toute colonne ajoutée au tableau sont gardées.`,
        style: { italique: true, couleurTexte: '595959' },
        fusion: 'A2:P2',
      },
      ...(lignes.length ? [] : [{ adresse: 'A4', contenu: 'Aucun établissement consolidé.' } as CelluleFixe]),
    ],
    tableaux: lignes.length
      ? [
          {
            nom: TABLE_SYNTHESE,
            ligneEntete: 3,
            colonneDebut: 1,
            colonneCle: 'RNE',
            style: 'TableStyleMedium2',
            colonnes: colonnes.map((entete) => ({
              entete,
              largeur: largeur(entete),
              role: produites.includes(entete) ? ('reference' as const) : ('saisie' as const),
              style: entete === "Date de l'audit" ? { ...texte, format: FORMAT_DATE, horizontal: 'left' as const } : texte,
            })),
            lignes: lignes.map((l) => colonnes.map((c) => (l[c] ?? null) as Contenu)),
          },
        ]
      : [],
    validations: [],
    misesEnForme: lignes.length
      ? [
          { plage: `${lettreColonne(colonnes.indexOf('NC') + 1)}4:${lettreColonne(colonnes.indexOf('NC ouvertes') + 1)}${3 + lignes.length}`, formule: `${lettreColonne(colonnes.indexOf('NC') + 1)}4>0`, fond: 'FFC7CE', couleurTexte: '9C0006', gras: true },
          { plage: `${lettreColonne(colonnes.indexOf('Avertissements') + 1)}4:${lettreColonne(colonnes.indexOf('Avertissements') + 1)}${3 + lignes.length}`, formule: `LEN(${lettreColonne(colonnes.indexOf('Avertissements') + 1)}4)>0`, fond: 'FFEB9C', couleurTexte: '9C5700' },
        ]
      : [],
    nomsDefinis: [],
    miseEnPage: { orientation: 'landscape', zoneImpression: `A1:${lettreColonne(colonnes.length)}${Math.max(4, 3 + lignes.length)}`, lignesRepetees: '3:3' },
  };
}

/** Les constats à plat : ceux des établissements de ce lot, et ceux déjà consolidés des autres. */
function lignesConstats(existant: ClasseurLu, retenus: EtablissementConsolide[]): Array<Record<string, Valeur>> {
  const nouveaux = new Set(retenus.map((e) => e.rne));
  const constatsGardes = lignesExistantes(existant.tableaux[TABLE_CONSTATS], 'RNE', (rne) => !nouveaux.has(rne)).map((l) => l.valeurs);
  const constatsNouveaux: Array<Record<string, Valeur>> = retenus.flatMap((e) =>
    e.constats.map((c) => ({
      RNE: e.rne,
      Établissement: e.etablissement,
      Critère: c.critere,
      Descripteur: c.descripteur,
      ...parCoche((k) => (c.coches[k] ? 1 : 0)),
      Constat: c.constat,
    })),
  );
  return [...constatsGardes, ...constatsNouveaux].sort(
    (a, b) => ordreDesCodes(a.RNE, b.RNE) || Number(a.Descripteur) - Number(b.Descripteur),
  );
}

function feuilleConstats(toutesLignesConstats: Array<Record<string, Valeur>>): FeuilleLayout {
  const colonnesConstats = ['RNE', 'Établissement', 'Critère', 'Descripteur', ...COLONNES_COCHE, 'Constat'];
  return {
    nom: FEUILLE_CONSTATS,
    texteLitteral: true,
    largeursColonnes: [11, 30, 8, 11, 5, 5, 5, 5, 70],
    couleurOnglet: '2E75B6',
    cellules: toutesLignesConstats.length ? [] : [{ adresse: 'A1', contenu: 'Aucun constat.' }],
    tableaux: toutesLignesConstats.length
      ? [
          {
            nom: TABLE_CONSTATS,
            ligneEntete: 1,
            colonneDebut: 1,
            colonneCle: 'RNE',
            style: 'TableStyleLight9',
            colonnes: colonnesConstats.map((entete, i) => ({ entete, largeur: [11, 30, 8, 11, 5, 5, 5, 5, 70][i], role: 'reference' as const, style: texte })),
            lignes: toutesLignesConstats.map((l) => colonnesConstats.map((c) => (l[c] ?? null) as Contenu)),
          },
        ]
      : [],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
    remplacer: true,
  };
}

// Un même style pour les milliers de cases de la matrice (l'écrivain le reconnaît sans le comparer champ par champ).
const STYLE_BORDURE = Object.freeze({ bordure: true });
const STYLE_RESULTAT = Object.freeze({ horizontal: 'center' as const, bordure: true });

/** Matrice établissements × descripteurs (NC, R, PF, C), colorée par mise en forme conditionnelle. */
function feuilleMatrice(ref: Referentiel, toutesLignesConstats: Array<Record<string, Valeur>>, retenus: EtablissementConsolide[]): FeuilleLayout {
  const descripteurs = tousLesDescripteurs(ref);
  const parRne = new Map<string, { nom: string; resultats: Record<number, string> }>();
  for (const l of toutesLignesConstats) {
    const rne = texteDe(l.RNE);
    const ligne = parRne.get(rne) ?? { nom: texteDe(l.Établissement), resultats: {} };
    const coche = (k: Coche) => Number(l[k]) === 1;
    ligne.resultats[Number(l.Descripteur)] = resultatDescripteur(parCoche(coche), false);
    parRne.set(rne, ligne);
  }
  for (const e of retenus) parRne.set(e.rne, { nom: e.etablissement, resultats: e.resultats });
  const rnes = [...parRne.keys()].sort();
  const celluleMatrice: CelluleFixe[] = [
    { adresse: 'A1', contenu: 'Résultats d’audit par descripteur (NC, R, PF, C)', style: { gras: true, taille: 14, couleurTexte: '1F4E79' }, fusion: 'A1:L1' },
    { adresse: 'A3', contenu: 'RNE', style: { gras: true, fond: 'DDEBF7', bordure: true } },
    { adresse: 'B3', contenu: 'Établissement', style: { gras: true, fond: 'DDEBF7', bordure: true } },
    ...ref.criteres.map((c) => {
      const premier = descripteurs.findIndex((d) => d.critere === c.numero);
      const dernier = premier + c.descripteurs.length - 1;
      return {
        adresse: adresse(2, 3 + premier),
        contenu: `Critère ${c.numero}`,
        fusion: premier === dernier ? undefined : `${adresse(2, 3 + premier)}:${adresse(2, 3 + dernier)}`,
        style: { gras: true, horizontal: 'center' as const, fond: c.numero % 2 ? 'DDEBF7' : 'BDD7EE', bordure: true },
      };
    }),
    ...descripteurs.map((d, i) => ({ adresse: adresse(3, 3 + i), contenu: d.numero, style: { gras: true, horizontal: 'center' as const, fond: 'DDEBF7', bordure: true } })),
    ...rnes.flatMap((rne, k) => [
      { adresse: adresse(4 + k, 1), contenu: rne, style: STYLE_BORDURE },
      { adresse: adresse(4 + k, 2), contenu: parRne.get(rne)!.nom, style: STYLE_BORDURE },
      ...descripteurs.map((d, i) => ({ adresse: adresse(4 + k, 3 + i), contenu: parRne.get(rne)!.resultats[d.numero] || null, style: STYLE_RESULTAT })),
    ]),
  ];
  const zone = `C4:${adresse(3 + Math.max(rnes.length, 1), 2 + descripteurs.length)}`;
  const t = texteFormule;
  return {
    nom: FEUILLE_MATRICE,
    texteLitteral: true,
    remplacer: true,
    largeursColonnes: [11, 30, ...descripteurs.map(() => 4.5)],
    couleurOnglet: '2E75B6',
    cellules: celluleMatrice,
    tableaux: [],
    validations: [],
    misesEnForme: [
      { plage: zone, formule: `C4=${t('NC')}`, fond: 'C00000', couleurTexte: 'FFFFFF', gras: true },
      { plage: zone, formule: `C4=${t('R')}`, fond: 'FFC000', couleurTexte: '000000' },
      { plage: zone, formule: `C4=${t('PF')}`, fond: '00B050', couleurTexte: 'FFFFFF', gras: true },
      { plage: zone, formule: `C4=${t('C')}`, fond: 'C6EFCE', couleurTexte: '006100' },
      { plage: zone, formule: `C4=${t('Sans objet')}`, fond: 'D9D9D9', couleurTexte: '808080' },
    ],
    nomsDefinis: [],
    miseEnPage: { orientation: 'landscape', zoneImpression: `A1:${adresse(3 + Math.max(rnes.length, 1), 2 + descripteurs.length)}` },
  };
}

/** Résultats par critère : barres de données (lisibles partout, sans complément), et un graphique dans Excel. */
function feuilleParCritere(ref: Referentiel, toutesLignesConstats: Array<Record<string, Valeur>>): FeuilleLayout {
  // Un seul passage sur les constats de la région (des dizaines de milliers), les coches comptées par critère.
  const comptes = new Map(ref.criteres.map((c) => [c.numero, COLONNES_COCHE.map(() => 0)]));
  for (const l of toutesLignesConstats) {
    const duCritere = comptes.get(Number(l.Critère));
    if (duCritere) for (let k = 0; k < COLONNES_COCHE.length; k++) if (Number(l[COLONNES_COCHE[k]]) === 1) duCritere[k]++;
  }
  const comptesParCritere = ref.criteres.map((c) => [`Critère ${c.numero}`, ...(comptes.get(c.numero) as number[]), c.libelleLdm011] as Contenu[]);
  const derniereLigne = 2 + ref.criteres.length;
  const barres: MiseEnFormeConditionnelle[] = COLONNES_COCHE.map((k, i) => ({
    plage: `${lettreColonne(2 + i)}3:${lettreColonne(2 + i)}${derniereLigne}`,
    formule: '',
    barre: ({ PF: '00B050', C: '8FBC8F', R: 'FFC000', NC: 'C00000' } as Record<Coche, string>)[k],
  }));
  const enTetesParCritere = ['Critère', ...COLONNES_COCHE, 'Libellé'];
  const largeursParCritere = [11, 14, 14, 14, 14, 70];
  return {
    nom: FEUILLE_PAR_CRITERE,
    remplacer: true,
    largeursColonnes: largeursParCritere,
    couleurOnglet: '2E75B6',
    cellules: [{ adresse: 'A1', contenu: 'Résultats par critère dans la région (nombre de descripteurs cochés)', style: { gras: true, taille: 14, couleurTexte: '1F4E79' }, fusion: 'A1:F1' }],
    tableaux: [
      {
        nom: TABLE_PAR_CRITERE,
        ligneEntete: 2,
        colonneDebut: 1,
        colonneCle: 'Critère',
        style: 'TableStyleLight9',
        colonnes: enTetesParCritere.map((entete, i) => ({ entete, largeur: largeursParCritere[i], role: 'reference' as const, style: texte })),
        lignes: comptesParCritere,
      },
    ],
    validations: [],
    misesEnForme: barres,
    nomsDefinis: [],
    graphiques: [{ titre: 'Résultats par critère dans la région', donnees: `A2:E${derniereLigne}`, coinHautGauche: `A${derniereLigne + 3}`, coinBasDroit: `F${derniereLigne + 23}` }],
  };
}

function feuilleAnomalies(anomalies: AnomalieFichier[]): FeuilleLayout {
  const lignesAnomalies = anomalies.map((a) => [a.fichier, a.prise === 'non' ? 'Non' : 'En partie', a.motif] as Contenu[]);
  return {
    nom: FEUILLE_ANOMALIES,
    texteLitteral: true,
    remplacer: true,
    largeursColonnes: [36, 14, 100],
    couleurOnglet: 'C00000',
    cellules: lignesAnomalies.length ? [] : [{ adresse: 'A1', contenu: 'Aucune anomalie : tous les fichiers ont été pris en compte.' }],
    tableaux: lignesAnomalies.length
      ? [
          {
            nom: TABLE_ANOMALIES,
            ligneEntete: 1,
            colonneDebut: 1,
            colonneCle: 'Fichier',
            style: 'TableStyleLight10',
            colonnes: ['Fichier', 'Pris en compte', 'Motif'].map((entete, i) => ({ entete, largeur: [36, 14, 100][i], role: 'reference' as const, style: texte })),
            lignes: lignesAnomalies,
          },
        ]
      : [],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
  };
}
