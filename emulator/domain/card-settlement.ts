import type { Money, Tenant } from '../ports/records.js';
import type { CardActivityView } from '../ports/views.js';
import { gmfFor, prepareFunds, type FundsMove } from './card-funding.js';
import { checkMerchantCurrency, followUpOf, fundingOf, holdsOf, pendingAuthorization, previousValuesOf } from './card-follow-ups.js';
import { accountAmount, chargeRate, newCardTransaction, writeCardActivity } from './card-transactions.js';
import type { DomainContext } from './context.js';
import { fail } from './errors.js';
import { rateText } from './ledger-transfers.js';

export interface SettlementInput {
  amount?: Money | undefined;
  fx_rate?: number | string | null | undefined;
}

/**
 * The merchant's presentment: what an authorization set aside is taken, at the final amount
 * (the merchant's; what it stands at by default). An international one is converted at the
 * settlement's rate (the one sent, else the day's with the spread) and its ledger movements have
 * origin `card_presentment_payment` (Mono's ledger transactions reference: "final settlement of an
 * international card transaction"). When the final amount differs from the authorization's, Mono sends a
 * `reconciliation` (its webhooks page: "the authorized amount is adjusted to the settled amount;
 * previous_values holds the original amounts"): a card transaction of its own whose amount is
 * the settled one. When it does not, nothing is announced but the ledger's movements.
 *
 * The money: a debit of the final amount settles the authorization's first hold (what it holds,
 * then available for any excess, which must be there); the other holds and what the first still
 * holds beyond the final amount go back.
 */
export function settleCardTransaction(ctx: DomainContext, tenant: Tenant, id: string, input: SettlementInput = {}): CardActivityView {
  const auth = pendingAuthorization(ctx, tenant, id, ['authorization_approved', 'withdrawal'], 'settlement');
  if (input.amount) checkMerchantCurrency(input.amount, auth);
  if (input.fx_rate != null && auth.fxRate === null) fail('invalid_value', '#/fx_rate', 'Only a transaction charged across currencies takes a settlement rate.');
  const funding = fundingOf(ctx, tenant, auth);
  const { hold } = auth;
  const rate = auth.fxRate === null ? null : input.fx_rate != null ? rateText(input.fx_rate) : chargeRate(ctx, auth.merchantAmount.currency, funding.currency);
  const merchantSettled = input.amount?.amount ?? hold.merchantAuthorized;
  const settled = accountAmount(merchantSettled, rate);
  const gmf = gmfFor(funding, settled);

  const [first, ...others] = holdsOf(ctx, tenant, auth);
  const fromHold = Math.min(settled, first!.held);
  const moves: FundsMove[] = [
    ...others.map(({ holdId, held }): FundsMove => ({ kind: 'release', holdId, amount: held, gmf: 0 })),
    { kind: 'capture', holdId: first!.holdId, amount: settled, fromHold, gmf: Math.max(0, gmf - hold.gmf) },
    { kind: 'release', holdId: first!.holdId, amount: first!.held - fromHold, gmf: Math.max(0, hold.gmf - gmf) },
  ];
  const reconciles = settled !== hold.authorized || merchantSettled !== hold.merchantAuthorized;
  const reconciliation = reconciles
    ? newCardTransaction(ctx, funding, {
        ...followUpOf(auth, undefined),
        type: 'reconciliation',
        operationType: 'debit',
        amount: settled,
        merchantAmount: { amount: merchantSettled, currency: auth.merchantAmount.currency },
        fxRate: rate,
        gmf,
        previousValues: previousValuesOf(auth),
      })
    : null;
  const funds = prepareFunds(
    ctx,
    tenant,
    funding,
    moves,
    { origin: auth.scope === 'international' ? 'card_presentment_payment' : 'card_transaction', idInOrigin: reconciliation?.id ?? auth.id, description: auth.description },
  );
  const settledAuth = { ...auth, hold: { ...hold, status: 'settled' as const, authorized: settled, merchantAuthorized: merchantSettled, held: 0, gmf } };
  return reconciliation
    ? writeCardActivity(ctx, tenant, { transaction: reconciliation, updated: settledAuth, funds })
    : writeCardActivity(ctx, tenant, { transaction: settledAuth, funds, announce: false });
}
