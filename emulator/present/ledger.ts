import type { AccountHolderRecord, LedgerAccountRecord, LedgerTransactionRecord } from '../ports/records.js';
import type { TenantConfigView } from '../ports/views.js';
import type { Schemas } from './schemas.js';
import { isoSeconds } from './time.js';

export function presentAccountHolder(holder: AccountHolderRecord): Schemas['AccountHolder'] {
  const { insertedAt, updatedAt, ...fields } = holder;
  return { ...fields, inserted_at: isoSeconds(insertedAt), updated_at: isoSeconds(updatedAt) };
}

export function presentLedgerAccount(account: LedgerAccountRecord): Schemas['LedgerAccount'] {
  return {
    id: account.id,
    holder_id: account.holderId,
    currency_code: account.currency,
    name: account.name,
    metadata: account.metadata,
    program_id: account.programId,
    provider: 'mono_ledger',
    state: account.state,
    state_reason: null,
    state_reason_detail: null,
    type: 'subaccount',
    inserted_at: isoSeconds(account.insertedAt),
    updated_at: isoSeconds(account.updatedAt),
  };
}

export function presentLedgerBalances(account: LedgerAccountRecord): Schemas['LedgerBalances'] {
  return {
    available: { amount: account.available, currency: account.currency },
    pending: { amount: account.pending, currency: account.currency },
  };
}

export function presentBalanceOperation(tx: LedgerTransactionRecord): Schemas['BalanceOperation'] {
  return {
    id: tx.id,
    account_id: tx.accountId,
    amount: tx.amount,
    operation: tx.operation,
    external_id: tx.externalId,
    description: tx.description,
    reference: tx.reference,
    metadata: tx.metadata,
    transaction_at: isoSeconds(tx.transactionAt),
  };
}

/** The tenant config in the shape of Mono's SDK. */
export function presentTenantConfig({ tenant, groups }: TenantConfigView): Schemas['TenantConfig'] {
  return {
    supported_currencies: tenant.currencies,
    self_account_holder_id: tenant.selfAccountHolderId,
    card_configuration_groups: groups.map((g) => ({ id: g.id, card_type: g.type, country_code: g.countryCode as Schemas['CountryCode'], name: g.name })),
  };
}
