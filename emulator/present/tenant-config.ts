import type { TenantConfigView } from '../ports/views.js';
import type { Schemas } from './schemas.js';

export function presentTenantConfig({ tenant, groups }: TenantConfigView): Schemas['TenantConfig'] {
  return {
    currencies: tenant.currencies,
    default_program_id: tenant.defaultProgramId,
    configuration_groups: groups.map((g) => ({ id: g.id, name: g.name, type: g.type, default: g.default, funding: g.funding })),
  };
}
