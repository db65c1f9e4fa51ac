import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { BUILT_FOLDERS, builtModules } from './test/support/built-modules.js';
import { LongestFirst } from './test/support/longest-first.js';

const ROOT = fileURLToPath(new URL('./', import.meta.url));

export default defineConfig({
  // The tests load what they test from dist/, natively (test/support/built-modules.ts).
  plugins: [builtModules(ROOT)],
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/fast-check-seed.ts', 'test/support/per-test-setup.ts'],
    globalSetup: ['test/support/build-if-stale.ts'],
    server: { deps: { external: [/\/dist\//] } },
    // A changed source is not in the graph vitest watches (the tests load dist/): any of them reruns every file, after the rebuild.
    forceRerunTriggers: [...configDefaults.forceRerunTriggers, ...BUILT_FOLDERS.map((folder) => `${ROOT}${folder}/**`)],
    // The files of a worker share their modules: the contracts are parsed, the validators compiled
    // and the emulator's modules loaded once per worker instead of once per file (~2 s of CPU each).
    // What a test starts is stopped by test/support/per-test-setup.ts, not by hooks in support modules.
    isolate: false,
    // vitest leaves one core to itself by default, i.e. one worker on a 2-core machine. Its own
    // work is light next to the tests', and many files wait on sockets, timers, Chromium or a
    // spawned process for much of their time: one worker more than cores keeps the cores busy
    // (on 2 cores, 3 workers finished the suite ~8 % sooner than 2).
    maxWorkers: availableParallelism() + 1,
    sequence: { sequencer: LongestFirst },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
