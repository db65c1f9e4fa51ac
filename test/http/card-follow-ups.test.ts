import { describe, expect, it } from 'vitest';
import { startEmulator } from '../support/emulator.js';
import { onlyError } from '../support/errors.js';
import { balances, ledgerSum, transactionsOf } from '../support/ledger.js';
import {
  approved,
  ATM_FEE,
  authorize,
  bankAvailable,
  cardEvents,
  COP,
  coreCard,
  debitCard,
  followUp,
  ledgerEventsOf,
  listen,
  merchant,
  prepaidCard,
  prepaidHolds,
  USD,
} from '../support/card-spend.js';
import { assertPayloadMatchesContract } from '../support/webhook-receiver.js';

/** What each ledger transaction of a card transaction did: [operation_type, amount, origin]. */
const moves = (ledger: { operation_type: string; amount: { amount: number }; origin: string }[]) => ledger.map((l) => [l.operation_type, l.amount.amount, l.origin]);

describe('reversal', () => {
  it('reversal: gives back the whole hold (reverts_id), sends authorization_reversed naming the authorization, which becomes reversed', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId, accountId } = await coreCard(t, 100_000);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(30_000), merchant: merchant() }));
    const res = await followUp(t.api, auth.body.transaction.id, 'reversal');
    expect(res.status).toBe(201);
    await t.emulator.settled();

    const authId = auth.body.transaction.id;
    expect(res.body.transaction).toMatchObject({ type: 'authorization_reversed', operation_type: 'credit', amount: COP(30_000), original_transaction_id: authId, state: 'approved' });
    expect(res.body.original).toMatchObject({ id: authId, state: 'reversed' });
    expect(res.body.authorization).toMatchObject({ transaction_id: authId, status: 'reversed', held: COP(0) });
    expect(await balances(t.api, accountId)).toEqual({ available: 10_000_000, pending: 0 });
    const [release, hold] = await transactionsOf(t.api, accountId);
    expect(release).toMatchObject({ operation_type: 'release', amount: COP(30_000), reverts_id: hold!.id, id_in_origin: res.body.transaction.id, details: { id: res.body.transaction.id, state: 'reversed', type: 'authorization' } });
    expect(hold).toMatchObject({ reverted_by_id: release!.id, details: { state: 'reversed' } });

    const events = cardEvents(receiver);
    expect(events.map((e) => e.type)).toEqual(['authorization_approved', 'authorization_reversed']);
    expect(events[1]).toMatchObject({ id: res.body.transaction.id, original_transaction_id: authId, amount: COP(30_000), previous_values: null, withdrawal_fee: null });
    expect(ledgerEventsOf(receiver, res.body.transaction.id).map((e) => e.operation_type)).toEqual(['release']);
    for (const delivery of receiver.received) assertPayloadMatchesContract(delivery);
  });

  it('reversal: a withdrawal’s reversal gives back the fee too, reverting the fee’s debit, and shows the fee', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 100_000);
    const atm = await approved(authorize(t.api, cardId, { amount: COP(50_000), channel: 'atm' }));
    const res = await followUp(t.api, atm.body.transaction.id, 'reversal');
    expect(res.body.transaction).toMatchObject({ type: 'authorization_reversed', withdrawal_fee: { amount: ATM_FEE, currency: 'COP' } });
    expect(moves(res.body.ledger_transactions)).toEqual([
      ['release', 5_000_000, 'card_transaction'],
      ['credit', ATM_FEE, 'card_transaction'],
    ]);
    const fee = atm.body.ledger_transactions[1];
    expect(res.body.ledger_transactions[1].reverts_id).toBe(fee.id);
    expect(await balances(t.api, accountId)).toEqual({ available: 10_000_000, pending: 0 });
  });

  it('reversal: a banking card gets the amount and its GMF back', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await debitCard(t);
    const before = await bankAvailable(t.api, accountId);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(10_000) }));
    const res = await followUp(t.api, auth.body.transaction.id, 'reversal');
    expect(res.body.transaction.gmf_amount).toEqual(COP(40));
    expect(await bankAvailable(t.api, accountId)).toBe(before);
  });
});

