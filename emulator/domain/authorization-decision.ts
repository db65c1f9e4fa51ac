import type { CardChannel, CardDeclinationReason, CardDeclineRecord, ConfigurationGroupRecord, EpochMs, Merchant, Money, Tenant } from '../ports/records.js';
import { endOfMonth } from './bogota-calendar.js';
import { magicDeclineReason } from './card-declination.js';
import type { CardFunding } from './card-funding.js';
import { moneyText } from './card-transactions.js';
import type { DomainContext } from './context.js';
import { spendingControlDecline } from './spending-control-evaluation.js';

/** A purchase or ATM withdrawal as the network presents it, with what it would cost the card. */
export interface AuthorizationAttempt {
  funding: CardFunding;
  group: ConfigurationGroupRecord;
  channel: CardChannel;
  merchant: Merchant;
  merchantAmount: Money;
  /** The amount in the currency of what the card draws on. */
  amount: number;
  scope: 'local' | 'international';
  gmf: number;
  /** An ATM withdrawal's fee; 0 otherwise. */
  fee: number;
  /** The request's `decline_reason`. */
  forced: CardDeclinationReason | undefined;
  at: EpochMs;
}

type Rule = (ctx: DomainContext, tenant: Tenant, attempt: AuthorizationAttempt) => CardDeclineRecord | null;

const decline = (reason: CardDeclinationReason, rule: CardDeclineRecord['rule'], message: string): CardDeclineRecord => ({
  reason,
  rule,
  spendingControlId: null,
  spendingControlTarget: null,
  message,
});

const forcedDecline: Rule = (_ctx, _tenant, { forced }) =>
  forced ? decline(forced, 'forced', `Declined as the request's decline_reason asked: ${forced}.`) : null;

const magicAmount: Rule = (_ctx, _tenant, { merchantAmount }) => {
  const reason = magicDeclineReason(merchantAmount);
  const cents = String(merchantAmount.amount % 100).padStart(2, '0');
  return reason ? decline(reason, 'magic_amount', `A COP amount ending in ,${cents} is the magic value of ${reason}.`) : null;
};

/** Mono's sandbox cards page: a frozen card's authorizations are all declined; a canceled one's too; a plastic card not yet activated has no working state. */
const cardState: Rule = (_ctx, _tenant, { funding: { card } }) => {
  if (card.state === 'canceled') return decline('card_canceled', 'card_state', 'The card is canceled.');
  if (card.state === 'frozen') return decline('card_frozen', 'card_state', 'The card is frozen; unfreeze it (PATCH state active) to spend.');
  if (card.state === 'created') return decline('other', 'card_state', 'The card is not active yet: its holder has not activated it.');
  return null;
};

/** A card works until the end of its expiry month (in Bogotá). */
const cardExpiry: Rule = (ctx, tenant, { funding: { card }, at }) => {
  const secret = ctx.stores.cardSecrets.get(tenant.id, card.id);
  if (!secret || at < endOfMonth(secret.expYear, secret.expMonth)) return null;
  return decline('card_expired', 'card_expiry', `The card expired at the end of ${secret.expYear}-${String(secret.expMonth).padStart(2, '0')}.`);
};

/** A Core card's sub-account and its holder must be active, as for every movement of money (Mono's balance-operation rules). */
const accountState: Rule = (ctx, tenant, { funding }) => {
  if (funding.source !== 'ledger_account') return null;
  const account = ctx.stores.ledgerAccounts.get(tenant.id, funding.accountId)!;
  if (account.state !== 'active') return decline(account.state === 'blocked' ? 'account_blocked' : 'account_canceled', 'account_state', `The card's ledger account is ${account.state}.`);
  const holder = ctx.stores.accountHolders.get(tenant.id, account.holderId);
  if (holder && holder.state !== 'active') {
    return decline(holder.state === 'blocked' ? 'account_holder_blocked' : 'account_holder_canceled', 'account_holder_state', `The account's holder is ${holder.state}.`);
  }
  return null;
};

/**
 * The amount, an ATM's fee, and on banking cards the GMF must all be available. The SDK names
 * the account's shortfall (`insufficient_funds`) apart from a card's own balance's
 * (`card_insufficient_funds`, prepaid cards), and a shortfall of the GMF alone (`…_gmf`).
 */
const balance: Rule = (_ctx, _tenant, { funding, amount, fee, gmf }) => {
  const prepaid = funding.source === 'prepaid_card';
  const needed = amount + fee;
  const has = `${prepaid ? 'The card holds' : 'The account has'} ${moneyText(funding.available, funding.currency)} available`;
  const parts = `${moneyText(amount, funding.currency)}${fee ? ` + a ${moneyText(fee, funding.currency)} fee` : ''}`;
  if (funding.available < needed) return decline(prepaid ? 'card_insufficient_funds' : 'insufficient_funds', 'balance', `${has}; this needs ${parts}.`);
  if (funding.available < needed + gmf) return decline(prepaid ? 'card_insufficient_funds_gmf' : 'insufficient_funds_gmf', 'balance', `${has}; this needs ${parts} and ${moneyText(gmf, 'COP')} of GMF.`);
  return null;
};

/** In this order: the first rule that declines decides (README: Simulating card activity, the decision). */
const RULES: readonly Rule[] = [forcedDecline, magicAmount, cardState, cardExpiry, accountState, spendingControlDecline, balance];

/** Mono's issuing-cards flow: it decides every authorization in real time, from balance and spending controls; null approves. */
export function decideAuthorization(ctx: DomainContext, tenant: Tenant, attempt: AuthorizationAttempt): CardDeclineRecord | null {
  for (const rule of RULES) {
    const found = rule(ctx, tenant, attempt);
    if (found) return found;
  }
  return null;
}
