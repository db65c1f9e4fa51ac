import { pageRequest } from '../../domain/pagination.js';
import { applyPrepaidOperation, listPrepaidOperations, prepaidBalance } from '../../domain/prepaid-cards.js';
import { presentPagination } from '../../present/pagination.js';
import { presentPrepaidOperation } from '../../present/prepaid.js';
import { ok, type HandlerTable } from '../handler.js';

export function prepaidCardRoutes() {
  return {
    // Mono answers both successes with an empty body; a repeat under a known entity_id moved nothing.
    applyPrepaidCardOperation: ({ tenant, domain, params, body }) => ({
      status: applyPrepaidOperation(domain, tenant, params.card_id, body) === 'applied' ? 201 : 200,
    }),
    listPrepaidCardOperations: ({ tenant, domain, params, query }) => {
      const page = pageRequest(query);
      const { card, page: result } = listPrepaidOperations(
        domain,
        tenant,
        params.card_id,
        { from: query['performed_at[from]'], until: query['performed_at[until]'] },
        page,
      );
      return ok({ card_id: card.id, pagination: presentPagination(result, page), balance_operations: result.items.map(presentPrepaidOperation) });
    },
    getPrepaidCardBalance: ({ tenant, domain, params }) => {
      const { card, balance } = prepaidBalance(domain, tenant, params.card_id);
      return ok({ balance, card_id: card.id });
    },
  } satisfies Partial<HandlerTable>;
}