describe('credit and debit adjustments', () => {
  it('credit adjustment: lowers the authorization and gives the difference back; previous_values holds what it stood at', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId, accountId } = await coreCard(t, 100_000);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(40_000) }));
    const res = await followUp(t.api, auth.body.transaction.id, 'credit-adjustment', { amount: COP(15_000) });
    expect(res.status).toBe(201);
    await t.emulator.settled();

    expect(res.body.transaction).toMatchObject({
      type: 'credit_adjustment',
      operation_type: 'credit',
      amount: COP(15_000),
      original_transaction_id: auth.body.transaction.id,
      previous_values: { amount: COP(40_000), merchant_amount: COP(40_000), fx_rates: null },
    });
    expect(res.body.authorization).toMatchObject({ status: 'pending', authorized: COP(25_000), held: COP(25_000) });
    expect(moves(res.body.ledger_transactions)).toEqual([['release', 1_500_000, 'card_transaction']]);
    expect(res.body.ledger_transactions[0].reverts_id).toBeNull();
    expect(await balances(t.api, accountId)).toEqual({ available: 7_500_000, pending: 2_500_000 });
    const [, adjustment] = cardEvents(receiver);
    expect(adjustment).toMatchObject({ type: 'credit_adjustment', previous_values: { amount: COP(40_000) }, original_transaction_id: auth.body.transaction.id });
    assertPayloadMatchesContract(receiver.received.find((r) => r.body.event.data.type === 'credit_adjustment')!);
  });

  it('credit adjustment: on a debit banking card the GMF of what goes back comes back with it', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await debitCard(t);
    const before = await bankAvailable(t.api, accountId);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(100_000) }));
    const res = await followUp(t.api, auth.body.transaction.id, 'credit-adjustment', { amount: COP(25_000) });
    // 4x1000 of COP 100,000.00 is COP 400.00; of COP 75,000.00, COP 300.00: COP 100.00 comes back.
    expect(res.body.transaction.gmf_amount).toEqual(COP(100));
    expect(await bankAvailable(t.api, accountId)).toBe(before - 7_500_000 - 30_000);
  });

  it('credit adjustment: all it stands at (or more) is 422 out_of_range; another currency 422 currency_mismatch; nothing moves', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 100_000);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(40_000) }));
    onlyError(await followUp(t.api, auth.body.transaction.id, 'credit-adjustment', { amount: COP(40_000) }), 422, 'out_of_range', '#/amount/amount');
    onlyError(await followUp(t.api, auth.body.transaction.id, 'credit-adjustment', { amount: USD(1) }), 422, 'currency_mismatch', '#/amount/currency');
    expect(await balances(t.api, accountId)).toEqual({ available: 6_000_000, pending: 4_000_000 });
    expect((await t.api.get(`/v1/cards/${cardId}/transactions`)).body.pagination.total_items).toBe(1);
  });

  it('debit adjustment: raises the authorization and sets the extra aside too (a second hold); beyond available it is 422 and nothing moves', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId, accountId } = await coreCard(t, 100_000);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(40_000) }));
    onlyError(await followUp(t.api, auth.body.transaction.id, 'debit-adjustment', { amount: COP(60_001) }), 422, 'insufficient_funds', '#/amount/amount');
    const res = await followUp(t.api, auth.body.transaction.id, 'debit-adjustment', { amount: COP(10_000) });
    expect(res.status).toBe(201);
    await t.emulator.settled();
    expect(res.body.transaction).toMatchObject({ type: 'debit_adjustment', operation_type: 'debit', amount: COP(10_000), previous_values: { amount: COP(40_000) } });
    expect(res.body.authorization).toMatchObject({ authorized: COP(50_000), held: COP(50_000) });
    expect(moves(res.body.ledger_transactions)).toEqual([['hold', 1_000_000, 'card_transaction']]);
    expect(await balances(t.api, accountId)).toEqual({ available: 5_000_000, pending: 5_000_000 });
    const events = cardEvents(receiver);
    expect(events.map((e) => e.type)).toEqual(['authorization_approved', 'debit_adjustment']);
    expect(events[1]).toEqual({ ...res.body.transaction, inserted_at: '2026-03-02T12:00:00.000Z', card_id: cardId, account_id: accountId });
    expect(events[1]).toMatchObject({ original_transaction_id: auth.body.transaction.id, withdrawal_fee: null, fx_rates: null });
    expect(ledgerEventsOf(receiver, res.body.transaction.id)).toEqual([
      expect.objectContaining({ operation_type: 'hold', origin: 'card_transaction', amount: COP(10_000), details: expect.objectContaining({ state: 'approved', type: 'authorization' }) }),
    ]);
    for (const delivery of receiver.received) assertPayloadMatchesContract(delivery);
  });

  it('adjustments: only a purchase authorization takes them; a withdrawal answers 422 card_transaction_type_mismatch', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 100_000);
    const atm = await approved(authorize(t.api, cardId, { amount: COP(10_000), channel: 'atm' }));
    onlyError(await followUp(t.api, atm.body.transaction.id, 'debit-adjustment', { amount: COP(1_000) }), 422, 'card_transaction_type_mismatch', '#/transaction_id');
  });
});

