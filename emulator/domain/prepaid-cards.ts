import type { MonoComponents } from '../../contracts/index.js';
import type { BankAccountRecord, CardBalanceOperationRecord, CardRecord, Money, Tenant } from '../ports/records.js';
import type { Page, PageRequest } from '../ports/stores.js';
import { canTransition } from './card-lifecycle.js';
import { cardView, getCard } from './cards.js';
import type { DomainContext } from './context.js';
import { fail } from './errors.js';
import { recordPrepaidOperation } from './prepaid-operations.js';
import { timeBounds } from './time-bounds.js';

export type PrepaidOperationInput = MonoComponents['schemas']['PrepaidOperationCreate'];

/** A prepaid banking card with the bank account its money comes from and goes back to. */
interface PrepaidCard {
  card: CardRecord;
  bankAccount: BankAccountRecord;
  balance: number;
}

/** §9 #8-10: only banking cards of a prepaid configuration group hold a balance of their own. */
function prepaidCard(ctx: DomainContext, tenant: Tenant, cardId: string): PrepaidCard {
  const card = getCard(ctx, tenant, cardId);
  const bankAccount = ctx.stores.bankAccounts.get(tenant.id, card.accountId);
  if (card.prepaidBalance === null || !bankAccount) {
    fail('card_not_prepaid', '#/card_id', 'Only prepaid banking cards hold a balance of their own; debit and Core cards spend their account.');
  }
  return { card, bankAccount, balance: card.prepaidBalance };
}

/** What a prepaid card holds now, in its bank account's currency. */
export function prepaidBalance(ctx: DomainContext, tenant: Tenant, cardId: string): { card: CardRecord; balance: Money } {
  const { card, bankAccount, balance } = prepaidCard(ctx, tenant, cardId);
  return { card, balance: { amount: balance, currency: bankAccount.currency } };
}

/** `applied` when money moved; `repeated` when the same operation had already been applied under its `entity_id`. */
export type PrepaidOutcome = 'applied' | 'repeated';

/**
 * §9 #9, §13: a top-up moves the amount from the card's bank account onto the card; a withdrawal
 * moves it back. Each side must have the amount (422 insufficient_funds). `entity_id` is "used for
 * idempotency requests": the same operation under an `entity_id` the card already used moves
 * nothing; another operation under it is 409 entity_id_already_used. A canceled card takes no
 * operation; a frozen one does (freezing stops authorizations, §10). The first top-up of an
 * unfunded virtual prepaid card activates it.
 */
export function applyPrepaidOperation(ctx: DomainContext, tenant: Tenant, cardId: string, input: PrepaidOperationInput): PrepaidOutcome {
  const { card, bankAccount, balance } = prepaidCard(ctx, tenant, cardId);
  if (card.state === 'canceled') fail('card_canceled', '#/card_id', 'The card is canceled; no money moves on or off it.');
  const entityId = input.entity_id ?? null;
  if (entityId !== null) {
    const earlier = ctx.stores.cardBalanceOperations.query(tenant.id, { where: { cardId: card.id, entityId } }).items[0];
    if (earlier) {
      const same = earlier.operation === input.operation && earlier.amount.amount === input.amount.amount && earlier.amount.currency === input.amount.currency;
      if (same) return 'repeated';
      fail('entity_id_already_used', '#/entity_id', `The card's operation ${earlier.id} has this entity_id, with another operation or amount.`);
    }
  }
  if (input.amount.currency !== bankAccount.currency) fail('currency_mismatch', '#/amount/currency', `Banking cards hold ${bankAccount.currency}.`);
  const amount = input.amount.amount;
  const topup = input.operation === 'topup';
  const [from, to] = topup ? [bankAccount.available, balance] : [balance, bankAccount.available];
  if (from < amount) {
    fail('insufficient_funds', '#/amount/amount', topup ? `The card's bank account has ${from} available.` : `The card holds ${from}.`);
  }
  if (to + amount > Number.MAX_SAFE_INTEGER) fail('out_of_range', '#/amount/amount', 'The balance would exceed the largest amount the emulator keeps exactly.');

  const now = ctx.clock.now();
  const delta = topup ? amount : -amount;
  ctx.stores.bankAccounts.put(tenant.id, { ...bankAccount, available: bankAccount.available - delta, updatedAt: now, balanceUpdatedAt: now });
  const activates = topup && card.type === 'virtual' && canTransition(card.state, 'active', 'first_load');
  const updated: CardRecord = { ...card, prepaidBalance: balance + delta, state: activates ? 'active' : card.state };
  ctx.stores.cards.put(tenant.id, updated);
  recordPrepaidOperation(ctx, tenant, card.id, { amount: input.amount, operation: input.operation, description: input.description, entityId });
  if (activates) ctx.events.emit(tenant, { type: 'card_state_changed', card: cardView(ctx, tenant, updated), previousState: card.state });
  return 'applied';
}

/** §9 #10: a prepaid card's operations, newest first, within `performed_at` bounds. */
export function listPrepaidOperations(
  ctx: DomainContext,
  tenant: Tenant,
  cardId: string,
  performedAt: { from?: string | undefined; until?: string | undefined },
  page: PageRequest,
): { card: CardRecord; page: Page<CardBalanceOperationRecord> } {
  const { card } = prepaidCard(ctx, tenant, cardId);
  const result = ctx.stores.cardBalanceOperations.query(
    tenant.id,
    { where: { cardId: card.id }, within: { performedAt: timeBounds(performedAt.from, performedAt.until) }, order: 'newest' },
    page,
  );
  return { card, page: result };
}
