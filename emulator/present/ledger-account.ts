import type { LedgerAccountRecord } from '../ports/records.js';
import type { Schemas } from './schemas.js';
import { isoSeconds } from './time.js';

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
    state_reason: account.stateReason,
    state_reason_detail: account.stateReasonDetail,
    type: account.type,
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
