import { describe, expect, it } from 'vitest';
import type { KeyedCollection } from '../../emulator/ports/stores.js';
import { describeCollection, describeCollectionModel, fieldsOf, nextId, TENANT_A, TENANT_B, type CollectionFixture } from './collection.suite.js';

type KeysOf<T, V> = { [K in keyof T]: T[K] extends V ? K : never }[keyof T] & string;

export interface KeyedCollectionFixture<T extends { id: string }> extends CollectionFixture<T, KeyedCollection<T>> {
  /** The field holding the key. An item made without one gets a key of its own, unique to its id. */
  key: KeysOf<T, string>;
}

/** The Collection suite, then what the secondary key adds: lookups that follow every replacement and delete. */
export function describeKeyedCollection<T extends { id: string }>(name: string, fixture: KeyedCollectionFixture<T>): void {
  describeCollection(name, fixture);

  const keyed = (key: string, values: Partial<T> = {}, id = nextId()) => fixture.item(id, { ...values, [fixture.key]: key });
  const keyOf = (item: T) => item[fixture.key] as string;
  let serial = 0;
  const newKey = () => `key-${++serial}`;

  describe(`${name}: the KeyedCollection port`, () => {
    it('keyed collection: an item is found by its key, in its tenant only; the same key in another tenant finds that tenant\'s item', () => {
      const store = fixture.make();
      const key = newKey();
      const a = keyed(key);
      store.put(TENANT_A, a);
      expect(store.getByKey(TENANT_A, key)).toEqual(a);
      expect(store.getByKey(TENANT_B, key)).toBeUndefined();
      expect(store.getByKey(TENANT_A, newKey())).toBeUndefined();

      const b = keyed(key);
      store.put(TENANT_B, b);
      expect(store.getByKey(TENANT_B, key)).toEqual(b);
      expect(store.getByKey(TENANT_A, key)).toEqual(a);
    });

    it('keyed collection: a replacement that changes the key moves the lookup; the old key finds nothing', () => {
      const store = fixture.make();
      const [before, after] = [newKey(), newKey()];
      const first = keyed(before);
      store.put(TENANT_A, first);
      const changed = keyed(after, {}, first.id);
      store.put(TENANT_A, changed);
      expect(store.getByKey(TENANT_A, before)).toBeUndefined();
      expect(store.getByKey(TENANT_A, after)).toEqual(changed);
    });

    it('keyed collection: a replacement that keeps the key is found under it in its new version', () => {
      const store = fixture.make();
      const [field] = fieldsOf(fixture);
      const key = newKey();
      const first = keyed(key);
      store.put(TENANT_A, first);
      const changed = keyed(key, { [field!.name]: field!.values[1] } as Partial<T>, first.id);
      store.put(TENANT_A, changed);
      expect(store.getByKey(TENANT_A, key)).toEqual(changed);
      expect(store.get(TENANT_A, first.id)).toEqual(changed);
    });

    it('keyed collection: a deleted item is no longer found by its key; a delete in another tenant leaves it', () => {
      const store = fixture.make();
      const key = newKey();
      const a = keyed(key);
      const b = keyed(key, {}, a.id);
      store.put(TENANT_A, a);
      store.put(TENANT_B, b);
      store.delete(TENANT_B, a.id);
      expect(store.getByKey(TENANT_B, key)).toBeUndefined();
      expect(store.getByKey(TENANT_A, key)).toEqual(a);
      store.delete(TENANT_A, a.id);
      expect(store.getByKey(TENANT_A, key)).toBeUndefined();
      // The same id put again under another key: the old key still finds nothing.
      const other = newKey();
      store.put(TENANT_A, keyed(other, {}, a.id));
      expect(store.getByKey(TENANT_A, key)).toBeUndefined();
      expect(store.getByKey(TENANT_A, other)?.id).toBe(a.id);
    });

    it('keyed collection: clear() forgets the keys, and a key serves a new item after', () => {
      const store = fixture.make();
      const [key, other] = [newKey(), newKey()];
      const first = keyed(key);
      store.put(TENANT_A, first);
      store.clear();
      expect(store.getByKey(TENANT_A, key)).toBeUndefined();
      // The same id after the clear, under another key: the forgotten key finds nothing.
      store.put(TENANT_A, keyed(other, {}, first.id));
      expect(store.getByKey(TENANT_A, key)).toBeUndefined();
      const again = keyed(key);
      store.put(TENANT_A, again);
      expect(store.getByKey(TENANT_A, key)).toEqual(again);
    });

    it("keyed collection: forgetTenant() forgets that tenant's keys and no other tenant's; a forgotten key serves a new item after", () => {
      const store = fixture.make();
      const [key, other] = [newKey(), newKey()];
      const [a, b] = [keyed(key), keyed(key)];
      store.put(TENANT_A, a);
      store.put(TENANT_B, b);
      store.forgetTenant(TENANT_A);
      expect(store.getByKey(TENANT_A, key)).toBeUndefined();
      expect(store.getByKey(TENANT_B, key)).toEqual(b);
      // The same id seeded again under another key: the forgotten key finds nothing.
      store.put(TENANT_A, keyed(other, {}, a.id));
      expect(store.getByKey(TENANT_A, key)).toBeUndefined();
      const again = keyed(key);
      store.put(TENANT_A, again);
      expect(store.getByKey(TENANT_A, key)).toEqual(again);
    });

    // The model run again with a new key for every version of an item, so replacements move keys.
    const minting = { ...fixture, item: (id: string, values: Partial<T>) => keyed(newKey(), values, id) };
    describeCollectionModel(minting, fieldsOf(fixture), (store, model) => {
      [TENANT_A, TENANT_B].forEach((tenantId, tenant) => {
        const live = model.live[tenant]!;
        for (const item of live) expect(store.getByKey(tenantId, keyOf(item))).toEqual(item);
        const liveKeys = new Set(live.map(keyOf));
        for (const gone of [...model.deleted[tenant]!, ...model.replaced[tenant]!]) {
          if (!liveKeys.has(keyOf(gone))) expect(store.getByKey(tenantId, keyOf(gone))).toBeUndefined();
        }
      });
    });
  });
}
