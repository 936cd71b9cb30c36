import { DateCivile } from '../modele/dates';
import { FeuilleLayout } from '../layout/types';
import { normaliserRne } from '../modele/identite';
import { PROFIL_CENTRE_VAL_DE_LOIRE } from '../audit/profilRegional';
import { accuserReception } from '../consolidation/accuse';
import { CycleResume, FEUILLE_REGISTRE, TABLE_REGISTRE, demandeLectureRegistre, lignesDuRegistre, resumeRegistre } from '../consolidation/registre';
import { AccuseImpossible } from '../consolidation/accuse';
import { PortClasseur } from './port';

/**
 * L'accusé de réception LDM 007 d'un établissement du registre : la date d'envoi et la réponse sont écrites dans le
 * registre du classeur régional (par le port), la lettre est rendue pour être écrite à part.
 */
export async function accuser(port: PortClasseur, rne: string, conforme: boolean, le: DateCivile): Promise<{ lettre: FeuilleLayout; etablissement: string }> {
  const lu = await port.lire({ tableaux: demandeLectureRegistre(), cellules: [] });
  const r = accuserReception(lu, normaliserRne(rne), conforme, le, PROFIL_CENTRE_VAL_DE_LOIRE.adresseDrafpic);
  await port.ecrire([r.registre], lu, FEUILLE_REGISTRE);
  return { lettre: r.lettre, etablissement: r.etablissement };
}

/** Le registre des labels d'un classeur régional : chaque cycle, son statut et son alerte au jour dit. */
export async function lireRegistre(port: PortClasseur, aujourdhui: DateCivile): Promise<CycleResume[]> {
  const lu = await port.lire({ tableaux: [TABLE_REGISTRE], cellules: [] });
  if (!lu.tableaux[TABLE_REGISTRE]) throw new AccuseImpossible(`Ce classeur n'a pas de registre des labels (tableau « ${TABLE_REGISTRE} ») : choisissez le classeur régional produit par la consolidation.`);
  return resumeRegistre(lignesDuRegistre(lu), aujourdhui);
}
