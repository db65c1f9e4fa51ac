import type { CardChannel, CardTransactionRecord, CardTransactionState, CurrencyCode, EpochMs, Merchant, Money, Tenant } from '../ports/records.js';
import type { Page, PageRequest } from '../ports/stores.js';
import type { CardActivityView } from '../ports/views.js';
import { getCard } from './cards.js';
import { cardFunding, fundsView, type CardFunding, type PreparedFunds } from './card-funding.js';
import type { DomainContext } from './context.js';
import { fail, notFound } from './errors.js';
import { dateOf, marketRate, sourceForTarget, transferRate } from './fx-rates.js';
import { ledgerTransactionView } from './ledger-transactions.js';
import { timeBounds } from './time-bounds.js';

/**
 * Card transactions (`ctx_`): what the network simulation makes, what
 * GET /v1/cards/{card_id}/transactions lists, and the one step that writes them with their money.
 */

/** The example merchant of Mono's card transactions reference, as the network simulation's default (an ATM's merchant category is 6011). */
export function merchantOrDefault(merchant: Merchant | undefined, channel: CardChannel): Merchant {
  return merchant ?? { id: '10000', name: 'Mono merchant', mcc: channel === 'atm' ? '6011' : '5999', country: 'COL' };
}

/** A charge in a currency other than the peso is international (`scope`, Mono's card transactions reference). */
export const scopeOf = (currency: CurrencyCode): CardTransactionRecord['scope'] => (currency === 'COP' ? 'local' : 'international');

/**
 * The rate a merchant's currency is charged at in the account's: units of `account` per unit of
 * `merchant`, the day's market rate with the spread transfers pay (fx-rates.ts); null within one currency.
 */
export function chargeRate(ctx: DomainContext, merchant: CurrencyCode, account: CurrencyCode): string | null {
  return merchant === account ? null : transferRate(account, merchant, dateOf(ctx.clock.now()));
}

/** A merchant amount in the account's currency at `rate`, rounded half up; refused when it is not a usable amount. */
export function accountAmount(merchantAmount: number, rate: string | null, path = '#/amount/amount'): number {
  const amount = rate === null ? merchantAmount : sourceForTarget(merchantAmount, rate);
  if (amount < 1) fail('out_of_range', path, 'The amount converts to less than one minor unit of the account\'s currency.');
  if (amount > Number.MAX_SAFE_INTEGER) fail('out_of_range', path, 'The converted amount is larger than the emulator keeps exactly.');
  return amount;
}

/** Money in `currency`, to compare with a limit: as it is, or converted at the market rate of the day it is dated (no spread: nothing is charged). */
export function amountIn(money: Money, currency: CurrencyCode, at: EpochMs): number {
  return money.currency === currency ? money.amount : sourceForTarget(money.amount, marketRate(currency, money.currency, dateOf(at)));
}

/** "COP 12,345.00": amounts as decline and error messages show them. */
export function moneyText(amount: number, currency: CurrencyCode): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${currency} ${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

export function getCardTransaction(ctx: DomainContext, tenant: Tenant, id: string, path = '#/transaction_id'): CardTransactionRecord {
  return ctx.stores.cardTransactions.get(tenant.id, id) ?? notFound(path, 'card transaction');
}

export interface CardTransactionFilter {
  states?: readonly CardTransactionState[] | undefined;
  transactionAtFrom?: string | undefined;
  transactionAtUntil?: string | undefined;
}

/** GET /v1/cards/{card_id}/transactions: a card's transactions, newest first, by state and within `transaction_at` bounds. */
export function listCardTransactions(
  ctx: DomainContext,
  tenant: Tenant,
  cardId: string,
  filter: CardTransactionFilter,
  page: PageRequest,
): { cardId: string; page: Page<CardTransactionRecord> } {
  const card = getCard(ctx, tenant, cardId);
  const result = ctx.stores.cardTransactions.query(
    tenant.id,
    {
      where: { cardId: card.id, state: filter.states?.length ? filter.states : undefined },
      within: { transactionAt: timeBounds(filter.transactionAtFrom, filter.transactionAtUntil) },
      order: 'newest',
    },
    page,
  );
  return { cardId: card.id, page: result };
}

/** A card transaction with what it follows, its authorization, the ledger transactions naming it and the card's funds now. */
export function cardActivityView(ctx: DomainContext, tenant: Tenant, transaction: CardTransactionRecord): CardActivityView {
  const original = transaction.originalTransactionId === null ? null : (ctx.stores.cardTransactions.get(tenant.id, transaction.originalTransactionId) ?? null);
  const ledger = ctx.stores.ledgerTransactions
    .query(tenant.id, { where: { idInOrigin: transaction.id } })
    .items.map((t) => ledgerTransactionView(ctx, tenant, t));
  return {
    transaction,
    original,
    authorization: transaction.hold ? transaction : original?.hold ? original : null,
    ledger,
    funds: fundsView(cardFunding(ctx, tenant, getCard(ctx, tenant, transaction.cardId))),
  };
}

export function showCardActivity(ctx: DomainContext, tenant: Tenant, id: string): CardActivityView {
  return cardActivityView(ctx, tenant, getCardTransaction(ctx, tenant, id));
}

/** The fields every new card transaction starts from: what the card draws on, now, nothing declined or linked. */
export function newCardTransaction(
  ctx: DomainContext,
  funding: CardFunding,
  fields: Pick<CardTransactionRecord, 'type' | 'channel' | 'operationType' | 'merchantAmount' | 'merchant' | 'description'> &
    Omit<Partial<CardTransactionRecord>, 'amount'> & { amount: number },
): CardTransactionRecord {
  const { amount, ...rest } = fields;
  return {
    id: ctx.ids.next('ctx'),
    cardId: funding.card.id,
    accountId: funding.accountId,
    source: funding.source,
    gmf: 0,
    withdrawalFee: null,
    fxRate: null,
    scope: scopeOf(fields.merchantAmount.currency),
    state: 'approved',
    decline: null,
    originalTransactionId: null,
    previousValues: null,
    transactionAt: ctx.clock.now(),
    hold: null,
    refunded: 0,
    ...rest,
    amount: { amount, currency: funding.currency },
  };
}

/**
 * The one step that writes card activity: the new transaction and what it changed in the one it
 * follows, its `card_transaction` webhook (unless `announce` is false: a settlement at the
 * authorized amount is announced by nothing, the approval having said it), then its money,
 * whose ledger transactions announce themselves. Everything was checked when `funds` was
 * prepared, so nothing here can fail half way.
 */
export function writeCardActivity(
  ctx: DomainContext,
  tenant: Tenant,
  step: { transaction: CardTransactionRecord; updated?: CardTransactionRecord | undefined; funds: PreparedFunds | null; announce?: boolean },
): CardActivityView {
  ctx.stores.cardTransactions.put(tenant.id, step.transaction);
  if (step.updated) ctx.stores.cardTransactions.put(tenant.id, step.updated);
  if (step.announce !== false) ctx.events.emit(tenant, { type: 'card_transaction', transaction: step.transaction });
  step.funds?.commit();
  return cardActivityView(ctx, tenant, step.transaction);
}
