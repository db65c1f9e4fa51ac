import type { CardTransactionRecord } from '../ports/records.js';
import type { Schemas } from './schemas.js';
import { isoMillis, isoSeconds } from './time.js';

type CardTransactionEventData = Schemas['CardTransactionEvent']['event']['data'];

const fxRatesOf = (t: Pick<CardTransactionRecord, 'fxRate' | 'merchantAmount' | 'amount'>, rate = t.fxRate): Schemas['CardTransactionFxRates'] | null =>
  rate === null ? null : { from: t.merchantAmount.currency, to: t.amount.currency, rate };

/**
 * A card transaction as GET /v1/cards/{card_id}/transactions shows it (Mono's card transactions
 * reference and SDK), with the webhook's fields: the GMF is always in COP, and null where a field does not apply.
 */
export function presentCardTransaction(t: CardTransactionRecord): Schemas['CardTransaction'] {
  const previous = t.previousValues;
  return {
    id: t.id,
    amount: t.amount,
    gmf_amount: { amount: t.gmf, currency: 'COP' },
    description: t.description,
    declination_reason: t.decline?.reason ?? null,
    merchant: t.merchant,
    operation_type: t.operationType,
    scope: t.scope,
    state: t.state,
    transaction_at: isoSeconds(t.transactionAt),
    type: t.type,
    original_transaction_id: t.originalTransactionId,
    merchant_amount: t.merchantAmount,
    withdrawal_fee: t.withdrawalFee,
    fx_rates: fxRatesOf(t),
    previous_values: previous && {
      amount: previous.amount,
      merchant_amount: previous.merchantAmount,
      fx_rates: fxRatesOf({ merchantAmount: previous.merchantAmount, amount: previous.amount, fxRate: previous.fxRate }),
    },
  };
}

/** The `data` of a `card_transaction` webhook: its `type`, `id`, `inserted_at` (milliseconds, as Mono's example), the card and account, and the transaction. */
export function presentCardTransactionEvent(t: CardTransactionRecord): CardTransactionEventData {
  const { type, id, ...rest } = presentCardTransaction(t);
  return { type: type!, id, inserted_at: isoMillis(t.transactionAt), card_id: t.cardId, account_id: t.accountId, ...rest };
}

/**
 * The card transaction in a ledger transaction's `details`, as Mono's SDK has it: `state` as the
 * ledger sees it (approved while its hold is open, fully_captured once settled, reversed once
 * given back) and `type` authorization, capture or refund.
 */
export function presentCardTransactionDetails(t: CardTransactionRecord): Schemas['CardTransactionLedgerDetails'] {
  let state: Schemas['CardTransactionLedgerDetails']['state'] = 'approved';
  if (t.state === 'declined') state = 'declined';
  else if (t.state === 'reversed' || t.type === 'authorization_reversed') state = 'reversed';
  else if (t.hold?.status === 'settled') state = 'fully_captured';
  const type = t.type === 'refund' ? 'refund' : t.type === 'force_debit' || t.type === 'reconciliation' ? 'capture' : 'authorization';
  return {
    id: t.id,
    amount: t.amount,
    card_id: t.cardId,
    declination_reason: t.decline?.reason ?? null,
    merchant_amount: t.merchantAmount,
    merchant_name: t.merchant.name,
    state,
    transaction_at: isoSeconds(t.transactionAt),
    type,
  };
}
