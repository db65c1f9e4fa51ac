import { createEmulator, type EmulatorOptions } from '../../emulator/index.js';
import type { Target } from './target.js';
import { urlTarget } from './url.js';

/** Two tenants, so cross-tenant scenarios run; fixed so that reports and recordings are stable. */
export const IN_PROCESS_API_KEYS = ['sandbox_harness_tenant_a_00000000', 'sandbox_harness_tenant_b_00000000'] as const;

export interface EmulatorTargetOptions {
  /** Passed to createEmulator(); two fixed keys unless `apiKeys` is given. */
  emulator?: EmulatorOptions;
  webhookPort?: number;
}

/**
 * The emulator started in this process through its public entry (`createEmulator()`), exactly as
 * a user of the library would, on a free loopback port; stopped when the target closes.
 */
export async function emulatorTarget(options: EmulatorTargetOptions = {}): Promise<Target> {
  const emulator = await createEmulator({ apiKeys: [...IN_PROCESS_API_KEYS], ...options.emulator, port: 0 });
  return urlTarget(
    { baseUrl: emulator.url, apiKeys: emulator.apiKeys, ...(options.webhookPort === undefined ? {} : { webhookPort: options.webhookPort }) },
    'emulator',
    async () => {
      await emulator.stop();
    },
  );
}
