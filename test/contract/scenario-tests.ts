import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, it } from 'vitest';
import { formatScenarioFailure } from '../../src/reporters/console.js';
import { runScenario } from '../../src/runner.js';
import { loadScenarios } from '../../src/scenario/load.js';
import { SnapshotSession } from '../../src/snapshots/session.js';
import type { Target } from '../../src/targets/index.js';

export const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios', import.meta.url));

/**
 * Turns every scenario file into one test on one target, opened once for the file (the runner
 * resets an emulator before each scenario). A skipped scenario is a skipped test with the
 * runner's reason; a failed one fails with the console's report of the step. With
 * `verifySnapshots`, every answer is also compared with the shipped snapshot beside the scenario
 * (recorded from the emulator by `npm run snapshots`): a difference is a parity failure.
 */
export function defineScenarioTests(open: () => Promise<Target>, options: { timeoutMs?: number; verifySnapshots?: boolean } = {}): void {
  const scenarios = loadScenarios([SCENARIOS_DIR]);
  const snapshots = options.verifySnapshots ? new SnapshotSession({ mode: 'verify' }) : undefined;
  let target: Target | undefined;
  beforeAll(async () => {
    target = await open();
  });
  afterAll(async () => {
    await target?.close();
  });
  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.title}`, async (context) => {
      const result = await runScenario(scenario, target!, snapshots ? { snapshots } : {});
      if (result.outcome === 'skipped') context.skip(result.reason);
      if (result.outcome === 'failed') throw new Error(formatScenarioFailure(result));
    }, options.timeoutMs);
  }
}
