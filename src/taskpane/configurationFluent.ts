/**
 * Chargé avant Fluent UI : pas de polices Segoe UI téléchargées depuis le CDN de Microsoft (la police du système
 * s'affiche) ; le volet ne contacte rien d'autre que son origine et office.js.
 */
(window as unknown as { FabricConfig?: { fontBaseUrl?: string } }).FabricConfig = { fontBaseUrl: '' };

export {};
