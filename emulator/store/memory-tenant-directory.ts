import type { Tenant } from '../ports/records.js';
import type { TenantDirectory } from '../ports/stores.js';

export class MemoryTenantDirectory implements TenantDirectory {
  private readonly byKey = new Map<string, Tenant>();
  private readonly byTenantId = new Map<string, Tenant>();

  add(tenant: Tenant): void {
    this.byKey.set(tenant.apiKey, tenant);
    this.byTenantId.set(tenant.id, tenant);
  }

  update(tenant: Tenant): void {
    this.add(tenant);
  }

  byId(id: string): Tenant | undefined {
    return this.byTenantId.get(id);
  }

  byApiKey(apiKey: string): Tenant | undefined {
    return this.byKey.get(apiKey);
  }

  all(): readonly Tenant[] {
    return [...this.byTenantId.values()];
  }

  count(): number {
    return this.byTenantId.size;
  }

  forgetTenant(tenantId: string): void {
    const tenant = this.byTenantId.get(tenantId);
    if (!tenant) return;
    this.byTenantId.delete(tenantId);
    this.byKey.delete(tenant.apiKey);
  }

  clear(): void {
    this.byKey.clear();
    this.byTenantId.clear();
  }
}
