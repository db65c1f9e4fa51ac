import { describe, expect, it } from 'vitest';
import type { ManualClock } from '../../emulator/index.js';
import { bankingCardInput } from '../support/fixtures.js';
import { startEmulator, iso, TEST_START, type TestEmulator } from '../support/emulator.js';
import { errorsByPath, warningsOf } from '../support/errors.js';

type Client = TestEmulator['api'];

const MCC = { operation: 'allow_mccs', mccs: ['5411'] };
const VELOCITY = { daily: { amount: 500_000_00, currency: 'COP' }, monthly: { amount: 5_000_000_00, currency: 'COP' } };
const UNKNOWN_CONTROL = 'spc_0000000000000000000000';
const UNKNOWN_CARD = 'car_0000000000000000000000';
const UNKNOWN_GROUP = 'ccg_0000000000000000000000';


async function createControl(api: Client, body: Record<string, unknown> = { rules: { mcc: MCC } }) {
  const res = await api.post('/v1/spending_controls', body);
  expect(res.status).toBe(201);
  return res.body;
}

async function newCard(t: TestEmulator, kind: 'virtual' | 'plastic' = 'virtual') {
  const group = kind === 'virtual' ? t.seed.virtualGroupId : t.seed.plasticGroupId;
  const res = await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId, { configuration_group_id: group }));
  expect(res.status).toBe(201);
  return res.body;
}

const cardControls = async (api: Client, cardId: string) => (await api.get(`/v1/cards/${cardId}`)).body.spending_controls;
/** The ids of the cards a control applies to, as `…/targets` lists them. */
const targetsOf = async (api: Client, controlId: string) =>
  (await api.get(`/v1/spending_controls/${controlId}/targets?page_size=500`)).body.cards.map((card: { id: string }) => card.id);
const controlIds = (res: { body: { spending_controls: Array<{ id: string }> } }) => res.body.spending_controls.map((c) => c.id);
const advance = (t: TestEmulator, ms: number) => (t.emulator.clock as ManualClock).advance(ms);

