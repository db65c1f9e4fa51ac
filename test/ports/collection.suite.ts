import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bounds, Collection, ListQuery, NumericField, Page, PageRequest, TextField, Where } from '../../emulator/ports/stores.js';
import { prop } from '../support/property.js';

/** The values the suite gives each field a query may filter on. */
export type FieldValues<T> = { [K in keyof T]?: readonly T[K][] };

export interface CollectionFixture<T extends { id: string }, C extends Collection<T> = Collection<T>> {
  /** A new, empty collection. */
  make(): C;
  /** Two fields or more, each with two values or more. */
  fields: FieldValues<T>;
  /** A field holding numbers (a time), for `within` and `sort`; left out when T has none. */
  numeric?: NumericField<T>;
  /** A field holding text, for `contains`; `nullable` when it may hold null. */
  text?: { field: TextField<T>; nullable: boolean };
  /** An item with this id and these field values; its other fields are the fixture's to choose. */
  item(id: string, values: Partial<T>): T;
}

export const TENANT_A = 'ten_A';
export const TENANT_B = 'ten_B';
export const page = (pageNumber: number, pageSize: number): PageRequest => ({ pageNumber, pageSize });
export const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);

/** What the suite knows of a fixture's fields, typed loosely: the suite only reads and compares values. */
export interface Field<T> {
  name: keyof T & string;
  values: readonly unknown[];
}

export function fieldsOf<T extends { id: string }>(fixture: Pick<CollectionFixture<T>, 'fields'>): Field<T>[] {
  const fields = Object.entries(fixture.fields).map(([name, values]) => ({ name: name as keyof T & string, values: values as readonly unknown[] }));
  if (fields.length < 2 || fields.some((field) => field.values.length < 2)) throw new Error('a collection fixture needs two fields or more, each with two values or more');
  return fields;
}

/** Field values as an item's or a query's: `{ [field.name]: value }`. */
export const valuesOf = <T>(entries: readonly (readonly [Field<T>, unknown])[]) =>
  Object.fromEntries(entries.map(([field, value]) => [field.name, value])) as Partial<T>;

/** A change of one field, for a field the suite does not filter on with `where`. */
export const setting = <T>(name: keyof T, value: unknown): readonly [Field<T>, unknown] => [{ name: name as keyof T & string, values: [] }, value];

/** Every item's id unique across the suite, shaped like Mono's. */
let serial = 0;
export const nextId = () => `itm_${String(++serial).padStart(22, '0')}`;

/**
 * The behaviour every Collection must have, whatever keeps the items: the memory collections
 * now, a durable store later (issue 13). Comparisons are by value: a store may keep a copy.
 */
