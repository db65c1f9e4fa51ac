import { describe, expect, it } from 'vitest';
import { replayInOrder } from '../support/replay-world.js';
import { SDK_METHODS } from './sdk-methods.js';

/**
 * Every method of Mono's SDK (sdk-methods.ts), replayed in order on one tenant: each works with
 * the fields its response model declares, is a known limit (501), or is pending the issue that
 * adds its endpoint; every answer is held to the contract as well.
 */
describe("Mono's SDK, method by method", () => {
  const world = replayInOrder('sdk', SDK_METHODS);

  it('sdk: the methods that work leave what they did: the control is gone, the first card frozen', async () => {
    const [api, vars] = [world.api(), world.vars()];
    expect((await api.get(`/v1/spending_controls/${vars.get('control_id')}`)).status).toBe(404);
    expect((await api.get(`/v1/cards/${vars.get('card_id')}`)).body).toMatchObject({ state: 'frozen', spending_controls: { card_target: null } });
  });
});
