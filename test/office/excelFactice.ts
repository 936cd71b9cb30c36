/**
 * Un faux Excel qui enregistre : les cellules, tableaux, noms, validations et MFC écrits,
 * et surtout le nombre de context.sync(). Une propriété chargée ne se lit qu'après sync(),
 * comme dans le vrai Office.js (sinon PropertyNotLoaded).
 */
type Cellule = { formule?: string; valeur?: string | number | boolean };

function decoder(a: string): { l: number; c: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a);
  if (!m) throw new Error(`adresse ${a}`);
  return { c: m[1].split('').reduce((n, x) => n * 26 + x.charCodeAt(0) - 64, 0) - 1, l: Number(m[2]) - 1 };
}

function plage(a: string): { l1: number; c1: number; l2: number; c2: number } {
  const [x, y] = a.replace(/^.*!/, '').split(':');
  const d = decoder(x);
  const f = decoder(y ?? x);
  return { l1: d.l, c1: d.c, l2: f.l, c2: f.c };
}

/** Objet qui accepte toute écriture de propriété et tout appel de méthode, à toute profondeur (format, pageLayout…). */
function enregistreur(journal: Array<[string, unknown]>, chemin: string): Record<string, unknown> {
  const proprietes: Record<string, unknown> = {};
  const cible = function () {} as unknown as Record<string, unknown>;
  return new Proxy(cible, {
    get(_t, p: string) {
      if (!(p in proprietes)) proprietes[p] = enregistreur(journal, `${chemin}.${p}`);
      return proprietes[p];
    },
    set(_t, p: string, v) {
      journal.push([`${chemin}.${p}`, v]);
      proprietes[p] = v;
      return true;
    },
    apply(_t, _this, args) {
      journal.push([`${chemin}()`, args]);
      return undefined;
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
  private aCharger: Array<() => void> = [];

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
    const CHARGEABLES = ['values', 'formulas', 'rowIndex', 'columnIndex', 'items', 'name', 'isNullObject'];
    // Un tableau « de l'établissement » ajouté au faux Excel est une simple plage nommée dans excel.tableaux.
    const charge = <T extends object>(obj: T, remplir: () => Record<string, unknown>): T => {
      let valeurs: Record<string, unknown> | undefined;
      const proxy: T = new Proxy(obj, {
        get(t, p: string) {
          if (p === 'load') {
            return () => {
              excel.aCharger.push(() => {
                valeurs = remplir();
              });
              return proxy;
            };
          }
          if (CHARGEABLES.includes(p)) {
            if (!valeurs) throw new Error(`PropertyNotLoaded: ${p} lu avant load() et sync()`);
            return valeurs[p];
          }
          return (t as Record<string, unknown>)[p];
        },
      });
      return proxy;
    };

    const range = (feuille: string, r: { l1: number; c1: number; l2: number; c2: number }): Excel.Range => {
      const lire = () => {
        const cells = excel.feuilles.get(feuille)!;
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
        return { values, formulas };
      };
      const adresseTexte = `${feuille}!${r.l1},${r.c1}:${r.l2},${r.c2}`;
      const obj = {
        format: enregistreur(excel.journal, `${adresseTexte}.format`),
        set formulas(v: unknown[][]) {
          const cells = excel.feuilles.get(feuille)!;
          v.forEach((ligne, i) =>
            ligne.forEach((x, j) => {
              const cle = `${r.l1 + i},${r.c1 + j}`;
              if (x === '' || x === null) cells.delete(cle);
              else cells.set(cle, typeof x === 'string' && x.startsWith('=') ? { formule: x } : { valeur: x as string | number });
            }),
          );
        },
        set numberFormat(v: unknown) {
          excel.journal.push([`${adresseTexte}.numberFormat`, v]);
        },
        merge() {
          excel.fusions.push(`${feuille}!${r.l1},${r.c1}:${r.l2},${r.c2}`);
        },
        unmerge() {},
        clear() {
          const cells = excel.feuilles.get(feuille)!;
          for (let l = r.l1; l <= r.l2; l++) for (let c = r.c1; c <= r.c2; c++) cells.delete(`${l},${c}`);
        },
        select() {},
        dataValidation: {
          clear() {},
          set rule(rule: unknown) {
            excel.validations.push({ feuille, plage: `${r.l1},${r.c1}:${r.l2},${r.c2}`, rule });
          },
          errorAlert: {},
        },
        conditionalFormats: {
          clearAll() {
            excel.mfc = excel.mfc.filter((m) => !(m.feuille === feuille && m.plage === `${r.l1},${r.c1}:${r.l2},${r.c2}`));
          },
          add() {
            const cf = { custom: { rule: { formula: '' }, format: enregistreur(excel.journal, 'mfc') }, dataBar: enregistreur(excel.journal, 'barre') };
            const m = { feuille, plage: `${r.l1},${r.c1}:${r.l2},${r.c2}`, get formule() { return cf.custom.rule.formula; } };
            excel.mfc.push(m);
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
                excel.tableaux.set(n, t);
              },
              set style(s: string) {
                t.style = s;
              },
              showBandedRows: true,
            };
            return table;
          },
        },
        pageLayout: enregistreur(excel.journal, `${nom}.pageLayout`),
        charts: {
          add: (type: string, r: Excel.Range, serie: string) => {
            const x = r as unknown as { _r: { l1: number; c1: number; l2: number; c2: number } };
            excel.graphiques.push({ feuille: nom, type, serie, plage: x._r });
            return enregistreur(excel.journal, `${nom}.graphique`);
          },
        },
        delete() {
          excel.feuilles.delete(nom);
          for (const [n, t] of excel.tableaux) if (t.feuille === nom) excel.tableaux.delete(n);
          excel.graphiques = excel.graphiques.filter((g) => g.feuille !== nom);
        },
        activate() {},
        set tabColor(c: string) {
          excel.journal.push([`${nom}.tabColor`, c]);
        },
      }) as unknown as Excel.Worksheet;

    const tableObjet = (nom: string) => {
      const t = excel.tableaux.get(nom);
      const obj = {
        worksheet: charge({} as Excel.Worksheet, () => ({ name: t?.feuille ?? '' })),
        getRange: () => (t ? range(t.feuille, t) : charge({} as Excel.Range, () => ({ values: [], formulas: [], rowIndex: 0, columnIndex: 0 }))),
        convertToRange: () => {
          excel.tableaux.delete(nom);
          return range(t!.feuille, t!);
        },
      };
      return charge(obj as unknown as Excel.Table, () => ({ name: nom, isNullObject: !t }));
    };

    const workbook = {
      worksheets: charge(
        {
          getItem: (n: string) => {
            if (!excel.feuilles.has(n)) throw new Error(`ItemNotFound: feuille ${n}`);
            return worksheet(n);
          },
          add: (n: string) => {
            if (excel.feuilles.has(n)) throw new Error(`ItemAlreadyExists: feuille ${n}`);
            excel.feuilles.set(n, new Map());
            return worksheet(n);
          },
        } as unknown as Excel.WorksheetCollection,
        () => ({ items: [...excel.feuilles.keys()].map((name) => ({ name })) }),
      ),
      names: charge(
        {
          add: (n: string, r: Excel.Range) => {
            if (excel.noms.has(n)) throw new Error(`ItemAlreadyExists: nom ${n}`);
            const x = r as unknown as { _feuille: string; _r: { l1: number; c1: number } };
            excel.noms.set(n, `${x._feuille}!${x._r.l1},${x._r.c1}`);
          },
          getItem: (n: string) => ({ delete: () => excel.noms.delete(n) }),
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
            excel.liaisons.set(id, liaison);
            return { onDataChanged: { add: (f: () => unknown) => liaison.ecouteurs.push(f) } };
          },
          getItem: (id: string) => ({ delete: () => excel.liaisons.delete(id) }),
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
        const a = excel.aCharger;
        excel.aCharger = [];
        a.forEach((f) => f());
      },
    } as unknown as Excel.RequestContext;
  }
}
