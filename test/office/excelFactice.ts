/**
 * Un faux Excel au moins aussi strict qu'Office.js : chaque écriture (cellules, formats de nombre, tableaux, noms,
 * validations, MFC, feuilles, mise en page) est mise en file et n'est appliquée qu'à context.sync(), dans l'ordre ;
 * une propriété chargée ne se lit qu'après sync() (sinon PropertyNotLoaded) ; un lot de plus de 5 Mo est refusé
 * à sync() comme par Excel sur le web (RequestPayloadSizeLimitExceeded). Il compte les sync().
 */
type Cellule = { formule?: string; valeur?: string | number | boolean };

function decoder(a: string): { l: number; c: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a);
  if (!m) throw new Error(`adresse ${a}`);
  return { c: m[1].split('').reduce((n, x) => n * 26 + x.charCodeAt(0) - 64, 0) - 1, l: Number(m[2]) - 1 };
}

function plage(a: string): { l1: number; c1: number; l2: number; c2: number } {
  const [x, y] = a.replace(/^.*!/, '').split(':');
  // Des lignes entières (« 10:12 »), comme Excel les accepte.
  if (/^\$?\d+$/.test(x) && /^\$?\d+$/.test(y ?? '')) return { l1: Number(x.replace('$', '')) - 1, c1: 0, l2: Number(y.replace('$', '')) - 1, c2: 16383 };
  const d = decoder(x);
  const f = decoder(y ?? x);
  return { l1: d.l, c1: d.c, l2: f.l, c2: f.c };
}

/** Taille d'un lot au-delà de laquelle Excel sur le web refuse la requête. */
export const LIMITE_REQUETE_OCTETS = 5 * 1024 * 1024;

/** Ce qu'une écriture ajoute à la requête envoyée à Excel (valeur sérialisée et enveloppe de l'appel). */
const taille = (v: unknown) => 60 + (JSON.stringify(v) ?? '').length;

/**
 * Objet qui accepte toute écriture de propriété et tout appel de méthode, à toute profondeur (format, pageLayout…) ;
 * chaque écriture est notée au journal à la sync() suivante.
 */
function enregistreur(noter: (entree: [string, unknown]) => void, chemin: string): Record<string, unknown> {
  const proprietes: Record<string, unknown> = {};
  const cible = function () {} as unknown as Record<string, unknown>;
  return new Proxy(cible, {
    get(_t, p: string) {
      if (!(p in proprietes)) proprietes[p] = enregistreur(noter, `${chemin}.${p}`);
      return proprietes[p];
    },
    set(_t, p: string, v) {
      noter([`${chemin}.${p}`, v]);
      proprietes[p] = v;
      return true;
    },
    apply(_t, _this, args) {
      noter([`${chemin}()`, args]);
      // Une méthode comme borders.getItem('EdgeTop') rend un objet dont on écrit les propriétés.
      return enregistreur(noter, `${chemin}(${args.map((a) => JSON.stringify(a)).join(',')})`);
    },
  });
}

export class ExcelFactice {
  syncs = 0;
  feuilles = new Map<string, Map<string, Cellule>>();
  tableaux = new Map<string, { feuille: string; l1: number; c1: number; l2: number; c2: number; style?: string }>();
  noms = new Map<string, string>();
  validations: Array<{ feuille: string; plage: string; rule: unknown }> = [];
  mfc: Array<{ feuille: string; plage: string; formule: string }> = [];
  journal: Array<[string, unknown]> = [];
  fusions: string[] = [];
  graphiques: Array<{ feuille: string; type: string; serie: string; plage: unknown }> = [];
  liaisons = new Map<string, { table: string; ecouteurs: Array<() => unknown> }>();

  /** Simule une modification de données dans un tableau lié : Excel déclenche onDataChanged. */
  async modifierDonnees(table: string): Promise<void> {
    for (const l of this.liaisons.values()) if (l.table === table) for (const f of l.ecouteurs) await f();
  }
  /** Couleurs de fond des cellules (format.fill.color), par « feuille!ligne,colonne » ; suivent copyFrom(…, 'Formats'). */
  fonds = new Map<string, string>();
  /** Formats de nombre écrits, par « feuille!ligne,colonne ». */
  formats = new Map<string, unknown>();
  /** Taille de la plus grosse requête envoyée (octets), pour les mesures. */
  plusGrosLot = 0;
  /** Taille de la plus grosse réponse (valeurs et formules lues en une sync), limitée elle aussi à 5 Mo. */
  plusGrosseReponse = 0;
  octetsLus = 0;
  /** Les opérations en attente de la prochaine sync(), dans l'ordre : écritures et chargements. */
  private lot: Array<() => void> = [];
  private octets = 0;

