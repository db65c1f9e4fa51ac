import { setFlagsFromString } from 'node:v8';
import { runEmulatorCli } from './cli-main.js';
import { stopWhenNpmExits } from './cli-process.js';
import { LOW_MEMORY_HEAP_FLAGS } from './cli-heap-flags.js';

/** How a run of the bin went, for emulator/cli-launcher.ts. */
export interface BinRun {
  /** The emulator is serving (not --help, --version or an error). */
  serving: boolean;
  /** V8 flags were changed after the start (--low-memory): a code cache made now would not fit the next default start. */
  flagsChanged: boolean;
}

/**
 * The `mono-emulator` bin: emulator/cli-main.ts on this process's arguments, output, signals and
 * exit code. Resolves once the emulator serves, or exits the process when the command has ended.
 */
export async function runBin(): Promise<BinRun> {
  let lowMemory = false;
  const outcome = await runEmulatorCli({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    pid: process.pid,
    beforeStart(settings) {
      lowMemory = settings.lowMemory;
      if (lowMemory) setFlagsFromString(LOW_MEMORY_HEAP_FLAGS);
    },
  });
  if ('exitCode' in outcome) {
    if (outcome.exitCode !== 0) process.exit(outcome.exitCode);
    return { serving: false, flagsChanged: lowMemory };
  }
  const stop = (why: string) => void outcome.running.stop(why).then((code) => process.exit(code));
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  stopWhenNpmExits(process.env, () => stop('the npm process that started it has exited'));
  return { serving: true, flagsChanged: lowMemory };
}
