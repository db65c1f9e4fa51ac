import { authorizeCard } from '../../domain/card-authorizations.js';
import { creditAdjustCardTransaction, debitAdjustCardTransaction, reverseCardTransaction } from '../../domain/card-follow-ups.js';
import { forceDebitCard, refundCard, refundCardTransaction } from '../../domain/card-network-charges.js';
import { settleCardTransaction } from '../../domain/card-settlement.js';
import { showCardActivity } from '../../domain/card-transactions.js';
import { presentCardActivity } from '../../present/card-activity.js';
import { created, ok, type HandlerTable } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

/**
 * `/_emulator/cards/{card_id}/…` and `/_emulator/card-transactions/{transaction_id}/…`: the card
 * network's side, which Mono's sandbox does not offer (README: Simulating card activity). Every
 * answer is the card transaction made with why it was declined and what it moved.
 */
export function cardActivityRoutes({ authorizationExpiryMs }: RouteDeps) {
  return {
    createCardAuthorization: ({ tenant, domain, params, body }) => created(presentCardActivity(authorizeCard(domain, tenant, params.card_id, body, authorizationExpiryMs))),
    createCardRefund: ({ tenant, domain, params, body }) => created(presentCardActivity(refundCard(domain, tenant, params.card_id, body))),
    createCardForceDebit: ({ tenant, domain, params, body }) => created(presentCardActivity(forceDebitCard(domain, tenant, params.card_id, body))),
    getCardActivity: ({ tenant, domain, params }) => ok(presentCardActivity(showCardActivity(domain, tenant, params.transaction_id))),
    reverseCardTransaction: ({ tenant, domain, params, body }) => created(presentCardActivity(reverseCardTransaction(domain, tenant, params.transaction_id, body))),
    creditAdjustCardTransaction: ({ tenant, domain, params, body }) =>
      created(presentCardActivity(creditAdjustCardTransaction(domain, tenant, params.transaction_id, body))),
    debitAdjustCardTransaction: ({ tenant, domain, params, body }) =>
      created(presentCardActivity(debitAdjustCardTransaction(domain, tenant, params.transaction_id, body))),
    settleCardTransaction: ({ tenant, domain, params, body }) => created(presentCardActivity(settleCardTransaction(domain, tenant, params.transaction_id, body))),
    refundCardTransaction: ({ tenant, domain, params, body }) => created(presentCardActivity(refundCardTransaction(domain, tenant, params.transaction_id, body))),
  } satisfies Partial<HandlerTable>;
}
