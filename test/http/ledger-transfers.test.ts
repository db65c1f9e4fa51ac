import { describe, expect, it } from 'vitest';
import type { ContractClient } from '../support/contract-client.js';
import { contractClient } from '../support/contract-client.js';
import { AT_TEST_START, KEY_A, startEmulator } from '../support/emulator.js';
import { errorsByPath, onlyError } from '../support/errors.js';
import { balanceOperation, balances, createAccount, createHolder, fundedAccount, ledgerSum, transactionsOf } from '../support/ledger.js';

const COP = (amount: number) => ({ amount, currency: 'COP' });
const USD = (amount: number) => ({ amount, currency: 'USD' });

/**
 * The emulator's documented FX table (README, FX rates) for the test's date, 2026-03-02: COP 4000.25
 * per USD; transfers add a 1% spread. Written here from the README, not read from the emulator.
 */
const COP_PER_USD = 4000.25;
const SPREAD = 1.01;

/** What a tenant can read about two accounts: balances and ledgers. */
async function stateOf(api: ContractClient, ...accountIds: string[]) {
  return Promise.all(accountIds.map(async (id) => ({ balances: await balances(api, id), transactions: await transactionsOf(api, id) })));
}

describe('POST /v1/ledger/transfers: one currency', () => {
  it("transfer: the SDK's shape moves the amount from payer to receiver, each ledger showing its leg of the operation", async () => {
    const { api } = await startEmulator();
    const payer = await fundedAccount(api, 'payer', 50_000);
    const receiver = await createAccount(api, await createHolder(api, 'receiver'));
    const res = await api.post('/v1/ledger/transfers', {
      amount: COP(12_500),
      external_id: 'transfer-0001',
      payer_account_id: payer,
      receiving_account_id: receiver,
      description: 'Ahorro quincenal',
      reference: 'REF-1',
    });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^sao_[0-9A-Za-z]{22}$/),
      external_id: 'transfer-0001',
      payer_account_id: payer,
      receiving_account_id: receiver,
      amount: COP(12_500),
      source_amount: COP(12_500),
      target_amount: COP(12_500),
      fx_rate: null,
      description: 'Ahorro quincenal',
      reference: 'REF-1',
      state: 'successful',
      inserted_at: AT_TEST_START,
    });
    expect(await balances(api, payer)).toEqual({ available: 37_500, pending: 0 });
    expect(await balances(api, receiver)).toEqual({ available: 12_500, pending: 0 });

    const details = {
      id: res.body.id,
      amount: COP(12_500),
      description: 'Ahorro quincenal',
      destination_account_id: receiver,
      external_id: 'transfer-0001',
      operation_type: 'account_to_account',
      origin_account_id: payer,
      reference: 'REF-1',
      state: 'successful',
      state_reasons: [],
    };
    const [debit] = await transactionsOf(api, payer);
    const [credit] = await transactionsOf(api, receiver);
    expect(debit).toMatchObject({ operation_type: 'debit', amount: COP(12_500), id_in_origin: res.body.id, description: 'Ahorro quincenal', details });
    expect(credit).toMatchObject({ operation_type: 'credit', amount: COP(12_500), id_in_origin: res.body.id, details });
  });

  it("transfer: the docs' shape takes source_amount or target_amount, the other null; within one currency both move the same", async () => {
    const { api } = await startEmulator();
    const payer = await fundedAccount(api, 'payer', 10_000);
    const receiver = await createAccount(api, await createHolder(api, 'receiver'));
    const bySource = await api.post('/v1/ledger/transfers', { payer_account_id: payer, receiving_account_id: receiver, source_amount: COP(1_000), target_amount: null, external_id: 's-1', description: 'a' });
    const byTarget = await api.post('/v1/ledger/transfers', { payer_account_id: payer, receiving_account_id: receiver, source_amount: null, target_amount: COP(2_000), fx_rate: null, external_id: 't-1', description: 'b' });
    expect(bySource.status).toBe(201);
    expect(byTarget.status).toBe(201);
    expect(bySource.body).toMatchObject({ source_amount: COP(1_000), target_amount: COP(1_000), fx_rate: null });
    expect(byTarget.body).toMatchObject({ source_amount: COP(2_000), target_amount: COP(2_000) });
    expect(await balances(api, payer)).toEqual({ available: 7_000, pending: 0 });
    expect(await balances(api, receiver)).toEqual({ available: 3_000, pending: 0 });
  });

  it('transfer: a repeated X-Idempotency-Key answers the first transfer again and moves nothing more', async () => {
    const { api } = await startEmulator();
    const payer = await fundedAccount(api, 'payer', 10_000);
    const receiver = await createAccount(api, await createHolder(api, 'receiver'));
    const body = { amount: COP(4_000), external_id: 'idem-1', payer_account_id: payer, receiving_account_id: receiver };
    const headers = { headers: { 'X-Idempotency-Key': 'f30f1d0b-795f-49f5-80dc-41a7bffccfde' } };
    const first = await api.post('/v1/ledger/transfers', body, headers);
    const again = await api.post('/v1/ledger/transfers', body, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await balances(api, payer)).toEqual({ available: 6_000, pending: 0 });
  });
});

