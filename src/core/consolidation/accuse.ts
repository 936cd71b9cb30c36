import { ClasseurLu, texteDe } from '../modele/classeur';
import { DateCivile, formater, lireDate, versSerieExcel } from '../modele/dates';
import { CelluleFixe, FeuilleLayout, Valeur, texteEntete } from '../layout/types';
import { ErreurPilote } from '../erreurs';
import { R, REPONSES_LDM007, TABLE_REGISTRE, colonnesDrafpicDu, feuilleRegistre, lignesDuRegistre } from './registre';

/**
 * LDM 007 Accusé de réception (cahier des charges l.1025-1069) : la lettre de la DRAFPIC à l'établissement candidat,
 * « deux réponses sont possibles » — dossier conforme, ou non conforme avec les pièces qui manquent (tirées de sa fiche
 * LDM 001 consolidée). Produite depuis le registre, qui garde la date d'envoi et la réponse.
 */
export const FEUILLE_ACCUSE = 'LDM 007 Accusé de réception';

export class AccuseImpossible extends ErreurPilote {}

type Ligne = Record<string, Valeur>;

/** Le cycle le plus récent du RNE dans le registre (candidature comprise). */
function cycleDuRne(lignes: Ligne[], rne: string): Ligne | undefined {
  const siennes = lignes.filter((l) => texteDe(l[R.rne]).trim().toUpperCase() === rne);
  return siennes.sort((a, b) => Number(a[R.date] ?? 0) - Number(b[R.date] ?? 0)).pop();
}

export function feuilleAccuse(l: Ligne, conforme: boolean, le: DateCivile, adresseDrafpic: string): FeuilleLayout {
  const etablissement = texteDe(l[R.etablissement]);
  const rne = texteDe(l[R.rne]);
  const recu = lireDate(l[R.dossierRecu]);
  const renouvellement = /renouvellement/i.test(texteDe(l[R.audit]));
  const pieces = texteDe(l[R.piecesListe]).split(' ; ').filter(Boolean);
  const cellules: CelluleFixe[] = [];
  let n = 1;
  const ligne = (texte: string, style: CelluleFixe['style'] = { retourLigne: true, vertical: 'top' }, hauteur = 0) => {
    cellules.push({ adresse: `A${n}`, contenu: texte, style, fusion: `A${n}:D${n}` });
    n += 1 + hauteur;
  };
  const gras = { gras: true, retourLigne: true };
  ligne('Délégation de région académique à la formation professionnelle initiale et continue (DRAFPIC)', gras);
  ligne('LDM 007', { gras: true, couleurTexte: '1F4E79', horizontal: 'right' });
  ligne('Affaire suivie par :');
  ligne('Tél. :');
  ligne(`Mél. : ${adresseDrafpic}`);
  n++;
  ligne(`Le ${formater(le)}`, { horizontal: 'right' });
  ligne('La Déléguée de région académique', { horizontal: 'right' });
  ligne('à', { horizontal: 'right' });
  ligne(`Madame, Monsieur le proviseur — ${etablissement} (${rne})`, { horizontal: 'right', gras: true, retourLigne: true });
  n++;
  ligne(`Objet : Dossier ${renouvellement ? 'Renouvellement' : 'Labellisation'} du label « Lycée des Métiers »`, gras);
  n++;
  ligne(`Nous avons l'honneur d'accuser réception, en date du ${recu ? formater(recu) : '…'}, du dossier de candidature de votre établissement au label « Lycée des Métiers » et nous vous en remercions.`);
  if (conforme) {
    ligne('Au regard des documents que vous nous avez transmis, nous vous informons que votre dossier de candidature est conforme.');
    ligne(`L'ensemble de ces documents va être transmis au groupe d'auditeurs en charge de votre dossier, pour planification et organisation de l'audit de ${renouvellement ? 'renouvellement' : 'labellisation'}.`);
  } else {
    ligne("Au regard des documents que vous nous avez transmis, nous vous informons que votre dossier de candidature n'est pas conforme. Il y manque :");
    for (const p of pieces.length ? pieces : ['(précisez les pièces manquantes)']) ligne(`– ${p}`, { retourLigne: true, vertical: 'top' });
    ligne("Nous vous remercions de nous transmettre ces éléments ; votre dossier sera alors transmis au groupe d'auditeurs pour planification et organisation de l'audit.");
  }
  n++;
  ligne('Le Délégué de Région Académique à la Formation Professionnelle Initiale et Continue', { gras: true, horizontal: 'right', retourLigne: true });
  return {
    nom: FEUILLE_ACCUSE,
    largeursColonnes: [24, 24, 24, 24],
    couleurOnglet: '7030A0',
    cellules,
    tableaux: [],
    validations: [],
    misesEnForme: [],
    nomsDefinis: [],
    miseEnPage: { orientation: 'portrait', zoneImpression: `A1:D${n}`, entete: `Accusé de réception LDM 007 — ${texteEntete(etablissement)}`, piedDePage: 'Page &P / &N' },
  };
}

/** L'accusé de réception d'un RNE : la lettre, et le registre mis à jour (envoyé le, réponse). */
export function accuserReception(lu: ClasseurLu, rne: string, conforme: boolean, le: DateCivile, adresseDrafpic: string): { lettre: FeuilleLayout; registre: FeuilleLayout; etablissement: string } {
  const t = lu.tableaux[TABLE_REGISTRE];
  if (!t) throw new AccuseImpossible("Ce classeur n'a pas de registre des labels : consolidez d'abord les classeurs des établissements.");
  const lignes = lignesDuRegistre(lu);
  const cycle = cycleDuRne(lignes, rne);
  if (!cycle) throw new AccuseImpossible(`Le RNE ${rne} n'est pas dans le registre des labels : consolidez d'abord le classeur de cet établissement.`);
  cycle[R.accuse] = versSerieExcel(le);
  cycle[R.reponse] = REPONSES_LDM007[conforme ? 0 : 1];
  const registre = feuilleRegistre(lignes, colonnesDrafpicDu(t));
  // Les deux saisies de la DRAFPIC que l'accusé remplit : réécrites malgré la reprise des saisies.
  for (const tab of registre.tableaux) tab.imposees = [R.accuse, R.reponse].map((entete) => ({ cle: texteDe(cycle[R.cycle]), entete }));
  return { lettre: feuilleAccuse(cycle, conforme, le, adresseDrafpic), registre, etablissement: texteDe(cycle[R.etablissement]) };
}
