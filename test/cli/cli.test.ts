import { once } from 'node:events';
import { connect, createServer, type Server } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { verifyMonoSignature } from '../../emulator/index.js';
import { startProcess, type BinProcess } from '../support/bin-process.js';
import { checkedFetch } from '../support/contract-client.js';
import { runEmulatorCliToExit, startEmulatorCli, type StartedCli } from '../support/emulator-cli.js';
import { bankingCardInput } from '../support/fixtures.js';
import { startReceiver } from '../support/webhook-receiver.js';

/**
 * `mono-emulator`: what it prints, takes and refuses, run in this process (emulator/cli-main.ts,
 * what the bin runs) with only the environment each test gives; and what only a real process
 * shows (the compiled bundle starting, signals), run exactly as `npm start` does
 * (`node dist/cli/mono-emulator.mjs`; `npm test` builds first). Every emulator and child is
 * stopped after its test, whatever happened.
 */
const CLI = 'dist/cli/mono-emulator.mjs';
const READY_TIMEOUT_MS = 10_000;

/** The one line the CLI prints when it listens (with a warning at its end when it listens beyond loopback). */
const READY = /^Mono emulator ready at (http:\/\/([^\s:]+):(\d+)) \(API keys?: ([^;]+); clock: (\S+)\); dashboard: (\S+)(?: WARNING: (.+))?$/;
/** One request log line: ISO time, method, path, status, milliseconds. */
const LOG_LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z) ([A-Z]+) (\S+) (\d{3}) (\d+(?:\.\d+)?)ms$/;

/** What the ready line says. */
interface Ready {
  url: string;
  /** The dashboard's URL the ready line prints. */
  dashboard: string;
  /** The warning at the end of the ready line, if any. */
  warning: string | undefined;
  host: string;
  port: number;
  keys: string[];
  clock: string;
  readyLine: string;
}

function readyFrom(stdout: string): Ready {
  const readyLine = stdout.split('\n').find((line) => READY.test(line));
  if (!readyLine) throw new Error(`no ready line in:\n${stdout}`);
  const [, url, host, port, keys, clock, dashboard, warning] = READY.exec(readyLine)!;
  return { readyLine, url: url!, host: host!, port: Number(port), keys: keys!.split(', '), clock: clock!, dashboard: dashboard!, warning };
}

type ReadyCli = Ready & StartedCli;

/** Starts the CLI in this process; it has printed its ready line when this resolves. */
async function startCli(args: string[], env: Record<string, string> = {}): Promise<ReadyCli> {
  const cli = await startEmulatorCli(args, env);
  return { ...cli, ...readyFrom(cli.stdout()) };
}

/** Runs the CLI in this process to its end (it is expected to exit by itself). */
const runToExit = runEmulatorCliToExit;

type CliProcess = Ready & BinProcess;

