import { describe, expect, it } from 'vitest';
import { bankingCardInput } from '../support/fixtures.js';
import { startEmulator, type TestEmulator } from '../support/emulator.js';
import { onlyError, warningsOf } from '../support/errors.js';

type State = 'created' | 'active' | 'frozen' | 'canceled';
const STATES: readonly State[] = ['created', 'active', 'frozen', 'canceled'];

type Outcome = { status: 200 } | { status: 409; errorCode: 'invalid_state_transition' | 'card_canceled' };

/**
 * The lifecycle the contract's x-emulator note on updateCard states: active <-> frozen and any
 * state -> canceled through PATCH; created -> active only by the holder's activation; canceled is
 * terminal; asking for the current state is a no-op.
 */
function expectedOutcome(from: State, to: State): Outcome {
  if (from === to) return { status: 200 };
  if (from === 'canceled') return { status: 409, errorCode: 'card_canceled' };
  if (to === 'canceled') return { status: 200 };
  if ((from === 'active' && to === 'frozen') || (from === 'frozen' && to === 'active')) return { status: 200 };
  return { status: 409, errorCode: 'invalid_state_transition' };
}

const a = (state: State) => (state === 'active' ? `an ${state}` : `a ${state}`);

function title(from: State, to: State): string {
  const outcome = expectedOutcome(from, to);
  if (from === to) return `update card: asking ${a(from)} card to be ${to} again is a no-op`;
  if (outcome.status === 200) return `update card: ${a(from)} card can become ${to}`;
  if (outcome.errorCode === 'card_canceled') return `update card: canceled is terminal, a canceled card cannot become ${to} (409 card_canceled)`;
  return `update card: ${a(from)} card cannot become ${to} (409 invalid_state_transition)`;
}

/** A card in `state`, reached as a user would: plastic cards are born created, virtual ones active. */
async function cardIn({ api, seed }: TestEmulator, state: State) {
  if (state === 'created') {
    const plastic = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { configuration_group_id: seed.plasticGroupId }));
    expect(plastic.status).toBe(201);
    expect(plastic.body.state).toBe('created');
    return plastic.body;
  }
  const virtual = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId));
  expect(virtual.status).toBe(201);
  expect(virtual.body.state).toBe('active');
  if (state === 'active') return virtual.body;
  const moved = await api.patch(`/v1/cards/${virtual.body.id}`, { state });
  expect(moved.status).toBe(200);
  expect(moved.body.state).toBe(state);
  return moved.body;
}

async function createControl(api: TestEmulator['api'], target: 'card' | 'card_config_group' = 'card') {
  const res = await api.post('/v1/spending_controls', { target, rules: { mcc: { operation: 'allow_mccs', mccs: ['5411'] } } });
  expect(res.status).toBe(201);
  return res.body;
}

const UNKNOWN_CONTROL = 'spc_0000000000000000000000';

describe('PATCH /v1/cards/{id}: state transitions', () => {
  const pairs = STATES.flatMap((from) => STATES.map((to) => [from, to] as const));

  for (const [from, to] of pairs) {
    it(title(from, to), async () => {
      const t = await startEmulator();
      const card = await cardIn(t, from);
      const before = (await t.api.get(`/v1/cards/${card.id}`)).body;

      const res = await t.api.patch(`/v1/cards/${card.id}`, { state: to });

      const outcome = expectedOutcome(from, to);
      expect(res.status).toBe(outcome.status);
      const after = (await t.api.get(`/v1/cards/${card.id}`)).body;
      if (outcome.status === 200) {
        expect(res.body).toEqual({ ...before, state: to });
        expect(after).toEqual({ ...before, state: to });
      } else {
        expect(res.body.errors).toHaveLength(1);
        expect(res.body.errors[0]).toMatchObject({ error_code: outcome.errorCode, path: '#/state' });
        expect(after).toEqual(before);
      }
    });
  }

  it('update card: an activated plastic card freezes, unfreezes and cancels like a virtual one', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'created');
    expect((await t.api.post(`/_emulator/cards/${card.id}/activate`)).status).toBe(200);
    for (const state of ['frozen', 'active', 'frozen', 'canceled'] as const) {
      const res = await t.api.patch(`/v1/cards/${card.id}`, { state });
      expect(res.status).toBe(200);
      expect(res.body.state).toBe(state);
    }
    expect((await t.api.get(`/v1/cards/${card.id}`)).body.state).toBe('canceled');
  });
});

