/* global Office */
import { createTheme, loadTheme } from '@fluentui/react';

/** Luminance relative d'une couleur #RRGGBB (0 noir, 1 blanc). */
function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return 1;
  const n = parseInt(m[1], 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => c / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * Dans Excel, le volet prend les couleurs du thème Office (dont le thème sombre) : fond et texte du corps de page,
 * palette Fluent inversée quand le fond est sombre. Hors d'Excel, le thème clair par défaut.
 */
export function appliquerThemeOffice(): void {
  const theme = (globalThis as { Office?: typeof Office }).Office?.context?.officeTheme;
  if (!theme?.bodyBackgroundColor) return;
  const fond = theme.bodyBackgroundColor;
  const texte = theme.bodyForegroundColor || (luminance(fond) < 0.5 ? '#FFFFFF' : '#000000');
  document.body.style.background = fond;
  document.body.style.color = texte;
  if (luminance(fond) >= 0.5) {
    loadTheme(createTheme({ semanticColors: { bodyBackground: fond, bodyText: texte } }));
    return;
  }
  loadTheme(
    createTheme({
      isInverted: true,
      palette: {
        themePrimary: '#479EF5',
        themeLighterAlt: '#03060A',
        themeLighter: '#0B1927',
        themeLight: '#15304A',
        themeTertiary: '#2B5F93',
        themeSecondary: '#3F8BD7',
        themeDarkAlt: '#58A7F6',
        themeDark: '#71B4F7',
        themeDarker: '#96C8F9',
        neutralLighterAlt: '#282828',
        neutralLighter: '#313131',
        neutralLight: '#3F3F3F',
        neutralQuaternaryAlt: '#484848',
        neutralQuaternary: '#4F4F4F',
        neutralTertiaryAlt: '#6D6D6D',
        neutralTertiary: '#C8C8C8',
        neutralSecondary: '#D0D0D0',
        neutralPrimaryAlt: '#DADADA',
        neutralPrimary: '#FFFFFF',
        neutralDark: '#F4F4F4',
        black: '#F8F8F8',
        white: fond,
      },
      semanticColors: { bodyBackground: fond, bodyText: texte },
    }),
  );
}
