import { describe, expect, it } from 'vitest';
import { verifyMonoSignature } from '../../emulator/index.js';
import { contractClient, type ContractClient } from '../support/contract-client.js';
import { KEY_A, KEY_B, PREPAID_GROUP_NAME, TEST_START, startEmulator, type TestEmulator } from '../support/emulator.js';
import { onlyError, warningsOf } from '../support/errors.js';
import { accountHolderInput, bankingCardInput, snapshotTenant } from '../support/fixtures.js';
import { deliveryLog } from '../support/webhook-log.js';
import { startReceiver } from '../support/webhook-receiver.js';

const SECRET = 'whsec_tenant_secret_0123456789ab';
const HOUR = 3600;

interface SeededTenant {
  id: string;
  api_key: string;
  default_program_id: string;
  bank_account_ids: string[];
  virtual_configuration_group_id: string;
  plastic_configuration_group_id: string;
  prepaid_configuration_group_id: string;
  account_holder_id: string;
  ledger_account_id: string;
  webhook: { id: string; url: string; secret: string; emulator_events: string[] } | null;
}

/** Makes a tenant through the control plane (no key: loopback, no token) and a client with its key. */
async function newTenant(t: TestEmulator, body?: Record<string, unknown>): Promise<{ tenant: SeededTenant; client: ContractClient }> {
  const res = await t.anonymous.post('/_emulator/tenants', body);
  expect(res.status, res.text).toBe(201);
  return { tenant: res.body, client: t.anonymous.as(res.body.api_key) };
}

/** The seeded ids as the API shows them to the tenant. */
async function seededIds(client: ContractClient) {
  const groups: { id: string; card_type: string; name: string }[] = (await client.get('/v1/ledger/tenant/config')).body.card_configuration_groups;
  const group = (cardType: string, prepaid: boolean) => groups.find((g) => g.card_type === cardType && (g.name === PREPAID_GROUP_NAME) === prepaid)?.id;
  const ledger = (await client.get('/v1/ledger/accounts')).body.accounts;
  return {
    bank_account_ids: (await client.get('/v1/accounts')).body.accounts.map((a: { id: string }) => a.id),
    // Mono's tenant config does not show the program; the seeded ledger account names it.
    default_program_id: ledger[0].program_id,
    virtual_configuration_group_id: group('virtual', false),
    plastic_configuration_group_id: group('plastic', false),
    prepaid_configuration_group_id: group('virtual', true),
    account_holder_id: ledger[0].holder_id,
    ledger_account_id: ledger[0].id,
  };
}

const cardIds = async (client: ContractClient) =>
  (await client.get('/v1/cards?state=created,active,frozen,canceled&page_size=500')).body.cards.map((c: { id: string }) => c.id);
const clockOf = async (client: ContractClient) => Date.parse((await client.get('/_emulator/clock')).body.now);

