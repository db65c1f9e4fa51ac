import { describe, it } from 'vitest';
import { openTarget } from '../../src/targets/index.js';
import { defineScenarioTests } from './scenario-tests.js';

/**
 * Mono's real sandbox, only with a key (MONO_SANDBOX_API_KEY; optionally
 * MONO_SANDBOX_SECOND_API_KEY, MONO_WEBHOOK_SECRET and MONO_WEBHOOK_PORT). Without one the whole
 * target is one skipped test, never a pass.
 */
const env = process.env;
const apiKey = env.MONO_SANDBOX_API_KEY;

describe('scenarios on the sandbox target (Mono\'s real sandbox)', () => {
  if (!apiKey) {
    it.skip('sandbox target skipped: MONO_SANDBOX_API_KEY is not set', () => {});
    return;
  }
  defineScenarioTests(() =>
    openTarget({
      target: 'sandbox',
      apiKey,
      ...(env.MONO_SANDBOX_BASE_URL ? { baseUrl: env.MONO_SANDBOX_BASE_URL } : {}),
      ...(env.MONO_SANDBOX_SECOND_API_KEY ? { secondApiKey: env.MONO_SANDBOX_SECOND_API_KEY } : {}),
      ...(env.MONO_WEBHOOK_SECRET ? { webhookSecret: env.MONO_WEBHOOK_SECRET } : {}),
      ...(env.MONO_WEBHOOK_PORT ? { webhookPort: Number(env.MONO_WEBHOOK_PORT) } : {}),
    }),
    // A real network and webhooks that may take their time.
    { timeoutMs: 120_000 },
  );
});
