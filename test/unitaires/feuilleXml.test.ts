/**
 * Le parcours d'une feuille en octets reste linéaire sur un fichier hostile : des cellules jamais refermées, ou dont
 * la valeur ne l'est pas, ne font pas relire la feuille jusqu'au bout à chaque cellule (ce qui prendrait des minutes).
 */
import { performance } from 'perf_hooks';
import { feuilleXml } from '../../src/adapters/paquet/feuilleXml';
import { texteRiche } from '../../src/adapters/paquet/cellulesXml';
import { CacheParOctets } from '../../src/adapters/paquet/cacheParOctets';
import { bornesDesOctets, bornesDesTextes } from '../../src/adapters/paquet/lecteurDirect';

const contexte = { partagee: () => undefined, estDate: () => false, date1904: false };
const octets = (xml: string) => new TextEncoder().encode(xml);
const feuille = (lignes: string) => octets(`<?xml version="1.0"?><worksheet><sheetData>${lignes}</sheetData></worksheet>`);

describe('feuille parcourue en octets, fichier hostile', () => {
  it('50 000 cellules jamais refermées : lues en moins de 2 s, sans valeur inventée', () => {
    const n = 50000;
    const b = feuille(`<row r="1">${Array.from({ length: n }, (_, k) => `<c r="A${k + 1}"><v>${k}</v>`).join('')}</row>`);
    const debut = performance.now();
    const lue = feuilleXml(b, [{ l1: 1, c1: 1, l2: n, c2: 3 }], contexte);
    expect(performance.now() - debut).toBeLessThan(2000);
    expect(lue.valeur(1, 1)).toBeNull();
  });

  it('50 000 cellules dont la valeur n’est jamais refermée : lues en moins de 2 s ; les cellules saines gardent leur valeur', () => {
    const n = 50000;
    const b = feuille(`<row r="1"><c r="A1"><v>7</v></c>${Array.from({ length: n }, () => '<c r="B1"><v>8</c>').join('')}<c r="C1"><v>9</v></c></row>`);
    const debut = performance.now();
    const lue = feuilleXml(b, [{ l1: 1, c1: 1, l2: 1, c2: 3 }], contexte);
    expect(performance.now() - debut).toBeLessThan(2000);
    expect([lue.valeur(1, 1), lue.valeur(1, 2), lue.valeur(1, 3)]).toEqual([7, null, 9]);
  });
});

describe('valeurs lues dans les octets', () => {
  it('numéro de texte partagé (espaces, zéros, entité, trop grand) et balises éloignées : les valeurs et refus de la lecture par texte', () => {
    const partages = ['zéro', 'un', 'deux'];
    const ctx = { ...contexte, partagee: (n: number) => partages[n] };
    const cellule = (v: string) => feuille(`<row r="1"><c r="A1" t="s"><v>${v}</v></c></row>`);
    const lire = (v: string) => feuilleXml(cellule(v), [{ l1: 1, c1: 1, l2: 1, c2: 1 }], ctx).valeur(1, 1);
    expect(['2', ' 1 ', '\n0\t', '0002', '\u00a01'].map(lire)).toEqual(['deux', 'un', 'zéro', 'deux', 'un']);
    for (const v of ['&#49;', '3', '1.0', '9999999999', '', '-1']) expect(() => lire(v)).toThrow(/texte partagé/);
    // Plus loin que la recherche de proximité : une formule longue, des attributs longs, des blancs entre les balises.
    const long = feuille(
      `<row r="1" spans="1:3"   x14ac:dyDescent="0.25" ${'a'.repeat(40)}="b"><c r="A1" s="1" t="str"><f>${'A1+'.repeat(100)}1</f><v>12</v></c>${' '.repeat(100)}<c r="B1" t="s"><v>${' '.repeat(50)}2</v></c></row>`,
    );
    const lue = feuilleXml(long, [{ l1: 1, c1: 1, l2: 1, c2: 2 }], ctx);
    expect([lue.valeur(1, 1), lue.valeur(1, 2)]).toEqual(['12', 'deux']);
  });
});

