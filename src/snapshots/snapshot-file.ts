import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TargetName } from '../targets/index.js';

/** What one request and its answer look like in a snapshot, normalised. */
export interface SnapshotExchange {
  step: string;
  /** 1-based, only on steps that `repeat`. */
  round?: number;
  /** The contract operation the answer was checked against. */
  operation: string;
  request: { method: string; path: string; query?: Record<string, string | string[]>; headers?: Record<string, string>; body?: unknown };
  status: number;
  /** Only the headers that carry meaning (content type, idempotent replay, auth challenge…). */
  headers: Record<string, string>;
  body?: unknown;
  /** The deliveries the step awaited, in the order it lists them. */
  webhooks?: { event: unknown; headers: Record<string, string>; payload: unknown }[];
}

/** One scenario's snapshot: plain JSON, meant to be read in a pull request. */
export interface SnapshotFile {
  scenario: string;
  recorded: {
    /** The target it was recorded on; only `sandbox` is Mono's. */
    target: TargetName;
    from_mono: boolean;
    note?: string;
    /** When this content was first recorded: a re-recording that changes nothing keeps the file. */
    at: string;
    /** The harness that recorded it, and the emulator when the target was the in-process one. */
    harness: string;
    emulator: string | null;
    /** The --seed of the `${faker.…}` data: a verification must use the same. */
    seed: number;
  };
  exchanges: SnapshotExchange[];
}

export const SNAPSHOT_SUFFIX = '.snapshot.json';

export const EMULATOR_RECORDING_NOTE =
  "Recorded from this package's emulator, not from Mono's sandbox: it checks the emulator against itself until re-recorded with --target sandbox --snapshot-update.";

/** Beside the scenario (`cards/freeze.yaml` -> `cards/freeze.snapshot.json`), or `<dir>/<scenario id>.snapshot.json`. */
export function snapshotPath(scenario: { id: string; file: string }, dir?: string): string {
  if (dir) return join(dir, `${scenario.id}${SNAPSHOT_SUFFIX}`);
  return scenario.file.replace(/\.ya?ml$/, '') + SNAPSHOT_SUFFIX;
}

export function readSnapshot(file: string): SnapshotFile | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
}

export function writeSnapshot(file: string, snapshot: SnapshotFile): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(snapshot, null, 2)}\n`);
}
