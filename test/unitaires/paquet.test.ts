import { avecListes, listesDeStyles, stylesProlonges } from '../../src/adapters/paquet/listesDeStyles';
import JSZip from 'jszip';
import { unzipSync, zipSync, strToU8 } from 'fflate';
import { genererClasseur, verifierClasseur } from '../../src/adapters/exceljs/service';
import { verifierArchive, LIMITES, partiesParChemin } from '../../src/adapters/exceljs/archive';
import { PaquetModifiable } from '../../src/adapters/paquet/paquetModifiable';
import { ClasseurDirect } from '../../src/adapters/paquet/lecteurDirect';
import { contenusNonReproduits } from '../../src/adapters/exceljs/inventaire';
import { cellulesDePlages } from '../../src/adapters/exceljs/lectureUtile';
import { ClasseurIllisible, ContenuNonConserve } from '../../src/core/modele/classeur';

/**
 * Tests rapides, en mémoire (sans LibreOffice, Python ni navigateur) : la greffe qui recopie ce que Pilote LDM
 * n'écrit pas, l'inventaire des feuilles réécrites, le contrôle borné de l'archive.
 */

const maintenant = new Date(2026, 10, 26, 12);
const identite = { etablissement: 'Lycée A', rne: '0450051L', intituleLabel: "Lycée des métiers de l'industrie" };

async function dossier(): Promise<Uint8Array> {
  return (await genererClasseur(undefined, { identite, feuilles: ['auto-evaluation', 'plan'], maintenant })).contenu;
}

/** Ajoute au paquet une feuille de l'établissement avec une zone de texte et des sparklines, comme Excel les écrit. */
async function ajouterFeuilleEtablissement(octets: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(octets);
  const feuille =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Effectif 😀</t></is></c><c r="B1"><v>412</v></c></row></sheetData><drawing r:id="rId1"/>' +
    '<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:sparklineGroups/></ext></extLst></worksheet>';
  const dessin =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:oneCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="100" cy="100"/><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="ZoneTexte 1"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr/><xdr:txBody><a:bodyPr/><a:p><a:r><a:t>Note</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>';
  zip.file('xl/worksheets/sheetEtab.xml', feuille);
  zip.file('xl/worksheets/_rels/sheetEtab.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawingEtab.xml"/></Relationships>');
  zip.file('xl/drawings/drawingEtab.xml', dessin);
  let ct = await zip.file('[Content_Types].xml')!.async('string');
  ct = ct.replace('</Types>', '<Override PartName="/xl/worksheets/sheetEtab.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/drawings/drawingEtab.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>');
  zip.file('[Content_Types].xml', ct);
  let rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  rels = rels.replace('</Relationships>', '<Relationship Id="rIdEtab" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheetEtab.xml"/></Relationships>');
  zip.file('xl/_rels/workbook.xml.rels', rels);
  let wb = await zip.file('xl/workbook.xml')!.async('string');
  wb = wb.replace('</sheets>', '<sheet name="Effectifs" sheetId="99" r:id="rIdEtab"/></sheets>');
  zip.file('xl/workbook.xml', wb);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

async function parties(octets: Uint8Array): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(octets);
  const r: Record<string, string> = {};
  for (const n of Object.keys(zip.files).filter((x) => !zip.files[x].dir)) r[n] = Buffer.from(await zip.file(n)!.async('uint8array')).toString('base64');
  return r;
}