describe('settlement and reconciliation', () => {
  it('settlement: at the authorized amount, the hold is taken by one debit; no card_transaction webhook, the ledger shows it fully captured', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId, accountId } = await coreCard(t, 100_000);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(20_000) }));
    const res = await followUp(t.api, auth.body.transaction.id, 'settlement');
    expect(res.status).toBe(201);
    await t.emulator.settled();

    expect(res.body.transaction).toMatchObject({ id: auth.body.transaction.id, type: 'authorization_approved', state: 'approved' });
    expect(res.body.authorization).toMatchObject({ status: 'settled', authorized: COP(20_000), held: COP(0) });
    expect(await balances(t.api, accountId)).toEqual({ available: 8_000_000, pending: 0 });
    const [debit] = await transactionsOf(t.api, accountId);
    expect(debit).toMatchObject({ operation_type: 'debit', amount: COP(20_000), origin: 'card_transaction', id_in_origin: auth.body.transaction.id, details: { state: 'fully_captured' } });
    expect(cardEvents(receiver).map((e) => e.type)).toEqual(['authorization_approved']);
    expect(ledgerEventsOf(receiver, auth.body.transaction.id).map((e) => e.operation_type)).toEqual(['hold', 'debit']);
  });

  it('reconciliation: a settlement below the authorization takes the final amount and gives back the rest; reconciliation carries previous_values', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId, accountId } = await coreCard(t, 100_000);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(20_000) }));
    const res = await followUp(t.api, auth.body.transaction.id, 'settlement', { amount: COP(18_500) });
    await t.emulator.settled();
    expect(res.body.transaction).toMatchObject({
      type: 'reconciliation',
      operation_type: 'debit',
      amount: COP(18_500),
      original_transaction_id: auth.body.transaction.id,
      previous_values: { amount: COP(20_000), merchant_amount: COP(20_000), fx_rates: null },
    });
    expect(moves(res.body.ledger_transactions)).toEqual([
      ['debit', 1_850_000, 'card_transaction'],
      ['release', 150_000, 'card_transaction'],
    ]);
    expect(await balances(t.api, accountId)).toEqual({ available: 8_150_000, pending: 0 });
    expect(cardEvents(receiver)[1]).toMatchObject({ type: 'reconciliation', amount: COP(18_500), previous_values: { amount: COP(20_000) } });
    for (const delivery of receiver.received) assertPayloadMatchesContract(delivery);
  });

  it('reconciliation: a settlement above the authorization takes the excess from available, which must be there (else 422, nothing moves)', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 30_000);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(20_000) }));
    onlyError(await followUp(t.api, auth.body.transaction.id, 'settlement', { amount: COP(30_001) }), 422, 'insufficient_funds', '#/amount/amount');
    expect(await balances(t.api, accountId)).toEqual({ available: 1_000_000, pending: 2_000_000 });
    const res = await followUp(t.api, auth.body.transaction.id, 'settlement', { amount: COP(25_000) });
    expect(moves(res.body.ledger_transactions)).toEqual([['debit', 2_500_000, 'card_transaction']]);
    expect(await balances(t.api, accountId)).toEqual({ available: 500_000, pending: 0 });
  });

  it('settlement: after a credit and a debit adjustment, the holds are released and one debit takes what it stands at', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 100_000);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(40_000) }));
    await followUp(t.api, auth.body.transaction.id, 'debit-adjustment', { amount: COP(10_000) });
    await followUp(t.api, auth.body.transaction.id, 'credit-adjustment', { amount: COP(5_000) });
    const res = await followUp(t.api, auth.body.transaction.id, 'settlement');
    expect(res.body.authorization).toMatchObject({ status: 'settled', authorized: COP(45_000) });
    expect(await balances(t.api, accountId)).toEqual({ available: 5_500_000, pending: 0 });
    const all = await transactionsOf(t.api, accountId);
    expect(ledgerSum(all)).toBe(5_500_000);
  });

  it('international settlement: at its own rate, ledger origin card_presentment_payment, a reconciliation with fx_rates and the rates before', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId, accountId } = await coreCard(t, 1_000_000);
    const auth = await approved(authorize(t.api, cardId, { amount: USD(100), channel: 'online', merchant: merchant({ country: 'USA', name: 'Netflix' }) }));
    // USD 100.00 at 4040.2525 is COP 404,025.25; presented at 4100, COP 410,000.00.
    expect(auth.body.transaction.amount).toEqual({ amount: 40_402_525, currency: 'COP' });
    const res = await followUp(t.api, auth.body.transaction.id, 'settlement', { fx_rate: '4100' });
    await t.emulator.settled();
    expect(res.body.transaction).toMatchObject({
      type: 'reconciliation',
      amount: COP(410_000),
      merchant_amount: USD(100),
      fx_rates: { from: 'USD', to: 'COP', rate: '4100' },
      previous_values: { amount: { amount: 40_402_525, currency: 'COP' }, merchant_amount: USD(100), fx_rates: { from: 'USD', to: 'COP', rate: '4040.2525' } },
    });
    expect(moves(res.body.ledger_transactions)).toEqual([['debit', 41_000_000, 'card_presentment_payment']]);
    expect(res.body.ledger_transactions[0].details).toMatchObject({ id: res.body.transaction.id, type: 'capture' });
    expect(await balances(t.api, accountId)).toEqual({ available: 100_000_000 - 41_000_000, pending: 0 });
    expect(cardEvents(receiver)[1]).toMatchObject({ type: 'reconciliation', fx_rates: { rate: '4100' }, scope: 'international' });
  });

  it('settlement: a rate on a transaction in one currency is 422 at #/fx_rate; a settled authorization takes no second settlement (409)', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 100_000);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(1_000) }));
    onlyError(await followUp(t.api, auth.body.transaction.id, 'settlement', { fx_rate: 2 }), 422, 'invalid_value', '#/fx_rate');
    expect((await followUp(t.api, auth.body.transaction.id, 'settlement')).status).toBe(201);
    onlyError(await followUp(t.api, auth.body.transaction.id, 'settlement'), 409, 'card_transaction_closed', '#/transaction_id');
    onlyError(await followUp(t.api, auth.body.transaction.id, 'reversal'), 409, 'card_transaction_closed', '#/transaction_id');
  });
});

