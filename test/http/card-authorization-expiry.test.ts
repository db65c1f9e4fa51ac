import { describe, expect, it } from 'vitest';
import type { ContractClient } from '../support/contract-client.js';
import { seedOf, startEmulator, type TestEmulator } from '../support/emulator.js';
import { balances, transactionsOf } from '../support/ledger.js';
import { approved, authorize, bankAvailable, cardEvents, COP, coreCard, debitCard, followUp, listen } from '../support/card-spend.js';
import { assertPayloadMatchesContract } from '../support/webhook-receiver.js';

const DAY_MS = 86_400_000;

/** Moves the time of the client's tenant alone, as a worker sharing the emulator would. */
async function advanceTenant(api: ContractClient, days: number): Promise<void> {
  const res = await api.post('/_emulator/clock/advance', { seconds: days * 86_400 });
  expect(res.status, res.text).toBe(200);
}

/** The test emulator as tenant B sees it, for the card-spend helpers. */
const asTenantB = async (t: TestEmulator): Promise<TestEmulator> => ({ ...t, api: t.other, seed: await seedOf(t.other) });

describe('authorization expiry on the emulator clock', () => {
  it('expiry: an authorization not settled within 7 days is released then, and authorization_reversed is sent; a millisecond before, it still holds', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId, accountId } = await coreCard(t, 100_000);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(40_000) }));
    expect(auth.body.authorization.expires_at).toBe('2026-03-09T12:00:00.000Z');

    await t.emulator.advanceClock(7 * DAY_MS - 1);
    expect(await balances(t.api, accountId)).toEqual({ available: 6_000_000, pending: 4_000_000 });
    expect(cardEvents(receiver).map((e) => e.type)).toEqual(['authorization_approved']);

    await t.emulator.advanceClock(1);
    expect(await balances(t.api, accountId)).toEqual({ available: 10_000_000, pending: 0 });
    const [, reversed] = cardEvents(receiver);
    expect(reversed).toMatchObject({ type: 'authorization_reversed', original_transaction_id: auth.body.transaction.id, amount: COP(40_000), inserted_at: '2026-03-09T12:00:00.000Z' });
    for (const delivery of receiver.received) assertPayloadMatchesContract(delivery);
    const [release] = await transactionsOf(t.api, accountId);
    expect(release).toMatchObject({ operation_type: 'release', reverts_id: auth.body.ledger_transactions[0].id, transaction_at: '2026-03-09T12:00:00Z' });
    const activity = await t.api.get(`/_emulator/card-transactions/${auth.body.transaction.id}`);
    expect(activity.body).toMatchObject({ transaction: { state: 'reversed' }, authorization: { status: 'reversed', held: COP(0) } });
  });

  it('expiry: N is the authorizationExpiryDays option; a banking card gets the amount and its GMF back', async () => {
    const t = await startEmulator({ authorizationExpiryDays: 2 });
    const { cardId, accountId } = await debitCard(t);
    const before = await bankAvailable(t.api, accountId);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(10_000) }));
    expect(auth.body.authorization.expires_at).toBe('2026-03-04T12:00:00.000Z');
    await t.emulator.advanceClock(2 * DAY_MS);
    expect(await bankAvailable(t.api, accountId)).toBe(before);
  });

  it('expiry: a settled or reversed authorization is left alone when its expiry comes', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId, accountId } = await coreCard(t, 100_000);
    const settled = await approved(authorize(t.api, cardId, { amount: COP(10_000) }));
    const reversed = await approved(authorize(t.api, cardId, { amount: COP(5_000) }));
    await followUp(t.api, settled.body.transaction.id, 'settlement');
    await followUp(t.api, reversed.body.transaction.id, 'reversal');
    await t.emulator.advanceClock(8 * DAY_MS);
    expect(await balances(t.api, accountId)).toEqual({ available: 9_000_000, pending: 0 });
    expect(cardEvents(receiver).map((e) => e.type)).toEqual(['authorization_approved', 'authorization_approved', 'authorization_reversed']);
  });

  it('expiry: an ATM withdrawal left unsettled is released with its fee', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 100_000);
    await approved(authorize(t.api, cardId, { amount: COP(20_000), channel: 'atm' }));
    await t.emulator.advanceClock(7 * DAY_MS);
    expect(await balances(t.api, accountId)).toEqual({ available: 10_000_000, pending: 0 });
  });

  it('expiry: keeps working across a reset, and an expiry arranged before it touches nothing after it', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 100_000);
    await approved(authorize(t.api, cardId, { amount: COP(10_000) }));
    await t.emulator.advanceClock(3 * DAY_MS);
    t.emulator.reset();

    const receiver = await listen(t.api);
    const { cardId: again, accountId } = await coreCard(t, 100_000);
    const auth = await approved(authorize(t.api, again, { amount: COP(30_000) }));
    await t.emulator.advanceClock(4 * DAY_MS); // the old authorization's expiry: nothing happens
    expect(await balances(t.api, accountId)).toEqual({ available: 7_000_000, pending: 3_000_000 });
    await t.emulator.advanceClock(3 * DAY_MS);
    expect(await balances(t.api, accountId)).toEqual({ available: 10_000_000, pending: 0 });
    expect(cardEvents(receiver).map((e) => [e.type, e.original_transaction_id])).toEqual([
      ['authorization_approved', null],
      ['authorization_reversed', auth.body.transaction.id],
    ]);
  });
});