export function describeCollection<T extends { id: string }>(name: string, fixture: CollectionFixture<T>): void {
  const fields = fieldsOf(fixture);
  const [first, second] = fields as [Field<T>, Field<T>];
  /** Every field at its `n`th value, `changes` aside. */
  const valuesAt = (n: number, changes: readonly (readonly [Field<T>, unknown])[] = []) =>
    valuesOf([...fields.map((field) => [field, field.values[n]] as const), ...changes]);
  /** A new item whose every field takes its `n`th value. */
  const item = (n = 0) => fixture.item(nextId(), valuesAt(n));
  /** A new item whose `field` takes its `n`th value, the others their first. */
  const itemWith = (field: Field<T>, n: number) => fixture.item(nextId(), valuesAt(0, [[field, field.values[n]]]));
  const where = (entries: readonly (readonly [Field<T>, unknown])[]): ListQuery<T> => ({ where: valuesOf(entries) as Where<T> });
  const storeWith = (items: readonly T[], tenantId = TENANT_A) => {
    const store = fixture.make();
    for (const it of items) store.put(tenantId, it);
    return store;
  };

  describe(`${name}: the Collection port`, () => {
    it('collection: an item put comes back by its id, in its tenant only', () => {
      const one = item();
      const store = storeWith([one]);
      expect(store.get(TENANT_A, one.id)).toEqual(one);
      expect(store.get(TENANT_B, one.id)).toBeUndefined();
      expect(store.get(TENANT_A, nextId())).toBeUndefined();
      expect(store.query(TENANT_B)).toEqual({ items: [], totalItems: 0 });
    });

    it('collection: tenants never mix, not even with equal ids', () => {
      const store = fixture.make();
      const a = item(0);
      const b = item(0);
      const sameIdInB = fixture.item(a.id, valuesAt(1));
      store.put(TENANT_A, a);
      store.put(TENANT_B, b);
      store.put(TENANT_B, sameIdInB);

      expect(store.query(TENANT_A, {}, page(1, 10))).toEqual({ items: [a], totalItems: 1 });
      expect(store.query(TENANT_B, { order: 'newest' }, page(1, 10))).toEqual({ items: [sameIdInB, b], totalItems: 2 });
      expect(store.get(TENANT_A, a.id)).toEqual(a);
      expect(store.get(TENANT_A, b.id)).toBeUndefined();
      expect(store.query('ten_nobody', {}, page(1, 10))).toEqual({ items: [], totalItems: 0 });

      store.delete(TENANT_B, a.id);
      expect(store.get(TENANT_A, a.id)).toEqual(a);
      expect(store.query(TENANT_A, where([[first, [first.values[0]]]]), page(1, 10)).totalItems).toBe(1);
    });

    it('collection: items are listed in insertion order, oldest first unless the newest are asked for first', () => {
      const items = Array.from({ length: 6 }, (_, n) => item(n % 2));
      const store = storeWith(items);
      expect(ids(store.query(TENANT_A).items)).toEqual(ids(items));
      expect(ids(store.query(TENANT_A, { order: 'oldest' }).items)).toEqual(ids(items));
      expect(ids(store.query(TENANT_A, { order: 'newest' }).items)).toEqual(ids([...items].reverse()));
    });

    it('collection: a replaced item keeps its place and the total; get gives the new version', () => {
      const [one, two, three] = [item(0), item(0), item(0)];
      const store = storeWith([one, two, three]);
      const changed = fixture.item(two.id, valuesAt(0, [[first, first.values[1]]]));
      store.put(TENANT_A, changed);

      expect(store.get(TENANT_A, two.id)).toEqual(changed);
      expect(store.query(TENANT_A)).toEqual({ items: [one, changed, three], totalItems: 3 });
      expect(store.query(TENANT_A, { order: 'newest' })).toEqual({ items: [three, changed, one], totalItems: 3 });
      // The replaced version no longer matches what the old one did, and the new one matches what it should.
      expect(store.query(TENANT_A, where([[first, first.values[0]]]))).toEqual({ items: [one, three], totalItems: 2 });
      expect(store.query(TENANT_A, where([[first, first.values[1]]]))).toEqual({ items: [changed], totalItems: 1 });
    });

    it('collection: a deleted item leaves get, the lists and the totals; deleting it again, or in another tenant, finds nothing', () => {
      const kept = item();
      const gone = item();
      const store = storeWith([kept, gone]);
      expect(store.delete(TENANT_B, gone.id)).toBe(false);
      expect(store.delete(TENANT_A, gone.id)).toBe(true);
      expect(store.get(TENANT_A, gone.id)).toBeUndefined();
      expect(store.query(TENANT_A, {}, page(1, 10))).toEqual({ items: [kept], totalItems: 1 });
      expect(store.query(TENANT_A, where([[first, first.values[0]]]))).toEqual({ items: [kept], totalItems: 1 });
      expect(store.delete(TENANT_A, gone.id)).toBe(false);
      expect(store.delete(TENANT_A, nextId())).toBe(false);
    });

    it('collection: an item put again after its delete is a new item: it comes last', () => {
      const [one, two, three] = [item(), item(), item()];
      const store = storeWith([one, two, three]);
      store.delete(TENANT_A, one.id);
      store.put(TENANT_A, one);
      expect(store.query(TENANT_A)).toEqual({ items: [two, three, one], totalItems: 3 });
    });

    it('collection: where with a value keeps the items whose field equals it', () => {
      const items = [itemWith(first, 0), itemWith(first, 1), itemWith(first, 0), itemWith(second, 1)];
      const store = storeWith(items);
      expect(store.query(TENANT_A, where([[first, first.values[0]]]))).toEqual({ items: [items[0], items[2], items[3]], totalItems: 3 });
      expect(store.query(TENANT_A, where([[first, first.values[1]]]))).toEqual({ items: [items[1]], totalItems: 1 });
      expect(store.query(TENANT_A, where([[second, second.values[1]]]))).toEqual({ items: [items[3]], totalItems: 1 });
    });

    it('collection: where with an array keeps the items whose field is any of its values; an empty array keeps none', () => {
      const items = first.values.map((_, n) => itemWith(first, n));
      const store = storeWith(items);
      const firstTwo = [first.values[0], first.values[1]];
      expect(store.query(TENANT_A, where([[first, firstTwo]]))).toEqual({ items: items.slice(0, 2), totalItems: 2 });
      expect(store.query(TENANT_A, where([[first, [...firstTwo].reverse()]]), page(1, 10))).toEqual({ items: items.slice(0, 2), totalItems: 2 });
      expect(store.query(TENANT_A, where([[first, [first.values[1]]]]))).toEqual({ items: [items[1]], totalItems: 1 });
      expect(store.query(TENANT_A, where([[first, first.values]]))).toEqual({ items, totalItems: items.length });
      expect(store.query(TENANT_A, where([[first, []]]), page(1, 10))).toEqual({ items: [], totalItems: 0 });
    });

    it('collection: where with undefined for a field does not filter on it', () => {
      const items = [item(0), item(1), item(0)];
      const store = storeWith(items);
      const everything = { items, totalItems: 3 };
      expect(store.query(TENANT_A, where([[first, undefined]]))).toEqual(everything);
      expect(store.query(TENANT_A, where(fields.map((field) => [field, undefined] as const)), page(1, 10))).toEqual(everything);
      expect(store.query(TENANT_A, { where: {} })).toEqual(everything);
      expect(store.query(TENANT_A, where([[first, undefined], [second, second.values[1]]]))).toEqual({ items: [items[1]], totalItems: 1 });
    });

    it('collection: where on two fields keeps the items that match both', () => {
      const both = fixture.item(nextId(), valuesAt(0, [[first, first.values[1]], [second, second.values[1]]]));
      const items = [itemWith(first, 1), both, itemWith(second, 1), item(0)];
      const store = storeWith(items);
      expect(store.query(TENANT_A, where([[first, first.values[1]], [second, [second.values[1]]]]))).toEqual({ items: [both], totalItems: 1 });
      expect(store.query(TENANT_A, where([[first, [first.values[0], first.values[1]]], [second, second.values[1]]]))).toEqual({ items: [both, items[2]], totalItems: 2 });
    });

    it('collection: the total counts every match, while items hold only the page', () => {
      const result = storeWith(Array.from({ length: 25 }, () => item())).query(TENANT_A, {}, page(1, 10));
      expect(result.totalItems).toBe(25);
      expect(result.items).toHaveLength(10);
    });

    it('collection: pages follow the order asked for, newest first across pages', () => {
      const items = Array.from({ length: 12 }, () => item());
      const store = storeWith(items);
      const newestFirst = ids([...items].reverse());
      const newest = (request: PageRequest) => ids(store.query(TENANT_A, { order: 'newest' }, request).items);
      expect(newest(page(1, 5))).toEqual(newestFirst.slice(0, 5));
      expect(newest(page(2, 5))).toEqual(newestFirst.slice(5, 10));
      expect(newest(page(3, 5))).toEqual(newestFirst.slice(10, 12));
      expect(ids(store.query(TENANT_A, {}, page(2, 5)).items)).toEqual(ids(items.slice(5, 10)));
    });

    it('collection: a page past the end is empty and still carries the total', () => {
      const store = storeWith(Array.from({ length: 7 }, () => item(0)));
      expect(store.query(TENANT_A, {}, page(2, 7))).toEqual({ items: [], totalItems: 7 });
      expect(store.query(TENANT_A, { order: 'newest' }, page(1000, 10))).toEqual({ items: [], totalItems: 7 });
      expect(store.query(TENANT_A, where([[first, first.values[1]]]), page(1, 10))).toEqual({ items: [], totalItems: 0 });
    });

    const { numeric, text } = fixture;
    if (numeric) {
      /** A new item (every filter field at its first value) whose numeric field holds `at`. */
      const at = (value: number) => fixture.item(nextId(), valuesAt(0, [setting(numeric, value)]));

      it('collection: within keeps the items whose field lies inside inclusive bounds; an absent bound does not limit', () => {
        const items = [at(10), at(20), at(30), at(40)];
        const store = storeWith(items);
        const within = (bounds: Bounds | undefined) => ids(store.query(TENANT_A, { within: { [numeric]: bounds } as ListQuery<T>['within'] }).items);
        expect(within({ from: 20, until: 30 })).toEqual(ids(items.slice(1, 3)));
        expect(within({ from: 30 })).toEqual(ids(items.slice(2)));
        expect(within({ until: 10 })).toEqual(ids(items.slice(0, 1)));
        expect(within(undefined)).toHaveLength(4);
        expect(within({})).toHaveLength(4);
      });

      it('collection: sort orders by a field; equal values keep insertion order ascending and reverse it descending', () => {
        const items = [at(20), at(10), at(20), at(30)];
        const store = storeWith(items);
        const [i1, i2, i3, i4] = ids(items);
        const sorted = (direction: 'asc' | 'desc', order?: 'newest') =>
          ids(store.query(TENANT_A, { sort: { field: numeric, direction }, ...(order ? { order } : {}) }).items);
        expect(sorted('asc')).toEqual([i2, i1, i3, i4]);
        expect(sorted('desc')).toEqual([i4, i3, i1, i2]);
        // A sort replaces the insertion order, whichever was asked.
        expect(sorted('asc', 'newest')).toEqual([i2, i1, i3, i4]);
      });

      it('collection: filters combine, then the page is cut from the sorted matches with the total of all matches', () => {
        const items = Array.from({ length: 25 }, (_, n) => fixture.item(nextId(), valuesAt(0, [[first, first.values[n % 2]], setting(numeric, n % 5)])));
        const store = storeWith(items);
        const query = { where: valuesOf([[first, first.values[0]]]), within: { [numeric]: { from: 1 } }, sort: { field: numeric, direction: 'desc' } } as ListQuery<T>;
        const all = store.query(TENANT_A, query).items;
        const value = (item: T) => item[numeric] as number;
        expect(all.length).toBeGreaterThan(0);
        expect(all.every((item) => item[first.name] === first.values[0] && value(item) >= 1)).toBe(true);
        expect(all.map(value)).toEqual([...all.map(value)].sort((x, y) => y - x));
        const second = store.query(TENANT_A, query, page(2, 3));
        expect(second.totalItems).toBe(all.length);
        expect(ids(second.items)).toEqual(ids(all.slice(3, 6)));
      });
    }

    if (text) {
      /** A new item (every filter field at its first value) whose text field holds `value`. */
      const saying = (value: string | null) => fixture.item(nextId(), valuesAt(0, [setting(text.field, value)]));

      it('collection: contains matches part of a text field, ignoring case; a null field contains nothing', () => {
        const items = [saying('Subcuenta tarjetas'), saying('Ahorro'), ...(text.nullable ? [saying(null)] : [])];
        const store = storeWith(items);
        const containing = (needle: string | undefined) => ids(store.query(TENANT_A, { contains: { [text.field]: needle } as ListQuery<T>['contains'] }).items);
        expect(containing('CUENTA')).toEqual([items[0]!.id]);
        expect(containing('o')).toEqual([items[1]!.id]);
        expect(containing('nothing like it')).toEqual([]);
        expect(containing(undefined)).toEqual(ids(items));
        expect(containing('')).toEqual(ids(items.slice(0, 2)));
      });
    }

    it("collection: clear() forgets every tenant's items, and the collection takes new ones after", () => {
      const store = fixture.make();
      const [a, b] = [item(), item()];
      store.put(TENANT_A, a);
      store.put(TENANT_B, b);
      store.clear();
      expect(store.get(TENANT_A, a.id)).toBeUndefined();
      expect(store.query(TENANT_A)).toEqual({ items: [], totalItems: 0 });
      expect(store.query(TENANT_B, {}, page(1, 10))).toEqual({ items: [], totalItems: 0 });
      expect(store.delete(TENANT_B, b.id)).toBe(false);
      store.put(TENANT_A, b);
      expect(store.query(TENANT_A, where([[first, first.values[0]]]))).toEqual({ items: [b], totalItems: 1 });
    });

    it("collection: forgetTenant() forgets one tenant's items, lists and totals, and no other tenant's; the tenant takes new ones after", () => {
      const store = fixture.make();
      const [a, b] = [item(0), item(0)];
      const sameIdInB = fixture.item(a.id, valuesAt(1));
      store.put(TENANT_A, a);
      store.put(TENANT_B, b);
      store.put(TENANT_B, sameIdInB);
      store.forgetTenant(TENANT_A);
      expect(store.get(TENANT_A, a.id)).toBeUndefined();
      expect(store.query(TENANT_A, {}, page(1, 10))).toEqual({ items: [], totalItems: 0 });
      expect(store.query(TENANT_A, where([[first, first.values[0]]]))).toEqual({ items: [], totalItems: 0 });
      expect(store.delete(TENANT_A, a.id)).toBe(false);
      expect(store.query(TENANT_B, {}, page(1, 10))).toEqual({ items: [b, sameIdInB], totalItems: 2 });
      expect(store.get(TENANT_B, a.id)).toEqual(sameIdInB);
      store.forgetTenant('ten_nobody');
      store.put(TENANT_A, a);
      expect(store.query(TENANT_A, where([[first, first.values[0]]]))).toEqual({ items: [a], totalItems: 1 });
    });

    describeCollectionModel(fixture, fields);
  });
}

