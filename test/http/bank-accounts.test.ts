import { describe, expect, it } from 'vitest';
import { bankingCardInput } from '../support/fixtures.js';
import { startEmulator, AT_TEST_START, iso, TEST_START } from '../support/emulator.js';
import { onlyError } from '../support/errors.js';


describe('GET /v1/accounts', () => {
  it("list bank accounts: the tenant's two seeded savings accounts, with a first-page pagination object", async () => {
    const { api, seed } = await startEmulator();
    const res = await api.get('/v1/accounts');

    expect(res.status).toBe(200);
    expect(res.body.accounts.map((a: { id: string }) => a.id)).toEqual([seed.bankAccountId, seed.secondBankAccountId]);
    expect(res.body.pagination).toEqual({ page_number: 1, page_size: 10, total_items: 2, total_pages: 1 });
    for (const account of res.body.accounts) {
      expect(account).toMatchObject({
        provider: 'coopcentral',
        state: 'active',
        type: 'savings_account',
        balance: { available: { currency: 'COP' }, updated_at: AT_TEST_START },
        inserted_at: AT_TEST_START,
        updated_at: AT_TEST_START,
      });
      expect(account.balance.available.amount).toBeGreaterThan(0);
    }
  });

  it('list bank accounts: page_size and page_number are echoed, and a page past the end is empty', async () => {
    const { api, seed } = await startEmulator();
    const big = await api.get('/v1/accounts?page_size=500');
    expect(big.body.accounts.map((a: { id: string }) => a.id)).toEqual([seed.bankAccountId, seed.secondBankAccountId]);
    expect(big.body.pagination).toEqual({ page_number: 1, page_size: 500, total_items: 2, total_pages: 1 });

    const second = await api.get('/v1/accounts?page_number=2&page_size=10');
    expect(second.status).toBe(200);
    expect(second.body.accounts).toEqual([]);
    expect(second.body.pagination).toEqual({ page_number: 2, page_size: 10, total_items: 2, total_pages: 1 });
  });

  it('list bank accounts: page_size takes 10 to 500; outside that it is 422 out_of_range at #/page_size', async () => {
    const { api } = await startEmulator();
    for (const size of [10, 11, 499, 500]) {
      const res = await api.get(`/v1/accounts?page_size=${size}`);
      expect(res.status, String(size)).toBe(200);
      expect(res.body.pagination.page_size).toBe(size);
    }
    for (const size of [0, 1, 9, 501, 1000, -10]) {
      const res = await api.get(`/v1/accounts?page_size=${size}`);
      onlyError(res, 422, 'out_of_range', '#/page_size');
      expect(res.body.code).toBe('422 Unprocessable Content');
    }
  });

  it('list bank accounts: a page_size or page_number that is not an integer is 422 invalid_type', async () => {
    const { api } = await startEmulator();
    onlyError(await api.get('/v1/accounts?page_size=ten'), 422, 'invalid_type', '#/page_size');
    onlyError(await api.get('/v1/accounts?page_size=10.5'), 422, 'invalid_type', '#/page_size');
    onlyError(await api.get('/v1/accounts?page_number=first'), 422, 'invalid_type', '#/page_number');
  });

  it('list bank accounts: page_number runs from 1 to 1,000,000; outside that it is 422 out_of_range at #/page_number', async () => {
    const { api } = await startEmulator();
    onlyError(await api.get('/v1/accounts?page_number=0'), 422, 'out_of_range', '#/page_number');
    onlyError(await api.get('/v1/accounts?page_number=1000001'), 422, 'out_of_range', '#/page_number');
    const last = await api.get('/v1/accounts?page_number=1000000');
    expect(last.status).toBe(200);
    expect(last.body).toEqual({ accounts: [], pagination: { page_number: 1_000_000, page_size: 10, total_items: 2, total_pages: 1 } });
    const res = await api.get('/v1/accounts?page_number=0&page_size=5');
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['#/page_number', '#/page_size']);
  });

  it("list bank accounts: each tenant sees only its own accounts", async () => {
    const { api, other } = await startEmulator();
    const mine = (await api.get('/v1/accounts')).body.accounts.map((a: { id: string }) => a.id);
    const theirs = (await other.get('/v1/accounts')).body.accounts.map((a: { id: string }) => a.id);
    expect(theirs).toHaveLength(2);
    for (const id of theirs) expect(mine).not.toContain(id);
  });

  it('list bank accounts: without an API key the answer is 401', async () => {
    const { anonymous } = await startEmulator();
    const res = await anonymous.get('/v1/accounts');
    expect(res.status).toBe(401);
  });
});

