import { describe } from 'vitest';
import type { ReplayedCall } from '../support/replay.js';
import { replayInOrder } from '../support/replay-world.js';
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
  replayInOrder('client call', calls);
});
