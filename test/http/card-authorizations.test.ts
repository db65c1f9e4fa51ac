import { describe, expect, it } from 'vitest';
import { AT_TEST_START, startEmulator } from '../support/emulator.js';
import { onlyError } from '../support/errors.js';
import { balances, transactionsOf } from '../support/ledger.js';
import {
  approved,
  ATM_FEE,
  authorize,
  bankAvailable,
  cardEvents,
  COP,
  coreCard,
  debitCard,
  declineOf,
  ledgerEventsOf,
  listen,
  merchant,
  prepaidCard,
  prepaidHolds,
  USD,
} from '../support/card-spend.js';
import { assertPayloadMatchesContract } from '../support/webhook-receiver.js';

/**
 * Mono's 33 declination reasons, copied here from its generated SDK's ledger transaction model
 * (types/ledger/accounts/transaction_retrieve_response.py), in its order: the README's magic
 * amounts number them 01 to 33.
 */
const SDK_DECLINATION_REASONS = [
  'account_blocked', 'account_canceled', 'account_holder_blocked', 'account_holder_canceled',
  'card_daily_limit_exceeded', 'card_weekly_limit_exceeded', 'card_monthly_limit_exceeded',
  'daily_limit_exceeded', 'monthly_limit_exceeded', 'insufficient_funds', 'insufficient_funds_gmf',
  'card_insufficient_funds', 'card_insufficient_funds_gmf', 'pending_transfers', 'bank_connection_issue',
  'provider_no_request', 'provider_timeout', 'velocity_daily_exceeded', 'velocity_weekly_exceeded',
  'velocity_monthly_exceeded', 'withdrawal_velocity_daily_exceeded', 'withdrawal_velocity_monthly_exceeded',
  'card_frozen', 'card_canceled', 'card_expired', 'invalid_cvc', 'invalid_exp_date', 'invalid_pin',
  'pin_try_limit', 'online_purchase_disabled', 'physical_purchase_disabled', 'atm_withdrawal_disabled', 'other',
];

/** The README's FX table for 2026-03-02 (the tests' date): COP 4000.25 per USD, plus the 1% spread card charges pay. */
const COP_PER_USD_CHARGED = 4000.25 * 1.01;
/** GMF: 4 per 1000, rounded half up to whole cents (the README's rule). */
const gmf = (cents: number) => Math.round((cents * 4) / 1000);

