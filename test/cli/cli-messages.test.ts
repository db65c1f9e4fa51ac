import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkedFetch } from '../support/contract-client.js';
import { bankingCardInput } from '../support/fixtures.js';
import { isRunning, startProcess, waitUntil } from '../support/bin-process.js';
import { runEmulatorCliToExit, startEmulatorCli } from '../support/emulator-cli.js';
import { ROOT } from '../support/spawned-emulator.js';
import { startReceiver } from '../support/webhook-receiver.js';

/**
 * What `mono-emulator` says to a user who gets something slightly wrong, and what it gives
 * scripts: `--version`, `--port-file`, `--ready-json`. Run in this process (emulator/cli-main.ts,
 * what the bin runs), except where the process itself is the point: `node
 * dist/cli/mono-emulator.mjs`, what `npm start` runs, for a port in use (nothing left running),
 * the version (read beside the bundle) and the pid of the ready JSON.
 */
const CLI = 'dist/cli/mono-emulator.mjs';
const emulatorProcess = (args: string[], env: Record<string, string> = {}) => startProcess(process.execPath, [CLI, ...args], { env });
const temp = mkdtempSync(join(tmpdir(), 'mono-emulator-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Runs the CLI to its exit: a usage error must not start anything. */
const usageError = runEmulatorCliToExit;

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

async function occupiedPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return { port: (blocker.address() as { port: number }).port, close: () => new Promise((resolve) => blocker.close(() => resolve())) };
}

describe('mono-emulator: usage errors say what to type instead, on one line, exit 2', () => {
  it('a port in use names the port and --port, exit 2, nothing listening', async () => {
    const blocker = await occupiedPort();
    try {
      const run = emulatorProcess(['--port', String(blocker.port)]);
      const { code } = await run.waitForExit();
      const [stdout, stderr] = [run.stdout(), run.stderr()];
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(lines(stderr)).toEqual([`mono-emulator: port ${blocker.port} on 127.0.0.1 is in use (another emulator still running?): pick another with --port <n> (MONO_EMULATOR_PORT), or --port 0 for a free one`]);
    } finally {
      await blocker.close();
    }
  });

  it('a misspelt flag gets "did you mean", one line', async () => {
    const { code, stderr } = await usageError(['--prot', '4011']);
    expect(code).toBe(2);
    expect(lines(stderr)).toEqual(['mono-emulator: unknown option --prot (did you mean --port?) (mono-emulator --help lists the options)']);
    expect((await usageError(['--webhok-url', 'http://x'])).stderr).toContain('did you mean --webhook-url?');
    expect((await usageError(['--frobnicate'])).stderr).not.toContain('did you mean');
  });

  it('a bad value names the flag and its variable, not the library option', async () => {
    const { code, stderr } = await usageError(['--api-key', 'abc']);
    expect(code).toBe(2);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toContain('--api-key (MONO_EMULATOR_API_KEYS): API keys are 8-128 letters');
    expect(stderr).not.toContain('apiKeys');
  });

  it('npm start --port 4011 (npm keeps --port, passes 4011 on): says to put the options after "--"', async () => {
    // What npm hands the script for `npm start --port 4011` and `npm start --port=4011` (checked with npm 11).
    const spaced = await usageError(['4011'], { npm_lifecycle_event: 'start', npm_config_port: 'true' });
    expect(spaced.code).toBe(2);
    expect(lines(spaced.stderr)).toEqual([
      'mono-emulator: npm took --port for itself and did not pass it on; put the emulator\'s options after "--": npm start -- --port 4011 (mono-emulator --help lists the options)',
    ]);
    const joined = await usageError([], { npm_lifecycle_event: 'start', npm_config_port: '4011' });
    expect(joined.stderr).toContain('npm start -- --port 4011');
  });

  it('a stray argument is refused, naming it', async () => {
    const { code, stderr } = await usageError(['4011']);
    expect(code).toBe(2);
    expect(stderr).toContain('unexpected argument "4011"');
  });
});

describe('mono-emulator: what a first run shows', () => {
  it('an unknown MONO_EMULATOR_* variable is warned about (with the setting it may mean), and the emulator still starts', async () => {
    const run = await startEmulatorCli(['--port', '0', '--quiet'], { MONO_EMULATOR_PROT: '4011', MONO_EMULATOR_VERBOSE: '1' });
    expect(run.stdout()).toMatch(/^Mono emulator ready at/);
    expect(lines(run.stderr())).toEqual([
      'mono-emulator: warning: MONO_EMULATOR_PROT is not a setting and is ignored (did you mean MONO_EMULATOR_PORT?)',
      'mono-emulator: warning: MONO_EMULATOR_VERBOSE is not a setting and is ignored',
    ]);
  });

  it('--version and -v print the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const run = emulatorProcess([flag]);
      expect(await run.waitForExit()).toEqual({ code: 0, signal: null });
      expect(run.stdout()).toBe(`mono-card-sandbox ${version}\n`);
    }
  });

  it('one undelivered delivery at stop reads "1 webhook delivery" and "1 attempt"', async () => {
    const failing = await startReceiver(() => 500);
    // The card's creation sends card_created, an emulator-only event, to a registration that takes them.
    const run = await startEmulatorCli(['--port', '0', '--webhook-url', failing.url, '--webhook-emulator-events']);
    const [, url, key] = /ready at (\S+) \(API key: (\S+);/.exec(run.stdout())!;
    const accounts = (await (await checkedFetch(`${url}/v1/accounts`, { headers: { authorization: `Bearer ${key}` } })).json()) as { accounts: { id: string }[] };
    const created = await checkedFetch(`${url}/v1/cards`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(bankingCardInput(accounts.accounts[0]!.id)),
    });
    expect(created.status).toBe(201);
    await waitUntil(() => failing.received.length === 1, 'the first attempt');
    expect(await run.stop()).toBe(0);
    expect(run.stdout()).toMatch(/not delivered: 1 attempt, last: HTTP 500\n/);
    expect(run.stdout()).toMatch(/\nStopped; 1 webhook delivery not delivered\.\n$/);
  });
});

