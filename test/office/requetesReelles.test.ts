import * as path from 'path';
import { consolider } from '../../src/core/consolidation/region';
import { referentielNational, tousLesDescripteurs } from '../../src/core/referentiel';
import { ecrireFeuillesOffice } from '../../src/adapters/office/adaptateur';
import { EtablissementConsolide } from '../../src/core/consolidation/lecture';

/* Le vrai runtime Office.js de Microsoft, dont l'exécuteur enregistre chaque lot au lieu de l'envoyer à Excel. */
// Jest isole les globales du test ; le runtime, chargé par vm.runInThisContext, vit dans celles du processus.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exterieur = (require('vm') as typeof import('vm')).runInThisContext('this') as Record<string, unknown>;
exterieur.window = exterieur;
exterieur.navigator = { userAgent: 'node', language: 'fr-FR' };
exterieur.document = { createElement: () => ({ style: {}, setAttribute() {}, appendChild() {} }), getElementsByTagName: () => [], addEventListener() {}, readyState: 'complete', location: { href: 'http://127.0.0.1/' } };
exterieur.location = { href: 'http://127.0.0.1/', protocol: 'http:', hostname: '127.0.0.1' };
// Le module lit le dossier node_modules dans process.argv[2] (son usage en ligne de commande).
const argv = process.argv;
process.argv = [argv[0], argv[1], path.resolve(__dirname, '../../node_modules')];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contexteEnregistreur } = require(path.resolve(__dirname, '../../../shared/tools/office-runtime/enregistrer.js')) as {
  contexteEnregistreur: () => Excel.RequestContext & { lots: string[] };
};
process.argv = argv;
for (const nom of ['Excel', 'Office', 'OfficeExtension', 'OSF']) (globalThis as Record<string, unknown>)[nom] = exterieur[nom];

const descripteurs = tousLesDescripteurs(referentielNational);

function etablissement(i: number): EtablissementConsolide {
  return {
    rne: `04${String(i).padStart(5, '0')}X`,
    etablissement: `Lycée des métiers numéro ${i}`,
    intitule: 'Lycée des métiers du bâtiment et de l’énergie',
    typeAudit: 'Labellisation',
    dateAudit: '12/03/2026',
    dateAuditIso: '2026-03-12',
    auditeurs: 'Mme Référente, M. Co-auditeur, Mme Tierce',
    dateRapportIso: '2026-03-20',
    echeanceNcIso: '2026-09-30',
    piecesManquantes: 0,
    piecesAFournir: [],
    comptes: { PF: 3, C: 30, R: 5, NC: 8 },
    ncOuvertes: 2,
    completude: ['3/5', '2/4', '1/6', '4/4', '5/5', '2/7', '3/8', '1/7'],
    indicateursHorsCible: 1,
    actionsEnRetard: 2,
    fichier: `lycee-${i}.xlsx`,
    schema: '3',
    generation: '2026-01-01T10:00:00Z',
    avertissements: [],
    constats: descripteurs.map((d) => ({
      critere: d.critere,
      descripteur: d.numero,
      coches: { PF: false, C: true, R: false, NC: false },
      constat: 'Constat décrivant ce qui a été vu lors de la visite, les preuves consultées et les personnes rencontrées.',
    })),
    resultats: Object.fromEntries(descripteurs.map((d, k) => [d.numero, ['C', 'NC', 'R', 'PF'][k % 4]])),
  };
}

const MIO = 1024 * 1024;

describe('requêtes Office.js réelles (runtime de Microsoft, lots enregistrés)', () => {
  for (const n of [50, 200, 1000]) {
    it(`consolidation de ${n} établissements : chaque requête sous 4 Mio, peu d'allers-retours`, async () => {
      const r = consolider(referentielNational, Array.from({ length: n }, (_, i) => etablissement(i)), [], { feuilles: [], tableaux: {}, cellules: {} });
      const ctx = contexteEnregistreur();
      await ecrireFeuillesOffice(ctx, r.feuilles, { lu: { feuilles: [], tableaux: {}, cellules: {} }, nomsExistants: new Set() }, { miseEnPageDisponible: true });
      const tailles = ctx.lots.map((b) => Buffer.byteLength(b));
      console.log(`${n} établissements : ${tailles.length} lots, ${tailles.map((t) => (t / MIO).toFixed(2)).join(' + ')} Mio`);
      expect(Math.max(...tailles)).toBeLessThan(4 * MIO);
      // Tout le texte écrit est bien parti : chaque RNE et chaque constat sont dans les lots.
      const tout = ctx.lots.join('');
      expect(tout).toContain(`04${String(n - 1).padStart(5, '0')}X`);
      expect(tailles.length).toBeLessThanOrEqual(Math.ceil(tailles.reduce((a, b) => a + b, 0) / (2 * MIO)) + 2);
    });
  }
});