describe('POST /_emulator/cards/{card_id}/authorizations: approvals', () => {
  it('authorization: a Core card approved sets the amount aside on its sub-account (available to pending) and answers the card transaction', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 100_000);
    const res = await approved(authorize(t.api, cardId, { amount: COP(25_000), merchant: merchant(), channel: 'pos', description: 'Mercado semanal' }));

    expect(res.body.transaction).toEqual({
      id: expect.stringMatching(/^ctx_[0-9A-Za-z]{22}$/),
      amount: COP(25_000),
      gmf_amount: { amount: 0, currency: 'COP' },
      description: 'Mercado semanal',
      declination_reason: null,
      merchant: merchant(),
      operation_type: 'debit',
      scope: 'local',
      state: 'approved',
      transaction_at: AT_TEST_START,
      type: 'authorization_approved',
      original_transaction_id: null,
      merchant_amount: COP(25_000),
      withdrawal_fee: null,
      fx_rates: null,
      previous_values: null,
    });
    expect(res.body.authorization).toEqual({
      transaction_id: res.body.transaction.id,
      status: 'pending',
      authorized: COP(25_000),
      held: COP(25_000),
      refunded: COP(0),
      expires_at: '2026-03-09T12:00:00.000Z',
    });
    expect(res.body.funds).toEqual({ source: 'ledger_account', id: accountId, available: COP(75_000), pending: COP(25_000) });
    expect(await balances(t.api, accountId)).toEqual({ available: 7_500_000, pending: 2_500_000 });

    const [hold] = await transactionsOf(t.api, accountId);
    expect(hold).toMatchObject({ operation_type: 'hold', origin: 'card_transaction', id_in_origin: res.body.transaction.id, amount: COP(25_000), description: 'Mercado semanal' });
    expect(hold!.details).toEqual({
      id: res.body.transaction.id,
      amount: COP(25_000),
      card_id: cardId,
      declination_reason: null,
      merchant_amount: COP(25_000),
      merchant_name: 'Almacenes Exito',
      state: 'approved',
      transaction_at: AT_TEST_START,
      type: 'authorization',
    });
    expect(res.body.ledger_transactions).toEqual([hold]);
  });

  it('authorization: a debit banking card takes the amount and its 4x1000 GMF from its bank account at once', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await debitCard(t);
    const before = await bankAvailable(t.api, accountId);
    const res = await approved(authorize(t.api, cardId, { amount: COP(123_457) }));
    expect(res.body.transaction).toMatchObject({ amount: COP(123_457), gmf_amount: { amount: gmf(12_345_700), currency: 'COP' } });
    expect(gmf(12_345_700)).toBe(49_383);
    expect(await bankAvailable(t.api, accountId)).toBe(before - 12_345_700 - 49_383);
    expect(res.body.funds).toEqual({ source: 'bank_account', id: accountId, available: { amount: before - 12_345_700 - 49_383, currency: 'COP' }, pending: null });
    expect(res.body.ledger_transactions).toEqual([]);
  });

  it("authorization: a prepaid card spends its own balance (amount and GMF), not its bank account's", async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await prepaidCard(t, 50_000);
    const bank = await bankAvailable(t.api, accountId);
    const res = await approved(authorize(t.api, cardId, { amount: COP(10_000) }));
    expect(res.body.transaction.gmf_amount).toEqual(COP(40));
    expect(await prepaidHolds(t.api, cardId)).toBe(5_000_000 - 1_000_000 - 4_000);
    expect(await bankAvailable(t.api, accountId)).toBe(bank);
    expect(res.body.funds).toMatchObject({ source: 'prepaid_card', id: cardId, available: { amount: 3_996_000, currency: 'COP' } });
  });

  it('authorization: a foreign currency makes it international, charged at the day’s rate with the spread, with fx_rates', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 100_000);
    const res = await approved(authorize(t.api, cardId, { amount: USD(10), merchant: merchant({ id: 'AMZN1', name: 'Amazon US', country: 'USA', mcc: '5942' }), channel: 'online' }));
    const charged = Math.round(1_000 * COP_PER_USD_CHARGED);
    expect(charged).toBe(4_040_253);
    expect(res.body.transaction).toMatchObject({
      amount: { amount: charged, currency: 'COP' },
      merchant_amount: USD(10),
      scope: 'international',
      fx_rates: { from: 'USD', to: 'COP', rate: '4040.2525' },
    });
    expect(await balances(t.api, accountId)).toEqual({ available: 10_000_000 - charged, pending: charged });
  });

  it('authorization: without merchant, channel or description it is a terminal purchase at the example merchant of Mono’s reference', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 1_000);
    const res = await approved(authorize(t.api, cardId, { amount: COP(100) }));
    expect(res.body.transaction).toMatchObject({
      merchant: { id: '10000', name: 'Mono merchant', mcc: '5999', country: 'COL' },
      description: 'Purchase at Mono merchant',
    });
  });

  it('ATM withdrawal: a withdrawal transaction carrying its fee; the amount is set aside and the fee debited at once', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 300_000);
    const res = await approved(authorize(t.api, cardId, { amount: COP(200_000), channel: 'atm' }));
    expect(res.body.transaction).toMatchObject({
      type: 'withdrawal',
      withdrawal_fee: { amount: ATM_FEE, currency: 'COP' },
      merchant: { mcc: '6011' },
      description: 'ATM withdrawal at Mono merchant',
    });
    expect(await balances(t.api, accountId)).toEqual({ available: 30_000_000 - 20_000_000 - ATM_FEE, pending: 20_000_000 });
    const moves = res.body.ledger_transactions.map((l: any) => [l.operation_type, l.amount.amount, l.origin, l.id_in_origin]);
    expect(moves).toEqual([
      ['hold', 20_000_000, 'card_transaction', res.body.transaction.id],
      ['debit', ATM_FEE, 'card_transaction', res.body.transaction.id],
    ]);
  });

  it('ATM withdrawal: the fee must be available too, else insufficient_funds and nothing moves', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 200_000);
    const decline = await declineOf(authorize(t.api, cardId, { amount: COP(198_000), channel: 'atm' }));
    expect(decline).toMatchObject({ reason: 'insufficient_funds', rule: 'balance' });
    expect(await balances(t.api, accountId)).toEqual({ available: 20_000_000, pending: 0 });
    await approved(authorize(t.api, cardId, { amount: COP(195_000), channel: 'atm' }));
  });
});

