import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator/index.js';
import { openTarget, SANDBOX_BASE_URL, type Target } from '../../src/targets/index.js';
import { monoContract, monoContractProcess } from '../support/mono-contract-cli.js';
import { createCardScenario, scratchScenarios } from './scratch.js';

/**
 * `mono-contract` as a user runs it, against an emulator started in this process and reached over
 * HTTP (the url target): in this process (src/cli-main.ts, what the bin runs), and the first test
 * as the compiled bin (`dist/src/cli.js`, built by `npm test` first).
 */
const cli = monoContract;

const summary = (text: string) => {
  const match = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(text);
  if (!match) throw new Error(`no summary line in:\n${text}`);
  return { passed: Number(match[1]), failed: Number(match[2]), skipped: Number(match[3]) };
};

let emulator: Target;
let urlArgs: string[];
let scenarios: string;
const temp = mkdtempSync(join(tmpdir(), 'mono-cli-'));

beforeAll(async () => {
  emulator = await openTarget({ target: 'emulator' });
  urlArgs = ['--target', 'url', '--base-url', emulator.baseUrl, '--api-key', emulator.apiKeys.primary!, '--api-key', emulator.apiKeys.second!];
  const create = (expect: string) => createCardScenario({ expect });
  scenarios = scratchScenarios({
    'cards/passes.yaml': `id: cards/passes\ntitle: Passes\ntags: [smoke]\n${create('{ status: 201 }')}`,
    'cards/broken.yaml': `id: cards/broken\ntitle: Broken on purpose\n${create('{ status: 201, body: { type: plastic } }')}`,
    'cards/sandbox-only.yaml': `id: cards/sandbox-only\ntitle: Sandbox only\ntargets: [sandbox]\n${create('{ status: 201 }')}`,
  });
});
afterAll(async () => {
  await emulator.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('mono-contract CLI', () => {
  it('run (the compiled bin): a failing scenario makes the exit code 1; the JUnit file counts what the console counts', async () => {
    const out = join(temp, 'reports', 'junit.xml');
    const run = await monoContractProcess(['run', scenarios, ...urlArgs, '--reporter', 'junit', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✓ cards\/passes — Passes/m);
    expect(run.stdout).toMatch(/^✗ cards\/broken — Broken on purpose/m);
    expect(run.stdout).toContain('$.body.type: expected "plastic", got "virtual"');
    const counts = summary(run.stdout);
    expect(counts).toEqual({ passed: 1, failed: 1, skipped: 1 });
    const suite = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(out, 'utf8')).testsuites;
    expect({ tests: Number(suite.tests), failures: Number(suite.failures), skipped: Number(suite.skipped) }).toEqual({ tests: 3, failures: counts.failed, skipped: counts.skipped });
  });

  it('run: all passing gives exit code 0; --grep keeps the scenarios whose id, title or tag match', async () => {
    const run = await cli(['run', scenarios, ...urlArgs, '--grep', 'smoke']);
    expect(run.code).toBe(0);
    expect(summary(run.stdout)).toEqual({ passed: 1, failed: 0, skipped: 0 });
  });

  it('run: --target url without --api-key runs on tenants it makes; where the emulator asks for an admin token, --admin-token or MONO_EMULATOR_ADMIN_TOKEN gives it', async () => {
    const token = 'harness_admin_token_0001';
    const guarded = await createEmulator({ adminToken: token });
    try {
      const args = ['run', scenarios, '--target', 'url', '--base-url', guarded.url, '--grep', 'smoke'];
      const refused = await cli(args);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('POST /_emulator/tenants answered 401');
      const withFlag = await cli([...args, '--admin-token', token]);
      expect(withFlag.code).toBe(0);
      expect(summary(withFlag.stdout)).toEqual({ passed: 1, failed: 0, skipped: 0 });
      const withEnv = await cli(args, { MONO_EMULATOR_ADMIN_TOKEN: token });
      expect(summary(withEnv.stdout)).toEqual({ passed: 1, failed: 0, skipped: 0 });
    } finally {
      await guarded.stop();
    }
  });

  it('run: --reporter json writes the report to stdout and the progress to stderr', async () => {
    const run = await cli(['run', scenarios, ...urlArgs, '--reporter', 'json', '--grep', 'passes']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { target: string; counts: Record<string, number> };
    expect(report).toMatchObject({ target: 'url', counts: { passed: 1, failed: 0, skipped: 0, total: 1 } });
    expect(summary(run.stderr)).toEqual({ passed: 1, failed: 0, skipped: 0 });
  });

  it('run: a malformed scenario exits 2 naming the file and line, and sends nothing', async () => {
    const dir = scratchScenarios({ 'bad.yaml': 'id: bad\ntitle: Bad\nsteps:\n  - name: x\n    request: { method: GET, path: v1/cards }\n' });
    const run = await cli(['run', dir, ...urlArgs]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nothing was sent\. 1 problem in scenario files:\n\S*bad\.yaml:5:\d+: steps\[0\]\.request\.path: a path starts with "\/"/);
    expect(run.stdout).toBe('');
  });

  it('run: the sandbox target without MONO_SANDBOX_API_KEY is skipped whole with one line, exit 0', async () => {
    const run = await cli(['run', scenarios, '--target', 'sandbox']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('sandbox target skipped: MONO_SANDBOX_API_KEY is not set (3 scenarios not run)');
    expect(summary(run.stdout)).toEqual({ passed: 0, failed: 0, skipped: 3 });
  });

  it('the sandbox base URL in the help is the sandbox target\'s default', async () => {
    const help = await cli(['run', '--help']);
    expect(help.code).toBe(0);
    // Mono's sandbox (docs/mono-reference.md §2), written here rather than read from the harness alone.
    expect(SANDBOX_BASE_URL).toBe('https://api.sandbox.cuentamono.com');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(`(default ${SANDBOX_BASE_URL}, or MONO_SANDBOX_BASE_URL)`);
  });

  it('run: usage errors exit 2', async () => {
    expect((await cli(['run', '--target', 'url'])).code).toBe(2);
    expect((await cli(['run', '--reporter', 'xml'])).code).toBe(2);
    expect((await cli(['run', '--target', 'emulator', '--base-url', 'http://x'])).code).toBe(2);
    expect((await cli(['run', '--webhook-port', 'abc'])).code).toBe(2);
    expect((await cli(['run', '--grep', '('])).code).toBe(2);
  });

  it('run --record and diff: the same scenarios recorded twice have no differences (exit 0); a changed shape is reported (exit 1)', async () => {
    const [a, b] = [join(temp, 'a'), join(temp, 'b')];
    expect((await cli(['run', scenarios, ...urlArgs, '--grep', 'passes', '--record', a])).stdout).toMatch(/recorded \d+ operation shapes in/);
    await cli(['run', scenarios, '--target', 'emulator', '--grep', 'passes', '--record', b]);
    expect(readdirSync(a)).toEqual(readdirSync(b));
    const same = await cli(['diff', a, b]);
    expect(same).toMatchObject({ code: 0, stdout: `No shape differences between ${a} and ${b}.\n` });

    const file = join(b, 'createBankingCard.201.json');
    const recording = JSON.parse(readFileSync(file, 'utf8'));
    delete recording.shape.masked_pan;
    writeFileSync(file, JSON.stringify(recording));
    const changed = await cli(['diff', a, b]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('createBankingCard 201 $.body.masked_pan: only in');
  });

  it('diff: a folder that does not exist is a usage error (exit 2) naming it, not a stack trace', async () => {
    const missing = join(temp, 'never-recorded');
    const run = await cli(['diff', missing, temp]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`mono-contract: not a folder of recordings: ${missing}\n`);
  });
});