describe('POST /_emulator/tenants', () => {
  it('tenants: a tenant made at run time is seeded like the start-up ones, and the answer carries its key and seeded ids', async () => {
    const t = await startEmulator();
    const { tenant, client } = await newTenant(t);
    expect(tenant.id).toMatch(/^ten_[0-9A-Za-z]{22}$/);
    expect(tenant.api_key).toMatch(/^sandbox_[A-Za-z0-9_-]{32}$/);
    expect(tenant.webhook).toBeNull();
    const { id: _id, api_key: _key, webhook: _webhook, ...ids } = tenant;
    expect(await seededIds(client)).toEqual(ids);
    expect(tenant.bank_account_ids).toHaveLength(2);
    // Its data is its own: the start-up tenants see none of it, it sees none of theirs.
    expect((await t.api.get(`/v1/accounts/${tenant.bank_account_ids[0]}/balances`)).status).toBe(404);
    expect((await client.get(`/v1/accounts/${t.seed.bankAccountId}/balances`)).status).toBe(404);
    expect((await client.post('/v1/cards', bankingCardInput(tenant.bank_account_ids[0]!))).status).toBe(201);
    expect(await cardIds(t.api)).toEqual([]);
  });

  it('tenants: a named key gets the same seeded ids in every emulator of the same seed; another key, other ids', async () => {
    const [first, second] = await Promise.all([startEmulator(), startEmulator()]);
    const one = await newTenant(first, { api_key: 'sandbox_worker_one_0001' });
    const again = await newTenant(second, { api_key: 'sandbox_worker_one_0001' });
    const other = await newTenant(first, { api_key: 'sandbox_worker_two_0002' });
    expect(again.tenant).toEqual(one.tenant);
    expect(other.tenant.bank_account_ids).not.toEqual(one.tenant.bank_account_ids);
    expect(other.tenant.id).not.toBe(one.tenant.id);
  });

  it("tenants: a webhook asked for is registered for the tenant, its secret shown once, and receives the tenant's events signed with it", async () => {
    const t = await startEmulator();
    const receiver = await startReceiver();
    // The emulator's own card_created, asked for, makes the tenant's first event.
    const { tenant, client } = await newTenant(t, { webhook: { url: receiver.url, secret: SECRET, emulator_events: ['card_created'] } });
    expect(tenant.webhook).toMatchObject({ url: receiver.url, secret: SECRET, emulator_events: ['card_created'] });
    expect((await client.get('/_emulator/webhooks')).body.webhooks).toEqual([expect.objectContaining({ id: tenant.webhook!.id, secret_hint: '…89ab' })]);

    const card = (await client.post('/v1/cards', bankingCardInput(tenant.bank_account_ids[0]!))).body;
    await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId));
    await t.emulator.settled();
    expect(receiver.received.map((r) => (r.body.event.data as { id: string }).id)).toEqual([card.id]);
    const [hook] = receiver.received;
    expect(verifyMonoSignature(hook!.rawBody, String(hook!.headers['mono-signature']), SECRET, { now: TEST_START })).toBe(true);

    const generated = await newTenant(t, { webhook: { url: receiver.url } });
    expect(generated.tenant.webhook!.secret).toMatch(/^whsec_[0-9A-Za-z_-]{16,}$/);
  });

  it("tenants: a run-time tenant's webhook gets the emulator's own card events only when its registration asks for them, after a reset too", async () => {
    const t = await startEmulator();
    const [plain, optedIn] = [await startReceiver(), await startReceiver()];
    const without = await newTenant(t, { webhook: { url: plain.url } });
    const withEvents = await newTenant(t, { webhook: { url: optedIn.url, emulator_events: ['card_created', 'card_state_changed'] } });
    expect(without.tenant.webhook!.emulator_events).toEqual([]);

    const cardOf = async ({ tenant, client }: { tenant: SeededTenant; client: ContractClient }) => {
      const card = (await client.post('/v1/cards', bankingCardInput(tenant.bank_account_ids[0]!))).body;
      expect((await client.patch(`/v1/cards/${card.id}`, { state: 'frozen' })).status).toBe(200);
      return card.id as string;
    };
    await cardOf(without);
    const card = await cardOf(withEvents);
    await t.emulator.settled();
    expect(plain.received).toEqual([]);
    expect(optedIn.received.map((r) => [r.body.event.type, r.body.emulator_only, (r.body.event.data as { id?: string; card?: { id: string } }).card?.id ?? (r.body.event.data as { id: string }).id])).toEqual([
      ['card_created', true, card],
      ['card_state_changed', true, card],
    ]);

    // A reset seeds the registration again as it was made, the choice included.
    expect((await withEvents.client.post('/_emulator/reset')).status).toBe(204);
    expect((await withEvents.client.get('/_emulator/webhooks')).body.webhooks).toEqual([expect.objectContaining({ emulator_events: ['card_created', 'card_state_changed'] })]);
  });

  it("tenants: a run-time tenant gets Mono's leniency with warnings, and strict's refusals on a strict emulator", async () => {
    // The wallet app's sign-up: a field Mono drops, then one idempotency key for the holder and its account.
    const signUp = async (client: ContractClient) => {
      const key = { headers: { 'x-idempotency-key': 'signup-key' } };
      const holder = await client.post('/v1/ledger/account_holders', accountHolderInput('signup-1', { person_id: 'p-1' }), key);
      const account = holder.status === 201 ? await client.post('/v1/ledger/accounts', { currency_code: 'COP', holder_id: holder.body.id }, key) : undefined;
      return { holder, account };
    };
    const lenient = await signUp((await newTenant(await startEmulator())).client);
    expect([lenient.holder.status, lenient.account?.status]).toEqual([201, 201]);
    expect(warningsOf(lenient.holder)).toEqual(['ignored unknown field #/person_id']);
    expect(warningsOf(lenient.account!)).toEqual(['x-idempotency-key also used for POST /v1/ledger/account_holders; keys are kept per operation']);

    const t = await startEmulator({ strict: true });
    const { client } = await newTenant(t);
    const strict = await signUp(client);
    onlyError(strict.holder, 422, 'unknown_field', '#/person_id');
    expect(warningsOf(strict.holder)).toEqual([]);
    const holder = (await client.post('/v1/ledger/account_holders', accountHolderInput('signup-2'), { headers: { 'x-idempotency-key': 'one-key' } })).body;
    const account = await client.post('/v1/ledger/accounts', { currency_code: 'COP', holder_id: holder.id }, { headers: { 'x-idempotency-key': 'one-key' } });
    onlyError(account, 409, 'idempotency_key_reused', '#/x-idempotency-key');
  });

  it('tenants: a key already taken, a start-up one or one made before, answers 409 api_key_taken', async () => {
    const t = await startEmulator();
    onlyError(await t.anonymous.post('/_emulator/tenants', { api_key: KEY_A }), 409, 'api_key_taken', '#/api_key');
    await newTenant(t, { api_key: 'sandbox_taken_key_0001' });
    onlyError(await t.anonymous.post('/_emulator/tenants', { api_key: 'sandbox_taken_key_0001' }), 409, 'api_key_taken', '#/api_key');
  });

  it('tenants: bad input (a malformed key, an unknown field, a webhook that is not http) answers 422 and makes no tenant', async () => {
    // Room for exactly one more tenant: had a refused request made one, the valid one would not fit.
    const t = await startEmulator({ maxTenants: 3 });
    onlyError(await t.anonymous.post('/_emulator/tenants', { api_key: 'short' }), 422, 'invalid_length', '#/api_key');
    onlyError(await t.anonymous.post('/_emulator/tenants', { api_key: 'sandbox_has space_0001' }), 422, 'invalid_format', '#/api_key');
    onlyError(await t.anonymous.post('/_emulator/tenants', { key: 'sandbox_misnamed_field_01' }), 422, 'unknown_field', '#/key');
    expect((await t.anonymous.post('/_emulator/tenants', { webhook: { url: 'ftp://example.com/hooks' } })).status).toBe(422);
    await newTenant(t);
    onlyError(await t.anonymous.post('/_emulator/tenants'), 409, 'tenant_limit_reached', null);
  });

  it('tenants: beyond maxTenants, making one answers 409 tenant_limit_reached and changes nothing; removing one makes room', async () => {
    const t = await startEmulator({ maxTenants: 3 });
    const { tenant, client } = await newTenant(t, { api_key: 'sandbox_third_tenant_0003' });
    const res = await t.anonymous.post('/_emulator/tenants', { api_key: 'sandbox_fourth_tenant_0004' });
    onlyError(res, 409, 'tenant_limit_reached', null);
    expect(res.body.errors[0].message).toContain('3 tenants');
    expect((await t.anonymous.as('sandbox_fourth_tenant_0004').get('/v1/accounts')).status).toBe(401);
    expect((await client.get('/v1/accounts')).status).toBe(200);

    expect((await t.anonymous.delete(`/_emulator/tenants/${tenant.id}`)).status).toBe(204);
    await newTenant(t, { api_key: 'sandbox_fourth_tenant_0004' });
  });

  it('tenants: maxTenants counts the start-up keys: more keys than it allows is an option error', async () => {
    await expect(startEmulator({ apiKeys: [KEY_A, KEY_B], maxTenants: 1 })).rejects.toThrow(/maxTenants/);
  });
});

