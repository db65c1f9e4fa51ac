import { createHash } from 'node:crypto';
import { Faker, base, en } from '@faker-js/faker';
import { JSONPath } from 'jsonpath-plus';
import { checkContract, checkWebhookPayload } from './contract-check.js';
import type { Recorder } from './drift/record.js';
import { prepareRequest, send, type Answer, type SentRequest } from './http.js';
import { interpolate, type InterpolationScope } from './interpolate.js';
import { matchExpected, matchShape, type MatchContext, type Mismatch, type PathSegment } from './matchers.js';
import { curlReproducer } from './reproducer.js';
import { loadScenarios } from './scenario/load.js';
import type { Scenario, StepSpec } from './scenario/schema.js';
import type { ScenarioSnapshot, SnapshotSession } from './snapshots/session.js';
import { openTarget, type Target, type TargetSpec } from './targets/index.js';
import { expectWebhook } from './webhook-expect.js';
import type { WebhookSink } from './webhook-sink.js';

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface StepFailure {
  /** What kind of check failed. */
  kind: 'status' | 'header' | 'body' | 'contract' | 'capture' | 'webhook' | 'parity' | 'error';
  /** A JSONPath into `{status, headers, body}` of the answer (or of the webhook delivery, or of the step's snapshot entry). */
  path: string;
  message: string;
  /** Parity failures: the snapshot's value and the live one, both normalised. */
  expected?: unknown;
  actual?: unknown;
}

/**
 * What a failure says about the target: it breaks the OpenAPI contract, it fails the scenario's
 * own expectations, or it differs from the snapshot. `error` is what kept the harness from
 * judging (the target unreachable, a variable never set).
 */
export type FailureCategory = 'contract' | 'expectation' | 'parity' | 'error';

export function failureCategory(failure: StepFailure): FailureCategory {
  if (failure.kind === 'contract' || failure.kind === 'parity' || failure.kind === 'error') return failure.kind;
  return 'expectation';
}

export interface StepResult {
  name: string;
  /** `file:line` of the step in its scenario or fragment file. */
  location: string;
  outcome: Outcome;
  /** Why it was skipped. */
  reason?: string;
  /** The contract operation the answer was checked against. */
  operation?: string;
  request?: SentRequest;
  answer?: Answer;
  /** The expectations as sent to the matchers (after interpolation). */
  expected?: NonNullable<StepSpec['expect']>;
  failures: StepFailure[];
  /**
   * What the emulator let through and warned about (its `x-emulator-warning` header): requests
   * Mono accepts too, but that are probably not what the client meant. Not failures.
   */
  warnings: string[];
  /** A failed step's request as a cURL command, its API key left to `$MONO_API_KEY`. */
  reproducer?: string;
  durationMs: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  file: string;
  tags: string[];
  outcome: Outcome;
  /** Why it was skipped. */
  reason?: string;
  steps: StepResult[];
  durationMs: number;
}

export interface RunReport {
  target: Target['name'];
  baseUrl: string;
  /** Set when the whole target was skipped (no key): one reason for every scenario. */
  targetSkipped?: string;
  /**
   * Set when the run stopped before its last scenario: `by` is the abort reason of
   * `RunOptions.signal` (the CLI's `SIGINT` or `SIGTERM`), or `bail` (the first failure, with
   * `bail`); `notRun` counts the scenarios selected but not run. The report is then partial.
   */
  stopped?: { by: string; notRun: number };
  scenarios: ScenarioResult[];
  counts: Record<Outcome, number> & { total: number };
  /** How many `x-emulator-warning` lines the answers carried, over every step. */
  warnings: number;
  durationMs: number;
}

export interface RunOptions {
  /** Keeps scenarios whose id, title or a tag matches. */
  grep?: RegExp;
  /** Seeds `${faker.…}`: the same seed gives each scenario the same data. */
  seed?: number;
  /** Collects the normalized shape of every answer (`--record`). */
  recorder?: Recorder;
  /** Records every scenario into its snapshot or verifies it against it (`--snapshot-update`, `--snapshot-verify`). */
  snapshots?: SnapshotSession;
  /**
   * Stops the run: no request is sent after it aborts (the one under way is cut off), the scenario
   * under way is reported skipped as interrupted, and the report says `stopped` with the abort's
   * reason. The target is closed as usual (registrations undone, servers stopped).
   */
  signal?: AbortSignal;
  /** Stops after the first scenario that fails (`--bail`). */
  bail?: boolean;
  /** Each request and its answer as they happen (`--verbose`). */
  onExchange?: (request: SentRequest, answer: Answer) => void;
  onScenarioStart?: (scenario: Scenario) => void;
  onScenarioEnd?: (result: ScenarioResult, target: Target) => void;
}

