import { describe, expect, it } from 'vitest';
import { contractClient } from '../support/contract-client.js';
import { startEmulator } from '../support/emulator.js';
import { bankingCardInput, snapshotTenant } from '../support/fixtures.js';

describe('a reset while a request runs', () => {
  // Found in review while building the soak (which resets every second under load): a card
  // creation waiting for Visa when the emulator was reset wrote its card, holder and funding
  // into the fresh state, with ids the fresh id source would hand out again.
  it('reset: a card creation still waiting for Visa when the emulator is reset creates nothing in the fresh state, and answers 409 emulator_reset', async () => {
    const { emulator, seed } = await startEmulator({ tokenizationLatencyMs: 300 });
    const api = contractClient(emulator.url, emulator.apiKeys[0]);
    const creation = api.post('/v1/cards', bankingCardInput(seed.bankAccountId));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await api.post('/_emulator/reset')).status).toBe(204);
    const fresh = await snapshotTenant(api);

    const res = await creation;
    expect(res.status).toBe(409);
    expect(res.body.errors[0]).toMatchObject({ error_code: 'emulator_reset', path: null });
    expect(await snapshotTenant(api)).toEqual(fresh);
    // The fresh state creates cards as usual.
    expect((await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).status).toBe(201);
  });
});
