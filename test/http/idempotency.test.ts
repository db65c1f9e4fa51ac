import { describe, expect, it } from 'vitest';
import { CardNetworkError, createFakeVisaNetwork, createManualClock, createSeededRandom, type CardNetwork, type ManualClock } from '../../emulator/index.js';
import { contractClient, type ApiResponse } from '../support/contract-client.js';
import { startEmulator, TEST_START } from '../support/emulator.js';
import { accountHolderInput, bankingCardInput, cardholderInput } from '../support/fixtures.js';
import { warningsOf } from '../support/errors.js';

const KEY = 'X-Idempotency-Key';
const withKey = (key: string) => ({ headers: { [KEY]: key } });
const ALL_STATES = '/v1/cards?state=created,active,frozen,canceled&page_size=500';

async function cardCount(api: { get(url: string): Promise<ApiResponse> }): Promise<number> {
  return (await api.get(ALL_STATES)).body.pagination.total_items;
}

/** A Visa step that waits until the test lets it go: the first request stays in flight as long as needed. */
function heldNetwork(clock: ManualClock) {
  const visa = createFakeVisaNetwork({ random: createSeededRandom(3), clock });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const inFlight = new Promise<void>((resolve) => (entered = resolve));
  const held: CardNetwork = {
    provision: async (request) => {
      entered();
      await gate;
      return visa.provision(request);
    },
  };
  return { held, inFlight, release };
}

