import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type Target } from '../../src/targets/index.js';
import { startProcess, waitUntil } from '../support/bin-process.js';
import { monoContract as cli } from '../support/mono-contract-cli.js';
import { ROOT } from '../support/spawned-emulator.js';
import { createCardScenario, scratchScenarios } from './scratch.js';

/**
 * `mono-contract` (the compiled bin) as a newcomer meets it: the usual mistakes are usage errors
 * on one line with exit 2 and nothing left running; a run that tests nothing fails; an
 * interrupted run writes its partial report and undoes what it registered.
 */
let emulator: Target;
/** The url target's flags for that emulator, with both its keys. */
let urlArgs: string[];
let scenarios: string;
const temp = mkdtempSync(join(tmpdir(), 'mono-first-hour-'));

const CREATE = createCardScenario({ capture: '{ card_id: $.body.id }' });
/** A scenario that waits for a webhook: its receiver is registered on the target first. */
const awaitingWebhook = (event: string, within: number) =>
  `requires: [webhooks]\n${CREATE}    webhooks:\n      - { event: ${event}, match: { id: "\${card_id}" }, within: ${within} }\n`;

beforeAll(async () => {
  emulator = await openTarget({ target: 'emulator' });
  urlArgs = ['--target', 'url', '--base-url', emulator.baseUrl, '--api-key', emulator.apiKeys.primary!, '--api-key', emulator.apiKeys.second!];
  scenarios = scratchScenarios({
    'cards/create.yaml': `id: cards/create\ntitle: Create\ntags: [smoke]\n${CREATE}`,
    'cards/broken.yaml': `id: cards/broken\ntitle: Broken\n${CREATE.replace('{ status: 201 }', '{ status: 201, body: { type: plastic } }')}`,
    'hooks/created.yaml': `id: hooks/created\ntitle: Created, with its webhook\n${awaitingWebhook('card_created', 5)}`,
  });
});
afterAll(async () => {
  await emulator.close();
  rmSync(temp, { recursive: true, force: true });
});

async function occupiedPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return { port: (blocker.address() as { port: number }).port, close: () => new Promise((resolve) => blocker.close(() => resolve())) };
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