describe('DELETE /_emulator/tenants/{tenant}', () => {
  it('tenants: a tenant removed by its key is forgotten: its key answers 401, a second removal 404, other tenants untouched', async () => {
    const t = await startEmulator();
    await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId));
    const before = await snapshotTenant(t.api);
    const { tenant, client } = await newTenant(t, { api_key: 'sandbox_removed_tenant_01' });
    await client.post('/v1/cards', bankingCardInput(tenant.bank_account_ids[0]!));

    expect((await t.anonymous.delete('/_emulator/tenants/sandbox_removed_tenant_01')).status).toBe(204);
    onlyError(await client.get('/v1/accounts'), 401, 'expired_token', null);
    onlyError(await t.anonymous.delete('/_emulator/tenants/sandbox_removed_tenant_01'), 404, 'item_not_found', '#/tenant');
    onlyError(await t.anonymous.delete(`/_emulator/tenants/${tenant.id}`), 404, 'item_not_found', '#/tenant');
    expect(await snapshotTenant(t.api)).toEqual(before);
  });

  it('tenants: a tenant is removed by its ten_ id as well, and a key made again gets a fresh tenant with the same seeded ids', async () => {
    const t = await startEmulator();
    const { tenant, client } = await newTenant(t, { api_key: 'sandbox_made_twice_0001' });
    await client.post('/v1/cards', bankingCardInput(tenant.bank_account_ids[0]!));
    expect((await t.anonymous.delete(`/_emulator/tenants/${tenant.id}`)).status).toBe(204);
    const again = await newTenant(t, { api_key: 'sandbox_made_twice_0001' });
    expect(again.tenant).toEqual(tenant);
    expect(await cardIds(again.client)).toEqual([]);
  });

  it("tenants: with its own key a tenant removes itself; another tenant's key cannot remove it (404) and it keeps working", async () => {
    const t = await startEmulator();
    const { tenant, client } = await newTenant(t);
    onlyError(await t.other.delete(`/_emulator/tenants/${tenant.id}`), 404, 'item_not_found', '#/tenant');
    onlyError(await t.other.delete(`/_emulator/tenants/${KEY_A}`), 404, 'item_not_found', '#/tenant');
    expect((await client.get('/v1/accounts')).status).toBe(200);
    expect((await t.api.get('/v1/accounts')).status).toBe(200);

    expect((await client.delete(`/_emulator/tenants/${tenant.api_key}`)).status).toBe(204);
    expect((await client.get('/v1/accounts')).status).toBe(401);
  });

  it('tenants: an unknown key in the Authorization header answers 401 and removes nothing', async () => {
    const t = await startEmulator();
    const { client } = await newTenant(t, { api_key: 'sandbox_stays_alive_0001' });
    onlyError(await t.anonymous.as('sandbox_nobody_has_this_01').delete('/_emulator/tenants/sandbox_stays_alive_0001'), 401, 'expired_token', null);
    expect((await client.get('/v1/accounts')).status).toBe(200);
  });

  it('tenants: a start-up tenant removed comes back, with the same ids, when every tenant is reset', async () => {
    const t = await startEmulator();
    const before = await seededIds(t.other);
    expect((await t.anonymous.delete(`/_emulator/tenants/${KEY_B}`)).status).toBe(204);
    expect((await t.other.get('/v1/accounts')).status).toBe(401);
    expect((await t.anonymous.post('/_emulator/reset')).status).toBe(204);
    expect(await seededIds(t.other)).toEqual(before);
  });
});

