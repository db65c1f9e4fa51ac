import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { it } from 'vitest';
import type { OperationSpec } from '../../../contracts/index.js';
import type { ApiResponse } from '../contract-client.js';
import { KEY_A, KEY_B } from '../emulator.js';
import type { WireRequest } from '../http-probe.js';
import { expectationFor, problemsWith } from './oracle.js';
import { snapshotParts, type FuzzWorld } from './world.js';

/**
 * How many cases each property tries per operation: `FUZZ_RUNS` (set by `npm run fuzz -- --runs
 * N`), else the bounded default `npm test` runs. `FUZZ_SEED` and `FUZZ_PATH` replay a failure.
 */
export function fuzzParameters<T>(defaultRuns: number, operationId: string, property: string): fc.Parameters<T> {
  const env = process.env;
  return {
    numRuns: Number(env.FUZZ_RUNS ?? defaultRuns),
    ...(env.FUZZ_SEED ? { seed: Number(env.FUZZ_SEED) } : {}),
    ...(env.FUZZ_PATH ? { path: env.FUZZ_PATH } : {}),
    endOnFailure: false,
    reporter(details) {
      if (!details.failed) return;
      throw new Error(
        `${fc.defaultReportMessage(details)}\n\nWhat went wrong with the shrunk case:\n${(details.errorInstance as Error | undefined)?.message ?? String(details.errorInstance)}\n\nReplay this case: FUZZ_SEED=${details.seed} FUZZ_PATH="${details.counterexamplePath ?? ''}" npm run fuzz -- --operation ${operationId} --property ${property}`,
      );
    },
  };
}

/** A property's time limit: generous, and growing with the number of cases asked for. */
export function fuzzTimeout(defaultRuns: number): number {
  return Math.max(120_000, Number(process.env.FUZZ_RUNS ?? defaultRuns) * 500);
}

export interface CaseStats {
  cases: number;
  /** Contract-valid requests by answer: a 2xx, or a business 4xx. */
  accepted: number;
  business: number;
  /** Requests the contract refuses, each answered with the expected 4xx and nothing changed. */
  rejected: number;
  statuses: Record<string, number>;
}

const stats = new Map<string, CaseStats>();
/** Per mutation kind: how many cases, and how many of them the contract refused. */
const kinds = new Map<string, { cases: number; refused: number }>();

export function countKind(kind: string, refused: boolean): void {
  const entry = kinds.get(kind) ?? { cases: 0, refused: 0 };
  entry.cases++;
  if (refused) entry.refused++;
  kinds.set(kind, entry);
}

/** The mutation kinds tried so far in this file (to check that a short run still tries each). */
export function kindsTried(): string[] {
  return [...kinds.keys()].sort();
}

export function statsFor(key: string): CaseStats {
  let entry = stats.get(key);
  if (!entry) stats.set(key, (entry = { cases: 0, accepted: 0, business: 0, rejected: 0, statuses: {} }));
  return entry;
}

/**
 * Prints the figures of a run (`npm run fuzz` only: in `npm test` they were ~40 lines of noise
 * around the results), writes them where FUZZ_REPORT says, and forgets them: the files of a
 * worker share this module, and each file reports (and checks) its own figures.
 */
export function reportStats(title: string): void {
  if (process.env.FUZZ_RUNS) printStats(title);
  stats.clear();
  kinds.clear();
}

function printStats(title: string): void {
  const rows = [...stats.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total = rows.reduce((sum, [, s]) => sum + s.cases, 0);
  const lines = rows.map(([key, s]) => `${key.padEnd(34)} ${String(s.cases).padStart(6)} cases: ${s.accepted} 2xx, ${s.business} business 4xx, ${s.rejected} refused  ${JSON.stringify(s.statuses)}`);
  const byKind = [...kinds.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, k]) => `${kind.padEnd(22)} ${String(k.cases).padStart(6)} cases, ${k.refused} refused`);
  console.log(`${title}: ${total} cases over ${rows.length} operations\n${lines.join('\n')}${byKind.length ? `\nby mutation:\n${byKind.join('\n')}` : ''}`);
  if (process.env.FUZZ_REPORT) {
    writeFileSync(`${process.env.FUZZ_REPORT}.${title.replace(/\W+/g, '-')}.json`, JSON.stringify({ operations: Object.fromEntries(rows), mutations: Object.fromEntries(kinds) }, null, 2));
  }
}

const shorten = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);

function describeRequest(request: WireRequest): string {
  const headers = Object.entries(request.headers).map(([k, v]) => `  ${k}: ${shorten(JSON.stringify(v), 200)}`);
  return [`${request.method} ${shorten(request.url, 300)}`, ...headers, ...(request.body === undefined ? [] : [`  body: ${shorten(request.body)}`])].join('\n');
}

/** Which reads of two snapshots differ, each shown from a little before its first differing character. */
function firstDifference(before: string, after: string): string {
  const a = snapshotParts(before);
  const b = snapshotParts(after);
  const keys = Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);
  return keys.map((k) => `${k}: ${around(a[k], b[k])} -> ${around(b[k], a[k])}`).join('\n');
}

