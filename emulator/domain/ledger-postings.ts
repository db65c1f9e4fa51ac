import type {
  EpochMs,
  LedgerAccountRecord,
  LedgerHoldRecord,
  LedgerOperationType,
  LedgerOrigin,
  LedgerTransactionRecord,
  Money,
  Tenant,
} from '../ports/records.js';
import type { LedgerTransactionView } from '../ports/views.js';
import type { DomainContext } from './context.js';
import { fail, notFound } from './errors.js';
import { ledgerTransactionView } from './ledger-transactions.js';

/**
 * The ledger's engine. Every movement of a ledger account is one immutable transaction (`ltx_`)
 * written here, together with the account's balances and its holds, in one synchronous step,
 * and announced as `ledger_account_transaction_created` (§12.4: "sent for every ledger
 * movement"). The balances follow from the transactions (§12.2):
 *
 * - `credit` adds to available; `debit` takes from available;
 * - `hold` moves money from available to pending (an authorization sets it aside);
 * - `release` moves what a hold still holds back to available;
 * - a debit that settles a hold takes first what the hold set aside (from pending), and only the
 *   rest from available.
 *
 * So available + pending = credits - debits, and pending is what open holds still hold. Available
 * never goes below zero, except through a debit that allows it (Mono's force debits). The engine
 * does not judge account states: callers refuse blocked accounts where Mono does, and card spend
 * may still settle on them.
 *
 * This is the API card spend moves money through (origin `card_transaction`, `id_in_origin` the
 * `ctx_` id): credit, debit, placeHold, releaseHold, settleHold and reverseTransaction, each
 * writing one transaction; preparePostings/commitPostings write several at once (a transfer's
 * two legs) or none.
 */

/** Where a transaction comes from, as its `origin`, `id_in_origin`, `description` and `origin_transaction_at` show. */
export interface PostingOrigin {
  origin: LedgerOrigin;
  idInOrigin: string | null;
  description?: string | null | undefined;
  /** When its cause happened; now when absent. */
  originTransactionAt?: EpochMs | undefined;
}

export interface PostingInput extends PostingOrigin {
  /** Positive, in the account's currency. */
  amount: Money;
}

/** One transaction to write. */
export interface PostingPlan extends PostingInput {
  accountId: string;
  operationType: LedgerOperationType;
  /** The hold a release gives back from or a debit settles. */
  holdId?: string | undefined;
  /** The transaction this one reverses in full. */
  revertsId?: string | undefined;
  /** A debit that may take available below zero (Mono's force debit). */
  allowNegative?: boolean | undefined;
  /** Where an error about the amount points, e.g. `#/source_amount/amount`. */
  amountPath?: string | undefined;
}

/** Checked postings, ready to be written. */
export interface PreparedPostings {
  transactions: LedgerTransactionRecord[];
  accounts: Map<string, LedgerAccountRecord>;
  holds: Map<string, LedgerHoldRecord>;
  reverted: LedgerTransactionRecord[];
}

const currencyPath = (amountPath: string) => amountPath.replace(/\/amount$/, '/currency');

/**
 * Checks every plan against the balances as the plans before it leave them, and builds what to
 * write. Throws Mono's error, with nothing written, when one cannot be made.
 */
