import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Answer, SentRequest } from '../http.js';
import { formatPath, type PathSegment } from '../matchers.js';
import type { ScenarioResult, StepFailure } from '../runner.js';
import type { Scenario, StepSpec } from '../scenario/schema.js';
import type { Target, TargetName } from '../targets/index.js';
import { packageVersion } from '../../emulator/version.js';
import type { ReceivedWebhook } from '../webhook-sink.js';
import { compareSnapshot } from './compare.js';
import { IdentityMap, normalizeValue, type NormalizeContext } from './normalize.js';
import { isUnder, parseSkipPath } from './skip-path.js';
import { EMULATOR_RECORDING_NOTE, readSnapshot, SNAPSHOT_SUFFIX, snapshotPath, writeSnapshot, type SnapshotExchange, type SnapshotFile } from './snapshot-file.js';

export type SnapshotMode = 'update' | 'verify';

export interface SnapshotOptions {
  /** `update` records the run (`--snapshot-update`); `verify` compares it with what was recorded. */
  mode: SnapshotMode;
  /** A folder for every snapshot (`<dir>/<scenario id>.snapshot.json`); beside each scenario when absent. */
  dir?: string;
  /** Today, for recording dates and expiring skips; injectable for tests. */
  now?: () => Date;
}

export interface SnapshotOutcome {
  scenario: string;
  file: string;
  target: TargetName;
  outcome: 'written' | 'unchanged' | 'not-written' | 'verified' | 'drifted' | 'missing';
}

/** The headers whose value is part of the behaviour; the rest (date, length, connection) differ between honest servers. */
const REQUEST_HEADERS = ['authorization', 'content-type', 'x-idempotency-key'];
const ANSWER_HEADERS = ['allow', 'content-type', 'location', 'retry-after', 'www-authenticate', 'x-idempotent-replayed'];
const WEBHOOK_HEADERS = ['content-type', 'mono-signature'];
/** How many differences of one exchange are listed before the rest are counted. */
const DIFFERENCES_SHOWN = 10;
/** The pseudo-step that carries what concerns the whole snapshot. */
const SNAPSHOT_STEP = '(snapshot)';

const pick = (headers: Record<string, string>, names: readonly string[]) => Object.fromEntries(names.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]!]));
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

interface LiveExchange {
  step: StepSpec;
  round: number;
  request: SentRequest;
  answer: Answer;
  operation: string;
  webhooks: ReceivedWebhook[];
}

const exchangeKey = (step: string, round?: number) => `${step}#${round ?? 1}`;

function queryOf(url: URL): Record<string, string | string[]> | undefined {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? values[0]! : values;
  }
  return Object.keys(query).length > 0 ? query : undefined;
}

/** Paths of a step's skips, as a predicate on paths into its snapshot entry. */
function skipsOf(step: StepSpec): (path: readonly PathSegment[]) => boolean {
  const skips = (step.parity?.skip ?? []).map((skip) => parseSkipPath(skip.path));
  return (path) => skips.some((skip) => isUnder(path, skip));
}

/**
 * One scenario's exchanges as the runner sends them; at the end, recorded into its snapshot or
 * compared with it. Failures are added to the scenario's result as `parity` failures of the step
 * they concern.
 */
export class ScenarioSnapshot {
  private readonly exchanges: LiveExchange[] = [];
  readonly file: string;

  constructor(
    private readonly scenario: Scenario,
    private readonly target: Target,
    /** The run's --seed: recorded, and checked on verification (the faker data depends on it). */
    private readonly seed: number,
    private readonly session: SnapshotSession,
  ) {
    this.file = snapshotPath(scenario, session.options.dir);
  }

  exchange(step: StepSpec, round: number, request: SentRequest, answer: Answer, operation: string): void {
    this.exchanges.push({ step, round, request, answer, operation, webhooks: [] });
  }

  /** A delivery the step awaited and received; it belongs to the step's latest exchange. */
  webhook(step: StepSpec, delivery: ReceivedWebhook): void {
    const last = this.exchanges.findLast((e) => e.step === step);
    last?.webhooks.push(delivery);
  }

