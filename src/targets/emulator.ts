import type { EmulatorOptions } from '../../emulator/index.js';
import { UsageError } from '../usage-error.js';
import type { Target } from './target.js';
import { urlTarget } from './url.js';

/** Two tenants, so cross-tenant scenarios run; fixed so that reports and recordings are stable. */
export const IN_PROCESS_API_KEYS = ['sandbox_harness_tenant_a_00000000', 'sandbox_harness_tenant_b_00000000'] as const;

export interface EmulatorTargetOptions {
  /** Passed to createEmulator(); two fixed keys unless `apiKeys` is given. */
  emulator?: EmulatorOptions;
  webhookPort?: number;
}

/** The harness's flag for an emulator option the user can set through it. */
const FLAGS: Record<string, string> = { apiKeys: '--api-key' };

/**
 * The emulator started in this process through its public entry (`createEmulator()`), exactly as
 * a user of the library would, on a free loopback port; stopped when the target closes, or when
 * opening it fails (nothing is left running).
 */
export async function emulatorTarget(options: EmulatorTargetOptions = {}): Promise<Target> {
  // Loaded here, not with the harness: the url and sandbox targets (and --version, lint, diff)
  // never need the emulator, whose modules are ~0.4 s of CPU to load.
  const { createEmulator, EmulatorOptionsError } = await import('../../emulator/index.js');
  const emulator = await createEmulator({ apiKeys: [...IN_PROCESS_API_KEYS], ...options.emulator, port: 0 }).catch((error: unknown) => {
    if (!(error instanceof EmulatorOptionsError)) throw error;
    throw new UsageError(error.problems.map((p) => `${FLAGS[p.option.split('.')[0]!] ?? p.option}: ${p.message}`).join('; '));
  });
  const stop = async () => {
    await emulator.stop();
  };
  try {
    return await urlTarget({ baseUrl: emulator.url, apiKeys: emulator.apiKeys, ...(options.webhookPort === undefined ? {} : { webhookPort: options.webhookPort }) }, 'emulator', stop);
  } catch (error) {
    await stop();
    throw error;
  }
}