  private differer(operation: () => void, octets = 60): void {
    this.lot.push(operation);
    this.octets += octets;
  }

  cellule(feuille: string, a: string): Cellule | undefined {
    const { l, c } = decoder(a);
    return this.feuilles.get(feuille)?.get(`${l},${c}`);
  }

  saisir(feuille: string, a: string, valeur: string | number): void {
    const { l, c } = decoder(a);
    this.feuilles.get(feuille)!.set(`${l},${c}`, { valeur });
  }

  contexte(): Excel.RequestContext {
    // Les mandataires imbriqués (Proxy, fonctions) ont besoin du faux Excel lui-même.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const excel = this;
    const differer = (f: () => void, octets?: number) => excel.differer(f, octets);
    const noter = (entree: [string, unknown]) => differer(() => excel.journal.push(entree), taille(entree[1]));
    const feuilleExistante = (nom: string) => {
      const f = excel.feuilles.get(nom);
      if (!f) throw new Error(`ItemNotFound: feuille ${nom}`);
      return f;
    };
    const CHARGEABLES = ['values', 'formulas', 'rowIndex', 'columnIndex', 'rowCount', 'items', 'name', 'isNullObject'];
    // Un tableau « de l'établissement » ajouté au faux Excel est une simple plage nommée dans excel.tableaux.
    const charge = <T extends object>(obj: T, remplir: () => Record<string, unknown>): T => {
      let valeurs: Record<string, unknown> | undefined;
      // Comme Office : seules les propriétés demandées à load() sont lisibles, et seules elles pèsent dans la réponse.
      const demandees = new Set<string>();
      const proxy: T = new Proxy(obj, {
        get(t, p: string) {
          if (p === 'load') {
            return (props?: string | string[]) => {
              const liste = props === undefined ? CHARGEABLES : (Array.isArray(props) ? props : props.split(',')).map((x) => x.trim().split('/')[0]);
              differer(() => {
                valeurs = remplir();
                for (const x of liste) demandees.add(x);
                for (const x of liste) if (x === 'values' || x === 'formulas') excel.octetsLus += JSON.stringify(valeurs[x] ?? null).length;
              });
              return proxy;
            };
          }
          if (CHARGEABLES.includes(p)) {
            if (!valeurs || (!demandees.has(p) && p !== 'isNullObject')) throw new Error(`PropertyNotLoaded: ${p} lu avant load('${p}') et sync()`);
            return valeurs[p];
          }
          return (t as Record<string, unknown>)[p];
        },
      });
      return proxy;
    };

    const range = (feuille: string, r: { l1: number; c1: number; l2: number; c2: number }): Excel.Range => {
      const lire = () => {
        const cells = feuilleExistante(feuille);
        const values: unknown[][] = [];
        const formulas: unknown[][] = [];
        for (let l = r.l1; l <= r.l2; l++) {
          values.push([]);
          formulas.push([]);
          for (let c = r.c1; c <= r.c2; c++) {
            const x = cells.get(`${l},${c}`);
            values[values.length - 1].push(x?.valeur ?? (x?.formule ? 0 : ''));
            formulas[formulas.length - 1].push(x?.formule ?? x?.valeur ?? '');
          }
        }
        return { values, formulas, rowCount: r.l2 - r.l1 + 1 };
      };
      const adresseTexte = `${feuille}!${r.l1},${r.c1}:${r.l2},${r.c2}`;
      // Comme Excel : un tableau 2D doit avoir exactement les dimensions de la plage (InvalidArgument sinon).
      const memesDimensions = (v: unknown[][]) => {
        if (v.length !== r.l2 - r.l1 + 1 || v.some((ligne) => ligne.length !== r.c2 - r.c1 + 1)) {
          throw new Error(`InvalidArgument: The number of rows or columns in the input array doesn't match the size or dimensions of the range (${adresseTexte}).`);
        }
      };
      const chaqueCellule = (f: (cle: string, l: number, c: number) => void) => {
        for (let l = r.l1; l <= r.l2; l++) for (let c = r.c1; c <= r.c2; c++) f(`${feuille}!${l},${c}`, l, c);
      };
      const noterFormat = (entree: [string, unknown]) => {
        noter(entree);
        if (entree[0] === `${adresseTexte}.format.fill.color`) differer(() => chaqueCellule((cle) => excel.fonds.set(cle, String(entree[1]))));
      };
      const obj = {
        format: enregistreur(noterFormat, `${adresseTexte}.format`),
        getEntireColumn: () => enregistreur(noter, `${adresseTexte}.colonneEntiere`),
        copyFrom(source: Excel.Range, type: string) {
          const s = source as unknown as { _feuille: string; _r: { l1: number; c1: number } };
          if (type !== 'Formats') throw new Error(`copyFrom ${type} non simulé`);
          differer(() => {
            feuilleExistante(feuille);
            feuilleExistante(s._feuille);
            const copie = new Map<string, string | undefined>();
            chaqueCellule((cle, l, c) => copie.set(cle, excel.fonds.get(`${s._feuille}!${s._r.l1 + l - r.l1},${s._r.c1 + c - r.c1}`)));
            for (const [cle, fond] of copie) {
              if (fond === undefined) excel.fonds.delete(cle);
              else excel.fonds.set(cle, fond);
            }
          });
        },
        set formulas(v: unknown[][]) {
          const copie = v.map((ligne) => [...ligne]);
          differer(() => {
            memesDimensions(copie);
            const cells = feuilleExistante(feuille);
            copie.forEach((ligne, i) =>
              ligne.forEach((x, j) => {
                const cle = `${r.l1 + i},${r.c1 + j}`;
                if (x === '' || x === null) cells.delete(cle);
                else cells.set(cle, typeof x === 'string' && x.startsWith('=') ? { formule: x } : { valeur: x as string | number });
              }),
            );
          }, taille(copie));
        },
        set numberFormat(v: unknown) {
          differer(() => {
            if (Array.isArray(v)) memesDimensions(v as unknown[][]);
            feuilleExistante(feuille);
            excel.journal.push([`${adresseTexte}.numberFormat`, v]);
            for (let l = r.l1; l <= r.l2; l++) {
              for (let c = r.c1; c <= r.c2; c++) excel.formats.set(`${feuille}!${l},${c}`, Array.isArray(v) ? (v as unknown[][])[l - r.l1]?.[c - r.c1] : v);
            }
          }, taille(v));
        },
        merge() {
          differer(() => excel.fusions.push(`${feuille}!${r.l1},${r.c1}:${r.l2},${r.c2}`));
        },
        unmerge() {
          differer(() => {});
        },
        clear(applyTo?: string) {
          differer(() => {
            const cells = feuilleExistante(feuille);
            for (let l = r.l1; l <= r.l2; l++) for (let c = r.c1; c <= r.c2; c++) cells.delete(`${l},${c}`);
            if (applyTo !== 'Contents') chaqueCellule((cle) => excel.fonds.delete(cle));
          });
        },
        select() {
          differer(() => feuilleExistante(feuille));
        },
        dataValidation: {
          clear() {
            differer(() => {});
          },
          set rule(rule: unknown) {
            differer(() => excel.validations.push({ feuille, plage: `${r.l1},${r.c1}:${r.l2},${r.c2}`, rule }), taille(rule));
          },
          errorAlert: enregistreur(noter, `${adresseTexte}.dataValidation.errorAlert`),
          set prompt(p: unknown) {
            noter([`${adresseTexte}.dataValidation.prompt`, p]);
          },
        },
        conditionalFormats: {
          clearAll() {
            differer(() => {
              // Comme Office : toute mise en forme qui touche la plage est retirée.
              excel.mfc = excel.mfc.filter((m) => {
                if (m.feuille !== feuille) return true;
                const [a, b] = m.plage.split(':').map((x) => x.split(',').map(Number));
                return a[0] > r.l2 || b[0] < r.l1 || a[1] > r.c2 || b[1] < r.c1;
              });
            });
          },
          add() {
            const cf = { custom: { rule: { formula: '' }, format: enregistreur(noter, 'mfc') }, dataBar: enregistreur(noter, 'barre') };
            const m = { feuille, plage: `${r.l1},${r.c1}:${r.l2},${r.c2}`, get formule() { return cf.custom.rule.formula; } };
            differer(() => excel.mfc.push(m), 200);
            return cf;
          },
        },
        _feuille: feuille,
        _r: r,
      };
      return charge(obj as unknown as Excel.Range, () => ({ ...lire(), rowIndex: r.l1, columnIndex: r.c1 }));
    };

    const worksheet = (nom: string): Excel.Worksheet =>
      ({
        name: nom,
        getRange: (a?: string) => range(nom, a ? plage(a) : { l1: 0, c1: 0, l2: 999, c2: 49 }),
        getRangeByIndexes: (l: number, c: number, h: number, w: number) => range(nom, { l1: l, c1: c, l2: l + h - 1, c2: c + w - 1 }),
        tables: {
          add(r: Excel.Range) {
            const rr = (r as unknown as { _r: { l1: number; c1: number; l2: number; c2: number } })._r;
            const t = { feuille: nom, ...rr } as { feuille: string; l1: number; c1: number; l2: number; c2: number; style?: string };
            const table = {
              set name(n: string) {
                differer(() => {
                  feuilleExistante(nom);
                  if (excel.tableaux.has(n)) throw new Error(`ItemAlreadyExists: tableau ${n}`);
                  excel.tableaux.set(n, t);
                });
              },
              set style(s: string) {
                differer(() => {
                  t.style = s;
                });
              },
              showBandedRows: true,
            };
            return table;
          },
        },
        pageLayout: enregistreur(noter, `${nom}.pageLayout`),
        horizontalPageBreaks: enregistreur(noter, `${nom}.horizontalPageBreaks`),
        protection: enregistreur(noter, `${nom}.protection`),
        charts: {
          add: (type: string, r: Excel.Range, serie: string) => {
            const x = r as unknown as { _r: { l1: number; c1: number; l2: number; c2: number } };
            differer(() => excel.graphiques.push({ feuille: nom, type, serie, plage: x._r }));
            return enregistreur(noter, `${nom}.graphique`);
          },
        },
        delete() {
          differer(() => {
            feuilleExistante(nom);
            excel.feuilles.delete(nom);
            for (const cle of [...excel.fonds.keys()]) if (cle.startsWith(`${nom}!`)) excel.fonds.delete(cle);
            for (const [n, t] of excel.tableaux) if (t.feuille === nom) excel.tableaux.delete(n);
            excel.graphiques = excel.graphiques.filter((g) => g.feuille !== nom);
          });
        },
        activate() {
          differer(() => feuilleExistante(nom));
        },
        set tabColor(c: string) {
          noter([`${nom}.tabColor`, c]);
        },
      }) as unknown as Excel.Worksheet;

    const tableObjet = (nom: string) => {
      const t = excel.tableaux.get(nom);
      const obj = {
        worksheet: charge({} as Excel.Worksheet, () => ({ name: t?.feuille ?? '' })),
        getRange: () => (t ? range(t.feuille, t) : charge({} as Excel.Range, () => ({ values: [], formulas: [], rowIndex: 0, columnIndex: 0 }))),
        getHeaderRowRange: () => {
          if (!t) throw new Error(`ItemNotFound: tableau ${nom}`);
          return range(t.feuille, { ...t, l2: t.l1 });
        },
        getDataBodyRange: () => {
          if (!t) throw new Error(`ItemNotFound: tableau ${nom}`);
          return range(t.feuille, { ...t, l1: t.l1 + 1 });
        },
        columns: {
          // La colonne est cherchée à sync(), par son en-tête, comme Excel.
          getItemOrNullObject: (entete: string) => {
            const indice = () => {
              if (!t) return -1;
              const cells = feuilleExistante(t.feuille);
              for (let c = t.c1; c <= t.c2; c++) if (String(cells.get(`${t.l1},${c}`)?.valeur ?? '').trim() === entete) return c;
              return -1;
            };
            return charge(
              {
                getDataBodyRange: () =>
                  charge({} as Excel.Range, () => {
                    const c = indice();
                    const cells = t ? feuilleExistante(t.feuille) : new Map();
                    const values = c < 0 || !t ? [] : Array.from({ length: t.l2 - t.l1 }, (_, i) => [cells.get(`${t.l1 + 1 + i},${c}`)?.valeur ?? '']);
                    return { values };
                  }),
              } as unknown as Excel.TableColumn,
              () => ({ name: entete, isNullObject: indice() < 0 }),
            );
          },
        },
        convertToRange: () => {
          differer(() => {
            if (!excel.tableaux.delete(nom)) throw new Error(`ItemNotFound: tableau ${nom}`);
          });
          return range(t!.feuille, t!);
        },
      };
      return charge(obj as unknown as Excel.Table, () => ({ name: nom, isNullObject: !t }));
    };

    const workbook = {
      worksheets: charge(
        {
          // Comme dans Office.js, une feuille absente ne se découvre qu'à sync().
          getItem: (n: string) => {
            differer(() => feuilleExistante(n), 0);
            return worksheet(n);
          },
          add: (n: string) => {
            differer(() => {
              if (excel.feuilles.has(n)) throw new Error(`ItemAlreadyExists: feuille ${n}`);
              excel.feuilles.set(n, new Map());
            });
            return worksheet(n);
          },
        } as unknown as Excel.WorksheetCollection,
        () => ({ items: [...excel.feuilles.keys()].map((name) => ({ name })) }),
      ),
      names: charge(
        {
          add: (n: string, r: Excel.Range) => {
            const x = r as unknown as { _feuille: string; _r: { l1: number; c1: number } };
            differer(() => {
              if (excel.noms.has(n)) throw new Error(`ItemAlreadyExists: nom ${n}`);
              excel.noms.set(n, `${x._feuille}!${x._r.l1},${x._r.c1}`);
            });
          },
          getItem: (n: string) => ({ delete: () => differer(() => excel.noms.delete(n)) }),
        } as unknown as Excel.NamedItemCollection,
        () => ({ items: [...excel.noms.keys()].map((name) => ({ name })) }),
      ),
      bindings: charge(
        {
          add: (r: Excel.Range, type: string, id: string) => {
            const x = r as unknown as { _feuille: string; _r: { l1: number; c1: number } };
            const table = [...excel.tableaux.entries()].find(([, t]) => t.feuille === x._feuille && t.l1 === x._r.l1 && t.c1 === x._r.c1)?.[0] ?? '?';
            if (type !== 'Table') throw new Error(`type de liaison inattendu : ${type}`);
            const liaison = { table, ecouteurs: [] as Array<() => unknown> };
            differer(() => excel.liaisons.set(id, liaison));
            return { onDataChanged: { add: (f: () => unknown) => liaison.ecouteurs.push(f) } };
          },
          getItem: (id: string) => ({ delete: () => differer(() => excel.liaisons.delete(id)) }),
        } as unknown as Excel.BindingCollection,
        () => ({ items: [...excel.liaisons.keys()].map((id) => ({ id })) }),
      ),
      tables: charge({ getItemOrNullObject: tableObjet, getItem: tableObjet } as unknown as Excel.TableCollection, () => ({ items: [...excel.tableaux.keys()].map((name) => ({ name })) })),
    };
    return {
      workbook,
      application: { suspendApiCalculationUntilNextSync() {} },
      sync: async () => {
        excel.syncs++;
        const lot = excel.lot;
        const octets = excel.octets;
        excel.lot = [];
        excel.octets = 0;
        excel.plusGrosLot = Math.max(excel.plusGrosLot, octets);
        if (octets > LIMITE_REQUETE_OCTETS) {
          throw new Error(`RequestPayloadSizeLimitExceeded: requête de ${(octets / 1048576).toFixed(1)} Mo (Excel sur le web : 5 Mo au plus)`);
        }
        excel.octetsLus = 0;
        lot.forEach((f) => f());
        excel.plusGrosseReponse = Math.max(excel.plusGrosseReponse, excel.octetsLus);
        if (excel.octetsLus > LIMITE_REQUETE_OCTETS) {
          throw new Error(`ResponsePayloadSizeLimitExceeded: réponse de ${(excel.octetsLus / 1048576).toFixed(1)} Mo (Excel sur le web : 5 Mo au plus)`);
        }
      },
    } as unknown as Excel.RequestContext;
  }
}
