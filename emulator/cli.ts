#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { runEmulatorCli } from './cli-main.js';
import { stopWhenNpmExits } from './cli-process.js';

/** The `mono-emulator` bin: emulator/cli-main.ts on this process's arguments, output, signals and exit code. */
const outcome = await runEmulatorCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  pid: process.pid,
  beforeStart({ lowMemory }) {
    // V8 flags set before the heap grows (the CLI owns its process; the library never sets them).
    // Under allocation-heavy traffic such as card creation, V8 lets the old generation grow to up
    // to 4x what is live; a factor of 1.5 took RSS at 100,000 cards from ~430 MB to ~250 MB at the
    // same create throughput. The young generation's two semi-spaces double under any write-heavy
    // load until 16 MB each; loading the bundle has grown them to 4 MB by now, and a growth factor
    // of 1 keeps them there (the semi-space maximum cannot be set after V8 started; the growth
    // factor is read at each growth): ~24 MB less RSS, no CPU per request the bench could tell.
    // --low-memory keeps the heap closer still to what is live: ~120 MB, for about a quarter less
    // throughput (README: Benchmark).
    setFlagsFromString(lowMemory ? '--optimize-for-size' : '--heap-growing-percent=50 --semi-space-growth-factor=1');
  },
});
if ('exitCode' in outcome) {
  if (outcome.exitCode !== 0) process.exit(outcome.exitCode);
} else {
  const stop = (why: string) => void outcome.running.stop(why).then((code) => process.exit(code));
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  stopWhenNpmExits(process.env, () => stop('the npm process that started it has exited'));
}