describe('POST /_emulator/cards/{card_id}/authorizations: the decision', () => {
  it('decision: a frozen card declines card_frozen; unfrozen, the same purchase is approved', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 10_000);
    expect((await t.api.patch(`/v1/cards/${cardId}`, { state: 'frozen' })).status).toBe(200);
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(5_000) }))).toMatchObject({ reason: 'card_frozen', rule: 'card_state' });
    expect((await t.api.patch(`/v1/cards/${cardId}`, { state: 'active' })).status).toBe(200);
    await approved(authorize(t.api, cardId, { amount: COP(5_000) }));
  });

  it('decision: a canceled card declines card_canceled; a plastic card not yet activated declines other', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 10_000);
    await t.api.patch(`/v1/cards/${cardId}`, { state: 'canceled' });
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(5_000) }))).toMatchObject({ reason: 'card_canceled', rule: 'card_state' });

    const { cardId: plastic } = await coreCard(t, 10_000, { configuration_group_id: t.seed.plasticGroupId });
    const decline = await declineOf(authorize(t.api, plastic, { amount: COP(5_000) }));
    expect(decline).toMatchObject({ reason: 'other', rule: 'card_state' });
    expect(decline.message).toMatch(/not active yet/);
    expect((await t.api.post(`/_emulator/cards/${plastic}/activate`)).status).toBe(200);
    await approved(authorize(t.api, plastic, { amount: COP(5_000) }));
  });

  it('decision: from the first instant after its expiry month (Bogotá), a card declines card_expired', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 10_000);
    const look = new URL((await t.api.get(`/v1/cards/${cardId}/look`)).body.url);
    const page = await t.api.get(`${look.pathname}${look.search}`);
    const [, month, year] = /data-field="expiry">(\d{2})\/(\d{2})</.exec(page.text)!;
    // The first instant of the month after expiry, at UTC-5 (written here from the card's MM/YY).
    const end = Date.UTC(2000 + Number(year), Number(month), 1) + 5 * 3600_000;
    await t.emulator.advanceClock(end - 1_000 - t.emulator.clock.now());
    await approved(authorize(t.api, cardId, { amount: COP(1_000) }));
    await t.emulator.advanceClock(1_000);
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(1_000) }))).toMatchObject({ reason: 'card_expired', rule: 'card_expiry' });
  });

  it('decision: a blocked sub-account declines account_blocked; a blocked holder account_holder_blocked', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 10_000);
    await t.api.patch(`/v1/ledger/accounts/${accountId}`, { state: 'blocked', reason: 'fraud' });
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(1_000) }))).toMatchObject({ reason: 'account_blocked', rule: 'account_state' });
    await t.api.patch(`/v1/ledger/accounts/${accountId}`, { state: 'active' });

    const holderId = (await t.api.get(`/v1/ledger/accounts/${accountId}`)).body.holder_id;
    await t.api.patch(`/v1/ledger/account_holders/${holderId}`, { state: 'blocked', reason: 'fraud' });
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(1_000) }))).toMatchObject({ reason: 'account_holder_blocked', rule: 'account_holder_state' });
    await t.api.patch(`/v1/ledger/account_holders/${holderId}`, { state: 'active' });
    await approved(authorize(t.api, cardId, { amount: COP(1_000) }));
  });

  it('decision: a Core card beyond its sub-account’s available declines insufficient_funds; what a hold set aside is not available', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 10_000);
    await approved(authorize(t.api, cardId, { amount: COP(6_000) }));
    const decline = await declineOf(authorize(t.api, cardId, { amount: COP(4_001) }));
    expect(decline).toMatchObject({ reason: 'insufficient_funds', rule: 'balance' });
    expect(decline.message).toContain('COP 4,000.00 available');
    await approved(authorize(t.api, cardId, { amount: COP(4_000) }));
  });

  it('decision: a debit banking card declines insufficient_funds past its account, insufficient_funds_gmf when only the GMF is missing', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await debitCard(t);
    const has = await bankAvailable(t.api, accountId);
    expect(await declineOf(authorize(t.api, cardId, { amount: { amount: has + 100, currency: 'COP' } }))).toMatchObject({ reason: 'insufficient_funds' });
    // The whole balance is available, but not with 4x1000 on top.
    expect(await declineOf(authorize(t.api, cardId, { amount: { amount: has, currency: 'COP' } }))).toMatchObject({ reason: 'insufficient_funds_gmf', rule: 'balance' });
    const most = Math.floor((has * 1000) / 1004 / 100) * 100;
    await approved(authorize(t.api, cardId, { amount: { amount: most, currency: 'COP' } }));
  });

  it('decision: a prepaid card declines card_insufficient_funds past its balance, card_insufficient_funds_gmf short of the GMF alone', async () => {
    const t = await startEmulator();
    const { cardId } = await prepaidCard(t, 10_000);
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(10_001) }))).toMatchObject({ reason: 'card_insufficient_funds' });
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(10_000) }))).toMatchObject({ reason: 'card_insufficient_funds_gmf' });
    // COP 9,960.00 + 4x1000 (COP 39.84) = COP 9,999.84.
    await approved(authorize(t.api, cardId, { amount: COP(9_960) }));
  });

  it('decision: declines move no money and write no ledger transaction; the declined transaction is listed', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 1_000);
    const before = await transactionsOf(t.api, accountId);
    const res = await authorize(t.api, cardId, { amount: COP(2_000) });
    expect(res.body.transaction).toMatchObject({ state: 'declined', type: 'authorization_declined', declination_reason: 'insufficient_funds', gmf_amount: COP(0) });
    expect(res.body.ledger_transactions).toEqual([]);
    expect(res.body.authorization).toBeNull();
    expect(await transactionsOf(t.api, accountId)).toEqual(before);
    expect(await balances(t.api, accountId)).toEqual({ available: 100_000, pending: 0 });
    const listed = await t.api.get(`/v1/cards/${cardId}/transactions`);
    expect(listed.body.transactions).toEqual([res.body.transaction]);
  });
});