describe('mono-emulator: --port 0 for scripts', () => {
  it('--port-file gets the port once it listens, and is removed at stop', async () => {
    const file = join(temp, 'port');
    const run = await startEmulatorCli(['--port', '0', '--quiet', '--port-file', file]);
    const port = Number(readFileSync(file, 'utf8'));
    expect(readFileSync(file, 'utf8')).toMatch(/^\d+\n$/);
    expect((await checkedFetch(`http://127.0.0.1:${port}/_emulator/health`)).status).toBe(200);
    expect(await run.stop()).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('--ready-json prints the ready line as one JSON object: url, dashboard URL, port, keys, clock, pid', async () => {
    const run = emulatorProcess(['--port', '0', '--quiet', '--ready-json', '--api-key', 'sandbox_json_tenant_0001']);
    const [line] = await run.waitForStdout(/^\{.*\}\n/);
    const ready = JSON.parse(line) as { url: string; dashboardUrl: string; port: number; apiKeys: string[]; clock: string; pid: number };
    expect(ready).toEqual({
      url: `http://127.0.0.1:${ready.port}`,
      dashboardUrl: `http://127.0.0.1:${ready.port}/_emulator/dashboard`,
      port: ready.port,
      apiKeys: ['sandbox_json_tenant_0001'],
      clock: 'system',
      pid: run.child.pid,
    });
    expect((await checkedFetch(`${ready.url}/v1/accounts`, { headers: { authorization: 'Bearer sandbox_json_tenant_0001' } })).status).toBe(200);
    run.child.kill('SIGINT');
    expect((await run.waitForExit()).code).toBe(0);
    expect(isRunning(ready.pid)).toBe(false);
  });

  it('MONO_EMULATOR_PORT_FILE and MONO_EMULATOR_READY_JSON are their environment twins', async () => {
    const file = join(temp, 'port-from-env');
    const run = await startEmulatorCli([], { MONO_EMULATOR_PORT: '0', MONO_EMULATOR_QUIET: '1', MONO_EMULATOR_PORT_FILE: file, MONO_EMULATOR_READY_JSON: '1' });
    const [line] = /^\{.*\}\n/.exec(run.stdout())!;
    expect(existsSync(file)).toBe(true);
    expect(Number(readFileSync(file, 'utf8'))).toBe((JSON.parse(line) as { port: number }).port);
  });
});
