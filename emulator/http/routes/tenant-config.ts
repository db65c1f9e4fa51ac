import { marketRates } from '../../domain/fx-rates.js';
import { tenantConfig } from '../../domain/tenants.js';
import { presentTenantConfig } from '../../present/tenant-config.js';
import { ok, type HandlerTable } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

/** What a tenant reads about its setup: its configuration, and the market's FX rates. */
export function tenantConfigRoutes({ domain }: RouteDeps) {
  return {
    getTenantConfig: ({ tenant }) => ok(presentTenantConfig(tenantConfig(domain, tenant))),
    getFxRates: ({ query }) => ok(marketRates(domain, query.date)),
  } satisfies Partial<HandlerTable>;
}
