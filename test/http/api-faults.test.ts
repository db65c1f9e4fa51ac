import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator/index.js';
import { checkedFetch, contractClient, type ContractClient } from '../support/contract-client.js';
import { KEY_A, startEmulator, type TestEmulator } from '../support/emulator.js';
import { bankingCardInput, snapshotTenant } from '../support/fixtures.js';
import { honouringRetryAfter } from '../support/retry-after.js';
import { expectSeededShare } from '../support/seeded-share.js';
import { deliveryLog } from '../support/webhook-log.js';
import { startReceiver } from '../support/webhook-receiver.js';

/**
 * Each status a fault can answer, with the error code written here from Mono's documented pairs
 * (500 internal_error, 503 service_is_unavailable) and the README's catalog for the others.
 */
const FAULT_ANSWERS = [
  { status: 429, code: 'too_many_requests', phrase: '429 Too Many Requests' },
  { status: 500, code: 'internal_error', phrase: '500 Internal Server Error' },
  { status: 502, code: 'bad_gateway', phrase: '502 Bad Gateway' },
  { status: 503, code: 'service_is_unavailable', phrase: '503 Service Unavailable' },
  { status: 504, code: 'gateway_timeout', phrase: '504 Gateway Timeout' },
] as const;

async function addFault(api: ContractClient, rule: Record<string, unknown>) {
  const res = await api.post('/_emulator/faults', rule);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string };
}

/** What a faulted call must leave as it was: the tenant's data, the bank accounts' balances and the webhooks sent. */
async function observable(t: TestEmulator) {
  await t.emulator.settled();
  return { tenant: await snapshotTenant(t.api), deliveries: await deliveryLog(t.api) };
}

const card = (t: TestEmulator) => bankingCardInput(t.seed.bankAccountId, { initial_balance: { amount: 100_000, currency: 'COP' } });

