import { describe, expect, it } from 'vitest';
import { loadContracts, webhookPayloadSchema } from '../../contracts/index.js';
import { AT_TEST_START, iso, startEmulator, TEST_START } from '../support/emulator.js';
import { onlyError } from '../support/errors.js';
import { balanceOperation, balances, createAccount, createHolder, fundedAccount, ledgerSum, transactionsOf } from '../support/ledger.js';
import { assertPayloadMatchesContract, startReceiver } from '../support/webhook-receiver.js';

/** An ISO time with microseconds, as Mono's webhook example writes it: "2025-01-15T14:30:00.000000Z" (written here, not read from the emulator). */
const micros = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

describe('GET /v1/ledger/accounts/{id}/transactions', () => {
  it('ledger transactions: a top-up is a credit whose id_in_origin names the operation answered, with the operation as details', async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'tx-holder'));
    const topUp = await api.post(`/v1/ledger/accounts/${accountId}/balance`, {
      ...balanceOperation('topup', 150_000_00, 'pse-0001'),
      description: 'Recarga PSE',
      reference: 'PSE-42',
    });
    expect(topUp.status).toBe(201);

    const res = await api.get(`/v1/ledger/accounts/${accountId}/transactions`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      transactions: [
        {
          id: expect.stringMatching(/^ltx_[0-9A-Za-z]{22}$/),
          operation_type: 'credit',
          origin: 'subaccount_operation',
          id_in_origin: topUp.body.id,
          amount: { amount: 150_000_00, currency: 'COP' },
          transaction_at: AT_TEST_START,
          origin_transaction_at: AT_TEST_START,
          description: 'Recarga PSE',
          reverts_id: null,
          reverted_by_id: null,
          details: {
            id: topUp.body.id,
            amount: { amount: 150_000_00, currency: 'COP' },
            description: 'Recarga PSE',
            destination_account_id: accountId,
            external_id: 'pse-0001',
            operation_type: 'topup',
            origin_account_id: null,
            reference: 'PSE-42',
            state: 'successful',
            state_reasons: [],
          },
        },
      ],
      pagination: { page_number: 1, page_size: 10, total_items: 1, total_pages: 1 },
    });
  });

  it('ledger transactions: a withdrawal is a debit from the account, its operation with no destination', async () => {
    const { api } = await startEmulator();
    const accountId = await fundedAccount(api, 'tx-w', 5_000);
    const withdrawal = await api.post(`/v1/ledger/accounts/${accountId}/balance`, balanceOperation('withdrawal', 1_200, 'w-1'));
    const [latest] = await transactionsOf(api, accountId);
    expect(latest).toMatchObject({
      operation_type: 'debit',
      amount: { amount: 1_200, currency: 'COP' },
      id_in_origin: withdrawal.body.id,
      details: { operation_type: 'withdrawal', origin_account_id: accountId, destination_account_id: null, external_id: 'w-1' },
    });
  });

  it("ledger transactions: the call public client code makes works, and answers the fields it reads", async () => {
    const { api } = await startEmulator();
    const accountId = await fundedAccount(api, 'tx-client', 10_000);
    const res = await api.get(`/v1/ledger/accounts/${accountId}/transactions?page_size=10&page_number=1&sort[field]=transaction_at&sort[type]=desc`);
    expect(res.status).toBe(200);
    const [tx] = res.body.transactions;
    expect(typeof tx.id).toBe('string');
    expect(tx.description).toBeNull();
    expect(tx.amount.amount).toBe(10_000);
    expect(tx.transaction_at).toBe(AT_TEST_START);
    expect(tx.operation_type).toBe('credit');
    expect(res.body.pagination.total_pages).toBe(1);
  });

  it('ledger transactions: newest first by default, oldest first with sort[type]=asc; transactions at one instant keep the order they were written in', async () => {
    const { api, emulator } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'tx-sort'));
    const amounts = [100, 200, 300, 400];
    for (const [n, amount] of amounts.entries()) {
      await api.post(`/v1/ledger/accounts/${accountId}/balance`, balanceOperation('topup', amount, `sort-${n}`));
      // The first two at one instant, then a minute between each.
      if (n >= 1) await emulator.advanceClock(60_000);
    }
    const desc = await transactionsOf(api, accountId);
    expect(desc.map((t) => t.amount.amount)).toEqual([400, 300, 200, 100]);
    expect(desc.map((t) => t.transaction_at)).toEqual([iso(TEST_START + 120_000), iso(TEST_START + 60_000), AT_TEST_START, AT_TEST_START]);
    const asc = await transactionsOf(api, accountId, '&sort[field]=transaction_at&sort[type]=asc');
    expect(asc.map((t) => t.amount.amount)).toEqual([100, 200, 300, 400]);
    const byOrigin = await transactionsOf(api, accountId, '&sort[field]=origin_transaction_at&sort[type]=asc');
    expect(byOrigin.map((t) => t.amount.amount)).toEqual([100, 200, 300, 400]);
  });

  it('ledger transactions: operation_type and origin filter, one value or several, repeated or comma-joined', async () => {
    const { api } = await startEmulator();
    const accountId = await fundedAccount(api, 'tx-filter', 10_000);
    await api.post(`/v1/ledger/accounts/${accountId}/balance`, balanceOperation('withdrawal', 2_500, 'f-w'));
    const amountsOf = async (query: string) => (await transactionsOf(api, accountId, query)).map((t) => `${t.operation_type} ${t.amount.amount}`);

    expect(await amountsOf('&operation_type=debit')).toEqual(['debit 2500']);
    expect(await amountsOf('&operation_type=credit')).toEqual(['credit 10000']);
    expect(await amountsOf('&operation_type=credit,debit')).toEqual(['debit 2500', 'credit 10000']);
    expect(await amountsOf('&operation_type=hold&operation_type=debit')).toEqual(['debit 2500']);
    expect(await amountsOf('&origin=subaccount_operation')).toHaveLength(2);
    expect(await amountsOf('&origin=card_transaction,payout')).toEqual([]);
    // Nothing was reversed: leaving reversals out changes nothing.
    expect(await amountsOf('&exclude_reversed=true')).toEqual(await amountsOf(''));
  });

  it('ledger transactions: transaction_at[from] and [until] bound the list, inclusively; a date means its whole day (UTC)', async () => {
    const { api, emulator } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'tx-range'));
    const day = 86_400_000;
    for (const n of [0, 1, 2]) {
      await api.post(`/v1/ledger/accounts/${accountId}/balance`, balanceOperation('topup', 1_000 + n, `range-${n}`));
      await emulator.advanceClock(day);
    }
    const amountsOf = async (query: string) => (await transactionsOf(api, accountId, query)).map((t) => t.amount.amount);
    expect(await amountsOf(`&transaction_at[from]=${iso(TEST_START + day)}`)).toEqual([1_002, 1_001]);
    expect(await amountsOf(`&transaction_at[until]=${iso(TEST_START + day)}`)).toEqual([1_001, 1_000]);
    expect(await amountsOf(`&transaction_at[from]=${iso(TEST_START + day + 1_000)}&transaction_at[until]=${iso(TEST_START + 2 * day)}`)).toEqual([1_002]);
    expect(await amountsOf('&transaction_at[from]=2026-03-03&transaction_at[until]=2026-03-03')).toEqual([1_001]);
    expect(await amountsOf('&transaction_at[until]=2026-03-01')).toEqual([]);
  });

  it("ledger transactions: Mono's pagination: page_size and page_number cut the list, with the totals of all of it", async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'tx-pages'));
    for (let n = 1; n <= 12; n++) await api.post(`/v1/ledger/accounts/${accountId}/balance`, balanceOperation('topup', n, `page-${n}`));
    const second = await api.get(`/v1/ledger/accounts/${accountId}/transactions?page_size=10&page_number=2`);
    expect(second.body.transactions.map((t: { amount: { amount: number } }) => t.amount.amount)).toEqual([2, 1]);
    expect(second.body.pagination).toEqual({ page_number: 2, page_size: 10, total_items: 12, total_pages: 2 });
  });

  it('ledger transactions: the seeded account was funded by a top-up, so its transactions add up to its balance', async () => {
    const { api, seed } = await startEmulator();
    const listed = await transactionsOf(api, seed.ledgerAccountId);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ operation_type: 'credit', origin: 'subaccount_operation', details: { operation_type: 'topup' } });
    const { available, pending } = await balances(api, seed.ledgerAccountId);
    expect(ledgerSum(listed)).toBe(available + pending);
  });

  it('ledger transactions: bad filters are 422 at the parameter; unknown or foreign accounts are 404', async () => {
    const { api, other, seed } = await startEmulator();
    const base = `/v1/ledger/accounts/${seed.ledgerAccountId}/transactions`;
    onlyError(await api.get(`${base}?operation_type=purchase`), 422, 'invalid_value', '#/operation_type/0');
    onlyError(await api.get(`${base}?origin=bank`), 422, 'invalid_value', '#/origin/0');
    onlyError(await api.get(`${base}?sort[field]=amount`), 422, 'invalid_value', '#/sort[field]');
    onlyError(await api.get(`${base}?sort[type]=up`), 422, 'invalid_value', '#/sort[type]');
    onlyError(await api.get(`${base}?transaction_at[from]=ayer`), 422, 'invalid_format', '#/transaction_at[from]');
    onlyError(await api.get(`${base}?exclude_reversed=maybe`), 422, 'invalid_type', '#/exclude_reversed');
    onlyError(await api.get('/v1/ledger/accounts/lacc_0000000000000000000000/transactions'), 404, 'item_not_found', '#/account_id');
    onlyError(await other.get(base), 404, 'item_not_found', '#/account_id');
  });
});