export function preparePostings(ctx: DomainContext, tenant: Tenant, plans: readonly PostingPlan[]): PreparedPostings {
  const now = ctx.clock.now();
  const accounts = new Map<string, LedgerAccountRecord>();
  const holds = new Map<string, LedgerHoldRecord>();
  const transactions: LedgerTransactionRecord[] = [];
  const reverted: LedgerTransactionRecord[] = [];
  for (const plan of plans) {
    const amountPath = plan.amountPath ?? '#/amount/amount';
    const account = accounts.get(plan.accountId) ?? ctx.stores.ledgerAccounts.get(tenant.id, plan.accountId) ?? notFound('#/account_id', 'ledger account');
    const amount = plan.amount.amount;
    if (!Number.isSafeInteger(amount) || amount <= 0) fail('out_of_range', amountPath, 'A ledger transaction moves a positive whole number of minor units.');
    if (plan.amount.currency !== account.currency) fail('currency_mismatch', currencyPath(amountPath), `The account is in ${account.currency}.`);

    let { available, pending } = account;
    let settledFromHold = 0;
    let hold: LedgerHoldRecord | undefined;
    if (plan.holdId !== undefined) {
      hold = holds.get(plan.holdId) ?? ctx.stores.ledgerHolds.get(tenant.id, plan.holdId) ?? notFound('#/hold_id', 'hold');
      if (hold.accountId !== account.id) notFound('#/hold_id', 'hold');
    }
    switch (plan.operationType) {
      case 'credit':
        available += amount;
        break;
      case 'debit':
        settledFromHold = hold ? Math.min(amount, hold.held) : 0;
        available -= amount - settledFromHold;
        pending -= settledFromHold;
        if (available < 0 && !plan.allowNegative) fail('insufficient_funds', amountPath, `The account has ${account.available} available.`);
        break;
      case 'hold':
        available -= amount;
        pending += amount;
        if (available < 0) fail('insufficient_funds', amountPath, `The account has ${account.available} available.`);
        break;
      case 'release':
        if (!hold) throw new Error('a release names the hold it gives back from');
        if (amount > hold.held) fail('out_of_range', amountPath, `The hold has ${hold.held} left to release.`);
        available += amount;
        pending -= amount;
        break;
    }
    if (Math.abs(available) > Number.MAX_SAFE_INTEGER || pending > Number.MAX_SAFE_INTEGER) {
      fail('out_of_range', amountPath, 'The balance would pass the largest amount the emulator keeps exactly.');
    }

    const id = ctx.ids.next('ltx');
    if (plan.revertsId !== undefined) {
      const original = ctx.stores.ledgerTransactions.get(tenant.id, plan.revertsId) ?? notFound('#/transaction_id', 'ledger transaction');
      if (original.revertedById !== null || original.revertsId !== null) fail('transaction_not_reversible', '#/transaction_id');
      reverted.push({ ...original, revertedById: id });
    }
    if (hold) {
      const used = plan.operationType === 'release' ? amount : settledFromHold;
      holds.set(hold.id, { ...hold, held: hold.held - used });
    }
    if (plan.operationType === 'hold') holds.set(id, { id, accountId: account.id, held: amount });
    accounts.set(account.id, { ...account, available, pending, updatedAt: now });
    transactions.push({
      id,
      accountId: account.id,
      operationType: plan.operationType,
      amount: { amount, currency: account.currency },
      origin: plan.origin,
      idInOrigin: plan.idInOrigin,
      description: plan.description ?? null,
      originTransactionAt: plan.originTransactionAt ?? now,
      transactionAt: now,
      revertsId: plan.revertsId ?? null,
      revertedById: null,
      holdId: plan.holdId ?? null,
      settledFromHold,
    });
  }
  return { transactions, accounts, holds, reverted };
}

/** Writes prepared postings and announces each transaction; the caller must not have yielded since preparing them. */
export function commitPostings(ctx: DomainContext, tenant: Tenant, prepared: PreparedPostings): LedgerTransactionView[] {
  const { stores } = ctx;
  for (const transaction of prepared.transactions) stores.ledgerTransactions.put(tenant.id, transaction);
  for (const original of prepared.reverted) stores.ledgerTransactions.put(tenant.id, original);
  for (const hold of prepared.holds.values()) stores.ledgerHolds.put(tenant.id, hold);
  for (const account of prepared.accounts.values()) stores.ledgerAccounts.put(tenant.id, account);
  return prepared.transactions.map((transaction) => {
    const view = ledgerTransactionView(ctx, tenant, transaction);
    ctx.events.emit(tenant, { type: 'ledger_account_transaction_created', transaction: view });
    return view;
  });
}

function postOne(ctx: DomainContext, tenant: Tenant, plan: PostingPlan): LedgerTransactionView {
  return commitPostings(ctx, tenant, preparePostings(ctx, tenant, [plan]))[0]!;
}

/** Adds to available (a top-up, a refund). */
export function credit(ctx: DomainContext, tenant: Tenant, accountId: string, input: PostingInput): LedgerTransactionView {
  return postOne(ctx, tenant, { ...input, accountId, operationType: 'credit' });
}

/** Takes from available; below zero only with `allowNegative` (a force debit), else 422 insufficient_funds. */
export function debit(ctx: DomainContext, tenant: Tenant, accountId: string, input: PostingInput & { allowNegative?: boolean }): LedgerTransactionView {
  return postOne(ctx, tenant, { ...input, accountId, operationType: 'debit' });
}

/** Sets money aside (an authorization): available to pending. Never below zero. The hold's id is the transaction's. */
export function placeHold(ctx: DomainContext, tenant: Tenant, accountId: string, input: PostingInput): LedgerTransactionView {
  return postOne(ctx, tenant, { ...input, accountId, operationType: 'hold' });
}