describe('API faults: statuses in Mono envelope', () => {
  for (const { status, code, phrase } of FAULT_ANSWERS) {
    it(`api faults: a ${status} rule on createBankingCard answers ${status} ${code} in Mono's envelope, writes nothing, and the call after it runs`, async () => {
      const t = await startEmulator();
      const receiver = await startReceiver();
      await t.api.post('/_emulator/webhooks', { url: receiver.url, emulator_events: ['card_created', 'card_state_changed'] });
      const rule = await addFault(t.api, { operation: 'createBankingCard', kind: 'status', status, next: 1 });
      const before = await observable(t);

      const faulted = await t.api.post('/v1/cards', card(t), { headers: { 'X-Idempotency-Key': `fault-${status}` } });
      expect(faulted.status).toBe(status);
      expect(faulted.body).toMatchObject({ code: phrase, errors: [{ error_code: code, path: null, url: null }] });
      expect(faulted.body.id).toMatch(/^log_/);
      expect(faulted.headers['x-emulator-fault']).toBe(rule.id);
      // 429 always says when to come back; the 5xx say nothing unless asked to.
      if (status === 429) expect(faulted.headers['retry-after']).toBe('1');
      else expect(faulted.headers['retry-after']).toBeUndefined();
      expect(await observable(t)).toEqual(before);
      expect(receiver.received).toHaveLength(0);

      // Nothing was kept under the key: the same key now creates, as a first request (201, no replay header).
      const retried = await t.api.post('/v1/cards', card(t), { headers: { 'X-Idempotency-Key': `fault-${status}` } });
      expect(retried.status).toBe(201);
      expect(retried.headers['x-idempotent-replayed']).toBeUndefined();
    });
  }

  it('api faults: a 503 with retry_after_seconds carries Retry-After; a 429 carries the seconds asked for', async () => {
    const { api, seed } = await startEmulator();
    await addFault(api, { operation: 'getCard', kind: 'status', status: 503, retry_after_seconds: 7, next: 1 });
    await addFault(api, { operation: 'listBankAccounts', kind: 'status', status: 429, retry_after_seconds: 30, next: 1 });
    const created = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId));
    const unavailable = await api.get(`/v1/cards/${created.body.id}`);
    expect([unavailable.status, unavailable.headers['retry-after']]).toEqual([503, '7']);
    const limited = await api.get('/v1/accounts');
    expect([limited.status, limited.headers['retry-after']]).toEqual([429, '30']);
  });

  it('api faults: a client that honours Retry-After waits what each 429 says and then gets through', async () => {
    const { api, seed } = await startEmulator();
    await addFault(api, { operation: 'createBankingCard', kind: 'status', status: 429, retry_after_seconds: 3, next: 2 });
    const { res, waits } = await honouringRetryAfter(
      () => api.post('/v1/cards', bankingCardInput(seed.bankAccountId), { headers: { 'X-Idempotency-Key': 'retry-after-key' } }),
      async () => undefined,
    );
    expect([res.status, waits]).toEqual([201, [3, 3]]);
    expect((await api.get('/v1/cards?page_size=500')).body.cards).toHaveLength(1);
  });

  it('api faults: next=2 faults exactly the next two calls; the list shows what each rule matched, applied and has left', async () => {
    const { api, seed } = await startEmulator();
    const rule = await addFault(api, { operation: 'createBankingCard', kind: 'status', status: 503, next: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).status);
    expect(statuses).toEqual([503, 503, 201, 201]);
    const listed = (await api.get('/_emulator/faults')).body.faults;
    expect(listed).toEqual([
      {
        id: rule.id,
        operation: 'createBankingCard',
        kind: 'status',
        status: 503,
        retry_after_seconds: null,
        ms: null,
        trigger: 'next',
        remaining: 0,
        fraction: null,
        seed: null,
        matched: 4,
        applied: 2,
      },
    ]);
    expect((await api.get('/v1/cards?page_size=500')).body.cards).toHaveLength(2);
  });

  it('api faults: a fraction faults a seeded share of calls; the same seed faults the same calls in another emulator, another seed other calls', async () => {
    const pattern = async (seedOfRule: number) => {
      const { api } = await startEmulator();
      await addFault(api, { operation: 'listBankAccounts', kind: 'status', status: 500, fraction: 0.5, seed: seedOfRule });
      const faulted: number[] = [];
      for (let i = 0; i < 40; i++) if ((await api.get('/v1/accounts')).status === 500) faulted.push(i);
      return faulted;
    };
    // Half of 40, give or take what a fair coin does.
    await expectSeededShare(pattern, 7, { min: 8, max: 32 });
  });

  it('api faults: "*" faults every Mono operation but never the control plane', async () => {
    const { api } = await startEmulator();
    await addFault(api, { operation: '*', kind: 'status', status: 502 });
    expect((await api.get('/v1/accounts')).status).toBe(502);
    expect((await api.get('/v1/ledger/tenant/config')).status).toBe(502);
    expect((await api.post('/v1/cards/cardholders', {})).status).toBe(502);
    expect((await api.get('/_emulator/webhooks')).status).toBe(200);
    expect((await api.get('/_emulator/health')).status).toBe(200);
    expect((await api.delete('/_emulator/faults')).status).toBe(204);
    expect((await api.get('/v1/accounts')).status).toBe(200);
  });

  it('api faults: a 401 comes before any rule: without a known key there is no tenant to fault', async () => {
    const { api, anonymous } = await startEmulator();
    await addFault(api, { operation: '*', kind: 'status', status: 503 });
    const missing = await anonymous.get('/v1/accounts');
    expect([missing.status, missing.body.errors[0].error_code]).toEqual([401, 'missing_authorization_header']);
    const unknown = await api.as('sandbox_unknown_key_0000000000').get('/v1/accounts');
    expect([unknown.status, unknown.body.errors[0].error_code]).toEqual([401, 'expired_token']);
  });

  it('api faults: a faulted call is answered before validation: an invalid body gets the fault, not a 422', async () => {
    const { api } = await startEmulator();
    await addFault(api, { operation: 'createCardholder', kind: 'status', status: 503, next: 1 });
    expect((await api.post('/v1/cards/cardholders', { first_name: 3 })).status).toBe(503);
    expect((await api.post('/v1/cards/cardholders', { first_name: 3 })).status).toBe(422);
  });

  it("api faults: rules belong to their tenant: another key is not faulted and does not see them", async () => {
    const { api, other } = await startEmulator();
    await addFault(api, { operation: '*', kind: 'status', status: 500 });
    expect((await other.get('/v1/accounts')).status).toBe(200);
    expect((await other.get('/_emulator/faults')).body.faults).toEqual([]);
  });

  it('api faults: the first answering rule that fires answers; the rules after it do not see the call', async () => {
    const { api } = await startEmulator();
    const first = await addFault(api, { operation: 'listBankAccounts', kind: 'status', status: 503, next: 1 });
    await addFault(api, { operation: '*', kind: 'status', status: 500, next: 1 });
    const res = await api.get('/v1/accounts');
    expect([res.status, res.headers['x-emulator-fault']]).toEqual([503, first.id]);
    expect((await api.get('/v1/accounts')).status).toBe(500);
    expect((await api.get('/v1/accounts')).status).toBe(200);
    const [a, b] = (await api.get('/_emulator/faults')).body.faults;
    expect([a.matched, a.applied, b.matched, b.applied]).toEqual([3, 1, 2, 1]);
  });

  it('api faults: rules are listed, removed one by one (404 for an unknown one) and cleared', async () => {
    const { api } = await startEmulator();
    const a = await addFault(api, { operation: 'getCard', kind: 'drop' });
    const b = await addFault(api, { operation: '*', kind: 'latency', ms: 5 });
    expect((await api.get('/_emulator/faults')).body.faults.map((f: { id: string }) => f.id)).toEqual([a.id, b.id]);
    expect((await api.delete(`/_emulator/faults/${a.id}`)).status).toBe(204);
    const gone = await api.delete(`/_emulator/faults/${a.id}`);
    expect([gone.status, gone.body.errors[0].path]).toEqual([404, '#/fault_id']);
    expect((await api.get('/_emulator/faults')).body.faults.map((f: { id: string }) => f.id)).toEqual([b.id]);
    expect((await api.delete('/_emulator/faults')).status).toBe(204);
    expect((await api.get('/_emulator/faults')).body.faults).toEqual([]);
  });

  it('api faults: a reset removes the rules added through the control plane', async () => {
    const { api, emulator } = await startEmulator();
    await addFault(api, { operation: '*', kind: 'status', status: 503 });
    emulator.reset();
    expect((await api.get('/_emulator/faults')).body.faults).toEqual([]);
    expect((await api.get('/v1/accounts')).status).toBe(200);
  });

  it('api faults: malformed rules are refused with 422 naming the field', async () => {
    const { api } = await startEmulator();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ operation: 'createCard', kind: 'status', status: 503 }, 'invalid_value', '#/operation'],
      [{ operation: 'getHealth', kind: 'status', status: 503 }, 'invalid_value', '#/operation'],
      [{ operation: 'getCard', kind: 'status' }, 'missing_field', '#/status'],
      [{ operation: 'getCard', kind: 'status', status: 404 }, 'invalid_value', '#/status'],
      [{ operation: 'getCard', kind: 'status', status: 500, retry_after_seconds: 3 }, 'invalid_value', '#/retry_after_seconds'],
      [{ operation: 'getCard', kind: 'hang' }, 'missing_field', '#/ms'],
      [{ operation: 'getCard', kind: 'status', status: 500, ms: 10 }, 'invalid_value', '#/ms'],
      [{ operation: 'getCard', kind: 'latency', ms: 10, status: 500 }, 'invalid_value', '#/status'],
      [{ operation: 'getCard', kind: 'drop', next: 1, fraction: 0.5 }, 'invalid_value', '#/fraction'],
      [{ operation: 'getCard', kind: 'drop', seed: 3 }, 'invalid_value', '#/seed'],
      [{ operation: 'getCard', kind: 'latency', ms: 600_001 }, 'out_of_range', '#/ms'],
      [{ operation: 'getCard', kind: 'drop', fraction: 0 }, 'out_of_range', '#/fraction'],
    ];
    for (const [body, code, path] of cases) {
      const res = await api.post('/_emulator/faults', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors, JSON.stringify(body)).toContainEqual(expect.objectContaining({ error_code: code, path }));
    }
    expect((await api.get('/_emulator/faults')).body.faults).toEqual([]);
  });
});

