/* global Office */
export type Mode = 'excel' | 'navigateur';

/**
 * Dans Excel, Office.onReady donne l'hôte Excel. Dans un navigateur ordinaire, onReady rend un hôte nul,
 * et si le CDN est injoignable Office n'existe pas : dans les deux cas, mode navigateur.
 */
export async function detecterMode(delaiMs = 4000): Promise<Mode> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office || typeof office.onReady !== 'function') return 'navigateur';
  const info = await Promise.race([
    office.onReady().catch(() => undefined),
    new Promise<undefined>((r) => setTimeout(() => r(undefined), delaiMs)),
  ]);
  return info && info.host === office.HostType.Excel ? 'excel' : 'navigateur';
}

export function ensembleDisponible(version: string): boolean {
  const office = (globalThis as { Office?: typeof Office }).Office;
  return Boolean(office?.context?.requirements?.isSetSupported('ExcelApi', version));
}
