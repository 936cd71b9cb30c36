import { createReadStream, existsSync, statSync } from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import path from 'path';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.png': 'image/png', '.xml': 'text/xml' };

/** Sert dist/ sur 127.0.0.1, port libre : le volet tel qu'il sera déployé. */
export async function servir(dossier: string): Promise<{ url: string; fermer: () => Promise<void> }> {
  const serveur = http.createServer((req, res) => {
    const chemin = path.join(dossier, decodeURIComponent((req.url ?? '/').split('?')[0]));
    if (!chemin.startsWith(dossier) || !existsSync(chemin) || !statSync(chemin).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(chemin)] ?? 'application/octet-stream' });
    createReadStream(chemin).pipe(res);
  });
  await new Promise<void>((r) => serveur.listen(0, '127.0.0.1', r));
  const { port } = serveur.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, fermer: () => new Promise((r) => serveur.close(() => r())) };
}
