let dernier: { contenu: Uint8Array; quand: number } | undefined;
/** Fichiers produits et pas encore téléchargés : quitter la page est alors signalé (beforeunload). */
export const enAttente = new Set<Uint8Array>();

/** Un fichier produit attend d'être téléchargé. */
export function aTelecharger(f: { contenu: Uint8Array } | undefined): void {
  if (f) enAttente.add(f.contenu);
}

export function telecharger(nom: string, contenu: Uint8Array): void {
  // Un double clic ne télécharge pas deux fois le même fichier.
  if (dernier?.contenu === contenu && Date.now() - dernier.quand < 2000) return;
  dernier = { contenu, quand: Date.now() };
  enAttente.delete(contenu);
  const blob = new Blob([contenu as Uint8Array<ArrayBuffer>], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = nom;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Quitter la page avec un fichier produit mais pas téléchargé : le navigateur demande confirmation. */
export function avertirAvantDeQuitter(): () => void {
  const avertir = (e: BeforeUnloadEvent) => {
    if (!enAttente.size) return;
    e.preventDefault();
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', avertir);
  return () => window.removeEventListener('beforeunload', avertir);
}