export const DEFAULT_SEED = 20_260_101;
/** How often an `eventually` step is re-sent. */
const EVENTUALLY_POLL_MS = 200;

/** Waits `ms`, or less when `signal` aborts meanwhile; resolves false when it aborted. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve(!signal?.aborted);
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** One seed per scenario from the run's seed and the scenario id: adding a scenario shifts no other's data. */
function scenarioSeed(seed: number, id: string): number {
  return (createHash('sha256').update(id).digest().readUInt32BE(0) ^ seed) >>> 0;
}

/** The emulator's `x-emulator-warning` lines (fetch joins repeated header lines with ", "; a warning holds no comma). */
function warningsIn(answer: Answer): string[] {
  const header = answer.headers['x-emulator-warning'];
  return header ? header.split(', ') : [];
}

/** The answer as captures and `$same_as` see it. */
function answerView(answer: Answer): { status: number; headers: Record<string, string>; body: unknown } {
  return { status: answer.status, headers: answer.headers, body: answer.body };
}

function valueAt(root: unknown, path: readonly PathSegment[]): { found: boolean; value?: unknown } {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !(segment in value)) return { found: false };
    value = (value as Record<string | number, unknown>)[segment];
  }
  return { found: true, value };
}

function headerExpectations(expected: Record<string, unknown>, answer: Answer, context: MatchContext): Mismatch[] {
  return Object.entries(expected).flatMap(([name, value]) => matchExpected(value, answer.headers[name.toLowerCase()], context, ['headers', name.toLowerCase()]));
}

/** Checks an answer against the step's expectations and the contract. */
function judge(expected: NonNullable<StepSpec['expect']>, request: SentRequest, answer: Answer, context: Omit<MatchContext, 'mode'>) {
  const failures: StepFailure[] = [];
  const view = answerView(answer);
  const add = (kind: StepFailure['kind'], mismatches: Mismatch[]) => failures.push(...mismatches.map((m) => ({ kind, ...m })));
  const subset: MatchContext = { ...context, mode: 'subset' };
  if (expected.status !== undefined) add('status', matchExpected(expected.status, answer.status, subset, ['status']));
  if (expected.headers) add('header', headerExpectations(expected.headers, answer, subset));
  if (expected.body !== undefined) add('body', matchExpected(expected.body, view.body, subset, ['body']));
  if (expected.body_exact !== undefined) add('body', matchExpected(expected.body_exact, view.body, { ...context, mode: 'exact' }, ['body']));
  if (expected.body_shape !== undefined) add('body', matchShape(expected.body_shape, view.body, ['body']));
  const verdict = checkContract(request.method, request.path, answer.status, answer.headers['content-type'], answer.body);
  for (const violation of verdict.violations) failures.push({ kind: 'contract', path: violation.path, message: `${verdict.operation}: ${violation.message}` });
  return { failures, operation: verdict.operation };
}

interface ScenarioState {
  variables: Map<string, unknown>;
  answers: Map<string, ReturnType<typeof answerView>>;
  scope: InterpolationScope;
  webhooks?: { sink: WebhookSink; secret: string };
}