// ---- model-based property -------------------------------------------------------------------

/** What a put or a replacement gives an item: an index into each filter field's values, a number, an index into TEXTS. */
interface Values {
  fields: number[];
  number: number;
  text: number;
}

type Op =
  | { kind: 'put'; tenant: number; values: Values }
  | { kind: 'replace'; tenant: number; pick: number; values: Values }
  | { kind: 'delete'; tenant: number; pick: number }
  | { kind: 'putBack'; tenant: number; pick: number }
  | { kind: 'forget'; tenant: number };

/** A query's filter on one field: left out, undefined, one value or alternatives (by index into the field's values). */
type Filter = { kind: 'absent' } | { kind: 'undefined' } | { kind: 'value'; at: number } | { kind: 'any'; at: number[] };

/** What the model's items say in the text field (null only where the field allows it), and what queries look for. */
const TEXTS = ['Viajes Europa', 'viajes nacionales', 'Mercado', 'VIAJES', 'Ahorro', null];
const NEEDLES = ['viajes', 'VIA', 'o', 'mercado', 'ES N', '', 'zz'];
/** Numbers from a small range, so that sorts meet ties and bounds fall on values. */
const NUMBERS = 6;

/** Per tenant: what it holds, in the order the items were first put; the items deleted from it (or forgotten with it); the versions replaced. */
export interface Model<T> {
  live: T[][];
  deleted: T[][];
  replaced: T[][];
}

