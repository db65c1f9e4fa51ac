import { execFile } from 'node:child_process';
import { runContractCli } from '../../src/cli-main.js';
import { ROOT } from './spawned-emulator.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `mono-contract` run in the test's own process (src/cli-main.ts, what the bin runs), with the
 * given arguments, from the project's root, with only the given environment, its output
 * captured. Off a terminal, as in CI. What only a real process shows (signals, a hang, the
 * compiled bin) is run with `monoContractProcess`.
 */
export async function monoContract(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runContractCli({
    argv: args,
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    // Nothing signals a run in this process; a real one is interrupted in test/harness/cli-first-hour.test.ts.
    signals: { on: () => undefined, off: () => undefined },
    exitNow: (exitCode) => {
      throw new Error(`mono-contract ${args.join(' ')} asked to exit at once (${exitCode})`);
    },
  });
  return { code, stdout, stderr };
}

/**
 * The compiled `mono-contract` bin (`dist/src/cli.js`, built by `npm test` first) run as a user
 * runs it, from the project's root, without the caller's MONO_* variables.
 */
export function monoContractProcess(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MONO_')));
  return new Promise((resolve) => {
    execFile(process.execPath, ['dist/src/cli.js', ...args], { cwd: ROOT, env: { ...clean, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
