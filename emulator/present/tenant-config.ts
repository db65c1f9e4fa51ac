import type { TenantConfigView } from '../ports/views.js';
import type { Schemas } from './schemas.js';

/** The tenant config in the shape of Mono's SDK. */
export function presentTenantConfig({ tenant, groups }: TenantConfigView): Schemas['TenantConfig'] {
  return {
    supported_currencies: tenant.currencies,
    self_account_holder_id: tenant.selfAccountHolderId,
    card_configuration_groups: groups.map((g) => ({ id: g.id, card_type: g.type, country_code: g.countryCode as Schemas['CountryCode'], name: g.name })),
  };
}
