import { describe, expect, it } from 'vitest';
import { MonoError } from '../../emulator/domain/errors.js';
import {
  commitPostings,
  credit,
  debit,
  heldBy,
  placeHold,
  preparePostings,
  releaseHold,
  reverseTransaction,
  settleHold,
} from '../../emulator/domain/ledger-postings.js';
import { listLedgerTransactions } from '../../emulator/domain/ledger-transactions.js';
import type { LedgerTransactionRecord } from '../../emulator/ports/records.js';
import { domainWorld, type DomainWorld } from '../support/domain-context.js';

const COP = (amount: number) => ({ amount, currency: 'COP' as const });
/** A card transaction id, as card spend passes it; no card transaction record stands behind it here. */
const CTX = 'ctx_5tgliBmzj6thQPRbQjfKjA';
const card = { origin: 'card_transaction' as const, idInOrigin: CTX, description: 'Compra en Éxito' };

function balances(world: DomainWorld, accountId: string) {
  const { available, pending } = world.ctx.stores.ledgerAccounts.get(world.tenant.id, accountId)!;
  return { available, pending };
}

function transactions(world: DomainWorld, accountId: string): LedgerTransactionRecord[] {
  return world.ctx.stores.ledgerTransactions.query(world.tenant.id, { where: { accountId } }).items;
}

/** Runs `fn`, expecting Mono's error with this code; answers the error. */
function refused(fn: () => unknown, code: string): MonoError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MonoError);
    expect((error as MonoError).details[0]!.code).toBe(code);
    return error as MonoError;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

function fundedAccount(world: DomainWorld, amount: number) {
  const account = world.openAccount('COP');
  credit(world.ctx, world.tenant, account.id, { amount: COP(amount), origin: 'subaccount_operation', idInOrigin: null });
  return account;
}

describe('ledger postings: credits and debits', () => {
  it('postings: a credit adds to available and writes one immutable transaction with its origin, announced once', () => {
    const world = domainWorld();
    const account = world.openAccount('COP');
    const view = credit(world.ctx, world.tenant, account.id, { amount: COP(5_000), ...card });

    expect(balances(world, account.id)).toEqual({ available: 5_000, pending: 0 });
    expect(view.transaction).toMatchObject({
      id: expect.stringMatching(/^ltx_[0-9A-Za-z]{22}$/),
      accountId: account.id,
      operationType: 'credit',
      amount: COP(5_000),
      origin: 'card_transaction',
      idInOrigin: CTX,
      description: 'Compra en Éxito',
      revertsId: null,
      revertedById: null,
    });
    // The details come from the card transaction's record; with none stored they are null, as Mono allows.
    expect(view.details).toBeNull();
    expect(world.events).toEqual([{ type: 'ledger_account_transaction_created', transaction: view }]);
  });

  it('postings: a debit beyond available is refused with nothing written, unless it may take the balance below zero', () => {
    const world = domainWorld();
    const account = fundedAccount(world, 1_000);
    const before = transactions(world, account.id).length;
    const error = refused(() => debit(world.ctx, world.tenant, account.id, { amount: COP(1_001), ...card }), 'insufficient_funds');
    expect(error.details[0]!.path).toBe('#/amount/amount');
    expect(transactions(world, account.id)).toHaveLength(before);
    expect(balances(world, account.id)).toEqual({ available: 1_000, pending: 0 });

    debit(world.ctx, world.tenant, account.id, { amount: COP(1_500), ...card, allowNegative: true });
    expect(balances(world, account.id)).toEqual({ available: -500, pending: 0 });
  });

  it("postings: an amount in another currency than the account's is refused", () => {
    const world = domainWorld();
    const account = world.openAccount('USD');
    refused(() => credit(world.ctx, world.tenant, account.id, { amount: COP(10), ...card }), 'currency_mismatch');
    expect(transactions(world, account.id)).toEqual([]);
  });
});

