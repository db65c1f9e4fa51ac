import { describe, expect, it } from 'vitest';
import type { ApiResponse } from '../support/contract-client.js';
import { bankingCardInput, cardholderInput } from '../support/fixtures.js';
import { KEY_A, KEY_B, startEmulator } from '../support/emulator.js';

const KEY_C = 'sandbox_tenant_c_key_000000000000';

/** Mono's documented 401 bodies (docs/mono-reference.md §6.3). */
const UNAUTHORIZED = { code: '401 Unauthorized', message: 'Authorization header is missing or invalid.' };
const MISSING_HEADER_MESSAGE = '`Authorization` header is missing.';
const EXPIRED_TOKEN_MESSAGE = "The token is expired, inactive, or doesn't exist.";

const CONTROL_INPUT = { nickname: 'Tope diario', rules: { velocity: { daily: { amount: 500_000_00, currency: 'COP' } } } };

function expectUnauthorized(res: ApiResponse, errorCode: 'missing_authorization_header' | 'expired_token'): void {
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject(UNAUTHORIZED);
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors[0]).toMatchObject({ error_code: errorCode, path: null, url: null });
  expect(res.headers['www-authenticate']).toBe('Bearer');
}

const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe('Authorization: Bearer <key>', () => {
  it('auth: a request without an Authorization header answers 401 missing_authorization_header with Mono\'s messages', async () => {
    const { anonymous } = await startEmulator();
    const res = await anonymous.get('/v1/cards');
    expectUnauthorized(res, 'missing_authorization_header');
    expect(res.body.errors[0].message).toBe(MISSING_HEADER_MESSAGE);
  });

  it('auth: every secured operation refuses a request without a key, whatever its method', async () => {
    const { anonymous, api, seed } = await startEmulator();
    const card = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;
    const answers = [
      await anonymous.post('/v1/cards/cardholders', cardholderInput()),
      await anonymous.get(`/v1/cards/${card.id}`),
      await anonymous.patch(`/v1/cards/${card.id}`, { state: 'frozen' }),
      await anonymous.get(`/v1/cards/${card.id}/look`),
      await anonymous.get('/v1/accounts'),
      await anonymous.get(`/v1/accounts/${seed.bankAccountId}/balances`),
      await anonymous.get('/v1/ledger/accounts'),
      await anonymous.get('/v1/ledger/tenant/config'),
      await anonymous.get('/v1/spending_controls'),
      await anonymous.post('/v1/spending_controls', CONTROL_INPUT),
    ];
    for (const res of answers) expectUnauthorized(res, 'missing_authorization_header');
    // Nothing the refused requests asked for happened.
    expect((await api.get(`/v1/cards/${card.id}`)).body.state).toBe('active');
    expect((await api.get('/v1/spending_controls')).body.spending_controls).toEqual([]);
  });

  it.each([
    ['another scheme', 'Basic x'],
    ['Basic credentials of the real key', `Basic ${Buffer.from(`${KEY_A}:`).toString('base64')}`],
    ['the scheme without a key', 'Bearer'],
    ['two words after the scheme', `Bearer ${KEY_A} extra`],
    ['a key with no scheme', KEY_A],
  ])('auth: a malformed Authorization header (%s) answers 401 with a Bearer challenge', async (_what, header) => {
    const { anonymous } = await startEmulator();
    const res = await anonymous.get('/v1/accounts', { headers: { authorization: header } });
    expectUnauthorized(res, 'missing_authorization_header');
  });

  it('auth: the scheme is case-insensitive, so "bearer <key>" is accepted', async () => {
    const { anonymous } = await startEmulator();
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const res = await anonymous.get('/v1/accounts', { headers: { authorization: `${scheme} ${KEY_A}` } });
      expect(res.status).toBe(200);
      expect(res.body.accounts).toHaveLength(2);
    }
  });

  it('auth: an unknown key answers 401 expired_token with Mono\'s messages', async () => {
    const { anonymous } = await startEmulator();
    const res = await anonymous.get('/v1/accounts', { headers: { authorization: 'Bearer sandbox_not_a_key_of_this_emulator' } });
    expectUnauthorized(res, 'expired_token');
    expect(res.body.errors[0].message).toBe(EXPIRED_TOKEN_MESSAGE);
  });

  it('auth: a key is matched exactly (another case, a prefix or an extension of a real key is unknown)', async () => {
    const { anonymous } = await startEmulator();
    for (const key of [KEY_A.toUpperCase(), KEY_A.slice(0, -1), `${KEY_A}0`]) {
      const res = await anonymous.get('/v1/accounts', { headers: { authorization: `Bearer ${key}` } });
      expectUnauthorized(res, 'expired_token');
    }
  });

  it('auth: a 401 comes before body validation (an invalid body without a key answers 401, not 422)', async () => {
    const { anonymous } = await startEmulator();
    const invalid = await anonymous.post('/v1/cards', { account_id: 'acc_short', nickname: 7 });
    expectUnauthorized(invalid, 'missing_authorization_header');

    const unknownKey = await anonymous.post('/v1/cards', {}, { headers: { authorization: 'Bearer sandbox_unknown_key_0001' } });
    expectUnauthorized(unknownKey, 'expired_token');
  });

  it('auth: a 401 comes before the body is read (malformed JSON, a non-JSON body or an oversized one without a key answer 401)', async () => {
    const { anonymous } = await startEmulator();
    const malformed = await anonymous.call('post', '/v1/cards', { raw: '{"account_id":', headers: { 'content-type': 'application/json' } });
    expectUnauthorized(malformed, 'missing_authorization_header');
    const text = await anonymous.call('post', '/v1/cards', { raw: 'hello', headers: { 'content-type': 'text/plain' } });
    expectUnauthorized(text, 'missing_authorization_header');
    const large = await anonymous.post('/v1/cards', { nickname: 'x'.repeat(200_000) });
    expectUnauthorized(large, 'missing_authorization_header');
  });
});

