import { describe, expect, it } from 'vitest';
import { CardNetworkError, createFakeVisaNetwork, createManualClock, createSeededRandom, type CardNetwork } from '../../emulator/index.js';
import { newHolder } from '../support/activation.js';
import { startEmulator, TEST_START, type TestEmulator } from '../support/emulator.js';
import { onlyError } from '../support/errors.js';
import { bankingCardInput, cardholderInput, snapshotTenant } from '../support/fixtures.js';

const createCard = (t: TestEmulator, headers: Record<string, string> = {}, cardholder = cardholderInput()) =>
  t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId, { cardholder }), { headers });

const setRule = (t: TestEmulator, rule: Record<string, unknown>) => t.api.put('/_emulator/tokenization', rule);

describe('/_emulator/tokenization', () => {
  it('tokenization rule: none by default; the next N tokenizations end as chosen, then the rule goes away', async () => {
    const t = await startEmulator();
    expect((await t.api.get('/_emulator/tokenization')).body).toEqual({ rule: null });
    const set = await setRule(t, { outcome: 'unavailable', next: 2 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ rule: { outcome: 'unavailable', remaining: 2, fraction: null, seed: null, latency_ms: 0, applied: 0 } });

    const before = await snapshotTenant(t.api);
    onlyError(await createCard(t), 503, 'service_is_unavailable', null);
    expect((await t.api.get('/_emulator/tokenization')).body.rule).toMatchObject({ remaining: 1, applied: 1 });
    onlyError(await createCard(t), 503, 'service_is_unavailable', null);
    expect(await snapshotTenant(t.api)).toEqual(before);
    expect((await t.api.get('/_emulator/tokenization')).body).toEqual({ rule: null });
    expect((await createCard(t)).status).toBe(201);
  });

  it('tokenization rule: declined answers 502 and timeout 504, on every path that issues a card', async () => {
    const t = await startEmulator();
    const holder = await newHolder(t);
    await setRule(t, { outcome: 'declined' });
    const before = await snapshotTenant(t.api);
    onlyError(await createCard(t), 502, 'card_network_error', null);
    onlyError(await t.api.post('/v1/ledger/cards', { account_id: t.seed.ledgerAccountId, configuration_group_id: t.seed.virtualGroupId, cardholder_id: holder.id }), 502, 'card_network_error', null);
    const link = { account_id: t.seed.bankAccountId, cardholder_id: holder.id, configuration_group_id: t.seed.plasticGroupId };
    onlyError(await t.api.post('/v1/cards/activation_links', link), 502, 'card_network_error', null);
    await setRule(t, { outcome: 'timeout' });
    onlyError(await t.api.post('/v1/cards/activate_plastic_card', link), 504, 'card_network_timeout', null);
    expect(await snapshotTenant(t.api)).toEqual(before);
    // Without `next` or `fraction` the rule covers every call until it is deleted.
    expect((await t.api.get('/_emulator/tokenization')).body.rule).toMatchObject({ outcome: 'timeout', remaining: null, applied: 1 });
    expect((await t.api.delete('/_emulator/tokenization')).status).toBe(204);
    expect((await createCard(t)).status).toBe(201);
  });

  it('tokenization rule: a failed creation keeps nothing under its X-Idempotency-Key, so the retry with the same key issues the card', async () => {
    const t = await startEmulator();
    await setRule(t, { outcome: 'unavailable', next: 1 });
    const key = { 'X-Idempotency-Key': 'retry-after-503' };
    expect((await createCard(t, key)).status).toBe(503);
    const retry = await createCard(t, key);
    expect(retry.status).toBe(201);
    const replay = await createCard(t, key);
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(retry.body.id);
    expect((await t.api.get('/v1/cards')).body.cards).toHaveLength(1);
  });

  it('tokenization rule: a seeded fraction fails the same calls on every run, and fraction 1 fails them all', async () => {
    const outcomesOf = async () => {
      const t = await startEmulator();
      await setRule(t, { outcome: 'declined', fraction: 0.5, seed: 7 });
      const statuses = [];
      for (let i = 0; i < 16; i++) statuses.push((await createCard(t)).status);
      return statuses;
    };
    const first = await outcomesOf();
    expect(await outcomesOf()).toEqual(first);
    expect(first).toContain(201);
    expect(first).toContain(502);
    expect(new Set(first)).toEqual(new Set([201, 502]));

    const t = await startEmulator();
    await setRule(t, { outcome: 'declined', fraction: 1 });
    expect((await t.api.get('/_emulator/tokenization')).body.rule).toMatchObject({ fraction: 1, seed: 20260101 });
    for (let i = 0; i < 3; i++) expect((await createCard(t)).status).toBe(502);
  });

  it('tokenization rule: latency makes each covered tokenization take that long; the same key meanwhile is in progress', async () => {
    const t = await startEmulator();
    await setRule(t, { outcome: 'success', latency_ms: 300, next: 1 });
    const key = { 'X-Idempotency-Key': 'slow-card' };
    const started = Date.now();
    const slow = createCard(t, key);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const meanwhile = await createCard(t, key);
    onlyError(meanwhile, 409, 'idempotency_request_in_progress', '#/x-idempotency-key');
    expect((await slow).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const fast = Date.now();
    expect((await createCard(t)).status).toBe(201);
    expect(Date.now() - fast).toBeLessThan(300);
  });

  it("tokenization rule: each tenant has its own; a reset removes it", async () => {
    const t = await startEmulator();
    await setRule(t, { outcome: 'declined' });
    const theirs = await t.other.post('/v1/cards', bankingCardInput((await t.other.get('/v1/accounts')).body.accounts[0].id));
    expect(theirs.status).toBe(201);
    expect((await t.other.get('/_emulator/tokenization')).body).toEqual({ rule: null });
    await t.api.post('/_emulator/reset');
    expect((await t.api.get('/_emulator/tokenization')).body).toEqual({ rule: null });
    expect((await createCard(t)).status).toBe(201);
  });

  it('tokenization rule: next and fraction together, an unknown outcome or no key are refused, and the rule in force stays', async () => {
    const t = await startEmulator();
    await setRule(t, { outcome: 'timeout', next: 3 });
    onlyError(await setRule(t, { outcome: 'declined', next: 1, fraction: 0.5 }), 422, 'invalid_value', '#/fraction');
    onlyError(await setRule(t, { outcome: 'exploded' }), 422, 'invalid_value', '#/outcome');
    onlyError(await setRule(t, { outcome: 'declined', fraction: 0 }), 422, 'out_of_range', '#/fraction');
    onlyError(await setRule(t, { outcome: 'declined', latency_ms: 60_001 }), 422, 'out_of_range', '#/latency_ms');
    expect((await t.anonymous.put('/_emulator/tokenization', { outcome: 'declined' })).status).toBe(401);
    expect((await t.api.get('/_emulator/tokenization')).body.rule).toMatchObject({ outcome: 'timeout', remaining: 3 });
  });

  it('tokenization rule: it stands in front of a card network given through the library option too', async () => {
    const calls: string[] = [];
    const visa = createFakeVisaNetwork({ random: createSeededRandom(1), clock: createManualClock(TEST_START) });
    const network: CardNetwork = { provision: (request) => (calls.push(request.tenantId), visa.provision(request)) };
    const t = await startEmulator({ cardNetwork: network });
    await setRule(t, { outcome: 'unavailable', next: 1 });
    expect((await createCard(t)).status).toBe(503);
    expect(calls).toEqual([]);
    expect((await createCard(t)).status).toBe(201);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^ten_/);
  });
});

