import { marketRates } from '../../domain/fx-rates.js';
import { tenantConfig } from '../../domain/tenants.js';
import { presentTenantConfig } from '../../present/tenant-config.js';
import { ok, type HandlerTable } from '../handler.js';

/** What a tenant reads about its setup: its configuration, and the market's FX rates. */
export function tenantConfigRoutes() {
  return {
    getTenantConfig: ({ tenant, domain }) => ok(presentTenantConfig(tenantConfig(domain, tenant))),
    getFxRates: ({ domain, query }) => ok(marketRates(domain, query.date)),
  } satisfies Partial<HandlerTable>;
}
