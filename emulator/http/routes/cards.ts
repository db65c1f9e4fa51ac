import { lookUrl } from '../../domain/card-look.js';
import { createBankingCard, createLedgerCard, listCards, showCard, updateCard } from '../../domain/cards.js';
import { pageRequest } from '../../domain/pagination.js';
import { provisionApplePay, provisionGooglePay } from '../../domain/wallets.js';
import { presentCard } from '../../present/card.js';
import { presentPagination } from '../../present/pagination.js';
import { presentApplePay } from '../../present/wallet.js';
import { created, ok, type HandlerTable } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

export function cardRoutes({ domain, lookSecret }: RouteDeps) {
  return {
    createBankingCard: async ({ tenant, body }) => created(presentCard(await createBankingCard(domain, tenant, body))),
    createLedgerCard: async ({ tenant, body }) => created(presentCard(await createLedgerCard(domain, tenant, body))),
    listCards: ({ tenant, query }) => {
      const page = pageRequest(query);
      const result = listCards(domain, tenant, { states: query.state, types: query.type, accountIds: query.account_id }, page);
      return ok({ cards: result.items.map(presentCard), pagination: presentPagination(result, page) });
    },
    getCard: ({ tenant, params }) => ok(presentCard(showCard(domain, tenant, params.card_id))),
    updateCard: ({ tenant, params, body }) => ok(presentCard(updateCard(domain, tenant, params.card_id, body))),
    getCardLook: ({ tenant, params, origin }) => {
      const look = lookUrl(domain, lookSecret, tenant, params.card_id, origin);
      return ok({ card_id: look.cardId, url: look.url });
    },
    provisionApplePay: ({ tenant, params, body }) => ok(presentApplePay(provisionApplePay(domain, tenant, params.card_id, body))),
    provisionGooglePay: ({ tenant, params, body }) => ok(provisionGooglePay(domain, tenant, params.card_id, body)),
  } satisfies Partial<HandlerTable>;
}
