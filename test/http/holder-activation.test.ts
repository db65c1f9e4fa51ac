import { describe, expect, it } from 'vitest';
import { activateLink, holderSteps, lastFourOf, newLink, wrongLastFour } from '../support/activation.js';
import { startEmulator } from '../support/emulator.js';
import { errorsByPath, onlyError } from '../support/errors.js';
import { bankingCardInput, snapshotTenant } from '../support/fixtures.js';
import { eventsOf, listenForEvents } from '../support/webhook-events.js';

describe('POST /_emulator/activation-links/{id}/activate', () => {
  it('holder activation: the card becomes active with the alias as nickname and the limit as its monthly spending control; the link is activated', async () => {
    const t = await startEmulator();
    const receiver = await listenForEvents(t, { emulatorEvents: true });
    const link = await newLink(t);
    const lastFour = await lastFourOf(t, link.card_id);

    const res = await activateLink(t, link.id, holderSteps(lastFour, { alias: '  Tarjeta de viajes  ', limit: 1_500_000 }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...link, state: 'activated' });

    const card = (await t.api.get(`/v1/cards/${link.card_id}`)).body;
    expect(card).toMatchObject({ state: 'active', nickname: 'Tarjeta de viajes' });
    const control = (await t.api.get(`/v1/spending_controls/${card.spending_controls.card_target}`)).body;
    expect(control).toMatchObject({ target: 'card', currency_code: 'COP', rules: { velocity: { monthly: { amount: 150_000_000, currency: 'COP' } } } });
    expect((await t.api.get(`/v1/spending_controls/${control.id}/list_targets`)).body.cards.map((c: { id: string }) => c.id)).toEqual([card.id]);

    const [activation] = await eventsOf(t, receiver, 'plastic_card_activation');
    // The event names an activation the API shows, as it shows it.
    expect(activation).toEqual((await t.api.get(`/v1/cards/activation_links/${link.id}`)).body);
    expect(activation!.state).toBe('activated');
    const [changed] = await eventsOf(t, receiver, 'card_state_changed');
    expect(changed).toMatchObject({ previous_state: 'created', card: { id: card.id, state: 'active', nickname: 'Tarjeta de viajes' } });
  });

  it("holder activation: the limit keeps the rules of the card's control and may lower its monthly limit, not raise it", async () => {
    const t = await startEmulator();
    const issuer = await t.api.post('/v1/spending_controls', {
      rules: { velocity: { monthly: { amount: 200_000_000, currency: 'COP' } }, card_usage: { disabled_card_usages: ['atm_withdrawal'] } },
    });
    const link = await newLink(t, { spending_control_id: issuer.body.id });
    const lastFour = await lastFourOf(t, link.card_id);

    const above = await activateLink(t, link.id, holderSteps(lastFour, { limit: 2_000_001 }));
    onlyError(above, 422, 'out_of_range', '#/limit');
    expect(above.body.errors[0].message).toContain('2000000 COP');

    expect((await activateLink(t, link.id, holderSteps(lastFour, { limit: 500_000 }))).status).toBe(200);
    const card = (await t.api.get(`/v1/cards/${link.card_id}`)).body;
    expect(card.spending_controls.card_target).not.toBe(issuer.body.id);
    const mine = (await t.api.get(`/v1/spending_controls/${card.spending_controls.card_target}`)).body;
    expect(mine.rules).toEqual({ velocity: { monthly: { amount: 50_000_000, currency: 'COP' } }, card_usage: { disabled_card_usages: ['atm_withdrawal'] } });
    // The issuer's control is left as it was, for its other cards.
    expect((await t.api.get(`/v1/spending_controls/${issuer.body.id}`)).body.rules).toEqual(issuer.body.rules);
  });

  it('holder activation: the limit is counted in the currency of the sub-account', async () => {
    const t = await startEmulator();
    const holder = (await t.api.get('/v1/ledger/accounts')).body.accounts[0].holder_id;
    const usd = (await t.api.post('/v1/ledger/accounts', { currency_code: 'USD', holder_id: holder })).body.id;
    const link = await newLink(t, { account_id: usd });
    expect((await activateLink(t, link.id, holderSteps(await lastFourOf(t, link.card_id), { limit: 800 }))).status).toBe(200);
    const card = (await t.api.get(`/v1/cards/${link.card_id}`)).body;
    const control = (await t.api.get(`/v1/spending_controls/${card.spending_controls.card_target}`)).body;
    expect(control).toMatchObject({ currency_code: 'USD', rules: { velocity: { monthly: { amount: 80_000, currency: 'USD' } } } });
  });

  it('holder activation: every problem with the steps is named at once, and nothing changes (no attempt counted)', async () => {
    const t = await startEmulator();
    const link = await newLink(t);
    const before = await snapshotTenant(t.api);
    const res = await activateLink(t, link.id, { last_four: '12a4', alias: 'Abc', limit: 1, pin: '12345', pin_confirmation: '12345' });
    expect(res.status).toBe(422);
    expect(errorsByPath(res)).toEqual({ '#/last_four': 'invalid_format', '#/alias': 'invalid_length', '#/pin': 'invalid_format' });

    const mismatch = await activateLink(t, link.id, holderSteps('1234', { pin: '1234', pin_confirmation: '4321', alias: 'Tab\there' }));
    expect(errorsByPath(mismatch)).toEqual({ '#/pin_confirmation': 'invalid_value', '#/alias': 'invalid_format' });
    onlyError(await activateLink(t, link.id, holderSteps('1234', { limit: 0 })), 422, 'out_of_range', '#/limit');
    expect(await snapshotTenant(t.api)).toEqual(before);

    // The contract types the call: a string limit or a missing PIN is refused before the steps are checked.
    const typed = await activateLink(t, link.id, { last_four: '1234', alias: 'Tarjeta', limit: '100', pin: '1234' });
    expect(errorsByPath(typed)).toEqual({ '#/limit': 'invalid_type', '#/pin_confirmation': 'missing_field' });
  });

  it('holder activation: a wrong last four is refused and counted; the third fails the link, with its webhook, and the card stays created', async () => {
    const t = await startEmulator();
    const receiver = await listenForEvents(t);
    const link = await newLink(t);
    const wrong = wrongLastFour(await lastFourOf(t, link.card_id));

    const first = await activateLink(t, link.id, holderSteps(wrong));
    onlyError(first, 422, 'invalid_value', '#/last_four');
    expect(first.body.errors[0].message).toContain('2 attempts left');
    expect((await activateLink(t, link.id, holderSteps(wrong))).body.errors[0].message).toContain('1 attempt left');
    expect((await t.api.get(`/v1/cards/activation_links/${link.id}`)).body.state).toBe('pending');

    const third = await activateLink(t, link.id, holderSteps(wrong));
    expect(third.status).toBe(200);
    expect(third.body.state).toBe('failed');
    expect((await t.api.get(`/v1/cards/${link.card_id}`)).body.state).toBe('created');
    expect(await eventsOf(t, receiver, 'plastic_card_activation')).toEqual([third.body]);

    const right = await activateLink(t, link.id, holderSteps(await lastFourOf(t, link.card_id)));
    onlyError(right, 409, 'activation_link_not_pending', null);
  });

  it('holder activation: last four 0000 fails the link and 9999 ends it in group_mismatch, each with its webhook; the card stays created', async () => {
    const t = await startEmulator();
    const receiver = await listenForEvents(t, { emulatorEvents: true });
    const failing = await newLink(t);
    const mismatched = await newLink(t);
    expect(await lastFourOf(t, failing.card_id)).not.toBe('0000');
    expect(await lastFourOf(t, mismatched.card_id)).not.toBe('9999');

    expect((await activateLink(t, failing.id, holderSteps('0000'))).body.state).toBe('failed');
    expect((await activateLink(t, mismatched.id, holderSteps('9999'))).body.state).toBe('group_mismatch');
    const events = await eventsOf(t, receiver, 'plastic_card_activation');
    expect(events.map((e) => [e.id, e.state])).toEqual([
      [failing.id, 'failed'],
      [mismatched.id, 'group_mismatch'],
    ]);
    for (const link of [failing, mismatched]) {
      expect((await t.api.get(`/v1/cards/${link.card_id}`)).body.state).toBe('created');
      expect(await eventsOf(t, receiver, 'card_state_changed')).toEqual([]);
    }
  });

  it('holder activation: a second activation of an activated link is 409, and changes nothing', async () => {
    const t = await startEmulator();
    const link = await newLink(t);
    const lastFour = await lastFourOf(t, link.card_id);
    expect((await activateLink(t, link.id, holderSteps(lastFour))).status).toBe(200);
    const before = await snapshotTenant(t.api);
    onlyError(await activateLink(t, link.id, holderSteps(lastFour, { alias: 'Otra tarjeta' })), 409, 'activation_link_not_pending', null);
    expect(await snapshotTenant(t.api)).toEqual(before);
  });

  it('holder activation: a card canceled meanwhile cannot be activated (409 card_canceled); the link stays pending', async () => {
    const t = await startEmulator();
    const link = await newLink(t);
    const lastFour = await lastFourOf(t, link.card_id);
    await t.api.patch(`/v1/cards/${link.card_id}`, { state: 'canceled' });
    onlyError(await activateLink(t, link.id, holderSteps(lastFour)), 409, 'card_canceled', null);
    expect((await t.api.get(`/v1/cards/activation_links/${link.id}`)).body.state).toBe('pending');
  });

  it("holder activation: unknown link 404, another tenant's link 404, malformed id 422, no key 401", async () => {
    const t = await startEmulator();
    const link = await newLink(t);
    const steps = holderSteps('1234');
    onlyError(await activateLink(t, 'pca_0000000000000000000000', steps), 404, 'item_not_found', '#/plastic_card_activation_id');
    onlyError(await t.other.post(`/_emulator/activation-links/${link.id}/activate`, steps), 404, 'item_not_found', '#/plastic_card_activation_id');
    onlyError(await activateLink(t, 'pca_short', steps), 422, 'invalid_format', '#/plastic_card_activation_id');
    expect((await t.anonymous.post(`/_emulator/activation-links/${link.id}/activate`, steps)).status).toBe(401);
  });
});

