import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotFile } from '../../src/snapshots/snapshot-file.js';
import { openTarget, type Target } from '../../src/targets/index.js';
import { monoContract as cli } from '../support/mono-contract-cli.js';
import { ROOT } from '../support/spawned-emulator.js';
import { SCENARIOS_DIR } from '../contract/scenario-tests.js';
import { createCardScenario, scratchScenarios } from './scratch.js';

/** `mono-contract run` with snapshots, the ledger and --watch, and `mono-contract lint`, as the compiled bin. */

let emulator: Target;
let urlArgs: string[];
let scenarios: string;
const temp = mkdtempSync(join(tmpdir(), 'mono-cli-parity-'));

const CREATE = createCardScenario({ body: ', nickname: Viajes' });

beforeAll(async () => {
  emulator = await openTarget({ target: 'emulator' });
  urlArgs = ['--target', 'url', '--base-url', emulator.baseUrl, '--api-key', emulator.apiKeys.primary!];
  scenarios = scratchScenarios({ 'cards/create.yaml': `id: cards/create\ntitle: Create\n${CREATE}`, 'cards/other.yaml': `id: cards/other\ntitle: Other\n${CREATE}` });
});
afterAll(async () => {
  await emulator.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('mono-contract run with snapshots', () => {
  it('--snapshot-update then --snapshot-verify (exit 0); a snapshot that differs is a parity failure with its path, both values and a cURL reproducer (exit 1); --ledger writes the ledger', async () => {
    const dir = join(temp, 'snapshots');
    const ledger = join(temp, 'ledger', 'PARITY.md');
    const update = await cli(['run', scenarios, '--snapshot-update', '--snapshots', dir]);
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/\nsnapshots: 2 written\n/);
    const verify = await cli(['run', scenarios, ...urlArgs, '--snapshot-verify', '--snapshots', dir, '--ledger', ledger]);
    expect(verify).toMatchObject({ code: 0 });
    expect(verify.stdout).toMatch(/\nsnapshots: 2 verified\nledger: .*PARITY\.md\n$/);
    const written = JSON.parse(readFileSync(ledger.replace(/\.md$/, '.json'), 'utf8')) as { scenarios: { id: string; verified: { emulator: string | null } }[] };
    expect(written.scenarios.map((s) => [s.id, s.verified.emulator])).toEqual([
      ['cards/create', new Date().toISOString().slice(0, 10)],
      ['cards/other', new Date().toISOString().slice(0, 10)],
    ]);
    expect(readFileSync(ledger, 'utf8')).toContain('| createBankingCard | `POST /v1/cards` | 2 | no |');

    const file = join(dir, 'cards', 'create.snapshot.json');
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
    const create = snapshot.exchanges.find((e) => e.step === 'create')!;
    (create.body as Record<string, unknown>).nickname = 'Compras';
    writeFileSync(file, JSON.stringify(snapshot));
    const drift = await cli(['run', scenarios, ...urlArgs, '--snapshot-verify', '--snapshots', dir]);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('parity $.body.nickname: expected "Compras", got "Viajes"');
    expect(drift.stdout).toMatch(/reproduce: curl -sS -i -X POST 'http:\/\/127\.0\.0\.1:\d+\/v1\/cards' .*-H "Authorization: Bearer \$MONO_API_KEY" .*--data-raw '\{"account_id":"acc_/);
    expect(drift.stdout).not.toContain(emulator.apiKeys.primary!);
    expect(drift.stdout).toMatch(/failures by kind: 1 parity\n1 passed, 1 failed, 0 skipped\nsnapshots: 1 verified, 1 drifted\n$/);
  });

  it('the reproducer runs: pasted into a shell with MONO_API_KEY set, it sends the same request and gets the same answer', async (context) => {
    if (!existsSync('/usr/bin/curl') && !existsSync('/bin/curl')) context.skip('curl is not installed');
    const dir = scratchScenarios({ 'broken.yaml': `id: scratch/broken\ntitle: Broken\n${CREATE.replace('{ status: 201 }', '{ status: 201, body: { nickname: Compras } }')}` });
    const run = await cli(['run', dir, ...urlArgs]);
    const reproducer = /reproduce: (curl .*)$/m.exec(run.stdout)![1]!;
    const replay = await new Promise<string>((resolve, reject) => {
      const shell = spawn('sh', ['-c', reproducer], { env: { PATH: process.env.PATH ?? '', MONO_API_KEY: emulator.apiKeys.primary! } });
      let out = '';
      shell.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      shell.on('error', reject);
      shell.on('close', () => resolve(out));
    });
    expect(replay).toMatch(/^HTTP\/1\.1 201 Created/);
    expect(replay).toContain('"nickname":"Viajes"');
  });

  it('usage errors exit 2 with one line: both modes, --snapshots given a file, --ledger or --snapshots without a mode, --ledger not Markdown, --watch with a report file', async () => {
    const file = join(temp, 'a-file');
    writeFileSync(file, 'x');
    for (const [args, message] of [
      [['--snapshot-update', '--snapshot-verify'], 'give --snapshot-update or --snapshot-verify, not both'],
      [['--snapshot-update', '--snapshots', file], `--snapshots takes a folder; ${file} is a file`],
      [['--ledger', 'PARITY.md'], '--ledger goes with --snapshot-update or --snapshot-verify'],
      [['--snapshots', temp], '--snapshots goes with --snapshot-update or --snapshot-verify'],
      [['--snapshot-verify', '--ledger', 'PARITY.txt'], '--ledger takes a Markdown file (its JSON twin is written beside it): PARITY.txt'],
      [['--watch', '--reporter', 'junit'], '--watch reports on the console only: drop --reporter, --out and --record'],
    ] as const) {
      const run = await cli(['run', scenarios, ...args]);
      expect(run, args.join(' ')).toMatchObject({ code: 2, stdout: '', stderr: `mono-contract: ${message}\n` });
    }
  });

  it('--watch runs, reruns the scenario whose file changed, and stops on Ctrl-C with exit 0', async () => {
    const dir = scratchScenarios({ 'w.yaml': `id: scratch/w\ntitle: Watched\n${CREATE}` });
    const child = spawn(process.execPath, ['dist/src/cli.js', 'run', dir, ...urlArgs, '--watch'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = async (pattern: RegExp) => {
      const deadline = Date.now() + 15_000;
      while (!pattern.test(out)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      await waitFor(/watching .* for changes \(Ctrl-C stops\)/);
      writeFileSync(join(dir, 'w.yaml'), `id: scratch/w\ntitle: Watched, edited\n${CREATE}`);
      await waitFor(/w\.yaml changed: running 1 scenario again\n✓ scratch\/w — Watched, edited/);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('mono-contract lint', () => {
  it('exit 0 and "no problems" on the shipped scenarios; exit 1 with file:line:column for each problem; exit 2 for a path that is not there', async () => {
    expect(await cli(['lint', SCENARIOS_DIR])).toMatchObject({ code: 0, stdout: 'no problems\n' });
    const dir = scratchScenarios({ 'typo.yaml': 'id: scratch/typo\ntitle: Typo\nsteps:\n  - name: x\n    request: { method: GET, path: /v1/cardz }\n' });
    const run = await cli(['lint', join(dir, 'typo.yaml')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^\S*typo\.yaml:5:35: GET \/v1\/cardz: no operation of the contracts has this path\n1 problem in 1 file\n$/);
    expect(await cli(['lint', join(temp, 'nowhere')])).toMatchObject({ code: 2, stderr: `mono-contract lint: no such file or folder: ${join(temp, 'nowhere')}\n` });
  });
});
