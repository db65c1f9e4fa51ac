import type { EmulatorComponents } from '../../contracts/index.js';
import type { CardChannel, Merchant, Money, Tenant } from '../ports/records.js';
import type { CardActivityView } from '../ports/views.js';
import { getCard } from './cards.js';
import { cardFunding, gmfFor, prepareFunds } from './card-funding.js';
import { checkMerchantCurrency, fundingOf } from './card-follow-ups.js';
import { accountAmount, chargeRate, getCardTransaction, merchantOrDefault, moneyText, newCardTransaction, writeCardActivity } from './card-transactions.js';
import type { DomainContext } from './context.js';
import { fail } from './errors.js';

/**
 * What the network charges or pays back without asking (Mono's card-transaction webhooks page): a `force_debit` ("a charge with
 * no prior authorization, made regardless of balance") and a `refund` ("which may or may not
 * relate to an earlier authorization"). No card state or spending control stops them: the money
 * moved at the merchant already. Amounts in another currency are converted at the day's rate.
 */

type Schemas = EmulatorComponents['schemas'];
export type ForceDebitInput = Schemas['CardForceDebitCreate'];
export type CardRefundInput = Schemas['CardRefundCreate'];
export type RefundInput = Schemas['CardFollowUpAmount'];

interface ChargeInput {
  amount: Money;
  merchant?: Merchant | undefined;
  channel?: CardChannel | undefined;
  description?: string | null | undefined;
}

function charge(ctx: DomainContext, tenant: Tenant, cardId: string, input: ChargeInput, type: 'force_debit' | 'refund'): CardActivityView {
  const funding = cardFunding(ctx, tenant, getCard(ctx, tenant, cardId));
  const channel = input.channel ?? 'pos';
  const merchant = merchantOrDefault(input.merchant, channel);
  const fxRate = chargeRate(ctx, input.amount.currency, funding.currency);
  const amount = accountAmount(input.amount.amount, fxRate);
  const debit = type === 'force_debit';
  const gmf = debit ? gmfFor(funding, amount) : 0;
  const transaction = newCardTransaction(ctx, funding, {
    type,
    channel,
    operationType: debit ? 'debit' : 'credit',
    amount,
    merchantAmount: input.amount,
    merchant,
    fxRate,
    gmf,
    description: input.description ?? `${debit ? 'Purchase at' : 'Refund from'} ${merchant.name}`,
  });
  const funds = prepareFunds(ctx, tenant, funding, [debit ? { kind: 'debit', amount, gmf, allowNegative: true } : { kind: 'credit', amount, gmf }], {
    origin: 'card_transaction',
    idInOrigin: transaction.id,
    description: transaction.description,
  });
  return writeCardActivity(ctx, tenant, { transaction, funds });
}

/** A charge made regardless of balance: what the card draws on may go below zero (the only way it does). */
export function forceDebitCard(ctx: DomainContext, tenant: Tenant, cardId: string, input: ForceDebitInput): CardActivityView {
  return charge(ctx, tenant, cardId, input, 'force_debit');
}

/** A refund relating to no earlier transaction: `original_transaction_id` null. */
export function refundCard(ctx: DomainContext, tenant: Tenant, cardId: string, input: CardRefundInput): CardActivityView {
  return charge(ctx, tenant, cardId, input, 'refund');
}

/**
 * A refund of an approved purchase or force debit, in full (the default: what is left) or in
 * part, never more than was charged less earlier refunds (422 out_of_range); a reversed one was
 * never charged (409 card_transaction_closed).
 */
export function refundCardTransaction(ctx: DomainContext, tenant: Tenant, id: string, input: RefundInput = {}): CardActivityView {
  const original = getCardTransaction(ctx, tenant, id);
  if (original.state === 'declined') fail('card_transaction_declined', '#/transaction_id');
  if (original.type !== 'authorization_approved' && original.type !== 'force_debit') {
    fail('card_transaction_type_mismatch', '#/transaction_id', `A ${original.type} takes no refund; only authorization_approved and force_debit transactions do.`);
  }
  const currency = original.merchantAmount.currency;
  const charged = original.hold?.merchantAuthorized ?? original.merchantAmount.amount;
  const left = charged - original.refunded;
  if (original.state === 'reversed' || left <= 0) {
    fail('card_transaction_closed', '#/transaction_id', original.state === 'reversed' ? 'The authorization was reversed; nothing was charged.' : 'It was refunded in full already.');
  }
  const amount = input.amount ?? { amount: left, currency };
  checkMerchantCurrency(amount, original);
  if (amount.amount > left) fail('out_of_range', '#/amount/amount', `${moneyText(left, currency)} is left to refund.`);
  const funding = fundingOf(ctx, tenant, original);
  const fxRate = chargeRate(ctx, currency, funding.currency);
  const transaction = newCardTransaction(ctx, funding, {
    type: 'refund',
    channel: original.channel,
    operationType: 'credit',
    amount: accountAmount(amount.amount, fxRate),
    merchantAmount: amount,
    merchant: original.merchant,
    fxRate,
    originalTransactionId: original.id,
    description: input.description ?? original.description,
  });
  const funds = prepareFunds(ctx, tenant, funding, [{ kind: 'credit', amount: transaction.amount.amount, gmf: 0 }], {
    origin: 'card_transaction',
    idInOrigin: transaction.id,
    description: transaction.description,
  });
  return writeCardActivity(ctx, tenant, { transaction, updated: { ...original, refunded: original.refunded + amount.amount }, funds });
}
