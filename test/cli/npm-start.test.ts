import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isRunning, startProcess, waitUntil } from '../support/bin-process.js';
import { ROOT } from '../support/spawned-emulator.js';

/**
 * `npm start` and `npx mono-emulator` run the CLI as npm -> sh -c -> node. A CI job stops what it
 * started by its pid, the npm process's: the emulator must stop too, or it keeps the port and the
 * next start fails. These run the real npm.
 */
const READY_JSON = /^\{"url".*\}$/m;
const STOP_TIMEOUT_MS = 8_000;

/** A project that depends on the package, as a user's would (node_modules/.bin links), for npx. */
const userProject = mkdtempSync(join(tmpdir(), 'mono-user-project-'));
mkdirSync(join(userProject, 'node_modules', '.bin'), { recursive: true });
writeFileSync(join(userProject, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, dependencies: { 'mono-card-sandbox': '*' } }));
symlinkSync(ROOT, join(userProject, 'node_modules', 'mono-card-sandbox'));
symlinkSync('../mono-card-sandbox/dist/cli/mono-emulator.mjs', join(userProject, 'node_modules', '.bin', 'mono-emulator'));
afterAll(() => rmSync(userProject, { recursive: true, force: true }));

/** Emulators these tests started: killed by pid after each test, so a failing test leaves none behind. */
const emulators: number[] = [];
afterEach(() => {
  for (const pid of emulators.splice(0)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
});

const launchers = {
  'npm start': () => startProcess('npm', ['start', '--', '--port', '0', '--quiet', '--ready-json']),
  // --offline: npx looks nothing up in the registry; the bin is the project's own.
  'npx mono-emulator': () => startProcess('npx', ['--offline', 'mono-emulator', '--port', '0', '--quiet', '--ready-json'], { cwd: userProject }),
};

/**
 * SIGINT sent to npx's pid alone is not here: npm passes it to the shell it runs the bin in, and
 * dash keeps it while it waits for node (README, CLI reference); Ctrl-C reaches node itself.
 */
const signals: Record<keyof typeof launchers, NodeJS.Signals[]> = { 'npm start': ['SIGTERM', 'SIGINT', 'SIGKILL'], 'npx mono-emulator': ['SIGTERM', 'SIGKILL'] };

describe('stopping npm start / npx mono-emulator by its pid stops the emulator', () => {
  for (const [launcher, launch] of Object.entries(launchers) as [keyof typeof launchers, () => ReturnType<typeof startProcess>][]) {
    for (const signal of signals[launcher]) {
      it(`${launcher}: ${signal} to npm's pid stops the emulator and frees its port`, async () => {
        const npm = launch();
        const [line] = await npm.waitForStdout(READY_JSON, 30_000);
        const { url, pid } = JSON.parse(line) as { url: string; pid: number };
        emulators.push(pid);
        expect(pid).not.toBe(npm.child.pid);
        expect((await fetch(`${url}/_emulator/health`)).status).toBe(200);

        npm.child.kill(signal);
        await waitUntil(() => !isRunning(pid), `the emulator (pid ${pid}) to exit after ${signal} to npm`, STOP_TIMEOUT_MS);
        await expect(fetch(`${url}/_emulator/health`)).rejects.toThrow();
      }, 60_000);
    }
  }

  it('npm start --port 4011 (without "--") exits 2 saying to write npm start -- --port 4011', async () => {
    const npm = startProcess('npm', ['start', '--port', '4011']);
    const exit = await npm.waitForExit(30_000);
    expect(exit.code).not.toBe(0);
    expect(npm.stderr()).toContain('mono-emulator: npm took --port for itself and did not pass it on; put the emulator\'s options after "--": npm start -- --port 4011');
    expect(npm.stdout()).not.toContain('ready at');
  }, 60_000);
});
