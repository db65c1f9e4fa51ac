import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../emulator/ports/records.js';
import type { TenantDirectory } from '../../emulator/ports/stores.js';

const tenant = (n: number, values: Partial<Tenant> = {}): Tenant => ({
  id: `ten_${String(n).padStart(22, '0')}`,
  apiKey: `sandbox_key${n}`,
  currencies: ['COP', 'USD'],
  defaultProgramId: 'pro_0000000000000000000001',
  selfAccountHolderId: '',
  ...values,
});

export function describeTenantDirectory(name: string, make: () => TenantDirectory): void {
  describe(`${name}: the TenantDirectory port`, () => {
    it('tenant directory: a tenant is found by its id and by its API key; unknown ones are not', () => {
      const directory = make();
      const one = tenant(1);
      directory.add(one);
      expect(directory.byId(one.id)).toEqual(one);
      expect(directory.byApiKey(one.apiKey)).toEqual(one);
      expect(directory.byId('ten_unknown')).toBeUndefined();
      expect(directory.byApiKey('sandbox_unknown')).toBeUndefined();
      // An id is not a key, nor a key an id.
      expect(directory.byApiKey(one.id)).toBeUndefined();
      expect(directory.byId(one.apiKey)).toBeUndefined();
    });

    it('tenant directory: all() lists every tenant in the order added', () => {
      const directory = make();
      const tenants = [tenant(3), tenant(1), tenant(2)];
      for (const t of tenants) directory.add(t);
      expect(directory.all()).toEqual(tenants);
    });

    it('tenant directory: update() replaces the settings, seen by id, by key and in all(), which keeps its order', () => {
      const directory = make();
      const [one, two] = [tenant(1), tenant(2)];
      directory.add(one);
      directory.add(two);
      // As seeding does: the tenant's own account holder is named once it exists.
      const seeded = { ...one, selfAccountHolderId: 'acch_self000000000000000001' };
      directory.update(seeded);
      expect(directory.byId(one.id)).toEqual(seeded);
      expect(directory.byApiKey(one.apiKey)).toEqual(seeded);
      expect(directory.all()).toEqual([seeded, two]);
    });

    it('tenant directory: count() is how many tenants it holds', () => {
      const directory = make();
      expect(directory.count()).toBe(0);
      directory.add(tenant(1));
      directory.add(tenant(2));
      expect(directory.count()).toBe(2);
      directory.update({ ...tenant(1), selfAccountHolderId: 'acch_self000000000000000001' });
      expect(directory.count()).toBe(2);
    });

    it('tenant directory: forgetTenant() forgets one tenant, by id and by key, and keeps the order of the others', () => {
      const directory = make();
      const tenants = [tenant(1), tenant(2), tenant(3)];
      for (const t of tenants) directory.add(t);
      directory.forgetTenant(tenants[1]!.id);
      expect(directory.byId(tenants[1]!.id)).toBeUndefined();
      expect(directory.byApiKey(tenants[1]!.apiKey)).toBeUndefined();
      expect(directory.all()).toEqual([tenants[0], tenants[2]]);
      expect(directory.count()).toBe(2);
      expect(directory.byApiKey(tenants[2]!.apiKey)).toEqual(tenants[2]);
      directory.forgetTenant('ten_unknown');
      expect(directory.count()).toBe(2);
      // Seeded again (a tenant's reset): found again, and listed as added last.
      directory.add(tenants[1]!);
      expect(directory.byApiKey(tenants[1]!.apiKey)).toEqual(tenants[1]);
      expect(directory.all()).toEqual([tenants[0], tenants[2], tenants[1]]);
    });

    it('tenant directory: clear() forgets every tenant', () => {
      const directory = make();
      const one = tenant(1);
      directory.add(one);
      directory.clear();
      expect(directory.all()).toEqual([]);
      expect(directory.count()).toBe(0);
      expect(directory.byId(one.id)).toBeUndefined();
      expect(directory.byApiKey(one.apiKey)).toBeUndefined();
      directory.add(one);
      expect(directory.all()).toEqual([one]);
    });
  });
}
