import { getLedgerTransaction, listLedgerTransactions } from '../../domain/ledger-transactions.js';
import { pageRequest } from '../../domain/pagination.js';
import { presentLedgerTransaction } from '../../present/ledger-transaction.js';
import { presentPagination } from '../../present/pagination.js';
import { ok, type HandlerTable } from '../handler.js';

export function ledgerTransactionRoutes() {
  return {
    listLedgerTransactions: ({ tenant, domain, params, query }) => {
      const page = pageRequest(query);
      const result = listLedgerTransactions(
        domain,
        tenant,
        params.account_id,
        {
          excludeReversed: query.exclude_reversed,
          operationTypes: query.operation_type,
          origins: query.origin,
          transactionAtFrom: query['transaction_at[from]'],
          transactionAtUntil: query['transaction_at[until]'],
          sortField: query['sort[field]'],
          sortType: query['sort[type]'],
        },
        page,
      );
      return ok({ transactions: result.items.map(presentLedgerTransaction), pagination: presentPagination(result, page) });
    },
    getLedgerTransaction: ({ tenant, domain, params }) =>
      ok(presentLedgerTransaction(getLedgerTransaction(domain, tenant, params.account_id, params.transaction_id))),
  } satisfies Partial<HandlerTable>;
}
