import { describe, expect, it } from 'vitest';
import { accountHolderInput, bankingCardInput, cardholderInput, snapshotTenant } from '../support/fixtures.js';
import { KEY_A, KEY_B, TEST_START, startEmulator } from '../support/emulator.js';
import { startReceiver } from '../support/webhook-receiver.js';

const MAX_ADVANCE_SECONDS = 315_360_000;
const CONTROL_INPUT = { rules: { velocity: { daily: { amount: 500_000_00, currency: 'COP' } } } };

describe('GET /_emulator/health', () => {
  it('control plane: health answers ok without a key', async () => {
    const { anonymous } = await startEmulator();
    const res = await anonymous.get('/_emulator/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('control plane: health ignores the Authorization header, even an unknown key', async () => {
    const { anonymous } = await startEmulator();
    const res = await anonymous.get('/_emulator/health', { headers: { authorization: 'Bearer sandbox_unknown_key_0000' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('the clock', () => {
  it('control plane: GET /_emulator/clock shows a manual clock at the start time', async () => {
    const { anonymous } = await startEmulator();
    const res = await anonymous.get('/_emulator/clock');
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe('manual');
    expect(Date.parse(res.body.now)).toBe(Date.parse('2026-03-02T12:00:00Z'));
    expect(Date.parse(res.body.now)).toBe(TEST_START);
  });

  it('control plane: advancing by 90 seconds moves the clock by 90 seconds, and advances add up', async () => {
    const { anonymous } = await startEmulator();
    const moved = await anonymous.post('/_emulator/clock/advance', { seconds: 90 });
    expect(moved.status).toBe(200);
    expect(moved.body.mode).toBe('manual');
    expect(Date.parse(moved.body.now)).toBe(Date.parse('2026-03-02T12:01:30Z'));
    expect(Date.parse((await anonymous.get('/_emulator/clock')).body.now)).toBe(Date.parse('2026-03-02T12:01:30Z'));

    const again = await anonymous.post('/_emulator/clock/advance', { seconds: 30 });
    expect(Date.parse(again.body.now)).toBe(Date.parse('2026-03-02T12:02:00Z'));
  });

  // Found by the fuzz suite's concurrent request batches: the second of two advances sent at
  // once computed its target before the first moved the clock, then had to move it back: a 500.
  it('control plane: advances sent at the same time all apply, one after the other, and none answers 500', async () => {
    const t = await startEmulator();
    // A webhook attempt falls due during the moves, so each advance has something to wait for.
    const receiver = await startReceiver(() => 500);
    await t.api.post('/_emulator/webhooks', { url: receiver.url, emulator_events: ['card_created', 'card_state_changed'] });
    await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId));
    const moves = await Promise.all([1, 0, 30, 0.5].map((seconds) => t.anonymous.post('/_emulator/clock/advance', { seconds })));
    expect(moves.map((m) => m.status)).toEqual([200, 200, 200, 200]);
    expect(Date.parse((await t.anonymous.get('/_emulator/clock')).body.now)).toBe(TEST_START + 31_500);
    expect(receiver.received).toHaveLength(2);
  });

  it('control plane: resources created after an advance carry the new time', async () => {
    const { api } = await startEmulator();
    const before = await api.post('/v1/ledger/account_holders', accountHolderInput('holder-before'));
    expect(before.body.inserted_at).toBe('2026-03-02T12:00:00Z');

    await api.post('/_emulator/clock/advance', { seconds: 90 });

    const holder = await api.post('/v1/ledger/account_holders', accountHolderInput('holder-after'));
    expect(holder.status).toBe(201);
    expect(holder.body.inserted_at).toBe('2026-03-02T12:01:30Z');
    expect(holder.body.updated_at).toBe('2026-03-02T12:01:30Z');
    // What existed before keeps its time.
    expect((await api.get('/v1/ledger/accounts?page_size=10')).body.accounts.at(-1).inserted_at).toBe('2026-03-02T12:00:00Z');

    const control = await api.post('/v1/spending_controls', CONTROL_INPUT);
    expect(control.status).toBe(201);
    expect(control.body.inserted_at).toBe('2026-03-02T12:01:30Z');
    expect(control.body.updated_at).toBe('2026-03-02T12:01:30Z');
  });

  it('control plane: advancing by zero or by the ten-year maximum is accepted', async () => {
    const { anonymous } = await startEmulator();
    const zero = await anonymous.post('/_emulator/clock/advance', { seconds: 0 });
    expect(zero.status).toBe(200);
    expect(Date.parse(zero.body.now)).toBe(TEST_START);
    const max = await anonymous.post('/_emulator/clock/advance', { seconds: MAX_ADVANCE_SECONDS });
    expect(max.status).toBe(200);
    expect(Date.parse(max.body.now)).toBe(Date.parse('2036-02-28T12:00:00Z'));
  });

  it('control plane: on the system clock, advance answers 409 clock_not_manual', async () => {
    const { anonymous } = await startEmulator({ clock: 'system' });
    expect((await anonymous.get('/_emulator/clock')).body.mode).toBe('system');
    const res = await anonymous.post('/_emulator/clock/advance', { seconds: 90 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('409 Conflict');
    expect(res.body.errors[0].error_code).toBe('clock_not_manual');
  });

  it.each([
    ['a negative number', { seconds: -1 }, 'out_of_range'],
    ['a string', { seconds: '90' }, 'invalid_type'],
    ['null', { seconds: null }, 'invalid_type'],
    ['missing', {}, 'missing_field'],
    ['more than ten years', { seconds: MAX_ADVANCE_SECONDS + 1 }, 'out_of_range'],
  ])('control plane: advance with seconds %s answers 422 at #/seconds and leaves the clock', async (_what, body, errorCode) => {
    const { anonymous } = await startEmulator();
    const res = await anonymous.post('/_emulator/clock/advance', body);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('422 Unprocessable Content');
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0]).toMatchObject({ error_code: errorCode, path: '#/seconds' });
    expect(Date.parse((await anonymous.get('/_emulator/clock')).body.now)).toBe(TEST_START);
  });

  it('control plane: advance with no body at all answers 422 missing_field at #/seconds', async () => {
    const { anonymous } = await startEmulator();
    const res = await anonymous.post('/_emulator/clock/advance');
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ error_code: 'missing_field', path: '#/seconds' });
  });

  it('control plane: advance refuses fields it does not know', async () => {
    const { anonymous } = await startEmulator();
    const res = await anonymous.post('/_emulator/clock/advance', { seconds: 10, minutes: 5 });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ error_code: 'unknown_field', path: '#/minutes' });
    expect(Date.parse((await anonymous.get('/_emulator/clock')).body.now)).toBe(TEST_START);
  });
});

describe('POST /_emulator/reset', () => {
  it('control plane: reset forgets created cards and cardholders and restores the seeded balances', async () => {
    const { api, anonymous, seed } = await startEmulator();
    const pristine = await snapshotTenant(api);
    const card = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { initial_balance: { amount: 25_000_00, currency: 'COP' } }))).body;
    const holder = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    expect((await api.get('/v1/cards')).body.cards).toHaveLength(1);
    expect(await snapshotTenant(api)).not.toEqual(pristine);

    const res = await anonymous.post('/_emulator/reset');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');

    expect((await api.get(`/v1/cards/${card.id}`)).status).toBe(404);
    expect((await api.get(`/v1/cards/cardholders/${holder.id}`)).status).toBe(404);
    expect((await api.get('/v1/cards?state=created,active,frozen,canceled')).body.cards).toEqual([]);
    expect(await snapshotTenant(api)).toEqual(pristine);
  });

  it('control plane: reset forgets spending controls and ledger operations', async () => {
    const { api, anonymous, seed } = await startEmulator();
    const pristine = await snapshotTenant(api);
    const topUp = await api.post(`/v1/ledger/accounts/${seed.ledgerAccountId}/balance`, {
      amount: { amount: 1_000_00, currency: 'COP' },
      operation: 'topup',
      external_id: 'reset-topup-1',
    });
    expect(topUp.status).toBe(201);
    const control = await api.post('/v1/spending_controls', CONTROL_INPUT);
    expect(control.status).toBe(201);

    await anonymous.post('/_emulator/reset');

    expect(await snapshotTenant(api)).toEqual(pristine);
    expect((await api.get(`/v1/spending_controls/${control.body.id}`)).status).toBe(404);
    // The external id is free again.
    const again = await api.post(`/v1/ledger/accounts/${seed.ledgerAccountId}/balance`, {
      amount: { amount: 1_000_00, currency: 'COP' },
      operation: 'topup',
      external_id: 'reset-topup-1',
    });
    expect(again.status).toBe(201);
  });

  it('control plane: after a reset every tenant has the same seeded ids as at start', async () => {
    const { api, other, anonymous } = await startEmulator();
    const seeded = async () => ({
      accountsA: (await api.get('/v1/accounts')).body.accounts,
      accountsB: (await other.get('/v1/accounts')).body.accounts,
      configA: (await api.get('/v1/ledger/tenant/config')).body,
      configB: (await other.get('/v1/ledger/tenant/config')).body,
      ledgerA: (await api.get('/v1/ledger/accounts')).body.accounts,
      ledgerB: (await other.get('/v1/ledger/accounts')).body.accounts,
    });
    const before = await seeded();
    await api.post('/v1/ledger/account_holders', accountHolderInput('before-reset'));
    await anonymous.post('/_emulator/reset');
    const after = await seeded();
    expect(after).toEqual(before);
    expect(after.accountsA.map((a: { id: string }) => a.id)).toHaveLength(2);
  });

  it('control plane: the same seed seeds the same ids in two emulators, another seed other ids', async () => {
    const idsOf = async (options: { seed: number }) => {
      const { seed } = await startEmulator({ apiKeys: [KEY_A, KEY_B], ...options });
      return seed;
    };
    const first = await idsOf({ seed: 7 });
    const second = await idsOf({ seed: 7 });
    const third = await idsOf({ seed: 8 });
    expect(second).toEqual(first);
    expect(third.bankAccountId).not.toBe(first.bankAccountId);
    expect(third.ledgerAccountId).not.toBe(first.ledgerAccountId);
  });
});

