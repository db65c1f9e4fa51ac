import { emulatorTarget, type EmulatorTargetOptions } from './emulator.js';
import { sandboxTarget, type SandboxTargetOptions } from './sandbox.js';
import type { Target } from './target.js';
import { urlTarget, type UrlTargetOptions } from './url.js';

export type { Target, TargetName, WebhookSetup } from './target.js';
export { IN_PROCESS_API_KEYS } from './emulator.js';
export { SANDBOX_BASE_URL } from './sandbox.js';

/** The one switch: which server the scenarios run against, with what it needs. */
export type TargetSpec =
  | ({ target: 'emulator' } & EmulatorTargetOptions)
  | ({ target: 'url' } & UrlTargetOptions)
  | ({ target: 'sandbox' } & SandboxTargetOptions);

/**
 * Opens a target and checks it once (reachable, keys taken, a fixed webhook port free): a
 * problem is a UsageError, with nothing left running.
 */
export async function openTarget(spec: TargetSpec): Promise<Target> {
  switch (spec.target) {
    case 'emulator':
      return emulatorTarget(spec);
    case 'url':
      return urlTarget(spec);
    case 'sandbox':
      return sandboxTarget(spec);
  }
}