describe('ledger postings: holds', () => {
  it('postings: a hold moves money from available to pending; its id is the hold transaction', () => {
    const world = domainWorld();
    const account = fundedAccount(world, 10_000);
    const hold = placeHold(world.ctx, world.tenant, account.id, { amount: COP(3_000), ...card });
    expect(hold.transaction.operationType).toBe('hold');
    expect(balances(world, account.id)).toEqual({ available: 7_000, pending: 3_000 });
    expect(heldBy(world.ctx, world.tenant, hold.transaction.id)).toBe(3_000);
  });

  it('postings: a hold never takes available below zero', () => {
    const world = domainWorld();
    const account = fundedAccount(world, 2_000);
    refused(() => placeHold(world.ctx, world.tenant, account.id, { amount: COP(2_001), ...card }), 'insufficient_funds');
    expect(balances(world, account.id)).toEqual({ available: 2_000, pending: 0 });
  });

  it('postings: releasing a whole hold reverses it: the release names the hold, and the hold its release', () => {
    const world = domainWorld();
    const account = fundedAccount(world, 10_000);
    const hold = placeHold(world.ctx, world.tenant, account.id, { amount: COP(3_000), ...card });
    const release = releaseHold(world.ctx, world.tenant, hold.transaction.id);

    expect(release.transaction).toMatchObject({ operationType: 'release', amount: COP(3_000), revertsId: hold.transaction.id, origin: 'card_transaction', idInOrigin: CTX });
    expect(world.ctx.stores.ledgerTransactions.get(world.tenant.id, hold.transaction.id)!.revertedById).toBe(release.transaction.id);
    expect(balances(world, account.id)).toEqual({ available: 10_000, pending: 0 });
    refused(() => releaseHold(world.ctx, world.tenant, hold.transaction.id), 'hold_not_open');
  });

  it('postings: a partial release gives back part of a hold and reverses nothing; more than is held is refused', () => {
    const world = domainWorld();
    const account = fundedAccount(world, 10_000);
    const hold = placeHold(world.ctx, world.tenant, account.id, { amount: COP(3_000), ...card });
    const part = releaseHold(world.ctx, world.tenant, hold.transaction.id, { amount: 1_000 });
    expect(part.transaction.revertsId).toBeNull();
    expect(heldBy(world.ctx, world.tenant, hold.transaction.id)).toBe(2_000);
    expect(balances(world, account.id)).toEqual({ available: 8_000, pending: 2_000 });

    refused(() => releaseHold(world.ctx, world.tenant, hold.transaction.id, { amount: 2_001 }), 'out_of_range');
    const rest = releaseHold(world.ctx, world.tenant, hold.transaction.id);
    expect(rest.transaction).toMatchObject({ amount: COP(2_000), revertsId: null });
    expect(balances(world, account.id)).toEqual({ available: 10_000, pending: 0 });
  });

  it('postings: settling a hold for less debits the amount from pending and keeps the rest held', () => {
    const world = domainWorld();
    const account = fundedAccount(world, 10_000);
    const hold = placeHold(world.ctx, world.tenant, account.id, { amount: COP(3_000), ...card });
    const settled = settleHold(world.ctx, world.tenant, hold.transaction.id, { amount: COP(2_500) });

    expect(settled.transaction).toMatchObject({ operationType: 'debit', amount: COP(2_500), settledFromHold: 2_500, holdId: hold.transaction.id, idInOrigin: CTX });
    expect(balances(world, account.id)).toEqual({ available: 7_000, pending: 500 });
    releaseHold(world.ctx, world.tenant, hold.transaction.id);
    expect(balances(world, account.id)).toEqual({ available: 7_500, pending: 0 });
  });

  it('postings: settling a hold for more takes the excess from available, refused beyond it unless allowed below zero', () => {
    const world = domainWorld();
    const account = fundedAccount(world, 4_000);
    const hold = placeHold(world.ctx, world.tenant, account.id, { amount: COP(3_000), ...card });
    refused(() => settleHold(world.ctx, world.tenant, hold.transaction.id, { amount: COP(4_001) }), 'insufficient_funds');
    expect(balances(world, account.id)).toEqual({ available: 1_000, pending: 3_000 });

    settleHold(world.ctx, world.tenant, hold.transaction.id, { amount: COP(3_600) });
    expect(balances(world, account.id)).toEqual({ available: 400, pending: 0 });

    // A late presentment on a hold already settled takes everything from available.
    settleHold(world.ctx, world.tenant, hold.transaction.id, { amount: COP(1_000), allowNegative: true });
    expect(balances(world, account.id)).toEqual({ available: -600, pending: 0 });
  });
});