describe('POST /v1/spending_controls', () => {
  it('create spending control: currency COP and target card by default, no nickname, rules as sent', async () => {
    const { api } = await startEmulator();
    const res = await api.post('/v1/spending_controls', { rules: { mcc: MCC } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^spc_[0-9A-Za-z]{22}$/),
      nickname: null,
      currency_code: 'COP',
      target: 'card',
      rules: { mcc: MCC },
      inserted_at: iso(TEST_START),
      updated_at: iso(TEST_START),
    });
    expect((await api.get(`/v1/spending_controls/${res.body.id}`)).body).toEqual(res.body);
  });

  it('create spending control: nickname, currency, target and every kind of rule are kept as sent', async () => {
    const { api } = await startEmulator();
    const rules = {
      card_usage: { disabled_card_usages: ['online_purchase', 'atm_withdrawal'] },
      mcc: { operation: 'deny_mccs', mccs: ['7995', '5933'] },
      merchant_name: { operation: 'allow_pattern', regex: '^AMAZON.*' },
      mid: { operation: 'allow_mids', mids: ['012345678'] },
      velocity: { daily: { amount: 100_00, currency: 'USD' }, weekly: { amount: 500_00, currency: 'USD' }, monthly: { amount: 1_000_00, currency: 'USD' } },
      withdrawal_velocity: { daily: { amount: 50_00, currency: 'USD' }, monthly: { amount: 200_00, currency: 'USD' } },
    };
    const res = await api.post('/v1/spending_controls', { nickname: 'Holiday Spending Control', currency_code: 'USD', target: 'card_config_group', rules });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ nickname: 'Holiday Spending Control', currency_code: 'USD', target: 'card_config_group', rules });
    expect((await api.get(`/v1/spending_controls/${res.body.id}`)).body).toEqual(res.body);
  });

  it('create spending control: rules are required, with at least one rule', async () => {
    const { api } = await startEmulator();
    const missing = await api.post('/v1/spending_controls', { nickname: 'Sin reglas' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([expect.objectContaining({ error_code: 'missing_field', path: '#/rules' })]);

    const empty = await api.post('/v1/spending_controls', { rules: {} });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_value', path: '#/rules' })]);

    expect((await api.get('/v1/spending_controls')).body.spending_controls).toEqual([]);
  });

  it('create spending control: an unknown rule key is ignored with a warning; under strict it is 422 unknown_field at its path', async () => {
    const body = { rules: { mcc: MCC, per_transaction: { amount: 100, currency: 'COP' } } };
    const { api } = await startEmulator();
    const lenient = await api.post('/v1/spending_controls', body);
    expect(lenient.status).toBe(201);
    expect(lenient.body.rules).toEqual({ mcc: MCC });
    expect(warningsOf(lenient)).toEqual(['ignored unknown field #/rules/per_transaction']);

    const strict = (await startEmulator({ strict: true })).api;
    const res = await strict.post('/v1/spending_controls', body);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'unknown_field', path: '#/rules/per_transaction' })]);
    expect((await strict.get('/v1/spending_controls')).body.spending_controls).toEqual([]);
  });

  it('create spending control: a limit in another currency than the control is 422 currency_mismatch at its exact path', async () => {
    const { api } = await startEmulator();
    const res = await api.post('/v1/spending_controls', {
      rules: { velocity: { daily: { amount: 100_00, currency: 'USD' }, weekly: { amount: 500_000_00, currency: 'COP' } } },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'currency_mismatch', path: '#/rules/velocity/daily/currency' })]);
    expect((await api.get('/v1/spending_controls')).body.spending_controls).toEqual([]);
  });

  it('create spending control: every mismatched limit is named, in velocity and withdrawal_velocity alike', async () => {
    const { api } = await startEmulator();
    const res = await api.post('/v1/spending_controls', {
      currency_code: 'EUR',
      target: 'card_config_group',
      rules: {
        velocity: { daily: { amount: 100_00, currency: 'EUR' }, monthly: { amount: 900_00, currency: 'USD' } },
        withdrawal_velocity: { monthly: { amount: 100_000_00, currency: 'COP' } },
      },
    });
    expect(res.status).toBe(422);
    const byPath = errorsByPath(res);
    expect(byPath).toEqual({
      '#/rules/velocity/monthly/currency': 'currency_mismatch',
      '#/rules/withdrawal_velocity/monthly/currency': 'currency_mismatch',
    });
    expect((await api.get('/v1/spending_controls?target=card_config_group')).body.spending_controls).toEqual([]);
  });

  it('create spending control: a merchant_name regex that does not compile is 422 invalid_format', async () => {
    const { api } = await startEmulator();
    const res = await api.post('/v1/spending_controls', { rules: { merchant_name: { operation: 'allow_pattern', regex: '^AMAZON([a-z' } } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_format', path: '#/rules/merchant_name/regex' })]);
    expect((await api.get('/v1/spending_controls')).body.spending_controls).toEqual([]);
  });

  it('create spending control: an mcc that is not four digits is 422 invalid_format at its index', async () => {
    const { api } = await startEmulator();
    for (const [mccs, index] of [
      [['541'], 0],
      [['5411', '54111'], 1],
      [['5411', '7995', 'ab12'], 2],
    ] as const) {
      const res = await api.post('/v1/spending_controls', { rules: { mcc: { operation: 'allow_mccs', mccs } } });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_format', path: `#/rules/mcc/mccs/${index}` })]);
    }
    expect((await api.get('/v1/spending_controls')).body.spending_controls).toEqual([]);
  });

  it('create spending control: an unknown target or currency is 422 invalid_value', async () => {
    const { api } = await startEmulator();
    const res = await api.post('/v1/spending_controls', { target: 'account', currency_code: 'ARS', rules: { mcc: MCC } });
    expect(res.status).toBe(422);
    const byPath = errorsByPath(res);
    expect(byPath).toEqual({ '#/target': 'invalid_value', '#/currency_code': 'invalid_value' });
  });
});

