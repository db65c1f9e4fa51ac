import luhn from 'luhn';
import { describe, expect, it } from 'vitest';
import { CardNetworkError, type CardNetwork } from '../../emulator/index.js';
import { bankingCardInput, cardholderInput, snapshotTenant } from '../support/fixtures.js';
import { startEmulator } from '../support/emulator.js';
import { errorsByPath } from '../support/errors.js';

describe('POST /v1/cards (banking cards)', () => {
  it('create card: a card of the default (virtual) group is born active, with only its last four digits shown', async () => {
    const { api, seed } = await startEmulator();
    const res = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { nickname: 'Viajes' }));

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      account_id: seed.bankAccountId,
      configuration_group_id: seed.virtualGroupId,
      type: 'virtual',
      state: 'active',
      nickname: 'Viajes',
      initial_balance: null,
      spending_controls: { card_target: null, configuration_group_target: null },
      cardholder: { first_name: 'Dennis', document: { type: 'CC', country_code: 'CO', person_type: 'natural' } },
    });
    expect(res.body.cardholder_id).toBe(res.body.cardholder.id);
    expect(res.body.masked_pan.endsWith(res.body.last_four)).toBe(true);
    expect(res.body.masked_pan).toMatch(/^411111\*{6}\d{4}$/);
  });

  it('create card: a plastic group gives a plastic card born created', async () => {
    const { api, seed } = await startEmulator();
    const res = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { configuration_group_id: seed.plasticGroupId }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'plastic', state: 'created', configuration_group_id: seed.plasticGroupId });
  });

  it('create card: the full card number and CVV never appear in any JSON answer', async () => {
    const { api, seed } = await startEmulator();
    const created = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId));
    const answers = [
      created.text,
      (await api.get(`/v1/cards/${created.body.id}`)).text,
      (await api.get('/v1/cards')).text,
      (await api.patch(`/v1/cards/${created.body.id}`, { state: 'frozen' })).text,
    ];
    for (const text of answers) {
      const digitRuns = text.match(/\d{12,19}/g) ?? [];
      expect(digitRuns.filter((run) => luhn.validate(run) && run.startsWith('4'))).toEqual([]);
    }
  });

  it('create card: the card number, CVV and expiry a known network issued appear in no JSON answer, at any depth, under any key', async () => {
    const pan = '4111117392640587';
    const issued = { pan, expMonth: 11, expYear: 2031, cvv: '987', tokenReference: 'tok_known_for_tests' };
    const { api, seed } = await startEmulator({ cardNetwork: { provision: () => Promise.resolve(issued) } });
    const created = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId));
    expect(created.status).toBe(201);
    const answers = [
      created.body,
      (await api.get(`/v1/cards/${created.body.id}`)).body,
      (await api.get('/v1/cards')).body,
      (await api.patch(`/v1/cards/${created.body.id}`, { state: 'frozen' })).body,
      (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId), { headers: { 'x-idempotency-key': 'k' } })).body,
      (await api.post('/v1/cards', { ...bankingCardInput(seed.bankAccountId), nickname: 7 })).body,
    ];
    const leaks: string[] = [];
    const walk = (value: unknown, at: string): void => {
      if (Array.isArray(value)) return value.forEach((item, i) => walk(item, `${at}[${i}]`));
      if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          if (/cvv|cvc|exp|^pan$|token_ref/i.test(key)) leaks.push(`${at}.${key}`);
          walk(item, `${at}.${key}`);
        }
        return;
      }
      const text = String(value);
      if (text.includes(pan) || text.includes(issued.tokenReference) || text === issued.cvv || text === String(issued.expYear) || /\b11\/(20)?31\b/.test(text)) leaks.push(`${at} = ${text}`);
    };
    answers.forEach((body, i) => walk(body, `answer${i}`));
    expect(leaks).toEqual([]);
    // The card shows its last four digits, which is all it may show.
    expect(created.body.last_four).toBe(pan.slice(-4));
  });

  it('create card: initial_balance moves from the bank account onto the card', async () => {
    const { api, seed } = await startEmulator();
    const before = (await api.get(`/v1/accounts/${seed.bankAccountId}/balances`)).body.available.amount;
    const res = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { initial_balance: { amount: 150_000_00, currency: 'COP' } }));
    expect(res.status).toBe(201);
    expect(res.body.initial_balance).toEqual({ amount: 150_000_00, currency: 'COP' });
    const after = (await api.get(`/v1/accounts/${seed.bankAccountId}/balances`)).body.available.amount;
    expect(after).toBe(before - 150_000_00);
  });

  it('create card: an initial balance above the account balance is refused and moves nothing', async () => {
    const { api, seed } = await startEmulator();
    const snapshot = await snapshotTenant(api);
    const res = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { initial_balance: { amount: 9_000_000_000_000, currency: 'COP' } }));
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ error_code: 'insufficient_funds', path: '#/initial_balance/amount' });
    expect(await snapshotTenant(api)).toEqual(snapshot);
  });

  it('create card: every invalid field is named with its path, and nothing is created (strict, so the unknown field is one of them)', async () => {
    const { api, seed } = await startEmulator({ strict: true });
    const snapshot = await snapshotTenant(api);
    const res = await api.post('/v1/cards', {
      account_id: 'acc_short',
      cardholder: cardholderInput({ email: 'not-an-email', nationality: 'XX', first_name: 'D', phone_number: 3001234567, extra: true }),
      initial_balance: { amount: -5, currency: 'USD' },
      nickname: 'x'.repeat(65),
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('422 Unprocessable Content');
    expect(res.body.message).toBe('Validation errors');
    expect(res.body.id).toMatch(/^log_[0-9A-Za-z]{22}$/);
    const byPath = errorsByPath(res);
    expect(byPath).toEqual({
      '#/account_id': 'invalid_format',
      '#/cardholder/email': 'invalid_format',
      '#/cardholder/nationality': 'invalid_value',
      '#/cardholder/first_name': 'invalid_length',
      '#/cardholder/phone_number': 'invalid_type',
      '#/cardholder/extra': 'unknown_field',
      '#/initial_balance/amount': 'out_of_range',
      '#/initial_balance/currency': 'invalid_value',
      '#/nickname': 'invalid_length',
    });
    expect(await snapshotTenant(api)).toEqual(snapshot);
    void seed;
  });

  it('create card: missing required fields answer missing_field, one per field', async () => {
    const { api } = await startEmulator();
    const res = await api.post('/v1/cards', {});
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['#/account_id', '#/cardholder']);
    expect(res.body.errors.every((e: { error_code: string }) => e.error_code === 'missing_field')).toBe(true);
  });

  it("create card: an account or group of another tenant answers 404 as if it did not exist", async () => {
    const { api, other, seed } = await startEmulator();
    const res = await other.post('/v1/cards', bankingCardInput(seed.bankAccountId));
    expect(res.status).toBe(404);
    expect(res.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/account_id' });

    const otherConfig = (await other.get('/v1/ledger/tenant/config')).body;
    const foreignGroup = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { configuration_group_id: otherConfig.card_configuration_groups[0].id }));
    expect(foreignGroup.status).toBe(404);
    expect(foreignGroup.body.errors[0].path).toBe('#/configuration_group_id');
  });

  it('create card: the cardholder rules the schema cannot say are enforced (document type by country, birthdate)', async () => {
    const { api, seed } = await startEmulator();
    const res = await api.post(
      '/v1/cards',
      bankingCardInput(seed.bankAccountId, {
        cardholder: cardholderInput({ nationality: 'US', document: { type: 'CC', number: '1234567' }, birthdate: '2099-01-01' }),
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['#/cardholder/birthdate', '#/cardholder/document/type']);
  });

  it('create card: when Visa refuses, the answer is 502 and no card, holder or balance change remains', async () => {
    const failing: CardNetwork = { provision: () => Promise.reject(new CardNetworkError('declined')) };
    const { api, seed } = await startEmulator({ cardNetwork: failing });
    const snapshot = await snapshotTenant(api);
    const res = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { initial_balance: { amount: 100, currency: 'COP' } }));
    expect(res.status).toBe(502);
    expect(res.body.errors[0].error_code).toBe('card_network_error');
    expect(await snapshotTenant(api)).toEqual(snapshot);
  });

  it('create card: an unavailable network answers 503 and one that times out 504, and neither leaves anything behind', async () => {
    for (const [failure, status, code] of [
      ['unavailable', 503, 'service_is_unavailable'],
      ['timeout', 504, 'card_network_timeout'],
    ] as const) {
      const { api, seed } = await startEmulator({ cardNetwork: { provision: () => Promise.reject(new CardNetworkError(failure)) } });
      const snapshot = await snapshotTenant(api);
      const res = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { initial_balance: { amount: 1_000, currency: 'COP' } }));
      expect(res.status).toBe(status);
      expect(res.body.errors[0].error_code).toBe(code);
      // Nothing created, nothing debited.
      expect(await snapshotTenant(api)).toEqual(snapshot);
    }
  });

  it('create card: a slow tokenization step delays the answer but still creates the card', async () => {
    const { api, seed } = await startEmulator({ tokenizationLatencyMs: 40 });
    const started = performance.now();
    const res = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId));
    expect(res.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });
});

describe('GET /v1/cards/{id}', () => {
  it('get card: answers the card as created', async () => {
    const { api, seed } = await startEmulator();
    const created = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;
    const res = await api.get(`/v1/cards/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created);
  });

  it("get card: another tenant's card is 404, a malformed id 422, an unknown one 404", async () => {
    const { api, other, seed } = await startEmulator();
    const created = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;
    expect((await other.get(`/v1/cards/${created.id}`)).status).toBe(404);
    const malformed = await api.get('/v1/cards/car_..%2F..%2Fetc');
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors[0]).toMatchObject({ error_code: 'invalid_format', path: '#/card_id' });
    const unknown = await api.get('/v1/cards/car_0000000000000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/card_id' });
  });
});
