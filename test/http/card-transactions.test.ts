import { describe, expect, it } from 'vitest';
import { AT_TEST_START, iso, startEmulator, TEST_START } from '../support/emulator.js';
import { onlyError } from '../support/errors.js';
import { approved, authorize, COP, coreCard, followUp } from '../support/card-spend.js';

const HOUR_MS = 3_600_000;

describe('GET /v1/cards/{card_id}/transactions', () => {
  it('card transactions: newest first, in Mono’s shape, with card_id and pagination; an empty card lists none', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 100_000);
    expect((await t.api.get(`/v1/cards/${cardId}/transactions`)).body).toEqual({
      card_id: cardId,
      pagination: { page_number: 1, page_size: 10, total_items: 0, total_pages: 0 },
      transactions: [],
    });
    const auth = await approved(authorize(t.api, cardId, { amount: COP(1_000) }));
    await t.emulator.advanceClock(HOUR_MS);
    const reversal = await followUp(t.api, auth.body.transaction.id, 'reversal');

    const res = await t.api.get(`/v1/cards/${cardId}/transactions`);
    expect(res.status).toBe(200);
    expect(res.body.transactions.map((x: { id: string }) => x.id)).toEqual([reversal.body.transaction.id, auth.body.transaction.id]);
    expect(res.body.transactions[1]).toEqual({ ...auth.body.transaction, state: 'reversed' });
    expect(res.body.transactions[0]).toMatchObject({ operation_type: 'credit', state: 'approved', transaction_at: iso(TEST_START + HOUR_MS) });
  });

  it('card transactions: state filters one state or several (repeated or comma-joined)', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 10_000);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(1_000) }));
    await followUp(t.api, auth.body.transaction.id, 'reversal');
    await authorize(t.api, cardId, { amount: COP(50_000) });
    await approved(authorize(t.api, cardId, { amount: COP(2_000) }));
    const states = async (query: string) => (await t.api.get(`/v1/cards/${cardId}/transactions?${query}`)).body.transactions.map((x: { state: string }) => x.state);
    expect(await states('state=declined')).toEqual(['declined']);
    expect(await states('state=reversed')).toEqual(['reversed']);
    expect(await states('state=approved')).toEqual(['approved', 'approved']);
    expect(await states('state=declined&state=reversed')).toEqual(['declined', 'reversed']);
    expect(await states('state=declined,reversed')).toEqual(['declined', 'reversed']);
    onlyError(await t.api.get(`/v1/cards/${cardId}/transactions?state=pending`), 422, 'invalid_value', '#/state/0');
  });

  it('card transactions: transaction_at[from] and [until] bound them, inclusive; a date means its first instant or its whole day', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 10_000);
    for (let day = 0; day < 3; day++) {
      await approved(authorize(t.api, cardId, { amount: COP(100 + day) }));
      await t.emulator.advanceClock(24 * HOUR_MS);
    }
    const amounts = async (query: string) =>
      (await t.api.get(`/v1/cards/${cardId}/transactions?${query}`)).body.transactions.map((x: { amount: { amount: number } }) => x.amount.amount / 100);
    expect(await amounts('transaction_at[from]=2026-03-03')).toEqual([102, 101]);
    expect(await amounts('transaction_at[until]=2026-03-03')).toEqual([101, 100]);
    expect(await amounts(`transaction_at[from]=${AT_TEST_START}&transaction_at[until]=${AT_TEST_START}`)).toEqual([100]);
    onlyError(await t.api.get(`/v1/cards/${cardId}/transactions?transaction_at[from]=yesterday`), 422, 'invalid_format', '#/transaction_at[from]');
  });

  it('card transactions: pages of page_size, total_items and total_pages', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 10_000);
    for (let i = 0; i < 23; i++) await authorize(t.api, cardId, { amount: COP(1) });
    const page3 = await t.api.get(`/v1/cards/${cardId}/transactions?page_size=10&page_number=3`);
    expect(page3.body.pagination).toEqual({ page_number: 3, page_size: 10, total_items: 23, total_pages: 3 });
    expect(page3.body.transactions).toHaveLength(3);
  });

  it("card transactions: another tenant's card is 404, an unknown card 404, a malformed id 422", async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 10_000);
    onlyError(await t.other.get(`/v1/cards/${cardId}/transactions`), 404, 'item_not_found', '#/card_id');
    onlyError(await t.api.get('/v1/cards/car_0000000000000000000000/transactions'), 404, 'item_not_found', '#/card_id');
    onlyError(await t.api.get('/v1/cards/car_x/transactions'), 422, 'invalid_format', '#/card_id');
  });
});

describe('GET /_emulator/card-transactions/{transaction_id}', () => {
  it('card activity: one transaction with its decline, its authorization, the ledger transactions naming it and the funds', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 10_000);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(1_000) }));
    const declined = await authorize(t.api, cardId, { amount: COP(100_000) });
    const shown = await t.api.get(`/_emulator/card-transactions/${auth.body.transaction.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ ...auth.body, funds: { source: 'ledger_account', id: accountId, available: COP(9_000), pending: COP(1_000) } });
    const whyNot = await t.api.get(`/_emulator/card-transactions/${declined.body.transaction.id}`);
    expect(whyNot.body.decline).toEqual(declined.body.decline);
    onlyError(await t.other.get(`/_emulator/card-transactions/${auth.body.transaction.id}`), 404, 'item_not_found', '#/transaction_id');
  });
});