describe('each key is its own tenant', () => {
  it("tenants: tenant A's card is 404 to tenant B, for reading, updating and its look URL", async () => {
    const { api, other, seed } = await startEmulator();
    const card = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;

    for (const res of [
      await other.get(`/v1/cards/${card.id}`),
      await other.patch(`/v1/cards/${card.id}`, { state: 'canceled' }),
      await other.get(`/v1/cards/${card.id}/look`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/card_id' });
    }
    // B's refused cancel left A's card as it was.
    expect((await api.get(`/v1/cards/${card.id}`)).body.state).toBe('active');
  });

  it("tenants: tenant A's cardholder is 404 to tenant B, for reading and updating", async () => {
    const { api, other } = await startEmulator();
    const holder = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    expect(holder.id).toMatch(/^carh_/);

    const read = await other.get(`/v1/cards/cardholders/${holder.id}`);
    expect(read.status).toBe(404);
    expect(read.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/cardholder_id' });
    const update = await other.patch(`/v1/cards/cardholders/${holder.id}`, { first_name: 'Mallory' });
    expect(update.status).toBe(404);

    expect((await api.get(`/v1/cards/cardholders/${holder.id}`)).body.first_name).toBe('Dennis');
  });

  it("tenants: tenant A's spending control is 404 to tenant B, for reading, renaming and deleting", async () => {
    const { api, other } = await startEmulator();
    const control = (await api.post('/v1/spending_controls', CONTROL_INPUT)).body;

    for (const res of [
      await other.get(`/v1/spending_controls/${control.id}`),
      await other.patch(`/v1/spending_controls/${control.id}`, { nickname: 'robado' }),
      await other.delete(`/v1/spending_controls/${control.id}`),
      await other.get(`/v1/spending_controls/${control.id}/targets`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/spending_control_id' });
    }
    expect((await api.get(`/v1/spending_controls/${control.id}`)).body).toEqual(control);
  });

  it("tenants: tenant A's bank and ledger accounts are 404 to tenant B", async () => {
    const { other, seed } = await startEmulator();
    const balance = await other.get(`/v1/accounts/${seed.bankAccountId}/balances`);
    expect(balance.status).toBe(404);
    expect(balance.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/account_id' });

    const ledger = await other.get(`/v1/ledger/accounts/${seed.ledgerAccountId}`);
    expect(ledger.status).toBe(404);
    expect(ledger.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/account_id' });
    expect((await other.get(`/v1/ledger/accounts/${seed.ledgerAccountId}/balances`)).status).toBe(404);
  });

  it('tenants: lists never mix the tenants\' items', async () => {
    const { api, other, seed } = await startEmulator();
    const card = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;

    const allStates = '?state=created,active,frozen,canceled&page_size=500';
    expect(ids((await api.get(`/v1/cards${allStates}`)).body.cards)).toEqual([card.id]);
    expect((await other.get(`/v1/cards${allStates}`)).body.cards).toEqual([]);
    expect((await other.get(`/v1/cards${allStates}&account_id=${seed.bankAccountId}`)).body.cards).toEqual([]);

    const accountsA = ids((await api.get('/v1/accounts')).body.accounts);
    const accountsB = ids((await other.get('/v1/accounts')).body.accounts);
    expect(accountsA).toHaveLength(2);
    expect(accountsB).toHaveLength(2);
    expect(accountsB.filter((id) => accountsA.includes(id))).toEqual([]);

    const ledgerA = ids((await api.get('/v1/ledger/accounts')).body.accounts);
    const ledgerB = ids((await other.get('/v1/ledger/accounts')).body.accounts);
    expect(ledgerA).toContain(seed.ledgerAccountId);
    expect(ledgerB).not.toContain(seed.ledgerAccountId);
    expect(ledgerB.filter((id) => ledgerA.includes(id))).toEqual([]);

    const groupsA = ids((await api.get('/v1/ledger/tenant/config')).body.card_configuration_groups);
    const groupsB = ids((await other.get('/v1/ledger/tenant/config')).body.card_configuration_groups);
    expect(groupsB.filter((id) => groupsA.includes(id))).toEqual([]);

    const control = (await api.post('/v1/spending_controls', CONTROL_INPUT)).body;
    const otherControl = (await other.post('/v1/spending_controls', CONTROL_INPUT)).body;
    expect(ids((await api.get('/v1/spending_controls')).body.spending_controls)).toEqual([control.id]);
    expect(ids((await other.get('/v1/spending_controls')).body.spending_controls)).toEqual([otherControl.id]);
  });

  it('tenants: the same request on each tenant creates independent items', async () => {
    const { api, other } = await startEmulator();
    const holderA = await api.post('/v1/cards/cardholders', cardholderInput());
    const holderB = await other.post('/v1/cards/cardholders', cardholderInput());
    expect(holderA.status).toBe(201);
    expect(holderB.status).toBe(201);
    expect(holderB.body.id).not.toBe(holderA.body.id);

    // Renaming B's cardholder leaves A's alone.
    await other.patch(`/v1/cards/cardholders/${holderB.body.id}`, { first_name: 'Brian' });
    expect((await api.get(`/v1/cards/cardholders/${holderA.body.id}`)).body.first_name).toBe('Dennis');
    expect((await other.get(`/v1/cards/cardholders/${holderB.body.id}`)).body.first_name).toBe('Brian');

    const controlA = (await api.post('/v1/spending_controls', CONTROL_INPUT)).body;
    const controlB = (await other.post('/v1/spending_controls', CONTROL_INPUT)).body;
    expect(controlB.id).not.toBe(controlA.id);
    expect((await other.delete(`/v1/spending_controls/${controlB.id}`)).status).toBe(204);
    expect((await api.get(`/v1/spending_controls/${controlA.id}`)).status).toBe(200);
  });

  it("tenants: money moved on tenant A's account leaves tenant B's balances unchanged", async () => {
    const { api, other, seed } = await startEmulator();
    const bAccounts = (await other.get('/v1/accounts')).body.accounts as { id: string }[];
    const balancesOfB = async () =>
      Promise.all(bAccounts.map(async (a) => (await other.get(`/v1/accounts/${a.id}/balances`)).body.available.amount));
    const before = await balancesOfB();
    const beforeA = (await api.get(`/v1/accounts/${seed.bankAccountId}/balances`)).body.available.amount;

    const res = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { initial_balance: { amount: 10_000_00, currency: 'COP' } }));
    expect(res.status).toBe(201);

    expect((await api.get(`/v1/accounts/${seed.bankAccountId}/balances`)).body.available.amount).toBe(beforeA - 10_000_00);
    expect(await balancesOfB()).toEqual(before);
  });

  it('tenants: a third key given in the options is a third tenant, seeded like the others and isolated from them', async () => {
    const { api, other, emulator, seed } = await startEmulator({ apiKeys: [KEY_A, KEY_B, KEY_C] });
    expect(emulator.apiKeys).toEqual([KEY_A, KEY_B, KEY_C]);
    const third = api.as(KEY_C);

    const accounts = await third.get('/v1/accounts');
    expect(accounts.status).toBe(200);
    expect(accounts.body.accounts).toHaveLength(2);
    const config = (await third.get('/v1/ledger/tenant/config')).body;
    expect(config.card_configuration_groups.map((g: { card_type: string; name: string }) => `${g.card_type} ${g.name}`).sort()).toEqual([
      'plastic Débito plástica',
      'virtual Débito virtual',
      'virtual Prepago virtual',
    ]);
    expect((await third.get('/v1/ledger/accounts')).body.accounts).toHaveLength(1);

    const seen = new Set([...ids((await api.get('/v1/accounts')).body.accounts), ...ids((await other.get('/v1/accounts')).body.accounts)]);
    expect(ids(accounts.body.accounts).filter((id) => seen.has(id))).toEqual([]);

    // Its data is its own, both ways.
    const card = await third.post('/v1/cards', bankingCardInput(accounts.body.accounts[0].id));
    expect(card.status).toBe(201);
    expect((await api.get(`/v1/cards/${card.body.id}`)).status).toBe(404);
    expect((await other.get(`/v1/cards/${card.body.id}`)).status).toBe(404);
    expect((await third.post('/v1/cards', bankingCardInput(seed.bankAccountId))).status).toBe(404);
  });

  it('tenants: a key that is not in the options is refused, even when the emulator has several tenants', async () => {
    const { api } = await startEmulator({ apiKeys: [KEY_A, KEY_B] });
    const res = await api.as(KEY_C).get('/v1/accounts');
    expectUnauthorized(res, 'expired_token');
  });
});