function getHold(ctx: DomainContext, tenant: Tenant, holdId: string): { hold: LedgerHoldRecord; transaction: LedgerTransactionRecord } {
  const hold = ctx.stores.ledgerHolds.get(tenant.id, holdId) ?? notFound('#/hold_id', 'hold');
  const transaction = ctx.stores.ledgerTransactions.get(tenant.id, holdId);
  if (!transaction) throw new Error(`hold ${holdId} has no transaction`);
  return { hold, transaction };
}

/** What a hold still sets aside (0 once released or settled in full). */
export function heldBy(ctx: DomainContext, tenant: Tenant, holdId: string): number {
  return getHold(ctx, tenant, holdId).hold.held;
}

/**
 * Gives back what a hold sets aside (a reversal, a partial reversal): pending to available. All
 * of what it still holds when `amount` is absent. A release of the whole hold, before anything
 * was taken from it, reverses it: `reverts_id` names the hold, whose `reverted_by_id` names the release.
 */
export function releaseHold(
  ctx: DomainContext,
  tenant: Tenant,
  holdId: string,
  input: Partial<PostingOrigin> & { amount?: number } = {},
): LedgerTransactionView {
  const { hold, transaction } = getHold(ctx, tenant, holdId);
  if (hold.held === 0) fail('hold_not_open');
  const amount = input.amount ?? hold.held;
  const whole = amount === transaction.amount.amount && hold.held === amount;
  return postOne(ctx, tenant, {
    ...originOf(transaction, input),
    accountId: hold.accountId,
    operationType: 'release',
    amount: { amount, currency: transaction.amount.currency },
    holdId,
    revertsId: whole && transaction.revertedById === null ? holdId : undefined,
  });
}

/**
 * Settles a hold (a presentment): a debit of `amount` that takes what the hold still sets aside
 * first and the rest from available (below zero only with `allowNegative`). What the hold holds
 * beyond `amount` stays held, for a later settlement or release; a hold already released or
 * settled in full leaves the whole debit to available.
 */
export function settleHold(
  ctx: DomainContext,
  tenant: Tenant,
  holdId: string,
  input: Partial<PostingOrigin> & { amount: Money; allowNegative?: boolean },
): LedgerTransactionView {
  const { hold, transaction } = getHold(ctx, tenant, holdId);
  return postOne(ctx, tenant, {
    ...originOf(transaction, input),
    accountId: hold.accountId,
    operationType: 'debit',
    amount: input.amount,
    holdId,
    allowNegative: input.allowNegative,
  });
}

/**
 * Undoes a credit (with a debit), a debit (with a credit) or a hold (releasing all of it),
 * linking both: `reverts_id` and `reverted_by_id`. A transaction is reversed once; a release or
 * a reversal is not reversed (409 transaction_not_reversible).
 */
export function reverseTransaction(
  ctx: DomainContext,
  tenant: Tenant,
  transactionId: string,
  input: { description?: string | null; allowNegative?: boolean } = {},
): LedgerTransactionView {
  const original = ctx.stores.ledgerTransactions.get(tenant.id, transactionId) ?? notFound('#/transaction_id', 'ledger transaction');
  if (original.operationType === 'release' || original.revertedById !== null || original.revertsId !== null) fail('transaction_not_reversible', '#/transaction_id');
  const origin = originOf(original, input);
  if (original.operationType === 'hold') {
    const { hold } = getHold(ctx, tenant, original.id);
    if (hold.held !== original.amount.amount) fail('transaction_not_reversible', '#/transaction_id', 'Part of the hold was already released or settled.');
    return postOne(ctx, tenant, { ...origin, accountId: original.accountId, operationType: 'release', amount: original.amount, holdId: original.id, revertsId: original.id });
  }
  return postOne(ctx, tenant, {
    ...origin,
    accountId: original.accountId,
    operationType: original.operationType === 'credit' ? 'debit' : 'credit',
    amount: original.amount,
    revertsId: original.id,
    allowNegative: input.allowNegative,
  });
}

/** A follow-up transaction keeps its predecessor's origin unless told otherwise. */
function originOf(transaction: LedgerTransactionRecord, input: Partial<PostingOrigin>): PostingOrigin {
  return {
    origin: input.origin ?? transaction.origin,
    idInOrigin: input.idInOrigin === undefined ? transaction.idInOrigin : input.idInOrigin,
    description: input.description === undefined ? transaction.description : input.description,
    originTransactionAt: input.originTransactionAt,
  };
}
