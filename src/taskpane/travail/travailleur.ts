import { operations } from './operations';
import { Demande, aTransferer, transmettreErreur } from './protocole';

/** Point d'entrée du Web Worker du volet : une demande, une réponse, le fil de l'interface jamais bloqué. */
const portee = self as unknown as {
  onmessage: (ev: MessageEvent<Demande>) => void;
  postMessage: (message: unknown, transfert: Transferable[]) => void;
};

async function traiter(ev: MessageEvent<Demande>): Promise<void> {
  const { id, operation, arguments: args } = ev.data;
  try {
    const resultat = await (operations[operation] as (a: unknown) => Promise<unknown>)(args);
    portee.postMessage({ id, resultat }, aTransferer(resultat));
  } catch (e) {
    portee.postMessage({ id, erreur: transmettreErreur(e) }, []);
  }
}

portee.onmessage = (ev) => void traiter(ev);