describe('cardholder document magic values', () => {
  it('magic documents: a holder whose document starts with 999 and ends with 502, 503 or 504 gets that failure, on every path', async () => {
    const t = await startEmulator();
    for (const [ending, status, code] of [['502', 502, 'card_network_error'], ['503', 503, 'service_is_unavailable'], ['504', 504, 'card_network_timeout']] as const) {
      const document = { type: 'CC', number: `9990001${ending}` };
      onlyError(await createCard(t, {}, cardholderInput({ document })), status, code, null);
      const holder = await newHolder(t, { document });
      onlyError(await t.api.post('/v1/ledger/cards', { account_id: t.seed.ledgerAccountId, configuration_group_id: t.seed.virtualGroupId, cardholder_id: holder.id }), status, code, null);
      onlyError(await t.api.post('/v1/cards/activation_links', { account_id: t.seed.bankAccountId, cardholder_id: holder.id, configuration_group_id: t.seed.plasticGroupId }), status, code, null);
    }
    // Only the prefix and an ending together are magic.
    expect((await createCard(t, {}, cardholderInput({ document: { type: 'CC', number: '1000502' } }))).status).toBe(201);
    expect((await createCard(t, {}, cardholderInput({ document: { type: 'CC', number: '9990001501' } }))).status).toBe(201);
    expect((await createCard(t, {}, cardholderInput({ document: { type: 'CC', number: '999700' } }))).status).toBe(201);
  });

  it('magic documents: a rule set over the control plane decides the calls it covers before the document does', async () => {
    const t = await startEmulator();
    await setRule(t, { outcome: 'success', next: 1 });
    const magic = cardholderInput({ document: { type: 'CC', number: '9990001503' } });
    expect((await createCard(t, {}, magic)).status).toBe(201);
    expect((await createCard(t, {}, magic)).status).toBe(503);
  });
});

describe('the library option still works', () => {
  it('cardNetwork: a network that throws CardNetworkError answers its status', async () => {
    const t = await startEmulator({ cardNetwork: { provision: () => Promise.reject(new CardNetworkError('timeout')) } });
    onlyError(await createCard(t), 504, 'card_network_timeout', null);
  });
});