async function runStep(step: StepSpec, location: string, target: Target, state: ScenarioState, options: RunOptions, snapshot?: ScenarioSnapshot): Promise<StepResult> {
  const started = performance.now();
  const result: StepResult = { name: step.name, location, outcome: 'passed', failures: [], warnings: [], durationMs: 0 };
  const finish = () => {
    result.durationMs = performance.now() - started;
    if (result.failures.length > 0) result.outcome = 'failed';
    return result;
  };
  if (step.emulator_only && target.kind !== 'emulator') {
    return { ...result, outcome: 'skipped', reason: `emulator-only step: ${step.request.method} ${step.request.path} does not exist on the ${target.name}` };
  }
  const context: Omit<MatchContext, 'mode'> = {
    sameAs: (name, path) => {
      const answer = state.answers.get(name);
      return answer ? valueAt(answer, path) : { found: false };
    },
  };
  const apiKey = step.auth === 'none' ? undefined : step.auth === 'second' ? target.apiKeys.second : target.apiKeys.primary;
  try {
    for (let round = 0; round < step.repeat; round += 1) {
      const spec = interpolate(step.request, state.scope) as StepSpec['request'];
      const request = prepareRequest(target.baseUrl, spec.method, spec.path, {
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.headers ? { headers: spec.headers } : {}),
        ...(spec.body === undefined ? {} : { body: spec.body }),
        ...(apiKey ? { apiKey } : {}),
      });
      const since = Date.now();
      const expected = interpolate(step.expect ?? {}, state.scope) as NonNullable<StepSpec['expect']>;
      result.expected = expected;
      const deadline = since + (step.eventually ?? 0) * 1000;
      let answer: Answer;
      let verdict: ReturnType<typeof judge>;
      for (;;) {
        answer = await send(request, options.signal);
        options.onExchange?.(request, answer);
        verdict = judge(expected, request, answer, context);
        if (verdict.failures.length === 0 || Date.now() >= deadline || !(await pause(EVENTUALLY_POLL_MS, options.signal))) break;
      }
      result.request = request;
      result.answer = answer;
      result.warnings.push(...warningsIn(answer));
      result.operation = verdict.operation;
      result.failures.push(...verdict.failures);
      options.recorder?.add({ operation: verdict.operation, method: request.method, path: request.path, status: answer.status, body: answer.body });
      snapshot?.exchange(step, round + 1, request, answer, verdict.operation);
      if (result.failures.length > 0) return finish();

      for (const [name, path] of Object.entries(step.capture ?? {})) {
        const found = JSONPath({ path, json: answerView(answer) as object, wrap: true }) as unknown[];
        if (found.length === 0 || found[0] === undefined) result.failures.push({ kind: 'capture', path, message: `capture ${name}: ${path} matched nothing in the answer` });
        else state.variables.set(name, found[0]);
      }
      state.answers.set(step.name, answerView(answer));
      for (const expectation of step.webhooks ?? []) {
        // The loader only lets a step expect webhooks in a scenario that requires them, and the
        // scenario is skipped before its first step when the target cannot deliver them.
        const setup = state.webhooks!;
        const outcome = await expectWebhook(setup.sink, interpolate(expectation, state.scope) as typeof expectation, setup.secret, since, context, checkWebhookPayload, options.signal);
        if (options.signal?.aborted) return finish();
        if (outcome.matched) snapshot?.webhook(step, outcome.delivery!);
        for (const failure of outcome.failures) result.failures.push({ kind: failure.contract ? 'contract' : 'webhook', path: failure.path, message: `${expectation.event}: ${failure.message}` });
      }
      if (result.failures.length > 0) return finish();
    }
  } catch (error) {
    result.failures.push({ kind: 'error', path: '$', message: (error as Error).message });
  }
  return finish();
}

/** Why a scenario cannot run on a target, or undefined when it can (webhooks are found out at run time). */
function skipReason(scenario: Scenario, target: Target): string | undefined {
  if (target.unavailable) return target.unavailable;
  if (!scenario.targets.includes(target.kind)) return `${scenario.targets.join('/')}-only scenario: not valid for the ${target.name} target`;
  if (scenario.requires.includes('second_tenant')) return target.secondTenantMissing();
  return undefined;
}

/**
 * Runs one scenario: its steps in order, stopping at the first failing step; then records or
 * verifies its snapshot when the run has snapshots. Every failed step gets a cURL reproducer.
 */
export async function runScenario(scenario: Scenario, target: Target, options: RunOptions = {}): Promise<ScenarioResult> {
  const snapshot = options.snapshots?.begin(scenario, target, options.seed ?? DEFAULT_SEED);
  const result = await runSteps(scenario, target, options, snapshot);
  if (options.signal?.aborted) {
    // Cut off midway: neither passed nor failed, and its snapshot is neither written nor judged.
    return { ...result, outcome: 'skipped', reason: `interrupted (${String(options.signal.reason)}) before it finished`, steps: result.steps.filter((s) => s.outcome !== 'failed') };
  }
  snapshot?.finish(result);
  for (const step of result.steps) {
    if (step.outcome === 'failed' && step.request) step.reproducer = curlReproducer(step.request, target);
  }
  return result;
}