describe('greffe (en mémoire)', () => {
  it('régénère en recopiant octet pour octet la feuille de l’établissement, sa zone de texte et ses sparklines', async () => {
    const avant = await ajouterFeuilleEtablissement(await dossier());
    const r = await genererClasseur({ contenu: avant, nom: 'lycee.xlsx' }, { identite: { etablissement: 'Lycée A (nouveau nom)' }, maintenant });
    const p0 = await parties(avant);
    const p1 = await parties(r.contenu);
    for (const n of ['xl/worksheets/sheetEtab.xml', 'xl/worksheets/_rels/sheetEtab.xml.rels', 'xl/drawings/drawingEtab.xml']) expect(p1[n]).toBe(p0[n]);
    const wb = await (await JSZip.loadAsync(r.contenu)).file('xl/workbook.xml')!.async('string');
    expect(wb).toContain('<sheet name="Effectifs" sheetId="99" r:id="rIdEtab"/>');
    // Le classeur régénéré se relit, et porte le nouveau nom.
    const v = await verifierClasseur(r.contenu, 'lycee.xlsx');
    expect(v.completude.length).toBe(8);
  });

  it('refuse de réécrire une feuille générée qui porte un objet incorporé, avec le nom de la feuille', async () => {
    const zip = await JSZip.loadAsync(await dossier());
    const chemin = 'xl/worksheets/sheet2.xml';
    const xml = await zip.file(chemin)!.async('string');
    zip.file(chemin, xml.replace('</worksheet>', '<oleObjects><oleObject progId="Package" shapeId="1025" r:id="rIdX"/></oleObjects></worksheet>'));
    const octets = await zip.generateAsync({ type: 'uint8array' });
    await expect(genererClasseur({ contenu: octets, nom: 'lycee.xlsx' }, { identite: {}, maintenant })).rejects.toThrow(ContenuNonConserve);
    await expect(genererClasseur({ contenu: octets, nom: 'lycee.xlsx' }, { identite: {}, maintenant })).rejects.toThrow(/la feuille « LDM 003 Auto-évaluation » contient un objet incorporé/);
  });

  it('inventaire : ce qui n’est pas listé comme reproduit est refusé par défaut', () => {
    const racine = (interieur: string) => `<worksheet xmlns="main">${interieur}</worksheet>`;
    expect(contenusNonReproduits(racine('<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><tableParts count="1"/>'), ['table'])).toEqual([]);
    expect(contenusNonReproduits(racine('<sheetData/><machinInconnu/>'), [])).toEqual(['un élément « machinInconnu » que Pilote LDM ne sait pas recopier']);
    expect(contenusNonReproduits(racine('<sheetData/><extLst><ext uri="{NOUVELLE}"/></extLst>'), [])[0]).toMatch(/une extension Excel \({NOUVELLE}\)/);
    expect(contenusNonReproduits(racine('<sheetData/>'), ['oleObject'])[0]).toMatch(/contenu lié \(oleObject\)/);
    expect(contenusNonReproduits(racine('<sheetData><row r="1"><c r="A1" vm="1"><v>1</v></c></row></sheetData>'), [])).toEqual(['des images ou valeurs liées dans les cellules']);
    expect(contenusNonReproduits(racine('<sheetData><row r="1"><c r="A1"\n\tcm="1"><f t="array">A2:A3</f></c></row></sheetData>'), [])).toEqual(['des formules matricielles dynamiques']);
    expect(contenusNonReproduits(racine('<sheetData><row r="1"><c r="B2"><f t="dataTable" ref="B2:C3" dt2D="1"/></c></row></sheetData>'), [])).toEqual(['une table de données (analyse de scénarios)']);
    // Le texte « cm=" » dans une valeur n'est pas un attribut de cellule.
    expect(contenusNonReproduits(racine('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x cm="3"</t></is></c></row></sheetData>'), [])).toEqual([]);
  });
});