describe('POST /_emulator/reset with and without a key', () => {
  it("reset: with a tenant's key only that tenant is seeded again, with the same seeded ids and webhook; other tenants keep their cards", async () => {
    const t = await startEmulator();
    const receiver = await startReceiver();
    const { tenant, client } = await newTenant(t, { webhook: { url: receiver.url, secret: SECRET } });
    const startUpCard = (await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId))).body;
    await client.post('/v1/cards', bankingCardInput(tenant.bank_account_ids[0]!));
    const seeded = await seededIds(client);

    expect((await client.post('/_emulator/reset')).status).toBe(204);
    expect(await cardIds(client)).toEqual([]);
    expect(await seededIds(client)).toEqual(seeded);
    expect((await client.get('/_emulator/webhooks')).body.webhooks).toEqual([expect.objectContaining({ id: tenant.webhook!.id, secret_hint: '…89ab' })]);
    expect(await deliveryLog(client)).toEqual([]);
    expect(await cardIds(t.api)).toEqual([startUpCard.id]);

    // A start-up tenant's own reset leaves the other start-up tenant alone too.
    const otherCard = (await t.other.post('/v1/cards', bankingCardInput((await seededIds(t.other)).bank_account_ids[0]))).body;
    expect((await t.api.post('/_emulator/reset')).status).toBe(204);
    expect(await cardIds(t.api)).toEqual([]);
    expect(await cardIds(t.other)).toEqual([otherCard.id]);
  });

  it('reset: without a key every start-up tenant is seeded again and tenants made at run time are forgotten', async () => {
    const t = await startEmulator();
    const pristine = await snapshotTenant(t.api);
    await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId));
    const { client } = await newTenant(t);
    expect((await t.anonymous.post('/_emulator/reset')).status).toBe(204);
    expect(await snapshotTenant(t.api)).toEqual(pristine);
    onlyError(await client.get('/v1/accounts'), 401, 'expired_token', null);
  });

  it('reset: an unknown or malformed key answers 401 and resets nothing', async () => {
    const t = await startEmulator();
    const card = (await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId))).body;
    onlyError(await t.anonymous.as('sandbox_not_a_tenant_key_01').post('/_emulator/reset'), 401, 'expired_token', null);
    onlyError(await t.anonymous.post('/_emulator/reset', undefined, { headers: { authorization: 'Basic abc' } }), 401, 'missing_authorization_header', null);
    expect(await cardIds(t.api)).toEqual([card.id]);
  });

  it("reset: one tenant's reset never fails another tenant's card creation waiting for Visa; its own answers 409 emulator_reset", async () => {
    const { emulator, seed } = await startEmulator({ tokenizationLatencyMs: 300 });
    const a = contractClient(emulator.url, KEY_A);
    const b = contractClient(emulator.url, KEY_B);
    const bAccount = (await b.get('/v1/accounts')).body.accounts[0].id;
    const mine = a.post('/v1/cards', bankingCardInput(seed.bankAccountId));
    const theirs = b.post('/v1/cards', bankingCardInput(bAccount));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await a.post('/_emulator/reset')).status).toBe(204);

    onlyError(await mine, 409, 'emulator_reset', null);
    const created = await theirs;
    expect(created.status).toBe(201);
    expect(await cardIds(b)).toEqual([created.body.id]);
    expect(await cardIds(a)).toEqual([]);
  });
});