describe('refunds and force debits', () => {
  it('refund: of a settled purchase, in part then the rest; more than is left is 422; then 409 card_transaction_closed', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId, accountId } = await coreCard(t, 100_000);
    const auth = await approved(authorize(t.api, cardId, { amount: COP(30_000) }));
    await followUp(t.api, auth.body.transaction.id, 'settlement');
    const part = await followUp(t.api, auth.body.transaction.id, 'refund', { amount: COP(10_000) });
    expect(part.status).toBe(201);
    expect(part.body.transaction).toMatchObject({ type: 'refund', operation_type: 'credit', amount: COP(10_000), original_transaction_id: auth.body.transaction.id });
    expect(part.body.authorization).toMatchObject({ refunded: COP(10_000) });
    expect(moves(part.body.ledger_transactions)).toEqual([['credit', 1_000_000, 'card_transaction']]);
    expect(part.body.ledger_transactions[0].details).toMatchObject({ type: 'refund' });
    onlyError(await followUp(t.api, auth.body.transaction.id, 'refund', { amount: COP(20_001) }), 422, 'out_of_range', '#/amount/amount');
    const rest = await followUp(t.api, auth.body.transaction.id, 'refund');
    expect(rest.body.transaction.amount).toEqual(COP(20_000));
    onlyError(await followUp(t.api, auth.body.transaction.id, 'refund'), 409, 'card_transaction_closed', '#/transaction_id');
    expect(await balances(t.api, accountId)).toEqual({ available: 10_000_000, pending: 0 });
    await t.emulator.settled();
    expect(cardEvents(receiver).filter((e) => e.type === 'refund').map((e) => e.original_transaction_id)).toEqual([auth.body.transaction.id, auth.body.transaction.id]);
  });

  it('refund without an original: credits the card’s funds, original_transaction_id null, whatever the card’s state', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId } = await prepaidCard(t, 1_000);
    await t.api.patch(`/v1/cards/${cardId}`, { state: 'frozen' });
    const res = await t.api.post(`/_emulator/cards/${cardId}/refunds`, { amount: COP(2_500), merchant: merchant() });
    expect(res.status).toBe(201);
    await t.emulator.settled();
    expect(res.body.transaction).toMatchObject({ type: 'refund', operation_type: 'credit', original_transaction_id: null, gmf_amount: COP(0), description: 'Refund from Almacenes Exito' });
    expect(await prepaidHolds(t.api, cardId)).toBe(350_000);
    expect(cardEvents(receiver)).toEqual([expect.objectContaining({ type: 'refund', original_transaction_id: null, previous_values: null })]);
  });

  it('force debit: made regardless of balance, card state or controls, taking a Core card’s sub-account below zero; then purchases decline', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId, accountId } = await coreCard(t, 1_000);
    const control = await t.api.post('/v1/spending_controls', { rules: { card_usage: { disabled_card_usages: ['physical_purchase'] } } });
    expect((await t.api.patch(`/v1/cards/${cardId}`, { spending_control_id: control.body.id, state: 'frozen' })).status).toBe(200);
    const res = await t.api.post(`/_emulator/cards/${cardId}/force-debits`, { amount: COP(5_000), merchant: merchant() });
    expect(res.status).toBe(201);
    await t.emulator.settled();
    expect(res.body.transaction).toMatchObject({ type: 'force_debit', operation_type: 'debit', amount: COP(5_000), original_transaction_id: null, previous_values: null });
    expect(moves(res.body.ledger_transactions)).toEqual([['debit', 500_000, 'card_transaction']]);
    expect(res.body.ledger_transactions[0].details).toMatchObject({ type: 'capture' });
    expect(await balances(t.api, accountId)).toEqual({ available: -400_000, pending: 0 });
    expect(res.body.funds.available).toEqual({ amount: -400_000, currency: 'COP' });
    await t.api.patch(`/v1/cards/${cardId}`, { state: 'active', spending_control_id: null });
    expect((await authorize(t.api, cardId, { amount: COP(1) })).body.transaction.declination_reason).toBe('insufficient_funds');
    await t.emulator.settled();
    expect(cardEvents(receiver).map((e) => e.type)).toEqual(['force_debit', 'authorization_declined']);
    for (const delivery of receiver.received) assertPayloadMatchesContract(delivery);
  });

  it('force debit: a debit banking card’s bank account may go below zero too, by the amount and its GMF', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await debitCard(t);
    const has = await bankAvailable(t.api, accountId);
    const res = await t.api.post(`/_emulator/cards/${cardId}/force-debits`, { amount: { amount: has + 100_000, currency: 'COP' } });
    const gmf = Math.round(((has + 100_000) * 4) / 1000);
    expect(res.body.transaction.gmf_amount).toEqual({ amount: gmf, currency: 'COP' });
    expect(await bankAvailable(t.api, accountId)).toBe(-100_000 - gmf);
  });

  it('refund: a force debit can be refunded; a declined transaction cannot (409); a refund is not refunded (422)', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 1_000);
    const forced = await t.api.post(`/_emulator/cards/${cardId}/force-debits`, { amount: COP(500) });
    const refund = await followUp(t.api, forced.body.transaction.id, 'refund');
    expect(refund.body.transaction.amount).toEqual(COP(500));
    onlyError(await followUp(t.api, refund.body.transaction.id, 'refund'), 422, 'card_transaction_type_mismatch', '#/transaction_id');
    const declined = await authorize(t.api, cardId, { amount: COP(5_000) });
    onlyError(await followUp(t.api, declined.body.transaction.id, 'refund'), 409, 'card_transaction_declined', '#/transaction_id');
  });
});