describe('POST /_emulator/cards/{id}/activate', () => {
  it('activate card: a created plastic card becomes active and changes in nothing else', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'created');
    const res = await t.api.post(`/_emulator/cards/${card.id}/activate`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...card, state: 'active' });
    expect((await t.api.get(`/v1/cards/${card.id}`)).body).toEqual({ ...card, state: 'active' });
  });

  for (const state of ['active', 'frozen', 'canceled'] as const) {
    it(`activate card: ${a(state)} card cannot be activated (409) and stays as it was`, async () => {
      const t = await startEmulator();
      const card = await cardIn(t, state);
      const res = await t.api.post(`/_emulator/cards/${card.id}/activate`);
      expect(res.status).toBe(409);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].error_code).toBe('invalid_state_transition');
      expect((await t.api.get(`/v1/cards/${card.id}`)).body).toEqual(card);
    });
  }

  it("activate card: another tenant's card is 404 and stays created", async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'created');
    const res = await t.other.post(`/_emulator/cards/${card.id}/activate`);
    expect(res.status).toBe(404);
    expect(res.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/card_id' });
    expect((await t.api.get(`/v1/cards/${card.id}`)).body.state).toBe('created');
  });

  it('activate card: needs an API key', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'created');
    const res = await t.anonymous.post(`/_emulator/cards/${card.id}/activate`);
    expect(res.status).toBe(401);
    expect((await t.api.get(`/v1/cards/${card.id}`)).body.state).toBe('created');
  });
});

describe('PATCH /v1/cards/{id}: nickname', () => {
  it('update card: a nickname is set, then cleared with null', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'active');
    expect(card.nickname).toBeNull();

    const named = await t.api.patch(`/v1/cards/${card.id}`, { nickname: 'Viajes' });
    expect(named.status).toBe(200);
    expect(named.body).toEqual({ ...card, nickname: 'Viajes' });
    expect((await t.api.get(`/v1/cards/${card.id}`)).body.nickname).toBe('Viajes');

    const cleared = await t.api.patch(`/v1/cards/${card.id}`, { nickname: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual(card);
    expect((await t.api.get(`/v1/cards/${card.id}`)).body.nickname).toBeNull();
  });

  it('update card: an empty or too long nickname is refused with invalid_length', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'active');
    for (const nickname of ['', 'x'.repeat(65)]) {
      const res = await t.api.patch(`/v1/cards/${card.id}`, { nickname });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_length', path: '#/nickname' })]);
    }
    expect((await t.api.get(`/v1/cards/${card.id}`)).body).toEqual(card);
  });

  it('update card: state, nickname and spending control change together in one request', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'active');
    const control = await createControl(t.api);
    const res = await t.api.patch(`/v1/cards/${card.id}`, { state: 'frozen', nickname: 'Congelada', spending_control_id: control.id });
    expect(res.status).toBe(200);
    const expected = { ...card, state: 'frozen', nickname: 'Congelada', spending_controls: { card_target: control.id, configuration_group_target: null } };
    expect(res.body).toEqual(expected);
    expect((await t.api.get(`/v1/cards/${card.id}`)).body).toEqual(expected);
  });
});

describe('PATCH /v1/cards/{id}: spending control', () => {
  it('update card: spending_control_id attaches a card control, and null detaches it', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'active');
    const control = await createControl(t.api);

    const attached = await t.api.patch(`/v1/cards/${card.id}`, { spending_control_id: control.id });
    expect(attached.status).toBe(200);
    expect(attached.body).toEqual({ ...card, spending_controls: { card_target: control.id, configuration_group_target: null } });
    expect((await t.api.get(`/v1/cards/${card.id}`)).body.spending_controls.card_target).toBe(control.id);
    expect((await t.api.get(`/v1/spending_controls/${control.id}/targets`)).body.cards.map((c: { id: string }) => c.id)).toEqual([card.id]);

    const detached = await t.api.patch(`/v1/cards/${card.id}`, { spending_control_id: null });
    expect(detached.status).toBe(200);
    expect(detached.body).toEqual(card);
    expect((await t.api.get(`/v1/cards/${card.id}`)).body.spending_controls.card_target).toBeNull();
    expect((await t.api.get(`/v1/spending_controls/${control.id}/targets`)).body.cards).toEqual([]);
  });

  it('update card: an unknown spending control is 404 at #/spending_control_id and the card keeps its control', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'active');
    const control = await createControl(t.api);
    expect((await t.api.patch(`/v1/cards/${card.id}`, { spending_control_id: control.id })).status).toBe(200);
    const before = (await t.api.get(`/v1/cards/${card.id}`)).body;

    const res = await t.api.patch(`/v1/cards/${card.id}`, { spending_control_id: UNKNOWN_CONTROL });
    expect(res.status).toBe(404);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/spending_control_id' })]);
    expect((await t.api.get(`/v1/cards/${card.id}`)).body).toEqual(before);
  });

  it("update card: another tenant's spending control is 404, as if it did not exist", async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'active');
    const foreign = await createControl(t.other);
    const res = await t.api.patch(`/v1/cards/${card.id}`, { spending_control_id: foreign.id });
    expect(res.status).toBe(404);
    expect(res.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/spending_control_id' });
    expect((await t.api.get(`/v1/cards/${card.id}`)).body).toEqual(card);
  });

  it('update card: a card_config_group control cannot be attached to a card (422 spending_control_target_mismatch)', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'active');
    const groupControl = await createControl(t.api, 'card_config_group');
    const res = await t.api.patch(`/v1/cards/${card.id}`, { spending_control_id: groupControl.id });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'spending_control_target_mismatch', path: '#/spending_control_id' })]);
    expect((await t.api.get(`/v1/cards/${card.id}`)).body).toEqual(card);
    expect((await t.api.get(`/v1/spending_controls/${groupControl.id}/targets`)).body.cards).toEqual([]);
  });

  it('update card: a malformed spending_control_id is 422 invalid_format', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'active');
    const res = await t.api.patch(`/v1/cards/${card.id}`, { spending_control_id: 'spc_short' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_format', path: '#/spending_control_id' })]);
  });
});