  private normalized(): { exchange: SnapshotExchange; step: StepSpec }[] {
    const { target } = this;
    const pairs: [string | undefined, string][] = [
      [target.baseUrl, '<base_url>'],
      [target.apiKeys.primary, '<api_key:primary>'],
      [target.apiKeys.second, '<api_key:second>'],
    ];
    const literals = pairs.filter((pair): pair is [string, string] => Boolean(pair[0])).sort((a, b) => b[0].length - a[0].length);
    const ids = new IdentityMap();
    return this.exchanges.map(({ step, round, request, answer, operation, webhooks }) => {
      const isSkipped = skipsOf(step);
      const context: NormalizeContext = { ids, literals, isSkipped, allocate: !step.emulator_only };
      const at = (path: PathSegment[], value: unknown) => normalizeValue(value, context, path);
      const url = new URL(request.url);
      const query = queryOf(url);
      const requestHeaders = pick(request.headers, REQUEST_HEADERS);
      const exchange: SnapshotExchange = {
        step: step.name,
        ...(step.repeat > 1 ? { round } : {}),
        operation,
        request: {
          method: request.method,
          path: at(['request', 'path'], url.pathname) as string,
          ...(query ? { query: at(['request', 'query'], query) as Record<string, string> } : {}),
          ...(Object.keys(requestHeaders).length ? { headers: at(['request', 'headers'], requestHeaders) as Record<string, string> } : {}),
          ...(request.body === undefined ? {} : { body: at(['request', 'body'], request.body) }),
        },
        status: answer.status,
        headers: at(['headers'], pick(answer.headers, ANSWER_HEADERS)) as Record<string, string>,
        ...(answer.body === undefined ? {} : { body: at(['body'], answer.body) }),
      };
      if (webhooks.length > 0) {
        exchange.webhooks = webhooks.map((delivery, i) => {
          const headers = pick(delivery.headers, WEBHOOK_HEADERS);
          // The signature is checked by the run; its bytes change with every timestamp.
          if (headers['mono-signature']) headers['mono-signature'] = '<signature>';
          const payload = at(['webhooks', i, 'payload'], delivery.json ?? delivery.rawBody);
          return { event: (payload as { event?: { type?: unknown } } | undefined)?.event?.type ?? null, headers, payload };
        });
      }
      return { exchange, step };
    });
  }

  /** Records or verifies; adds what went wrong to `result` as parity failures. */
  finish(result: ScenarioResult): void {
    if (result.outcome === 'skipped') return;
    const { options } = this.session;
    const now = (options.now ?? (() => new Date()))();
    const failures: { step: string; failure: StepFailure }[] = [];
    const fail = (step: string, path: string, message: string, values?: { expected: unknown; actual: unknown }) =>
      failures.push({ step, failure: { kind: 'parity', path, message, ...(values ?? {}) } });

    const today = isoDate(now);
    for (const step of this.scenario.steps) {
      for (const skip of step.parity?.skip ?? []) {
        if (skip.until && skip.until < today) fail(step.name, skip.path, `the skip of this path ended on ${skip.until} (${skip.reason}): compare it again, or give a new reason and date`);
      }
    }
    const ranToTheEnd = result.outcome === 'passed';
    const live = this.normalized();
    if (options.mode === 'update') this.record(live, ranToTheEnd && failures.length === 0, now);
    else this.verify(live, ranToTheEnd, result, fail);
    this.apply(result, failures);
  }

  private record(live: { exchange: SnapshotExchange }[], passed: boolean, now: Date): void {
    // A failed run would record a half scenario, or a behaviour nobody meant.
    if (!passed) return this.report('not-written');
    const exchanges = live.map((l) => l.exchange);
    const existing = this.readExisting();
    if (existing && existing.recorded.target === this.target.name && existing.recorded.seed === this.seed && isDeepStrictEqual(existing.exchanges, exchanges)) {
      return this.report('unchanged');
    }
    const fromMono = this.target.name === 'sandbox';
    writeSnapshot(this.file, {
      scenario: this.scenario.id,
      recorded: {
        target: this.target.name,
        from_mono: fromMono,
        ...(fromMono ? {} : { note: EMULATOR_RECORDING_NOTE }),
        at: `${now.toISOString().slice(0, 19)}Z`,
        harness: packageVersion(),
        emulator: this.target.name === 'emulator' ? packageVersion() : null,
        seed: this.seed,
      },
      exchanges,
    });
    this.report('written');
  }

  private report(outcome: SnapshotOutcome['outcome']): void {
    this.session.outcomes.push({ scenario: this.scenario.id, file: this.file, target: this.target.name, outcome });
  }

  private readExisting(): SnapshotFile | undefined {
    try {
      return readSnapshot(this.file);
    } catch {
      return undefined;
    }
  }