describe('GET /v1/accounts/{id}/balances', () => {
  it('bank account balance: the same available amount the list shows, with the id and timestamps', async () => {
    const { api, seed } = await startEmulator();
    const listed = (await api.get('/v1/accounts')).body.accounts as { id: string; balance: { available: unknown }; inserted_at: string }[];
    for (const id of [seed.bankAccountId, seed.secondBankAccountId]) {
      const res = await api.get(`/v1/accounts/${id}/balances`);
      expect(res.status).toBe(200);
      const inList = listed.find((a) => a.id === id)!;
      expect(res.body).toEqual({ id, available: inList.balance.available, inserted_at: inList.inserted_at, updated_at: AT_TEST_START });
    }
  });

  it('bank account balance: accepts live=true and live=false and answers the same balance', async () => {
    const { api, seed } = await startEmulator();
    const plain = (await api.get(`/v1/accounts/${seed.bankAccountId}/balances`)).body;
    for (const live of ['true', 'false']) {
      const res = await api.get(`/v1/accounts/${seed.bankAccountId}/balances?live=${live}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(plain);
    }
    onlyError(await api.get(`/v1/accounts/${seed.bankAccountId}/balances?live=maybe`), 422, 'invalid_type', '#/live');
  });

  it("bank account balance: a card's initial balance lowers only its own account, in the balance and the list alike", async () => {
    const { api, seed } = await startEmulator();
    const before = {
      first: (await api.get(`/v1/accounts/${seed.bankAccountId}/balances`)).body.available.amount as number,
      second: (await api.get(`/v1/accounts/${seed.secondBankAccountId}/balances`)).body.available.amount as number,
    };
    await api.post('/_emulator/clock/advance', { seconds: 3600 });
    const card = await api.post('/v1/cards', bankingCardInput(seed.secondBankAccountId, { initial_balance: { amount: 12_345_00, currency: 'COP' } }));
    expect(card.status).toBe(201);

    const second = (await api.get(`/v1/accounts/${seed.secondBankAccountId}/balances`)).body;
    expect(second.available).toEqual({ amount: before.second - 12_345_00, currency: 'COP' });
    expect(second.updated_at).toBe(iso(TEST_START + 3_600_000));
    expect(second.inserted_at).toBe(AT_TEST_START);
    expect((await api.get(`/v1/accounts/${seed.bankAccountId}/balances`)).body.available.amount).toBe(before.first);

    const listed = (await api.get('/v1/accounts')).body.accounts.find((a: { id: string }) => a.id === seed.secondBankAccountId);
    expect(listed.balance).toEqual({ available: { amount: before.second - 12_345_00, currency: 'COP' }, updated_at: iso(TEST_START + 3_600_000) });
    expect(listed.updated_at).toBe(iso(TEST_START + 3_600_000));
  });

  it('bank account balance: a malformed id is 422 invalid_format at #/account_id', async () => {
    const { api, seed } = await startEmulator();
    for (const id of ['acc_short', seed.ledgerAccountId, 'ACC_5tgliBmzjZ6mpQPRbQjfKj', 'acc_5tgliBmzjZ6mpQPRbQjf.K', 'acc_5tgliBmzjZ6mpQPRbQjfKj0']) {
      onlyError(await api.get(`/v1/accounts/${id}/balances`), 422, 'invalid_format', '#/account_id');
    }
  });

  it("bank account balance: an id with '_' or '-' after the prefix is well-formed (Mono's [\\w-]{22}): unknown, so 404", async () => {
    const { api } = await startEmulator();
    for (const id of ['acc_5tgliBmzjZ6mpQPRbQjfK-', 'acc_5tgli_mzjZ6mpQPRbQjfKj', `acc_${'_'.repeat(22)}`, `acc_${'-'.repeat(22)}`]) {
      onlyError(await api.get(`/v1/accounts/${id}/balances`), 404, 'item_not_found', '#/account_id');
    }
  });

  it('bank account balance: an unknown id is 404 item_not_found at #/account_id', async () => {
    const { api } = await startEmulator();
    const res = await api.get('/v1/accounts/acc_0000000000000000000000/balances');
    onlyError(res, 404, 'item_not_found', '#/account_id');
    expect(res.body.message).toBe('Resource not defined');
  });

  it("bank account balance: another tenant's account is 404, as if it did not exist", async () => {
    const { api, other, seed } = await startEmulator();
    onlyError(await other.get(`/v1/accounts/${seed.bankAccountId}/balances`), 404, 'item_not_found', '#/account_id');
    const theirs = (await other.get('/v1/accounts')).body.accounts[0].id;
    onlyError(await api.get(`/v1/accounts/${theirs}/balances`), 404, 'item_not_found', '#/account_id');
  });

  it('bank account balance: without an API key the answer is 401', async () => {
    const { anonymous, seed } = await startEmulator();
    expect((await anonymous.get(`/v1/accounts/${seed.bankAccountId}/balances`)).status).toBe(401);
  });
});