describe('ledger postings: reversals', () => {
  it('postings: reversing a credit writes a debit naming it, and the credit names its reversal; a second reversal is refused', () => {
    const world = domainWorld();
    const account = world.openAccount('COP');
    const original = credit(world.ctx, world.tenant, account.id, { amount: COP(900), ...card });
    const reversal = reverseTransaction(world.ctx, world.tenant, original.transaction.id);

    expect(reversal.transaction).toMatchObject({ operationType: 'debit', amount: COP(900), revertsId: original.transaction.id, idInOrigin: CTX });
    expect(world.ctx.stores.ledgerTransactions.get(world.tenant.id, original.transaction.id)!.revertedById).toBe(reversal.transaction.id);
    expect(balances(world, account.id)).toEqual({ available: 0, pending: 0 });
    refused(() => reverseTransaction(world.ctx, world.tenant, original.transaction.id), 'transaction_not_reversible');
    refused(() => reverseTransaction(world.ctx, world.tenant, reversal.transaction.id), 'transaction_not_reversible');
  });

  it('postings: reversing a debit credits it back; reversing a hold releases it whole, and only while nothing was taken from it', () => {
    const world = domainWorld();
    const account = fundedAccount(world, 5_000);
    const spent = debit(world.ctx, world.tenant, account.id, { amount: COP(1_000), ...card });
    reverseTransaction(world.ctx, world.tenant, spent.transaction.id);
    expect(balances(world, account.id)).toEqual({ available: 5_000, pending: 0 });

    const whole = placeHold(world.ctx, world.tenant, account.id, { amount: COP(2_000), ...card });
    const release = reverseTransaction(world.ctx, world.tenant, whole.transaction.id);
    expect(release.transaction).toMatchObject({ operationType: 'release', revertsId: whole.transaction.id });
    expect(balances(world, account.id)).toEqual({ available: 5_000, pending: 0 });

    const partly = placeHold(world.ctx, world.tenant, account.id, { amount: COP(2_000), ...card });
    releaseHold(world.ctx, world.tenant, partly.transaction.id, { amount: 500 });
    refused(() => reverseTransaction(world.ctx, world.tenant, partly.transaction.id), 'transaction_not_reversible');
  });

  it('postings: exclude_reversed leaves out both sides of a reversal and keeps everything else', () => {
    const world = domainWorld();
    const account = fundedAccount(world, 5_000);
    const kept = debit(world.ctx, world.tenant, account.id, { amount: COP(100), ...card });
    const undone = debit(world.ctx, world.tenant, account.id, { amount: COP(200), ...card });
    const reversal = reverseTransaction(world.ctx, world.tenant, undone.transaction.id);
    const page = { pageNumber: 1, pageSize: 500 };
    const ids = (excludeReversed: boolean) =>
      listLedgerTransactions(world.ctx, world.tenant, account.id, { excludeReversed }, page).items.map((v) => v.transaction.id);

    expect(ids(false)).toContain(reversal.transaction.id);
    expect(ids(false)).toContain(undone.transaction.id);
    expect(ids(true)).not.toContain(reversal.transaction.id);
    expect(ids(true)).not.toContain(undone.transaction.id);
    expect(ids(true)).toContain(kept.transaction.id);
    expect(ids(true)).toHaveLength(ids(false).length - 2);
  });
});

describe('ledger postings: several at once', () => {
  it('postings: when one of several postings cannot be made, none is written and nothing is announced', () => {
    const world = domainWorld();
    const rich = fundedAccount(world, 1_000);
    const poor = world.openAccount('COP');
    const eventsBefore = world.events.length;
    const txBefore = world.ctx.stores.ledgerTransactions.query(world.tenant.id).totalItems;

    refused(
      () =>
        preparePostings(world.ctx, world.tenant, [
          { accountId: rich.id, operationType: 'credit', amount: COP(10), ...card },
          { accountId: poor.id, operationType: 'debit', amount: COP(10), ...card },
        ]),
      'insufficient_funds',
    );
    expect(world.ctx.stores.ledgerTransactions.query(world.tenant.id).totalItems).toBe(txBefore);
    expect(world.events).toHaveLength(eventsBefore);
    expect(balances(world, rich.id)).toEqual({ available: 1_000, pending: 0 });

    const written = commitPostings(
      world.ctx,
      world.tenant,
      preparePostings(world.ctx, world.tenant, [
        { accountId: rich.id, operationType: 'debit', amount: COP(400), ...card },
        { accountId: poor.id, operationType: 'credit', amount: COP(400), ...card },
      ]),
    );
    expect(written.map((v) => v.transaction.operationType)).toEqual(['debit', 'credit']);
    expect(balances(world, rich.id)).toEqual({ available: 600, pending: 0 });
    expect(balances(world, poor.id)).toEqual({ available: 400, pending: 0 });
  });
});
