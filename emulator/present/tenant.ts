import type { EmulatorComponents } from '../../contracts/index.js';
import type { SeededTenantView } from '../ports/views.js';
import { presentWebhookWithSecret } from './webhook.js';

/** A tenant just made: its key (shown here only) and the seeded ids a test starts from. */
export function presentSeededTenant(view: SeededTenantView): EmulatorComponents['schemas']['SeededTenant'] {
  return {
    id: view.tenant.id,
    api_key: view.tenant.apiKey,
    default_program_id: view.tenant.defaultProgramId,
    bank_account_ids: view.bankAccountIds,
    virtual_configuration_group_id: view.virtualGroupId,
    plastic_configuration_group_id: view.plasticGroupId,
    prepaid_configuration_group_id: view.prepaidGroupId,
    account_holder_id: view.accountHolderId,
    ledger_account_id: view.ledgerAccountId,
    webhook: view.webhook ? presentWebhookWithSecret(view.webhook) : null,
  };
}