describe('API faults over a real connection: hang, drop, latency', () => {
  const fetchAs = (t: TestEmulator, path: string, init: RequestInit = {}) =>
    checkedFetch(`${t.emulator.url}${path}`, { ...init, headers: { authorization: `Bearer ${KEY_A}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

  it('api faults: a hang trips a client timeout, and answers 504 after its time to a client that waits; neither writes anything', async () => {
    const t = await startEmulator();
    const rule = await addFault(t.api, { operation: 'createBankingCard', kind: 'hang', ms: 300, next: 2 });
    const before = await observable(t);
    const body = JSON.stringify(card(t));
    await expect(fetchAs(t, '/v1/cards', { method: 'POST', body, signal: AbortSignal.timeout(100) })).rejects.toThrow(/abort|timeout/i);

    const started = performance.now();
    const waited = await fetchAs(t, '/v1/cards', { method: 'POST', body });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(waited.status).toBe(504);
    expect(waited.headers.get('x-emulator-fault')).toBe(rule.id);
    expect(((await waited.json()) as { errors: { error_code: string }[] }).errors[0]!.error_code).toBe('gateway_timeout');
    expect(await observable(t)).toEqual(before);
  });

  it('api faults: a hang may end in another status', async () => {
    const t = await startEmulator();
    await addFault(t.api, { operation: 'listBankAccounts', kind: 'hang', ms: 20, status: 429, retry_after_seconds: 4, next: 1 });
    const res = await fetchAs(t, '/v1/accounts');
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '4']);
  });

  it('api faults: drop closes the connection without an answer and writes nothing', async () => {
    const t = await startEmulator();
    await addFault(t.api, { operation: 'createBankingCard', kind: 'drop', next: 1 });
    const before = await observable(t);
    await expect(fetchAs(t, '/v1/cards', { method: 'POST', body: JSON.stringify(card(t)) })).rejects.toThrow(/fetch failed/);
    expect(await observable(t)).toEqual(before);
    expect((await fetchAs(t, '/v1/cards', { method: 'POST', body: JSON.stringify(card(t)) })).status).toBe(201);
  });

  it('api faults: latency slows every call and the call still runs; a client that gave up finds its card by replaying its key', async () => {
    const t = await startEmulator();
    await addFault(t.api, { operation: '*', kind: 'latency', ms: 250 });
    const started = performance.now();
    const listed = await fetchAs(t, '/v1/accounts');
    expect(listed.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);

    const body = JSON.stringify(card(t));
    const headers = { 'x-idempotency-key': 'slow-create' };
    await expect(fetchAs(t, '/v1/cards', { method: 'POST', body, headers, signal: AbortSignal.timeout(50) })).rejects.toThrow(/abort|timeout/i);
    // The server went on after the client left, as a slow server does; the retry with the same key is a replay.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const retried = await fetchAs(t, '/v1/cards', { method: 'POST', body, headers });
    expect([retried.status, retried.headers.get('x-idempotent-replayed')]).toEqual([200, 'true']);
    await t.api.delete('/_emulator/faults');
    expect((await t.api.get('/v1/cards?page_size=500')).body.cards).toHaveLength(1);
  });
});

describe('API faults from the faults option', () => {
  it('api faults: rules given as text apply to every tenant and come back, counted afresh, after a reset', async () => {
    const { api, other, emulator, seed } = await startEmulator({ faults: ['createBankingCard:503:next=1', 'listCards:429:retry-after=9:next=1'] });
    for (const client of [api, other]) {
      const listed = (await client.get('/_emulator/faults')).body.faults;
      expect(listed.map((f: { operation: string; status: number; remaining: number }) => [f.operation, f.status, f.remaining])).toEqual([
        ['createBankingCard', 503, 1],
        ['listCards', 429, 1],
      ]);
    }
    expect((await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).status).toBe(503);
    expect((await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).status).toBe(201);
    const limited = await other.get('/v1/cards');
    expect([limited.status, limited.headers['retry-after']]).toEqual([429, '9']);
    expect((await api.delete('/_emulator/faults')).status).toBe(204);

    emulator.reset();
    expect((await api.get('/_emulator/faults')).body.faults.map((f: { remaining: number; matched: number }) => [f.remaining, f.matched])).toEqual([
      [1, 0],
      [1, 0],
    ]);
    expect((await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).status).toBe(503);
  });

  it('api faults: a malformed rule in the option is refused when the emulator starts, saying what is wrong', async () => {
    await expect(startEmulator({ faults: ['createCard:503'] })).rejects.toThrow(/"createCard" is not an operationId of Mono's API/);
    await expect(startEmulator({ faults: ['getCard:418'] })).rejects.toThrow(/The status is 429, 500, 502, 503 or 504/);
    await expect(startEmulator({ faults: ['getCard'] })).rejects.toThrow(/is not a fault: write <operation>:/);
    await expect(startEmulator({ faults: ['getCard:drop:sometimes=2'] })).rejects.toThrow(/"sometimes=2" is not next=/);
    await expect(startEmulator({ faults: ['getCard:hang=soon'] })).rejects.toThrow(/hang takes a number/);
  });

  it('api faults: the option is per emulator; two emulators with the same keys do not share rules', async () => {
    const faulty = await createEmulator({ apiKeys: [KEY_A], faults: ['*:500'] });
    try {
      expect((await contractClient(faulty.app, KEY_A).get('/v1/accounts')).status).toBe(500);
      const healthy = await startEmulator({ apiKeys: [KEY_A] });
      expect((await healthy.api.get('/v1/accounts')).status).toBe(200);
    } finally {
      await faulty.stop();
    }
  });
});