describe('paquet modifié partie par partie (greffe)', () => {
  it('recopie sans les recompresser les parties inchangées, stockées comme compressées ; écrit, retire et ajoute les autres', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/workbook.xml', '<workbook>é</workbook>'.repeat(200), { compression: 'DEFLATE' });
    zip.file('xl/media/image1.png', new Uint8Array([137, 80, 78, 71, 1, 2, 3]), { compression: 'STORE' });
    zip.file('xl/calcChain.xml', '<calcChain/>', { compression: 'DEFLATE' });
    zip.folder('xl/vide');
    const avant = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const p = new PaquetModifiable(avant, 'essai.xlsx');
    expect(p.texte('xl/workbook.xml')).toBe('<workbook>é</workbook>'.repeat(200));
    p.ecrire('[Content_Types].xml', '<Types a="1"/>');
    p.retirer('xl/calcChain.xml');
    p.ecrire('xl/worksheets/sheet1.xml', '<worksheet>😀</worksheet>');
    expect(p.existe('xl/calcChain.xml')).toBe(false);
    const apres = p.generer();
    const pa = partiesParChemin(avant, 'avant');
    const pb = partiesParChemin(apres, 'apres');
    expect([...pb.keys()]).toEqual(['[Content_Types].xml', 'xl/workbook.xml', 'xl/media/image1.png', 'xl/worksheets/sheet1.xml']);
    for (const n of ['xl/workbook.xml', 'xl/media/image1.png']) {
      const a = pa.get(n)!;
      const b = pb.get(n)!;
      expect([b.methode, b.crc, b.annonce]).toEqual([a.methode, a.crc, a.annonce]);
      expect(Buffer.from(apres.subarray(b.debut, b.debut + b.compresse)).equals(Buffer.from(avant.subarray(a.debut, a.debut + a.compresse)))).toBe(true);
    }
    expect(pb.get('xl/media/image1.png')!.methode).toBe(0);
    // Relu par un autre lecteur ZIP, CRC vérifiés.
    const relu = await JSZip.loadAsync(apres, { checkCRC32: true });
    expect(await relu.file('[Content_Types].xml')!.async('string')).toBe('<Types a="1"/>');
    expect(await relu.file('xl/worksheets/sheet1.xml')!.async('string')).toBe('<worksheet>😀</worksheet>');
    expect(Array.from(await relu.file('xl/media/image1.png')!.async('uint8array'))).toEqual([137, 80, 78, 71, 1, 2, 3]);
    expect(relu.file('xl/calcChain.xml')).toBeNull();
  });

  it('prend une partie d’un autre paquet telle quelle (octets compressés, CRC), lisible avant l’écriture', async () => {
    const source = new JSZip();
    source.file('[Content_Types].xml', '<Types/>');
    source.file('xl/worksheets/sheet1.xml', '<worksheet>ligne</worksheet>'.repeat(500), { compression: 'DEFLATE' });
    const octetsSource = await source.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const cible = new JSZip();
    cible.file('[Content_Types].xml', '<Types/>');
    cible.file('xl/workbook.xml', '<workbook/>');
    const p = new PaquetModifiable(await cible.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), 'cible.xlsx');
    const depuis = new PaquetModifiable(octetsSource, 'source.xlsx');
    p.recopier('xl/worksheets/sheet7.xml', depuis, 'xl/worksheets/sheet1.xml');
    expect(p.texte('xl/worksheets/sheet7.xml')).toBe('<worksheet>ligne</worksheet>'.repeat(500));
    expect(() => p.recopier('xl/x.xml', depuis, 'xl/absente.xml')).toThrow(/absente/);
    const apres = p.generer();
    const a = partiesParChemin(octetsSource, 'source').get('xl/worksheets/sheet1.xml')!;
    const b = partiesParChemin(apres, 'apres').get('xl/worksheets/sheet7.xml')!;
    expect([b.methode, b.crc, b.annonce]).toEqual([a.methode, a.crc, a.annonce]);
    expect(Buffer.from(apres.subarray(b.debut, b.debut + b.compresse)).equals(Buffer.from(octetsSource.subarray(a.debut, a.debut + a.compresse)))).toBe(true);
    const relu = await JSZip.loadAsync(apres, { checkCRC32: true });
    expect(await relu.file('xl/worksheets/sheet7.xml')!.async('string')).toBe('<worksheet>ligne</worksheet>'.repeat(500));
  });
});

