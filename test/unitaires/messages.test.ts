import { texteFrancais } from '../../src/core/modele/classeur';
/**
 * Les messages du cœur et des adaptateurs servent au volet comme à la CLI : ils disent quoi faire sans citer une
 * commande ou une option de la ligne de commande (la CLI ajoute les siennes).
 */
import { readFileSync, readdirSync, statSync } from 'fs';
import path from 'path';

function fichiers(dossier: string): string[] {
  return readdirSync(dossier).flatMap((n) => {
    const p = path.join(dossier, n);
    return statSync(p).isDirectory() ? fichiers(p) : p.endsWith('.ts') ? [p] : [];
  });
}

it('aucun message du cœur ni des adaptateurs ne cite « ldm … » ou une option « --… »', () => {
  const racine = path.resolve(__dirname, '../../src');
  const fautes: string[] = [];
  for (const f of [...fichiers(path.join(racine, 'core')), ...fichiers(path.join(racine, 'adapters')), ...fichiers(path.join(racine, 'taskpane'))]) {
    readFileSync(f, 'utf8')
      .split('\n')
      .forEach((ligne, i) => {
        if (/^\s*(\/\/|\*|\/\*)/.test(ligne)) return;
        for (const m of ligne.matchAll(/(["'`])((?:(?!\1)[^\\]|\\.)*)\1/g)) {
          if (/\bldm (generate|check|bind|report|plan|consolidate|demo)\b|(^|\s)--[a-z]/.test(m[2])) fautes.push(`${path.relative(racine, f)}:${i + 1} ${m[2].slice(0, 80)}`);
        }
      });
  }
  expect(fautes).toEqual([]);
});

it('un nombre dit dans un message l’est à la française (virgule décimale), un texte tel quel', () => {
  expect(texteFrancais(14.3)).toBe('14,3');
  expect(texteFrancais(1234.5)).toBe('1234,5');
  expect(texteFrancais(-0.075)).toBe('-0,075');
  expect(texteFrancais('baisse')).toBe('baisse');
  expect(texteFrancais(true)).toBe('VRAI');
});
