import { lookUrl } from '../../domain/card-look.js';
import { createBankingCard, createLedgerCard, listCards, showCard, updateCard } from '../../domain/cards.js';
import { pageRequest } from '../../domain/pagination.js';
import { provisionApplePay, provisionGooglePay } from '../../domain/wallets.js';
import { presentCard } from '../../present/card.js';
import { presentPagination } from '../../present/pagination.js';
import { presentApplePay } from '../../present/wallet.js';
import { created, ok, type HandlerTable } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

export function cardRoutes({ lookSecret }: RouteDeps) {
  return {
    createBankingCard: async ({ tenant, domain, body }) => created(presentCard(await createBankingCard(domain, tenant, body))),
    createLedgerCard: async ({ tenant, domain, body }) => created(presentCard(await createLedgerCard(domain, tenant, body))),
    listCards: ({ tenant, domain, query }) => {
      const page = pageRequest(query);
      const result = listCards(domain, tenant, { states: query.state, types: query.type, accountIds: query.account_id }, page);
      return ok({ cards: result.items.map(presentCard), pagination: presentPagination(result, page) });
    },
    getCard: ({ tenant, domain, params }) => ok(presentCard(showCard(domain, tenant, params.card_id))),
    updateCard: ({ tenant, domain, params, body }) => ok(presentCard(updateCard(domain, tenant, params.card_id, body))),
    getCardLook: ({ tenant, domain, params, origin }) => {
      const look = lookUrl(domain, lookSecret, tenant, params.card_id, origin);
      return ok({ card_id: look.cardId, url: look.url });
    },
    provisionApplePay: ({ tenant, domain, params, body }) => ok(presentApplePay(provisionApplePay(domain, tenant, params.card_id, body))),
    provisionGooglePay: ({ tenant, domain, params, body }) => ok(provisionGooglePay(domain, tenant, params.card_id, body)),
  } satisfies Partial<HandlerTable>;
}
