/**
 * What a test started and must stop when it ends, whatever happened: emulators, webhook
 * receivers, child processes. Support modules register here instead of calling vitest's
 * `afterEach` themselves: the suite runs without isolation (vitest.config.ts), so a support
 * module is evaluated once per worker, and a hook it registered at import would belong to the
 * first test file that imported it only. The setup file `test/support/per-test-setup.ts` runs
 * `stopWhatTestsStarted` after every test of every file.
 */
const stops: (() => unknown)[] = [];

/** `stop` runs once, after the current test. */
export function stopAfterTest(stop: () => unknown): void {
  stops.push(stop);
}

export async function stopWhatTestsStarted(): Promise<void> {
  const pending = stops.splice(0);
  const results = await Promise.allSettled(pending.map(async (stop) => stop()));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}