/** Spawns the compiled CLI as `npm start` does and waits (with a timeout) for its ready line. */
async function startCliProcess(args: string[]): Promise<CliProcess> {
  const run = startProcess(process.execPath, [CLI, ...args]);
  await run.waitForStdout(new RegExp(READY.source, 'm'), READY_TIMEOUT_MS);
  return { ...run, ...readyFrom(run.stdout()) };
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');
const readyLines = (text: string) => lines(text).filter((line) => line.startsWith('Mono emulator ready'));
const logLines = (text: string) => lines(text).filter((line) => LOG_LINE.test(line));

const get = (url: string, key?: string) => checkedFetch(url, key ? { headers: { authorization: `Bearer ${key}` } } : {});

async function accountIds(cli: Ready, key: string): Promise<string[]> {
  const res = await get(`${cli.url}/v1/accounts`, key);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { accounts: { id: string }[] };
  return body.accounts.map((account) => account.id);
}

describe('mono-emulator CLI', () => {
  it('cli: --port 0 prints one ready line with the URL, a sandbox_ key, the system clock and the dashboard (the compiled bin, in its own process)', async () => {
    const cli = await startCliProcess(['--port', '0']);
    expect(cli.readyLine).toMatch(/^Mono emulator ready at http:\/\/127\.0\.0\.1:\d+ \(API key: sandbox_[0-9A-Za-z]+; clock: system\); dashboard: http:\/\/127\.0\.0\.1:\d+\/_emulator\/dashboard$/);
    expect(cli.dashboard).toBe(`${cli.url}/_emulator/dashboard`);
    expect(cli.port).toBeGreaterThan(0);
    expect(cli.port).not.toBe(4010);
    expect(cli.keys).toHaveLength(1);
    expect(readyLines(cli.stdout())).toHaveLength(1);
  });

  it('cli: the ready URL serves GET /_emulator/health and, with the printed key, GET /v1/accounts', async () => {
    const cli = await startCli(['--port', '0']);
    const health = await get(`${cli.url}/_emulator/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const accounts = await get(`${cli.url}/v1/accounts`, cli.keys[0]);
    expect(accounts.status).toBe(200);
    const body = (await accounts.json()) as { accounts: { id: string }[] };
    expect(body.accounts.length).toBeGreaterThan(0);
    for (const account of body.accounts) expect(account.id).toMatch(/^acc_[0-9A-Za-z]{22}$/);

    expect((await get(`${cli.url}/v1/accounts`)).status).toBe(401);
    expect((await get(`${cli.url}/v1/accounts`, 'sandbox_not_the_printed_key')).status).toBe(401);
  });

  it('cli: the dashboard URL of the ready line serves the page, and the bundled CLI serves the files it loads', async () => {
    const cli = await startCliProcess(['--port', '0']);
    const page = await get(cli.dashboard);
    expect(page.status).toBe(200);
    const text = await page.text();
    const files = [...text.matchAll(/(?:src|href)="(\/_emulator\/dashboard\/[^"]+)"/g)].map((m) => m[1]!);
    expect(files.sort()).toEqual(['/_emulator/dashboard/dashboard.css', '/_emulator/dashboard/scripts/app.js']);
    for (const file of [...files, '/_emulator/dashboard/scripts/view.js']) {
      const res = await get(`${cli.url}${file}`);
      expect(res.status, file).toBe(200);
      expect((await res.text()).length, file).toBeGreaterThan(100);
    }
  });

  it('cli: the default host is 127.0.0.1 (loopback only, not every interface)', async () => {
    const cli = await startCli(['--port', '0']);
    expect(cli.host).toBe('127.0.0.1');
    expect((await get(`http://127.0.0.1:${cli.port}/_emulator/health`)).status).toBe(200);
    // 127.0.0.2 is another loopback address: a server bound to every interface would answer on it.
    const socket = connect(cli.port, '127.0.0.2');
    const [error] = (await Promise.race([once(socket, 'error'), once(socket, 'connect').then(() => [new Error('connected')])])) as [
      NodeJS.ErrnoException,
    ];
    socket.destroy();
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('cli: --host 0.0.0.0 warns on the ready line, and calls on every tenant are refused without an admin token; tenant keys keep working', async () => {
    const cli = await startCli(['--port', '0', '--host', '0.0.0.0', '--quiet']);
    expect(cli.warning).toBe('listening beyond loopback without --admin-token: calls on every tenant are refused.');
    const base = `http://127.0.0.1:${cli.port}`;
    const reset = await checkedFetch(`${base}/_emulator/reset`, { method: 'POST' });
    expect(reset.status).toBe(401);
    expect(((await reset.json()) as { errors: { error_code: string }[] }).errors[0]!.error_code).toBe('admin_token_required');
    expect((await checkedFetch(`${base}/_emulator/reset`, { method: 'POST', headers: { authorization: `Bearer ${cli.keys[0]}` } })).status).toBe(204);
  });

  it('cli: MONO_EMULATOR_ADMIN_TOKEN (twin of --admin-token) opens calls on every tenant beyond loopback; without it they answer 401', async () => {
    const token = 'cli_admin_token_0001';
    const cli = await startCli(['--port', '0', '--host', '0.0.0.0', '--quiet'], { MONO_EMULATOR_ADMIN_TOKEN: token });
    expect(cli.warning).toBe('listening beyond loopback: calls on every tenant need the admin token.');
    const base = `http://127.0.0.1:${cli.port}`;
    const made = await checkedFetch(`${base}/_emulator/tenants`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(made.status).toBe(201);
    const { api_key: key } = (await made.json()) as { api_key: string };
    expect((await get(`${base}/v1/accounts`, key)).status).toBe(200);
    expect((await checkedFetch(`${base}/_emulator/tenants/${key}`, { method: 'DELETE' })).status).toBe(401);
    expect((await checkedFetch(`${base}/_emulator/tenants/${key}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
  });

  it('cli: --any-key (and MONO_EMULATOR_ANY_KEY=1) lets an unknown sandbox_ key open a tenant; without it the key answers 401', async () => {
    const [withFlag, withEnv, without] = await Promise.all([
      startCli(['--port', '0', '--quiet', '--any-key']),
      startCli(['--port', '0', '--quiet'], { MONO_EMULATOR_ANY_KEY: '1' }),
      startCli(['--port', '0', '--quiet']),
    ]);
    expect(withFlag.warning).toBeUndefined();
    expect((await get(`${withFlag.url}/v1/accounts`, 'sandbox_cli_any_key_worker_1')).status).toBe(200);
    expect((await get(`${withEnv.url}/v1/accounts`, 'sandbox_cli_any_key_worker_1')).status).toBe(200);
    expect((await get(`${without.url}/v1/accounts`, 'sandbox_cli_any_key_worker_1')).status).toBe(401);
  });

  it('cli: the same --seed prints the same API key twice, and another seed another key', async () => {
    const [first, again, other] = await Promise.all([
      startCli(['--port', '0', '--seed', '42']),
      startCli(['--port', '0', '--seed', '42']),
      startCli(['--port', '0', '--seed', '43']),
    ]);
    expect(first.keys[0]).toMatch(/^sandbox_[0-9A-Za-z]+$/);
    expect(again.keys).toEqual(first.keys);
    expect(other.keys[0]).toMatch(/^sandbox_[0-9A-Za-z]+$/);
    expect(other.keys[0]).not.toBe(first.keys[0]);
  });

  it('cli: without --seed the key is the one of the documented default seed 20260101', async () => {
    const [unseeded, seeded] = await Promise.all([startCli(['--port', '0']), startCli(['--port', '0', '--seed', '20260101'])]);
    expect(unseeded.keys).toEqual(seeded.keys);
  });

  it('cli: --api-key a… --api-key b… gives two tenants, each key working and seeing only its own accounts', async () => {
    const keyA = 'sandbox_cli_tenant_a_0001';
    const keyB = 'sandbox_cli_tenant_b_0002';
    const cli = await startCli(['--port', '0', '--api-key', keyA, '--api-key', keyB]);
    expect(cli.readyLine).toContain(`(API keys: ${keyA}, ${keyB}; clock: system)`);
    const [a, b] = await Promise.all([accountIds(cli, keyA), accountIds(cli, keyB)]);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    const foreign = await get(`${cli.url}/v1/accounts/${b[0]}/balances`, keyA);
    expect(foreign.status).toBe(404);
  });

  it('cli: env twins MONO_EMULATOR_API_KEYS (comma-separated), MONO_EMULATOR_PORT=0 and MONO_EMULATOR_CLOCK=manual', async () => {
    const keyA = 'sandbox_env_tenant_a_01';
    const keyB = 'sandbox_env_tenant_b_02';
    const cli = await startCli([], { MONO_EMULATOR_API_KEYS: `${keyA},${keyB}`, MONO_EMULATOR_PORT: '0', MONO_EMULATOR_CLOCK: 'manual' });
    expect(cli.port).toBeGreaterThan(0);
    expect(cli.port).not.toBe(4010);
    expect(cli.keys).toEqual([keyA, keyB]);
    expect(cli.clock).toBe('manual');
    expect((await accountIds(cli, keyA)).length).toBeGreaterThan(0);
    expect((await accountIds(cli, keyB)).length).toBeGreaterThan(0);

    const readClock = async () => (await (await get(`${cli.url}/_emulator/clock`)).json()) as { mode: string; now: string };
    const first = await readClock();
    expect(first.mode).toBe('manual');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await readClock()).now).toBe(first.now);

    const advanced = await checkedFetch(`${cli.url}/_emulator/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 3600 }),
    });
    expect(advanced.status).toBe(200);
    expect(Date.parse(((await advanced.json()) as { now: string }).now) - Date.parse(first.now)).toBe(3_600_000);
  });

  it('cli: MONO_EMULATOR_SEED gives the same key as --seed, and a flag wins over its env twin', async () => {
    const [fromEnv, fromFlag, flagOverEnv] = await Promise.all([
      startCli(['--port', '0'], { MONO_EMULATOR_SEED: '7' }),
      startCli(['--port', '0', '--seed', '7']),
      startCli(['--port', '0', '--seed', '7'], { MONO_EMULATOR_SEED: '8' }),
    ]);
    expect(fromEnv.keys[0]).toMatch(/^sandbox_[0-9A-Za-z]+$/);
    expect(fromEnv.keys).toEqual(fromFlag.keys);
    expect(flagOverEnv.keys).toEqual(fromFlag.keys);
  });

  it('cli: --help exits 0 and lists every flag with its environment twin', async () => {
    const { code, stdout, stderr } = await runToExit(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(readyLines(stdout)).toEqual([]);
    // One entry per flag: from "--flag" to the next "--flag".
    const entries = new Map(
      stdout
        .split(/^(?=\s*--[a-z])/m)
        .map((entry) => entry.trim())
        .filter((entry) => entry.startsWith('--'))
        .map((entry) => [/^--([a-z-]+)/.exec(entry)![1]!, entry]),
    );
    const twins = {
      port: 'MONO_EMULATOR_PORT',
      host: 'MONO_EMULATOR_HOST',
      'api-key': 'MONO_EMULATOR_API_KEYS',
      'any-key': 'MONO_EMULATOR_ANY_KEY',
      'admin-token': 'MONO_EMULATOR_ADMIN_TOKEN',
      'max-tenants': 'MONO_EMULATOR_MAX_TENANTS',
      seed: 'MONO_EMULATOR_SEED',
      'tokenization-latency': 'MONO_EMULATOR_TOKENIZATION_LATENCY',
      'idempotency-ttl': 'MONO_EMULATOR_IDEMPOTENCY_TTL',
      'authorization-expiry': 'MONO_EMULATOR_AUTHORIZATION_EXPIRY',
      clock: 'MONO_EMULATOR_CLOCK',
      'clock-speed': 'MONO_EMULATOR_CLOCK_SPEED',
      'webhook-url': 'MONO_EMULATOR_WEBHOOK_URL',
      'webhook-emulator-events': 'MONO_EMULATOR_WEBHOOK_EMULATOR_EVENTS',
      'webhook-secret': 'MONO_EMULATOR_WEBHOOK_SECRET',
      'webhook-timeout': 'MONO_EMULATOR_WEBHOOK_TIMEOUT',
      'webhook-log-limit': 'MONO_EMULATOR_WEBHOOK_LOG_LIMIT',
      strict: 'MONO_EMULATOR_STRICT',
      fault: 'MONO_EMULATOR_FAULTS',
      'rate-limit': 'MONO_EMULATOR_RATE_LIMIT',
      quiet: 'MONO_EMULATOR_QUIET',
      'low-memory': 'MONO_EMULATOR_LOW_MEMORY',
      'port-file': 'MONO_EMULATOR_PORT_FILE',
      'ready-json': 'MONO_EMULATOR_READY_JSON',
    };
    expect([...entries.keys()].sort()).toEqual([...Object.keys(twins), 'help', 'version'].sort());
    for (const [flag, env] of Object.entries(twins)) expect(entries.get(flag), `--${flag}`).toContain(env);
  });

  it('cli: an unknown flag exits 2 with a message on stderr naming it, and starts nothing', async () => {
    const { code, stdout, stderr } = await runToExit(['--port', '0', '--frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toContain('--frobnicate');
    expect(readyLines(stdout)).toEqual([]);
  });

  it('cli: --port abc exits 2 with a message on stderr naming the flag and the value', async () => {
    const { code, stdout, stderr } = await runToExit(['--port', 'abc']);
    expect(code).toBe(2);
    expect(stderr).toContain('--port');
    expect(stderr).toContain('abc');
    expect(readyLines(stdout)).toEqual([]);
  });

  it('cli: --clock sometimes exits 2 with a message on stderr naming the flag and the value', async () => {
    const { code, stdout, stderr } = await runToExit(['--port', '0', '--clock', 'sometimes']);
    expect(code).toBe(2);
    expect(stderr).toContain('--clock');
    expect(stderr).toContain('sometimes');
    expect(readyLines(stdout)).toEqual([]);
  });

  it('cli: a bad value in an env twin (MONO_EMULATOR_CLOCK=sometimes) exits 2 with a message on stderr', async () => {
    const { code, stdout, stderr } = await runToExit([], { MONO_EMULATOR_PORT: '0', MONO_EMULATOR_CLOCK: 'sometimes' });
    expect(code).toBe(2);
    expect(stderr).toContain('sometimes');
    expect(readyLines(stdout)).toEqual([]);
  });

  it('cli: an out-of-range value (--port 70000) is a bad value too: exit 2 with a message on stderr', async () => {
    const { code, stdout, stderr } = await runToExit(['--port', '70000']);
    expect(readyLines(stdout)).toEqual([]);
    expect(stderr).toMatch(/port/i);
    expect(code).toBe(2);
  });

  it('cli: --authorization-expiry 2 releases an unsettled authorization two days later on the manual clock; 0 exits 2', async () => {
    const cli = await startCli(['--port', '0', '--quiet', '--clock', 'manual', '--authorization-expiry', '2']);
    const key = cli.keys[0]!;
    const post = (path: string, body: unknown) =>
      checkedFetch(`${cli.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const [account] = await accountIds(cli, key);
    const card = (await (await post('/v1/cards', bankingCardInput(account!))).json()) as { id: string };
    const auth = (await (await post(`/_emulator/cards/${card.id}/authorizations`, { amount: { amount: 100_000, currency: 'COP' } })).json()) as { transaction: { id: string } };
    expect((await post('/_emulator/clock/advance', { seconds: 2 * 86_400 - 1 })).status).toBe(200);
    const pending = (await (await get(`${cli.url}/_emulator/card-transactions/${auth.transaction.id}`, key)).json()) as { authorization: { status: string } };
    expect(pending.authorization.status).toBe('pending');
    expect((await post('/_emulator/clock/advance', { seconds: 1 })).status).toBe(200);
    const expired = (await (await get(`${cli.url}/_emulator/card-transactions/${auth.transaction.id}`, key)).json()) as { authorization: { status: string } };
    expect(expired.authorization.status).toBe('reversed');

    const { code, stderr } = await runToExit(['--port', '0', '--authorization-expiry', '0']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/authorization/i);
  });

  it('cli: each request logs one stdout line with time, method, path, status and milliseconds', async () => {
    const cli = await startCli(['--port', '0']);
    expect((await get(`${cli.url}/_emulator/health`)).status).toBe(200);
    expect((await get(`${cli.url}/v1/accounts`)).status).toBe(401);
    await cli.waitForStdout(/ GET \/v1\/accounts 401 /);

    const parsed = logLines(cli.stdout()).map((line) => LOG_LINE.exec(line)!);
    expect(parsed.map(([, , method, path, status]) => `${method} ${path} ${status}`)).toEqual([
      'GET /_emulator/health 200',
      'GET /v1/accounts 401',
    ]);
    for (const [, time, , , , ms] of parsed) {
      expect(Number.isNaN(Date.parse(time!))).toBe(false);
      expect(Math.abs(Date.parse(time!) - Date.now())).toBeLessThan(60_000);
      expect(Number(ms)).toBeGreaterThanOrEqual(0);
    }
    // Nothing but the ready line and log lines on stdout.
    expect(lines(cli.stdout())).toEqual([cli.readyLine, ...parsed.map(([line]) => line)]);
  });

  it('cli: an unknown body field is ignored with an x-emulator-warning, also on the log line; --strict (and MONO_EMULATOR_STRICT=1) refuse it with 422 unknown_field', async () => {
    const holder = {
      external_id: 'cli-holder-1',
      person: { country_code: 'CO', document_number: '79123456', document_type: 'CC', first_name: 'Ana', last_name: 'Gómez', person_type: 'natural' },
      address: { line_1: 'Carrera 7 # 71-21', city: 'Bogotá', state: 'Bogotá D.C.', zip_code: '110231', country: 'CO' },
      person_id: 'CC-79123456',
    };
    const post = (cli: ReadyCli) =>
      checkedFetch(`${cli.url}/v1/ledger/account_holders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cli.keys[0]}`, 'content-type': 'application/json' },
        body: JSON.stringify(holder),
      });
    const lenient = await startCli(['--port', '0']);
    const accepted = await post(lenient);
    expect(accepted.status).toBe(201);
    expect(accepted.headers.get('x-emulator-warning')).toBe('ignored unknown field #/person_id');
    const [logged] = await lenient.waitForStdout(/^.* \/v1\/ledger\/account_holders .*$/m);
    expect(logged).toMatch(/ 201 \S+ms ! ignored unknown field #\/person_id$/);

    for (const strict of [await startCli(['--port', '0', '--strict']), await startCli([], { MONO_EMULATOR_PORT: '0', MONO_EMULATOR_STRICT: '1' })]) {
      const refused = await post(strict);
      expect(refused.status).toBe(422);
      expect(refused.headers.get('x-emulator-warning')).toBeNull();
      const body = (await refused.json()) as { errors: { error_code: string; path: string }[] };
      expect(body.errors).toEqual([expect.objectContaining({ error_code: 'unknown_field', path: '#/person_id' })]);
    }
  });

  it('cli: --quiet prints the ready line and no request log line', async () => {
    const cli = await startCli(['--port', '0', '--quiet']);
    expect((await get(`${cli.url}/_emulator/health`)).status).toBe(200);
    expect((await get(`${cli.url}/v1/accounts`, cli.keys[0])).status).toBe(200);
    // Every response has finished once the server has closed: stdout is then complete.
    expect(await cli.stop()).toBe(0);
    expect(lines(cli.stdout())).toEqual([cli.readyLine]);
  });

  it('cli: MONO_EMULATOR_QUIET=1 is the env twin of --quiet', async () => {
    const cli = await startCli([], { MONO_EMULATOR_PORT: '0', MONO_EMULATOR_QUIET: '1' });
    expect((await get(`${cli.url}/_emulator/health`)).status).toBe(200);
    expect(await cli.stop()).toBe(0);
    expect(lines(cli.stdout())).toEqual([cli.readyLine]);
  });

  it('cli: SIGTERM makes it exit 0 within a few seconds, even with a kept-alive connection open', async () => {
    const cli = await startCliProcess(['--port', '0', '--quiet']);
    expect((await get(`${cli.url}/_emulator/health`)).status).toBe(200);
    const started = Date.now();
    cli.child.kill('SIGTERM');
    const exit = await cli.waitForExit(3_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('cli: SIGTERM with one webhook attempt hanging and another delivery waiting for its retry exits 0 within seconds, refuses new connections meanwhile, and reports both deliveries as not delivered', async () => {
    const hanging = await startReceiver(() => 'hang');
    const failing = await startReceiver(() => 500);
    const cli = await startCliProcess(['--port', '0', '--quiet', '--webhook-url', hanging.url, '--webhook-emulator-events', '--webhook-timeout', '60000']);
    const key = cli.keys[0]!;
    const post = (path: string, body: unknown) =>
      checkedFetch(`${cli.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/_emulator/webhooks', { url: failing.url, emulator_events: ['card_created'] })).status).toBe(201);
    const [account] = await accountIds(cli, key);
    expect((await post('/v1/cards', bankingCardInput(account!))).status).toBe(201);
    await vi.waitFor(() => expect([hanging.received.length, failing.received.length]).toEqual([1, 1]), { timeout: 15_000, interval: 10 });

    const started = Date.now();
    cli.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Still finishing (the hanging attempt has up to 2 s), but no longer taking connections.
    expect(cli.child.exitCode).toBeNull();
    await expect(fetch(`${cli.url}/_emulator/health`)).rejects.toThrow(); // refused: nothing to check
    const exit = await cli.waitForExit(4_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(4_000);
    const reported = lines(cli.stdout()).filter((line) => line.startsWith('Webhook delivery'));
    expect(reported).toHaveLength(2);
    expect(reported.find((line) => line.includes(hanging.url))).toMatch(/^Webhook delivery dlv_\w{22} \(card_created to \S+\) not delivered: 1 attempt, last: the emulator stopped before the receiver answered$/);
    expect(reported.find((line) => line.includes(failing.url))).toMatch(/not delivered: 1 attempt, last: HTTP 500$/);
  });

  it('cli: SIGTERM while a request is being answered lets it finish (its client gets the 201), then exits 0', async () => {
    // The creation takes 1.5 s (Visa's step), inside the 2 s that stop() gives requests under way.
    const cli = await startCliProcess(['--port', '0', '--quiet', '--tokenization-latency', '1500']);
    const key = cli.keys[0]!;
    const [account] = await accountIds(cli, key);
    const creation = checkedFetch(`${cli.url}/v1/cards`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(bankingCardInput(account!)),
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    cli.child.kill('SIGTERM');
    const res = await creation;
    expect(res.status).toBe(201);
    expect(res.headers.get('connection')).toBe('close');
    expect((await cli.waitForExit(4_000)).code).toBe(0);
  });

  it('cli: --webhook-url with --webhook-emulator-events sends the card events there too, signed with the secret printed once at start', async () => {
    const receiver = await startReceiver();
    const cli = await startCli(['--port', '0', '--quiet', '--webhook-url', receiver.url, '--webhook-emulator-events']);
    const secret = /signed with (whsec_\S+)$/m.exec(cli.stdout())?.[1];
    expect(secret).toMatch(/^whsec_/);
    expect(cli.stdout()).toContain(`Webhooks go to ${receiver.url}`);

    const key = cli.keys[0]!;
    const [account] = await accountIds(cli, key);
    const created = await checkedFetch(`${cli.url}/v1/cards`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(bankingCardInput(account!)),
    });
    expect(created.status).toBe(201);
    const card = (await created.json()) as { id: string };
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1), { timeout: 15_000, interval: 10 });
    const hook = receiver.received[0]!;
    expect(hook.body.event).toMatchObject({ type: 'card_created', data: { id: card.id } });
    expect(verifyMonoSignature(hook.rawBody, String(hook.headers['mono-signature']), secret!)).toBe(true);
  });

  it('cli: --webhook-secret sets the secret; a malformed one is a usage error', async () => {
    const receiver = await startReceiver();
    const cli = await startCli(['--port', '0', '--quiet', '--webhook-url', receiver.url, '--webhook-secret', 'whsec_chosen_by_the_user_0000']);
    expect(cli.stdout()).toContain('signed with whsec_chosen_by_the_user_0000');
    const bad = await runToExit(['--port', '0', '--webhook-url', receiver.url, '--webhook-secret', 'hunter2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('whsec_');
  });

  it('cli: --fault (repeatable) and MONO_EMULATOR_FAULTS give every tenant API fault rules', async () => {
    const post = (cli: ReadyCli, account: string) =>
      checkedFetch(`${cli.url}/v1/cards`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cli.keys[0]}`, 'content-type': 'application/json' },
        body: JSON.stringify(bankingCardInput(account)),
      });
    const [byFlag, byEnv] = await Promise.all([
      startCli(['--port', '0', '--quiet', '--fault', 'createBankingCard:503:next=1', '--fault', 'listCards:429:retry-after=5:next=1']),
      startCli(['--port', '0', '--quiet'], { MONO_EMULATOR_FAULTS: 'createBankingCard:503:next=1,listCards:429:retry-after=5:next=1' }),
    ]);
    for (const cli of [byFlag, byEnv]) {
      const [account] = await accountIds(cli, cli.keys[0]!);
      expect((await post(cli, account!)).status).toBe(503);
      expect((await post(cli, account!)).status).toBe(201);
      const limited = await get(`${cli.url}/v1/cards`, cli.keys[0]);
      expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '5']);
    }
  });

  it('cli: a malformed --fault is a usage error naming the flag and what is wrong', async () => {
    const { code, stdout, stderr } = await runToExit(['--port', '0', '--fault', 'getCard:418']);
    expect(code).toBe(2);
    expect(stderr).toContain('--fault (MONO_EMULATOR_FAULTS)');
    expect(stderr).toContain('The status is 429, 500, 502, 503 or 504');
    expect(readyLines(stdout)).toEqual([]);
  });

  it('cli: --rate-limit 4/60 answers 429 with Retry-After past four requests of a key', async () => {
    const cli = await startCli(['--port', '0', '--quiet', '--clock', 'manual', '--rate-limit', '4/60']);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await get(`${cli.url}/v1/accounts`, cli.keys[0]);
      statuses.push(res.status);
      retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(retryAfter).toBe('60');
    const bad = await runToExit(['--port', '0', '--rate-limit', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--rate-limit (MONO_EMULATOR_RATE_LIMIT)');
  });

  it('cli: a port already in use is a usage error: exit 2 with a message on stderr naming the port', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const { code, stdout, stderr } = await runToExit(['--port', String(port)]);
      expect(code).toBe(2);
      expect(readyLines(stdout)).toEqual([]);
      expect(stderr).toMatch(/in use|EADDRINUSE/i);
      expect(stderr).toContain(String(port));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