describe('POST /v1/ledger/transfers: across currencies', () => {
  it("transfer: with target_amount and no rate, source = target * (the day's market rate + 1%) and both legs are in their own currency", async () => {
    const { api } = await startEmulator();
    const payer = await fundedAccount(api, 'cop-payer', 100_000_000);
    const receiver = await createAccount(api, await createHolder(api, 'usd-receiver'), 'USD');
    const res = await api.post('/v1/ledger/transfers', { payer_account_id: payer, receiving_account_id: receiver, target_amount: USD(100_00), external_id: 'fx-1', description: 'Viaje' });

    const rate = COP_PER_USD * SPREAD; // 4040.2525
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ source_amount: COP(Math.round(100_00 * rate)), target_amount: USD(100_00), amount: COP(40_402_525), fx_rate: '4040.2525' });
    expect(await balances(api, payer)).toEqual({ available: 100_000_000 - 40_402_525, pending: 0 });
    expect(await balances(api, receiver)).toEqual({ available: 100_00, pending: 0 });
    expect((await transactionsOf(api, payer))[0]).toMatchObject({ operation_type: 'debit', amount: COP(40_402_525), details: { amount: COP(40_402_525) } });
    expect((await transactionsOf(api, receiver))[0]).toMatchObject({ operation_type: 'credit', amount: USD(100_00), details: { amount: COP(40_402_525) } });
  });

  it('transfer: with source_amount, target = source / rate, rounded half up to whole cents; the rate without spread comes from GET /v1/core/fx_rates', async () => {
    const { api } = await startEmulator();
    const market = (await api.get('/v1/core/fx_rates')).body;
    expect(market.COP).toBe(String(COP_PER_USD));
    const payer = await fundedAccount(api, 'usd-payer', 1_000_00, 'USD');
    const receiver = await createAccount(api, await createHolder(api, 'cop-receiver'));
    const res = await api.post('/v1/ledger/transfers', { payer_account_id: payer, receiving_account_id: receiver, source_amount: USD(50_00), external_id: 'fx-2' });

    // USD -> COP: the rate is USD per COP, 1 / 4000.25 * 1.01 = 0.00025248421973..., kept to 10 decimal places.
    expect(res.body.fx_rate).toBe('0.0002524842');
    expect(res.body.target_amount).toEqual(COP(Math.round(50_00 / 0.0002524842)));
    expect(await balances(api, receiver)).toEqual({ available: Math.round(50_00 / 0.0002524842), pending: 0 });
    expect(await balances(api, payer)).toEqual({ available: 950_00, pending: 0 });
  });

  it('transfer: a rate sent as a number or a string is used as sent, spread included', async () => {
    const { api } = await startEmulator();
    const payer = await fundedAccount(api, 'cop-payer', 10_000_000);
    const receiver = await createAccount(api, await createHolder(api, 'usd-receiver'), 'USD');
    const asNumber = await api.post('/v1/ledger/transfers', { payer_account_id: payer, receiving_account_id: receiver, source_amount: COP(1_000_000), fx_rate: 4000, external_id: 'n' });
    const asString = await api.post('/v1/ledger/transfers', { payer_account_id: payer, receiving_account_id: receiver, target_amount: USD(333), fx_rate: '3999.5', external_id: 's' });
    expect(asNumber.body).toMatchObject({ target_amount: USD(250), fx_rate: '4000' });
    // 333 * 3999.5 = 1,331,833.5 -> 1,331,834 (half up).
    expect(asString.body).toMatchObject({ source_amount: COP(1_331_834), fx_rate: '3999.5' });
    expect(await balances(api, payer)).toEqual({ available: 10_000_000 - 1_000_000 - 1_331_834, pending: 0 });
  });

  it('transfer: an amount that converts to less than a cent, or a zero rate, is refused', async () => {
    const { api } = await startEmulator();
    const payer = await fundedAccount(api, 'cop-payer', 10_000);
    const receiver = await createAccount(api, await createHolder(api, 'usd-receiver'), 'USD');
    onlyError(await api.post('/v1/ledger/transfers', { payer_account_id: payer, receiving_account_id: receiver, source_amount: COP(2_000), external_id: 'tiny' }), 422, 'out_of_range', '#/source_amount/amount');
    onlyError(await api.post('/v1/ledger/transfers', { payer_account_id: payer, receiving_account_id: receiver, amount: COP(5_000), fx_rate: '0.000', external_id: 'zero' }), 422, 'out_of_range', '#/fx_rate');
    expect(await balances(api, payer)).toEqual({ available: 10_000, pending: 0 });
  });

  it("transfer: source_amount is in the payer's currency and target_amount in the receiver's", async () => {
    const { api } = await startEmulator();
    const payer = await fundedAccount(api, 'cop-payer', 10_000_000);
    const receiver = await createAccount(api, await createHolder(api, 'usd-receiver'), 'USD');
    onlyError(await api.post('/v1/ledger/transfers', { payer_account_id: payer, receiving_account_id: receiver, source_amount: USD(10), external_id: 'x1' }), 422, 'currency_mismatch', '#/source_amount/currency');
    onlyError(await api.post('/v1/ledger/transfers', { payer_account_id: payer, receiving_account_id: receiver, target_amount: COP(10), external_id: 'x2' }), 422, 'currency_mismatch', '#/target_amount/currency');
    onlyError(await api.post('/v1/ledger/transfers', { payer_account_id: payer, receiving_account_id: receiver, amount: USD(10), external_id: 'x3' }), 422, 'currency_mismatch', '#/amount/currency');
  });
});

