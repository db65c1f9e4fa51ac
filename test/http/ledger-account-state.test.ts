import { describe, expect, it } from 'vitest';
import type { ContractClient } from '../support/contract-client.js';
import { iso, startEmulator, TEST_START } from '../support/emulator.js';
import { onlyError, warningsOf } from '../support/errors.js';
import { cardholderInput } from '../support/fixtures.js';
import { available, balanceOperation, createAccount, createHolder, fundedAccount, transactionsOf } from '../support/ledger.js';

const idsOf = async (api: ContractClient, query: string) => (await api.get(`/v1/ledger/accounts?page_size=500&${query}`)).body.accounts.map((a: { id: string }) => a.id);

describe('PATCH /v1/ledger/accounts/{id}', () => {
  it('update account: blocking sets the state with its reason and detail; unblocking clears them', async () => {
    const { api, emulator } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h'));
    const before = (await api.get(`/v1/ledger/accounts/${accountId}`)).body;
    await emulator.advanceClock(60_000);

    const blocked = await api.patch(`/v1/ledger/accounts/${accountId}`, { state: 'blocked', reason: 'temporary', detail: 'Revisión de documentos' });
    expect(blocked.status).toBe(200);
    expect(blocked.body).toEqual({ ...before, state: 'blocked', state_reason: 'temporary', state_reason_detail: 'Revisión de documentos', updated_at: iso(TEST_START + 60_000) });
    expect((await api.get(`/v1/ledger/accounts/${accountId}`)).body).toEqual(blocked.body);

    const active = await api.patch(`/v1/ledger/accounts/${accountId}`, { state: 'active' });
    expect(active.body).toMatchObject({ state: 'active', state_reason: null, state_reason_detail: null });
  });

  it('update account: every documented reason is taken', async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h'));
    for (const reason of ['temporary', 'user_request', 'unused', 'fraud', 'other']) {
      const res = await api.patch(`/v1/ledger/accounts/${accountId}`, { state: 'blocked', reason });
      expect(res.body.state_reason, reason).toBe(reason);
    }
  });

  it('update account: a blocked account refuses top-ups, withdrawals, transfers and new cards with 422 account_not_active, and can still be read', async () => {
    const { api, seed } = await startEmulator();
    const accountId = await fundedAccount(api, 'h', 5_000);
    const peer = await fundedAccount(api, 'peer', 5_000);
    await api.patch(`/v1/ledger/accounts/${accountId}`, { state: 'blocked', reason: 'fraud' });

    onlyError(await api.post(`/v1/ledger/accounts/${accountId}/balance`, balanceOperation('topup', 1, 'b1')), 422, 'account_not_active', '#/account_id');
    onlyError(await api.post(`/v1/ledger/accounts/${accountId}/balance`, balanceOperation('withdrawal', 1, 'b2')), 422, 'account_not_active', '#/account_id');
    onlyError(await api.post('/v1/ledger/transfers', { amount: { amount: 1, currency: 'COP' }, payer_account_id: accountId, receiving_account_id: peer, external_id: 'b3' }), 422, 'account_not_active', '#/payer_account_id');
    onlyError(await api.post('/v1/ledger/transfers', { amount: { amount: 1, currency: 'COP' }, payer_account_id: peer, receiving_account_id: accountId, external_id: 'b4' }), 422, 'account_not_active', '#/receiving_account_id');
    onlyError(await api.post('/v1/ledger/cards', { account_id: accountId, configuration_group_id: seed.virtualGroupId, cardholder: cardholderInput() }), 422, 'account_not_active', '#/account_id');
    expect(await available(api, accountId)).toBe(5_000);
    expect(await available(api, peer)).toBe(5_000);
    expect(await transactionsOf(api, accountId)).toHaveLength(1);
  });

  it('update account: state is required and is active or blocked; reasons are the documented ones; unknown fields are ignored with a warning', async () => {
    const { api, other } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h'));
    const url = `/v1/ledger/accounts/${accountId}`;
    onlyError(await api.patch(url, { reason: 'fraud' }), 422, 'missing_field', '#/state');
    onlyError(await api.patch(url, { state: 'canceled' }), 422, 'invalid_value', '#/state');
    onlyError(await api.patch(url, { state: 'blocked', reason: 'stolen' }), 422, 'invalid_value', '#/reason');
    onlyError(await api.patch(url, { state: 'blocked', detail: 'x'.repeat(256) }), 422, 'invalid_length', '#/detail');
    const named = await api.patch(url, { state: 'active', name: 'Otro' });
    expect(named.status).toBe(200);
    expect(named.body.name).not.toBe('Otro');
    expect(warningsOf(named)).toEqual(['ignored unknown field #/name']);
    onlyError(await api.patch('/v1/ledger/accounts/lacc_0000000000000000000000', { state: 'blocked' }), 404, 'item_not_found', '#/account_id');
    onlyError(await other.patch(url, { state: 'blocked' }), 404, 'item_not_found', '#/account_id');
    expect((await api.get(url)).body.state).toBe('active');
  });
});

