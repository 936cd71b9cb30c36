/* global Excel */
import { Identite } from '../core/identite';
import { PlanGeneration } from '../core/generation';
import { CompletudeCritere, Constat } from '../core/regles/constats';
import { Mode, ensembleDisponible } from './mode';

export interface Verification {
  constats: Constat[];
  completude: CompletudeCritere[];
}

export interface ResultatVolet extends Verification {
  plan: PlanGeneration;
  /** Mode navigateur : le classeur produit, à télécharger. */
  fichier?: { nom: string; contenu: Uint8Array };
}

/** Ce que le volet sait faire, dans Excel comme dans un navigateur ; les deux appellent le même cœur. */
export interface ServicePilote {
  mode: Mode;
  generer(identite: Partial<Identite>, classeur?: { nom: string; contenu: Uint8Array }): Promise<ResultatVolet>;
  selectionner?(feuille: string, cellule: string): Promise<void>;
  /** Identité déjà enregistrée (dans le classeur ouvert, ou dans celui choisi en mode navigateur). */
  lireIdentite(classeur?: { nom: string; contenu: Uint8Array }): Promise<Partial<Identite>>;
}

export function serviceExcel(): ServicePilote {
  return {
    mode: 'excel',
    async generer(identite) {
      const office = await import('../adapters/office/adaptateur');
      return Excel.run(async (context) => {
        const plan = await office.genererDansExcel(context, { identite, maintenant: new Date() }, { miseEnPageDisponible: ensembleDisponible('1.9') });
        const verification = await office.verifierDansExcel(context);
        return { plan, ...verification };
      });
    },
    async lireIdentite() {
      const office = await import('../adapters/office/adaptateur');
      return Excel.run((context) => office.identiteDansExcel(context));
    },
    async selectionner(feuille, cellule) {
      const office = await import('../adapters/office/adaptateur');
      await Excel.run((context) => office.selectionnerCellule(context, feuille, cellule));
    },
  };
}

export function serviceNavigateur(): ServicePilote {
  return {
    mode: 'navigateur',
    async lireIdentite(classeur) {
      if (!classeur) return {};
      const service = await import('../adapters/exceljs/service');
      return service.lireIdentite(classeur.contenu, classeur.nom);
    },
    async generer(identite, classeur) {
      // ExcelJS n'est chargé qu'en mode navigateur : le volet reste léger dans Excel.
      const service = await import('../adapters/exceljs/service');
      const r = await service.genererClasseur(classeur, { identite, maintenant: new Date() });
      const nom = classeur?.nom ?? 'pilote-ldm.xlsx';
      const verification = await service.verifierClasseur(r.contenu, nom);
      return { plan: r.plan, ...verification, fichier: { nom, contenu: r.contenu } };
    },
  };
}
