import { execFile } from 'node:child_process';
import { ROOT } from './spawned-emulator.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The compiled `mono-contract` bin (`dist/src/cli.js`, built by `npm test` first) run as a user
 * runs it, from the project's root, without the caller's MONO_* variables.
 */
export function monoContract(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MONO_')));
  return new Promise((resolve) => {
    execFile(process.execPath, ['dist/src/cli.js', ...args], { cwd: ROOT, env: { ...clean, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