describe('authorization expiry per tenant', () => {
  it("expiry: runs on its tenant's time, so one tenant's advance expires its authorizations and not another tenant's", async () => {
    const t = await startEmulator();
    const b = await asTenantB(t);
    const receiverB = await listen(b.api);
    const cardA = await coreCard(t, 100_000);
    const cardB = await coreCard(b, 100_000);
    await approved(authorize(t.api, cardA.cardId, { amount: COP(40_000) }));
    await advanceTenant(b.api, 1);
    const authB = await approved(authorize(b.api, cardB.cardId, { amount: COP(30_000) }));
    expect(authB.body.authorization.expires_at).toBe('2026-03-10T12:00:00.000Z');

    await advanceTenant(t.api, 7);
    expect(await balances(t.api, cardA.accountId)).toEqual({ available: 10_000_000, pending: 0 });
    expect(await balances(b.api, cardB.accountId)).toEqual({ available: 7_000_000, pending: 3_000_000 });

    await advanceTenant(b.api, 7);
    expect(await balances(b.api, cardB.accountId)).toEqual({ available: 10_000_000, pending: 0 });
    await t.emulator.settled();
    expect(cardEvents(receiverB).map((e) => [e.type, e.inserted_at])).toEqual([
      ['authorization_approved', '2026-03-03T12:00:00.000Z'],
      ['authorization_reversed', '2026-03-10T12:00:00.000Z'],
    ]);
  });

  it("expiry: a tenant's reset forgets its pending authorizations with their expiries; another tenant's still expire", async () => {
    const t = await startEmulator();
    const b = await asTenantB(t);
    const { cardId } = await coreCard(t, 100_000);
    await approved(authorize(t.api, cardId, { amount: COP(10_000) }));
    const cardB = await coreCard(b, 100_000);
    await approved(authorize(b.api, cardB.cardId, { amount: COP(20_000) }));
    expect((await t.api.post('/_emulator/reset')).status).toBe(204);

    // Tenant A is seeded again with the same ids: an expiry left from before would release this authorization early.
    const receiver = await listen(t.api);
    await advanceTenant(t.api, 2);
    const again = await coreCard(t, 100_000);
    const auth = await approved(authorize(t.api, again.cardId, { amount: COP(30_000) }));
    await advanceTenant(t.api, 5);
    expect(await balances(t.api, again.accountId)).toEqual({ available: 7_000_000, pending: 3_000_000 });
    await advanceTenant(t.api, 2);
    expect(await balances(t.api, again.accountId)).toEqual({ available: 10_000_000, pending: 0 });
    await t.emulator.settled();
    expect(cardEvents(receiver).map((e) => [e.type, e.original_transaction_id])).toEqual([
      ['authorization_approved', null],
      ['authorization_reversed', auth.body.transaction.id],
    ]);

    expect(await balances(b.api, cardB.accountId)).toEqual({ available: 8_000_000, pending: 2_000_000 });
    await advanceTenant(b.api, 7);
    expect(await balances(b.api, cardB.accountId)).toEqual({ available: 10_000_000, pending: 0 });
  });

  it('expiry: a removed tenant\'s authorizations never expire into anything; the others still do', async () => {
    const errors: unknown[] = [];
    const t = await startEmulator({ logError: (error) => errors.push(error) });
    const made = await t.anonymous.post('/_emulator/tenants', { api_key: 'sandbox_expiry_removed_tenant' });
    expect(made.status, made.text).toBe(201);
    const api = t.anonymous.as(made.body.api_key);
    const removed = await coreCard({ ...t, api, seed: await seedOf(api) }, 100_000);
    await approved(authorize(api, removed.cardId, { amount: COP(10_000) }));
    const kept = await coreCard(t, 100_000);
    await approved(authorize(t.api, kept.cardId, { amount: COP(10_000) }));
    expect((await api.delete(`/_emulator/tenants/${made.body.api_key}`)).status).toBe(204);

    await t.emulator.advanceClock(7 * DAY_MS);
    expect(await balances(t.api, kept.accountId)).toEqual({ available: 10_000_000, pending: 0 });
    expect(errors).toEqual([]);
  });
});
