#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { BinRun } from './cli.js';
import { loadCommonJs } from './cli-code-cache.js';
import { DEFAULT_HEAP_FLAGS } from './cli-heap-flags.js';

/**
 * The file `npm start` and the `mono-emulator` bin run (bundled to dist/cli/mono-emulator.mjs):
 * it loads the emulator's bundle (dist/cli/emulator.cjs, emulator/cli.ts and all it imports)
 * through V8's code cache (emulator/cli-code-cache.ts), runs it, and once the emulator serves saves
 * what V8 compiled for the next start.
 */
setFlagsFromString(DEFAULT_HEAP_FLAGS);
const bundle = loadCommonJs(fileURLToPath(new URL('./emulator.cjs', import.meta.url)));
const run = await (bundle.exports as { runBin(): Promise<BinRun> }).runBin();
// Written under the flags the next start compiles with (not --low-memory's), or V8 would refuse it then.
if (run.serving && !run.flagsChanged) bundle.saveCache();
