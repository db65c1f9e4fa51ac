import { afterEach, vi } from 'vitest';
import { stopWhatTestsStarted } from './after-test.js';

/**
 * Run before every test file (vitest.config.ts `setupFiles`). The suite shares modules between
 * the files of a worker (`isolate: false`), so what one file sets must not reach the next:
 * what a test started is stopped after it, and fake timers are put back.
 */
afterEach(async () => {
  vi.useRealTimers();
  await stopWhatTestsStarted();
});

