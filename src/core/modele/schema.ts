/**
 * La forme attendue d'un texte JSON enregistré dans le classeur (liaisons, critère académique, liste des feuilles) :
 * il est vérifié à la lecture, jamais simplement « casté ». `ecartAuSchema` dit en français ce qui ne va pas.
 */
export type Schema =
  | { type: 'texte'; nonVide?: boolean; motif?: RegExp; valeurs?: readonly string[] }
  | { type: 'entier'; min?: number }
  | { type: 'booleen' }
  | { type: 'liste'; de: Schema; nonVide?: boolean }
  | {
      type: 'objet';
      champs: Record<string, Schema>;
      optionnels?: readonly string[];
      /** Règle qui lie plusieurs champs (ex. : tel mode exige tel champ) ; renvoie le problème, ou rien. */
      regle?: (o: Record<string, unknown>) => string | undefined;
    };

function nommer(chemin: string): string {
  return chemin ? `« ${chemin} »` : 'la valeur';
}

export function ecartAuSchema(x: unknown, s: Schema, chemin = ''): string | undefined {
  switch (s.type) {
    case 'texte':
      if (typeof x !== 'string') return `${nommer(chemin)} doit être un texte`;
      if (s.nonVide && !x.trim()) return `${nommer(chemin)} ne doit pas être vide`;
      if (s.motif && !s.motif.test(x)) return `${nommer(chemin)} n'a pas la forme attendue (« ${x.slice(0, 40)} »)`;
      if (s.valeurs && !s.valeurs.includes(x)) return `${nommer(chemin)} doit valoir ${s.valeurs.map((v) => `« ${v} »`).join(' ou ')}`;
      return undefined;
    case 'entier':
      if (!Number.isInteger(x)) return `${nommer(chemin)} doit être un nombre entier`;
      if (s.min !== undefined && (x as number) < s.min) return `${nommer(chemin)} doit valoir au moins ${s.min}`;
      return undefined;
    case 'booleen':
      return typeof x === 'boolean' ? undefined : `${nommer(chemin)} doit valoir true ou false`;
    case 'liste': {
      if (!Array.isArray(x)) return `${nommer(chemin)} doit être une liste`;
      if (s.nonVide && x.length === 0) return `${nommer(chemin)} ne doit pas être vide`;
      for (let i = 0; i < x.length; i++) {
        const e = ecartAuSchema(x[i], s.de, `${chemin}[${i + 1}]`);
        if (e) return e;
      }
      return undefined;
    }
    case 'objet': {
      if (typeof x !== 'object' || x === null || Array.isArray(x)) return `${nommer(chemin)} doit être un objet JSON`;
      const o = x as Record<string, unknown>;
      for (const [champ, sousSchema] of Object.entries(s.champs)) {
        const sousChemin = chemin ? `${chemin}.${champ}` : champ;
        if (!Object.prototype.hasOwnProperty.call(o, champ) || o[champ] === undefined) {
          if (s.optionnels?.includes(champ)) continue;
          return `le champ « ${sousChemin} » manque`;
        }
        const e = ecartAuSchema(o[champ], sousSchema, sousChemin);
        if (e) return e;
      }
      return s.regle?.(o);
    }
  }
}

export function respecte<T>(x: unknown, s: Schema): x is T {
  return ecartAuSchema(x, s) === undefined;
}