describe('GET /v1/core/fx_rates', () => {
  it("fx rates: today's table by default, the table in effect on `date` when asked; decimal strings per US dollar", async () => {
    const { api, anonymous } = await startEmulator();
    const today = await api.get('/v1/core/fx_rates');
    expect(today.status).toBe(200);
    expect(today.body).toEqual({ USD: '1', COP: '4000.25', MXN: '20.65', CLP: '930.1', BRL: '5.35', PEN: '3.65', EUR: '0.87' });
    expect((await api.get('/v1/core/fx_rates?date=2026-03-02')).body).toEqual(today.body);
    expect((await api.get('/v1/core/fx_rates?date=2025-07-20')).body).toMatchObject({ COP: '4150.75', USD: '1' });
    onlyError(await api.get('/v1/core/fx_rates?date=20-07-2025'), 422, 'invalid_format', '#/date');
    expect((await anonymous.get('/v1/core/fx_rates')).status).toBe(401);
  });
});

describe('POST /v1/ledger/transfers: refusals', () => {
  it('transfer: every refusal answers Mono’s error and writes nothing on either side', async () => {
    const { api, other } = await startEmulator();
    const payer = await fundedAccount(api, 'payer', 10_000);
    const receiver = await createAccount(api, await createHolder(api, 'receiver'));
    const foreign = await createAccount(other, await createHolder(other, 'theirs'));
    const before = await stateOf(api, payer, receiver);
    const send = (body: Record<string, unknown>) => api.post('/v1/ledger/transfers', { payer_account_id: payer, receiving_account_id: receiver, external_id: 'refused', ...body });

    onlyError(await send({ amount: COP(10_001) }), 422, 'insufficient_funds', '#/amount/amount');
    onlyError(await send({ source_amount: COP(10_001) }), 422, 'insufficient_funds', '#/source_amount/amount');
    onlyError(await send({ amount: COP(1), receiving_account_id: payer }), 422, 'same_account_transfer', '#/receiving_account_id');
    onlyError(await send({ amount: COP(1), receiving_account_id: foreign }), 404, 'item_not_found', '#/receiving_account_id');
    onlyError(await send({ amount: COP(1), payer_account_id: 'lacc_0000000000000000000000' }), 404, 'item_not_found', '#/payer_account_id');
    onlyError(await send({ amount: null, source_amount: null }), 422, 'missing_field', '#/source_amount');
    onlyError(await send({ source_amount: COP(1), target_amount: COP(1) }), 422, 'invalid_value', '#/target_amount');
    onlyError(await send({ amount: COP(1), source_amount: COP(1) }), 422, 'invalid_value', '#/source_amount');
    onlyError(await send({ amount: COP(0) }), 422, 'out_of_range', '#/amount/amount');
    onlyError(await send({ amount: COP(-5) }), 422, 'out_of_range', '#/amount/amount');
    onlyError(await send({ amount: { amount: 1.5, currency: 'COP' } }), 422, 'invalid_type', '#/amount/amount');
    onlyError(await send({ amount: COP(1), payer_account_id: 'acc_5tgliBmzjZ6mpQPRbQjfKj' }), 422, 'invalid_format', '#/payer_account_id');
    const missing = await api.post('/v1/ledger/transfers', {});
    expect(errorsByPath(missing)).toEqual({ '#/payer_account_id': 'missing_field', '#/receiving_account_id': 'missing_field', '#/external_id': 'missing_field' });

    expect(await stateOf(api, payer, receiver)).toEqual(before);
    onlyError(await api.get('/v1/ledger/subaccount_operations/find_successful_by?external_id=refused'), 404, 'item_not_found', '#/external_id');
  });

  it('transfer: external_id is unique per tenant, shared with top-ups and withdrawals: a second use is 409 and moves nothing', async () => {
    const { api, other } = await startEmulator();
    const payer = await fundedAccount(api, 'payer', 10_000);
    const receiver = await createAccount(api, await createHolder(api, 'receiver'));
    const body = { amount: COP(1_000), payer_account_id: payer, receiving_account_id: receiver, external_id: 'once' };
    expect((await api.post('/v1/ledger/transfers', body)).status).toBe(201);
    const before = await stateOf(api, payer, receiver);
    onlyError(await api.post('/v1/ledger/transfers', body), 409, 'external_id_already_used', '#/external_id');
    onlyError(await api.post(`/v1/ledger/accounts/${payer}/balance`, balanceOperation('topup', 5, 'once')), 409, 'external_id_already_used', '#/external_id');
    onlyError(await api.post('/v1/ledger/transfers', { ...body, external_id: 'payer-funding' }), 409, 'external_id_already_used', '#/external_id');
    expect(await stateOf(api, payer, receiver)).toEqual(before);

    // Another tenant's namespace is its own.
    const theirPayer = await fundedAccount(other, 'their-payer', 5_000);
    const theirReceiver = await createAccount(other, await createHolder(other, 'their-receiver'));
    expect((await other.post('/v1/ledger/transfers', { ...body, payer_account_id: theirPayer, receiving_account_id: theirReceiver })).status).toBe(201);
  });

  it('transfer: a blocked payer or receiver, or an account of a blocked holder, refuses the transfer with 422 account_not_active', async () => {
    const { api } = await startEmulator();
    const payerHolder = await createHolder(api, 'payer');
    const payer = await createAccount(api, payerHolder);
    await api.post(`/v1/ledger/accounts/${payer}/balance`, balanceOperation('topup', 10_000, 'fund'));
    const receiver = await createAccount(api, await createHolder(api, 'receiver'));
    const send = (id: string) => api.post('/v1/ledger/transfers', { amount: COP(100), payer_account_id: payer, receiving_account_id: receiver, external_id: id });

    expect((await api.patch(`/v1/ledger/accounts/${receiver}`, { state: 'blocked', reason: 'fraud' })).status).toBe(200);
    onlyError(await send('to-blocked'), 422, 'account_not_active', '#/receiving_account_id');
    await api.patch(`/v1/ledger/accounts/${receiver}`, { state: 'active' });
    expect((await api.patch(`/v1/ledger/account_holders/${payerHolder}`, { state: 'blocked', reason: 'user_request' })).status).toBe(200);
    onlyError(await send('from-blocked-holder'), 422, 'account_not_active', '#/payer_account_id');
    await api.patch(`/v1/ledger/account_holders/${payerHolder}`, { state: 'active' });
    expect((await send('after-unblocking')).status).toBe(201);
  });
});

