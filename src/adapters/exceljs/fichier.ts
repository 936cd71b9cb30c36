import ExcelJS from 'exceljs';
import { ColonnesCalculees, colonnesCalculeesDe } from './colonnesCalculees';
import JSZip from 'jszip';
import './jszipUtf8';
import { ClasseurIllisible } from '../../core/modele/classeur';
import { lettreColonne, numeroColonne } from '../../core/layout/types';
import { LIMITES, TAILLE_MAX_OCTETS, refuserCeQuiNEstPasUnClasseur, refuserCeQuiNEstPasUnXlsx, verifierArchive } from './archive';
import { TableDemandee, allegerFeuillesNonLues, ecarterValidationsDemesurees, viderFeuillesSauf } from './lectureUtile';
import { cheminClasseur, cheminRelations, feuillesDuClasseur, lireRelations, texteDe } from './paquet';
import { PaquetModifiable } from '../paquet/paquetModifiable';

/** Au-delà, le fichier n'est même pas ouvert : ce n'est pas une grille LDM. */
export { TAILLE_MAX_OCTETS };

export interface ClasseurCharge {
  classeur: ExcelJS.Workbook;
  /** Date du dernier enregistrement inscrite dans le classeur (docProps/core.xml), si elle y est. */
  modifieLe?: Date;
}

/** Ouvre un .xlsx avec des messages en français pour chaque façon dont il peut ne pas en être un. */
export async function chargerClasseur(contenu: Uint8Array, nomFichier: string, options: { tablesDemandees?: TableDemandee[]; seulesFeuilles?: string[] } = {}): Promise<ClasseurCharge> {
  refuserCeQuiNEstPasUnXlsx(contenu, nomFichier);
  verifierArchive(contenu, nomFichier, LIMITES, options.seulesFeuilles ? feuillesNonGardees(contenu, nomFichier, options.seulesFeuilles) : undefined);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(contenu);
  } catch {
    throw new ClasseurIllisible(`Le fichier « ${nomFichier} » est endommagé (archive illisible) : demandez-en une nouvelle copie.`);
  }
  refuserCeQuiNEstPasUnClasseur(Object.keys(zip.files), nomFichier);
  await verifierStructure(zip, nomFichier);
  const proprietes = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
  const date = /<dcterms:modified\b[^>]*>([^<]+)</.exec(proprietes)?.[1];
  const modifieLe = date && !Number.isNaN(new Date(date).getTime()) ? new Date(date) : undefined;
  // ExcelJS ne lit qu'une copie allégée : les dessins, graphiques et autres contenus qu'il ne comprend pas en sont
  // retirés (certains le font échouer). Ils ne sont jamais perdus : l'écriture repart du fichier d'origine (greffe).
  await normaliserParties(zip);
  await retirerDessins(zip);
  if (options.seulesFeuilles) await viderFeuillesSauf(zip, options.seulesFeuilles);
  else await allegerFeuillesNonLues(zip, options.tablesDemandees);
  await ecarterValidationsDemesurees(zip);
  const lisible = await zip.generateAsync({ type: 'uint8array' });
  const classeur = new ExcelJS.Workbook();
  try {
    await classeur.xlsx.load(lisible as unknown as ArrayBuffer);
  } catch {
    throw new ClasseurIllisible(
      `Le fichier « ${nomFichier} » est endommagé et ne peut pas être lu (contenu XML invalide). Ouvrez-le dans Excel, qui proposera de le réparer, enregistrez-le, puis recommencez.`,
    );
  }
  classeur.worksheets.forEach(regrouperValidations);
  classeur.worksheets.forEach(completerStylesDesTableaux);
  return { classeur, modifieLe };
}

/** Les parties des feuilles qu'une lecture `seulesFeuilles` vide avant de les lire : elles ne sont jamais décompressées. */
function feuillesNonGardees(contenu: Uint8Array, nomFichier: string, gardees: string[]): Set<string> {
  const feuilles = new PaquetModifiable(contenu, nomFichier).classeur().feuilles;
  return new Set(feuilles.filter((f) => f.chemin && !gardees.includes(f.nom)).map((f) => f.chemin as string));
}

/**
 * Un classeur dont une partie essentielle manque (relations du classeur, feuille annoncée absente) serait lu
 * comme un classeur vide, puis écrasé par un modèle vierge : il est refusé.
 */
