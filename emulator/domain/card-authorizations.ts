import type { EmulatorComponents } from '../../contracts/index.js';
import type { CurrencyCode, Tenant } from '../ports/records.js';
import type { CardActivityView } from '../ports/views.js';
import { decideAuthorization } from './authorization-decision.js';
import { cardView, getCard } from './cards.js';
import { cardFunding, gmfFor, prepareFunds, type FundsMove } from './card-funding.js';
import { accountAmount, chargeRate, merchantOrDefault, newCardTransaction, scopeOf, writeCardActivity } from './card-transactions.js';
import type { DomainContext } from './context.js';

export type AuthorizationInput = EmulatorComponents['schemas']['CardAuthorizationCreate'];

/** How long an approved authorization waits for settlement before it is released (Visa's usual hold is about a week; Mono publishes none). */
export const DEFAULT_AUTHORIZATION_EXPIRY_DAYS = 7;

/**
 * What an ATM withdrawal costs on top of its amount, per currency of what the card draws on:
 * Mono's sandbox page lists "ATM withdrawal with fee" and its webhook a `withdrawal_fee`, without an amount; the
 * emulator charges COP 5,000.00 (USD 2.00), about what Colombian networks charge.
 */
export const ATM_WITHDRAWAL_FEE: Partial<Record<CurrencyCode, number>> = { COP: 500_000, USD: 200 };

/**
 * A purchase or ATM withdrawal arriving from the network (issuing-cards flow: Mono decides in real time from
 * balance and spending controls; no tenant callback). Declined: an `authorization_declined`
 * transaction, and no money moves. Approved: an `authorization_approved` (at an ATM a
 * `withdrawal`) whose amount, and GMF on banking cards, is set aside until it is settled,
 * reversed or expires; an ATM's fee is taken at once. Checked and written in one synchronous
 * step, so concurrent authorizations never spend the same money twice.
 */
export function authorizeCard(ctx: DomainContext, tenant: Tenant, cardId: string, input: AuthorizationInput, expiryMs: number): CardActivityView {
  const card = getCard(ctx, tenant, cardId);
  const { group } = cardView(ctx, tenant, card);
  const funding = cardFunding(ctx, tenant, card);
  const channel = input.channel ?? 'pos';
  const merchant = merchantOrDefault(input.merchant, channel);
  const merchantAmount = input.amount;
  const fxRate = chargeRate(ctx, merchantAmount.currency, funding.currency);
  const amount = accountAmount(merchantAmount.amount, fxRate);
  const atm = channel === 'atm';
  const fee = atm ? (ATM_WITHDRAWAL_FEE[funding.currency] ?? 0) : 0;
  const gmf = gmfFor(funding, amount);
  const now = ctx.clock.now();
  const declined = decideAuthorization(ctx, tenant, {
    funding,
    group,
    channel,
    merchant,
    merchantAmount,
    amount,
    scope: scopeOf(merchantAmount.currency),
    gmf,
    fee,
    forced: input.decline_reason,
    at: now,
  });
  const base = {
    channel,
    operationType: 'debit' as const,
    merchantAmount,
    merchant,
    amount,
    fxRate,
    description: input.description ?? `${atm ? 'ATM withdrawal' : 'Purchase'} at ${merchant.name}`,
  };
  if (declined) {
    return writeCardActivity(ctx, tenant, {
      transaction: newCardTransaction(ctx, funding, { ...base, type: 'authorization_declined', state: 'declined', decline: declined }),
      funds: null,
    });
  }

  const transaction = newCardTransaction(ctx, funding, { ...base, type: atm ? 'withdrawal' : 'authorization_approved', gmf });
  const moves: FundsMove[] = [{ kind: 'hold', amount, gmf }];
  if (fee > 0) moves.push({ kind: 'debit', amount: fee, gmf: 0, description: `ATM fee: ${base.description}` });
  const funds = prepareFunds(ctx, tenant, funding, moves, { origin: 'card_transaction', idInOrigin: transaction.id, description: base.description });
  const [holdId, feeTransactionId] = funds.ledgerIds;
  return writeCardActivity(ctx, tenant, {
    transaction: {
      ...transaction,
      withdrawalFee: atm ? { amount: fee, currency: funding.currency } : null,
      hold: {
        status: 'pending',
        authorized: amount,
        merchantAuthorized: merchantAmount.amount,
        held: amount,
        gmf,
        ledgerHoldIds: holdId ? [holdId] : [],
        fee,
        feeTransactionId: feeTransactionId ?? null,
        expiresAt: now + expiryMs,
      },
    },
    funds,
  });
}