/** The bin run to its exit; a hang fails the test within `timeoutMs` instead of a minute later. */
async function runToExit(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000) {
  const run = startProcess(process.execPath, ['dist/src/cli.js', ...args], { env });
  const exit = await run.waitForExit(timeoutMs);
  return { code: exit.code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('a port in use for the webhook receiver: one line naming the port and the flag, exit 2, no hang', () => {
  it('on every target', async () => {
    const blocker = await occupiedPort();
    try {
      const expected = `mono-contract: --webhook-port ${blocker.port}: the port is in use; `;
      const targets: [string, string[], Record<string, string>][] = [
        ['emulator', [], {}],
        ['url', urlArgs, {}],
        // The sandbox target, pointed at the emulator (it answers the same key check).
        ['sandbox', ['--target', 'sandbox', '--base-url', emulator.baseUrl], { MONO_SANDBOX_API_KEY: emulator.apiKeys.primary!, MONO_WEBHOOK_SECRET: 'whsec_first_hour_test_secret_000' }],
      ];
      for (const [name, args, env] of targets) {
        const run = await runToExit(['run', scenarios, ...args, '--webhook-port', String(blocker.port)], env);
        expect(run.code, name).toBe(2);
        expect(lines(run.stderr), name).toHaveLength(1);
        expect(run.stderr, name).toContain(expected);
        expect(run.stdout, name).toBe('');
      }
    } finally {
      await blocker.close();
    }
  });
});

describe('a run that tests nothing does not pass', () => {
  it('an empty folder, or a --grep matching nothing, is a usage error (exit 2) saying so', async () => {
    const empty = join(temp, 'empty');
    mkdirSync(empty);
    const none = await cli(['run', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`mono-contract: no scenario files in ${empty} (scenario files are *.yaml, outside _fragments folders)\n`);
    const grep = await cli(['run', scenarios, '--grep', 'no-such-thing']);
    expect(grep.code).toBe(2);
    expect(grep.stderr).toBe(`mono-contract: --grep no-such-thing matches none of the 3 scenarios in ${scenarios} (it matches ids, titles and tags; --list shows them)\n`);
  });

  it('every scenario skipped fails (exit 1) unless --allow-skip; the sandbox without a key stays documented as a skip (exit 0)', async () => {
    // Scenarios for the sandbox alone, run on an emulator: every one is skipped.
    const sandboxOnly = scratchScenarios({
      'a.yaml': `id: sandbox/a\ntitle: Sandbox A\ntargets: [sandbox]\n${CREATE}`,
      'b.yaml': `id: sandbox/b\ntitle: Sandbox B\ntargets: [sandbox]\n${CREATE}`,
    });
    const allSkipped = ['run', sandboxOnly, ...urlArgs];
    const skipped = await cli(allSkipped);
    expect(skipped.code).toBe(1);
    expect(skipped.stdout).toMatch(/\n0 passed, 0 failed, 2 skipped\nall 2 scenarios skipped: nothing was tested, which fails the run \(pass --allow-skip if that is what you want\)\n$/);
    expect((await cli([...allSkipped, '--allow-skip'])).code).toBe(0);
    expect((await cli(['run', scenarios, '--target', 'sandbox'])).code).toBe(0);
  });
});

describe('usage errors before anything is sent: one line, exit 2', () => {
  it('an invalid --api-key on the emulator target names the flag, not the library option, and no stack', async () => {
    const run = await cli(['run', scenarios, '--api-key', 'abc']);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual(['mono-contract: --api-key: API keys are 8-128 letters, digits, "_", "." or "-"']);
  });

  it('--base-url without its scheme', async () => {
    const run = await cli(['run', scenarios, '--target', 'url', '--base-url', '127.0.0.1:4010', '--api-key', 'sandbox_x_00000000']);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual(['mono-contract: --base-url takes an http(s) URL with its scheme, e.g. http://127.0.0.1:4010, not "127.0.0.1:4010"']);
  });

  it('nothing listening at --base-url: one health check, then what to do (not one ECONNREFUSED per scenario)', async () => {
    const closed = await occupiedPort();
    await closed.close();
    const run = await cli(['run', scenarios, '--target', 'url', '--base-url', `http://127.0.0.1:${closed.port}`, '--api-key', 'sandbox_x_00000000']);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([`mono-contract: nothing answers at http://127.0.0.1:${closed.port} (ECONNREFUSED): start the emulator (npm start) or fix --base-url`]);
    expect(run.stdout).toBe('');
  });

  it('a server at --base-url that is not the emulator (no /_emulator/health)', async () => {
    const notEmulator = createHttpServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => notEmulator.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(notEmulator.address() as { port: number }).port}`;
    try {
      const run = await cli(['run', scenarios, '--target', 'url', '--base-url', base, '--api-key', 'sandbox_x_00000000']);
      expect(run.code).toBe(2);
      expect(lines(run.stderr)).toEqual([`mono-contract: ${base} has no GET /_emulator/health (404): it is not the Mono emulator (for Mono's sandbox, use --target sandbox)`]);
    } finally {
      notEmulator.close();
    }
  });

  it('a key the emulator at --base-url does not know', async () => {
    const run = await cli(['run', scenarios, '--target', 'url', '--base-url', emulator.baseUrl, '--api-key', 'sandbox_not_a_known_key_0000']);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([`mono-contract: the emulator at ${emulator.baseUrl} does not know the API key …0000: pass a key it printed when it started (--api-key)`]);
  });

  it('--version and -v print the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `mono-card-sandbox ${version}\n` });
    expect(await cli(['-v'])).toMatchObject({ code: 0, stdout: `mono-card-sandbox ${version}\n` });
  });
});

describe('--record and diff compare what they say', () => {
  it('recording into a folder drops the recordings of the previous run (other files stay); --record <file> is a usage error', async () => {
    const dir = join(temp, 'recorded');
    mkdirSync(dir);
    const stale = { operation: 'getCard', status: 200, method: 'GET', example_path: '/v1/cards/car_x', answers: 1, shape: {} };
    writeFileSync(join(dir, 'getCard.200.json'), JSON.stringify(stale));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const run = await cli(['run', scenarios, ...urlArgs, '--grep', 'cards/create', '--record', dir]);
    expect(run.code).toBe(0);
    expect(readdirSync(dir)).not.toContain('getCard.200.json');
    expect(readdirSync(dir)).toContain('notes.txt');
    expect(readdirSync(dir)).toContain('createBankingCard.201.json');

    const file = join(temp, 'a-file.json');
    writeFileSync(file, '{}');
    const onFile = await cli(['run', scenarios, '--record', file]);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toBe(`mono-contract: --record takes a folder; ${file} is a file\n`);
  });

  it('diff: two empty folders are not "no differences", and a scenarios folder is not a recordings folder (exit 2)', async () => {
    const [a, b] = [join(temp, 'empty-a'), join(temp, 'empty-b')];
    mkdirSync(a);
    mkdirSync(b);
    const empties = await cli(['diff', a, b]);
    expect(empties.code).toBe(2);
    expect(empties.stderr).toBe(`mono-contract: ${a} holds no recordings (it is empty); mono-contract run --record ${a} writes them\n`);

    const recorded = join(temp, 'recorded-for-diff');
    expect((await cli(['run', scenarios, ...urlArgs, '--grep', 'cards/create', '--record', recorded])).code).toBe(0);
    const mixed = await cli(['diff', recorded, 'scenarios']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/^mono-contract: scenarios is not a folder of recordings: it holds \d+ other files \(PARITY\.json, PARITY\.md, README\.md, …\); mono-contract run --record scenarios writes them\n$/);
  });
});

describe('shipped fragments from a user\'s own folder', () => {
  it('setup: [discover-tenant, new-cardholder] in a folder without _fragments runs the package\'s fragments', async () => {
    const dir = join(temp, 'my-scenarios');
    mkdirSync(dir);
    writeFileSync(join(dir, 'create.yaml'), `id: mine/create\ntitle: Mine\n${CREATE}`);
    const run = await cli(['run', dir, ...urlArgs]);
    expect(run.stdout).toMatch(/^✓ mine\/create — Mine/m);
    expect(run.code).toBe(0);
  });
});

describe('--list, --bail, --verbose, and plain output off a terminal', () => {
  it('--list prints the selected scenarios and sends nothing', async () => {
    const run = await cli(['run', scenarios, '--list', '--grep', 'cards/']);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      // Files as every report names them: relative to where the command runs.
      `cards/broken — Broken [emulator, sandbox] ${relative(ROOT, join(scenarios, 'cards/broken.yaml'))}`,
      `cards/create — Create [emulator, sandbox] ${relative(ROOT, join(scenarios, 'cards/create.yaml'))}`,
      '2 scenarios',
    ]);
  });

  it('--bail stops at the first failure and says how many scenarios it left out', async () => {
    const run = await cli(['run', scenarios, ...urlArgs, '--bail']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✗ cards\/broken/m);
    expect(run.stdout).not.toMatch(/cards\/create — Create/);
    expect(run.stdout).toContain('stopped at the first failure (--bail): 2 scenarios not run; this report is partial\n');
  });

  it('--verbose prints each request and answer, the key cut to its last four characters', async () => {
    const run = await cli(['run', scenarios, ...urlArgs, '--grep', 'cards/create', '--verbose']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}→ GET http:\/\/127\.0\.0\.1:\d+\/v1\/accounts\n {4}headers \{.*"authorization":"Bearer …0000"\}\n {2}← 200 in \d+ ms \{"accounts":/m);
    expect(run.stdout).toMatch(/^ {2}← 201 in \d+ ms \{"id":"car_/m);
    expect(run.stdout).not.toContain(emulator.apiKeys.primary!);
    // Not a terminal: no colour codes.
    expect(run.stdout).not.toContain('\u001b[');
  });
});

describe('an interrupted run', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: stops sending, removes the webhook receiver it registered, writes the partial report marked interrupted, exits ${code}`, async () => {
      const dir = scratchScenarios({
        'a/first.yaml': `id: a/first\ntitle: First\n${CREATE}`,
        'b/waits.yaml': `id: b/waits\ntitle: Waits for a webhook that never comes\n${awaitingWebhook('card_state_changed', 60)}`,
        'c/never.yaml': `id: c/never\ntitle: Never reached\n${CREATE}`,
      });
      const out = join(temp, `interrupted-${signal}.json`);
      const run = startProcess(process.execPath, ['dist/src/cli.js', 'run', dir, ...urlArgs, '--reporter', 'json', '--out', out]);
      const registrations = async () => {
        const answer = await fetch(`${emulator.baseUrl}/_emulator/webhooks`, { headers: { authorization: `Bearer ${emulator.apiKeys.primary}` } });
        return ((await answer.json()) as { webhooks: unknown[] }).webhooks.length;
      };
      await waitUntil(async () => (await registrations()) === 1, 'the run to register its webhook receiver', 15_000);
      run.child.kill(signal);
      expect(await run.waitForExit(8_000)).toEqual({ code, signal: null });
      expect(await registrations()).toBe(0);
      const report = JSON.parse(readFileSync(out, 'utf8')) as { stopped: unknown; counts: unknown; scenarios: { id: string; outcome: string; reason?: string }[] };
      expect(report.stopped).toEqual({ by: signal, notRun: 1 });
      expect(report.scenarios.map((s) => [s.id, s.outcome])).toEqual([
        ['a/first', 'passed'],
        ['b/waits', 'skipped'],
      ]);
      expect(report.scenarios[1]!.reason).toBe(`interrupted (${signal}) before it finished`);
      expect(run.stdout()).toContain(`interrupted by ${signal}: 1 scenario not run; this report is partial\n`);
    }, 40_000);
  }
});
