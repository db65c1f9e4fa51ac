import { describe, expect, it } from 'vitest';
import { AT_TEST_START, iso, startEmulator, TEST_START } from '../support/emulator.js';
import { errorsByPath, onlyError, warningsOf } from '../support/errors.js';
import { accountHolderInput, cardholderInput } from '../support/fixtures.js';
import { available, balanceOperation, createAccount, fundedAccount } from '../support/ledger.js';

const person = (overrides: Record<string, unknown> = {}) => ({ ...accountHolderInput('x').person, ...overrides });

describe('GET /v1/ledger/account_holders/{id}', () => {
  it("account holder: reads back as it was created, in the SDK's shape; another tenant's is 404", async () => {
    const { api, other } = await startEmulator();
    const created = await api.post('/v1/ledger/account_holders', accountHolderInput('read-me', { person: person({ middle_name: 'Lucía', second_last_name: 'Pardo' }) }));
    expect(created.status).toBe(201);
    const res = await api.get(`/v1/ledger/account_holders/${created.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created.body);
    expect(res.body).toMatchObject({
      type: 'third_party',
      state: 'active',
      state_reason: null,
      state_reason_detail: null,
      person: { middle_name: 'Lucía', second_last_name: 'Pardo' },
    });
    onlyError(await other.get(`/v1/ledger/account_holders/${created.body.id}`), 404, 'item_not_found', '#/account_holder_id');
    onlyError(await api.get('/v1/ledger/account_holders/acch_0000000000000000000000'), 404, 'item_not_found', '#/account_holder_id');
    onlyError(await api.get('/v1/ledger/account_holders/lacc_0000000000000000000000'), 422, 'invalid_format', '#/account_holder_id');
  });

  it('account holder: every holder of a tenant has the same client_id, another tenant another', async () => {
    const { api, other } = await startEmulator();
    const a = (await api.post('/v1/ledger/account_holders', accountHolderInput('a'))).body;
    const b = (await api.post('/v1/ledger/account_holders', accountHolderInput('b'))).body;
    const c = (await other.post('/v1/ledger/account_holders', accountHolderInput('c'))).body;
    expect(a.client_id).toBe(b.client_id);
    expect(c.client_id).not.toBe(a.client_id);
  });

  it("account holder: country_code is taken as ISO alpha-2 or alpha-3 and kept as sent; Colombia's document rule applies to both", async () => {
    const { api } = await startEmulator();
    const alpha3 = await api.post('/v1/ledger/account_holders', accountHolderInput('col', { person: person({ country_code: 'COL' }) }));
    expect(alpha3.status).toBe(201);
    expect(alpha3.body.person.country_code).toBe('COL');
    onlyError(await api.post('/v1/ledger/account_holders', accountHolderInput('col-dl', { person: person({ country_code: 'COL', document_type: 'DL' }) })), 422, 'invalid_value', '#/person/document_type');
    expect((await api.post('/v1/ledger/account_holders', accountHolderInput('ecu', { person: person({ country_code: 'ECU', document_type: 'NID' }) }))).status).toBe(201);
    const bad = await api.post('/v1/ledger/account_holders', accountHolderInput('bad', { person: person({ country_code: 'XXX' }) }));
    expect(errorsByPath(bad)).toEqual({ '#/person/country_code': 'invalid_value' });
  });
});

describe('GET /v1/ledger/account_holders/find_by', () => {
  it('find holder: by external_id, or by document number and type (and country, in either form)', async () => {
    const { api, other } = await startEmulator();
    const holder = (await api.post('/v1/ledger/account_holders', accountHolderInput('crm-77', { person: person({ document_number: '1020304050', country_code: 'CO' }) }))).body;
    await api.post('/v1/ledger/account_holders', accountHolderInput('crm-78', { person: person({ document_number: '9999999' }) }));
    const find = (query: string) => api.get(`/v1/ledger/account_holders/find_by?${query}`);

    expect((await find('external_id=crm-77')).body).toEqual(holder);
    expect((await find('document_number=1020304050&document_type=CC')).body).toEqual(holder);
    expect((await find('document_number=1020304050&document_type=CC&country_code=COL')).body).toEqual(holder);
    expect((await find('external_id=crm-77&document_number=1020304050')).body).toEqual(holder);

    onlyError(await find('external_id=crm-77&document_number=9999999'), 404, 'item_not_found', '#/external_id');
    onlyError(await find('document_number=1020304050&document_type=CE'), 404, 'item_not_found', '#/document_number');
    onlyError(await find('document_number=1020304050&document_type=CC&country_code=EC'), 404, 'item_not_found', '#/document_number');
    onlyError(await find('external_id=nobody'), 404, 'item_not_found', '#/external_id');
    onlyError(await other.get('/v1/ledger/account_holders/find_by?external_id=crm-77'), 404, 'item_not_found', '#/external_id');
    onlyError(await find(''), 422, 'missing_field', '#/external_id');
    onlyError(await find('document_number=1020304050'), 422, 'missing_field', '#/document_type');
    onlyError(await find('document_type=PASSPORT&document_number=123456'), 422, 'invalid_value', '#/document_type');
  });
});

describe('PATCH /v1/ledger/account_holders/{id}', () => {
  it('update holder: blocking takes a reason and a detail; unblocking clears them; the time of the change is kept', async () => {
    const { api, emulator } = await startEmulator();
    const holder = (await api.post('/v1/ledger/account_holders', accountHolderInput('blockable'))).body;
    await emulator.advanceClock(90_000);
    const blocked = await api.patch(`/v1/ledger/account_holders/${holder.id}`, { state: 'blocked', reason: 'fraud', detail: 'Chargebacks' });
    expect(blocked.status).toBe(200);
    expect(blocked.body).toEqual({ ...holder, state: 'blocked', state_reason: 'fraud', state_reason_detail: 'Chargebacks', updated_at: iso(TEST_START + 90_000) });
    expect((await api.get(`/v1/ledger/account_holders/${holder.id}`)).body).toEqual(blocked.body);

    const active = await api.patch(`/v1/ledger/account_holders/${holder.id}`, { state: 'active' });
    expect(active.body).toMatchObject({ state: 'active', state_reason: null, state_reason_detail: null, inserted_at: AT_TEST_START });
  });

  it('update holder: email, phone number and metadata change alone; null clears them; the state and the rest stay', async () => {
    const { api } = await startEmulator();
    const holder = (await api.post('/v1/ledger/account_holders', accountHolderInput('contact', { metadata: { tier: 'gold' } }))).body;
    const changed = await api.patch(`/v1/ledger/account_holders/${holder.id}`, { email: 'nuevo.correo@example.com', phone_number: '+573001112233', metadata: { tier: 'silver' } });
    expect(changed.body).toEqual({ ...holder, email: 'nuevo.correo@example.com', phone_number: '+573001112233', metadata: { tier: 'silver' } });
    const cleared = await api.patch(`/v1/ledger/account_holders/${holder.id}`, { email: null, phone_number: null, metadata: null });
    expect(cleared.body).toMatchObject({ email: null, phone_number: null, metadata: {}, state: 'active', person: holder.person });
  });

  it('update holder: a reason without a state replaces the reason only', async () => {
    const { api } = await startEmulator();
    const holder = (await api.post('/v1/ledger/account_holders', accountHolderInput('reasons'))).body;
    await api.patch(`/v1/ledger/account_holders/${holder.id}`, { state: 'blocked', reason: 'other', detail: 'KYC' });
    const res = await api.patch(`/v1/ledger/account_holders/${holder.id}`, { reason: 'user_request' });
    expect(res.body).toMatchObject({ state: 'blocked', state_reason: 'user_request', state_reason_detail: 'KYC' });
  });

  it('update holder: bad values are 422 at the field; an empty body or canceled as a state are refused; the person is ignored with a warning (refused under strict)', async () => {
    const { api } = await startEmulator();
    const holder = (await api.post('/v1/ledger/account_holders', accountHolderInput('strict'))).body;
    const url = `/v1/ledger/account_holders/${holder.id}`;
    onlyError(await api.patch(url, { state: 'canceled' }), 422, 'invalid_value', '#/state');
    onlyError(await api.patch(url, { state: 'blocked', reason: 'temporary' }), 422, 'invalid_value', '#/reason');
    onlyError(await api.patch(url, { email: 'no-at-sign' }), 422, 'invalid_format', '#/email');
    const onlyPerson = await api.patch(url, { person: person() });
    onlyError(onlyPerson, 422, 'invalid_value', null);
    expect(warningsOf(onlyPerson)).toEqual(['ignored unknown field #/person']);
    expect((await api.patch(url, {})).status).toBe(422);
    expect((await api.get(url)).body).toEqual(holder);

    const strict = (await startEmulator({ strict: true })).api;
    const kept = (await strict.post('/v1/ledger/account_holders', accountHolderInput('strict'))).body;
    onlyError(await strict.patch(`/v1/ledger/account_holders/${kept.id}`, { email: 'ana@example.com', person: person() }), 422, 'unknown_field', '#/person');
    expect((await strict.get(`/v1/ledger/account_holders/${kept.id}`)).body).toEqual(kept);
  });

  it("update holder: another tenant's holder is 404 and does not change", async () => {
    const { api, other } = await startEmulator();
    const holder = (await api.post('/v1/ledger/account_holders', accountHolderInput('mine'))).body;
    onlyError(await other.patch(`/v1/ledger/account_holders/${holder.id}`, { state: 'blocked' }), 404, 'item_not_found', '#/account_holder_id');
    expect((await api.get(`/v1/ledger/account_holders/${holder.id}`)).body.state).toBe('active');
  });

  it("blocked holder: its accounts refuse top-ups, withdrawals, new accounts and new cards with 422 account_not_active, and work again once it is unblocked", async () => {
    const { api, seed } = await startEmulator();
    const holder = (await api.post('/v1/ledger/account_holders', accountHolderInput('to-block'))).body;
    const accountId = await createAccount(api, holder.id);
    await api.post(`/v1/ledger/accounts/${accountId}/balance`, balanceOperation('topup', 5_000, 'before'));
    await api.patch(`/v1/ledger/account_holders/${holder.id}`, { state: 'blocked', reason: 'fraud' });

    onlyError(await api.post(`/v1/ledger/accounts/${accountId}/balance`, balanceOperation('topup', 1, 'b-topup')), 422, 'account_not_active', '#/account_id');
    onlyError(await api.post(`/v1/ledger/accounts/${accountId}/balance`, balanceOperation('withdrawal', 1, 'b-withdrawal')), 422, 'account_not_active', '#/account_id');
    onlyError(await api.post('/v1/ledger/accounts', { holder_id: holder.id, currency_code: 'COP' }), 422, 'account_not_active', '#/holder_id');
    onlyError(
      await api.post('/v1/ledger/cards', { account_id: accountId, configuration_group_id: seed.virtualGroupId, cardholder: cardholderInput() }),
      422,
      'account_not_active',
      '#/account_id',
    );
    expect(await available(api, accountId)).toBe(5_000);

    await api.patch(`/v1/ledger/account_holders/${holder.id}`, { state: 'active' });
    expect((await api.post(`/v1/ledger/accounts/${accountId}/balance`, balanceOperation('withdrawal', 1_000, 'after'))).status).toBe(201);
    expect(await available(api, accountId)).toBe(4_000);
  });

  it('blocked holder: the seeded holder can be found, blocked and unblocked like any other', async () => {
    const { api, seed } = await startEmulator();
    const account = (await api.get(`/v1/ledger/accounts/${seed.ledgerAccountId}`)).body;
    const holder = (await api.get(`/v1/ledger/account_holders/${account.holder_id}`)).body;
    expect((await api.get(`/v1/ledger/account_holders/find_by?external_id=${holder.external_id}`)).body).toEqual(holder);
    await api.patch(`/v1/ledger/account_holders/${holder.id}`, { state: 'blocked', reason: 'other' });
    onlyError(await api.post(`/v1/ledger/accounts/${seed.ledgerAccountId}/balance`, balanceOperation('topup', 1, 'seed-blocked')), 422, 'account_not_active', '#/account_id');
    const funded = await fundedAccount(api, 'unrelated', 10);
    expect(await available(api, funded)).toBe(10);
  });
});