/**
 * Random puts, replacements, deletes, puts-back and forgotten tenants (a tenant's reset) over
 * two tenants, then query() must equal the naive answer over a plain list: filter (where, within,
 * contains), order or sort, slice.
 * Runs from the suite's fixed seed (test/support/fast-check-seed.ts). `check` lets a keyed suite
 * compare more of the state.
 */
export function describeCollectionModel<T extends { id: string }, C extends Collection<T>>(
  fixture: CollectionFixture<T, C>,
  fields: Field<T>[],
  check: (store: C, model: Model<T>) => void = () => {},
): void {
  const { numeric, text } = fixture;
  const texts = TEXTS.filter((value) => value !== null || text?.nullable);
  const tenantIndex = fc.integer({ min: 0, max: 1 });
  const valuesArb: fc.Arbitrary<Values> = fc.record({
    fields: fc.tuple(...fields.map((field) => fc.nat({ max: field.values.length - 1 }))),
    number: fc.nat({ max: NUMBERS - 1 }),
    text: fc.nat({ max: texts.length - 1 }),
  });
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    { weight: 12, arbitrary: fc.record({ kind: fc.constant('put' as const), tenant: tenantIndex, values: valuesArb }) },
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('replace' as const), tenant: tenantIndex, pick: fc.nat(), values: valuesArb }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), tenant: tenantIndex, pick: fc.nat() }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('putBack' as const), tenant: tenantIndex, pick: fc.nat() }) },
    // Rare, as a tenant's reset is: a run forgets a tenant two or three times and still has items to query.
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('forget' as const), tenant: tenantIndex }) },
  );
  const filterArb = (field: Field<T>): fc.Arbitrary<Filter> =>
    fc.oneof(
      fc.constant({ kind: 'absent' as const }),
      fc.constant({ kind: 'undefined' as const }),
      fc.record({ kind: fc.constant('value' as const), at: fc.nat({ max: field.values.length - 1 }) }),
      fc.record({ kind: fc.constant('any' as const), at: fc.subarray(field.values.map((_, n) => n)) }),
    );
  const bound = fc.option(fc.integer({ min: -1, max: NUMBERS }), { nil: undefined });
  const queryArb = fc.record({
    tenant: tenantIndex,
    filters: fc.tuple(...fields.map(filterArb)),
    order: fc.constantFrom(undefined, 'oldest' as const, 'newest' as const),
    within: numeric ? fc.option(fc.record({ from: bound, until: bound }), { nil: undefined }) : fc.constant(undefined),
    contains: text ? fc.option(fc.constantFrom(...NEEDLES), { nil: undefined }) : fc.constant(undefined),
    sort: numeric ? fc.constantFrom(undefined, 'asc' as const, 'desc' as const) : fc.constant(undefined),
    page: fc.option(fc.record({ pageNumber: fc.integer({ min: 1, max: 6 }), pageSize: fc.integer({ min: 1, max: 8 }) }), { nil: undefined }),
  });

  const itemWith = (id: string, values: Values) =>
    fixture.item(
      id,
      valuesOf([
        ...fields.map((field, n) => [field, field.values[values.fields[n]!]] as const),
        ...(numeric ? [setting<T>(numeric, values.number)] : []),
        ...(text ? [setting<T>(text.field, texts[values.text])] : []),
      ]),
    );

  prop([fc.array(opArb, { maxLength: 80 }), fc.array(queryArb, { minLength: 1, maxLength: 10 })], { numRuns: 300 })(
    'collection: for random puts, replacements, deletes, puts-back and forgotten tenants over two tenants, query() equals filter + order + slice over a plain list',
    (ops, queries) => {
      const store = fixture.make();
      const tenants = [TENANT_A, TENANT_B];
      const model: Model<T> = { live: [[], []], deleted: [[], []], replaced: [[], []] };
      const everyId: string[] = [];
      for (const op of ops) {
        const tenantId = tenants[op.tenant]!;
        const live = model.live[op.tenant]!;
        const deleted = model.deleted[op.tenant]!;
        if (op.kind === 'put') {
          const fresh = itemWith(nextId(), op.values);
          everyId.push(fresh.id);
          live.push(fresh);
          store.put(tenantId, fresh);
        } else if (op.kind === 'replace' && live.length > 0) {
          const at = op.pick % live.length;
          model.replaced[op.tenant]!.push(live[at]!);
          live[at] = itemWith(live[at]!.id, op.values);
          store.put(tenantId, live[at]!);
        } else if (op.kind === 'delete' && everyId.length > 0) {
          // Any id ever used: this tenant's (found), the other tenant's or a deleted one (not found).
          const id = everyId[op.pick % everyId.length]!;
          const at = live.findIndex((it) => it.id === id);
          expect(store.delete(tenantId, id)).toBe(at >= 0);
          if (at >= 0) deleted.push(...live.splice(at, 1));
        } else if (op.kind === 'putBack' && deleted.length > 0) {
          const [back] = deleted.splice(op.pick % deleted.length, 1);
          live.push(back!);
          store.put(tenantId, back!);
        } else if (op.kind === 'forget') {
          // What the tenant held can come back only as new items (putBack).
          deleted.push(...live.splice(0));
          store.forgetTenant(tenantId);
        }
      }

      for (const { tenant, filters, order, within, contains, sort, page: request } of queries) {
        const query: ListQuery<T> = { where: whereOf(fields, filters) };
        if (order) query.order = order;
        if (numeric && within) query.within = { [numeric]: within } as ListQuery<T>['within'];
        if (text && contains !== undefined) query.contains = { [text.field]: contains } as ListQuery<T>['contains'];
        if (numeric && sort) query.sort = { field: numeric, direction: sort };

        const number = (item: T) => (numeric ? (item[numeric] as number) : 0);
        const inBounds = (item: T) => !within || ((within.from === undefined || number(item) >= within.from) && (within.until === undefined || number(item) <= within.until));
        const holdsNeedle = (item: T) => {
          if (!text || contains === undefined) return true;
          const value = item[text.field] as string | null;
          return value !== null && value.toLowerCase().includes(contains.toLowerCase());
        };
        const matching = model.live[tenant]!
          .map((item, inserted) => ({ item, inserted }))
          .filter(({ item }) => fields.every((field, n) => admits(field, filters[n]!, item[field.name])) && inBounds(item) && holdsNeedle(item));
        if (sort === 'asc') matching.sort((a, b) => number(a.item) - number(b.item) || a.inserted - b.inserted);
        else if (sort === 'desc') matching.sort((a, b) => number(b.item) - number(a.item) || b.inserted - a.inserted);
        else if (order === 'newest') matching.reverse();
        const items = matching.map(({ item }) => item);
        let expected: Page<T> = { items, totalItems: items.length };
        if (request) {
          const start = (request.pageNumber - 1) * request.pageSize;
          expected = { items: items.slice(start, start + request.pageSize), totalItems: items.length };
        }
        expect(store.query(tenants[tenant]!, query, request)).toEqual(expected);
      }
      for (const [tenant, tenantId] of tenants.entries()) {
        for (const id of everyId) expect(store.get(tenantId, id)).toEqual(model.live[tenant]!.find((it) => it.id === id));
      }
      check(store, model);
    },
  );
}

function whereOf<T>(fields: Field<T>[], filters: Filter[]): Where<T> {
  const where: Record<string, unknown> = {};
  fields.forEach((field, n) => {
    const filter = filters[n]!;
    if (filter.kind === 'undefined') where[field.name] = undefined;
    if (filter.kind === 'value') where[field.name] = field.values[filter.at];
    if (filter.kind === 'any') where[field.name] = filter.at.map((at) => field.values[at]);
  });
  return where as Where<T>;
}

/** The model's own reading of a filter, written apart from any store's. */
function admits<T>(field: Field<T>, filter: Filter, value: unknown): boolean {
  if (filter.kind === 'value') return value === field.values[filter.at];
  if (filter.kind === 'any') return filter.at.some((at) => field.values[at] === value);
  return true;
}
