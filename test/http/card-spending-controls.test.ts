import { describe, expect, it } from 'vitest';
import type { ContractClient } from '../support/contract-client.js';
import { startEmulator, type TestEmulator } from '../support/emulator.js';
import { approved, authorize, COP, coreCard, declineOf, merchant, USD } from '../support/card-spend.js';

/** Creates a spending control with these rules and applies it to the card (or, with `group`, to the card's configuration group). */
async function control(api: ContractClient, rules: Record<string, unknown>, target: { card?: string; group?: string }): Promise<string> {
  const res = await api.post('/v1/spending_controls', { rules, target: target.group ? 'card_config_group' : 'card' });
  expect(res.status).toBe(201);
  const applied = await api.patch(`/v1/spending_controls/${res.body.id}/add_targets`, { ids: [target.group ?? target.card] });
  expect(applied.status).toBe(200);
  return res.body.id;
}

/** A Core card with plenty of money and one card control of these rules. */
async function controlledCard(t: TestEmulator, rules: Record<string, unknown>): Promise<{ cardId: string; controlId: string }> {
  const { cardId } = await coreCard(t, 10_000_000);
  return { cardId, controlId: await control(t.api, rules, { card: cardId }) };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('spending controls enforced on authorizations', () => {
  it.each([
    ['online_purchase', 'online', 'online_purchase_disabled'],
    ['physical_purchase', 'pos', 'physical_purchase_disabled'],
    ['atm_withdrawal', 'atm', 'atm_withdrawal_disabled'],
  ])('card_usage: %s disabled declines a %s transaction %s, naming the control; other channels pass', async (usage, channel, reason) => {
    const t = await startEmulator();
    const { cardId, controlId } = await controlledCard(t, { card_usage: { disabled_card_usages: [usage] } });
    const decline = await declineOf(authorize(t.api, cardId, { amount: COP(1_000), channel }));
    expect(decline).toMatchObject({ reason, rule: 'card_usage', spending_control_id: controlId, spending_control_target: 'card' });
    expect(decline.message).toContain(controlId);
    for (const other of ['online', 'pos', 'atm'].filter((c) => c !== channel)) await approved(authorize(t.api, cardId, { amount: COP(1_000), channel: other }));
  });

  it('card_usage: international_purchase disabled declines a charge in a foreign currency (other); COP charges pass', async () => {
    const t = await startEmulator();
    const { cardId, controlId } = await controlledCard(t, { card_usage: { disabled_card_usages: ['international_purchase'] } });
    expect(await declineOf(authorize(t.api, cardId, { amount: USD(5) }))).toMatchObject({ reason: 'other', rule: 'card_usage', spending_control_id: controlId });
    await approved(authorize(t.api, cardId, { amount: COP(5_000), merchant: merchant({ country: 'USA' }) }));
  });

  it('mcc: allow_mccs lets only its categories through; deny_mccs refuses its categories (reason other)', async () => {
    const t = await startEmulator();
    const allow = await controlledCard(t, { mcc: { operation: 'allow_mccs', mccs: ['5411'] } });
    await approved(authorize(t.api, allow.cardId, { amount: COP(1_000), merchant: merchant({ mcc: '5411' }) }));
    expect(await declineOf(authorize(t.api, allow.cardId, { amount: COP(1_000), merchant: merchant({ mcc: '7995' }) }))).toMatchObject({ reason: 'other', rule: 'mcc', spending_control_id: allow.controlId });

    const deny = await controlledCard(t, { mcc: { operation: 'deny_mccs', mccs: ['7995'] } });
    expect(await declineOf(authorize(t.api, deny.cardId, { amount: COP(1_000), merchant: merchant({ mcc: '7995' }) }))).toMatchObject({ reason: 'other', rule: 'mcc' });
    await approved(authorize(t.api, deny.cardId, { amount: COP(1_000), merchant: merchant({ mcc: '5411' }) }));
  });

  it('mid: allow_mids and deny_mids judge the merchant id', async () => {
    const t = await startEmulator();
    const allow = await controlledCard(t, { mid: { operation: 'allow_mids', mids: ['012345678'] } });
    await approved(authorize(t.api, allow.cardId, { amount: COP(1_000), merchant: merchant({ id: '012345678' }) }));
    expect(await declineOf(authorize(t.api, allow.cardId, { amount: COP(1_000), merchant: merchant({ id: '999' }) }))).toMatchObject({ reason: 'other', rule: 'mid' });

    const deny = await controlledCard(t, { mid: { operation: 'deny_mids', mids: ['999'] } });
    expect(await declineOf(authorize(t.api, deny.cardId, { amount: COP(1_000), merchant: merchant({ id: '999' }) }))).toMatchObject({ reason: 'other', rule: 'mid' });
    await approved(authorize(t.api, deny.cardId, { amount: COP(1_000), merchant: merchant({ id: '012345678' }) }));
  });

  it('merchant_name: allow_pattern needs the name to match the regex; deny_pattern refuses names that match', async () => {
    const t = await startEmulator();
    const allow = await controlledCard(t, { merchant_name: { operation: 'allow_pattern', regex: '^AMAZON.*' } });
    await approved(authorize(t.api, allow.cardId, { amount: COP(1_000), merchant: merchant({ name: 'AMAZON MKTPLACE' }) }));
    expect(await declineOf(authorize(t.api, allow.cardId, { amount: COP(1_000), merchant: merchant({ name: 'Rappi' }) }))).toMatchObject({ reason: 'other', rule: 'merchant_name' });

    const deny = await controlledCard(t, { merchant_name: { operation: 'deny_pattern', regex: 'CASINO' } });
    expect(await declineOf(authorize(t.api, deny.cardId, { amount: COP(1_000), merchant: merchant({ name: 'GRAN CASINO' }) }))).toMatchObject({ reason: 'other', rule: 'merchant_name' });
    await approved(authorize(t.api, deny.cardId, { amount: COP(1_000), merchant: merchant({ name: 'Rappi' }) }));
  });

  it('velocity daily: purchases of one Bogotá day add up to the limit; the next day starts again at 00:00 UTC-5', async () => {
    // 2026-03-02T12:00Z is 07:00 in Bogotá; its day ends at 2026-03-03T05:00Z.
    const t = await startEmulator();
    const { cardId, controlId } = await controlledCard(t, { velocity: { daily: COP(100_000) } });
    await approved(authorize(t.api, cardId, { amount: COP(60_000) }));
    await approved(authorize(t.api, cardId, { amount: COP(40_000) }));
    const decline = await declineOf(authorize(t.api, cardId, { amount: COP(1) }));
    expect(decline).toMatchObject({ reason: 'velocity_daily_exceeded', rule: 'velocity', spending_control_id: controlId });
    expect(decline.message).toContain('COP 100,000.00 already spent');
    await t.emulator.advanceClock(17 * HOUR - 1_000); // 2026-03-03T04:59:59Z: still the 2nd in Bogotá
    await declineOf(authorize(t.api, cardId, { amount: COP(1) }));
    await t.emulator.advanceClock(1_000);
    await approved(authorize(t.api, cardId, { amount: COP(100_000) }));
  });

  it('velocity: a reversed purchase no longer counts; a declined one never did', async () => {
    const t = await startEmulator();
    const { cardId } = await controlledCard(t, { velocity: { daily: COP(10_000) } });
    const first = await approved(authorize(t.api, cardId, { amount: COP(10_000) }));
    await declineOf(authorize(t.api, cardId, { amount: COP(5_000) }));
    expect((await t.api.post(`/_emulator/card-transactions/${first.body.transaction.id}/reversal`)).status).toBe(201);
    await approved(authorize(t.api, cardId, { amount: COP(10_000) }));
  });

  it('velocity weekly: Monday 00:00 in Bogotá starts a new week', async () => {
    // Monday 2026-03-02 07:00 Bogotá; the next Monday starts 2026-03-09T05:00Z.
    const t = await startEmulator();
    const { cardId } = await controlledCard(t, { velocity: { weekly: COP(50_000) } });
    await approved(authorize(t.api, cardId, { amount: COP(50_000) }));
    await t.emulator.advanceClock(6 * DAY + 17 * HOUR - 1_000); // Sunday 23:59:59 in Bogotá
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(1) }))).toMatchObject({ reason: 'velocity_weekly_exceeded' });
    await t.emulator.advanceClock(1_000);
    await approved(authorize(t.api, cardId, { amount: COP(50_000) }));
  });

  it('velocity monthly: the first of the month in Bogotá starts a new month', async () => {
    // April starts in Bogotá at 2026-04-01T05:00Z, 29 days and 17 hours after the start.
    const t = await startEmulator();
    const { cardId } = await controlledCard(t, { velocity: { monthly: COP(30_000) } });
    const first = await approved(authorize(t.api, cardId, { amount: COP(30_000) }));
    // Settled, so that it does not expire (and stop counting) within the month.
    expect((await t.api.post(`/_emulator/card-transactions/${first.body.transaction.id}/settlement`)).status).toBe(201);
    await t.emulator.advanceClock(29 * DAY + 17 * HOUR - 1_000);
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(1) }))).toMatchObject({ reason: 'velocity_monthly_exceeded' });
    await t.emulator.advanceClock(1_000);
    await approved(authorize(t.api, cardId, { amount: COP(30_000) }));
  });

  it('velocity: ATM withdrawals do not count; withdrawal_velocity limits them (daily, monthly) and not purchases', async () => {
    const t = await startEmulator();
    const { cardId } = await controlledCard(t, { velocity: { daily: COP(10_000) }, withdrawal_velocity: { daily: COP(200_000), monthly: COP(300_000) } });
    await approved(authorize(t.api, cardId, { amount: COP(200_000), channel: 'atm' }));
    await approved(authorize(t.api, cardId, { amount: COP(10_000), channel: 'pos' }));
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(1_000), channel: 'atm' }))).toMatchObject({ reason: 'withdrawal_velocity_daily_exceeded', rule: 'withdrawal_velocity' });
    await t.emulator.advanceClock(DAY);
    await approved(authorize(t.api, cardId, { amount: COP(100_000), channel: 'atm' }));
    await t.emulator.advanceClock(DAY);
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(1_000), channel: 'atm' }))).toMatchObject({ reason: 'withdrawal_velocity_monthly_exceeded' });
  });

  it('velocity: a limit in USD counts COP spend at the day’s market rate (no spread)', async () => {
    const t = await startEmulator();
    const res = await t.api.post('/v1/spending_controls', { currency_code: 'USD', rules: { velocity: { daily: USD(10) } } });
    const { cardId } = await coreCard(t, 1_000_000);
    await t.api.patch(`/v1/spending_controls/${res.body.id}/add_targets`, { ids: [cardId] });
    // COP 40,000.00 is USD 10.00 at 4000.25 per USD (999.94 cents, rounded): at the limit, not past it; COP 1,000.00 more is.
    await approved(authorize(t.api, cardId, { amount: COP(40_000) }));
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(1_000) }))).toMatchObject({ reason: 'velocity_daily_exceeded' });
  });

  it("group controls: a configuration group's control applies to its cards and names itself with target card_config_group", async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 10_000);
    const groupControl = await control(t.api, { card_usage: { disabled_card_usages: ['online_purchase'] } }, { group: t.seed.virtualGroupId });
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(100), channel: 'online' }))).toMatchObject({
      reason: 'online_purchase_disabled',
      spending_control_id: groupControl,
      spending_control_target: 'card_config_group',
    });
    // Cards of another group are not touched.
    const { cardId: plastic } = await coreCard(t, 10_000, { configuration_group_id: t.seed.plasticGroupId });
    await t.api.post(`/_emulator/cards/${plastic}/activate`);
    await approved(authorize(t.api, plastic, { amount: COP(100), channel: 'online' }));
  });

  it("controls: the card's own control is judged before its group's; a control taken off stops applying", async () => {
    const t = await startEmulator();
    const { cardId } = await coreCard(t, 10_000);
    await control(t.api, { card_usage: { disabled_card_usages: ['online_purchase'] } }, { group: t.seed.virtualGroupId });
    const cardControl = await control(t.api, { mcc: { operation: 'deny_mccs', mccs: ['5411'] } }, { card: cardId });
    expect(await declineOf(authorize(t.api, cardId, { amount: COP(100), channel: 'online', merchant: merchant({ mcc: '5411' }) }))).toMatchObject({ rule: 'mcc', spending_control_target: 'card' });
    await t.api.patch(`/v1/cards/${cardId}`, { spending_control_id: null });
    await approved(authorize(t.api, cardId, { amount: COP(100), merchant: merchant({ mcc: '5411' }) }));
    expect(cardControl).toMatch(/^spc_/);
  });
});
