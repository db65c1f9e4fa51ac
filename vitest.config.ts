import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/support/longest-first.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/fast-check-seed.ts', 'test/support/per-test-setup.ts'],
    // The files of a worker share their modules: the contracts are parsed, the validators compiled
    // and the emulator's modules loaded once per worker instead of once per file (~2 s of CPU each).
    // What a test starts is stopped by test/support/per-test-setup.ts, not by hooks in support modules.
    isolate: false,
    // vitest leaves one core to itself by default, i.e. one worker on a 2-core machine; its own
    // work is light next to the tests', so every core runs tests.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: LongestFirst },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
