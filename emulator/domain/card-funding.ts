import type { CardFundingSource, CardRecord, CurrencyCode, Tenant } from '../ports/records.js';
import type { CardFundsView, LedgerTransactionView } from '../ports/views.js';
import type { DomainContext } from './context.js';
import { fail } from './errors.js';
import { commitPostings, preparePostings, type PostingOrigin, type PostingPlan } from './ledger-postings.js';

/**
 * What a card spends (Mono's cards guide): a Core card its ledger sub-account, through the ledger's engine (every
 * movement a ledger transaction); a debit banking card its Mono bank account; a prepaid banking
 * card the balance loaded onto it. Banking accounts keep no ledger and no pending balance, so an
 * amount set aside for an authorization leaves their available balance at once.
 */
export interface CardFunding {
  source: CardFundingSource;
  card: CardRecord;
  /** The `lacc_` or `acc_` account the card draws on. */
  accountId: string;
  currency: CurrencyCode;
  available: number;
  /** What open holds set aside: ledger sub-accounts only. */
  pending: number | null;
  /** Whether the 4x1000 tax applies (see gmfFor). */
  chargesGmf: boolean;
}

export function cardFunding(ctx: DomainContext, tenant: Tenant, card: CardRecord): CardFunding {
  const ledger = ctx.stores.ledgerAccounts.get(tenant.id, card.accountId);
  if (ledger) {
    return { source: 'ledger_account', card, accountId: ledger.id, currency: ledger.currency, available: ledger.available, pending: ledger.pending, chargesGmf: false };
  }
  const bank = ctx.stores.bankAccounts.get(tenant.id, card.accountId);
  if (!bank) throw new Error(`card ${card.id} lost its account`);
  if (card.prepaidBalance !== null) {
    return { source: 'prepaid_card', card, accountId: bank.id, currency: bank.currency, available: card.prepaidBalance, pending: null, chargesGmf: true };
  }
  return { source: 'bank_account', card, accountId: bank.id, currency: bank.currency, available: bank.available, pending: null, chargesGmf: true };
}

export function fundsView(funding: CardFunding): CardFundsView {
  const money = (amount: number) => ({ amount, currency: funding.currency });
  return {
    source: funding.source,
    id: funding.source === 'prepaid_card' ? funding.card.id : funding.accountId,
    available: money(funding.available),
    pending: funding.pending === null ? null : money(funding.pending),
  };
}

/**
 * The GMF (gravamen a los movimientos financieros, Colombia's 4x1000): 4 per 1000 of a debit,
 * rounded half up to whole cents, on money leaving a Mono bank product: banking cards, debit
 * and prepaid. A Core card's ledger is the tenant's own book, not a bank account: no GMF.
 */
export function gmfFor(funding: CardFunding, amount: number): number {
  return funding.chargesGmf ? Number((BigInt(amount) * 4n + 500n) / 1000n) : 0;
}

/**
 * One movement of what a card draws on. `gmf` rides along on banking cards (0 on Core cards):
 * taken with a hold, a capture or a debit, given back with a release or a credit.
 */
export type FundsMove =
  /** Sets money aside for an authorization. */
  | { kind: 'hold'; amount: number; gmf: number }
  /** Gives back what a hold set aside (`holdId`: the ledger hold; null on banking cards). */
  | { kind: 'release'; holdId: string | null; amount: number; gmf: number }
  /** Settles a hold: takes `amount`, of which `fromHold` was set aside, the rest from available. */
  | { kind: 'capture'; holdId: string | null; amount: number; fromHold: number; gmf: number }
  | { kind: 'debit'; amount: number; gmf: number; allowNegative?: boolean; description?: string }
  /** `revertsId`: the ledger debit this credit undoes (an ATM fee given back). */
  | { kind: 'credit'; amount: number; gmf: number; revertsId?: string | null; description?: string };

export interface PreparedFunds {
  /** The ledger transaction each move writes (by the moves' order); null on banking cards and for moves of nothing. */
  ledgerIds: (string | null)[];
  /** Writes the moves; the caller must not yield between preparing and committing. */
  commit(): LedgerTransactionView[];
}

