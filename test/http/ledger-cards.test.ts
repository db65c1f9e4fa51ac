import { describe, expect, it } from 'vitest';
import { CardNetworkError } from '../../emulator/index.js';
import type { ContractClient } from '../support/contract-client.js';
import { accountHolderInput, cardholderInput, snapshotTenant } from '../support/fixtures.js';
import { startEmulator } from '../support/emulator.js';
import { errorsByPath, onlyError } from '../support/errors.js';

async function createControl(api: ContractClient, target: 'card' | 'card_config_group'): Promise<string> {
  const res = await api.post('/v1/spending_controls', { target, rules: { card_usage: { disabled_card_usages: ['online_purchase'] } } });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function createLedgerAccount(api: ContractClient, externalId: string): Promise<string> {
  const holder = await api.post('/v1/ledger/account_holders', accountHolderInput(externalId));
  expect(holder.status).toBe(201);
  const account = await api.post('/v1/ledger/accounts', { holder_id: holder.body.id, currency_code: 'COP' });
  expect(account.status).toBe(201);
  return account.body.id;
}

describe('POST /v1/ledger/cards', () => {
  it('create ledger card: with an inline cardholder, the card is born active on the sub-account and its new holder can be read', async () => {
    const { api, seed } = await startEmulator();
    const res = await api.post('/v1/ledger/cards', {
      account_id: seed.ledgerAccountId,
      configuration_group_id: seed.virtualGroupId,
      cardholder: cardholderInput(),
      nickname: 'Compras',
    });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^car_[0-9A-Za-z]{22}$/),
      account_id: seed.ledgerAccountId,
      configuration_group_id: seed.virtualGroupId,
      type: 'virtual',
      state: 'active',
      nickname: 'Compras',
      initial_balance: null,
      spending_controls: { card_target: null, configuration_group_target: null },
    });
    expect(res.body.cardholder).toEqual({
      ...cardholderInput(),
      id: expect.stringMatching(/^carh_[0-9A-Za-z]{22}$/),
      document: { type: 'CC', number: '1023711432', country_code: 'CO', person_type: 'natural' },
      address: { ...cardholderInput().address, extra: null },
    });
    expect(res.body.cardholder_id).toBe(res.body.cardholder.id);

    const holder = await api.get(`/v1/cards/cardholders/${res.body.cardholder_id}`);
    expect(holder.status).toBe(200);
    expect(holder.body).toEqual(res.body.cardholder);
    expect((await api.get(`/v1/cards/${res.body.id}`)).body).toEqual(res.body);
  });

  it('create ledger card: with cardholder_id, the existing cardholder is reused, not copied', async () => {
    const { api, seed } = await startEmulator();
    const holder = (await api.post('/v1/cards/cardholders', cardholderInput({ first_name: 'Grace', last_name: 'Hopper' }))).body;
    const first = await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId, cardholder_id: holder.id });
    const second = await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId, cardholder_id: holder.id });

    for (const res of [first, second]) {
      expect(res.status).toBe(201);
      expect(res.body.cardholder_id).toBe(holder.id);
      expect(res.body.cardholder).toEqual(holder);
    }
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('create ledger card: the holder a first card created inline can carry a second card by its id', async () => {
    const { api, seed } = await startEmulator();
    const first = (await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId, cardholder: cardholderInput() })).body;
    const second = await api.post('/v1/ledger/cards', {
      account_id: seed.ledgerAccountId,
      configuration_group_id: seed.plasticGroupId,
      cardholder_id: first.cardholder_id,
    });
    expect(second.status).toBe(201);
    expect(second.body.cardholder).toEqual(first.cardholder);
  });

  it("create ledger card: a later change to the cardholder shows on the card", async () => {
    const { api, seed } = await startEmulator();
    const card = (await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId, cardholder: cardholderInput() })).body;
    const patched = await api.patch(`/v1/cards/cardholders/${card.cardholder_id}`, { email: 'new.address@example.com' });
    expect(patched.status).toBe(200);
    const again = await api.get(`/v1/cards/${card.id}`);
    expect(again.body.cardholder.email).toBe('new.address@example.com');
  });

  it('create ledger card: a plastic configuration group gives a plastic card born created', async () => {
    const { api, seed } = await startEmulator();
    const res = await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.plasticGroupId, cardholder: cardholderInput() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'plastic', state: 'created', configuration_group_id: seed.plasticGroupId });
  });

  it('create ledger card: the card is listed under its ledger account', async () => {
    const { api, seed } = await startEmulator();
    const card = (await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId, cardholder: cardholderInput() })).body;
    const listed = await api.get(`/v1/cards?account_id=${seed.ledgerAccountId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.cards.map((c: { id: string }) => c.id)).toEqual([card.id]);
    expect((await api.get(`/v1/cards?account_id=${seed.bankAccountId}`)).body.cards).toEqual([]);
  });

  it('create ledger card: a card can be issued on a sub-account the tenant just opened', async () => {
    const { api, seed } = await startEmulator();
    const accountId = await createLedgerAccount(api, 'fresh-holder');
    const res = await api.post('/v1/ledger/cards', { account_id: accountId, configuration_group_id: seed.virtualGroupId, cardholder: cardholderInput() });
    expect(res.status).toBe(201);
    expect(res.body.account_id).toBe(accountId);
  });

  it('create ledger card: spending_controls.card_target attaches that control to the new card', async () => {
    const { api, seed } = await startEmulator();
    const controlId = await createControl(api, 'card');
    const res = await api.post('/v1/ledger/cards', {
      account_id: seed.ledgerAccountId,
      configuration_group_id: seed.virtualGroupId,
      cardholder: cardholderInput(),
      spending_controls: { card_target: controlId },
    });
    expect(res.status).toBe(201);
    expect(res.body.spending_controls).toEqual({ card_target: controlId, configuration_group_target: null });
    expect((await api.get(`/v1/cards/${res.body.id}`)).body.spending_controls.card_target).toBe(controlId);

    const targets = await api.get(`/v1/spending_controls/${controlId}/list_targets`);
    expect(targets.body.cards.map((card: { id: string }) => card.id)).toEqual([res.body.id]);
  });

  it("create ledger card: the card shows its configuration group's control as configuration_group_target", async () => {
    const { api, seed } = await startEmulator();
    const groupControl = await createControl(api, 'card_config_group');
    expect((await api.patch(`/v1/spending_controls/${groupControl}/add_targets`, { ids: [seed.virtualGroupId] })).status).toBe(200);
    const res = await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId, cardholder: cardholderInput() });
    expect(res.status).toBe(201);
    expect(res.body.spending_controls).toEqual({ card_target: null, configuration_group_target: groupControl });
  });

  it('create ledger card: a card_config_group control named as card_target is 422 spending_control_target_mismatch, and nothing is created', async () => {
    const { api, seed } = await startEmulator();
    const groupControl = await createControl(api, 'card_config_group');
    const snapshot = await snapshotTenant(api);
    const res = await api.post('/v1/ledger/cards', {
      account_id: seed.ledgerAccountId,
      configuration_group_id: seed.virtualGroupId,
      cardholder: cardholderInput(),
      spending_controls: { card_target: groupControl },
    });
    onlyError(res, 422, 'spending_control_target_mismatch', '#/spending_controls/card_target');
    expect(await snapshotTenant(api)).toEqual(snapshot);
    expect((await api.get(`/v1/spending_controls/${groupControl}/targets`)).body.cards).toEqual([]);
  });

  it("create ledger card: an unknown or another tenant's spending control is 404 at #/spending_controls/card_target", async () => {
    const { api, other, seed } = await startEmulator();
    const theirControl = await createControl(other, 'card');
    for (const card_target of ['spc_0000000000000000000000', theirControl]) {
      const res = await api.post('/v1/ledger/cards', {
        account_id: seed.ledgerAccountId,
        configuration_group_id: seed.virtualGroupId,
        cardholder: cardholderInput(),
        spending_controls: { card_target },
      });
      onlyError(res, 404, 'item_not_found', '#/spending_controls/card_target');
    }
  });

  it('create ledger card: spending_controls needs card_target and takes nothing else (strict)', async () => {
    const { api, seed } = await startEmulator({ strict: true });
    const res = await api.post('/v1/ledger/cards', {
      account_id: seed.ledgerAccountId,
      configuration_group_id: seed.virtualGroupId,
      cardholder: cardholderInput(),
      spending_controls: { configuration_group_target: 'spc_0000000000000000000000' },
    });
    expect(res.status).toBe(422);
    expect(errorsByPath(res)).toEqual({
      '#/spending_controls/card_target': 'missing_field',
      '#/spending_controls/configuration_group_target': 'unknown_field',
    });
  });

  it('create ledger card: cardholder and cardholder_id together are taken when they name the same person (same document)', async () => {
    const { api, seed } = await startEmulator();
    const holder = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    // Public client code sends the holder it created along with its id; the stored holder is the one used.
    const res = await api.post('/v1/ledger/cards', {
      account_id: seed.ledgerAccountId,
      configuration_group_id: seed.virtualGroupId,
      cardholder: cardholderInput({ email: 'an.older.copy@example.com' }),
      cardholder_id: holder.id,
    });
    expect(res.status).toBe(201);
    expect(res.body.cardholder_id).toBe(holder.id);
    expect(res.body.cardholder).toEqual(holder);
  });

  it('create ledger card: cardholder and cardholder_id naming two people (another document) is 422 at #/cardholder/document, and nothing is created', async () => {
    const { api, seed } = await startEmulator();
    const holder = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    const before = await snapshotTenant(api);
    for (const document of [{ type: 'CC', number: '80011122' }, { type: 'CE', number: '1023711432' }]) {
      const res = await api.post('/v1/ledger/cards', {
        account_id: seed.ledgerAccountId,
        configuration_group_id: seed.virtualGroupId,
        cardholder: cardholderInput({ document }),
        cardholder_id: holder.id,
      });
      onlyError(res, 422, 'invalid_value', '#/cardholder/document');
    }
    expect(await snapshotTenant(api)).toEqual(before);
  });

  it("create ledger card: with neither cardholder nor cardholder_id, the holder is made from the sub-account's account holder, once", async () => {
    const { api, seed } = await startEmulator();
    const first = await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId });
    expect(first.status).toBe(201);
    const holder = first.body.cardholder;
    expect(holder.id).toMatch(/^carh_/);
    // The seed's account holder: a Colombian natural person with a CC, an @example.com email and a +573 phone.
    expect(holder).toMatchObject({
      birthdate: null,
      middle_name: null,
      second_last_name: null,
      nationality: 'CO',
      document: { type: 'CC', country_code: 'CO', person_type: 'natural' },
      email: expect.stringMatching(/@example\.com$/),
      phone_number: expect.stringMatching(/^\+573\d{9}$/),
      address: { country: 'CO' },
    });
    expect((await api.get(`/v1/cards/cardholders/${holder.id}`)).body).toEqual(holder);

    const second = await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.plasticGroupId });
    expect(second.body.cardholder_id).toBe(holder.id);
  });

  it('create ledger card: a holder made from an account holder takes a birthdate later through PATCH', async () => {
    const { api, seed } = await startEmulator();
    const card = (await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId })).body;
    const patched = await api.patch(`/v1/cards/cardholders/${card.cardholder_id}`, { birthdate: '1990-05-17' });
    expect(patched.status).toBe(200);
    expect((await api.get(`/v1/cards/${card.id}`)).body.cardholder.birthdate).toBe('1990-05-17');
  });

  it('create ledger card: account_id and configuration_group_id are required', async () => {
    const { api, seed } = await startEmulator();
    const withoutGroup = await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, cardholder: cardholderInput() });
    onlyError(withoutGroup, 422, 'missing_field', '#/configuration_group_id');

    const withoutBoth = await api.post('/v1/ledger/cards', { cardholder: cardholderInput() });
    expect(withoutBoth.status).toBe(422);
    expect(errorsByPath(withoutBoth)).toEqual({ '#/account_id': 'missing_field', '#/configuration_group_id': 'missing_field' });
  });

  it('create ledger card: a bank account id (acc_) is not a ledger account: 422 invalid_format at #/account_id', async () => {
    const { api, seed } = await startEmulator();
    const res = await api.post('/v1/ledger/cards', { account_id: seed.bankAccountId, configuration_group_id: seed.virtualGroupId, cardholder: cardholderInput() });
    onlyError(res, 422, 'invalid_format', '#/account_id');
  });

  it("create ledger card: an unknown ledger account, or another tenant's, is 404 at #/account_id", async () => {
    const { api, other, seed } = await startEmulator();
    const unknown = await api.post('/v1/ledger/cards', { account_id: 'lacc_0000000000000000000000', configuration_group_id: seed.virtualGroupId, cardholder: cardholderInput() });
    onlyError(unknown, 404, 'item_not_found', '#/account_id');

    const theirAccount = await createLedgerAccount(other, 'their-holder');
    const foreign = await api.post('/v1/ledger/cards', { account_id: theirAccount, configuration_group_id: seed.virtualGroupId, cardholder: cardholderInput() });
    onlyError(foreign, 404, 'item_not_found', '#/account_id');
  });

  it("create ledger card: an unknown configuration group, or another tenant's, is 404 at #/configuration_group_id", async () => {
    const { api, other, seed } = await startEmulator();
    const theirGroup = (await other.get('/v1/ledger/tenant/config')).body.card_configuration_groups[0].id;
    for (const configuration_group_id of ['ccg_0000000000000000000000', theirGroup]) {
      const res = await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id, cardholder: cardholderInput() });
      onlyError(res, 404, 'item_not_found', '#/configuration_group_id');
    }
  });

  it("create ledger card: another tenant's cardholder_id is 404 at #/cardholder_id", async () => {
    const { api, other, seed } = await startEmulator();
    const theirHolder = (await other.post('/v1/cards/cardholders', cardholderInput())).body;
    const res = await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId, cardholder_id: theirHolder.id });
    onlyError(res, 404, 'item_not_found', '#/cardholder_id');
    onlyError(
      await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId, cardholder_id: 'carh_0000000000000000000000' }),
      404,
      'item_not_found',
      '#/cardholder_id',
    );
  });

  it('create ledger card: a malformed cardholder_id is 422 invalid_format', async () => {
    const { api, seed } = await startEmulator();
    const res = await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId, cardholder_id: 'acch_5tgliBmzjZ6mpQPRbQjfKj' });
    onlyError(res, 422, 'invalid_format', '#/cardholder_id');
  });

  it('create ledger card: an inline cardholder is held to the cardholder rules, with paths under #/cardholder', async () => {
    const { api, seed } = await startEmulator();
    const schema = await api.post('/v1/ledger/cards', {
      account_id: seed.ledgerAccountId,
      configuration_group_id: seed.virtualGroupId,
      cardholder: cardholderInput({ email: 'x@y', last_name: 'R', nationality: 'Colombia' }),
      nickname: 'n'.repeat(65),
    });
    expect(schema.status).toBe(422);
    expect(errorsByPath(schema)).toEqual({
      '#/cardholder/email': 'invalid_format',
      '#/cardholder/last_name': 'invalid_length',
      '#/cardholder/nationality': 'invalid_value',
      '#/nickname': 'invalid_length',
    });

    const rules = await api.post('/v1/ledger/cards', {
      account_id: seed.ledgerAccountId,
      configuration_group_id: seed.virtualGroupId,
      cardholder: cardholderInput({ nationality: 'BR', document: { type: 'CC', number: '123456' }, birthdate: '2030-01-01' }),
    });
    expect(rules.status).toBe(422);
    expect(errorsByPath(rules)).toEqual({ '#/cardholder/document/type': 'invalid_value', '#/cardholder/birthdate': 'invalid_value' });
  });

  it('create ledger card: a refused request leaves no card, control link or account change behind', async () => {
    const { api, other, seed } = await startEmulator();
    const cardControl = await createControl(api, 'card');
    const groupControl = await createControl(api, 'card_config_group');
    const holder = (await api.post('/v1/cards/cardholders', cardholderInput())).body;
    const theirHolder = (await other.post('/v1/cards/cardholders', cardholderInput())).body;
    const snapshot = await snapshotTenant(api);
    const base = { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId };

    const refusals: [unknown, number][] = [
      [{ ...base, cardholder: cardholderInput({ document: { type: 'CC', number: '80011122' } }), cardholder_id: holder.id, spending_controls: { card_target: cardControl } }, 422],
      [{ ...base, spending_controls: { card_target: groupControl } }, 422],
      [{ ...base, cardholder: cardholderInput(), spending_controls: { card_target: groupControl } }, 422],
      [{ ...base, cardholder_id: theirHolder.id, spending_controls: { card_target: cardControl } }, 404],
      [{ ...base, account_id: 'lacc_0000000000000000000000', cardholder: cardholderInput() }, 404],
      [{ ...base, configuration_group_id: 'ccg_0000000000000000000000', cardholder: cardholderInput() }, 404],
      [{ ...base, cardholder: cardholderInput({ birthdate: '2027-01-01' }), spending_controls: { card_target: cardControl } }, 422],
      [{ ...base, account_id: seed.bankAccountId, cardholder: cardholderInput() }, 422],
    ];
    for (const [body, status] of refusals) {
      const res = await api.post('/v1/ledger/cards', body);
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(status);
    }
    expect(await snapshotTenant(api)).toEqual(snapshot);
    expect((await api.get(`/v1/spending_controls/${cardControl}/targets`)).body.cards).toEqual([]);
    expect((await api.get(`/v1/cards/cardholders/${holder.id}`)).body).toEqual(holder);
  });

  it('create ledger card: when Visa refuses, the answer is 502 and neither the card nor its control link remains', async () => {
    const { api, seed } = await startEmulator({ cardNetwork: { provision: () => Promise.reject(new CardNetworkError('declined')) } });
    const cardControl = await createControl(api, 'card');
    const snapshot = await snapshotTenant(api);
    const res = await api.post('/v1/ledger/cards', {
      account_id: seed.ledgerAccountId,
      configuration_group_id: seed.virtualGroupId,
      cardholder: cardholderInput(),
      spending_controls: { card_target: cardControl },
    });
    onlyError(res, 502, 'card_network_error', null);
    expect(await snapshotTenant(api)).toEqual(snapshot);
    expect((await api.get(`/v1/spending_controls/${cardControl}/targets`)).body.cards).toEqual([]);
  });

  it('create ledger card: without an API key the answer is 401 and nothing is created', async () => {
    const { api, anonymous, seed } = await startEmulator();
    const snapshot = await snapshotTenant(api);
    const res = await anonymous.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId, cardholder: cardholderInput() });
    expect(res.status).toBe(401);
    expect(await snapshotTenant(api)).toEqual(snapshot);
  });
});
