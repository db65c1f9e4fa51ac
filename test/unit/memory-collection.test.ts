import { describe, expect, it } from 'vitest';
import type { Collection } from '../../emulator/ports/stores.js';
import { MemoryCollection, MemoryKeyedCollection } from '../../emulator/store/memory-collection.js';

interface Item {
  id: string;
  kind: 'a' | 'b';
  at: number;
  name: string | null;
}

const TENANT = 'ten_A';
const item = (n: number, at: number, kind: Item['kind'] = 'a', name: string | null = `Item ${n}`): Item => ({ id: `it_${n}`, kind, at, name });
const ids = (items: readonly Item[]) => items.map((i) => i.id);

/** The behaviour every Collection adapter must have: the port's query, whatever stores the items. */
function describeCollection(adapter: string, make: () => Collection<Item>) {
  const filled = (...items: Item[]) => {
    const store = make();
    for (const i of items) store.put(TENANT, i);
    return store;
  };

  describe(`${adapter}.query`, () => {
    it(`${adapter}: insertion order by default, newest first on request; a replaced item keeps its place`, () => {
      const store = filled(item(1, 30), item(2, 10), item(3, 20));
      store.put(TENANT, { ...item(1, 30), name: 'renamed' });
      expect(ids(store.query(TENANT).items)).toEqual(['it_1', 'it_2', 'it_3']);
      expect(ids(store.query(TENANT, { order: 'newest' }).items)).toEqual(['it_3', 'it_2', 'it_1']);
    });

    it(`${adapter}: within keeps items whose field lies inside inclusive bounds; an absent bound does not limit`, () => {
      const store = filled(item(1, 10), item(2, 20), item(3, 30), item(4, 40));
      expect(ids(store.query(TENANT, { within: { at: { from: 20, until: 30 } } }).items)).toEqual(['it_2', 'it_3']);
      expect(ids(store.query(TENANT, { within: { at: { from: 30 } } }).items)).toEqual(['it_3', 'it_4']);
      expect(ids(store.query(TENANT, { within: { at: { until: 10 } } }).items)).toEqual(['it_1']);
      expect(ids(store.query(TENANT, { within: { at: undefined } }).items)).toHaveLength(4);
    });

    it(`${adapter}: contains matches part of a text field ignoring case; a null field contains nothing`, () => {
      const store = filled(item(1, 1, 'a', 'Subcuenta tarjetas'), item(2, 2, 'a', 'Ahorro'), item(3, 3, 'a', null));
      expect(ids(store.query(TENANT, { contains: { name: 'CUENTA' } }).items)).toEqual(['it_1']);
      expect(ids(store.query(TENANT, { contains: { name: 'o' } }).items)).toEqual(['it_2']);
    });

    it(`${adapter}: sort orders by a field; equal values keep insertion order ascending and reverse it descending`, () => {
      const store = filled(item(1, 20), item(2, 10), item(3, 20), item(4, 30));
      expect(ids(store.query(TENANT, { sort: { field: 'at', direction: 'asc' } }).items)).toEqual(['it_2', 'it_1', 'it_3', 'it_4']);
      expect(ids(store.query(TENANT, { sort: { field: 'at', direction: 'desc' } }).items)).toEqual(['it_4', 'it_3', 'it_1', 'it_2']);
    });

    it(`${adapter}: filters combine, then the page is cut from the sorted matches with the total of all matches`, () => {
      const store = filled(...Array.from({ length: 25 }, (_, n) => item(n, n % 5, n % 2 === 0 ? 'a' : 'b')));
      const query = { where: { kind: 'a' as const }, within: { at: { from: 1 } }, sort: { field: 'at' as const, direction: 'desc' as const } };
      const all = store.query(TENANT, query).items;
      expect(all.every((i) => i.kind === 'a' && i.at >= 1)).toBe(true);
      expect(all.map((i) => i.at)).toEqual([...all.map((i) => i.at)].sort((x, y) => y - x));
      const second = store.query(TENANT, query, { pageNumber: 2, pageSize: 3 });
      expect(second.totalItems).toBe(all.length);
      expect(ids(second.items)).toEqual(ids(all.slice(3, 6)));
    });

    it(`${adapter}: tenants never see each other's items`, () => {
      const store = filled(item(1, 1));
      store.put('ten_B', item(2, 2));
      expect(ids(store.query(TENANT).items)).toEqual(['it_1']);
      expect(ids(store.query('ten_B').items)).toEqual(['it_2']);
    });
  });
}

describeCollection('MemoryCollection', () => new MemoryCollection<Item>());
describeCollection('MemoryKeyedCollection', () => new MemoryKeyedCollection<Item>((i) => `${i.kind}-${i.id}`));
describeCollection('MemoryCollection with { share: true }', () => new MemoryCollection<Item>({ share: true }));
describeCollection('MemoryKeyedCollection with { share: true }', () => new MemoryKeyedCollection<Item>((i) => `${i.kind}-${i.id}`, { share: true }));

interface Person {
  id: string;
  name: string;
  document: { type: string; number: string };
  tags: string[];
  score: number;
}

describe('MemoryCollection with { share: true }', () => {
  const person = (id: string, name = 'Ada'): Person => ({ id, name, document: { type: 'CC', number: '1023711432' }, tags: ['fixture'], score: 1 });

  it('shared collection: records equal but for their id come back each with its own id, equal to what was put', () => {
    const store = new MemoryCollection<Person>({ share: true });
    const people = [person('p_1'), person('p_2'), person('p_3', 'Grace')];
    for (const p of people) store.put(TENANT, p);
    expect(people.map((p) => store.get(TENANT, p.id))).toEqual(people);
    expect(store.query(TENANT, { where: { name: 'Ada' } }).items).toEqual(people.slice(0, 2));
  });

  it('shared collection: changing what was put, nested objects and arrays included, changes nothing stored', () => {
    const store = new MemoryCollection<Person>({ share: true });
    const put = person('p_1');
    store.put(TENANT, put);
    store.put(TENANT, person('p_2'));
    put.name = 'Changed';
    put.document.number = '0';
    put.tags.push('changed');
    expect(store.get(TENANT, 'p_1')).toEqual(person('p_1'));
    expect(store.get(TENANT, 'p_2')).toEqual(person('p_2'));
  });

  it('shared collection: each get hands out its own record, so setting a field of one leaves the store as it was', () => {
    const store = new MemoryCollection<Person>({ share: true });
    store.put(TENANT, person('p_1'));
    store.put(TENANT, person('p_2'));
    const got = store.get(TENANT, 'p_1')!;
    got.name = 'Changed';
    got.id = 'p_9';
    expect(store.get(TENANT, 'p_1')).toEqual(person('p_1'));
    expect(store.get(TENANT, 'p_2')).toEqual(person('p_2'));
  });

  it('shared collection: values JSON cannot tell apart (NaN and null, Infinity) are kept as they were put', () => {
    const store = new MemoryCollection<Person>({ share: true });
    store.put(TENANT, { ...person('p_1'), score: Number.NaN });
    store.put(TENANT, { ...person('p_2'), score: null as unknown as number });
    store.put(TENANT, { ...person('p_3'), score: Number.POSITIVE_INFINITY });
    expect(store.get(TENANT, 'p_1')!.score).toBeNaN();
    expect(store.get(TENANT, 'p_2')!.score).toBeNull();
    expect(store.get(TENANT, 'p_3')!.score).toBe(Number.POSITIVE_INFINITY);
  });
});