async function verifierStructure(zip: JSZip, nomFichier: string): Promise<void> {
  const endommage = (detail: string) =>
    new ClasseurIllisible(`Le fichier « ${nomFichier} » est endommagé (${detail}) : il n'a pas été lu ni modifié. Ouvrez-le dans Excel, qui proposera de le réparer, ou reprenez une copie de sauvegarde.`);
  const wb = await cheminClasseur(zip);
  const xml = await texteDe(zip, wb);
  if (xml === undefined) throw endommage(`partie « ${wb} » absente`);
  const relsXml = await texteDe(zip, cheminRelations(wb));
  if (relsXml === undefined) throw endommage(`partie « ${cheminRelations(wb)} » absente : les feuilles ne peuvent pas être retrouvées`);
  const feuilles = feuillesDuClasseur(xml, lireRelations(relsXml, wb));
  if (!feuilles.length) throw endommage('aucune feuille');
  for (const f of feuilles) {
    if (!f.chemin) throw endommage(`la feuille « ${f.nom} » n'a pas de relation`);
    if (!zip.file(f.chemin)) throw endommage(`la feuille « ${f.nom} » est annoncée mais sa partie « ${f.chemin} » manque`);
  }
}

/**
 * openpyxl (et d'autres) écrivent les relations des feuilles en chemins absolus (« /xl/tables/table1.xml »)
 * et rangent les commentaires sous d'autres noms (« xl/comments/comment1.xml », « commentsDrawing1.vml »).
 * ExcelJS ne reconnaît que sa propre forme (« ../tables/table1.xml », « xl/comments1.xml »,
 * « xl/drawings/vmlDrawing1.vml ») et perd les tableaux ou échoue sur les commentaires.
 * Rend vrai si l'archive a été modifiée.
 */
async function normaliserParties(zip: JSZip): Promise<boolean> {
  let modifie = false;
  let rang = 900;
  const deplacer = async (de: string, vers: string) => {
    const f = zip.file(de);
    if (!f) return;
    zip.file(vers, await f.async('uint8array'));
    zip.remove(de);
  };
  for (const nom of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/_rels\/.*\.rels$/.test(n))) {
    const xml = await zip.file(nom)!.async('string');
    let corrige = xml.replace(/Target="\/xl\/(?!worksheets\/)/g, 'Target="../').replace(/Target="\/xl\/worksheets\//g, 'Target="');
    const relations = Array.from(corrige.matchAll(/<Relationship\b[^>]*>/g)).map((m) => m[0]);
    for (const rel of relations) {
      const type = /Type="[^"]*\/(comments|vmlDrawing)"/.exec(rel)?.[1];
      const cible = /Target="([^"]+)"/.exec(rel)?.[1];
      if (!type || !cible) continue;
      const chemin = cible.startsWith('../') ? `xl/${cible.slice(3)}` : `xl/worksheets/${cible}`;
      const attendu = type === 'comments' ? /^xl\/comments\d+\.xml$/ : /^xl\/drawings\/vmlDrawing\d+\.vml$/;
      if (attendu.test(chemin)) continue;
      rang++;
      const nouveau = type === 'comments' ? `xl/comments${rang}.xml` : `xl/drawings/vmlDrawing${rang}.vml`;
      await deplacer(chemin, nouveau);
      corrige = corrige.replace(rel, rel.replace(`Target="${cible}"`, `Target="../${nouveau.slice(3)}"`));
    }
    if (corrige !== xml) {
      zip.file(nom, corrige);
      modifie = true;
    }
  }
  // Un filtre qui vise une colonne disparue du tableau fait échouer ExcelJS : on le retire.
  for (const nom of Object.keys(zip.files).filter((n) => /^xl\/tables\/[^/]+\.xml$/.test(n))) {
    const xml = await zip.file(nom)!.async('string');
    const nbColonnes = Number(/<tableColumns[^>]*count="(\d+)"/.exec(xml)?.[1] ?? NaN);
    if (!Number.isFinite(nbColonnes)) continue;
    // ExcelJS cesse de lire les colonnes d'un tableau après la première colonne calculée (exceljs#1936) : la copie
    // qu'il charge n'a pas leurs formules de colonne (les cellules gardent les leurs ; le fichier d'origine, les siennes).
    const corrige = xml
      .replace(/<filterColumn\b[^>]*colId="(\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/filterColumn>)/g, (m, id) => (Number(id) >= nbColonnes ? '' : m))
      .replace(/<(\w+:)?calculatedColumnFormula\b[^>]*?(?:\/>|>[\s\S]*?<\/\1?calculatedColumnFormula>)/g, '');
    if (corrige !== xml) {
      zip.file(nom, corrige);
      modifie = true;
    }
  }
  // Un commentaire au texte simple (<text><t>…</t></text>, forme d'openpyxl) est lu vide par ExcelJS, qui attend des runs <r>.
  for (const nom of Object.keys(zip.files).filter((n) => /^xl\/comments\d+\.xml$/.test(n))) {
    const xml = await zip.file(nom)!.async('string');
    const corrige = xml.replace(/<text>\s*<t(\s[^>]*)?>([\s\S]*?)<\/t>\s*<\/text>/g, '<text><r><t$1>$2</t></r></text>');
    if (corrige !== xml) {
      zip.file(nom, corrige);
      modifie = true;
    }
  }
  return modifie;
}

