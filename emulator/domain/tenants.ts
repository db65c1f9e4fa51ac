import type { Tenant } from '../ports/records.js';
import type { TenantConfigView } from '../ports/views.js';
import type { DomainContext } from './context.js';

/** The tenant an API key opens (§3: every key is one tenant), if any. */
export function tenantByApiKey(ctx: DomainContext, apiKey: string): Tenant | undefined {
  return ctx.stores.tenants.byApiKey(apiKey);
}

export function tenantById(ctx: DomainContext, id: string): Tenant | undefined {
  return ctx.stores.tenants.byId(id);
}

/** §14: the tenant's currencies, default program and card configuration groups. */
export function tenantConfig(ctx: DomainContext, tenant: Tenant): TenantConfigView {
  return { tenant, groups: ctx.stores.configurationGroups.query(tenant.id).items };
}