/** What a move does to a banking balance, which holds leave at once. */
function bankingDelta(move: FundsMove): number {
  switch (move.kind) {
    case 'hold':
    case 'debit':
      return -(move.amount + move.gmf);
    case 'capture':
      return -(move.amount - move.fromHold + move.gmf);
    case 'release':
    case 'credit':
      return move.amount + move.gmf;
  }
}

function ledgerPlan(ctx: DomainContext, tenant: Tenant, accountId: string, move: FundsMove): Omit<PostingPlan, keyof PostingOrigin> {
  const amount = { amount: move.amount, currency: ctx.stores.ledgerAccounts.get(tenant.id, accountId)!.currency };
  switch (move.kind) {
    case 'hold':
      return { accountId, operationType: 'hold', amount };
    case 'release': {
      // A release of a whole hold nothing was taken from reverses it (reverts_id), as the engine's releaseHold does.
      const hold = ctx.stores.ledgerHolds.get(tenant.id, move.holdId!);
      const placed = ctx.stores.ledgerTransactions.get(tenant.id, move.holdId!);
      const whole = hold?.held === placed?.amount.amount && move.amount === hold?.held && placed?.revertedById === null;
      return { accountId, operationType: 'release', amount, holdId: move.holdId!, revertsId: whole ? move.holdId! : undefined };
    }
    case 'capture':
      return { accountId, operationType: 'debit', amount, holdId: move.holdId! };
    case 'debit':
      return { accountId, operationType: 'debit', amount, allowNegative: move.allowNegative };
    case 'credit':
      return { accountId, operationType: 'credit', amount, revertsId: move.revertsId ?? undefined };
  }
}

/**
 * Checks the moves against what the card draws on and readies them, writing nothing: a move
 * that would take the balance below zero (but a debit allowed to) throws Mono's 422
 * insufficient_funds at `amountPath`. Core cards move through the ledger's engine, with `origin`.
 */
export function prepareFunds(
  ctx: DomainContext,
  tenant: Tenant,
  funding: CardFunding,
  moves: readonly FundsMove[],
  origin: PostingOrigin,
  amountPath = '#/amount/amount',
): PreparedFunds {
  if (funding.source === 'ledger_account') {
    const indexed = moves.flatMap((move, i) => (move.amount > 0 ? [{ move, i }] : []));
    const prepared = preparePostings(
      ctx,
      tenant,
      indexed.map(({ move }) => ({
        ...origin,
        ...(move.kind === 'debit' || move.kind === 'credit' ? { description: move.description ?? origin.description } : {}),
        ...ledgerPlan(ctx, tenant, funding.accountId, move),
        amountPath,
      })),
    );
    const ledgerIds: (string | null)[] = moves.map(() => null);
    indexed.forEach(({ i }, n) => (ledgerIds[i] = prepared.transactions[n]!.id));
    return { ledgerIds, commit: () => commitPostings(ctx, tenant, prepared) };
  }

  const delta = moves.reduce((sum, move) => sum + bankingDelta(move), 0);
  const balance = funding.available + delta;
  const forced = moves.some((move) => move.kind === 'debit' && move.allowNegative);
  if (delta < 0 && balance < 0 && !forced) {
    fail('insufficient_funds', amountPath, `${funding.source === 'prepaid_card' ? 'The card holds' : 'The account has'} ${funding.available} available.`);
  }
  if (Math.abs(balance) > Number.MAX_SAFE_INTEGER) fail('out_of_range', amountPath, 'The balance would pass the largest amount the emulator keeps exactly.');
  return {
    ledgerIds: moves.map(() => null),
    commit() {
      if (delta === 0) return [];
      if (funding.source === 'prepaid_card') {
        const card = ctx.stores.cards.get(tenant.id, funding.card.id)!;
        ctx.stores.cards.put(tenant.id, { ...card, prepaidBalance: balance });
      } else {
        const now = ctx.clock.now();
        const account = ctx.stores.bankAccounts.get(tenant.id, funding.accountId)!;
        ctx.stores.bankAccounts.put(tenant.id, { ...account, available: balance, updatedAt: now, balanceUpdatedAt: now });
      }
      return [];
    },
  };
}