/** `text` from 100 characters before where it first differs from `other`, up to 300 characters. */
function around(text = '(not read)', other = ''): string {
  let at = 0;
  while (at < text.length && text[at] === other[at]) at++;
  const from = Math.max(0, at - 100);
  return `${from > 0 ? '…' : ''}${shorten(text.slice(from), 300)}`;
}

/** Webhook URLs must stay on this machine: a registration elsewhere is never sent. */
function assertLoopbackOnly(op: OperationSpec, request: WireRequest): void {
  if (op.operationId !== 'registerWebhook' || request.body === undefined) return;
  let url: unknown;
  try {
    url = (JSON.parse(request.body) as { url?: unknown }).url;
  } catch {
    return;
  }
  if (typeof url !== 'string') return;
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return; // no URL the emulator could send to
  }
  if (hostname !== '127.0.0.1') throw new Error(`refusing to register a webhook URL off this machine: ${url}`);
}

const CHANGED = 'a refused request changed what the tenant reads';

/**
 * `prop` (test/support/property.ts) for a fuzz property on a world, with the tenant read less:
 * its refused cases are compared together, one read before and one after each run of refused
 * cases (before the next accepted case, and at the end), instead of one read after each case.
 * When a run changed something, the property is run again from its first case on a restarted
 * world with a read after every refused case: the case that changes the tenant then fails as it
 * always did, shrunk, with its difference and its replay line. Only if that run passes (the
 * change needed what came before it in this file) does the failure list the run's cases.
 */
export function fuzzProperty<Ts extends [unknown, ...unknown[]]>(world: () => FuzzWorld, arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, parameters: fc.Parameters<Ts>) {
  return (name: string, predicate: (...args: Ts) => Promise<unknown>, timeout: number) =>
    it(
      name,
      async () => {
        const property = fc.asyncProperty(...arbitraries, async (...args: Ts) => {
          await predicate(...args);
        });
        const target = world();
        target.deferComparisons = true;
        try {
          await fc.assert(property, parameters);
          await target.settleRefused();
        } catch (error) {
          target.dropUnsettled();
          throw error;
        } finally {
          target.deferComparisons = false;
        }
        const change = target.takeChange();
        if (!change) return;
        await target.restart();
        await fc.assert(property, parameters);
        throw new Error(
          `${CHANGED}, one of these ${change.cases.length} sent one after another (alone on a new world, none did):\n${change.cases.join('\n\n')}\n\nwhat changed:\n${firstDifference(change.before, change.after)}`,
        );
      },
      timeout,
    );
}

/**
 * Sends one request and holds the answer to what the contract says it deserves (oracle.ts). A
 * refused request must leave everything the tenant can read as it was, and the emulator up.
 */
export interface CaseOptions {
  /** The mutation kind, for the figures. */
  kind?: string;
  /** false when other requests run at the same time: a refused one cannot then be told apart by a snapshot. */
  compareState?: boolean;
}

export async function runCase(world: FuzzWorld, op: OperationSpec, request: WireRequest, mutatedAt: string | null, description: string, options: CaseOptions = {}): Promise<ApiResponse> {
  const { kind, compareState = true } = options;
  assertLoopbackOnly(op, request);
  const expectation = expectationFor(request, [KEY_A, KEY_B], { strict: world.strict });
  // The refused cases sent before this accepted one are judged on the tenant as they left it.
  if (expectation.verdict === 'valid' && compareState) await world.settleRefused();
  const before = expectation.verdict === 'invalid' && compareState ? await world.lastSnapshot() : undefined;
  let response: ApiResponse;
  try {
    response = await world.send(request);
  } catch (error) {
    throw new Error(`${description}\n${describeRequest(request)}\n${(error as Error).message}`);
  }
  const problems = problemsWith(expectation, response, mutatedAt);
  if (world.strict && response.headers['x-emulator-warning']) problems.push(`a strict emulator let something through: x-emulator-warning ${response.headers['x-emulator-warning']}`);
  const entry = statsFor(op.operationId);
  entry.cases++;
  if (kind) countKind(kind, expectation.verdict === 'invalid');
  entry.statuses[response.status] = (entry.statuses[response.status] ?? 0) + 1;
  if (expectation.verdict === 'invalid') {
    entry.rejected++;
    if (compareState && world.deferComparisons) {
      world.deferRefused(`${description}\n${describeRequest(request)}\n-> ${response.status} ${shorten(response.text)}`);
    } else if (compareState) {
      const after = await world.snapshot();
      if (after !== before) problems.push(`${CHANGED}:\n${firstDifference(before!, after)}`);
    }
  } else {
    if (response.status < 300) entry.accepted++;
    else entry.business++;
    world.forgetSnapshot(response.status < 300);
    // Alone, a reset is followed at once by new resources; among others, the caller does it once they have all been answered.
    if (op.operationId === 'resetEmulator' && response.status === 204 && compareState) await world.populate();
    // A fault rule would fault the reads that judge the next cases: it is removed once made.
    if (op.operationId === 'createFaultRule' && response.status === 201) await world.call('DELETE', '/_emulator/faults');
  }
  if (problems.length > 0) {
    throw new Error(`${description}\n${describeRequest(request)}\n-> ${response.status} ${shorten(response.text)}\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
  return response;
}