describe('POST /_emulator/cards/{card_id}/activate', () => {
  it('control plane: activate needs the API key', async () => {
    const { api, anonymous, seed } = await startEmulator();
    const card = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { configuration_group_id: seed.plasticGroupId }))).body;
    const res = await anonymous.post(`/_emulator/cards/${card.id}/activate`);
    expect(res.status).toBe(401);
    expect(res.body.errors[0].error_code).toBe('missing_authorization_header');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect((await api.get(`/v1/cards/${card.id}`)).body.state).toBe('created');
  });

  it('control plane: activate turns a created plastic card active', async () => {
    const { api, seed } = await startEmulator();
    const card = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { configuration_group_id: seed.plasticGroupId }))).body;
    expect(card).toMatchObject({ type: 'plastic', state: 'created' });

    const res = await api.post(`/_emulator/cards/${card.id}/activate`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: card.id, type: 'plastic', state: 'active' });
    expect((await api.get(`/v1/cards/${card.id}`)).body.state).toBe('active');
    // Now it is listed with the active cards.
    expect((await api.get('/v1/cards')).body.cards.map((c: { id: string }) => c.id)).toEqual([card.id]);
  });

  it('control plane: activate answers 409 for a card that is not in state created, and leaves it as it was', async () => {
    const { api, seed } = await startEmulator();
    const virtual = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;
    const activated = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { configuration_group_id: seed.plasticGroupId }))).body;
    await api.post(`/_emulator/cards/${activated.id}/activate`);
    const frozen = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { configuration_group_id: seed.plasticGroupId }))).body;
    await api.post(`/_emulator/cards/${frozen.id}/activate`);
    expect((await api.patch(`/v1/cards/${frozen.id}`, { state: 'frozen' })).body.state).toBe('frozen');
    const canceled = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { configuration_group_id: seed.plasticGroupId }))).body;
    expect((await api.patch(`/v1/cards/${canceled.id}`, { state: 'canceled' })).body.state).toBe('canceled');

    for (const [card, state] of [
      [virtual, 'active'],
      [activated, 'active'],
      [frozen, 'frozen'],
      [canceled, 'canceled'],
    ] as const) {
      const res = await api.post(`/_emulator/cards/${card.id}/activate`);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('409 Conflict');
      expect(res.body.errors[0].error_code).toBe('invalid_state_transition');
      expect((await api.get(`/v1/cards/${card.id}`)).body.state).toBe(state);
    }
  });

  it("control plane: activate answers 404 for another tenant's card or an unknown one, 422 for a malformed id", async () => {
    const { api, other, seed } = await startEmulator();
    const card = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { configuration_group_id: seed.plasticGroupId }))).body;

    const foreign = await other.post(`/_emulator/cards/${card.id}/activate`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/card_id' });
    expect((await api.get(`/v1/cards/${card.id}`)).body.state).toBe('created');

    expect((await api.post('/_emulator/cards/car_0000000000000000000000/activate')).status).toBe(404);
    const malformed = await api.post('/_emulator/cards/card-1/activate');
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors[0]).toMatchObject({ error_code: 'invalid_format', path: '#/card_id' });
  });
});
