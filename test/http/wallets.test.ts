import { describe, expect, it } from 'vitest';
import { startEmulator, TEST_START, iso, type TestEmulator } from '../support/emulator.js';
import { onlyError } from '../support/errors.js';
import { bankingCardInput, cardholderInput } from '../support/fixtures.js';
import { eventsOf, listenForEvents } from '../support/webhook-events.js';

const APPLE = { certificates: ['MIIEPDCCA+KgAwIBAgICEAAwCQYHKoZIzj', 'MIIDZjCCAw2gAwIBAgIJAJx22AGaEPSgMA'], nonce: 'a1b2c3d4', nonce_signature: 'f6e5d4c3b2a1' };
const GOOGLE = { device_id: 'device-7f3a', wallet_account_id: 'wallet-91b2' };

async function activeCard(t: TestEmulator, document?: { type: string; number: string }) {
  const res = await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId, document ? { cardholder: cardholderInput({ document }) } : {}));
  expect(res.status).toBe(201);
  return res.body;
}

const applePay = (t: TestEmulator, cardId: string, body: unknown = APPLE) => t.api.post(`/v1/cards/${cardId}/token-provisioning/apple-pay`, body);
const googlePay = (t: TestEmulator, cardId: string, body: unknown = GOOGLE) => t.api.post(`/v1/cards/${cardId}/token-provisioning/google-pay`, body);

describe('digital wallet token provisioning', () => {
  it("apple pay: an active card gets the three values PassKit takes, opaque base64, the key shaped like an uncompressed P-256 point", async () => {
    const t = await startEmulator();
    const card = await activeCard(t);
    const res = await applePay(t, card.id);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['activation_data', 'encrypted_pass_data', 'ephemeral_public_key']);
    const key = Buffer.from(res.body.ephemeral_public_key, 'base64');
    expect(key).toHaveLength(65);
    expect(key[0]).toBe(4);
    expect(Buffer.from(res.body.activation_data, 'base64').length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(res.body.encrypted_pass_data, 'base64').length).toBeGreaterThanOrEqual(128);
    // The same request gets the same values; another nonce or another card gets others.
    expect((await applePay(t, card.id)).body).toEqual(res.body);
    expect((await applePay(t, card.id, { ...APPLE, nonce: 'ffff0000' })).body.activation_data).not.toBe(res.body.activation_data);
    expect((await applePay(t, (await activeCard(t)).id)).body.activation_data).not.toBe(res.body.activation_data);
  });

  it('google pay: an active card gets an opaque payment card (base64url)', async () => {
    const t = await startEmulator();
    const card = await activeCard(t);
    const res = await googlePay(t, card.id);
    expect(res.status).toBe(200);
    expect(res.body.opc).toMatch(/^[A-Za-z0-9_-]{200,}$/);
    expect((await googlePay(t, card.id, { ...GOOGLE, device_id: 'another-device' })).body.opc).not.toBe(res.body.opc);
  });

  it('wallets: the card number and CVV never appear in what is answered', async () => {
    const t = await startEmulator();
    const card = await activeCard(t);
    const look = new URL((await t.api.get(`/v1/cards/${card.id}/look`)).body.url);
    const page = (await t.anonymous.get(`${look.pathname}${look.search}`)).text;
    const pan = /data-field="pan">([\d ]+)</.exec(page)![1]!.replace(/ /g, '');
    for (const res of [await applePay(t, card.id), await googlePay(t, card.id)]) {
      expect(res.text).not.toContain(pan);
      for (const value of Object.values(res.body) as string[]) expect(Buffer.from(value, 'base64').toString('latin1')).not.toContain(pan);
    }
  });

  it('wallets: a frozen or created card is 409 card_not_active, a canceled one 409 card_canceled, and nothing is sent', async () => {
    const t = await startEmulator();
    const receiver = await listenForEvents(t);
    const frozen = await activeCard(t, { type: 'CC', number: '999123700' });
    await t.api.patch(`/v1/cards/${frozen.id}`, { state: 'frozen' });
    const created = (await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId, { configuration_group_id: t.seed.plasticGroupId }))).body;
    const canceled = await activeCard(t);
    await t.api.patch(`/v1/cards/${canceled.id}`, { state: 'canceled' });
    for (const provision of [applePay, googlePay]) {
      onlyError(await provision(t, frozen.id), 409, 'card_not_active', '#/card_id');
      onlyError(await provision(t, created.id), 409, 'card_not_active', '#/card_id');
      onlyError(await provision(t, canceled.id), 409, 'card_canceled', '#/card_id');
    }
    expect(await eventsOf(t, receiver, 'card_token_otp')).toEqual([]);
  });

  it("wallets: an unknown or another tenant's card is 404, a malformed body 422 at its field", async () => {
    const t = await startEmulator();
    const theirs = (await t.other.post('/v1/cards', bankingCardInput((await t.other.get('/v1/accounts')).body.accounts[0].id))).body;
    onlyError(await applePay(t, theirs.id), 404, 'item_not_found', '#/card_id');
    onlyError(await googlePay(t, 'car_0000000000000000000000'), 404, 'item_not_found', '#/card_id');
    const card = await activeCard(t);
    onlyError(await applePay(t, card.id, { ...APPLE, certificates: [] }), 422, 'invalid_length', '#/certificates');
    onlyError(await applePay(t, card.id, { certificates: APPLE.certificates, nonce: 'x' }), 422, 'missing_field', '#/nonce_signature');
    onlyError(await googlePay(t, card.id, { device_id: 'd' }), 422, 'missing_field', '#/wallet_account_id');
    onlyError(await googlePay(t, card.id, { ...GOOGLE, device_id: '' }), 422, 'invalid_length', '#/device_id');
  });

  it('wallets: a holder whose document starts with 999 and ends with 700 needs an OTP, sent as card_token_otp (the emulator\'s payload)', async () => {
    const t = await startEmulator();
    const receiver = await listenForEvents(t);
    const card = await activeCard(t, { type: 'CC', number: '999123700' });
    expect((await applePay(t, card.id)).status).toBe(200);
    expect((await googlePay(t, card.id)).status).toBe(200);
    const events = await eventsOf(t, receiver, 'card_token_otp');
    expect(events).toEqual([
      {
        card_id: card.id,
        account_id: t.seed.bankAccountId,
        cardholder_id: card.cardholder_id,
        last_four: card.last_four,
        wallet: 'apple_pay',
        otp: expect.stringMatching(/^\d{6}$/),
        expires_at: iso(TEST_START + 10 * 60_000),
        inserted_at: iso(TEST_START),
      },
      expect.objectContaining({ card_id: card.id, wallet: 'google_pay', otp: expect.stringMatching(/^\d{6}$/) }),
    ]);
    // Holders with other documents provision without one.
    await applePay(t, (await activeCard(t)).id);
    expect(await eventsOf(t, receiver, 'card_token_otp')).toHaveLength(2);
  });
});
