import { LOOK_TOKEN_TTL_MS, assertLookable, issueLookToken } from '../../domain/card-look.js';
import { createBankingCard, createLedgerCard, getCard, listCards, updateCard } from '../../domain/cards.js';
import { pageRequest } from '../../domain/pagination.js';
import { created, ok, type HandlerTable } from '../handler.js';
import { presentCard } from '../present/card.js';
import { presentPagination } from '../present/pagination.js';
import type { RouteDeps } from '../route-deps.js';

export function cardRoutes({ domain, lookSecret }: RouteDeps) {
  return {
    createBankingCard: async ({ tenant, body }) => created(presentCard(domain.stores, tenant, await createBankingCard(domain, tenant, body))),
    createLedgerCard: async ({ tenant, body }) => created(presentCard(domain.stores, tenant, await createLedgerCard(domain, tenant, body))),
    listCards: ({ tenant, query }) => {
      const page = pageRequest(query);
      const result = listCards(domain, tenant, { states: query.state, types: query.type, accountIds: query.account_id }, page);
      return ok({
        cards: result.items.map((card) => presentCard(domain.stores, tenant, card)),
        pagination: presentPagination(result, page),
      });
    },
    getCard: ({ tenant, params }) => ok(presentCard(domain.stores, tenant, getCard(domain, tenant, params.card_id))),
    updateCard: ({ tenant, params, body }) => ok(presentCard(domain.stores, tenant, updateCard(domain, tenant, params.card_id, body))),
    getCardLook: ({ tenant, params, origin }) => {
      const card = getCard(domain, tenant, params.card_id);
      assertLookable(card);
      const token = issueLookToken(lookSecret, tenant.id, card.id, domain.clock.now() + LOOK_TOKEN_TTL_MS);
      return ok({ card_id: card.id, url: `${origin}/_emulator/card-look/${card.id}?token=${encodeURIComponent(token)}` });
    },
  } satisfies Partial<HandlerTable>;
}
