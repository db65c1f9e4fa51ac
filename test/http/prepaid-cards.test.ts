import { describe, expect, it } from 'vitest';
import type { ContractClient } from '../support/contract-client.js';
import { AT_TEST_START, iso, startEmulator, TEST_START, type TestEmulator } from '../support/emulator.js';
import { onlyError } from '../support/errors.js';
import { bankingCardInput, cardholderInput } from '../support/fixtures.js';
import { startReceiver } from '../support/webhook-receiver.js';

const COP = (amount: number) => ({ amount, currency: 'COP' });
const topup = (amount: number, extra: Record<string, unknown> = {}) => ({ amount: COP(amount), operation: 'topup', ...extra });
const withdrawal = (amount: number, extra: Record<string, unknown> = {}) => ({ amount: COP(amount), operation: 'withdrawal', ...extra });

async function prepaidCard(t: TestEmulator, extra: Record<string, unknown> = {}) {
  const res = await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId, { configuration_group_id: t.seed.prepaidGroupId, ...extra }));
  expect(res.status).toBe(201);
  return res.body as { id: string; state: string; account_id: string };
}

async function bankAvailable(api: ContractClient, accountId: string): Promise<number> {
  return (await api.get(`/v1/accounts/${accountId}/balances`)).body.available.amount;
}

async function cardBalance(api: ContractClient, cardId: string): Promise<number> {
  const res = await api.get(`/v1/cards/${cardId}/prepaid/balance`);
  expect(res.status).toBe(200);
  expect(res.body.card_id).toBe(cardId);
  expect(res.body.balance.currency).toBe('COP');
  return res.body.balance.amount;
}

async function history(api: ContractClient, cardId: string, query = '') {
  const res = await api.get(`/v1/cards/${cardId}/prepaid/operations?page_size=500${query}`);
  expect(res.status).toBe(200);
  return res.body.balance_operations as { id: string; amount: { amount: number }; operation: string; entity_id: string | null; description: string | null; performed_at: string }[];
}

