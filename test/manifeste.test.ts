import { readFileSync, readdirSync } from 'fs';
import path from 'path';
import { DOMParser } from '@xmldom/xmldom';
import { RACINE } from './outils';

/**
 * Le validateur de Microsoft (office-addin-manifest validate) a besoin du réseau :
 * le manifeste est vérifié ici hors ligne, sur ce qu'Excel exige.
 */
const texte = readFileSync(path.join(RACINE, 'manifest.xml'), 'utf8');
const erreurs: string[] = [];
const doc = new DOMParser({
  errorHandler: { warning: () => undefined, error: (m: string) => erreurs.push(m), fatalError: (m: string) => erreurs.push(m) },
}).parseFromString(texte, 'text/xml');
const racine = doc.documentElement;
const enfants = (e: Element) => Array.from(e.childNodes as unknown as ArrayLike<Node>).filter((n): n is Element => n.nodeType === 1);
const tous = (nom: string) => Array.from(doc.getElementsByTagName(nom) as unknown as ArrayLike<Element>);
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

describe('manifest.xml', () => {
  it('est du XML bien formé, un complément de volet des tâches', () => {
    expect(erreurs).toEqual([]);
    expect(racine.tagName).toBe('OfficeApp');
    expect(racine.getAttributeNS(XSI, 'type')).toBe('TaskPaneApp');
  });

  it('a ses éléments de premier niveau dans l’ordre du schéma', () => {
    const ordre = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'VersionOverrides'];
    const presents = enfants(racine).map((e) => e.tagName);
    expect(presents).toEqual(ordre.filter((n) => presents.includes(n)));
    for (const requis of ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'DefaultSettings', 'Permissions']) expect(presents).toContain(requis);
    expect(tous('Id')[0].textContent).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(tous('Version')[0].textContent).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('vise Excel, en lecture-écriture du document', () => {
    expect(tous('Host').map((h) => h.getAttribute('Name') || h.getAttributeNS(XSI, 'type'))).toEqual(['Workbook', 'Workbook']);
    expect(tous('Permissions')[0].textContent).toBe('ReadWriteDocument');
  });

  it('ajoute à l’onglet Accueil un bouton qui ouvre le volet', () => {
    const onglet = tous('OfficeTab')[0];
    expect(onglet.getAttribute('id')).toBe('TabHome');
    const action = tous('Action')[0];
    expect(action.getAttributeNS(XSI, 'type')).toBe('ShowTaskpane');
    const resid = tous('SourceLocation').find((s) => s.getAttribute('resid'))!.getAttribute('resid');
    const url = tous('bt:Url').find((u) => u.getAttribute('id') === resid)!.getAttribute('DefaultValue');
    expect(url).toBe(tous('SourceLocation')[0].getAttribute('DefaultValue'));
    expect(url).toMatch(/\/taskpane\.html$/);
  });

  it('définit chaque ressource citée, en HTTPS, et ses icônes existent à la bonne taille', () => {
    const definis = new Set(['bt:Image', 'bt:Url', 'bt:String'].flatMap((t) => tous(t).map((e) => e.getAttribute('id')).filter(Boolean)));
    const cites = Array.from(texte.matchAll(/resid="([^"]+)"/g)).map((m) => m[1]);
    for (const c of cites) expect(definis).toContain(c);
    const urls = Array.from(texte.matchAll(/DefaultValue="(https?:[^"]+)"/g)).map((m) => m[1]);
    for (const u of urls) expect(u).toMatch(/^https:\/\//);
    for (const image of tous('bt:Image').filter((i) => i.getAttribute('id'))) {
      const fichier = path.join(RACINE, 'assets', path.basename(image.getAttribute('DefaultValue')!));
      const png = readFileSync(fichier);
      const taille = Number(image.getAttribute('id')!.split('.').pop());
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([taille, taille]);
    }
  });

  it('demande exactement l’ensemble ExcelApi dont l’adaptateur Office a besoin', () => {
    // API utilisée → ensemble qui l'a introduite (documentation Office.js).
    const ensembles: Array<[RegExp, number]> = [
      [/tables\.add\(/, 1.1],
      [/bindings\.add\(/, 1.3],
      [/\.merge\(/, 1.2],
      [/convertToRange\(/, 1.2],
      [/getItemOrNullObject\(/, 1.4],
      [/names\.add\(/, 1.4],
      [/conditionalFormats\.add\(/, 1.6],
      [/suspendApiCalculationUntilNextSync\(/, 1.6],
      [/getRangeByIndexes\(/, 1.7],
      [/tabColor/, 1.7],
      [/dataValidation\.rule/, 1.8],
    ];
    const source = readdirSync(path.join(RACINE, 'src/adapters/office')).map((f) => readFileSync(path.join(RACINE, 'src/adapters/office', f), 'utf8')).join('\n');
    const requis = Math.max(...ensembles.filter(([motif]) => motif.test(source)).map(([, v]) => v));
    const manifeste = Number(tous('Set').find((s) => s.getAttribute('Name') === 'ExcelApi')!.getAttribute('MinVersion'));
    expect(manifeste).toBe(requis);
    // La mise en page d'impression (ExcelApi 1.9) n'est utilisée que si Excel la propose.
    expect(source).toMatch(/miseEnPageDisponible/);
    expect(readFileSync(path.join(RACINE, 'src/taskpane/services.ts'), 'utf8')).toContain("ensembleDisponible('1.9')");
  });
});