describe('plages de validation', () => {
  it('compte les cellules d’une liste de plages, et tient pour démesurée une plage illisible ou une colonne entière', () => {
    expect(cellulesDePlages('A1:B10 D4')).toBe(21);
    expect(cellulesDePlages('$C$5:$C$7')).toBe(3);
    expect(cellulesDePlages('A1:XFD1048576')).toBe(16384 * 1048576);
    expect(cellulesDePlages('K:K')).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('contrôle de l’archive (en mémoire)', () => {
  const classeur = (parts: Record<string, string | Uint8Array>) => zipSync(Object.fromEntries(Object.entries(parts).map(([n, c]) => [n, typeof c === 'string' ? strToU8(c) : c])));

  it('refuse une bombe de décompression sans la décompresser en entier', () => {
    const bombe = classeur({ 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': new Uint8Array(200 * 1024 * 1024) });
    expect(bombe.length).toBeLessThan(1024 * 1024);
    expect(() => verifierArchive(bombe, 'bombe.xlsx')).toThrow(/au plus 150 Mo|anormalement compressée/);
  });

  it('refuse une taille annoncée mensongère', () => {
    const z = classeur({ 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': '<row/>'.repeat(20000) });
    // Taille décompressée annoncée ramenée à 10 octets, dans le répertoire central.
    const v = new DataView(z.buffer, z.byteOffset, z.byteLength);
    for (let i = z.length - 22; i >= 0; i--) {
      if (v.getUint32(i, true) === 0x02014b50 && new TextDecoder().decode(z.subarray(i + 46, i + 46 + v.getUint16(i + 28, true))) === 'xl/worksheets/sheet1.xml') v.setUint32(i + 24, 10, true);
    }
    expect(() => verifierArchive(z, 'menteur.xlsx')).toThrow(ClasseurIllisible);
    expect(() => verifierArchive(z, 'menteur.xlsx')).toThrow(/plus grande que sa taille annoncée/);
    // De même avec la décompression native de la CLI (la partie décompressée d'un coup, bornée à sa taille annoncée).
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { installerDecompressionNative } = require('../../src/cli/lecture') as typeof import('../../src/cli/lecture');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const archive = require('../../src/adapters/exceljs/archive') as typeof import('../../src/adapters/exceljs/archive');
      installerDecompressionNative();
      expect(() => archive.verifierArchive(z, 'menteur.xlsx')).toThrow(/plus grande que sa taille annoncée/);
    });
  });

  it('compte les lignes en flux et refuse une feuille trop longue', () => {
    const z = classeur({ 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': '<worksheet><sheetData>' + '<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(2000) + '</sheetData></worksheet>' });
    expect(() => verifierArchive(z, 'x.xlsx', { ...LIMITES, lignesParFeuille: 1000 })).toThrow(/plus de 1\s000 lignes/);
    expect(() => verifierArchive(z, 'x.xlsx', { ...LIMITES, cellules: 1500 })).toThrow(/plus de 1\s500 cellules/);
    expect(() => verifierArchive(z, 'x.xlsx')).not.toThrow();
  });

  it('refuse une archive tronquée ou chiffrée', async () => {
    const z = await dossier();
    expect(() => verifierArchive(z.subarray(0, z.length - 100), 'tronque.xlsx')).toThrow(/tronquée|incomplète|endommagé/);
    const chiffre = z.slice();
    const v = new DataView(chiffre.buffer);
    for (let i = chiffre.length - 22; i >= 0; i--) if (v.getUint32(i, true) === 0x02014b50) v.setUint16(i + 8, v.getUint16(i + 8, true) | 1, true);
    expect(() => verifierArchive(chiffre, 'chiffre.xlsx')).toThrow(/chiffré/);
  });
});

describe('styles prolongés (greffe sans renumérotation)', () => {
  const styles = (xfs: string[], extra = '') =>
    `<?xml version="1.0"?><styleSheet xmlns="x"><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>${extra}<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0"/></cellStyles></styleSheet>`;
  const base = styles(['<xf numFmtId="0" fontId="0"/>', '<xf numFmtId="14" fontId="0"/>']);

  it('lit les listes ; refuse éléments préfixés, nombre annoncé faux, pas de styles de cellule', () => {
    expect(listesDeStyles(base)?.cellXfs).toHaveLength(2);
    expect(listesDeStyles(base.replace(/<(\/?)(cellXfs|xf)\b/g, '<$1x:$2'))).toBeUndefined();
    expect(listesDeStyles(base.replace('<cellXfs count="2">', '<cellXfs count="3">'))).toBeUndefined();
    expect(listesDeStyles(styles([]))).toBeUndefined();
  });

  it('prolongées : listes d’origine en tête, rien d’autre changé ; sinon non', () => {
    const l = listesDeStyles(base)!;
    const prolonge = avecListes(base, { ...l, cellXfs: [...l.cellXfs, '<xf numFmtId="0" fontId="1"/>'], fonts: [...l.fonts, '<font><b/></font>'] });
    expect(stylesProlonges(base, prolonge)).toBe(true);
    expect(listesDeStyles(prolonge)?.cellXfs).toHaveLength(3);
    // Un rang d'origine déplacé, ou autre chose que les listes changé : pas prolongées.
    expect(stylesProlonges(base, avecListes(base, { ...l, cellXfs: [l.cellXfs[1], l.cellXfs[0]] }))).toBe(false);
    expect(stylesProlonges(base, prolonge.replace('name="Normal"', 'name="Autre"'))).toBe(false);
    expect(stylesProlonges(prolonge, base)).toBe(false);
  });
});

describe('limites du lecteur direct : lignes et cellules', () => {
  const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  /** Un classeur de deux feuilles F1 et F2 ; chaque feuille est une suite de lignes d'une cellule, et du remplissage. */
  const classeur = (feuilles: Array<{ lignes: number; remplissage: number }>) =>
    zipSync({
      '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      'xl/workbook.xml': strToU8(`<workbook ${NS}><sheets>${feuilles.map((_f, i) => `<sheet name="F${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': strToU8(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${feuilles
          .map((_f, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
          .join('')}</Relationships>`,
      ),
      ...Object.fromEntries(
        feuilles.map((f, i) => [
          `xl/worksheets/sheet${i + 1}.xml`,
          strToU8(`<worksheet ${NS}><sheetData>${Array.from({ length: f.lignes }, (_x, l) => `<row r="${l + 1}"><c r="A${l + 1}"><v>${l + 1}</v></c></row>`).join('')}</sheetData><!--${' '.repeat(f.remplissage)}--></worksheet>`),
        ]),
      ),
    });
  const lire = (z: Uint8Array, limites: Partial<typeof LIMITES>) =>
    new ClasseurDirect(z, 'region.xlsx', { ...LIMITES, ...limites }).lire({ tableaux: [], cellules: [{ feuille: 'F1', adresse: 'A1' }, { feuille: 'F2', adresse: 'A2' }] });

  it('refuse trop de cellules ou de lignes, même quand une feuille a d’abord été admise sur sa seule taille', () => {
    // F1 : 5 cellules dans 2 400 octets, admise sur sa taille (au plus 800 cellules) ; F2 : 300 cellules.
    const z = classeur([{ lignes: 5, remplissage: 2000 }, { lignes: 300, remplissage: 0 }]);
    // 800 + 300 dépasse 1 000 : F1 est alors comptée (5) et le classeur passe — le majorant seul l'aurait refusé.
    expect(lire(z, { cellules: 1000 }).cellules['F2!A2']).toBe(2);
    expect(() => lire(z, { cellules: 304 })).toThrow(/plus de 304 cellules remplies/);
    expect(lire(z, { cellules: 305 }).cellules['F1!A1']).toBe(1);
    expect(() => lire(z, { lignesParFeuille: 299 })).toThrow(/plus de 299 lignes/);
    expect(lire(z, { lignesParFeuille: 300 }).cellules['F2!A2']).toBe(2);
    // Une feuille remplie de « <c> » jusqu'au dernier octet : le majorant (un tiers des octets) n'est jamais dépassé.
    const dense = zipSync({ ...Object.fromEntries(Object.entries(unzipSync(classeur([{ lignes: 1, remplissage: 0 }, { lignes: 1, remplissage: 0 }])))), 'xl/worksheets/sheet2.xml': strToU8(`<worksheet ${NS}><sheetData><row r="2">${'<c>'.repeat(3000)}</row></sheetData></worksheet>`) });
    expect(() => lire(dense, { cellules: 2999 })).toThrow(/plus de 2\s999 cellules remplies/);
  });
});