describe('time per tenant', () => {
  it("clock: with a key, GET and advance read and move that tenant's time only; without a key, the emulator's clock", async () => {
    const t = await startEmulator();
    const { client } = await newTenant(t);
    const moved = await t.api.post('/_emulator/clock/advance', { seconds: 90 });
    expect(moved.body).toEqual({ mode: 'manual', now: '2026-03-02T12:01:30.000Z' });
    expect(await clockOf(t.api)).toBe(TEST_START + 90_000);
    expect(await clockOf(t.other)).toBe(TEST_START);
    expect(await clockOf(client)).toBe(TEST_START);
    expect(await clockOf(t.anonymous)).toBe(TEST_START);
    expect(t.emulator.clock.now()).toBe(TEST_START);
  });

  it("clock: the emulator's clock moves every tenant's time; a tenant's reset gives it the emulator's time again", async () => {
    const t = await startEmulator();
    await t.api.post('/_emulator/clock/advance', { seconds: HOUR });
    await t.anonymous.post('/_emulator/clock/advance', { seconds: 60 });
    expect(await clockOf(t.api)).toBe(TEST_START + (HOUR + 60) * 1000);
    expect(await clockOf(t.other)).toBe(TEST_START + 60_000);
    await t.api.post('/_emulator/reset');
    expect(await clockOf(t.api)).toBe(TEST_START + 60_000);
  });

  it("clock: what a tenant creates carries the tenant's own time", async () => {
    const t = await startEmulator();
    await t.api.post('/_emulator/clock/advance', { seconds: 2 * HOUR });
    const mine = await t.api.post('/v1/spending_controls', { rules: { velocity: { daily: { amount: 500_00, currency: 'COP' } } } });
    const theirs = await t.other.post('/v1/spending_controls', { rules: { velocity: { daily: { amount: 500_00, currency: 'COP' } } } });
    expect(mine.body.inserted_at).toBe('2026-03-02T14:00:00Z');
    expect(theirs.body.inserted_at).toBe('2026-03-02T12:00:00Z');
  });

  it("clock: a tenant's webhook retries follow its clock: moving one tenant's time runs its retries and no other's", async () => {
    const t = await startEmulator();
    const failingA = await startReceiver(() => 500);
    const failingB = await startReceiver(() => 500);
    await t.api.post('/_emulator/webhooks', { url: failingA.url, emulator_events: ['card_created'] });
    await t.other.post('/_emulator/webhooks', { url: failingB.url, emulator_events: ['card_created'] });
    await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId));
    await t.other.post('/v1/cards', bankingCardInput((await seededIds(t.other)).bank_account_ids[0]));
    await t.emulator.settled();
    expect([failingA.received.length, failingB.received.length]).toEqual([1, 1]);

    await t.api.post('/_emulator/clock/advance', { seconds: 30 });
    expect([failingA.received.length, failingB.received.length]).toEqual([2, 1]);
    // Another 30 s of everyone's time: B's first retry falls due, A's second (90 s after its first retry) does not.
    await t.anonymous.post('/_emulator/clock/advance', { seconds: 30 });
    expect([failingA.received.length, failingB.received.length]).toEqual([2, 2]);
    const [aLog] = await deliveryLog(t.api);
    expect(aLog!.next_attempt_at).toBe('2026-03-02T12:02:00.000Z');
  });

  it("clock: idempotency keys expire on their tenant's clock", async () => {
    const t = await startEmulator({ idempotencyTtlSeconds: 60 });
    const bAccount = (await seededIds(t.other)).bank_account_ids[0];
    const key = { headers: { 'x-idempotency-key': 'same-key-both-tenants' } };
    const firstA = await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId), key);
    const firstB = await t.other.post('/v1/cards', bankingCardInput(bAccount), key);
    expect([firstA.status, firstB.status]).toEqual([201, 201]);

    await t.api.post('/_emulator/clock/advance', { seconds: 61 });
    // A's key expired on A's clock: the request runs again. B's time has not moved: it replays.
    const againA = await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId), key);
    expect(againA.status).toBe(201);
    expect(againA.body.id).not.toBe(firstA.body.id);
    const againB = await t.other.post('/v1/cards', bankingCardInput(bAccount), key);
    expect(againB.status).toBe(200);
    expect(againB.body.id).toBe(firstB.body.id);
  });

  it("clock: a look URL expires on its tenant's clock", async () => {
    const t = await startEmulator();
    const bAccount = (await seededIds(t.other)).bank_account_ids[0];
    const cardA = (await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId))).body;
    const cardB = (await t.other.post('/v1/cards', bankingCardInput(bAccount))).body;
    const pathOf = async (client: ContractClient, id: string) => {
      const url = new URL((await client.get(`/v1/cards/${id}/look`)).body.url);
      return `${url.pathname}${url.search}`;
    };
    const [lookA, lookB] = [await pathOf(t.api, cardA.id), await pathOf(t.other, cardB.id)];
    await t.api.post('/_emulator/clock/advance', { seconds: 11 * 60 });
    onlyError(await t.anonymous.get(lookA), 403, 'not_authorized', '#/token');
    expect((await t.anonymous.get(lookB)).status).toBe(200);
  });

  it('clock: on the system clock a tenant still moves its own time with its key; without a key advance answers 409', async () => {
    const t = await startEmulator({ clock: 'system' });
    const moved = await t.api.post('/_emulator/clock/advance', { seconds: HOUR });
    expect(moved.body.mode).toBe('system');
    const ahead = (await clockOf(t.api)) - Date.now();
    expect(ahead).toBeGreaterThan(HOUR * 1000 - 5_000);
    expect(ahead).toBeLessThanOrEqual(HOUR * 1000 + 5_000);
    expect(Math.abs((await clockOf(t.other)) - Date.now())).toBeLessThan(5_000);
    onlyError(await t.anonymous.post('/_emulator/clock/advance', { seconds: 1 }), 409, 'clock_not_manual', null);
  });
});

