import { listCardTransactions } from '../../domain/card-transactions.js';
import { pageRequest } from '../../domain/pagination.js';
import { presentCardTransaction } from '../../present/card-transaction.js';
import { presentPagination } from '../../present/pagination.js';
import { ok, type HandlerTable } from '../handler.js';

export function cardTransactionRoutes() {
  return {
    listCardTransactions: ({ tenant, domain, params, query }) => {
      const page = pageRequest(query);
      const { cardId, page: result } = listCardTransactions(
        domain,
        tenant,
        params.card_id,
        { states: query.state, transactionAtFrom: query['transaction_at[from]'], transactionAtUntil: query['transaction_at[until]'] },
        page,
      );
      return ok({ card_id: cardId, pagination: presentPagination(result, page), transactions: result.items.map(presentCardTransaction) });
    },
  } satisfies Partial<HandlerTable>;
}
