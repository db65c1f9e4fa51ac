import { createLedgerTransfer } from '../../domain/ledger-transfers.js';
import { applyBalanceOperation, findSuccessfulSubaccountOperation } from '../../domain/subaccount-operations.js';
import { presentBalanceOperation, presentLedgerTransfer, presentSubaccountOperation } from '../../present/subaccount-operation.js';
import { created, ok, type HandlerTable } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

/** Top-ups, withdrawals and transfers between sub-accounts: Mono's subaccount operations. */
export function subaccountOperationRoutes({ domain }: RouteDeps) {
  return {
    applyLedgerBalanceOperation: ({ tenant, params, body }) =>
      created(presentBalanceOperation(applyBalanceOperation(domain, tenant, params.account_id, body))),
    createLedgerTransfer: ({ tenant, body }) => created(presentLedgerTransfer(createLedgerTransfer(domain, tenant, body))),
    findSuccessfulSubaccountOperation: ({ tenant, query }) =>
      ok(presentSubaccountOperation(findSuccessfulSubaccountOperation(domain, tenant, query.external_id))),
  } satisfies Partial<HandlerTable>;
}
