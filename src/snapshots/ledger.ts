import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { loadContracts } from '../../contracts/index.js';
import { stepOperation } from '../scenario/operations.js';
import type { Scenario, ScenarioTarget } from '../scenario/schema.js';
import type { TargetName } from '../targets/index.js';
import { packageVersion } from '../../emulator/version.js';
import { plural } from '../plural.js';
import type { SnapshotOutcome } from './session.js';
import { readSnapshot, snapshotPath } from './snapshot-file.js';

/**
 * The parity ledger: the file a team reads before trusting the emulator for a flow. Per
 * scenario, its snapshot (recorded on which target, when) and the last day it was verified on
 * each kind of target; per operation of Mono's contract, how many scenarios exercise it and
 * whether a snapshot from Mono's sandbox backs it. Written as Markdown to read and as JSON (its
 * twin, `.json` beside the `.md`) for tools and for the next run, which keeps its dates.
 */

/** Paths are relative to the ledger's folder, so the ledger reads the same from any checkout. */
export interface LedgerScenario {
  id: string;
  file: string;
  snapshot: { file: string; recorded_on: TargetName; from_mono: boolean; recorded_at: string } | null;
  /** The last day (YYYY-MM-DD) a run with snapshots passed on each kind of target; null: never. */
  verified: Record<ScenarioTarget, string | null>;
}

export interface LedgerOperation {
  operation: string;
  method: string;
  path: string;
  /** How many scenarios send a request to it (their fragments included). */
  scenarios: number;
  backed_by_sandbox_snapshot: boolean;
}

export interface Ledger {
  generated_by: string;
  scenarios: LedgerScenario[];
  operations: LedgerOperation[];
}

export interface LedgerInput {
  /** Where the ledger is written: its paths are relative to it. */
  folder: string;
  /** Every scenario the ledger covers (not only those a --grep kept). */
  scenarios: readonly Scenario[];
  /** The snapshot folder, when not beside the scenarios. */
  dir?: string;
  /** The ledger as it was, for the dates of scenarios this run did not verify. */
  previous?: Ledger;
  /** This run's snapshot outcomes, the kind of target it ran on, and today. */
  run?: { outcomes: readonly SnapshotOutcome[]; kind: ScenarioTarget; date: string };
}

/** What counts as verified: the run passed and its answers matched the snapshot, or became it. */
const VERIFIED: ReadonlySet<SnapshotOutcome['outcome']> = new Set(['verified', 'written', 'unchanged']);

export function jsonTwin(markdownFile: string): string {
  return markdownFile.replace(/\.md$/i, '') + '.json';
}

export function readLedger(markdownFile: string): Ledger | undefined {
  const file = jsonTwin(markdownFile);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Ledger) : undefined;
}

const relativeTo = (folder: string, file: string) => relative(folder, file).split('\\').join('/');

export function buildLedger(input: LedgerInput): Ledger {
  const previous = new Map((input.previous?.scenarios ?? []).map((s) => [s.id, s]));
  const passed = new Set((input.run?.outcomes ?? []).filter((o) => VERIFIED.has(o.outcome)).map((o) => o.scenario));
  const sandboxOperations = new Set<string>();
  const scenarios = [...input.scenarios]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((scenario): LedgerScenario => {
      const file = snapshotPath(scenario, input.dir);
      const snapshot = readSnapshot(file);
      if (snapshot?.recorded.from_mono) for (const exchange of snapshot.exchanges) sandboxOperations.add(exchange.operation);
      const verified = { emulator: null, sandbox: null, ...previous.get(scenario.id)?.verified };
      if (input.run && passed.has(scenario.id)) verified[input.run.kind] = input.run.date;
      return {
        id: scenario.id,
        file: relativeTo(input.folder, scenario.file),
        snapshot: snapshot ? { file: relativeTo(input.folder, file), recorded_on: snapshot.recorded.target, from_mono: snapshot.recorded.from_mono, recorded_at: snapshot.recorded.at.slice(0, 10) } : null,
        verified,
      };
    });
  const covering = new Map<string, Set<string>>();
  for (const scenario of input.scenarios) {
    for (const step of scenario.steps) {
      const found = stepOperation(step);
      if ('operation' in found) covering.set(found.operation.operationId, (covering.get(found.operation.operationId) ?? new Set()).add(scenario.id));
    }
  }
  const operations = loadContracts()
    .index.operations.filter((op) => op.contract === 'mono')
    .map((op) => ({
      operation: op.operationId,
      method: op.method.toUpperCase(),
      path: op.path,
      scenarios: covering.get(op.operationId)?.size ?? 0,
      backed_by_sandbox_snapshot: sandboxOperations.has(op.operationId),
    }))
    .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  return { generated_by: packageVersion(), scenarios, operations };
}

/** The Markdown of a ledger. */
export function renderLedger(ledger: Ledger): string {
  const never = (date: string | null) => date ?? 'never';
  const scenarioRows = ledger.scenarios.map((s) => {
    const snapshot = s.snapshot
      ? `[${s.snapshot.recorded_on}](${s.snapshot.file})${s.snapshot.from_mono ? ' (Mono)' : ' (not Mono)'} | ${s.snapshot.recorded_at}`
      : 'none | —';
    return `| [${s.id}](${s.file}) | ${snapshot} | ${never(s.verified.emulator)} | ${never(s.verified.sandbox)} |`;
  });
  const operationRows = ledger.operations.map((o) => `| ${o.operation} | \`${o.method} ${o.path}\` | ${o.scenarios} | ${o.backed_by_sandbox_snapshot ? 'yes' : 'no'} |`);
  const covered = ledger.operations.filter((o) => o.scenarios > 0).length;
  const backed = ledger.operations.filter((o) => o.backed_by_sandbox_snapshot).length;
  return [
    '# Parity ledger',
    '',
    `Generated by \`mono-contract run --snapshot-update|--snapshot-verify --ledger\` (${ledger.generated_by}); do not edit by hand.`,
    'A snapshot holds what a target answered to a scenario; a verification runs the scenario again and compares',
    'every answer with it. Only snapshots recorded on the `sandbox` target are Mono\'s: the others check the',
    'emulator against itself. "Verified" is the last day a run with snapshots passed on that kind of target.',
    '',
    '## Scenarios',
    '',
    '| Scenario | Snapshot recorded on | Recorded | Last verified: emulator | Last verified: sandbox |',
    '|---|---|---|---|---|',
    ...scenarioRows,
    '',
    "## Operations of Mono's contract",
    '',
    `${covered} of ${plural(ledger.operations.length, 'operation')} ${covered === 1 ? 'is' : 'are'} exercised by a scenario; ${backed} ${backed === 1 ? 'is' : 'are'} backed by a snapshot from Mono's sandbox.`,
    '',
    '| Operation | Request | Scenarios | Backed by a sandbox snapshot |',
    '|---|---|---|---|',
    ...operationRows,
    '',
  ].join('\n');
}

/** Writes the ledger's Markdown and its JSON twin. */
export function writeLedger(markdownFile: string, ledger: Ledger): void {
  mkdirSync(dirname(markdownFile), { recursive: true });
  writeFileSync(markdownFile, renderLedger(ledger));
  writeFileSync(jsonTwin(markdownFile), `${JSON.stringify(ledger, null, 2)}\n`);
}