describe('prepaid banking cards: top-up and withdrawal', () => {
  it('prepaid: an unfunded virtual prepaid card is born created and its first top-up activates it, moving money from its bank account', async () => {
    const t = await startEmulator();
    const receiver = await startReceiver();
    await t.api.post('/_emulator/webhooks', { url: receiver.url, emulator_events: ['card_state_changed'] });
    const card = await prepaidCard(t);
    expect(card.state).toBe('created');
    expect(card.account_id).toBe(t.seed.bankAccountId);
    expect(await cardBalance(t.api, card.id)).toBe(0);
    const bankBefore = await bankAvailable(t.api, t.seed.bankAccountId);

    const res = await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, topup(80_000_00, { description: 'Recarga mensual', entity_id: 'load-001' }));
    expect(res.status).toBe(201);
    expect(res.text).toBe('');
    expect(await cardBalance(t.api, card.id)).toBe(80_000_00);
    expect(await bankAvailable(t.api, t.seed.bankAccountId)).toBe(bankBefore - 80_000_00);
    expect((await t.api.get(`/v1/cards/${card.id}`)).body.state).toBe('active');
    expect(await history(t.api, card.id)).toEqual([
      {
        id: expect.stringMatching(/^cbo_[0-9A-Za-z]{22}$/),
        card_id: card.id,
        amount: COP(80_000_00),
        operation: 'topup',
        description: 'Recarga mensual',
        entity_id: 'load-001',
        performed_at: AT_TEST_START,
      },
    ]);
    await t.emulator.settled();
    const changes = receiver.received.filter((r) => r.body.event.type === 'card_state_changed').map((r) => r.body.event.data);
    expect(changes).toEqual([expect.objectContaining({ previous_state: 'created', card: expect.objectContaining({ id: card.id, state: 'active' }) })]);
  });

  it('prepaid: an initial balance loads the card at creation, as its first top-up; the card is born active', async () => {
    const t = await startEmulator();
    const bankBefore = await bankAvailable(t.api, t.seed.bankAccountId);
    const card = await prepaidCard(t, { initial_balance: COP(25_000_00) });
    expect(card.state).toBe('active');
    expect(await cardBalance(t.api, card.id)).toBe(25_000_00);
    expect(await bankAvailable(t.api, t.seed.bankAccountId)).toBe(bankBefore - 25_000_00);
    expect(await history(t.api, card.id)).toEqual([expect.objectContaining({ operation: 'topup', amount: COP(25_000_00), entity_id: null })]);
  });

  it('prepaid: a withdrawal moves money back to the bank account; more than the card holds is 422 and nothing moves', async () => {
    const t = await startEmulator();
    const card = await prepaidCard(t, { initial_balance: COP(10_000) });
    const bankBefore = await bankAvailable(t.api, t.seed.bankAccountId);
    expect((await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, withdrawal(4_000))).status).toBe(201);
    expect(await cardBalance(t.api, card.id)).toBe(6_000);
    expect(await bankAvailable(t.api, t.seed.bankAccountId)).toBe(bankBefore + 4_000);

    onlyError(await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, withdrawal(6_001)), 422, 'insufficient_funds', '#/amount/amount');
    expect((await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, withdrawal(6_000))).status).toBe(201);
    expect(await cardBalance(t.api, card.id)).toBe(0);
    expect(await bankAvailable(t.api, t.seed.bankAccountId)).toBe(bankBefore + 10_000);
    expect((await history(t.api, card.id)).map((o) => `${o.operation} ${o.amount.amount}`)).toEqual(['withdrawal 6000', 'withdrawal 4000', 'topup 10000']);
  });

  it("prepaid: a top-up beyond the bank account's available balance is 422 and nothing moves", async () => {
    const t = await startEmulator();
    const card = await prepaidCard(t);
    const bank = await bankAvailable(t.api, t.seed.bankAccountId);
    onlyError(await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, topup(bank + 1)), 422, 'insufficient_funds', '#/amount/amount');
    expect(await cardBalance(t.api, card.id)).toBe(0);
    expect(await bankAvailable(t.api, t.seed.bankAccountId)).toBe(bank);
    expect((await t.api.get(`/v1/cards/${card.id}`)).body.state).toBe('created');
    expect(await history(t.api, card.id)).toEqual([]);
  });

  it('prepaid: entity_id deduplicates: the same operation again moves nothing and answers 200; another operation under it is 409', async () => {
    const t = await startEmulator();
    const card = await prepaidCard(t);
    const second = await prepaidCard(t);
    const body = topup(1_500, { entity_id: 'order-77' });
    expect((await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, body)).status).toBe(201);
    const again = await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, body);
    expect(again.status).toBe(200);
    expect(again.text).toBe('');
    expect(await cardBalance(t.api, card.id)).toBe(1_500);

    onlyError(await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, topup(1_600, { entity_id: 'order-77' })), 409, 'entity_id_already_used', '#/entity_id');
    onlyError(await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, withdrawal(1_500, { entity_id: 'order-77' })), 409, 'entity_id_already_used', '#/entity_id');
    expect(await cardBalance(t.api, card.id)).toBe(1_500);
    expect(await history(t.api, card.id)).toHaveLength(1);

    // An entity_id is a card's own: another card may use it.
    expect((await t.api.post(`/v1/cards/${second.id}/prepaid/operations`, body)).status).toBe(201);
    expect(await cardBalance(t.api, second.id)).toBe(1_500);
  });

  it('prepaid: a repeated X-Idempotency-Key answers 200 with the empty body again and moves nothing', async () => {
    const t = await startEmulator();
    const card = await prepaidCard(t);
    const key = { headers: { 'x-idempotency-key': 'f30f1d0b-795f-49f5-80dc-41a7bffccfde' } };
    expect((await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, topup(700), key)).status).toBe(201);
    const replay = await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, topup(700), key);
    expect(replay.status).toBe(200);
    expect(replay.headers['x-idempotent-replayed']).toBe('true');
    expect(replay.text).toBe('');
    expect(await cardBalance(t.api, card.id)).toBe(700);
    onlyError(await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, topup(800), key), 409, 'idempotency_key_reused', '#/x-idempotency-key');
  });

  it('prepaid: a frozen card still takes money; a canceled one takes none (409)', async () => {
    const t = await startEmulator();
    const card = await prepaidCard(t, { initial_balance: COP(5_000) });
    await t.api.patch(`/v1/cards/${card.id}`, { state: 'frozen' });
    expect((await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, topup(1_000))).status).toBe(201);
    await t.api.patch(`/v1/cards/${card.id}`, { state: 'canceled' });
    onlyError(await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, withdrawal(1_000)), 409, 'card_canceled', '#/card_id');
    expect(await cardBalance(t.api, card.id)).toBe(6_000);
  });

  it('prepaid: only prepaid banking cards hold a balance: debit and Core cards are 422 card_not_prepaid', async () => {
    const t = await startEmulator();
    const debitCard = (await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId))).body;
    const coreCard = (await t.api.post('/v1/ledger/cards', { account_id: t.seed.ledgerAccountId, configuration_group_id: t.seed.prepaidGroupId, cardholder: cardholderInput() })).body;
    for (const id of [debitCard.id, coreCard.id]) {
      onlyError(await t.api.post(`/v1/cards/${id}/prepaid/operations`, topup(100)), 422, 'card_not_prepaid', '#/card_id');
      onlyError(await t.api.get(`/v1/cards/${id}/prepaid/balance`), 422, 'card_not_prepaid', '#/card_id');
      onlyError(await t.api.get(`/v1/cards/${id}/prepaid/operations`), 422, 'card_not_prepaid', '#/card_id');
    }
  });

  it("prepaid: amounts are positive COP cents; unknown and other tenants' cards are 404", async () => {
    const t = await startEmulator();
    const card = await prepaidCard(t);
    const url = `/v1/cards/${card.id}/prepaid/operations`;
    onlyError(await t.api.post(url, { amount: { amount: 100, currency: 'USD' }, operation: 'topup' }), 422, 'currency_mismatch', '#/amount/currency');
    onlyError(await t.api.post(url, topup(0)), 422, 'out_of_range', '#/amount/amount');
    onlyError(await t.api.post(url, { amount: COP(10), operation: 'refund' }), 422, 'invalid_value', '#/operation');
    onlyError(await t.api.post(url, { operation: 'topup' }), 422, 'missing_field', '#/amount');
    onlyError(await t.api.post('/v1/cards/car_0000000000000000000000/prepaid/operations', topup(10)), 404, 'item_not_found', '#/card_id');
    onlyError(await t.other.post(url, topup(10)), 404, 'item_not_found', '#/card_id');
    onlyError(await t.other.get(`/v1/cards/${card.id}/prepaid/balance`), 404, 'item_not_found', '#/card_id');
    expect(await cardBalance(t.api, card.id)).toBe(0);
  });
});