describe('GET /v1/ledger/accounts: filters as the SDK sends them', () => {
  it('list accounts: state, currency_code, holder and type take several values, comma-joined or repeated', async () => {
    const { api, seed } = await startEmulator();
    const ana = await createHolder(api, 'ana');
    const luis = await createHolder(api, 'luis');
    const anaCop = await createAccount(api, ana, 'COP');
    const anaUsd = await createAccount(api, ana, 'USD');
    const luisCop = await createAccount(api, luis, 'COP');
    await api.patch(`/v1/ledger/accounts/${anaUsd}`, { state: 'blocked' });

    expect(await idsOf(api, 'state=blocked')).toEqual([anaUsd]);
    expect(await idsOf(api, 'state=active,blocked')).toEqual([luisCop, anaUsd, anaCop, seed.ledgerAccountId]);
    expect(await idsOf(api, 'state=active&state=blocked&currency_code=USD')).toEqual([anaUsd]);
    expect(await idsOf(api, 'currency_code=COP,USD')).toEqual([luisCop, anaUsd, anaCop, seed.ledgerAccountId]);
    expect(await idsOf(api, `holder=${ana},${luis}`)).toEqual([luisCop, anaUsd, anaCop]);
    expect(await idsOf(api, `holder=${luis}&holder=${ana}&state=active`)).toEqual([luisCop, anaCop]);
    expect(await idsOf(api, 'type=subaccount,current')).toHaveLength(4);
    expect(await idsOf(api, 'type=current,trade_account')).toEqual([]);
  });

  it('list accounts: inserted_at[from] and [until] bound when accounts were opened; nickname[contains] matches part of the name, ignoring case', async () => {
    const { api, emulator, seed } = await startEmulator();
    const holder = await createHolder(api, 'h');
    await emulator.advanceClock(3_600_000);
    const travel = await createAccount(api, holder, 'COP', { name: 'Viajes Europa' });
    await emulator.advanceClock(3_600_000);
    const savings = await createAccount(api, holder, 'COP', { name: 'Ahorro viajes' });
    const unnamed = await createAccount(api, holder, 'COP');

    expect(await idsOf(api, `inserted_at[from]=${iso(TEST_START + 3_600_000)}`)).toEqual([unnamed, savings, travel]);
    expect(await idsOf(api, `inserted_at[until]=${iso(TEST_START + 3_600_000)}`)).toEqual([travel, seed.ledgerAccountId]);
    expect(await idsOf(api, `inserted_at[from]=${iso(TEST_START + 1_000)}&inserted_at[until]=${iso(TEST_START + 3_600_000)}`)).toEqual([travel]);
    expect(await idsOf(api, 'inserted_at[from]=2026-03-02&inserted_at[until]=2026-03-02')).toHaveLength(4);
    expect(await idsOf(api, 'inserted_at[from]=2026-03-03')).toEqual([]);
    expect(await idsOf(api, 'nickname[contains]=VIAJES')).toEqual([savings, travel]);
    expect(await idsOf(api, 'nickname[contains]=europa&inserted_at[from]=2026-03-02')).toEqual([travel]);
    const page = await api.get('/v1/ledger/accounts?nickname[contains]=viajes&page_size=10');
    expect(page.body.pagination).toEqual({ page_number: 1, page_size: 10, total_items: 2, total_pages: 1 });
  });
});
