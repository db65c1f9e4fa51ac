import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY = /^Mono emulator ready at (http:\/\/\S+) \(API keys?: ([^;]+); clock: \S+\); dashboard: \S+$/m;
const READY_TIMEOUT_MS = 10_000;

export interface SpawnedEmulator {
  url: string;
  apiKeys: string[];
  stop(): Promise<void>;
}

/**
 * Starts the compiled emulator CLI as `npm start` does (`node dist/cli/mono-emulator.mjs`, without
 * npm's overhead) on a free port and reads its ready line; `npm test` builds dist first.
 */
export async function spawnEmulator(apiKeys: string[]): Promise<SpawnedEmulator> {
  const args = ['dist/cli/mono-emulator.mjs', '--port', '0', '--quiet', ...apiKeys.flatMap((key) => ['--api-key', key])];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    url: ready[1]!,
    apiKeys: ready[2]!.split(',').map((key) => key.trim()),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
