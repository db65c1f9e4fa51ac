import { describe, expect, it } from 'vitest';
import { TEST_START, startEmulator, type TestEmulator } from '../support/emulator.js';
import { onlyError } from '../support/errors.js';
import { bankingCardInput } from '../support/fixtures.js';

const ADMIN = 'admin_token_for_tests_0001';

const cardCount = async (t: TestEmulator) => (await t.api.get('/v1/cards?state=created,active,frozen,canceled')).body.cards.length;
const clockOf = async (client: TestEmulator['api']) => Date.parse((await client.get('/_emulator/clock')).body.now);

/** The calls that act on every tenant, each refused the same way. */
async function expectEveryTenantCallsRefused(t: TestEmulator, client: TestEmulator['anonymous']) {
  for (const res of [
    await client.post('/_emulator/reset'),
    await client.post('/_emulator/clock/advance', { seconds: 60 }),
    await client.post('/_emulator/tenants'),
    await client.delete('/_emulator/tenants/sandbox_tenant_b_key_000000000000'),
  ]) {
    onlyError(res, 401, 'admin_token_required', null);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  }
  // Nothing changed: the cards are there, the clock has not moved, tenant B still works.
  expect(await cardCount(t)).toBe(1);
  expect(t.emulator.clock.now()).toBe(TEST_START);
  expect((await t.other.get('/v1/accounts')).status).toBe(200);
}

describe('the admin token', () => {
  it('admin: bound beyond loopback without a token, calls on every tenant answer 401 admin_token_required and change nothing', async () => {
    const t = await startEmulator({ host: '0.0.0.0' });
    expect(t.emulator.loopbackOnly).toBe(false);
    await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId));
    await expectEveryTenantCallsRefused(t, t.anonymous);
    const res = await t.anonymous.post('/_emulator/reset');
    expect(res.body.errors[0].message).toContain('--admin-token');
    // A tenant's key does not stand in for the token where the call is the admin's alone.
    onlyError(await t.api.post('/_emulator/tenants'), 401, 'admin_token_required', null);
    // Reading the emulator's clock acts on nothing.
    expect(await clockOf(t.anonymous)).toBe(TEST_START);
  });

  it("admin: beyond loopback, calls scoped by a tenant's own key keep working without the token", async () => {
    const t = await startEmulator({ host: '0.0.0.0' });
    await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId));
    await t.other.post('/v1/cards', bankingCardInput((await t.other.get('/v1/accounts')).body.accounts[0].id));
    expect((await t.api.post('/_emulator/clock/advance', { seconds: 60 })).status).toBe(200);
    expect(await clockOf(t.api)).toBe(TEST_START + 60_000);
    expect((await t.api.post('/_emulator/reset')).status).toBe(204);
    expect(await cardCount(t)).toBe(0);
    expect((await t.other.get('/v1/cards')).body.cards).toHaveLength(1);
    expect((await t.api.delete('/_emulator/tenants/sandbox_tenant_a_key_000000000000')).status).toBe(204);
    expect((await t.api.get('/v1/accounts')).status).toBe(401);
  });

  it('admin: with a token set beyond loopback, the token opens every call on every tenant; a wrong one is refused', async () => {
    const t = await startEmulator({ host: '0.0.0.0', adminToken: ADMIN });
    await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId));
    await expectEveryTenantCallsRefused(t, t.anonymous);
    onlyError(await t.anonymous.as('not_the_admin_token_01').post('/_emulator/reset'), 401, 'expired_token', null);
    expect(await cardCount(t)).toBe(1);

    const admin = t.anonymous.as(ADMIN);
    const made = await admin.post('/_emulator/tenants', { api_key: 'sandbox_made_by_admin_01' });
    expect(made.status).toBe(201);
    expect((await t.anonymous.as('sandbox_made_by_admin_01').get('/v1/accounts')).status).toBe(200);
    expect((await admin.post('/_emulator/clock/advance', { seconds: 60 })).body.now).toBe('2026-03-02T12:01:00.000Z');
    expect((await admin.delete('/_emulator/tenants/sandbox_made_by_admin_01')).status).toBe(204);
    expect((await admin.post('/_emulator/reset')).status).toBe(204);
    expect(await cardCount(t)).toBe(0);
    // The admin token is no tenant's key.
    onlyError(await admin.get('/v1/accounts'), 401, 'expired_token', null);
  });

  it('admin: on loopback a token, once set, is required as well; tenant keys keep acting on their tenant', async () => {
    const t = await startEmulator({ adminToken: ADMIN });
    expect(t.emulator.loopbackOnly).toBe(true);
    await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId));
    await expectEveryTenantCallsRefused(t, t.anonymous);
    expect((await t.anonymous.as(ADMIN).post('/_emulator/reset')).status).toBe(204);
    expect((await t.api.post('/_emulator/clock/advance', { seconds: 1 })).status).toBe(200);
  });

  it('admin: the token is checked before the body: a refused call with a bad body answers 401, not 422', async () => {
    const t = await startEmulator({ adminToken: ADMIN });
    onlyError(await t.anonymous.post('/_emulator/clock/advance', { seconds: 'soon' }), 401, 'admin_token_required', null);
    onlyError(await t.anonymous.post('/_emulator/tenants', { api_key: 'x' }), 401, 'admin_token_required', null);
  });

  it("admin: a token that is also a start-up tenant's key is an option error", async () => {
    await expect(startEmulator({ apiKeys: [ADMIN], adminToken: ADMIN })).rejects.toThrow(/admin token/);
  });

  it("admin: the admin token cannot be given to a tenant made at run time", async () => {
    const t = await startEmulator({ adminToken: ADMIN });
    onlyError(await t.anonymous.as(ADMIN).post('/_emulator/tenants', { api_key: ADMIN }), 422, 'invalid_value', '#/api_key');
  });
});