describe('refused follow-ups', () => {
  it('refused: a declined, reversed, foreign or unknown transaction, or a follow-up of a follow-up, writes nothing', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 10_000);
    const declined = await authorize(t.api, cardId, { amount: COP(50_000) });
    const auth = await approved(authorize(t.api, cardId, { amount: COP(1_000) }));
    const reversal = await followUp(t.api, auth.body.transaction.id, 'reversal');
    const before = { list: (await t.api.get(`/v1/cards/${cardId}/transactions?page_size=100`)).body, ledger: await transactionsOf(t.api, accountId) };

    for (const kind of ['reversal', 'settlement']) onlyError(await followUp(t.api, declined.body.transaction.id, kind), 409, 'card_transaction_declined', '#/transaction_id');
    onlyError(await followUp(t.api, declined.body.transaction.id, 'credit-adjustment', { amount: COP(1) }), 409, 'card_transaction_declined', '#/transaction_id');
    onlyError(await followUp(t.api, auth.body.transaction.id, 'reversal'), 409, 'card_transaction_closed', '#/transaction_id');
    onlyError(await followUp(t.api, auth.body.transaction.id, 'refund'), 409, 'card_transaction_closed', '#/transaction_id');
    onlyError(await followUp(t.api, reversal.body.transaction.id, 'reversal'), 422, 'card_transaction_type_mismatch', '#/transaction_id');
    onlyError(await followUp(t.other, auth.body.transaction.id, 'reversal'), 404, 'item_not_found', '#/transaction_id');
    onlyError(await followUp(t.api, 'ctx_0000000000000000000000', 'settlement'), 404, 'item_not_found', '#/transaction_id');
    onlyError(await followUp(t.api, 'ctx_bad', 'settlement'), 422, 'invalid_format', '#/transaction_id');
    onlyError(await followUp(t.api, auth.body.transaction.id, 'debit-adjustment', {}), 422, 'missing_field', '#/amount');
    onlyError(await t.api.post('/_emulator/cards/car_0000000000000000000000/force-debits', { amount: COP(1) }), 404, 'item_not_found', '#/card_id');
    onlyError(await t.other.post(`/_emulator/cards/${cardId}/refunds`, { amount: COP(1) }), 404, 'item_not_found', '#/card_id');

    expect((await t.api.get(`/v1/cards/${cardId}/transactions?page_size=100`)).body).toEqual(before.list);
    expect(await transactionsOf(t.api, accountId)).toEqual(before.ledger);
  });
});
