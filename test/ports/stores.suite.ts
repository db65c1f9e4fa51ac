import { describe, expect, it } from 'vitest';
import type { Collection, Stores } from '../../emulator/ports/stores.js';
import { accountHolderRecord } from '../support/records.js';

const TENANT = 'ten_A';
const OTHER_TENANT = 'ten_B';
const STAND_IN_ID = 'itm_0000000000000000000001';
const secret = { id: 'car_0000000000000000000001', pan: '4111111111111111', expMonth: 5, expYear: 2030, cvv: '123', tokenReference: 'DNITHE1' };
const tenant = (id: string) => ({ id, apiKey: `sandbox_key_${id}`, currencies: ['COP' as const], defaultProgramId: 'pro_1', selfAccountHolderId: 'acch_self' });
const OPERATION = 'POST /v1/cards';
const idempotencyRecord = (tenantId: string) => ({ tenantId, operation: OPERATION, key: 'k', fingerprint: 'f', response: null, expiresAt: Number.POSITIVE_INFINITY });

/** The members of Stores that are not collections; every other member is one. */
const NOT_COLLECTIONS = new Set(['tenants', 'cardSecrets', 'idempotency', 'forgetTenant', 'clear']);

const collectionsOf = (stores: Stores) =>
  Object.entries(stores)
    .filter(([member]) => !NOT_COLLECTIONS.has(member))
    .map(([, collection]) => collection as Collection<{ id: string }>);

/**
 * Fills every store of a Stores with something of one tenant. Stores hold no rule, so one stand-in
 * item (an account holder, which also carries the keys the keyed collections index) fits each collection.
 */
function fill(stores: Stores, tenantId = TENANT): Collection<{ id: string }>[] {
  const collections = collectionsOf(stores);
  const standIn = { ...accountHolderRecord(STAND_IN_ID), externalId: 'ext-1', state: 'active', type: 'virtual', accountId: 'acc_1' };
  for (const collection of collections) collection.put(tenantId, standIn);
  stores.tenants.add(tenant(tenantId));
  stores.cardSecrets.put(tenantId, secret);
  stores.idempotency.put(idempotencyRecord(tenantId), 0);
  return collections;
}

function expectHeld(stores: Stores, tenantId: string): void {
  for (const collection of collectionsOf(stores)) expect(collection.query(tenantId).totalItems).toBe(1);
  expect(stores.tenants.byApiKey(tenant(tenantId).apiKey)).toEqual(tenant(tenantId));
  expect(stores.cardSecrets.get(tenantId, secret.id)).toEqual(secret);
  expect(stores.idempotency.get(tenantId, OPERATION, 'k', 0)).toBeDefined();
  expect(stores.accountHolders.getByKey(tenantId, `ext-${STAND_IN_ID}`)).toBeDefined();
  expect(stores.subaccountOperations.getByKey(tenantId, 'ext-1')).toBeDefined();
}

function expectEmpty(stores: Stores, tenantId = TENANT): void {
  for (const collection of collectionsOf(stores)) expect(collection.query(tenantId)).toEqual({ items: [], totalItems: 0 });
  expect(stores.tenants.byId(tenantId)).toBeUndefined();
  expect(stores.tenants.byApiKey(tenant(tenantId).apiKey)).toBeUndefined();
  expect(stores.cardSecrets.get(tenantId, secret.id)).toBeUndefined();
  expect(stores.idempotency.get(tenantId, OPERATION, 'k', 0)).toBeUndefined();
  expect(stores.accountHolders.getByKey(tenantId, `ext-${STAND_IN_ID}`)).toBeUndefined();
  expect(stores.subaccountOperations.getByKey(tenantId, 'ext-1')).toBeUndefined();
}

export function describeStores(name: string, make: () => Stores): void {
  describe(`${name}: the Stores port`, () => {
    it('stores: every member is a store the suite knows (a new one must be added here)', () => {
      const stores = make();
      for (const [member, store] of Object.entries(stores)) {
        if (NOT_COLLECTIONS.has(member)) continue;
        for (const method of ['get', 'put', 'delete', 'query', 'forgetTenant', 'clear']) expect(typeof (store as Record<string, unknown>)[method], `${member}.${method}`).toBe('function');
      }
    });

    it('stores: clear() forgets what every store holds: the reset starts from nothing', () => {
      const stores = make();
      fill(stores);
      expectHeld(stores, TENANT);
      stores.clear();
      expectEmpty(stores);
      expect(stores.tenants.all()).toEqual([]);
    });

    it("stores: forgetTenant() forgets what every store holds for one tenant (its reset), and no other tenant's", () => {
      const stores = make();
      fill(stores, TENANT);
      fill(stores, OTHER_TENANT);
      stores.forgetTenant(TENANT);
      expectEmpty(stores, TENANT);
      expectHeld(stores, OTHER_TENANT);
      expect(stores.tenants.all()).toEqual([tenant(OTHER_TENANT)]);
      // Seeded again: the tenant holds what it is given, as any tenant would.
      fill(stores, TENANT);
      expectHeld(stores, TENANT);
    });

    it('stores: two Stores share nothing', () => {
      const [one, other] = [make(), make()];
      fill(one);
      expectEmpty(other);
      expect(other.tenants.all()).toEqual([]);
    });
  });
}