describe('POST /_emulator/cards/{id}/activate (the holder activates in the app)', () => {
  it("activate card: a card with a pending link ends that link activated, and the event names it", async () => {
    const t = await startEmulator();
    const receiver = await listenForEvents(t);
    const link = await newLink(t, { nickname: 'Nombre del enlace' });
    const res = await t.api.post(`/_emulator/cards/${link.card_id}/activate`);
    expect(res.body).toMatchObject({ id: link.card_id, state: 'active', nickname: 'Nombre del enlace' });
    const shown = (await t.api.get(`/v1/cards/activation_links/${link.id}`)).body;
    expect(shown.state).toBe('activated');
    expect(await eventsOf(t, receiver, 'plastic_card_activation')).toEqual([shown]);
    expect((await t.api.get('/v1/cards/activation_links')).body.pagination.total_items).toBe(1);
  });

  it('activate card: a plastic card made without a link gets an activation of its own, retrievable and listed', async () => {
    const t = await startEmulator();
    const receiver = await listenForEvents(t);
    const card = (await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId, { configuration_group_id: t.seed.plasticGroupId, nickname: 'Física' }))).body;
    expect((await t.api.post(`/_emulator/cards/${card.id}/activate`)).status).toBe(200);
    const [event] = await eventsOf(t, receiver, 'plastic_card_activation');
    const shown = await t.api.get(`/v1/cards/activation_links/${event!.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual(event);
    expect(shown.body).toMatchObject({ card_id: card.id, account_id: t.seed.bankAccountId, cardholder_id: card.cardholder_id, nickname: 'Física', state: 'activated' });
    expect((await t.api.get('/v1/cards/activation_links')).body.plastic_card_activations).toEqual([shown.body]);
  });
});