describe('GET /v1/ledger/subaccount_operations/find_successful_by', () => {
  it('find operation: answers a top-up or a transfer by its external_id, as Mono’s SDK shows an operation', async () => {
    const { api, other } = await startEmulator();
    const payer = await fundedAccount(api, 'payer', 10_000);
    const receiver = await createAccount(api, await createHolder(api, 'receiver'));
    const transfer = await api.post('/v1/ledger/transfers', { amount: COP(2_000), payer_account_id: payer, receiving_account_id: receiver, external_id: 'find-me' });

    const found = await api.get('/v1/ledger/subaccount_operations/find_successful_by?external_id=find-me');
    expect(found.status).toBe(200);
    expect(found.body).toEqual({
      id: transfer.body.id,
      amount: COP(2_000),
      description: null,
      destination_account_id: receiver,
      external_id: 'find-me',
      operation_type: 'account_to_account',
      origin_account_id: payer,
      reference: null,
      state: 'successful',
      state_reasons: [],
    });
    const topUp = await api.get('/v1/ledger/subaccount_operations/find_successful_by?external_id=payer-funding');
    expect(topUp.body).toMatchObject({ operation_type: 'topup', destination_account_id: payer, origin_account_id: null, amount: COP(10_000) });

    onlyError(await api.get('/v1/ledger/subaccount_operations/find_successful_by?external_id=nobody'), 404, 'item_not_found', '#/external_id');
    onlyError(await other.get('/v1/ledger/subaccount_operations/find_successful_by?external_id=find-me'), 404, 'item_not_found', '#/external_id');
    onlyError(await api.get('/v1/ledger/subaccount_operations/find_successful_by'), 422, 'missing_field', '#/external_id');
  });
});