/** Retire graphiques et images (dessins DrawingML) des feuilles ; les commentaires (VML) restent. */
async function retirerDessins(zip: JSZip): Promise<boolean> {
  let modifie = false;
  const aNettoyer: string[] = [];
  for (const nom of Object.keys(zip.files)) {
    if (/^xl\/(charts|drawings\/drawing\d+\.xml|drawings\/_rels|pivotTables|pivotCache|slicers|slicerCaches|timelines|externalLinks|embeddings|media|ctrlProps|activeX)\//.test(nom) || /^xl\/drawings\/drawing\d+\.xml$/.test(nom)) {
      zip.remove(nom);
      modifie = true;
    } else if (/^xl\/worksheets\/_rels\/.*\.rels$/.test(nom)) {
      const xml = await zip.file(nom)!.async('string');
      const corrige = xml.replace(/<Relationship\b[^>]*Type="[^"]*\/(drawing|pivotTable|oleObject|control|ctrlProp|image|slicer|timeline)"[^>]*\/>/g, '');
      if (corrige !== xml) {
        zip.file(nom, corrige);
        // Seule une feuille qui avait une telle relation porte l'élément qui la cite : elle seule est relue.
        aNettoyer.push(nom.replace(/_rels\/([^/]+)\.rels$/, '$1'));
      }
    }
  }
  for (const nom of aNettoyer) {
    const xml = await zip.file(nom)?.async('string');
    if (xml === undefined) continue;
    const corrige = xml
      .replace(/<drawing\b[^>]*\/>/g, '')
      .replace(/<legacyDrawingHF\b[^>]*\/>/g, '')
      .replace(/<picture\b[^>]*\/>/g, '')
      .replace(/<oleObjects\b[\s\S]*?<\/oleObjects>/g, '')
      .replace(/<controls\b[\s\S]*?<\/controls>/g, '');
    if (corrige !== xml) zip.file(nom, corrige);
  }
  return modifie;
}

/** Un tableau sans style (écrit par openpyxl, par exemple) fait échouer l'écriture d'ExcelJS : on lui donne un style vide. */
function completerStylesDesTableaux(ws: ExcelJS.Worksheet): void {
  for (const t of ws.getTables() as unknown as Array<{ table?: { style?: unknown }; model?: { style?: unknown } }>) {
    const modele = t.table ?? t.model;
    if (modele && !modele.style) {
      modele.style = { theme: null, showFirstColumn: false, showLastColumn: false, showRowStripes: false, showColumnStripes: false };
    }
  }
}

/**
 * ExcelJS relit chaque validation cellule par cellule puis, à l'écriture, les regroupe après un tri
 * alphabétique des adresses (E10 avant E2) : il écrit alors des plages qui se chevauchent (issue #2820).
 * On les regroupe nous-mêmes en plages exactes, colonne par colonne, avant toute écriture.
 */