describe('GET /v1/ledger/accounts/{id}/transactions/{transaction_id}', () => {
  it("ledger transaction: answers the transaction as the list shows it; another account's transaction is 404", async () => {
    const { api, other, seed } = await startEmulator();
    const accountId = await fundedAccount(api, 'tx-one', 3_000);
    const [listed] = await transactionsOf(api, accountId);
    const res = await api.get(`/v1/ledger/accounts/${accountId}/transactions/${listed!.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(listed);

    onlyError(await api.get(`/v1/ledger/accounts/${seed.ledgerAccountId}/transactions/${listed!.id}`), 404, 'item_not_found', '#/transaction_id');
    onlyError(await api.get(`/v1/ledger/accounts/${accountId}/transactions/ltx_0000000000000000000000`), 404, 'item_not_found', '#/transaction_id');
    onlyError(await api.get(`/v1/ledger/accounts/${accountId}/transactions/sao_0000000000000000000000`), 422, 'invalid_format', '#/transaction_id');
    onlyError(await other.get(`/v1/ledger/accounts/${accountId}/transactions/${listed!.id}`), 404, 'item_not_found', '#/account_id');
  });
});

describe('ledger_account_transaction_created', () => {
  it('ledger webhook: every ledger transaction is announced once, in Mono’s shape: the transaction as the API lists it, timestamps in microseconds', async () => {
    const { api, emulator } = await startEmulator();
    const receiver = await startReceiver();
    expect((await api.post('/_emulator/webhooks', { url: receiver.url })).status).toBe(201);
    const payer = await fundedAccount(api, 'wh-payer', 20_000);
    const receiving = await createAccount(api, await createHolder(api, 'wh-receiver'));
    await emulator.advanceClock(1_500);
    await api.post(`/v1/ledger/accounts/${payer}/balance`, balanceOperation('withdrawal', 1_000, 'wh-w'));
    const transfer = await api.post('/v1/ledger/transfers', { payer_account_id: payer, receiving_account_id: receiving, amount: { amount: 4_000, currency: 'COP' }, external_id: 'wh-t' });
    expect(transfer.status).toBe(201);
    await emulator.settled();

    const listed = [...(await transactionsOf(api, payer)), ...(await transactionsOf(api, receiving))];
    const events = receiver.received.filter((r) => r.body.event.type === 'ledger_account_transaction_created');
    expect(events).toHaveLength(listed.length);
    expect(listed).toHaveLength(4);
    for (const hook of events) {
      assertPayloadMatchesContract(hook);
      const data = hook.body.event.data as Record<string, unknown>;
      const same = listed.find((t) => t.id === data.id)!;
      expect(data).toEqual({ ...same, transaction_at: expect.any(String), origin_transaction_at: expect.any(String) });
      // The API writes whole seconds (§4.3); the webhook the same instant with microseconds.
      for (const field of ['transaction_at', 'origin_transaction_at'] as const) {
        expect(data[field]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
        expect(String(data[field]).replace(/\.\d{6}Z$/, 'Z')).toBe(same[field]);
      }
      expect(data).not.toHaveProperty('account_id');
      expect(hook.body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    }
    const legs = events.filter((e) => e.body.event.data.id_in_origin === transfer.body.id).map((e) => e.body.event.data);
    expect(legs.map((d) => d.operation_type)).toEqual(['debit', 'credit']);
    expect(events.map((e) => (e.body.event.data as { transaction_at: string }).transaction_at)).toContain(micros(TEST_START + 1_500));
  });

  it("ledger webhook: the contract's payload schema accepts Mono's documented example body, and more fields than it shows", () => {
    const webhooks = (loadContracts().documents.mono as unknown as { webhooks: Record<string, any> }).webhooks;
    const example = webhooks.ledger_account_transaction_created.post.requestBody.content['application/json'].examples.mono_docs.value;
    const schema = webhookPayloadSchema('ledger_account_transaction_created')!;
    const { validator } = loadContracts();
    expect(validator.checkSchema(schema, example)).toEqual([]);
    const richer = { ...example, event: { ...example.event, data: { ...example.event.data, account_id: 'lacc_5tgliBmzjZ6mpQPRbQjfKj', extra: 1 }, more: true } };
    expect(validator.checkSchema(schema, richer)).toEqual([]);
    expect(validator.checkSchema(schema, { ...example, event: { ...example.event, data: { ...example.event.data, operation_type: 'refund' } } })).not.toEqual([]);
  });
});
