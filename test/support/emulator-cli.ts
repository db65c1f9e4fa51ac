import { runEmulatorCli } from '../../emulator/cli-main.js';
import type { Emulator } from '../../emulator/index.js';
import { stopAfterTest } from './after-test.js';

/**
 * `mono-emulator` run in the test's own process (emulator/cli-main.ts, what the bin runs), with
 * the given arguments and only the given environment, its output captured. For what a test reads
 * off the output and the exit code; signals, pids and the compiled bundle are tested on real
 * processes (test/cli/cli.test.ts, test/cli/npm-start.test.ts). A started one is stopped after
 * the test.
 */
export interface FinishedCli {
  code: number;
  stdout: string;
  stderr: string;
}

export interface StartedCli {
  emulator: Emulator;
  stdout(): string;
  stderr(): string;
  /** Resolves with the match once `pattern` matches stdout; rejects after `timeoutMs`. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Stops it as SIGTERM does (`why` is what the stop line names); resolves with the exit code. */
  stop(why?: string): Promise<number>;
}

async function run(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const outcome = await runEmulatorCli({
    argv: args,
    env,
    pid: process.pid,
    stdout: (text) => {
      stdout += text;
      listeners.forEach((listener) => listener());
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { outcome, stdout: () => stdout, stderr: () => stderr, listeners };
}

/** Runs the command to its end: a usage error, help, version, a failure to start. Starting instead fails the test. */
export async function runEmulatorCliToExit(args: string[], env: Record<string, string> = {}): Promise<FinishedCli> {
  const { outcome, stdout, stderr } = await run(args, env);
  if ('running' in outcome) {
    await outcome.running.stop('the test expected it to exit');
    throw new Error(`mono-emulator ${args.join(' ')} started instead of exiting:\n${stdout()}${stderr()}`);
  }
  return { code: outcome.exitCode, stdout: stdout(), stderr: stderr() };
}

/** Starts the command; exiting instead fails the test with its output. */
export async function startEmulatorCli(args: string[], env: Record<string, string> = {}): Promise<StartedCli> {
  const { outcome, stdout, stderr, listeners } = await run(args, env);
  if ('exitCode' in outcome) throw new Error(`mono-emulator ${args.join(' ')} exited (${outcome.exitCode}) instead of starting:\n${stdout()}${stderr()}`);
  const { running } = outcome;
  stopAfterTest(() => running.stop('the test ended'));
  return {
    emulator: running.emulator,
    stdout,
    stderr,
    stop: (why = 'SIGTERM') => running.stop(why),
    waitForStdout: (pattern, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout());
          if (!match) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(match);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${pattern} did not show within ${timeoutMs} ms:\n${stdout()}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}
