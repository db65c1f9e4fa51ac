import type { CardDeclinationReason, Money } from '../ports/records.js';

/**
 * Mono's vocabulary for declined card transactions: the 33 `declination_reason` values of its
 * generated SDK's ledger transaction model (types/ledger/accounts/transaction_retrieve_response.py),
 * in the SDK's order. The order matters: it numbers the magic amounts below.
 */
export const DECLINATION_REASONS = [
  'account_blocked',
  'account_canceled',
  'account_holder_blocked',
  'account_holder_canceled',
  'card_daily_limit_exceeded',
  'card_weekly_limit_exceeded',
  'card_monthly_limit_exceeded',
  'daily_limit_exceeded',
  'monthly_limit_exceeded',
  'insufficient_funds',
  'insufficient_funds_gmf',
  'card_insufficient_funds',
  'card_insufficient_funds_gmf',
  'pending_transfers',
  'bank_connection_issue',
  'provider_no_request',
  'provider_timeout',
  'velocity_daily_exceeded',
  'velocity_weekly_exceeded',
  'velocity_monthly_exceeded',
  'withdrawal_velocity_daily_exceeded',
  'withdrawal_velocity_monthly_exceeded',
  'card_frozen',
  'card_canceled',
  'card_expired',
  'invalid_cvc',
  'invalid_exp_date',
  'invalid_pin',
  'pin_try_limit',
  'online_purchase_disabled',
  'physical_purchase_disabled',
  'atm_withdrawal_disabled',
  'other',
] as const satisfies readonly CardDeclinationReason[];

// The list and the contract's enum are one vocabulary: a reason missing here fails the type check.
type Unlisted = Exclude<CardDeclinationReason, (typeof DECLINATION_REASONS)[number]>;
const everyReasonListed: [Unlisted] extends [never] ? true : never = true;
void everyReasonListed;

/**
 * A magic amount, in the style of Mono's sandbox magic values (its bank transfers decline on set
 * document numbers): a COP amount whose cents are 01 to 33 declines with the reason of that
 * number in the list above (…,01 account_blocked, …,10 insufficient_funds, …,33 other). Colombian
 * prices carry no cents, so an ordinary amount never hits one; other currencies have no magic.
 */
export function magicDeclineReason(amount: Money): CardDeclinationReason | null {
  if (amount.currency !== 'COP') return null;
  const cents = amount.amount % 100;
  return cents >= 1 && cents <= DECLINATION_REASONS.length ? DECLINATION_REASONS[cents - 1]! : null;
}