describe('PATCH /v1/cards/{id}: canceled cards and refused updates', () => {
  it('update card: a canceled card refuses a nickname or a spending control change too (409 card_canceled)', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'canceled');
    const control = await createControl(t.api);
    for (const patch of [{ nickname: 'Otra' }, { spending_control_id: control.id }]) {
      const res = await t.api.patch(`/v1/cards/${card.id}`, patch);
      expect(res.status).toBe(409);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].error_code).toBe('card_canceled');
      expect((await t.api.get(`/v1/cards/${card.id}`)).body).toEqual(card);
    }
    expect((await t.api.get(`/v1/spending_controls/${control.id}/targets`)).body.cards).toEqual([]);
  });

  it('update card: a canceled card accepts a request that changes nothing', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'canceled');
    const res = await t.api.patch(`/v1/cards/${card.id}`, { state: 'canceled', nickname: card.nickname, spending_control_id: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(card);
  });

  it('update card: a refused update changes nothing, not even its valid fields', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'active');

    const badControl = await t.api.patch(`/v1/cards/${card.id}`, { nickname: 'Nuevo', state: 'frozen', spending_control_id: UNKNOWN_CONTROL });
    expect(badControl.status).toBe(404);
    expect((await t.api.get(`/v1/cards/${card.id}`)).body).toEqual(card);

    const badState = await t.api.patch(`/v1/cards/${card.id}`, { nickname: 'Nuevo', state: 'created' });
    expect(badState.status).toBe(409);
    expect(badState.body.errors[0]).toMatchObject({ error_code: 'invalid_state_transition', path: '#/state' });
    expect((await t.api.get(`/v1/cards/${card.id}`)).body).toEqual(card);
  });

  it("update card: another tenant's card is 404 and stays as it was", async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'active');
    const res = await t.other.patch(`/v1/cards/${card.id}`, { state: 'canceled', nickname: 'Robada' });
    expect(res.status).toBe(404);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/card_id' })]);
    expect((await t.api.get(`/v1/cards/${card.id}`)).body).toEqual(card);
  });

  it('update card: an unknown card is 404 and a malformed id 422', async () => {
    const t = await startEmulator();
    const unknown = await t.api.patch('/v1/cards/car_0000000000000000000000', { state: 'frozen' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/card_id' });
    const malformed = await t.api.patch('/v1/cards/car_nope', { state: 'frozen' });
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors[0]).toMatchObject({ error_code: 'invalid_format', path: '#/card_id' });
  });

  it('update card: an empty body is refused with 422 and changes nothing', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'active');
    for (const body of [{}, undefined]) {
      const res = await t.api.patch(`/v1/cards/${card.id}`, body);
      expect(res.status).toBe(422);
      // No one field is wrong but the request as a whole: the contract's ErrorItem says path is null then.
      expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_value', path: null })]);
      expect((await t.api.get(`/v1/cards/${card.id}`)).body).toEqual(card);
    }
  });

  it('update card: an unknown state value is 422 invalid_value at #/state', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'active');
    for (const state of ['blocked', 'ACTIVE', 'cancelled']) {
      const res = await t.api.patch(`/v1/cards/${card.id}`, { state });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_value', path: '#/state' })]);
    }
    expect((await t.api.get(`/v1/cards/${card.id}`)).body).toEqual(card);
  });

  it('update card: a field the update does not take is ignored with a warning (the body left is empty: 422); under strict it is 422 unknown_field', async () => {
    const t = await startEmulator();
    const card = await cardIn(t, 'active');
    const lenient = await t.api.patch(`/v1/cards/${card.id}`, { last_four: '0000' });
    onlyError(lenient, 422, 'invalid_value', null);
    expect(warningsOf(lenient)).toEqual(['ignored unknown field #/last_four']);
    const renamed = await t.api.patch(`/v1/cards/${card.id}`, { last_four: '0000', nickname: 'Viajes' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ ...card, nickname: 'Viajes' });

    const s = await startEmulator({ strict: true });
    const strictCard = await cardIn(s, 'active');
    const strict = await s.api.patch(`/v1/cards/${strictCard.id}`, { last_four: '0000', nickname: 'Viajes' });
    onlyError(strict, 422, 'unknown_field', '#/last_four');
    expect(warningsOf(strict)).toEqual([]);
    expect((await s.api.get(`/v1/cards/${strictCard.id}`)).body).toEqual(strictCard);
  });
});