describe('POST /_emulator/cards/{card_id}/authorizations: forced outcomes', () => {
  it('forced: decline_reason declines with any of Mono’s 33 reasons, whatever the card and its balance', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 100_000);
    for (const reason of SDK_DECLINATION_REASONS) {
      expect(await declineOf(authorize(t.api, cardId, { amount: COP(1_000), decline_reason: reason }))).toMatchObject({ reason, rule: 'forced' });
    }
    expect(await balances(t.api, accountId)).toEqual({ available: 10_000_000, pending: 0 });
  });

  it('magic amounts: a COP amount with cents 01 to 33 declines with the reason of that number in the SDK’s list', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 100_000);
    for (const [i, reason] of SDK_DECLINATION_REASONS.entries()) {
      const decline = await declineOf(authorize(t.api, cardId, { amount: { amount: 1_000_00 + i + 1, currency: 'COP' } }));
      expect(decline).toMatchObject({ reason, rule: 'magic_amount' });
    }
  });

  it('magic amounts: cents 00 and 34-99 are ordinary amounts, and other currencies have no magic cents', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 100_000);
    for (const amount of [1_000_00, 1_000_34, 1_000_99]) await approved(authorize(t.api, cardId, { amount: { amount, currency: 'COP' } }));
    await approved(authorize(t.api, cardId, { amount: { amount: 10_10, currency: 'USD' } }));
  });

  it('forced: decline_reason wins over a magic amount and over every rule', async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 0);
    await t.api.patch(`/v1/cards/${cardId}`, { state: 'frozen' });
    expect(await declineOf(authorize(t.api, cardId, { amount: { amount: 1_000_10, currency: 'COP' }, decline_reason: 'invalid_pin' }))).toMatchObject({ reason: 'invalid_pin' });
  });
});

