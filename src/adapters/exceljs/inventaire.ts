import { conteneur } from './paquet';
import { CELLULES_MAX_VALIDATION, cellulesDePlages } from './lectureUtile';

/**
 * Ce que l'écriture d'une feuille par Pilote LDM reproduit à l'identique, en données : tout élément, extension
 * ou relation qui n'est pas listé ici est refusé par défaut (jamais perdu en silence).
 * Les feuilles que l'opération n'écrit pas ne passent pas par là : elles sont recopiées octet pour octet.
 */

/** Éléments enfants de <worksheet> que l'écriture reproduit. */
const ELEMENTS_REPRODUITS = new Set([
  'sheetPr',
  'dimension',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'sheetData',
  'sheetProtection',
  'autoFilter',
  'mergeCells',
  'conditionalFormatting',
  'dataValidations',
  'hyperlinks',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'legacyDrawing',
  'tableParts',
  'extLst',
]);

/** Éléments recopiés tels quels à côté de la feuille réécrite : le dessin (zones de texte, formes, images, graphiques). */
const ELEMENTS_RECOPIES = new Set(['drawing']);

/** Éléments sans donnée de l'utilisateur, que l'écriture peut laisser de côté (réglages recalculés par le tableur). */
const ELEMENTS_SANS_DONNEE = new Set(['phoneticPr', 'ignoredErrors', 'sheetCalcPr']);

/** Ce que la personne reconnaîtra, pour les éléments refusés les plus courants. */
const LIBELLES_ELEMENTS: Record<string, string> = {
  drawing: 'un dessin (zone de texte, forme, image ou graphique)',
  legacyDrawingHF: "une image dans l'en-tête ou le pied de page",
  oleObjects: 'un objet incorporé (OLE : document Word, PDF…)',
  controls: 'des contrôles de formulaire (cases à cocher, boutons)',
  picture: "une image d'arrière-plan",
  customSheetViews: 'des affichages personnalisés',
  scenarios: 'des scénarios',
  protectedRanges: 'des plages protégées',
  sortState: "un tri enregistré",
  dataConsolidate: 'une consolidation de données',
  smartTags: 'des balises actives',
  cellWatches: 'des espions de cellules',
  webPublishItems: 'des éléments publiés sur le web',
};

/** Extensions (extLst) reproduites : mises en forme conditionnelles Excel 2010 (barres de données). */
const EXTENSIONS_REPRODUITES = new Set(['{78C0D931-6437-407d-A8EE-F0AAD7539E65}']);

const LIBELLES_EXTENSIONS: Record<string, string> = {
  '{05C60535-1F16-4fd2-B633-F4F36F0B64E0}': 'des graphiques sparkline',
  '{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}': 'des listes de validation au format Excel 2010 (liste prise dans une autre feuille)',
  '{A8765BA9-456A-4dab-B4F3-ACF838C121DE}': 'des segments (slicers)',
  '{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}': 'des segments de tableau',
  '{7E03D99C-DC04-49d9-9315-930204A7B6E9}': 'des chronologies',
};

/** Relations d'une feuille que l'écriture reproduit (tableaux, commentaires, liens), recopie (dessin) ou qui ne portent aucune donnée. */
const RELATIONS_REPRODUITES = new Set(['table', 'comments', 'vmlDrawing', 'hyperlink', 'printerSettings', 'drawing']);

/**
 * Attributs de cellule que l'écriture ne reproduit pas (valeurs dynamiques, images dans les cellules), avec le texte
 * que toute occurrence contient : cherché d'abord (une feuille régionale pèse des mégaoctets, l'expression parcourrait
 * chacune de ses cellules).
 */
const ATTRIBUTS_CELLULE_REFUSES: Array<[RegExp, string, string]> = [
  [/<c\b[^>]*\svm="/, 'des images ou valeurs liées dans les cellules', 'vm="'],
  [/<c\b[^>]*\scm="/, 'des formules matricielles dynamiques', 'cm="'],
  [/<f\b[^>]*\st="dataTable"/, 'une table de données (analyse de scénarios)', '"dataTable"'],
];

/**
 * Ce qu'une feuille existante contient et que sa réécriture perdrait, en mots de l'utilisateur (vide si rien).
 * `types` : types des relations de la feuille (dernier segment de l'URI).
 */
export function contenusNonReproduits(feuilleXml: string, typesRelations: string[]): string[] {
  const trouves = new Set<string>();
  const racine = conteneur(feuilleXml, '(?:\\w+:)?worksheet');
  const interieur = racine?.interieur ?? '';
  // Enfants directs : on saute le contenu de sheetData (les cellules) et on lit le nom de chaque élément de premier niveau.
  let i = 0;
  while (i < interieur.length) {
    const m = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)\b[^>]*?(\/?)>/g;
    m.lastIndex = i;
    const r = m.exec(interieur);
    if (!r) break;
    const nom = r[2];
    const fin = r[3] === '/' ? r.index + r[0].length : fermeture(interieur, r[0], r[1] ?? '', nom, r.index);
    if (!ELEMENTS_REPRODUITS.has(nom) && !ELEMENTS_SANS_DONNEE.has(nom) && !ELEMENTS_RECOPIES.has(nom)) {
      trouves.add(LIBELLES_ELEMENTS[nom] ?? `un élément « ${nom} » que Pilote LDM ne sait pas recopier`);
    }
    if (nom === 'extLst') {
      for (const ext of interieur.slice(r.index, fin).matchAll(/<(?:\w+:)?ext\b[^>]*\suri="([^"]+)"/g)) {
        if (!EXTENSIONS_REPRODUITES.has(ext[1])) trouves.add(LIBELLES_EXTENSIONS[ext[1]] ?? `une extension Excel (${ext[1]}) que Pilote LDM ne sait pas recopier`);
      }
    }
    i = fin;
  }
  for (const [motif, libelle, indice] of ATTRIBUTS_CELLULE_REFUSES) if (interieur.includes(indice) && motif.test(interieur)) trouves.add(libelle);
  for (const m of interieur.matchAll(/<dataValidation\b[^>]*?\ssqref="([^"]*)"/g)) {
    if (cellulesDePlages(m[1]) > CELLULES_MAX_VALIDATION) trouves.add(`une validation de données sur des colonnes entières (« ${m[1]} ») : restreignez-la aux lignes utiles`);
  }
  for (const t of typesRelations) {
    if (!RELATIONS_REPRODUITES.has(t)) trouves.add(`un contenu lié (${t}) que Pilote LDM ne sait pas recopier`);
  }
  return [...trouves];
}

function fermeture(xml: string, ouvrante: string, prefixe: string, nom: string, debut: number): number {
  const fermante = `</${prefixe}${nom}>`;
  // Les éléments de même nom ne s'imbriquent pas dans une feuille (sauf extLst dans ext, traité à part).
  if (nom === 'extLst') {
    const f = xml.lastIndexOf(fermante);
    return f < 0 ? xml.length : f + fermante.length;
  }
  const f = xml.indexOf(fermante, debut + ouvrante.length);
  return f < 0 ? xml.length : f + fermante.length;
}
