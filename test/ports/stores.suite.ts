import { describe, expect, it } from 'vitest';
import type { Collection, Stores } from '../../emulator/ports/stores.js';
import { accountHolderRecord } from '../support/records.js';

const TENANT = 'ten_A';
const secret = { id: 'car_0000000000000000000001', pan: '4111111111111111', expMonth: 5, expYear: 2030, cvv: '123', tokenReference: 'DNITHE1' };
const tenant = { id: TENANT, apiKey: 'sandbox_key', currencies: ['COP' as const], defaultProgramId: 'pro_1', cardLifecycleEvents: true };
const idempotencyRecord = { tenantId: TENANT, key: 'k', fingerprint: 'f', response: null, expiresAt: Number.POSITIVE_INFINITY };

/** The members of Stores that are not collections; every other member is one. */
const NOT_COLLECTIONS = new Set(['tenants', 'cardSecrets', 'idempotency', 'clear']);

/**
 * Fills every store of a Stores with something. Stores hold no rule, so one stand-in item (an
 * account holder, which also carries the keys the keyed collections index) fits each collection.
 */
function fill(stores: Stores): Collection<{ id: string }>[] {
  const collections = Object.entries(stores)
    .filter(([name]) => !NOT_COLLECTIONS.has(name))
    .map(([, collection]) => collection as Collection<{ id: string }>);
  const standIn = { ...accountHolderRecord('itm_0000000000000000000001'), externalId: 'ext-1', state: 'active', type: 'virtual', accountId: 'acc_1' };
  for (const collection of collections) collection.put(TENANT, standIn);
  stores.tenants.add(tenant);
  stores.cardSecrets.put(TENANT, secret);
  stores.idempotency.put(idempotencyRecord, 0);
  return collections;
}

function expectEmpty(stores: Stores, collections: Collection<{ id: string }>[]): void {
  for (const collection of collections) expect(collection.query(TENANT)).toEqual({ items: [], totalItems: 0 });
  expect(stores.tenants.all()).toEqual([]);
  expect(stores.tenants.byApiKey(tenant.apiKey)).toBeUndefined();
  expect(stores.cardSecrets.get(TENANT, secret.id)).toBeUndefined();
  expect(stores.idempotency.get(TENANT, 'k', 0)).toBeUndefined();
  expect(stores.accountHolders.getByKey(TENANT, 'ext-itm_0000000000000000000001')).toBeUndefined();
  expect(stores.subaccountOperations.getByKey(TENANT, 'ext-1')).toBeUndefined();
}

export function describeStores(name: string, make: () => Stores): void {
  describe(`${name}: the Stores port`, () => {
    it('stores: every member is a store the suite knows (a new one must be added here)', () => {
      const stores = make();
      for (const [member, store] of Object.entries(stores)) {
        if (NOT_COLLECTIONS.has(member)) continue;
        for (const method of ['get', 'put', 'delete', 'query', 'clear']) expect(typeof (store as Record<string, unknown>)[method], `${member}.${method}`).toBe('function');
      }
    });

    it('stores: clear() forgets what every store holds: the reset starts from nothing', () => {
      const stores = make();
      const collections = fill(stores);
      for (const collection of collections) expect(collection.query(TENANT).totalItems).toBe(1);
      expect(stores.accountHolders.getByKey(TENANT, 'ext-itm_0000000000000000000001')).toBeDefined();
      stores.clear();
      expectEmpty(stores, collections);
    });

    it('stores: two Stores share nothing', () => {
      const [one, other] = [make(), make()];
      fill(one);
      const collections = Object.entries(other)
        .filter(([member]) => !NOT_COLLECTIONS.has(member))
        .map(([, collection]) => collection as Collection<{ id: string }>);
      expectEmpty(other, collections);
    });
  });
}