describe('GET /v1/spending_controls', () => {
  it('list spending controls: card controls by default, newest first; card_config_group on request', async () => {
    const t = await startEmulator();
    const firstCard = await createControl(t.api);
    advance(t, 1000);
    const group = await createControl(t.api, { target: 'card_config_group', rules: { mcc: MCC } });
    advance(t, 1000);
    const secondCard = await createControl(t.api, { target: 'card', rules: { mcc: MCC } });

    const byDefault = await t.api.get('/v1/spending_controls');
    expect(byDefault.status).toBe(200);
    expect(byDefault.body.spending_controls).toEqual([secondCard, firstCard]);
    expect(byDefault.body.pagination).toEqual({ page_number: 1, page_size: 10, total_items: 2, total_pages: 1 });

    expect(controlIds(await t.api.get('/v1/spending_controls?target=card'))).toEqual([secondCard.id, firstCard.id]);
    const groups = await t.api.get('/v1/spending_controls?target=card_config_group');
    expect(groups.body.spending_controls).toEqual([group]);
    expect(groups.body.pagination.total_items).toBe(1);
  });

  it('list spending controls: pages walk every control once, and a page beyond the end is empty', async () => {
    const t = await startEmulator();
    const created: string[] = [];
    for (let i = 0; i < 12; i++) {
      advance(t, 1000);
      created.push((await createControl(t.api, { nickname: `Control ${i}`, rules: { mcc: MCC } })).id);
    }
    await createControl(t.api, { target: 'card_config_group', rules: { mcc: MCC } });
    const newestFirst = [...created].reverse();

    const first = await t.api.get('/v1/spending_controls');
    expect(controlIds(first)).toEqual(newestFirst.slice(0, 10));
    expect(first.body.pagination).toEqual({ page_number: 1, page_size: 10, total_items: 12, total_pages: 2 });

    const second = await t.api.get('/v1/spending_controls?page_number=2');
    expect(controlIds(second)).toEqual(newestFirst.slice(10));
    expect(second.body.pagination).toEqual({ page_number: 2, page_size: 10, total_items: 12, total_pages: 2 });

    const beyond = await t.api.get('/v1/spending_controls?page_number=3');
    expect(beyond.body.spending_controls).toEqual([]);
    expect(beyond.body.pagination).toEqual({ page_number: 3, page_size: 10, total_items: 12, total_pages: 2 });

    const all = await t.api.get('/v1/spending_controls?page_size=500');
    expect(controlIds(all)).toEqual(newestFirst);
  });

  it('list spending controls: a renamed control keeps its place in the list', async () => {
    const t = await startEmulator();
    const older = await createControl(t.api);
    advance(t, 1000);
    const newer = await createControl(t.api);
    advance(t, 1000);
    expect((await t.api.patch(`/v1/spending_controls/${older.id}`, { nickname: 'Renombrado' })).status).toBe(200);
    expect(controlIds(await t.api.get('/v1/spending_controls'))).toEqual([newer.id, older.id]);
  });

  it('list spending controls: bad query values are 422 naming the parameter', async () => {
    const { api } = await startEmulator();
    for (const [query, path, code] of [
      ['target=account', '#/target', 'invalid_value'],
      ['page_size=9', '#/page_size', 'out_of_range'],
      ['page_size=501', '#/page_size', 'out_of_range'],
      ['page_number=0', '#/page_number', 'out_of_range'],
    ] as const) {
      const res = await api.get(`/v1/spending_controls?${query}`);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ error_code: code, path })]);
    }
  });

  it("list spending controls: another tenant's controls are never listed", async () => {
    const t = await startEmulator();
    await createControl(t.api);
    await createControl(t.api, { target: 'card_config_group', rules: { mcc: MCC } });
    const theirs = await createControl(t.other);
    expect(controlIds(await t.other.get('/v1/spending_controls'))).toEqual([theirs.id]);
    expect((await t.other.get('/v1/spending_controls?target=card_config_group')).body.spending_controls).toEqual([]);
  });
});

