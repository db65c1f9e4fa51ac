import type { CardHoldRecord, CardTransactionRecord, CardTransactionType, Money, Tenant } from '../ports/records.js';
import type { CardActivityView } from '../ports/views.js';
import { getCard } from './cards.js';
import { cardFunding, gmfFor, prepareFunds, type CardFunding, type FundsMove } from './card-funding.js';
import { accountAmount, getCardTransaction, moneyText, newCardTransaction, writeCardActivity } from './card-transactions.js';
import type { DomainContext } from './context.js';
import { fail } from './errors.js';
import { heldBy } from './ledger-postings.js';

/**
 * What follows an approved authorization while its money is set aside (Mono's card-transaction
 * webhooks page): a full reversal
 * (`authorization_reversed`), a credit adjustment lowering it (`credit_adjustment`, a partial
 * settlement: money goes back), a debit adjustment raising it (`debit_adjustment`, an extra
 * charge), and expiry on the tenant's clock (a reversal nobody asked for). Each is a card
 * transaction of its own naming the authorization in `original_transaction_id`.
 */

export type PendingAuthorization = CardTransactionRecord & { hold: CardHoldRecord };

/**
 * The approved authorization `id` names, still pending, of one of `types`: a declined one is
 * 409 card_transaction_declined, another kind 422 card_transaction_type_mismatch, one settled or
 * reversed 409 card_transaction_closed. Nothing is written on any refusal.
 */
export function pendingAuthorization(
  ctx: DomainContext,
  tenant: Tenant,
  id: string,
  types: readonly CardTransactionType[],
  followUp: string,
): PendingAuthorization {
  const transaction = getCardTransaction(ctx, tenant, id);
  if (transaction.state === 'declined') fail('card_transaction_declined', '#/transaction_id');
  if (!types.includes(transaction.type) || !transaction.hold) {
    fail('card_transaction_type_mismatch', '#/transaction_id', `A ${transaction.type} takes no ${followUp}; only ${types.join(' and ')} transactions do.`);
  }
  if (transaction.hold.status !== 'pending') {
    fail('card_transaction_closed', '#/transaction_id', `The authorization was ${transaction.hold.status} already; a ${followUp} needs it pending.`);
  }
  return transaction as PendingAuthorization;
}

/** A follow-up's amount is in the authorization's merchant currency. */
export function checkMerchantCurrency(amount: Money, original: CardTransactionRecord): void {
  if (amount.currency !== original.merchantAmount.currency) {
    fail('currency_mismatch', '#/amount/currency', `The transaction was charged in ${original.merchantAmount.currency}.`);
  }
}

/** What sets an authorization's money aside: each ledger hold with what it still holds; on banking cards one amount. */
export function holdsOf(ctx: DomainContext, tenant: Tenant, auth: PendingAuthorization): { holdId: string | null; held: number }[] {
  if (auth.source !== 'ledger_account') return [{ holdId: null, held: auth.hold.held }];
  return auth.hold.ledgerHoldIds.map((holdId) => ({ holdId, held: heldBy(ctx, tenant, holdId) }));
}

export function fundingOf(ctx: DomainContext, tenant: Tenant, transaction: CardTransactionRecord): CardFunding {
  return cardFunding(ctx, tenant, getCard(ctx, tenant, transaction.cardId));
}

/** The fields a follow-up copies from the authorization it follows. */
export function followUpOf(auth: CardTransactionRecord, description: string | null | undefined) {
  return {
    channel: auth.channel,
    merchant: auth.merchant,
    scope: auth.scope,
    fxRate: auth.fxRate,
    originalTransactionId: auth.id,
    description: description ?? auth.description,
  };
}

/** What an adjustment or a settlement changes: the authorization's amounts as they stand. */
export const previousValuesOf = (auth: PendingAuthorization): CardTransactionRecord['previousValues'] => ({
  amount: { amount: auth.hold.authorized, currency: auth.amount.currency },
  merchantAmount: { amount: auth.hold.merchantAuthorized, currency: auth.merchantAmount.currency },
  fxRate: auth.fxRate,
});

/** Gives back all an authorization sets aside (and an ATM's fee), as `authorization_reversed`. */
function reverse(ctx: DomainContext, tenant: Tenant, auth: PendingAuthorization, description: string | null): CardActivityView {
  const funding = fundingOf(ctx, tenant, auth);
  const { hold } = auth;
  const currency = auth.amount.currency;
  const reversal = newCardTransaction(ctx, funding, {
    ...followUpOf(auth, description),
    type: 'authorization_reversed',
    operationType: 'credit',
    amount: hold.authorized,
    merchantAmount: { amount: hold.merchantAuthorized, currency: auth.merchantAmount.currency },
    gmf: hold.gmf,
    withdrawalFee: hold.fee > 0 ? { amount: hold.fee, currency } : null,
  });
  const moves: FundsMove[] = holdsOf(ctx, tenant, auth).map(({ holdId, held }, i) => ({ kind: 'release', holdId, amount: held, gmf: i === 0 ? hold.gmf : 0 }));
  if (hold.fee > 0) moves.push({ kind: 'credit', amount: hold.fee, gmf: 0, revertsId: hold.feeTransactionId, description: `ATM fee back: ${reversal.description ?? ''}`.trim() });
  const funds = prepareFunds(ctx, tenant, funding, moves, { origin: 'card_transaction', idInOrigin: reversal.id, description: reversal.description });
  return writeCardActivity(ctx, tenant, {
    transaction: reversal,
    updated: { ...auth, state: 'reversed', hold: { ...hold, status: 'reversed', held: 0, gmf: 0 } },
    funds,
  });
}