describe('X-Idempotency-Key', () => {
  it('idempotency: a repeated creation answers 200 with the first body, byte for byte, and creates one card', async () => {
    const { api, seed } = await startEmulator();
    const body = bankingCardInput(seed.bankAccountId);
    const first = await api.post('/v1/cards', body, withKey('order-1042'));
    const second = await api.post('/v1/cards', body, withKey('order-1042'));

    expect(first.status).toBe(201);
    expect(first.headers['x-idempotent-replayed']).toBeUndefined();
    expect(second.status).toBe(200);
    expect(second.headers['x-idempotent-replayed']).toBe('true');
    expect(second.text).toBe(first.text);
    expect(await cardCount(api)).toBe(1);
  });

  it('idempotency: the header name is case-insensitive', async () => {
    const { api, seed } = await startEmulator();
    const body = bankingCardInput(seed.bankAccountId);
    const first = await api.post('/v1/cards', body, { headers: { 'x-idempotency-key': 'case-test' } });
    const second = await api.post('/v1/cards', body, { headers: { 'X-IDEMPOTENCY-KEY': 'case-test' } });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
  });

  it('idempotency: the same body with its keys in another order is the same request', async () => {
    const { api, seed } = await startEmulator();
    const first = await api.post('/v1/cards', { account_id: seed.bankAccountId, nickname: 'Viajes', cardholder: cardholderInput() }, withKey('k'));
    const reordered = await api.post('/v1/cards', { nickname: 'Viajes', cardholder: cardholderInput(), account_id: seed.bankAccountId }, withKey('k'));
    expect(reordered.status).toBe(200);
    expect(reordered.body.id).toBe(first.body.id);
  });

  it('idempotency: the same key on the same operation with another body or path answers 409 idempotency_key_reused', async () => {
    const { api, seed } = await startEmulator();
    await api.post('/v1/cards', bankingCardInput(seed.bankAccountId), withKey('k1'));
    const otherBody = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { nickname: 'Otra' }), withKey('k1'));
    expect(otherBody.status).toBe(409);
    expect(otherBody.body.errors[0]).toMatchObject({ error_code: 'idempotency_key_reused', path: '#/x-idempotency-key' });
    expect(await cardCount(api)).toBe(1);

    const holder = (await api.post('/v1/ledger/account_holders', accountHolderInput('h-paths'))).body;
    const accounts = await Promise.all(['COP', 'USD'].map(async (currency_code) => (await api.post('/v1/ledger/accounts', { holder_id: holder.id, currency_code })).body.id));
    const topup = { operation: 'topup', amount: { amount: 1_000, currency: 'COP' }, external_id: 'paths-1' };
    expect((await api.post(`/v1/ledger/accounts/${accounts[0]}/balance`, topup, withKey('k2'))).status).toBe(201);
    const otherPath = await api.post(`/v1/ledger/accounts/${accounts[1]}/balance`, topup, withKey('k2'));
    expect(otherPath.status).toBe(409);
    expect(otherPath.body.errors[0].error_code).toBe('idempotency_key_reused');
  });

  it('idempotency: a key is kept per operation: the same key on another operation runs as a new request with a warning; under strict it answers 409', async () => {
    // The sign-up flow of a wallet app that ran on Mono's sandbox: one key for the holder, then for its account.
    const { api } = await startEmulator();
    const holder = await api.post('/v1/ledger/account_holders', accountHolderInput('signup-1'), withKey('signup-key'));
    expect(holder.status).toBe(201);
    expect(warningsOf(holder)).toEqual([]);
    const account = await api.post('/v1/ledger/accounts', { currency_code: 'COP', holder_id: holder.body.id }, withKey('signup-key'));
    expect(account.status).toBe(201);
    expect(warningsOf(account)).toEqual(['x-idempotency-key also used for POST /v1/ledger/account_holders; keys are kept per operation']);
    // Each operation replays its own answer.
    const replayedHolder = await api.post('/v1/ledger/account_holders', accountHolderInput('signup-1'), withKey('signup-key'));
    expect(replayedHolder.status).toBe(200);
    expect(replayedHolder.body).toEqual(holder.body);
    const replayedAccount = await api.post('/v1/ledger/accounts', { currency_code: 'COP', holder_id: holder.body.id }, withKey('signup-key'));
    expect(replayedAccount.status).toBe(200);
    expect(replayedAccount.body).toEqual(account.body);

    const s = await startEmulator({ strict: true });
    const strictHolder = await s.api.post('/v1/ledger/account_holders', accountHolderInput('signup-1'), withKey('signup-key'));
    const refused = await s.api.post('/v1/ledger/accounts', { currency_code: 'COP', holder_id: strictHolder.body.id }, withKey('signup-key'));
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0]).toMatchObject({ error_code: 'idempotency_key_reused', path: '#/x-idempotency-key' });
    expect(refused.body.errors[0].message).toContain('POST /v1/ledger/account_holders');
    expect((await s.api.get('/v1/ledger/accounts')).body.pagination.total_items).toBe(1);
  });

  it('idempotency: keys of 1 to 255 printable characters are accepted; longer or non-printable keys answer 400', async () => {
    const { api, seed } = await startEmulator();
    expect((await api.post('/v1/cards', bankingCardInput(seed.bankAccountId), withKey('k'.repeat(255)))).status).toBe(201);
    expect((await api.post('/v1/cards', bankingCardInput(seed.bankAccountId), withKey('a'))).status).toBe(201);
    for (const bad of ['k'.repeat(256), 'tab\tkey']) {
      const res = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId), withKey(bad));
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ error_code: 'invalid_header', path: '#/x-idempotency-key' });
    }
    expect(await cardCount(api)).toBe(2);
  });

  it('idempotency: an empty key (a proxy forwarding a missing header) counts as no key, with a warning; under strict it answers 400 invalid_header', async () => {
    const { api, seed } = await startEmulator();
    for (let i = 0; i < 2; i++) {
      const res = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId), withKey(''));
      expect(res.status).toBe(201);
      expect(res.headers['x-idempotent-replayed']).toBeUndefined();
      expect(warningsOf(res)).toEqual(['ignored an empty x-idempotency-key; the request ran without one']);
    }
    expect(await cardCount(api)).toBe(2);

    const s = await startEmulator({ strict: true });
    const refused = await s.api.post('/v1/cards', bankingCardInput(s.seed.bankAccountId), withKey(''));
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ error_code: 'invalid_header', path: '#/x-idempotency-key' });
    expect(await cardCount(s.api)).toBe(0);
  });

  it('idempotency: two tenants using the same key get two cards', async () => {
    const { api, other, seed } = await startEmulator();
    const otherAccount = (await other.get('/v1/accounts')).body.accounts[0].id;
    const mine = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId), withKey('shared-key'));
    const theirs = await other.post('/v1/cards', bankingCardInput(otherAccount), withKey('shared-key'));
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('idempotency: without a key, the same request twice creates two cards', async () => {
    const { api, seed } = await startEmulator();
    const body = bankingCardInput(seed.bankAccountId);
    expect((await api.post('/v1/cards', body)).status).toBe(201);
    expect((await api.post('/v1/cards', body)).status).toBe(201);
    expect(await cardCount(api)).toBe(2);
  });

  it('idempotency: a request still running makes the same key answer 409 idempotency_request_in_progress, then the replay', async () => {
    const clock = createManualClock(TEST_START);
    const { held, inFlight, release } = heldNetwork(clock);
    const { api, seed } = await startEmulator({ clock, cardNetwork: held });
    const body = bankingCardInput(seed.bankAccountId);
    const first = api.post('/v1/cards', body, withKey('slow'));
    await inFlight;
    const concurrent = await api.post('/v1/cards', body, withKey('slow'));
    expect(concurrent.status).toBe(409);
    expect(concurrent.body.errors[0].error_code).toBe('idempotency_request_in_progress');
    expect(concurrent.headers['retry-after']).toBe('1');
    release();
    expect((await first).status).toBe(201);
    const later = await api.post('/v1/cards', body, withKey('slow'));
    expect(later.status).toBe(200);
    expect(later.text).toBe((await first).text);
    // The request that met the one in flight never ran: one card.
    expect(await cardCount(api)).toBe(1);
  });

  it('idempotency: a key in flight stays in flight however far the clock moves meanwhile (past the TTL), so it still never runs twice', async () => {
    const clock = createManualClock(TEST_START);
    const { held, inFlight, release } = heldNetwork(clock);
    const { api, seed, emulator } = await startEmulator({ clock, cardNetwork: held });
    const body = bankingCardInput(seed.bankAccountId);
    const first = api.post('/v1/cards', body, withKey('slow-past-ttl'));
    await inFlight;
    await emulator.advanceClock(25 * 3600 * 1000);
    const retry = await api.post('/v1/cards', body, withKey('slow-past-ttl'));
    expect(retry.status).toBe(409);
    expect(retry.body.errors[0].error_code).toBe('idempotency_request_in_progress');
    release();
    expect((await first).status).toBe(201);
    expect(await cardCount(api)).toBe(1);
    // The TTL counts from the answer: a replay right after it is still a replay.
    expect((await api.post('/v1/cards', body, withKey('slow-past-ttl'))).status).toBe(200);
  });

  for (const latency of [0, 50]) {
    it(`idempotency: 500 concurrent creations over 50 keys make exactly 50 cards, with ${latency} ms tokenization`, async () => {
      const { emulator, seed } = await startEmulator({ tokenizationLatencyMs: latency });
      const api = contractClient(emulator.url, emulator.apiKeys[0]);
      const requests = Array.from({ length: 500 }, (_, i) => {
        const key = `bulk-${i % 50}`;
        return api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { nickname: `tarjeta ${i % 50}` }), withKey(key));
      });
      const answers = await Promise.all(requests);
      const created = answers.filter((a) => a.status === 201);
      const others = answers.filter((a) => a.status !== 201);
      expect(created).toHaveLength(50);
      expect(new Set(created.map((a) => a.body.nickname)).size).toBe(50);
      for (const answer of others) {
        const replay = answer.status === 200 && answer.headers['x-idempotent-replayed'] === 'true';
        const inFlight = answer.status === 409 && answer.body.errors[0].error_code === 'idempotency_request_in_progress';
        expect(replay || inFlight, `${answer.status} ${answer.text}`).toBe(true);
      }
      expect(answers.filter((a) => a.status >= 500)).toEqual([]);
      expect(await cardCount(api)).toBe(50);
      // Every replay carries the card its key created.
      const byNickname = new Map(created.map((a) => [a.body.nickname, a.body.id]));
      for (const replay of others.filter((a) => a.status === 200)) expect(replay.body.id).toBe(byNickname.get(replay.body.nickname));
    });
  }

  it('idempotency: when tokenization fails once, a retry with the same key creates exactly one card, and its replay equals it', async () => {
    const clock = createManualClock(TEST_START);
    const visa = createFakeVisaNetwork({ random: createSeededRandom(7), clock });
    let calls = 0;
    const flaky: CardNetwork = {
      provision: (request) => (++calls === 1 ? Promise.reject(new CardNetworkError('unavailable')) : visa.provision(request)),
    };
    const { api, seed } = await startEmulator({ clock, cardNetwork: flaky });
    const body = bankingCardInput(seed.bankAccountId, { initial_balance: { amount: 5_000_00, currency: 'COP' } });
    const balance = async () => (await api.get(`/v1/accounts/${seed.bankAccountId}/balances`)).body.available.amount;
    const before = await balance();

    const failed = await api.post('/v1/cards', body, withKey('retry-me'));
    expect(failed.status).toBe(503);
    expect(await cardCount(api)).toBe(0);
    expect(await balance()).toBe(before);

    const retried = await api.post('/v1/cards', body, withKey('retry-me'));
    expect(retried.status).toBe(201);
    const replayed = await api.post('/v1/cards', body, withKey('retry-me'));
    expect(replayed.status).toBe(200);
    expect(replayed.text).toBe(retried.text);
    expect(await cardCount(api)).toBe(1);
    expect(await balance()).toBe(before - 5_000_00);
  });

  it('idempotency: a key is replayed until its TTL passes, then runs as new', async () => {
    const { api, emulator, seed } = await startEmulator({ idempotencyTtlSeconds: 3600 });
    const clock = emulator.clock as ReturnType<typeof createManualClock>;
    const body = bankingCardInput(seed.bankAccountId);
    const first = await api.post('/v1/cards', body, withKey('ttl'));

    clock.advance(3600 * 1000 - 1000);
    const justBefore = await api.post('/v1/cards', body, withKey('ttl'));
    expect(justBefore.status).toBe(200);
    expect(justBefore.body.id).toBe(first.body.id);

    clock.advance(1000);
    const after = await api.post('/v1/cards', body, withKey('ttl'));
    expect(after.status).toBe(201);
    expect(after.body.id).not.toBe(first.body.id);
    expect(await cardCount(api)).toBe(2);
  });

  it('idempotency: the default TTL is 24 hours', async () => {
    const { api, emulator, seed } = await startEmulator();
    const clock = emulator.clock as ReturnType<typeof createManualClock>;
    const body = bankingCardInput(seed.bankAccountId);
    await api.post('/v1/cards', body, withKey('day'));
    clock.advance(24 * 3600 * 1000 - 1);
    expect((await api.post('/v1/cards', body, withKey('day'))).status).toBe(200);
    clock.advance(1);
    expect((await api.post('/v1/cards', body, withKey('day'))).status).toBe(201);
  });

  it('idempotency: a business error is an answer too and is replayed as it was, even once the cause is gone', async () => {
    const { api, seed } = await startEmulator();
    const accounts = (await api.get('/v1/accounts')).body.accounts;
    const available = accounts[0].balance.available.amount;
    const body = bankingCardInput(seed.bankAccountId, { initial_balance: { amount: available + 1, currency: 'COP' } });
    const refused = await api.post('/v1/cards', body, withKey('too-much'));
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].error_code).toBe('insufficient_funds');

    const replay = await api.post('/v1/cards', body, withKey('too-much'));
    expect(replay.status).toBe(422);
    expect(replay.headers['x-idempotent-replayed']).toBe('true');
    expect(replay.text).toBe(refused.text);
  });

  it('idempotency: a request refused by validation before it ran keeps no record, so the key stays free', async () => {
    const { api, seed } = await startEmulator();
    const invalid = await api.post('/v1/cards', { account_id: seed.bankAccountId }, withKey('fix-and-retry'));
    expect(invalid.status).toBe(422);
    const fixed = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId), withKey('fix-and-retry'));
    expect(fixed.status).toBe(201);
  });

  it('idempotency: every operation Mono documents the key for replays its first answer', async () => {
    const { api, seed } = await startEmulator();
    const holder = (await api.post('/v1/ledger/account_holders', accountHolderInput('holder-for-ledger'))).body;
    const account = (await api.post('/v1/ledger/accounts', { currency_code: 'COP', holder_id: holder.id })).body;
    const cases: [string, unknown][] = [
      ['/v1/cards/cardholders', cardholderInput()],
      ['/v1/cards', bankingCardInput(seed.bankAccountId)],
      ['/v1/ledger/cards', { account_id: account.id, configuration_group_id: seed.virtualGroupId, cardholder: cardholderInput() }],
      ['/v1/ledger/account_holders', accountHolderInput('holder-idem')],
      ['/v1/ledger/accounts', { currency_code: 'COP', holder_id: holder.id }],
      [`/v1/ledger/accounts/${account.id}/balance`, { amount: { amount: 1000, currency: 'COP' }, operation: 'topup', external_id: 'topup-idem' }],
      ['/v1/spending_controls', { rules: { velocity: { daily: { amount: 100000, currency: 'COP' } } } }],
    ];
    for (const [path, body] of cases) {
      const first = await api.post(path, body, withKey(`idem-${path}`));
      const again = await api.post(path, body, withKey(`idem-${path}`));
      expect(first.status, path).toBe(201);
      expect(again.status, path).toBe(200);
      expect(again.text, path).toBe(first.text);
    }
    // The balance operation ran once: the account holds one top-up.
    expect((await api.get(`/v1/ledger/accounts/${account.id}/balances`)).body.available.amount).toBe(1000);
  });
});
