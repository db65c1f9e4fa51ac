import { createLedgerTransfer } from '../../domain/ledger-transfers.js';
import { applyBalanceOperation, findSuccessfulSubaccountOperation } from '../../domain/subaccount-operations.js';
import { presentBalanceOperation, presentLedgerTransfer, presentSubaccountOperation } from '../../present/subaccount-operation.js';
import { created, ok, type HandlerTable } from '../handler.js';

/** Top-ups, withdrawals and transfers between sub-accounts: Mono's subaccount operations. */
export function subaccountOperationRoutes() {
  return {
    applyLedgerBalanceOperation: ({ tenant, domain, params, body }) =>
      created(presentBalanceOperation(applyBalanceOperation(domain, tenant, params.account_id, body))),
    createLedgerTransfer: ({ tenant, domain, body }) => created(presentLedgerTransfer(createLedgerTransfer(domain, tenant, body))),
    findSuccessfulSubaccountOperation: ({ tenant, domain, query }) =>
      ok(presentSubaccountOperation(findSuccessfulSubaccountOperation(domain, tenant, query.external_id))),
  } satisfies Partial<HandlerTable>;
}
