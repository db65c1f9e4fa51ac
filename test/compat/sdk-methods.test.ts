import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.js';
import type { ContractClient } from '../support/contract-client.js';
import { replay, titleOf } from '../support/replay.js';
import { startReplayWorld } from '../support/replay-world.js';
import { SDK_METHODS } from './sdk-methods.js';

/**
 * Every method of Mono's SDK (sdk-methods.ts), replayed in order on one tenant: each works with
 * the fields its response model declares, is a known limit (501), or is pending the issue that
 * adds its endpoint; every answer is held to the contract as well.
 */
describe("Mono's SDK, method by method", () => {
  let emulator: Emulator;
  let api: ContractClient;
  let vars: Map<string, string>;
  beforeAll(async () => {
    ({ emulator, api, vars } = await startReplayWorld());
  });
  afterAll(() => emulator.stop());

  for (const call of SDK_METHODS) {
    it(`sdk: ${titleOf(call)}`, async () => {
      await replay(api, call, vars);
    });
  }

  it('sdk: the methods that work leave what they did: the control is gone, the first card frozen', async () => {
    expect((await api.get(`/v1/spending_controls/${vars.get('control_id')}`)).status).toBe(404);
    expect((await api.get(`/v1/cards/${vars.get('card_id')}`)).body).toMatchObject({ state: 'frozen', spending_controls: { card_target: null } });
  });
});
