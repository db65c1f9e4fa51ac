import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runScenarios } from '../../src/runner.js';
import { loadScenarios } from '../../src/scenario/load.js';
import { buildLedger, readLedger, renderLedger, type Ledger } from '../../src/snapshots/ledger.js';
import { SnapshotSession } from '../../src/snapshots/session.js';
import { openTarget, type Target } from '../../src/targets/index.js';
import { ROOT } from '../support/spawned-emulator.js';
import { SCENARIOS_DIR } from '../contract/scenario-tests.js';
import { scratchScenarios } from './scratch.js';

let emulator: Target;
beforeAll(async () => {
  emulator = await openTarget({ target: 'emulator' });
});
afterAll(async () => {
  await emulator.close();
});

/** Mono's operations, read from the contract's YAML here rather than through the harness's index. */
function monoOperationIds(): string[] {
  const document = parse(readFileSync(join(ROOT, 'contracts', 'mono.openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
  return Object.values(document.paths).flatMap((item) => Object.values(item).flatMap((op) => (op && typeof op === 'object' && op.operationId ? [op.operationId] : [])));
}

describe('parity ledger', () => {
  it('per scenario its snapshot and last verification per kind of target; per operation the scenarios covering it and whether a sandbox snapshot backs it', async () => {
    const dir = scratchScenarios({
      'cards/create.yaml': `id: scratch/create
title: Create a card
setup: [discover-tenant, new-cardholder]
steps:
  - name: create
    request: { method: POST, path: /v1/cards, body: { account_id: "\${bank_account_id}", cardholder: "\${cardholder}" } }
    expect: { status: 201 }
`,
      'accounts/list.yaml': 'id: scratch/list\ntitle: List accounts\nsteps:\n  - name: list\n    request: { method: GET, path: /v1/accounts }\n    expect: { status: 200 }\n',
      'accounts/unrecorded.yaml': 'id: scratch/unrecorded\ntitle: Never recorded\nsteps:\n  - name: cards\n    request: { method: GET, path: "/v1/cards?state=active" }\n',
    });
    // The create scenario recorded on a sandbox-kind target (the emulator posing as Mono), the list on the emulator.
    const sandboxLike: Target = { ...emulator, name: 'sandbox', kind: 'sandbox', close: async () => {} };
    const fromSandbox = new SnapshotSession({ mode: 'update' });
    await runScenarios([join(dir, 'cards')], sandboxLike, { snapshots: fromSandbox });
    const fromEmulator = new SnapshotSession({ mode: 'update', now: () => new Date('2026-02-03T10:00:00Z') });
    await runScenarios([join(dir, 'accounts', 'list.yaml')], emulator, { snapshots: fromEmulator });

    const scenarios = loadScenarios([dir]);
    const previous: Ledger = {
      generated_by: 'older',
      scenarios: [{ id: 'scratch/list', file: 'x', snapshot: null, verified: { emulator: '2026-01-01', sandbox: '2025-12-24' } }],
      operations: [],
    };
    const ledger = buildLedger({ folder: dir, scenarios, previous, run: { outcomes: fromEmulator.outcomes, kind: 'emulator', date: '2026-02-03' } });

    expect(ledger.scenarios).toEqual([
      { id: 'scratch/create', file: 'cards/create.yaml', snapshot: { file: 'cards/create.snapshot.json', recorded_on: 'sandbox', from_mono: true, recorded_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }, verified: { emulator: null, sandbox: null } },
      { id: 'scratch/list', file: 'accounts/list.yaml', snapshot: { file: 'accounts/list.snapshot.json', recorded_on: 'emulator', from_mono: false, recorded_at: '2026-02-03' }, verified: { emulator: '2026-02-03', sandbox: '2025-12-24' } },
      { id: 'scratch/unrecorded', file: 'accounts/unrecorded.yaml', snapshot: null, verified: { emulator: null, sandbox: null } },
    ]);
    expect(ledger.operations.map((o) => o.operation).sort()).toEqual(monoOperationIds().sort());
    const byId = Object.fromEntries(ledger.operations.map((o) => [o.operation, o]));
    // discover-tenant lists bank accounts too: both the create and the list scenario cover it.
    expect(byId.listBankAccounts).toMatchObject({ method: 'GET', path: '/v1/accounts', scenarios: 2, backed_by_sandbox_snapshot: true });
    expect(byId.createBankingCard).toMatchObject({ method: 'POST', path: '/v1/cards', scenarios: 1, backed_by_sandbox_snapshot: true });
    expect(byId.listCards).toMatchObject({ scenarios: 1, backed_by_sandbox_snapshot: false });
    expect(byId.getCard).toMatchObject({ scenarios: 0, backed_by_sandbox_snapshot: false });

    const markdown = renderLedger(ledger);
    expect(markdown).toContain('| [scratch/list](accounts/list.yaml) | [emulator](accounts/list.snapshot.json) (not Mono) | 2026-02-03 | 2026-02-03 | 2025-12-24 |');
    expect(markdown).toContain('| [scratch/unrecorded](accounts/unrecorded.yaml) | none | — | never | never |');
    expect(markdown).toContain('| createBankingCard | `POST /v1/cards` | 1 | yes |');
    // discover-tenant reads accounts, the tenant config and ledger accounts; the create adds createBankingCard, the unrecorded one listCards.
    expect(markdown).toContain(`5 of ${monoOperationIds().length} operations are exercised by a scenario; 4 are backed by a snapshot from Mono's sandbox.`);
  });

  it('the shipped ledger (scenarios/PARITY.md and .json) is current: the scenarios and snapshots give it again (else: npm run snapshots)', () => {
    const file = join(SCENARIOS_DIR, 'PARITY.md');
    const committed = readLedger(file)!;
    const again = buildLedger({ folder: SCENARIOS_DIR, scenarios: loadScenarios([SCENARIOS_DIR]), previous: committed });
    expect({ ...again, generated_by: committed.generated_by }, 'scenarios/PARITY.json is stale: run npm run snapshots').toEqual(committed);
    expect(readFileSync(file, 'utf8'), 'scenarios/PARITY.md is stale: run npm run snapshots').toBe(renderLedger(committed));
    // The shipped set is the emulator's own: the ledger must not claim Mono backs anything.
    expect(committed.scenarios.every((s) => s.snapshot && !s.snapshot.from_mono && s.verified.emulator)).toBe(true);
    expect(committed.operations.some((o) => o.backed_by_sandbox_snapshot)).toBe(false);
  });
});