export function regrouperValidations(ws: ExcelJS.Worksheet): void {
  const dv = (ws as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations;
  const parValidation = new Map<unknown, Map<number, number[]>>();
  for (const [adr, validation] of Object.entries(dv.model)) {
    if (!validation) continue;
    const m = /^([A-Z]+)(\d+)$/.exec(adr);
    if (!m) continue;
    const colonnes = parValidation.get(validation) ?? new Map<number, number[]>();
    parValidation.set(validation, colonnes);
    const col = numeroColonne(m[1]);
    colonnes.set(col, [...(colonnes.get(col) ?? []), Number(m[2])]);
  }
  const modele: Record<string, unknown> = {};
  for (const [adr, validation] of Object.entries(dv.model)) {
    if (validation && !/^([A-Z]+)(\d+)$/.test(adr)) modele[adr] = validation;
  }
  for (const [validation, colonnes] of parValidation) {
    for (const [col, lignes] of colonnes) {
      lignes.sort((a, b) => a - b);
      let debut = lignes[0];
      let precedente = lignes[0];
      const fermer = () => {
        const lettre = lettreColonne(col);
        modele[debut === precedente ? `${lettre}${debut}` : `${lettre}${debut}:${lettre}${precedente}`] = validation;
      };
      for (const l of lignes.slice(1)) {
        if (l !== precedente + 1) {
          fermer();
          debut = l;
        }
        precedente = l;
      }
      fermer();
    }
  }
  dv.model = modele;
}

const enXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');

/**
 * Écrit le classeur. ExcelJS n'échappe pas l'apostrophe des noms de feuilles dans les zones d'impression
 * et titres à imprimer (« 'Grille d'audit'!$A1:$I62 » au lieu de « 'Grille d''audit'!… ») : le fichier
 * serait illisible pour lui-même et à réparer pour Excel. Il écrit aussi la zone d'impression « $A1:$I62 »,
 * à moitié absolue, que LibreOffice ignore (il imprime alors toute la feuille) : elle devient « $A$1:$I$62 ».
 * On corrige workbook.xml après coup.
 */
export async function ecrireClasseur(wb: ExcelJS.Workbook, { pourGreffe = false } = {}): Promise<Uint8Array> {
  // Un produit aussitôt greffé (ses feuilles relues puis compressées par la greffe) n'a pas à être compressé ici.
  const zip = pourGreffe ? { compression: 'STORE' } : { compression: 'DEFLATE', compressionOptions: { level: 3 } };
  const brut = new Uint8Array((await wb.xlsx.writeBuffer({ zip } as unknown as Partial<ExcelJS.XlsxWriteOptions>)));
  const avecApostrophe = wb.worksheets.map((w) => w.name).filter((n) => n.includes("'"));
  const calculees = colonnesCalculeesDe(wb);
  if (!avecApostrophe.length && !calculees.size && !wb.worksheets.some((w) => w.pageSetup?.printArea)) return brut;
  const paquet = await JSZip.loadAsync(brut);
  if (calculees.size) await ecrireColonnesCalculees(paquet, calculees);
  const fichier = paquet.file('xl/workbook.xml');
  if (!fichier) return brut;
  let xml = await fichier.async('string');
  xml = xml.replace(/(<definedName name="_xlnm\.Print_Area"[^>]*>)([^<]*)(<\/definedName>)/g, (_t, a: string, ref: string, b: string) =>
    a + ref.replace(/(!|:|,)\$([A-Z]{1,3})(\d+)(?=[:,]|$)/g, '$1$$$2$$$3') + b,
  );
  for (const nom of avecApostrophe) {
    const faux = `&apos;${enXml(nom)}&apos;!`;
    const juste = `&apos;${enXml(nom.replace(/'/g, "''"))}&apos;!`;
    xml = xml.split(faux).join(juste);
  }
  paquet.file('xl/workbook.xml', xml);
  return paquet.generateAsync({ type: 'uint8array', compression: pourGreffe ? 'STORE' : 'DEFLATE' });
}

/**
 * Les colonnes calculées des tableaux générés (formule de colonne, `calculatedColumnFormula`) : une ligne ajoutée au
 * tableau reçoit d'elle-même la formule, sans régénérer. ExcelJS ne sait pas les écrire ; on les pose dans la partie
 * du tableau, premier enfant de `tableColumn` comme le veut le schéma.
 */
async function ecrireColonnesCalculees(zip: JSZip, calculees: ColonnesCalculees): Promise<void> {
  for (const nom of Object.keys(zip.files).filter((n) => /^xl\/tables\/[^/]+\.xml$/.test(n))) {
    const xml = await zip.file(nom)!.async('string');
    const table = /<table\b[^>]*\sname="([^"]*)"/.exec(xml)?.[1];
    const formules = table ? calculees.get(deXml(table)) : undefined;
    if (!formules) continue;
    const corrige = xml.replace(/<tableColumn\b([^>]*?)(\/>|>)/g, (m, attributs: string, fin: string) => {
      const colonne = /\sname="([^"]*)"/.exec(attributs)?.[1];
      const formule = colonne === undefined ? undefined : formules.get(deXml(colonne));
      if (!formule) return m;
      const calcul = `<calculatedColumnFormula>${enXml(formule)}</calculatedColumnFormula>`;
      return fin === '/>' ? `<tableColumn${attributs}>${calcul}</tableColumn>` : `<tableColumn${attributs}>${calcul}`;
    });
    zip.file(nom, corrige);
  }
}

const deXml = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

