import { describe, expect, it } from 'vitest';
import { startEmulator } from '../support/emulator.js';
import { accountHolderInput, bankingCardInput, cardholderInput } from '../support/fixtures.js';
import { errorsByPath, warningsOf } from '../support/errors.js';

/**
 * Mono's SDK types optional fields as nullable and sends `null` for one given as None: on a
 * create, `null` is read as "not given" (the default applies), never refused and never warned.
 */
describe('explicit null for optional fields', () => {
  it('create: null optional fields on a banking card, a Core card, a cardholder document and a spending control take their defaults', async () => {
    const { api, seed } = await startEmulator();
    const banking = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId, { configuration_group_id: null, initial_balance: null, nickname: null }));
    expect(banking.status).toBe(201);
    expect(banking.body).toMatchObject({ configuration_group_id: seed.virtualGroupId, initial_balance: null, nickname: null, state: 'active' });
    expect(warningsOf(banking)).toEqual([]);

    const holder = cardholderInput({ document: { type: 'CC', number: '1023711432', country_code: null, person_type: null } });
    const core = await api.post('/v1/ledger/cards', {
      account_id: seed.ledgerAccountId,
      configuration_group_id: seed.plasticGroupId,
      cardholder: holder,
      cardholder_id: null,
      nickname: null,
      spending_controls: null,
    });
    expect(core.status).toBe(201);
    expect(core.body).toMatchObject({ nickname: null, state: 'created', spending_controls: { card_target: null } });
    expect(core.body.cardholder.document).toEqual({ type: 'CC', number: '1023711432', country_code: 'CO', person_type: 'natural' });

    const control = await api.post('/v1/spending_controls', { currency_code: null, nickname: null, target: null, rules: { mcc: { operation: 'allow_mccs', mccs: ['5411'] } } });
    expect(control.status).toBe(201);
    expect(control.body).toMatchObject({ currency_code: 'COP', nickname: null, target: 'card' });
  });

  it('create: null optional fields on a ledger account holder, a ledger account and a balance operation take their defaults', async () => {
    const { api } = await startEmulator();
    const holder = await api.post('/v1/ledger/account_holders', accountHolderInput('nulls', { email: null, phone_number: null, metadata: null }));
    expect(holder.status).toBe(201);
    expect(holder.body).toMatchObject({ email: null, phone_number: null, metadata: {} });

    const account = await api.post('/v1/ledger/accounts', { holder_id: holder.body.id, currency_code: 'COP', name: null, metadata: null, program_id: null });
    expect(account.status).toBe(201);
    expect(account.body).toMatchObject({ name: null, metadata: {}, program_id: expect.stringMatching(/^pro_/) });

    const topup = await api.post(`/v1/ledger/accounts/${account.body.id}/balance`, {
      amount: { amount: 1_000, currency: 'COP' },
      operation: 'topup',
      external_id: 'nulls-1',
      description: null,
      reference: null,
      metadata: null,
    });
    expect(topup.status).toBe(201);
    expect(topup.body).toMatchObject({ description: null, reference: null, metadata: {} });
  });

  it('create: null where a value is required stays refused, with the field named', async () => {
    const { api } = await startEmulator();
    const res = await api.post('/v1/cards', { account_id: null, cardholder: null });
    expect(res.status).toBe(422);
    expect(errorsByPath(res)).toEqual({ '#/account_id': 'invalid_type', '#/cardholder': 'invalid_type' });
    const holder = await api.post('/v1/ledger/account_holders', accountHolderInput('null-external', { external_id: null }));
    expect(errorsByPath(holder)).toEqual({ '#/external_id': 'invalid_type' });
  });

  it('create: a Core card with cardholder and cardholder_id both null is the account holder\'s card, as when neither is sent', async () => {
    const { api, seed } = await startEmulator();
    const core = await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId, cardholder: null, cardholder_id: null });
    expect(core.status).toBe(201);
    const again = await api.post('/v1/ledger/cards', { account_id: seed.ledgerAccountId, configuration_group_id: seed.virtualGroupId });
    expect(again.status).toBe(201);
    expect(core.body.cardholder_id).toBe(again.body.cardholder_id);
  });
});