describe('card_transaction webhooks of authorizations', () => {
  it('webhook: authorization_approved carries the transaction with its card and account, the nullable fields null; its hold is announced on the ledger', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId, accountId } = await coreCard(t, 100_000);
    const res = await approved(authorize(t.api, cardId, { amount: COP(12_000), merchant: merchant() }));
    await t.emulator.settled();

    // The webhook carries the transaction as the API shows it (checked field by field above), with the card and account.
    const [data] = cardEvents(receiver);
    expect(data).toEqual({ ...res.body.transaction, inserted_at: '2026-03-02T12:00:00.000Z', card_id: cardId, account_id: accountId });
    expect(data).toMatchObject({ type: 'authorization_approved', declination_reason: null, original_transaction_id: null, withdrawal_fee: null, fx_rates: null, previous_values: null });
    const [hold] = ledgerEventsOf(receiver, res.body.transaction.id);
    expect(hold).toMatchObject({ operation_type: 'hold', origin: 'card_transaction', amount: COP(12_000), details: { id: res.body.transaction.id, state: 'approved', type: 'authorization', merchant_name: 'Almacenes Exito' } });
    for (const delivery of receiver.received) assertPayloadMatchesContract(delivery);
  });

  it('webhook: authorization_declined carries its declination_reason, and no ledger webhook follows', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId } = await coreCard(t, 1_000);
    await t.emulator.settled();
    receiver.received.length = 0;
    const res = await authorize(t.api, cardId, { amount: COP(5_000) });
    await t.emulator.settled();
    expect(receiver.received.map((r) => r.body.event.type)).toEqual(['card_transaction']);
    expect(cardEvents(receiver)[0]).toMatchObject({ type: 'authorization_declined', id: res.body.transaction.id, declination_reason: 'insufficient_funds', state: 'declined', withdrawal_fee: null });
  });

  it('webhook: a withdrawal carries withdrawal_fee; an international purchase fx_rates; both only there', async () => {
    const t = await startEmulator();
    const receiver = await listen(t.api);
    const { cardId } = await coreCard(t, 500_000);
    await approved(authorize(t.api, cardId, { amount: COP(100_000), channel: 'atm' }));
    await approved(authorize(t.api, cardId, { amount: USD(20), channel: 'online' }));
    await approved(authorize(t.api, cardId, { amount: COP(1_000), channel: 'online' }));
    await t.emulator.settled();
    const [atm, abroad, local] = cardEvents(receiver);
    expect(atm).toMatchObject({ type: 'withdrawal', withdrawal_fee: { amount: ATM_FEE, currency: 'COP' }, fx_rates: null });
    expect(abroad).toMatchObject({ type: 'authorization_approved', withdrawal_fee: null, fx_rates: { from: 'USD', to: 'COP', rate: '4040.2525' }, scope: 'international' });
    expect(local).toMatchObject({ withdrawal_fee: null, fx_rates: null, scope: 'local' });
  });
});

describe('POST /_emulator/cards/{card_id}/authorizations: refused requests', () => {
  it('bad input: unknown or other tenant’s card 404, malformed id 422, invalid bodies 422; nothing is written', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 10_000);
    onlyError(await authorize(t.api, 'car_0000000000000000000000', { amount: COP(1) }), 404, 'item_not_found', '#/card_id');
    onlyError(await authorize(t.other, cardId, { amount: COP(1) }), 404, 'item_not_found', '#/card_id');
    onlyError(await authorize(t.api, 'car_short', { amount: COP(1) }), 422, 'invalid_format', '#/card_id');
    onlyError(await authorize(t.api, cardId, { amount: { amount: 0, currency: 'COP' } }), 422, 'out_of_range', '#/amount/amount');
    onlyError(await authorize(t.api, cardId, {}), 422, 'missing_field', '#/amount');
    onlyError(await authorize(t.api, cardId, { amount: COP(1), channel: 'phone' }), 422, 'invalid_value', '#/channel');
    onlyError(await authorize(t.api, cardId, { amount: COP(1), merchant: { id: 'M1', name: 'Shop', country: 'COL' } }), 422, 'missing_field', '#/merchant/mcc');
    onlyError(await authorize(t.api, cardId, { amount: COP(1), merchant: merchant({ country: 'CO' }) }), 422, 'invalid_value', '#/merchant/country');
    onlyError(await authorize(t.api, cardId, { amount: COP(1), decline_reason: 'fraud' }), 422, 'invalid_value', '#/decline_reason');
    onlyError(await authorize(t.api, cardId, { amount: COP(1), tip: 5 }), 422, 'unknown_field', '#/tip');
    expect((await t.api.get(`/v1/cards/${cardId}/transactions`)).body.transactions).toEqual([]);
    expect(await balances(t.api, accountId)).toEqual({ available: 1_000_000, pending: 0 });
  });

  it('concurrency: 200 authorizations at once on a card with money for 50 approve exactly 50; the rest decline insufficient_funds', async () => {
    const t = await startEmulator();
    const { cardId, accountId } = await coreCard(t, 50 * 1_000);
    const answers = await Promise.all(Array.from({ length: 200 }, () => authorize(t.api, cardId, { amount: COP(1_000) })));
    const outcomes = answers.map((a) => a.body.transaction.declination_reason ?? 'approved');
    expect(outcomes.filter((o) => o === 'approved')).toHaveLength(50);
    expect(outcomes.filter((o) => o === 'insufficient_funds')).toHaveLength(150);
    expect(await balances(t.api, accountId)).toEqual({ available: 0, pending: 5_000_000 });
    const listed = await t.api.get(`/v1/cards/${cardId}/transactions?page_size=500`);
    expect(listed.body.pagination.total_items).toBe(200);
  });
});
