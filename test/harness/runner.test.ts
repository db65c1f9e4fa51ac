import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatScenarioFailure, renderConsole } from '../../src/reporters/console.js';
import { runScenarios } from '../../src/runner.js';
import { openTarget, type Target } from '../../src/targets/index.js';
import { scratchScenarios } from './scratch.js';

let emulator: Target;
beforeAll(async () => {
  emulator = await openTarget({ target: 'emulator' });
});
afterAll(async () => {
  await emulator.close();
});

const CREATE_CARD = `  - name: create
    request:
      method: POST
      path: /v1/cards
      body: { account_id: "\${bank_account_id}", cardholder: "\${cardholder}" }
`;
const scenario = (id: string, rest: string, header = 'setup: [discover-tenant, new-cardholder]') => `id: ${id}\ntitle: ${id} title\n${header}\nsteps:\n${rest}`;

describe('runner', () => {
  it('a deliberately broken expectation fails the run with the step, its line, the request, the expected, the actual and the path', async () => {
    const dir = scratchScenarios({
      'cards/broken.yaml': scenario('scratch/broken', `${CREATE_CARD}    expect:\n      status: 201\n      body: { state: frozen }\n`),
    });
    const report = await runScenarios([dir], emulator);
    expect(report.counts).toEqual({ passed: 0, failed: 1, skipped: 0, total: 1 });
    const [result] = report.scenarios;
    const step = result!.steps.at(-1)!;
    expect(step).toMatchObject({ name: 'create', outcome: 'failed', operation: 'createBankingCard' });
    expect(step.failures).toEqual([{ kind: 'body', path: '$.body.state', message: 'expected "frozen", got "active"' }]);
    const message = formatScenarioFailure(result!);
    expect(message).toMatch(/step "create" \(\S*cards\/broken\.yaml:5\) — createBankingCard/);
    expect(message).toMatch(/request: {2}POST http:\/\/127\.0\.0\.1:\d+\/v1\/cards/);
    expect(message).toContain('expected: body {"state":"frozen"}');
    expect(message).toMatch(/actual: {3}status 201\n\s+body \{"id":"car_/);
    expect(message).toContain('$.body.state: expected "frozen", got "active"');
    // The API key is never printed whole.
    expect(message).not.toContain(emulator.apiKeys.primary!);
    expect(renderConsole(report)).toMatch(/\n0 passed, 1 failed, 0 skipped\n$/);
  });

  it('steps after a failing step are not run', async () => {
    const dir = scratchScenarios({
      'a.yaml': scenario('scratch/stops', `${CREATE_CARD}    expect: { status: 200 }\n  - name: never\n    request: { method: GET, path: /v1/cards }\n`),
    });
    const report = await runScenarios([dir], emulator);
    expect(report.scenarios[0]!.outcome).toBe('failed');
    expect(report.scenarios[0]!.steps.at(-1)).toMatchObject({ name: 'create', outcome: 'failed' });
    expect(report.scenarios[0]!.steps.map((s) => s.name)).not.toContain('never');
  });

  it('captures feed later steps; a capture that matches nothing fails the step', async () => {
    const dir = scratchScenarios({
      'ok.yaml': scenario('scratch/capture', `${CREATE_CARD}    capture: { card_id: $.body.id, replayed: $.headers.x-nope }\n`),
    });
    const report = await runScenarios([dir], emulator);
    expect(report.scenarios[0]!.steps.at(-1)!.failures).toEqual([
      { kind: 'capture', path: '$.headers.x-nope', message: 'capture replayed: $.headers.x-nope matched nothing in the answer' },
    ]);
  });

  it('repeat sends the request that many times', async () => {
    const dir = scratchScenarios({
      'r.yaml': scenario('scratch/repeat', `${CREATE_CARD}    repeat: 3\n    expect: { status: 201 }\n  - name: count\n    request: { method: GET, path: /v1/cards, query: { account_id: "\${bank_account_id}" } }\n    expect: { body: { pagination: { total_items: 3 } } }\n`),
    });
    expect((await runScenarios([dir], emulator)).counts.passed).toBe(1);
  });

  it('on a sandbox-kind target, emulator-only scenarios and steps are skipped with the reason, the rest runs', async () => {
    // The emulator posing as a sandbox: the runner decides by the target's kind alone.
    const sandboxLike: Target = { ...emulator, name: 'sandbox', kind: 'sandbox', close: async () => {} };
    const dir = scratchScenarios({
      'only.yaml': scenario('scratch/emulator-only', '  - name: health\n    emulator_only: true\n    request: { method: GET, path: /_emulator/health }\n', 'targets: [emulator]'),
      'mixed.yaml': scenario('scratch/mixed', `${CREATE_CARD}    capture: { card_id: $.body.id }\n  - name: activate\n    emulator_only: true\n    request: { method: POST, path: "/_emulator/cards/\${card_id}/activate" }\n    expect: { status: 200 }\n  - name: read\n    request: { method: GET, path: "/v1/cards/\${card_id}" }\n    expect: { status: 200 }\n`),
    });
    const report = await runScenarios([dir], sandboxLike);
    const [mixed, only] = report.scenarios;
    expect(only).toMatchObject({ outcome: 'skipped', reason: 'emulator-only scenario: not valid for the sandbox target' });
    expect(mixed!.outcome).toBe('passed');
    expect(mixed!.steps.find((s) => s.name === 'activate')).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('emulator-only step') });
    expect(mixed!.steps.find((s) => s.name === 'read')!.outcome).toBe('passed');
    expect(renderConsole(report)).toMatch(/^✓ scratch\/mixed — scratch\/mixed title \(\d+ ms; step "activate" skipped: emulator-only step: POST \/_emulator\/cards\/\$\{card_id\}\/activate does not exist on the sandbox\)$/m);
    expect(report.counts).toEqual({ passed: 1, failed: 0, skipped: 1, total: 2 });
  });

  it('a scenario that needs a second tenant is skipped with the reason on a target with one key', async () => {
    const oneKey = await openTarget({ target: 'url', baseUrl: emulator.baseUrl, apiKeys: [emulator.apiKeys.primary!] });
    const dir = scratchScenarios({
      'x.yaml': scenario('scratch/two', '  - name: other\n    auth: second\n    request: { method: GET, path: /v1/cards }\n', 'requires: [second_tenant]'),
    });
    const report = await runScenarios([dir], oneKey);
    expect(report.scenarios[0]).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('second --api-key') });
  });

  it('without a key the sandbox target is skipped whole, with one line and no pass', async () => {
    const dir = scratchScenarios({ 'a.yaml': scenario('scratch/a', '  - name: a\n    request: { method: GET, path: /v1/cards }\n', 'tags: []') });
    const report = await runScenarios([dir], { target: 'sandbox' });
    expect(report).toMatchObject({ target: 'sandbox', targetSkipped: 'sandbox target skipped: MONO_SANDBOX_API_KEY is not set', counts: { passed: 0, skipped: 1 } });
    const lines = renderConsole(report).trim().split('\n');
    expect(lines[0]).toBe('sandbox target skipped: MONO_SANDBOX_API_KEY is not set (1 scenario not run)');
    expect(lines.filter((line) => line.includes('scratch/a'))).toEqual([]);
  });

  describe('against a fake server', () => {
    let server: Server;
    let healthCalls = 0;
    let baseUrl: string;
    beforeAll(async () => {
      // A server that answers like Mono would not: the contract, not the scenario, must catch it.
      server = createServer((req, res) => {
        if (req.url === '/_emulator/reset') return res.writeHead(204).end();
        if (req.url === '/_emulator/health') {
          healthCalls += 1;
          // Up from the third call on: something that settles after a while.
          return healthCalls < 3
            ? res.writeHead(503, { 'content-type': 'application/json' }).end('{}')
            : res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        }
        if (req.url?.startsWith('/v1/cards/')) {
          return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'car_short', state: 'active' }));
        }
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('an answer that breaks the contract fails the step and names the operation and the JSON path, even when the expectations pass', async () => {
      const target = await openTarget({ target: 'url', baseUrl, apiKeys: ['sandbox_fake_key_0000'] });
      const dir = scratchScenarios({
        'c.yaml': scenario('scratch/contract', '  - name: read\n    request: { method: GET, path: /v1/cards/car_5tgliBmzjZ6mpQPRbQjfKj }\n    expect: { status: 200, body: { state: active } }\n  - name: unknown\n    request: { method: GET, path: /v1/nowhere }\n', 'tags: []'),
      });
      const report = await runScenarios([dir], target);
      const failures = report.scenarios[0]!.steps[0]!.failures;
      expect(failures.every((f) => f.kind === 'contract' && f.message.startsWith('getCard: '))).toBe(true);
      expect(failures.map((f) => f.path)).toEqual(expect.arrayContaining(['$.body.id', '$.body.account_id', '$.body.configuration_group_id']));
      expect(failures.find((f) => f.path === '$.body.id')!.message).toMatch(/must match pattern/);
    });

    it('eventually: a GET is re-sent until its expectations pass; past the time the last answer fails', async () => {
      const target = await openTarget({ target: 'url', baseUrl, apiKeys: ['sandbox_fake_key_0000'] });
      const step = (seconds: number) => `  - name: health\n    emulator_only: true\n    eventually: ${seconds}\n    request: { method: GET, path: /_emulator/health }\n    expect: { status: 200, body: { status: ok } }\n`;
      healthCalls = 0;
      const settles = await runScenarios([scratchScenarios({ 'e.yaml': scenario('scratch/eventually', step(5), 'tags: []') })], target);
      expect(settles.counts.passed).toBe(1);
      expect(healthCalls).toBe(3);

      healthCalls = -100;
      const started = Date.now();
      const gaveUp = await runScenarios([scratchScenarios({ 'e.yaml': scenario('scratch/gives-up', step(0.5), 'tags: []') })], target);
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(gaveUp.scenarios[0]!.steps[0]!.failures[0]).toEqual({ kind: 'status', path: '$.status', message: 'expected 200, got 503' });
    });

    it('webhook scenarios are skipped, never passed, where POST /_emulator/webhooks answers 404', async () => {
      const target = await openTarget({ target: 'url', baseUrl, apiKeys: ['sandbox_fake_key_0000'] });
      const dir = scratchScenarios({
        'w.yaml': scenario('scratch/webhook', '  - name: read\n    request: { method: GET, path: /v1/cards/car_5tgliBmzjZ6mpQPRbQjfKj }\n    webhooks: [{ event: card_created }]\n', 'requires: [webhooks]'),
      });
      const report = await runScenarios([dir], target);
      await target.close();
      expect(report.scenarios[0]).toMatchObject({ outcome: 'skipped', reason: 'the target has no webhook control plane (POST /_emulator/webhooks answered 404)', steps: [] });
      expect(report.counts).toEqual({ passed: 0, failed: 0, skipped: 1, total: 1 });
    });

    it('an answer outside every operation must be the error envelope', async () => {
      const target = await openTarget({ target: 'url', baseUrl, apiKeys: ['sandbox_fake_key_0000'] });
      const dir = scratchScenarios({ 'c.yaml': scenario('scratch/envelope', '  - name: unknown\n    request: { method: GET, path: /v1/nowhere }\n    expect: { status: 404 }\n', 'tags: []') });
      const failures = (await runScenarios([dir], target)).scenarios[0]!.steps[0]!.failures;
      expect(failures[0]!.message).toMatch(/^error envelope: /);
      expect(failures.map((f) => f.path)).toEqual(expect.arrayContaining(['$.body.code', '$.body.error']));
    });
  });
});