describe('GET /v1/cards/{id}/prepaid/operations', () => {
  it('prepaid history: newest first, paged, and bounded by performed_at[from] and [until]', async () => {
    const t = await startEmulator();
    const card = await prepaidCard(t);
    for (let n = 1; n <= 12; n++) {
      await t.api.post(`/v1/cards/${card.id}/prepaid/operations`, topup(n));
      await t.emulator.advanceClock(60_000);
    }
    const second = await t.api.get(`/v1/cards/${card.id}/prepaid/operations?page_number=2`);
    expect(second.body.card_id).toBe(card.id);
    expect(second.body.balance_operations.map((o: { amount: { amount: number } }) => o.amount.amount)).toEqual([2, 1]);
    expect(second.body.pagination).toEqual({ page_number: 2, page_size: 10, total_items: 12, total_pages: 2 });

    const amounts = async (query: string) => (await history(t.api, card.id, query)).map((o) => o.amount.amount);
    expect(await amounts(`&performed_at[from]=${iso(TEST_START + 10 * 60_000)}`)).toEqual([12, 11]);
    expect(await amounts(`&performed_at[until]=${iso(TEST_START + 60_000)}`)).toEqual([2, 1]);
    expect(await amounts('&performed_at[from]=2026-03-02&performed_at[until]=2026-03-02')).toHaveLength(12);
    expect(await amounts('&performed_at[from]=2026-03-03')).toEqual([]);
    onlyError(await t.api.get(`/v1/cards/${card.id}/prepaid/operations?performed_at[until]=tomorrow`), 422, 'invalid_format', '#/performed_at[until]');
  });
});
