import type * as Fflate from 'fflate';

let charge: typeof Fflate | undefined;

/**
 * fflate, chargé à sa première demande : sous Node, zlib décompresse et compresse ; fflate ne sert qu'au navigateur
 * et aux contrôles de très grandes parties. Le charger d'office coûtait 10 ms au démarrage de chaque commande.
 */
export function fflate(): typeof Fflate {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (charge ??= require('fflate') as typeof Fflate);
}
