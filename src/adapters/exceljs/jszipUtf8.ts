import JSZip from 'jszip';

/**
 * JSZip encode en UTF-8 un texte par morceaux de 16 384 caractères UTF-16 : un émoji (paire de substitution) à cheval
 * sur deux morceaux devient deux U+FFFD dans le fichier écrit. ExcelJS lui confie ses parties XML sous forme de
 * textes. On encode donc tout texte d'un seul tenant avant de le donner à JSZip (même instance pour ExcelJS).
 */
type Fichier = (this: JSZip, ...args: unknown[]) => unknown;
const prototype = JSZip.prototype as unknown as { file: Fichier; utf8DUnSeulTenant?: boolean };

if (!prototype.utf8DUnSeulTenant) {
  const original = prototype.file;
  prototype.file = function (this: JSZip, ...args: unknown[]) {
    const [nom, donnees, options] = args as [unknown, unknown, { base64?: boolean; binary?: boolean } | undefined];
    if (args.length >= 2 && typeof donnees === 'string' && !options?.base64 && !options?.binary) {
      return original.call(this, nom, new TextEncoder().encode(donnees), { ...options, binary: true });
    }
    return original.apply(this, args);
  };
  prototype.utf8DUnSeulTenant = true;
}

export {};