async function runSteps(scenario: Scenario, target: Target, options: RunOptions, snapshot: ScenarioSnapshot | undefined): Promise<ScenarioResult> {
  const started = performance.now();
  const result: ScenarioResult = { id: scenario.id, title: scenario.title, file: scenario.file, tags: scenario.tags, outcome: 'passed', steps: [], durationMs: 0 };
  const done = (outcome: Outcome, reason?: string) => {
    result.outcome = outcome;
    if (reason) result.reason = reason;
    result.durationMs = performance.now() - started;
    return result;
  };
  const reason = skipReason(scenario, target);
  if (reason) return done('skipped', reason);

  const faker = new Faker({ locale: [en, base] });
  faker.seed(scenarioSeed(options.seed ?? DEFAULT_SEED, scenario.id));
  const variables = new Map<string, unknown>();
  const state: ScenarioState = { variables, answers: new Map(), scope: { variables, faker } };
  try {
    await target.beforeScenario();
    if (scenario.requires.includes('webhooks')) {
      const setup = await target.prepareWebhooks();
      if ('unavailable' in setup) return done('skipped', setup.unavailable);
      if (setup.registration) {
        const { request, answer } = setup.registration;
        const verdict = checkContract(request.method, request.path, answer.status, answer.headers['content-type'], answer.body);
        const failures: StepFailure[] = verdict.violations.map((v) => ({ kind: 'contract', path: v.path, message: `${verdict.operation}: ${v.message}` }));
        if (answer.status !== 201) failures.unshift({ kind: 'status', path: '$.status', message: `expected 201 from the webhook registration, got ${answer.status}` });
        result.steps.push({
          name: '(register webhook receiver)',
          location: scenario.file,
          outcome: failures.length ? 'failed' : 'passed',
          request,
          answer,
          failures,
          warnings: warningsIn(answer),
          durationMs: answer.durationMs,
        });
        if (failures.length) return done('failed');
      }
      state.webhooks = { sink: setup.sink, secret: setup.secret };
    }
    for (const [name, value] of Object.entries(scenario.vars)) state.variables.set(name, interpolate(value, state.scope));
  } catch (error) {
    result.steps.push({ name: '(setup)', location: scenario.file, outcome: 'failed', failures: [{ kind: 'error', path: '$', message: (error as Error).message }], warnings: [], durationMs: 0 });
    return done('failed');
  }

  for (const [i, step] of scenario.steps.entries()) {
    if (options.signal?.aborted) return done('skipped');
    const location = scenario.stepLocations[i]!;
    const stepResult = await runStep(step, `${location.file}:${location.line}`, target, state, options, snapshot);
    result.steps.push(stepResult);
    if (stepResult.outcome === 'failed') return done('failed');
  }
  return done('passed');
}

function countOutcomes(results: ScenarioResult[]): RunReport['counts'] {
  const counts = { passed: 0, failed: 0, skipped: 0, total: results.length };
  for (const r of results) counts[r.outcome] += 1;
  return counts;
}

/**
 * Loads scenario files (a ScenarioLoadError before anything is sent when one is malformed) and
 * runs them one after another on a target: an open Target is used as is (and left open), a
 * TargetSpec is opened and closed here.
 */
export async function runScenarios(files: readonly string[], target: Target | TargetSpec, options: RunOptions = {}): Promise<RunReport> {
  return runLoadedScenarios(loadScenarios(files, options.grep ? { grep: options.grep } : {}), target, options);
}

/** Runs scenarios already loaded (`mono-contract run --watch` reruns a few of them). */
export async function runLoadedScenarios(scenarios: readonly Scenario[], target: Target | TargetSpec, options: RunOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const opened = 'target' in target ? await openTarget(target) : target;
  const results: ScenarioResult[] = [];
  let stoppedBy: string | undefined;
  try {
    for (const scenario of scenarios) {
      if (options.signal?.aborted) {
        stoppedBy = String(options.signal.reason);
        break;
      }
      options.onScenarioStart?.(scenario);
      const result = await runScenario(scenario, opened, options);
      results.push(result);
      options.onScenarioEnd?.(result, opened);
      if (options.signal?.aborted) stoppedBy = String(options.signal.reason);
      else if (options.bail && result.outcome === 'failed') stoppedBy = 'bail';
      if (stoppedBy) break;
    }
  } finally {
    if (opened !== target) await opened.close();
  }
  return {
    target: opened.name,
    baseUrl: opened.baseUrl,
    ...(opened.unavailable ? { targetSkipped: opened.unavailable } : {}),
    ...(stoppedBy ? { stopped: { by: stoppedBy, notRun: scenarios.length - results.length } } : {}),
    scenarios: results,
    counts: countOutcomes(results),
    warnings: results.reduce((sum, r) => sum + r.steps.reduce((n, s) => n + s.warnings.length, 0), 0),
    durationMs: performance.now() - started,
  };
}
