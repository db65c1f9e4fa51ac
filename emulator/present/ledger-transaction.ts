import type { EpochMs } from '../ports/records.js';
import type { LedgerTransactionView } from '../ports/views.js';
import type { Schemas } from './schemas.js';
import { presentCardTransactionDetails } from './card-transaction.js';
import { presentSubaccountOperation } from './subaccount-operation.js';
import { isoMicros, isoSeconds } from './time.js';

type LedgerTransactionEventData = Schemas['LedgerAccountTransactionCreatedEvent']['event']['data'];

/** The fields the API and the webhook share, with the time written as each writes it. */
function ledgerTransactionFields({ transaction, details }: LedgerTransactionView, time: (at: EpochMs) => string) {
  return {
    id: transaction.id,
    operation_type: transaction.operationType,
    origin: transaction.origin,
    id_in_origin: transaction.idInOrigin,
    amount: transaction.amount,
    transaction_at: time(transaction.transactionAt),
    origin_transaction_at: time(transaction.originTransactionAt),
    description: transaction.description,
    reverts_id: transaction.revertsId,
    reverted_by_id: transaction.revertedById,
    details: details === null ? null : 'operation' in details ? presentSubaccountOperation(details.operation) : presentCardTransactionDetails(details.transaction),
  };
}

/** A ledger transaction as GET …/transactions answers it (Mono's SDK): whole-second timestamps, no account id. */
export function presentLedgerTransaction(view: LedgerTransactionView): Schemas['LedgerTransaction'] {
  return ledgerTransactionFields(view, isoSeconds);
}

/** The `data` of `ledger_account_transaction_created`, as Mono's example shows it: the same fields, timestamps in microseconds. */
export function presentLedgerTransactionEvent(view: LedgerTransactionView): LedgerTransactionEventData {
  return ledgerTransactionFields(view, isoMicros);
}