  private verify(live: { exchange: SnapshotExchange; step: StepSpec }[], ranToTheEnd: boolean, result: ScenarioResult, fail: (step: string, path: string, message: string, values?: { expected: unknown; actual: unknown }) => void): void {
    let snapshot: SnapshotFile | undefined;
    try {
      snapshot = readSnapshot(this.file);
    } catch (error) {
      fail(SNAPSHOT_STEP, '$', `${this.file} is not a snapshot: ${(error as Error).message}`);
      return this.report('missing');
    }
    if (!snapshot) {
      fail(SNAPSHOT_STEP, '$', `no snapshot at ${this.file}: record one with --snapshot-update`);
      return this.report('missing');
    }
    if (snapshot.recorded.seed !== this.seed) {
      fail(SNAPSHOT_STEP, '$.recorded.seed', `the snapshot was recorded with --seed ${snapshot.recorded.seed}; this run uses ${this.seed}, so its faker data differs`);
      return this.report('drifted');
    }
    let drifted = false;
    const differ: typeof fail = (...args) => {
      drifted = true;
      fail(...args);
    };
    const recorded = new Map(snapshot.exchanges.map((e) => [exchangeKey(e.step, e.round), e]));
    const sent = new Set<string>();
    const where = `the snapshot (recorded on the ${snapshot.recorded.target} target, ${snapshot.recorded.at.slice(0, 10)})`;
    for (const { exchange, step } of live) {
      const key = exchangeKey(exchange.step, exchange.round);
      sent.add(key);
      const expected = recorded.get(key);
      const round = exchange.round ? ` (round ${exchange.round})` : '';
      if (!expected) {
        // The sandbox cannot run an emulator-only step, so its snapshot has none to compare.
        if (!(step.emulator_only && snapshot.recorded.target === 'sandbox')) differ(step.name, '$', `not in ${where}${round}: re-record it with --snapshot-update if the scenario changed`);
        continue;
      }
      const differences = compareSnapshot(expected, exchange, skipsOf(step));
      for (const difference of differences.slice(0, DIFFERENCES_SHOWN)) {
        differ(step.name, formatPath(difference.path), `${difference.message}${round}`, { expected: difference.expected, actual: difference.actual });
      }
      if (differences.length > DIFFERENCES_SHOWN) differ(step.name, '$', `and ${differences.length - DIFFERENCES_SHOWN} more differences from ${where}${round}`);
    }
    if (ranToTheEnd) {
      const skipped = new Set(result.steps.filter((s) => s.outcome === 'skipped').map((s) => s.name));
      for (const expected of snapshot.exchanges) {
        if (sent.has(exchangeKey(expected.step, expected.round)) || skipped.has(expected.step)) continue;
        differ(SNAPSHOT_STEP, '$', `${where} has step "${expected.step}"${expected.round ? ` round ${expected.round}` : ''}, which this run did not send`);
      }
    }
    this.report(drifted ? 'drifted' : 'verified');
  }

  private apply(result: ScenarioResult, failures: { step: string; failure: StepFailure }[]): void {
    for (const { step, failure } of failures) {
      let target = result.steps.findLast((s) => s.name === step);
      if (!target) {
        target = result.steps.find((s) => s.name === SNAPSHOT_STEP);
        if (!target) {
          target = { name: SNAPSHOT_STEP, location: this.file, outcome: 'failed', failures: [], warnings: [], durationMs: 0 };
          result.steps.push(target);
        }
      }
      target.failures.push(failure);
      target.outcome = 'failed';
      result.outcome = 'failed';
    }
  }
}

/**
 * Snapshots for a whole run (`--snapshot-update` or `--snapshot-verify`): one ScenarioSnapshot
 * per scenario, and what became of each.
 */
export class SnapshotSession {
  readonly outcomes: SnapshotOutcome[] = [];

  constructor(readonly options: SnapshotOptions) {}

  begin(scenario: Scenario, target: Target, seed: number): ScenarioSnapshot {
    return new ScenarioSnapshot(scenario, target, seed, this);
  }

  /**
   * Removes snapshots no scenario of `scenarios` owns any more (a scenario deleted or renamed):
   * in the named folder, or beside the scenarios under `paths`. Returns the files removed.
   */
  removeStale(scenarios: readonly Scenario[], paths: readonly string[]): string[] {
    const owned = new Set(scenarios.map((s) => resolve(snapshotPath(s, this.options.dir))));
    const roots = this.options.dir ? [this.options.dir] : paths;
    const stale = roots.flatMap(listSnapshots).filter((file) => !owned.has(resolve(file)));
    for (const file of stale) rmSync(file);
    return stale;
  }
}

function listSnapshots(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) {
    const beside = path.replace(/\.ya?ml$/, '') + SNAPSHOT_SUFFIX;
    return beside !== path && existsSync(beside) ? [beside] : [];
  }
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    const full = join(path, entry.name);
    if (entry.isDirectory()) return listSnapshots(full);
    return entry.name.endsWith(SNAPSHOT_SUFFIX) ? [full] : [];
  });
}
