import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MonoError } from '../../emulator/domain/errors.js';
import { heldBy, placeHold, releaseHold, settleHold } from '../../emulator/domain/ledger-postings.js';
import { createLedgerTransfer } from '../../emulator/domain/ledger-transfers.js';
import { applyBalanceOperation } from '../../emulator/domain/subaccount-operations.js';
import type { CurrencyCode, LedgerAccountRecord } from '../../emulator/ports/records.js';
import { domainWorld, type DomainWorld } from '../support/domain-context.js';

/** One step of a random history over the accounts (indexes wrap around the accounts and holds there are). */
type Step =
  | { kind: 'topup' | 'withdrawal'; account: number; amount: number }
  | { kind: 'transfer'; from: number; to: number; amount: number; fixTarget: boolean }
  | { kind: 'hold'; account: number; amount: number }
  | { kind: 'release'; hold: number; part: number }
  | { kind: 'settle'; hold: number; amount: number };

const amount = fc.integer({ min: 1, max: 400_000 });
const index = fc.nat(9);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constantFrom('topup' as const, 'withdrawal' as const), account: index, amount }),
  fc.record({ kind: fc.constant('transfer' as const), from: index, to: index, amount, fixTarget: fc.boolean() }),
  fc.record({ kind: fc.constant('hold' as const), account: index, amount }),
  fc.record({ kind: fc.constant('release' as const), hold: index, part: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ kind: fc.constant('settle' as const), hold: index, amount }),
);

/** The money that came into each currency from outside the ledger, minus what left it: worked out from the steps, not read from the emulator. */
type External = Record<string, number>;

/** Applies one step; a step Mono would refuse throws MonoError and must change nothing. */
function apply(world: DomainWorld, accounts: LedgerAccountRecord[], holds: string[], external: External, s: Step, n: number): void {
  const { ctx, tenant } = world;
  const at = (i: number) => accounts[i % accounts.length]!;
  switch (s.kind) {
    case 'topup':
    case 'withdrawal': {
      const account = at(s.account);
      applyBalanceOperation(ctx, tenant, account.id, { amount: { amount: s.amount, currency: account.currency }, operation: s.kind, external_id: `op-${n}` });
      external[account.currency]! += s.kind === 'topup' ? s.amount : -s.amount;
      return;
    }
    case 'transfer': {
      const payer = at(s.from);
      const receiver = at(s.to);
      const field = s.fixTarget ? 'target_amount' : 'source_amount';
      const money = { amount: s.amount, currency: s.fixTarget ? receiver.currency : payer.currency };
      const done = createLedgerTransfer(ctx, tenant, { payer_account_id: payer.id, receiving_account_id: receiver.id, external_id: `op-${n}`, [field]: money });
      external[payer.currency]! -= done.amount.amount;
      external[receiver.currency]! += done.targetAmount.amount;
      return;
    }
    case 'hold': {
      const account = at(s.account);
      holds.push(placeHold(ctx, tenant, account.id, { amount: { amount: s.amount, currency: account.currency }, origin: 'card_transaction', idInOrigin: `ctx_${String(n).padStart(22, '0')}` }).transaction.id);
      return;
    }
    case 'release': {
      if (holds.length === 0) return;
      const holdId = holds[s.hold % holds.length]!;
      const held = heldBy(ctx, tenant, holdId);
      releaseHold(ctx, tenant, holdId, { amount: Math.max(1, Math.floor((held * s.part) / 100)) });
      return;
    }
    case 'settle': {
      if (holds.length === 0) return;
      const holdId = holds[s.hold % holds.length]!;
      const hold = ctx.stores.ledgerTransactions.get(tenant.id, holdId)!;
      settleHold(ctx, tenant, holdId, { amount: { amount: s.amount, currency: hold.amount.currency } });
      external[hold.amount.currency]! -= s.amount;
      return;
    }
  }
}

/** Everything a refused step must leave as it was. */
function snapshot(world: DomainWorld): string {
  const { stores } = world.ctx;
  const id = world.tenant.id;
  return JSON.stringify([stores.ledgerAccounts.query(id).items, stores.ledgerTransactions.query(id).items, stores.ledgerHolds.query(id).items, world.events.length]);
}

/** The ledger's own account of every balance must agree with the balances, and with the money that came in and went out. */
function checkInvariants(world: DomainWorld, external: External): void {
  const { stores } = world.ctx;
  const tenantId = world.tenant.id;
  const totals: Record<string, number> = {};
  for (const account of stores.ledgerAccounts.query(tenantId).items) {
    const sum = (type: string, of: (t: { amount: { amount: number }; settledFromHold: number }) => number = (t) => t.amount.amount) =>
      stores.ledgerTransactions
        .query(tenantId, { where: { accountId: account.id, operationType: type as never } })
        .items.reduce((total, t) => total + of(t), 0);
    const credits = sum('credit');
    const debits = sum('debit');
    const stillHeld = stores.ledgerHolds.query(tenantId, { where: { accountId: account.id } }).items.reduce((total, h) => total + h.held, 0);

    expect(account.available).toBeGreaterThanOrEqual(0);
    expect(account.pending).toBeGreaterThanOrEqual(0);
    expect(account.available + account.pending).toBe(credits - debits);
    expect(account.pending).toBe(sum('hold') - sum('release') - sum('debit', (t) => t.settledFromHold));
    expect(account.pending).toBe(stillHeld);
    totals[account.currency] = (totals[account.currency] ?? 0) + account.available + account.pending;
  }
  expect(totals).toEqual(external);
  // §12.4: one ledger_account_transaction_created per ledger transaction.
  expect(world.events.filter((e) => e.type === 'ledger_account_transaction_created')).toHaveLength(stores.ledgerTransactions.query(tenantId).totalItems);
}

describe('ledger invariant', () => {
  it('ledger: over random top-ups, withdrawals, transfers (FX included) and holds, every balance is what its transactions say, never below zero, and refused steps change nothing', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const world = domainWorld();
        const currencies: CurrencyCode[] = ['COP', 'COP', 'USD'];
        const accounts = currencies.map((c) => world.openAccount(c));
        const holds: string[] = [];
        const external: External = { COP: 0, USD: 0 };
        steps.forEach((s, n) => {
          const before = snapshot(world);
          const externalBefore = { ...external };
          try {
            apply(world, accounts, holds, external, s, n);
          } catch (error) {
            if (!(error instanceof MonoError)) throw error;
            expect(snapshot(world)).toBe(before);
            expect(external).toEqual(externalBefore);
          }
          checkInvariants(world, external);
        });
      }),
      { numRuns: 150 },
    );
  });
});