describe('POST /v1/ledger/transfers: concurrency', () => {
  it('transfer: 200 concurrent transfers between two accounts keep the sum of their balances, and each ledger adds up to its balance', async () => {
    const { emulator } = await startEmulator({ clock: 'system' });
    // A real server, so the requests really overlap.
    const api = contractClient(emulator.url, KEY_A);
    const a = await fundedAccount(api, 'side-a', 1_000_000);
    const b = await fundedAccount(api, 'side-b', 1_000_000);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        api.post('/v1/ledger/transfers', {
          amount: COP(1_000 + n * 37),
          payer_account_id: n % 3 === 0 ? b : a,
          receiving_account_id: n % 3 === 0 ? a : b,
          external_id: `concurrent-${n}`,
        }),
      ),
    );
    expect(answers.every((r) => r.status === 201)).toBe(true);
    const [sideA, sideB] = await stateOf(api, a, b);
    expect(sideA!.balances.available + sideB!.balances.available).toBe(2_000_000);
    expect(ledgerSum(sideA!.transactions)).toBe(sideA!.balances.available);
    expect(ledgerSum(sideB!.transactions)).toBe(sideB!.balances.available);
    expect(sideA!.transactions).toHaveLength(201);
    expect(sideB!.transactions).toHaveLength(201);
    const ids = new Set(answers.map((r) => r.body.id));
    expect(ids.size).toBe(200);
  });
});