describe('--any-key', () => {
  it('any key: off by default, an unknown sandbox_ key answers 401 expired_token, as on Mono', async () => {
    const t = await startEmulator();
    onlyError(await t.anonymous.as('sandbox_unknown_worker_0001').get('/v1/accounts'), 401, 'expired_token', null);
  });

  it('any key: on, an unknown sandbox_ key opens a seeded tenant of its own on first use and keeps it', async () => {
    const t = await startEmulator({ anyKey: true });
    const worker = t.anonymous.as('sandbox_any_worker_0001');
    const accounts = (await worker.get('/v1/accounts')).body.accounts;
    expect(accounts).toHaveLength(2);
    const card = (await worker.post('/v1/cards', bankingCardInput(accounts[0].id))).body;
    expect(await cardIds(worker)).toEqual([card.id]);
    expect(await cardIds(t.anonymous.as('sandbox_any_worker_0002'))).toEqual([]);
    expect(await cardIds(t.api)).toEqual([]);
    // The same key's tenant answers the control plane as any other.
    expect((await worker.post('/_emulator/reset')).status).toBe(204);
    expect(await cardIds(worker)).toEqual([]);
  });

  it('any key: on, a key that is not sandbox_ and 8-120 more characters answers 401 with why, and opens nothing', async () => {
    const t = await startEmulator({ anyKey: true, maxTenants: 3 });
    for (const key of ['live_worker_key_0001', 'sandbox_short']) {
      const res = await t.anonymous.as(key).get('/v1/accounts');
      onlyError(res, 401, 'expired_token', null);
      expect(res.body.errors[0].message).toContain('sandbox_');
    }
    // Nothing was opened: the one tenant left room for still fits.
    await newTenant(t);
  });

  it('any key: on, beyond maxTenants a new key answers 401 and opens nothing', async () => {
    const t = await startEmulator({ anyKey: true, maxTenants: 2 });
    const res = await t.anonymous.as('sandbox_one_too_many_0001').get('/v1/accounts');
    onlyError(res, 401, 'expired_token', null);
    expect(res.body.errors[0].message).toContain('2 tenants');
  });

  it('any key: the admin token never opens a tenant', async () => {
    const t = await startEmulator({ anyKey: true, adminToken: 'sandbox_admin_token_0001' });
    onlyError(await t.anonymous.as('sandbox_admin_token_0001').get('/v1/accounts'), 401, 'expired_token', null);
  });
});
