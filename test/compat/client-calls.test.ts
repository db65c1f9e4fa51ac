import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Emulator } from '../../emulator/index.js';
import type { ContractClient } from '../support/contract-client.js';
import { replay, titleOf, type ReplayedCall } from '../support/replay.js';
import { startReplayWorld } from '../support/replay-world.js';
import { EXPRESS_SERVICE, NETLIFY_DEMO, WALLET_APP } from './client-calls.js';

/**
 * Client code that ran against Mono's sandbox, replayed call by call (client-calls.ts): each call
 * works, warns, is refused or is a known limit as Mono's record says, and every answer is held to
 * the contract.
 */
describe.each([
  ['the wallet app', WALLET_APP],
  ['the Netlify demo', NETLIFY_DEMO],
  ['the Express service', EXPRESS_SERVICE],
] as const)('calls of %s, in order', (_client, calls: readonly ReplayedCall[]) => {
  let emulator: Emulator;
  let api: ContractClient;
  let vars: Map<string, string>;
  beforeAll(async () => {
    ({ emulator, api, vars } = await startReplayWorld());
  });
  afterAll(() => emulator.stop());

  for (const call of calls) {
    it(`client call: ${titleOf(call)}`, async () => {
      await replay(api, call, vars);
    });
  }
});