/** The network reverses an authorization or withdrawal in full: everything set aside goes back. */
export function reverseCardTransaction(ctx: DomainContext, tenant: Tenant, id: string, input: { description?: string | null } = {}): CardActivityView {
  const auth = pendingAuthorization(ctx, tenant, id, ['authorization_approved', 'withdrawal'], 'reversal');
  return reverse(ctx, tenant, auth, input.description ?? null);
}

/**
 * An authorization left pending past its expiry is released and reversed, as if the network had
 * reversed it; null when it is no longer pending or not yet due (a settlement or reversal came first).
 */
export function expireAuthorization(ctx: DomainContext, tenant: Tenant, id: string): CardActivityView | null {
  const auth = ctx.stores.cardTransactions.get(tenant.id, id);
  if (!auth?.hold || auth.hold.status !== 'pending' || auth.hold.expiresAt > ctx.clock.now()) return null;
  return reverse(ctx, tenant, auth as PendingAuthorization, `Authorization expired: ${auth.description ?? auth.merchant.name}`);
}

export interface AdjustmentInput {
  amount: Money;
  description?: string | null | undefined;
}

/**
 * An adjustment changes what an open purchase authorization stands at by `amount` (the
 * merchant's): a `credit_adjustment` lowers it and the difference, with its GMF, goes back (from
 * the latest holds first: a debit adjustment's before the authorization's); lowering it by all it
 * stands at is a reversal (422). A `debit_adjustment` raises it and sets the extra (with its GMF)
 * aside in a hold of its own, so it must be available (422 insufficient_funds).
 */
function adjust(ctx: DomainContext, tenant: Tenant, id: string, input: AdjustmentInput, type: 'credit_adjustment' | 'debit_adjustment'): CardActivityView {
  const lowers = type === 'credit_adjustment';
  const auth = pendingAuthorization(ctx, tenant, id, ['authorization_approved'], type.replace('_', ' '));
  checkMerchantCurrency(input.amount, auth);
  const { hold } = auth;
  if (lowers && input.amount.amount >= hold.merchantAuthorized) {
    const stands = moneyText(hold.merchantAuthorized, auth.merchantAmount.currency);
    fail('out_of_range', '#/amount/amount', `A credit adjustment lowers the authorization's ${stands} by less than all of it; all of it is a reversal.`);
  }
  const funding = fundingOf(ctx, tenant, auth);
  const merchantAuthorized = hold.merchantAuthorized + (lowers ? -input.amount.amount : input.amount.amount);
  const authorized = accountAmount(merchantAuthorized, auth.fxRate);
  const gmf = gmfFor(funding, authorized);
  const change = Math.abs(authorized - hold.authorized);
  const gmfChange = Math.abs(gmf - hold.gmf);
  const adjustment = newCardTransaction(ctx, funding, {
    ...followUpOf(auth, input.description),
    type,
    operationType: lowers ? 'credit' : 'debit',
    amount: change,
    merchantAmount: input.amount,
    gmf: gmfChange,
    previousValues: previousValuesOf(auth),
  });
  let left = change;
  const moves: FundsMove[] = lowers
    ? holdsOf(ctx, tenant, auth)
        .reverse()
        .map(({ holdId, held }, i) => {
          const amount = Math.min(left, held);
          left -= amount;
          return { kind: 'release', holdId, amount, gmf: i === 0 ? gmfChange : 0 };
        })
    : [{ kind: 'hold', amount: change, gmf: gmfChange }];
  const funds = prepareFunds(ctx, tenant, funding, moves, { origin: 'card_transaction', idInOrigin: adjustment.id, description: adjustment.description });
  const [newHold] = lowers ? [] : funds.ledgerIds;
  return writeCardActivity(ctx, tenant, {
    transaction: adjustment,
    updated: {
      ...auth,
      hold: {
        ...hold,
        authorized,
        merchantAuthorized,
        held: hold.held + authorized - hold.authorized,
        gmf,
        ledgerHoldIds: newHold ? [...hold.ledgerHoldIds, newHold] : hold.ledgerHoldIds,
      },
    },
    funds,
  });
}

/** `credit_adjustment` (a partial settlement: money goes back). */
export function creditAdjustCardTransaction(ctx: DomainContext, tenant: Tenant, id: string, input: AdjustmentInput): CardActivityView {
  return adjust(ctx, tenant, id, input, 'credit_adjustment');
}

/** `debit_adjustment` (an extra charge). */
export function debitAdjustCardTransaction(ctx: DomainContext, tenant: Tenant, id: string, input: AdjustmentInput): CardActivityView {
  return adjust(ctx, tenant, id, input, 'debit_adjustment');
}