describe('GET, PATCH and DELETE /v1/spending_controls/{id}', () => {
  it('get spending control: an unknown id is 404, a malformed one 422', async () => {
    const { api } = await startEmulator();
    const unknown = await api.get(`/v1/spending_controls/${UNKNOWN_CONTROL}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/spending_control_id' })]);
    const malformed = await api.get('/v1/spending_controls/spc_nope');
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_format', path: '#/spending_control_id' })]);
  });

  it('rename spending control: PATCH sets the nickname, null clears it, and updated_at moves', async () => {
    const t = await startEmulator();
    const control = await createControl(t.api);
    advance(t, 60_000);

    const renamed = await t.api.patch(`/v1/spending_controls/${control.id}`, { nickname: 'Compras de mercado' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ ...control, nickname: 'Compras de mercado', updated_at: iso(TEST_START + 60_000) });
    expect((await t.api.get(`/v1/spending_controls/${control.id}`)).body).toEqual(renamed.body);

    const cleared = await t.api.patch(`/v1/spending_controls/${control.id}`, { nickname: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.nickname).toBeNull();
    expect(cleared.body.inserted_at).toBe(control.inserted_at);
  });

  it('rename spending control: a PATCH without nickname (as Mono\'s SDK sends when none is given) changes nothing and answers the control', async () => {
    const { api, emulator } = await startEmulator();
    const control = await createControl(api);
    await emulator.advanceClock(60_000);
    const noNickname = await api.patch(`/v1/spending_controls/${control.id}`, {});
    expect(noNickname.status).toBe(200);
    expect(noNickname.body).toEqual(control);
    expect((await api.get(`/v1/spending_controls/${control.id}`)).body).toEqual(control);
  });

  it('rename spending control: only the nickname can be changed: another field is ignored with a warning; under strict it is 422 unknown_field', async () => {
    const { api } = await startEmulator();
    const control = await createControl(api);
    const otherField = await api.patch(`/v1/spending_controls/${control.id}`, { nickname: 'Viajes', currency_code: 'USD' });
    expect(otherField.status).toBe(200);
    expect(otherField.body).toMatchObject({ nickname: 'Viajes', currency_code: control.currency_code });
    expect(warningsOf(otherField)).toEqual(['ignored unknown field #/currency_code']);

    const strict = (await startEmulator({ strict: true })).api;
    const kept = await createControl(strict);
    const refused = await strict.patch(`/v1/spending_controls/${kept.id}`, { nickname: 'Viajes', currency_code: 'USD' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ error_code: 'unknown_field', path: '#/currency_code' })]);
    expect((await strict.get(`/v1/spending_controls/${kept.id}`)).body).toEqual(kept);
  });

  it('delete spending control: answers 204, then the control is 404 and no longer listed', async () => {
    const { api } = await startEmulator();
    const control = await createControl(api);
    const kept = await createControl(api);
    const res = await api.delete(`/v1/spending_controls/${control.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');

    const gone = await api.get(`/v1/spending_controls/${control.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/spending_control_id' });
    expect((await api.delete(`/v1/spending_controls/${control.id}`)).status).toBe(404);
    expect((await api.get(`/v1/spending_controls/${control.id}/targets`)).status).toBe(404);
    expect(controlIds(await api.get('/v1/spending_controls'))).toEqual([kept.id]);
  });

  it('delete spending control: the cards it applied to show card_target null, and other controls keep theirs', async () => {
    const t = await startEmulator();
    const control = await createControl(t.api);
    const kept = await createControl(t.api);
    const first = await newCard(t);
    const second = await newCard(t);
    const third = await newCard(t);
    expect((await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: [first.id, second.id] })).status).toBe(200);
    expect((await t.api.patch(`/v1/spending_controls/${kept.id}/add_targets`, { ids: [third.id] })).status).toBe(200);

    expect((await t.api.delete(`/v1/spending_controls/${control.id}`)).status).toBe(204);
    expect(await cardControls(t.api, first.id)).toEqual({ card_target: null, configuration_group_target: null });
    expect(await cardControls(t.api, second.id)).toEqual({ card_target: null, configuration_group_target: null });
    expect(await cardControls(t.api, third.id)).toEqual({ card_target: kept.id, configuration_group_target: null });
    expect(await targetsOf(t.api, kept.id)).toEqual([third.id]);
  });

  it("delete spending control: a group control's cards show configuration_group_target null afterwards", async () => {
    const t = await startEmulator();
    const control = await createControl(t.api, { target: 'card_config_group', rules: { mcc: MCC } });
    const card = await newCard(t);
    expect((await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: [t.seed.virtualGroupId] })).status).toBe(200);
    expect((await cardControls(t.api, card.id)).configuration_group_target).toBe(control.id);

    expect((await t.api.delete(`/v1/spending_controls/${control.id}`)).status).toBe(204);
    expect(await cardControls(t.api, card.id)).toEqual({ card_target: null, configuration_group_target: null });
    expect((await newCard(t)).spending_controls).toEqual({ card_target: null, configuration_group_target: null });
  });
});

describe('PUT /v1/spending_controls/{id}/rules', () => {
  it('put rule: a rule of a new type is added beside the existing ones', async () => {
    const t = await startEmulator();
    const control = await createControl(t.api);
    advance(t, 1000);
    const res = await t.api.put(`/v1/spending_controls/${control.id}/rules`, { type: 'velocity', ...VELOCITY });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...control, rules: { mcc: MCC, velocity: VELOCITY }, updated_at: iso(TEST_START + 1000) });
    expect((await t.api.get(`/v1/spending_controls/${control.id}`)).body).toEqual(res.body);
  });

  it('put rule: a rule of a type already there replaces it whole', async () => {
    const { api } = await startEmulator();
    const control = await createControl(api, { rules: { mcc: MCC, velocity: VELOCITY } });
    const res = await api.put(`/v1/spending_controls/${control.id}/rules`, { type: 'mcc', operation: 'deny_mccs', mccs: ['7995'] });
    expect(res.status).toBe(200);
    expect(res.body.rules).toEqual({ mcc: { operation: 'deny_mccs', mccs: ['7995'] }, velocity: VELOCITY });

    const velocity = await api.put(`/v1/spending_controls/${control.id}/rules`, { type: 'velocity', weekly: { amount: 42_00, currency: 'COP' } });
    expect(velocity.status).toBe(200);
    expect(velocity.body.rules.velocity).toEqual({ weekly: { amount: 42_00, currency: 'COP' } });
    expect((await api.get(`/v1/spending_controls/${control.id}`)).body.rules).toEqual({
      mcc: { operation: 'deny_mccs', mccs: ['7995'] },
      velocity: { weekly: { amount: 42_00, currency: 'COP' } },
    });
  });

  it("put rule: a limit in another currency than the control's is 422 currency_mismatch pointing into the body sent", async () => {
    const { api } = await startEmulator();
    const control = await createControl(api);
    const res = await api.put(`/v1/spending_controls/${control.id}/rules`, {
      type: 'withdrawal_velocity',
      daily: { amount: 100_000_00, currency: 'COP' },
      monthly: { amount: 100_00, currency: 'USD' },
    });
    expect(res.status).toBe(422);
    // The PUT body is the rule itself ({type, daily, monthly}), so the offending value is at #/monthly/currency.
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'currency_mismatch', path: '#/monthly/currency' })]);
    expect((await api.get(`/v1/spending_controls/${control.id}`)).body).toEqual(control);
  });

  it('put rule: a merchant_name regex that does not compile is 422 invalid_format at #/regex', async () => {
    const { api } = await startEmulator();
    const control = await createControl(api);
    const res = await api.put(`/v1/spending_controls/${control.id}/rules`, { type: 'merchant_name', operation: 'deny_pattern', regex: '*CASINO' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_format', path: '#/regex' })]);
    expect((await api.get(`/v1/spending_controls/${control.id}`)).body).toEqual(control);
  });

  it('put rule: an unknown rule type is 422 invalid_value at #/type, a missing field 422 missing_field', async () => {
    const { api } = await startEmulator();
    const control = await createControl(api);
    const unknown = await api.put(`/v1/spending_controls/${control.id}/rules`, { type: 'per_transaction', amount: { amount: 1, currency: 'COP' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_value', path: '#/type' })]);

    const incomplete = await api.put(`/v1/spending_controls/${control.id}/rules`, { type: 'mcc', operation: 'allow_mccs' });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.errors).toEqual([expect.objectContaining({ error_code: 'missing_field', path: '#/mccs' })]);
    expect((await api.get(`/v1/spending_controls/${control.id}`)).body).toEqual(control);
  });

  it('put rule: an unknown control is 404', async () => {
    const { api } = await startEmulator();
    const res = await api.put(`/v1/spending_controls/${UNKNOWN_CONTROL}/rules`, { type: 'mcc', ...MCC });
    expect(res.status).toBe(404);
    expect(res.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/spending_control_id' });
  });
});

describe('DELETE /v1/spending_controls/{id}/rules/{type}', () => {
  it('delete rule: removes that rule and keeps the others', async () => {
    const { api } = await startEmulator();
    const control = await createControl(api, { rules: { mcc: MCC, velocity: VELOCITY, card_usage: { disabled_card_usages: ['online_purchase'] } } });
    const res = await api.delete(`/v1/spending_controls/${control.id}/rules/velocity`);
    expect(res.status).toBe(200);
    expect(res.body.rules).toEqual({ mcc: MCC, card_usage: { disabled_card_usages: ['online_purchase'] } });
    expect((await api.get(`/v1/spending_controls/${control.id}`)).body.rules).toEqual({ mcc: MCC, card_usage: { disabled_card_usages: ['online_purchase'] } });
  });

  it('delete rule: the last rule cannot be removed (422) and stays', async () => {
    const { api } = await startEmulator();
    const control = await createControl(api, { rules: { mcc: MCC, velocity: VELOCITY } });
    expect((await api.delete(`/v1/spending_controls/${control.id}/rules/mcc`)).status).toBe(200);
    const res = await api.delete(`/v1/spending_controls/${control.id}/rules/velocity`);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_value', path: '#/rule_type' })]);
    expect((await api.get(`/v1/spending_controls/${control.id}`)).body.rules).toEqual({ velocity: VELOCITY });
  });

  it('delete rule: an unknown rule type in the path is 422 invalid_value', async () => {
    const { api } = await startEmulator();
    const control = await createControl(api, { rules: { mcc: MCC, velocity: VELOCITY } });
    const res = await api.delete(`/v1/spending_controls/${control.id}/rules/per_transaction`);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_value', path: '#/rule_type' })]);
    expect((await api.get(`/v1/spending_controls/${control.id}`)).body).toEqual(control);
  });

  it('delete rule: a rule the control does not have is 404', async () => {
    const { api } = await startEmulator();
    const control = await createControl(api, { rules: { mcc: MCC, velocity: VELOCITY } });
    const res = await api.delete(`/v1/spending_controls/${control.id}/rules/merchant_name`);
    expect(res.status).toBe(404);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/rule_type' })]);
    expect((await api.get(`/v1/spending_controls/${control.id}`)).body).toEqual(control);
  });
});

describe('spending control targets', () => {
  it('add targets: card ids apply a card control to those cards, listed in the order added', async () => {
    const t = await startEmulator();
    const control = await createControl(t.api);
    const first = await newCard(t);
    const second = await newCard(t, 'plastic');
    const third = await newCard(t);

    const res = await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: [second.id, first.id] });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(control.id);
    expect((await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: [third.id] })).status).toBe(200);

    // Mono's SDK lists them at …/list_targets, its docs name …/targets: both answer the SDK's shape.
    const asSdkLists = ({ id, account_id, last_four, nickname, state }: Record<string, unknown>) => ({ id, account_id, last_four, nickname, state });
    for (const path of ['targets', 'list_targets']) {
      const listed = await t.api.get(`/v1/spending_controls/${control.id}/${path}`);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({
        cards: [second, first, third].map(asSdkLists),
        pagination: { page_number: 1, page_size: 10, total_items: 3, total_pages: 1 },
      });
    }
    expect(second).toMatchObject({ state: 'created', nickname: null });
    for (const card of [first, second, third]) {
      expect(await cardControls(t.api, card.id)).toEqual({ card_target: control.id, configuration_group_target: null });
    }
  });

  it('add targets: adding a card that is already a target changes nothing', async () => {
    const t = await startEmulator();
    const control = await createControl(t.api);
    const card = await newCard(t);
    expect((await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: [card.id] })).status).toBe(200);
    expect((await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: [card.id] })).status).toBe(200);
    expect(await targetsOf(t.api, control.id)).toEqual([card.id]);
  });

  it('list targets: pages of targets', async () => {
    const t = await startEmulator();
    const control = await createControl(t.api);
    const cards: string[] = [];
    for (let i = 0; i < 12; i++) cards.push((await newCard(t)).id);
    expect((await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: cards })).status).toBe(200);

    const first = await t.api.get(`/v1/spending_controls/${control.id}/list_targets`);
    expect(first.body.cards.map((x: { id: string }) => x.id)).toEqual(cards.slice(0, 10));
    expect(first.body.pagination).toEqual({ page_number: 1, page_size: 10, total_items: 12, total_pages: 2 });
    const second = await t.api.get(`/v1/spending_controls/${control.id}/list_targets?page_number=2`);
    expect(second.body.cards.map((x: { id: string }) => x.id)).toEqual(cards.slice(10));
    const beyond = await t.api.get(`/v1/spending_controls/${control.id}/list_targets?page_number=3`);
    expect(beyond.body.cards).toEqual([]);
    expect(beyond.body.pagination.total_items).toBe(12);
  });

  it("add targets: a card_config_group control applied to the virtual group shows on that group's cards, old and new", async () => {
    const t = await startEmulator();
    const control = await createControl(t.api, { target: 'card_config_group', rules: { velocity: VELOCITY } });
    const before = await newCard(t);
    const plastic = await newCard(t, 'plastic');

    const res = await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: [t.seed.virtualGroupId] });
    expect(res.status).toBe(200);
    // A group control applies to the group's cards: they are its targets' cards, newest first.
    expect(await targetsOf(t.api, control.id)).toEqual([before.id]);

    expect(await cardControls(t.api, before.id)).toEqual({ card_target: null, configuration_group_target: control.id });
    const after = await newCard(t);
    expect(after.spending_controls).toEqual({ card_target: null, configuration_group_target: control.id });
    expect(await cardControls(t.api, plastic.id)).toEqual({ card_target: null, configuration_group_target: null });
    expect(await targetsOf(t.api, control.id)).toEqual([after.id, before.id]);
  });

  it('add targets: a card keeps its card control and its group control side by side', async () => {
    const t = await startEmulator();
    const cardControl = await createControl(t.api);
    const groupControl = await createControl(t.api, { target: 'card_config_group', rules: { mcc: MCC } });
    const card = await newCard(t);
    expect((await t.api.patch(`/v1/spending_controls/${cardControl.id}/add_targets`, { ids: [card.id] })).status).toBe(200);
    expect((await t.api.patch(`/v1/spending_controls/${groupControl.id}/add_targets`, { ids: [t.seed.virtualGroupId] })).status).toBe(200);
    expect(await cardControls(t.api, card.id)).toEqual({ card_target: cardControl.id, configuration_group_target: groupControl.id });
  });

  it('add targets: the wrong kind of id is 422 spending_control_target_mismatch at its index, and nothing is applied', async () => {
    const t = await startEmulator();
    const cardControl = await createControl(t.api);
    const groupControl = await createControl(t.api, { target: 'card_config_group', rules: { mcc: MCC } });
    const card = await newCard(t);

    const groupOnCardControl = await t.api.patch(`/v1/spending_controls/${cardControl.id}/add_targets`, { ids: [t.seed.virtualGroupId] });
    expect(groupOnCardControl.status).toBe(422);
    expect(groupOnCardControl.body.errors).toEqual([expect.objectContaining({ error_code: 'spending_control_target_mismatch', path: '#/ids/0' })]);

    const cardOnGroupControl = await t.api.patch(`/v1/spending_controls/${groupControl.id}/add_targets`, { ids: [card.id] });
    expect(cardOnGroupControl.status).toBe(422);
    expect(cardOnGroupControl.body.errors).toEqual([expect.objectContaining({ error_code: 'spending_control_target_mismatch', path: '#/ids/0' })]);

    const mixed = await t.api.patch(`/v1/spending_controls/${cardControl.id}/add_targets`, { ids: [card.id, t.seed.plasticGroupId] });
    expect(mixed.status).toBe(422);
    expect(mixed.body.errors).toEqual([expect.objectContaining({ error_code: 'spending_control_target_mismatch', path: '#/ids/1' })]);

    expect(await targetsOf(t.api, cardControl.id)).toEqual([]);
    expect(await targetsOf(t.api, groupControl.id)).toEqual([]);
    expect(await cardControls(t.api, card.id)).toEqual({ card_target: null, configuration_group_target: null });
  });

  it('add targets: an unknown card or group is 404 at its index, and nothing is applied', async () => {
    const t = await startEmulator();
    const cardControl = await createControl(t.api);
    const groupControl = await createControl(t.api, { target: 'card_config_group', rules: { mcc: MCC } });
    const card = await newCard(t);

    const unknownCard = await t.api.patch(`/v1/spending_controls/${cardControl.id}/add_targets`, { ids: [card.id, UNKNOWN_CARD] });
    expect(unknownCard.status).toBe(404);
    expect(unknownCard.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/ids/1' })]);
    expect(await cardControls(t.api, card.id)).toEqual({ card_target: null, configuration_group_target: null });
    expect(await targetsOf(t.api, cardControl.id)).toEqual([]);

    const unknownGroup = await t.api.patch(`/v1/spending_controls/${groupControl.id}/add_targets`, { ids: [UNKNOWN_GROUP] });
    expect(unknownGroup.status).toBe(404);
    expect(unknownGroup.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/ids/0' })]);
    expect(await targetsOf(t.api, groupControl.id)).toEqual([]);
  });

  it("add targets: another tenant's card or group is 404, as if it did not exist", async () => {
    const t = await startEmulator();
    const card = await newCard(t);
    const theirCardControl = await createControl(t.other);
    const theirGroupControl = await createControl(t.other, { target: 'card_config_group', rules: { mcc: MCC } });

    const foreignCard = await t.other.patch(`/v1/spending_controls/${theirCardControl.id}/add_targets`, { ids: [card.id] });
    expect(foreignCard.status).toBe(404);
    expect(foreignCard.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/ids/0' })]);

    const foreignGroup = await t.other.patch(`/v1/spending_controls/${theirGroupControl.id}/add_targets`, { ids: [t.seed.virtualGroupId] });
    expect(foreignGroup.status).toBe(404);
    expect(foreignGroup.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/ids/0' })]);

    expect(await cardControls(t.api, card.id)).toEqual({ card_target: null, configuration_group_target: null });
  });

  it('add targets: a canceled card is 409 card_canceled', async () => {
    const t = await startEmulator();
    const control = await createControl(t.api);
    const card = await newCard(t);
    expect((await t.api.patch(`/v1/cards/${card.id}`, { state: 'canceled' })).status).toBe(200);
    const res = await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: [card.id] });
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'card_canceled', path: '#/ids/0' })]);
    expect(await targetsOf(t.api, control.id)).toEqual([]);
    expect(await cardControls(t.api, card.id)).toEqual({ card_target: null, configuration_group_target: null });
  });

  it('add targets: the body needs one to a hundred well-formed ids', async () => {
    const t = await startEmulator();
    const control = await createControl(t.api);
    const empty = await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: [] });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_length', path: '#/ids' })]);
    const tooMany = Array.from({ length: 101 }, (_, i) => `car_${String(i).padStart(22, '0')}`);
    const overLimit = await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: tooMany });
    expect(overLimit.status).toBe(422);
    expect(overLimit.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_length', path: '#/ids' })]);
    const missing = await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, {});
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([expect.objectContaining({ error_code: 'missing_field', path: '#/ids' })]);
    const malformed = await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: ['car_short'] });
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_format', path: '#/ids/0' })]);
  });

  it("remove targets: the card leaves the control's targets and shows card_target null", async () => {
    const t = await startEmulator();
    const control = await createControl(t.api);
    const leaving = await newCard(t);
    const staying = await newCard(t);
    expect((await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: [leaving.id, staying.id] })).status).toBe(200);

    const res = await t.api.delete(`/v1/spending_controls/${control.id}/remove_targets`, { ids: [leaving.id] });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(control.id);
    expect(await targetsOf(t.api, control.id)).toEqual([staying.id]);
    expect(await cardControls(t.api, leaving.id)).toEqual({ card_target: null, configuration_group_target: null });
    expect(await cardControls(t.api, staying.id)).toEqual({ card_target: control.id, configuration_group_target: null });
  });

  it("remove targets: a group leaves a group control and its cards show configuration_group_target null", async () => {
    const t = await startEmulator();
    const control = await createControl(t.api, { target: 'card_config_group', rules: { mcc: MCC } });
    const card = await newCard(t);
    expect((await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: [t.seed.virtualGroupId] })).status).toBe(200);
    const res = await t.api.delete(`/v1/spending_controls/${control.id}/remove_targets`, { ids: [t.seed.virtualGroupId] });
    expect(res.status).toBe(200);
    expect(await targetsOf(t.api, control.id)).toEqual([]);
    expect(await cardControls(t.api, card.id)).toEqual({ card_target: null, configuration_group_target: null });
  });

  it('remove targets: an id that is not a target is 422 at its index, and nothing is removed', async () => {
    const t = await startEmulator();
    const control = await createControl(t.api);
    const target = await newCard(t);
    const notTarget = await newCard(t);
    expect((await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: [target.id] })).status).toBe(200);

    const res = await t.api.delete(`/v1/spending_controls/${control.id}/remove_targets`, { ids: [target.id, notTarget.id] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_value', path: '#/ids/1' })]);
    expect(await targetsOf(t.api, control.id)).toEqual([target.id]);
    expect(await cardControls(t.api, target.id)).toEqual({ card_target: control.id, configuration_group_target: null });
  });

  it("moving a card to another control (add_targets) removes it from the first control's targets", async () => {
    const t = await startEmulator();
    const first = await createControl(t.api);
    const second = await createControl(t.api);
    const card = await newCard(t);
    const neighbour = await newCard(t);
    expect((await t.api.patch(`/v1/spending_controls/${first.id}/add_targets`, { ids: [card.id, neighbour.id] })).status).toBe(200);

    expect((await t.api.patch(`/v1/spending_controls/${second.id}/add_targets`, { ids: [card.id] })).status).toBe(200);
    expect(await targetsOf(t.api, first.id)).toEqual([neighbour.id]);
    expect(await targetsOf(t.api, second.id)).toEqual([card.id]);
    expect((await cardControls(t.api, card.id)).card_target).toBe(second.id);
    expect((await cardControls(t.api, neighbour.id)).card_target).toBe(first.id);
  });

  it("moving a card to another control (PATCH /v1/cards) removes it from the first control's targets", async () => {
    const t = await startEmulator();
    const first = await createControl(t.api);
    const second = await createControl(t.api);
    const card = await newCard(t);
    expect((await t.api.patch(`/v1/spending_controls/${first.id}/add_targets`, { ids: [card.id] })).status).toBe(200);

    const moved = await t.api.patch(`/v1/cards/${card.id}`, { spending_control_id: second.id });
    expect(moved.status).toBe(200);
    expect(moved.body.spending_controls.card_target).toBe(second.id);
    expect(await targetsOf(t.api, first.id)).toEqual([]);
    expect(await targetsOf(t.api, second.id)).toEqual([card.id]);
  });

  it("moving a group to another group control removes it from the first control's targets", async () => {
    const t = await startEmulator();
    const first = await createControl(t.api, { target: 'card_config_group', rules: { mcc: MCC } });
    const second = await createControl(t.api, { target: 'card_config_group', rules: { mcc: MCC } });
    const card = await newCard(t);
    expect((await t.api.patch(`/v1/spending_controls/${first.id}/add_targets`, { ids: [t.seed.virtualGroupId] })).status).toBe(200);
    expect((await t.api.patch(`/v1/spending_controls/${second.id}/add_targets`, { ids: [t.seed.virtualGroupId] })).status).toBe(200);
    expect(await targetsOf(t.api, first.id)).toEqual([]);
    expect(await targetsOf(t.api, second.id)).toEqual([card.id]);
    expect((await cardControls(t.api, card.id)).configuration_group_target).toBe(second.id);
  });
});

describe("another tenant's spending control", () => {
  it("spending controls: every operation on another tenant's control is 404 and changes nothing", async () => {
    const t = await startEmulator();
    const control = await createControl(t.api, { nickname: 'Mía', rules: { mcc: MCC, velocity: VELOCITY } });
    const card = await newCard(t);
    expect((await t.api.patch(`/v1/spending_controls/${control.id}/add_targets`, { ids: [card.id] })).status).toBe(200);
    const before = (await t.api.get(`/v1/spending_controls/${control.id}`)).body;

    const theirAccount = (await t.other.get('/v1/accounts')).body.accounts[0].id;
    const theirCard = await t.other.post('/v1/cards', bankingCardInput(theirAccount));
    expect(theirCard.status).toBe(201);

    const base = `/v1/spending_controls/${control.id}`;
    const attempts = [
      await t.other.get(base),
      await t.other.patch(base, { nickname: 'Robada' }),
      await t.other.put(`${base}/rules`, { type: 'mcc', operation: 'deny_mccs', mccs: ['7995'] }),
      await t.other.delete(`${base}/rules/velocity`),
      await t.other.get(`${base}/targets`),
      await t.other.patch(`${base}/add_targets`, { ids: [theirCard.body.id] }),
      await t.other.delete(`${base}/remove_targets`, { ids: [card.id] }),
      await t.other.patch(`/v1/cards/${theirCard.body.id}`, { spending_control_id: control.id }),
      await t.other.delete(base),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(404);
      expect(res.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/spending_control_id' })]);
    }

    expect((await t.api.get(`/v1/spending_controls/${control.id}`)).body).toEqual(before);
    expect(await targetsOf(t.api, control.id)).toEqual([card.id]);
    expect((await t.other.get(`/v1/cards/${theirCard.body.id}`)).body.spending_controls.card_target).toBeNull();
  });
});
