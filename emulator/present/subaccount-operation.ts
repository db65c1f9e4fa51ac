import type { SubaccountOperationRecord } from '../ports/records.js';
import type { Schemas } from './schemas.js';
import { isoSeconds } from './time.js';

/** A subaccount operation as Mono's SDK shows it: find_successful_by's answer and a ledger transaction's `details`. */
export function presentSubaccountOperation(operation: SubaccountOperationRecord): Schemas['SubaccountOperation'] {
  return {
    id: operation.id,
    amount: operation.amount,
    description: operation.description,
    destination_account_id: operation.destinationAccountId,
    external_id: operation.externalId,
    operation_type: operation.operationType,
    origin_account_id: operation.originAccountId,
    reference: operation.reference,
    state: operation.state,
    state_reasons: [],
  };
}

/** The answer to a top-up or withdrawal, as Mono's example shows it (CERT BalanceController.update). */
export function presentBalanceOperation(operation: SubaccountOperationRecord): Schemas['BalanceOperation'] {
  if (operation.operationType === 'account_to_account') throw new Error(`${operation.id} is a transfer, not a balance operation`);
  return {
    id: operation.id,
    amount: operation.amount,
    operation: operation.operationType,
    external_id: operation.externalId,
    description: operation.description,
    reference: operation.reference,
    metadata: operation.metadata,
  };
}

export function presentLedgerTransfer(operation: SubaccountOperationRecord): Schemas['LedgerTransfer'] {
  if (operation.originAccountId === null || operation.destinationAccountId === null) throw new Error(`${operation.id} is not a transfer`);
  return {
    id: operation.id,
    external_id: operation.externalId,
    payer_account_id: operation.originAccountId,
    receiving_account_id: operation.destinationAccountId,
    amount: operation.amount,
    source_amount: operation.amount,
    target_amount: operation.targetAmount,
    fx_rate: operation.fxRate,
    description: operation.description,
    reference: operation.reference,
    state: operation.state,
    inserted_at: isoSeconds(operation.insertedAt),
  };
}