describe('texte enrichi hostile', () => {
  it('un texte de 100 000 runs jamais refermés se lit en moins de 2 s ; un texte ordinaire reste lu à l’identique', () => {
    const hostile = `<r><t>début</t></r>${'<r><t>x'.repeat(100000)}`;
    const debut = performance.now();
    expect(texteRiche(hostile)).toBe('début');
    expect(texteRiche(`<x:r><x:t>début</x:t></x:r>${'<x:r><x:t>x'.repeat(100000)}`)).toBe('début');
    expect(performance.now() - debut).toBeLessThan(2000);
    expect(texteRiche('<r><rPr><b/></rPr><t>Gras</t></r><r><t xml:space="preserve"> et </t></r><rPh sb="0" eb="1"><t>ふり</t></rPh><r><t>suite</t></r><t/>')).toBe('Gras et suite');
    const phonetiques = `<rPh><t>a</t></rPh>${'<rPh sb="0">'.repeat(50000)}<t>z</t>`;
    const avant = performance.now();
    expect(texteRiche(phonetiques)).toBe('z');
    expect(performance.now() - avant).toBeLessThan(2000);
  });
});

describe('textes partagés hostiles', () => {
  // L'expression d'origine, appliquée à tout le texte : la référence, sur de petits textes.
  const reference = (xml: string) =>
    Array.from(xml.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)).flatMap((m) => {
      const debut = m.index + m[0].indexOf('>') + 1;
      return [debut, debut + (m[1]?.length ?? 0)];
    });
  const cas = [
    '<sst><si><t>a</t></si><si/><si><t>b</t></si></sst>',
    '<sst><si><t>a</t></si><si><t>jamais refermé<si/><si><t>c</t></sst>',
    '<x:sst><x:si><x:t>a</x:t></x:si><x:si><x:t>ouvert<x:si/><x:si attr="1"/></x:sst>',
    '<x:sst><x:si><x:t>ouvert<x:si/></x:sst>',
    '<sst><sis/><si ><t>d</t></si></sst>',
  ];
  it.each(cas)('mêmes bornes que l’expression d’origine : %s', (xml) => {
    expect(bornesDesTextes(xml)).toEqual(reference(xml));
  });

  // Le repérage en octets (sans décoder la partie) donne les mêmes textes ; avec un « :si », il laisse la place au texte.
  const textesParOctets = (xml: string) => {
    const b = octets(xml);
    const bornes = bornesDesOctets(b);
    if (!bornes) return undefined;
    return Array.from({ length: bornes.length / 2 }, (_, n) => new TextDecoder().decode(b.subarray(bornes[2 * n], bornes[2 * n + 1])));
  };
  const textesDeReference = (xml: string) => {
    const b = reference(xml);
    return Array.from({ length: b.length / 2 }, (_, n) => xml.slice(b[2 * n], b[2 * n + 1]));
  };
  it.each([...cas, '<sst><si><t>é😀 « x »</t></si><si/><si><t xml:space="preserve"> b </t></si><si><t>ß</t></sst>', '<sst><si><t>Voir:si possible</t></si></sst>'])(
    'mêmes textes repérés en octets : %s',
    (xml) => {
      const parOctets = textesParOctets(xml);
      if (xml.includes(':si')) expect(parOctets).toBeUndefined();
      else expect(parOctets).toEqual(textesDeReference(xml));
    },
  );

  it('50 000 « <si> » jamais refermés, avec ou sans préfixe : lus en moins de 2 s', () => {
    for (const p of ['', 'x:']) {
      const xml = `<${p}sst><${p}si><${p}t>a</${p}t></${p}si>${`<${p}si><${p}t>b`.repeat(50000)}<${p}si/></${p}sst>`;
      const debut = performance.now();
      expect(bornesDesTextes(xml)).toHaveLength(4);
      if (!p) expect(bornesDesOctets(octets(xml))).toHaveLength(4);
      expect(performance.now() - debut).toBeLessThan(2000);
    }
  });
});

describe('cache par octets', () => {
  it('10 000 textes de même empreinte (même longueur, mêmes octets aux points d’empreinte) : chacun rendu juste, en temps linéaire', () => {
    const cache = new CacheParOctets<string>(8192);
    // 160 octets ; les octets d'empreinte sont aux multiples de 10 : ils valent tous « a », le reste porte le numéro.
    const texte = (n: number) => Array.from({ length: 160 }, (_, k) => (k % 10 === 0 ? 'a' : String(n).padStart(9, '0')[k % 10 - 1])).join('');
    const textes = Array.from({ length: 10000 }, (_, n) => octets(texte(n)));
    let faux = 0;
    const debut = performance.now();
    for (let pas = 0; pas < 2; pas++) {
      textes.forEach((b, n) => {
        if (cache.obtenir(b, 0, b.length, () => `n${n}`) !== `n${n}`) faux++;
      });
    }
    // Sans plafond par empreinte, chaque recherche comparait toutes les entrées : 4 s hors de jest, 17 s pour 20 000.
    expect(performance.now() - debut).toBeLessThan(3000);
    expect(faux).toBe(0);
  }, 120000);
});
