import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/reporters/console.js';
import { runScenarios, type RunReport, type StepFailure } from '../../src/runner.js';
import { loadScenarios, ScenarioLoadError } from '../../src/scenario/load.js';
import { compareSnapshot } from '../../src/snapshots/compare.js';
import { IdentityMap, normalizeValue, type NormalizeContext } from '../../src/snapshots/normalize.js';
import { SnapshotSession, type SnapshotOptions } from '../../src/snapshots/session.js';
import { snapshotPath, type SnapshotFile } from '../../src/snapshots/snapshot-file.js';
import { openTarget, type Target } from '../../src/targets/index.js';
import { SCENARIOS_DIR } from '../contract/scenario-tests.js';
import { startRewritingProxy } from '../support/rewriting-proxy.js';
import { scratchScenarios } from './scratch.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mono-snapshots-'));
  dirs.push(dir);
  return dir;
};

let emulator: Target;
beforeAll(async () => {
  emulator = await openTarget({ target: 'emulator' });
});
afterAll(async () => {
  await emulator.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function withSnapshots(paths: string[], target: Target, options: SnapshotOptions): Promise<{ report: RunReport; session: SnapshotSession }> {
  const session = new SnapshotSession(options);
  return { report: await runScenarios(paths, target, { snapshots: session }), session };
}

const failuresOf = (report: RunReport): (StepFailure & { scenario: string; step: string })[] =>
  report.scenarios.flatMap((s) => s.steps.flatMap((step) => step.failures.map((f) => ({ ...f, scenario: s.id, step: step.name }))));

const context = (overrides: Partial<NormalizeContext> = {}): NormalizeContext => ({ ids: new IdentityMap(), literals: [], isSkipped: () => false, allocate: true, ...overrides });

const CARD = 'car_5tgliBmzjZ6mpQPRbQjfKj';
const OTHER_CARD = 'car_0000000000000000000002';
const HOLDER = 'carh_KvAE5drJxzbRDTedy3oNVa';

describe('snapshots: normalisation that keeps identity', () => {
  it('an id is the same placeholder wherever it appears, numbered per prefix by first appearance', () => {
    const ids = new IdentityMap();
    const at = (value: unknown) => normalizeValue(value, context({ ids }));
    expect(at({ path: `/v1/cards/${CARD}` })).toEqual({ path: '/v1/cards/<car_id:1>' });
    expect(at({ id: OTHER_CARD, cardholder_id: HOLDER, previous: { id: CARD } })).toEqual({ cardholder_id: '<carh_id:1>', id: '<car_id:2>', previous: { id: '<car_id:1>' } });
    expect(at(`{"event":{"data":{"id":"${OTHER_CARD}"}}}`)).toBe('{"event":{"data":{"id":"<car_id:2>"}}}');
    // Keys come out sorted: two servers writing the same fields in another order agree.
    expect(Object.keys(at({ b: 1, a: 2 }) as object)).toEqual(['a', 'b']);
  });

  it('times become <datetime>; card numbers, masked PANs, last four, CVVs, secrets and API keys are masked; money, phones and dates stay', () => {
    const normalized = normalizeValue(
      {
        inserted_at: '2026-03-02T12:00:00Z',
        timestamp: '2022-12-29T15:42:08.325158Z',
        pan: '4111111111111111',
        note: 'card 4111 1111 1111 1111 ends 1111',
        masked_pan: '411111******1111',
        shown: 'card 411111******4398',
        last_four: '4398',
        cvv: 123,
        secret: 'whsec_abcdefghijklmnopqrstuv',
        header: 'Bearer sandbox_key_of_the_target_0001',
        look: 'http://127.0.0.1:4010/look/car_x?token=abc.def&expires=1764000000',
        key: '3045A317-13d1-45c4-b2cf-ceca5d066bc2',
        initial_balance: { amount: 15_000_000, currency: 'COP' },
        phone_number: '+573005519767',
        birthdate: '1990-04-17',
        document: { number: '1023711432' },
      },
      context({ literals: [['sandbox_key_of_the_target_0001', '<api_key:primary>']] }),
    );
    expect(normalized).toEqual({
      birthdate: '1990-04-17',
      cvv: '<cvv>',
      document: { number: '1023711432' },
      header: 'Bearer <api_key:primary>',
      initial_balance: { amount: 15_000_000, currency: 'COP' },
      inserted_at: '<datetime>',
      key: '<uuid:1>',
      last_four: '<last_four>',
      look: 'http://127.0.0.1:<port>/look/car_x?token=<token>&expires=<token>',
      masked_pan: '<masked_pan>',
      note: 'card <card_number> ends 1111',
      pan: '<card_number>',
      phone_number: '+573005519767',
      secret: '<secret>',
      shown: 'card <masked_pan>',
      timestamp: '<datetime>',
    });
  });

  it('what is not compared (a skipped path, an emulator-only exchange) numbers nothing, so it cannot shift the numbers of what is', () => {
    const ids = new IdentityMap();
    const skipped = normalizeValue({ cards: [{ id: OTHER_CARD }], own: CARD }, context({ ids, isSkipped: (path) => path[0] === 'cards' }));
    expect(skipped).toEqual({ cards: [{ id: '<car_id:?>' }], own: '<car_id:1>' });
    expect(normalizeValue({ id: CARD, new: OTHER_CARD }, context({ ids, allocate: false }))).toEqual({ id: '<car_id:1>', new: '<car_id:?>' });
  });

  it('comparison: every path that differs, with both values; skipped paths left out', () => {
    const expected = { status: 200, body: { id: '<car_id:1>', cards: [{ id: '<car_id:1>' }], nickname: null } };
    const actual = { status: 200, body: { id: '<car_id:2>', cards: [{ id: '<car_id:1>' }, { id: '<car_id:2>' }], extra: true } };
    expect(compareSnapshot(expected, actual, () => false).map((d) => [d.path.join('.'), d.message])).toEqual([
      ['body.cards', 'expected 1 item, got 2'],
      ['body.extra', 'not in the snapshot, got true'],
      ['body.id', 'expected "<car_id:1>", got "<car_id:2>"'],
      ['body.nickname', 'expected null, but it is absent'],
    ]);
    expect(compareSnapshot(expected, actual, (path) => path[0] === 'body')).toEqual([]);
  });
});

describe('snapshots: round trip', () => {
  let recorded: string;
  let outcomes: SnapshotSession['outcomes'];
  beforeAll(async () => {
    recorded = tempDir();
    const { report, session } = await withSnapshots([SCENARIOS_DIR], emulator, { mode: 'update', dir: recorded });
    expect(report.counts.failed).toBe(0);
    expect(session.outcomes.every((o) => o.outcome === 'written')).toBe(true);
    outcomes = session.outcomes;
  }, 60_000);

  // Verifying them is test/contract's part: every scenario, against the shipped snapshots, on an
  // emulator with other tenant data (another seed) in-process and on a spawned one over HTTP.
  it("recorded anew from one emulator, each scenario's snapshot is the shipped one but for its date: what those tests verify is what recording writes", () => {
    const scenarios = loadScenarios([SCENARIOS_DIR]);
    expect(outcomes.map((o) => o.scenario).sort()).toEqual(scenarios.map((s) => s.id).sort());
    for (const scenario of scenarios) {
      const written = JSON.parse(readFileSync(snapshotPath(scenario, recorded), 'utf8')) as SnapshotFile;
      const shipped = JSON.parse(readFileSync(snapshotPath(scenario), 'utf8')) as SnapshotFile;
      const withoutDate = (snapshot: SnapshotFile) => ({ ...snapshot, recorded: { ...snapshot.recorded, at: undefined } });
      expect(withoutDate(written), `${scenario.id}: the shipped snapshot is stale (npm run snapshots)`).toEqual(withoutDate(shipped));
    }
  });

  it('a target answering one field differently fails with a parity error naming the step, the path, both values and a cURL reproducer, though its expectations pass', async () => {
    const proxy = await startRewritingProxy(emulator.baseUrl, {
      rewriteBody: ({ method, url, body }) => (method === 'GET' && /^\/v1\/cards\/car_/.test(url) ? { ...(body as object), cardholder: { ...(body as { cardholder: object }).cardholder, middle_name: 'Ximena' } } : body),
    });
    const target = await openTarget({ target: 'url', baseUrl: proxy.url, apiKeys: [emulator.apiKeys.primary!, emulator.apiKeys.second!] });
    try {
      const { report, session } = await withSnapshots([join(SCENARIOS_DIR, 'cards', 'virtual-card-born-active.yaml')], target, { mode: 'verify', dir: recorded });
      expect(failuresOf(report)).toEqual([
        {
          scenario: 'cards/virtual-card-born-active',
          step: 'read-back',
          kind: 'parity',
          path: '$.body.cardholder.middle_name',
          message: 'expected null, got "Ximena"',
          expected: null,
          actual: 'Ximena',
        },
      ]);
      expect(session.outcomes).toEqual([expect.objectContaining({ scenario: 'cards/virtual-card-born-active', outcome: 'drifted' })]);
      const step = report.scenarios[0]!.steps.find((s) => s.name === 'read-back')!;
      expect(step.reproducer).toMatch(new RegExp(`^curl -sS -i -X GET '${proxy.url}/v1/cards/car_[0-9A-Za-z]{22}' .*-H "Authorization: Bearer \\$MONO_API_KEY"`));
      const text = renderConsole(report);
      expect(text).toContain('parity $.body.cardholder.middle_name: expected null, got "Ximena"');
      expect(text).toContain(`reproduce: ${step.reproducer}`);
      expect(text).toContain('failures by kind: 1 parity');
      expect(text).not.toContain(emulator.apiKeys.primary!);
    } finally {
      await target.close();
      await proxy.close();
    }
  });

  it('the identity graph: a read that returns another card than the one the scenario created is a parity failure at its id', async () => {
    const dir = scratchScenarios({
      'identity.yaml': `id: scratch/identity
title: Two cards, then the first read back
setup: [discover-tenant, new-cardholder]
steps:
  - name: create-first
    request: { method: POST, path: /v1/cards, body: { account_id: "\${bank_account_id}", cardholder: "\${cardholder}" } }
    expect: { status: 201 }
    capture: { first_id: $.body.id }
  - name: create-second
    request: { method: POST, path: /v1/cards, body: { account_id: "\${bank_account_id}", cardholder: "\${cardholder}" } }
    expect: { status: 201 }
  - name: read-first
    request: { method: GET, path: "/v1/cards/\${first_id}" }
    expect: { status: 200, body: { state: active } }
`,
    });
    const snapshots = tempDir();
    await withSnapshots([dir], emulator, { mode: 'update', dir: snapshots });
    const snapshot = JSON.parse(readFileSync(join(snapshots, 'scratch/identity.snapshot.json'), 'utf8')) as SnapshotFile;
    const read = snapshot.exchanges.find((e) => e.step === 'read-first')!;
    expect(read.request.path).toBe('/v1/cards/<car_id:1>');
    expect(read.body).toMatchObject({ id: '<car_id:1>' });
    expect(snapshot.exchanges.find((e) => e.step === 'create-second')!.body).toMatchObject({ id: '<car_id:2>' });

    // A server that mixes the two cards up: the answer still passes the scenario's own expectations.
    const created: string[] = [];
    const proxy = await startRewritingProxy(emulator.baseUrl, {
      rewriteBody: ({ method, url, status, body }) => {
        if (method === 'POST' && url === '/v1/cards' && status === 201) created.push((body as { id: string }).id);
        return body;
      },
      rewriteUrl: (method, url) => (method === 'GET' && created.length === 2 && url === `/v1/cards/${created[0]}` ? `/v1/cards/${created[1]}` : url),
    });
    const target = await openTarget({ target: 'url', baseUrl: proxy.url, apiKeys: [emulator.apiKeys.primary!] });
    try {
      const { report } = await withSnapshots([dir], target, { mode: 'verify', dir: snapshots });
      const failures = failuresOf(report);
      expect(failures.every((f) => f.kind === 'parity' && f.step === 'read-first')).toBe(true);
      expect(failures).toContainEqual(expect.objectContaining({ path: '$.body.id', message: 'expected "<car_id:1>", got "<car_id:2>"' }));
    } finally {
      await target.close();
      await proxy.close();
    }
  });
});

describe('snapshots: skips', () => {
  const scenario = (skip: string) => `id: scratch/skips
title: A card read back, with a skip
setup: [discover-tenant, new-cardholder]
steps:
  - name: create
    request: { method: POST, path: /v1/cards, body: { account_id: "\${bank_account_id}", cardholder: "\${cardholder}" } }
    expect: { status: 201 }
    capture: { card_id: $.body.id }
  - name: read
    request: { method: GET, path: "/v1/cards/\${card_id}" }
    expect: { status: 200 }
${skip}`;
  const nickname = (until?: string) => `    parity:\n      skip:\n        - { path: $.body.nickname, reason: "Mono's sandbox names cards itself"${until ? `, until: ${until}` : ''} }\n`;

  async function verifyAgainstRenamingServer(skip: string, now: Date) {
    const dir = scratchScenarios({ 'skips.yaml': scenario(skip) });
    const snapshots = tempDir();
    // Recorded while every skip still held.
    await withSnapshots([dir], emulator, { mode: 'update', dir: snapshots, now: () => new Date('2026-01-01T00:00:00Z') });
    const proxy = await startRewritingProxy(emulator.baseUrl, {
      rewriteBody: ({ method, url, body }) => (method === 'GET' && url.startsWith('/v1/cards/car_') ? { ...(body as object), nickname: 'Tarjeta 1' } : body),
    });
    const target = await openTarget({ target: 'url', baseUrl: proxy.url, apiKeys: [emulator.apiKeys.primary!] });
    try {
      return (await withSnapshots([dir], target, { mode: 'verify', dir: snapshots, now: () => now })).report;
    } finally {
      await target.close();
      await proxy.close();
    }
  }

  it('a path skipped with a reason is not compared; without the skip the same difference fails', async () => {
    const day = new Date('2026-06-01T10:00:00Z');
    expect(failuresOf(await verifyAgainstRenamingServer(nickname(), day))).toEqual([]);
    expect(failuresOf(await verifyAgainstRenamingServer('', day))).toEqual([expect.objectContaining({ kind: 'parity', path: '$.body.nickname', message: 'expected null, got "Tarjeta 1"' })]);
  });

  it('a skip without a reason is refused when the file loads, with its line', () => {
    for (const skip of ['    parity:\n      skip:\n        - path: $.body.nickname\n', '    parity:\n      skip:\n        - { path: $.body.nickname, reason: "  " }\n']) {
      const dir = scratchScenarios({ 'skips.yaml': scenario(skip) });
      const error = (() => {
        try {
          loadScenarios([dir]);
        } catch (caught) {
          return caught as ScenarioLoadError;
        }
        throw new Error('loaded');
      })();
      expect(error).toBeInstanceOf(ScenarioLoadError);
      expect(error.problems).toEqual([expect.objectContaining({ line: 14, message: expect.stringContaining('a skip needs a reason') })]);
    }
  });

  it('a malformed skip path is refused with its line', () => {
    const dir = scratchScenarios({ 'skips.yaml': scenario('    parity:\n      skip:\n        - { path: "$.body..x", reason: why }\n') });
    expect(() => loadScenarios([dir])).toThrow(/skips\.yaml:14:\d+: skip path \$\.body\.\.x: cannot read/);
  });

  it('a skip past its until date fails the run, naming the path, the date and the reason; on its last day it still holds', async () => {
    const expired = await verifyAgainstRenamingServer(nickname('2026-05-31'), new Date('2026-06-01T00:00:01Z'));
    expect(expired.scenarios[0]!.outcome).toBe('failed');
    expect(failuresOf(expired)).toEqual([
      expect.objectContaining({
        kind: 'parity',
        step: 'read',
        path: '$.body.nickname',
        message: "the skip of this path ended on 2026-05-31 (Mono's sandbox names cards itself): compare it again, or give a new reason and date",
      }),
    ]);
    expect(failuresOf(await verifyAgainstRenamingServer(nickname('2026-05-31'), new Date('2026-05-31T23:59:59Z')))).toEqual([]);
  });

  it('an expired skip fails a recording too, and nothing is written', async () => {
    const dir = scratchScenarios({ 'skips.yaml': scenario(nickname('2026-05-31')) });
    const { report, session } = await withSnapshots([dir], emulator, { mode: 'update', now: () => new Date('2026-06-01T00:00:00Z') });
    expect(failuresOf(report)).toEqual([expect.objectContaining({ step: 'read', path: '$.body.nickname', message: expect.stringContaining('ended on 2026-05-31') })]);
    expect(session.outcomes[0]!.outcome).toBe('not-written');
    expect(existsSync(join(dir, 'skips.snapshot.json'))).toBe(false);
  });
});

describe('snapshots: files', () => {
  const passing = (id: string) => `id: ${id}\ntitle: ${id}\nsteps:\n  - name: list\n    request: { method: GET, path: /v1/accounts }\n    expect: { status: 200 }\n`;

  it('beside the scenario by default, marked as recorded from the emulator, with the date, versions and seed; a re-recording that changes nothing keeps the file', async () => {
    const dir = scratchScenarios({ 'area/a.yaml': passing('scratch/a') });
    const first = await withSnapshots([dir], emulator, { mode: 'update', now: () => new Date('2026-01-02T03:04:05.678Z') });
    const file = join(dir, 'area', 'a.snapshot.json');
    expect(first.session.outcomes).toEqual([{ scenario: 'scratch/a', file: expect.stringMatching(/area\/a\.snapshot\.json$/), target: 'emulator', outcome: 'written' }]);
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
    expect(snapshot.recorded).toEqual({
      target: 'emulator',
      from_mono: false,
      note: expect.stringContaining('not from Mono'),
      at: '2026-01-02T03:04:05Z',
      harness: expect.stringMatching(/^mono-card-sandbox \d+\.\d+\.\d+/),
      emulator: expect.stringMatching(/^mono-card-sandbox /),
      seed: 20_260_101,
    });
    expect(snapshot.exchanges[0]).toMatchObject({ step: 'list', operation: 'listBankAccounts', request: { method: 'GET', path: '/v1/accounts', headers: { authorization: 'Bearer <api_key:primary>' } }, status: 200 });
    expect(snapshot.exchanges[0]!.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });

    const again = await withSnapshots([dir], emulator, { mode: 'update', now: () => new Date('2027-01-01T00:00:00Z') });
    expect(again.session.outcomes[0]!.outcome).toBe('unchanged');
    expect((JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile).recorded.at).toBe('2026-01-02T03:04:05Z');
  });

  it('a failed scenario is not recorded; verifying without a snapshot fails and says how to make one', async () => {
    const dir = scratchScenarios({ 'f.yaml': 'id: scratch/f\ntitle: f\nsteps:\n  - name: list\n    request: { method: GET, path: /v1/accounts }\n    expect: { status: 201 }\n' });
    const { session } = await withSnapshots([dir], emulator, { mode: 'update' });
    expect(session.outcomes[0]!.outcome).toBe('not-written');
    expect(existsSync(join(dir, 'f.snapshot.json'))).toBe(false);
    const verify = await withSnapshots([scratchScenarios({ 'g.yaml': passing('scratch/g') })], emulator, { mode: 'verify' });
    expect(failuresOf(verify.report)).toEqual([expect.objectContaining({ step: '(snapshot)', kind: 'parity', message: expect.stringMatching(/^no snapshot at \S+g\.snapshot\.json: record one with --snapshot-update$/) })]);
    expect(verify.session.outcomes[0]!.outcome).toBe('missing');
  });

  it('a snapshot recorded with another --seed fails verification with the reason', async () => {
    const dir = scratchScenarios({ 'a.yaml': passing('scratch/seeded') });
    await withSnapshots([dir], emulator, { mode: 'update' });
    const session = new SnapshotSession({ mode: 'verify' });
    const report = await runScenarios([dir], emulator, { snapshots: session, seed: 5 });
    expect(failuresOf(report)).toEqual([expect.objectContaining({ path: '$.recorded.seed', message: 'the snapshot was recorded with --seed 20260101; this run uses 5, so its faker data differs' })]);
  });

  it('snapshots no scenario owns any more are removed, beside the scenarios and in a named folder', async () => {
    const dir = scratchScenarios({ 'keep.yaml': passing('scratch/keep'), 'gone.yaml': passing('scratch/gone') });
    const named = tempDir();
    for (const options of [{ mode: 'update' as const }, { mode: 'update' as const, dir: named }]) await withSnapshots([dir], emulator, options);
    rmSync(join(dir, 'gone.yaml'));
    const scenarios = loadScenarios([dir]);
    expect(new SnapshotSession({ mode: 'update' }).removeStale(scenarios, [dir])).toEqual([join(dir, 'gone.snapshot.json')]);
    expect(new SnapshotSession({ mode: 'update', dir: named }).removeStale(scenarios, [dir])).toEqual([join(named, 'scratch', 'gone.snapshot.json')]);
    expect(existsSync(join(dir, 'keep.snapshot.json')) && existsSync(join(named, 'scratch', 'keep.snapshot.json'))).toBe(true);
    expect(existsSync(join(dir, 'gone.snapshot.json')) || existsSync(join(named, 'scratch', 'gone.snapshot.json'))).toBe(false);
  });

  it('a snapshot from the sandbox has no emulator-only step; verifying the emulator against it ignores them, and numbers the rest alike', async () => {
    const dir = scratchScenarios({
      'plastic.yaml': `id: scratch/plastic
title: A plastic card activated by the emulator's trigger, then read
setup: [discover-tenant, new-cardholder]
steps:
  - name: create
    request: { method: POST, path: /v1/cards, body: { account_id: "\${bank_account_id}", configuration_group_id: "\${plastic_group_id}", cardholder: "\${cardholder}" } }
    expect: { status: 201 }
    capture: { card_id: $.body.id }
  - name: activate
    emulator_only: true
    request: { method: POST, path: "/_emulator/cards/\${card_id}/activate" }
    expect: { status: 200 }
  - name: read
    request: { method: GET, path: "/v1/cards/\${card_id}" }
    expect: { status: 200 }
    parity:
      skip:
        - { path: $.body.state, reason: the sandbox cannot activate a plastic card; the emulator's trigger did }
`,
    });
    const snapshots = tempDir();
    // The emulator posing as Mono's sandbox: the runner skips emulator-only steps by the target's kind.
    const sandboxLike: Target = { ...emulator, name: 'sandbox', kind: 'sandbox', close: async () => {} };
    await withSnapshots([dir], sandboxLike, { mode: 'update', dir: snapshots });
    const snapshot = JSON.parse(readFileSync(join(snapshots, 'scratch/plastic.snapshot.json'), 'utf8')) as SnapshotFile;
    expect(snapshot.recorded).toMatchObject({ target: 'sandbox', from_mono: true, emulator: null });
    expect(snapshot.recorded.note).toBeUndefined();
    expect(snapshot.exchanges.map((e) => e.step)).not.toContain('activate');
    const { report } = await withSnapshots([dir], emulator, { mode: 'verify', dir: snapshots });
    expect(failuresOf(report)).toEqual([]);
  });

  it('a snapshot that is not JSON fails verification naming the file', async () => {
    const dir = scratchScenarios({ 'a.yaml': passing('scratch/broken-file') });
    writeFileSync(join(dir, 'a.snapshot.json'), '{ not json');
    const { report } = await withSnapshots([dir], emulator, { mode: 'verify' });
    expect(failuresOf(report)).toEqual([expect.objectContaining({ step: '(snapshot)', message: expect.stringMatching(/a\.snapshot\.json is not a snapshot: /) })]);
  });
});
