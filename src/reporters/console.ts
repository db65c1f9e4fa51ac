import { show } from '../matchers.js';
import { maskHeaders, maskPans } from '../mask.js';
import { plural } from '../plural.js';
import { failureCategory, type FailureCategory, type RunReport, type ScenarioResult, type StepFailure, type StepResult } from '../runner.js';
import { parseSkipPath } from '../snapshots/skip-path.js';

const MARK = { passed: '✓', failed: '✗', skipped: '-' } as const;
const BODY_LIMIT = 1500;

const ms = (value: number) => `${Math.round(value)} ms`;
const indent = (text: string, by: string) => text.split('\n').map((line) => `${by}${line}`).join('\n');

/** ANSI styles for a terminal; the identity when the output is plain (not a TTY, NO_COLOR, a file). */
export interface Style {
  passed(text: string): string;
  failed(text: string): string;
  skipped(text: string): string;
  dim(text: string): string;
}

const ansi = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
const PLAIN: Style = { passed: (t) => t, failed: (t) => t, skipped: (t) => t, dim: (t) => t };
const COLOUR: Style = { passed: ansi(32), failed: ansi(31), skipped: ansi(33), dim: ansi(2) };

export interface ConsoleOptions {
  /**
   * For a terminal: colours, and each failure as a compact diff of expected and got by JSON path
   * instead of the full request and answer (which a CI log keeps, plain).
   */
  colour?: boolean;
}

function describeStep(step: StepResult): string {
  const lines = [`step "${step.name}" (${step.location})${step.operation ? ` — ${step.operation}` : ''}`];
  if (step.request) {
    lines.push(`  request:  ${step.request.method} ${step.request.url}`);
    lines.push(`            headers ${show(maskHeaders(step.request.headers), BODY_LIMIT)}`);
    if (step.request.body !== undefined) lines.push(`            body ${show(step.request.body, BODY_LIMIT)}`);
  }
  if (step.expected && Object.keys(step.expected).length > 0) {
    for (const [key, value] of Object.entries(step.expected)) lines.push(`  expected: ${key} ${show(value, BODY_LIMIT)}`);
  }
  if (step.answer) {
    lines.push(`  actual:   status ${step.answer.status}`);
    if (step.answer.text) lines.push(`            body ${step.answer.text.length > BODY_LIMIT ? `${step.answer.text.slice(0, BODY_LIMIT)}…` : step.answer.text}`);
  }
  lines.push('  failures:');
  for (const failure of step.failures) lines.push(`    ${failureCategory(failure)} ${failure.path}: ${failure.message}`);
  if (step.reproducer) lines.push(`  reproduce: ${step.reproducer}`);
  return maskPans(lines.join('\n'));
}

/** The value at a failure's path (`$.body.cards[0].state`) in a root, if the path is a plain one and leads somewhere. */
function valueAt(root: unknown, path: string): { found: boolean; value?: unknown } {
  let segments: ReturnType<typeof parseSkipPath>;
  try {
    segments = parseSkipPath(path);
  } catch {
    return { found: false };
  }
  let value = root;
  for (const segment of segments) {
    if (segment === '*' || value === null || typeof value !== 'object' || !(segment in value)) return { found: false };
    value = (value as Record<string | number, unknown>)[segment];
  }
  return { found: true, value };
}

/** What the step expected at a failure's path: the snapshot's value (parity), or the scenario's expected value (a matcher shows as written). */
function expectedAt(step: StepResult, failure: StepFailure): { found: boolean; value?: unknown } {
  if (failure.kind === 'parity' && 'expected' in failure) return { found: true, value: failure.expected };
  if (!step.expected || (failure.kind !== 'status' && failure.kind !== 'body' && failure.kind !== 'header')) return { found: false };
  const { status, headers, body, body_exact: exact } = step.expected;
  return valueAt({ status, headers, body: body ?? exact }, failure.path);
}

/** One failure as `- expected` / `+ got` lines under its path, or its message when there is no value to show. */
function diffLines(step: StepResult, failure: StepFailure, style: Style): string[] {
  const expected = expectedAt(step, failure);
  const actual = failure.kind === 'parity' && 'actual' in failure ? { found: true, value: failure.actual } : valueAt(step.answer ? { status: step.answer.status, headers: step.answer.headers, body: step.answer.body } : undefined, failure.path);
  const head = `${style.dim(failureCategory(failure))} ${failure.path}`;
  if (!expected.found) return [`${head}: ${failure.message}`];
  return [head, style.failed(`  - expected ${show(expected.value, BODY_LIMIT)}`), style.passed(`  + got      ${actual.found ? show(actual.value, BODY_LIMIT) : '(absent)'}`)];
}

function describeStepCompact(step: StepResult, style: Style): string {
  const lines = [`step "${step.name}" ${style.dim(`(${step.location})${step.operation ? ` — ${step.operation}` : ''}`)}`];
  if (step.request) lines.push(`  ${step.request.method} ${step.request.url}${step.answer ? ` → ${step.answer.status}` : ''}`);
  for (const failure of step.failures) lines.push(...diffLines(step, failure, style).map((line) => `  ${line}`));
  if (step.reproducer) lines.push(style.dim(`  reproduce: ${step.reproducer}`));
  return maskPans(lines.join('\n'));
}

/** What went wrong in a failed scenario: the step, the request, the expected and the actual, PANs masked. */
export function formatScenarioFailure(result: ScenarioResult, options: ConsoleOptions = {}): string {
  const failed = result.steps.filter((s) => s.outcome === 'failed');
  const describe = options.colour ? (step: StepResult) => describeStepCompact(step, COLOUR) : describeStep;
  return `${result.id} (${result.file}) failed:\n${failed.map((s) => indent(describe(s), '  ')).join('\n')}`;
}

function scenarioLine(result: ScenarioResult, style: Style): string {
  const base = `${style[result.outcome](MARK[result.outcome])} ${result.id} — ${result.title}`;
  if (result.outcome === 'skipped') return `${base} ${style.dim(`(skipped: ${result.reason})`)}`;
  const note = result.steps
    .filter((s) => s.outcome === 'skipped')
    .map((s) => `; step "${s.name}" skipped: ${s.reason}`)
    .join('');
  return `${base} ${style.dim(`(${ms(result.durationMs)}${note})`)}`;
}

/** How many failures of each category the run had, most first: where the drift is. */
export function failuresByCategory(report: RunReport): [FailureCategory, number][] {
  const counts = new Map<FailureCategory, number>();
  for (const failure of report.scenarios.flatMap((s) => s.steps.flatMap((step) => step.failures))) {
    const category = failureCategory(failure);
    counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function summaryLine(report: RunReport, style: Style = PLAIN): string {
  const { passed, failed, skipped } = report.counts;
  const paint = (n: number, word: keyof typeof MARK) => (n > 0 ? style[word](`${n} ${word}`) : `${n} ${word}`);
  return `${paint(passed, 'passed')}, ${paint(failed, 'failed')}, ${paint(skipped, 'skipped')}`;
}

/** Why the run stopped early, and what it left out. */
export function stoppedLine(report: RunReport): string | undefined {
  if (!report.stopped) return undefined;
  const { by, notRun } = report.stopped;
  const why = by === 'bail' ? 'stopped at the first failure (--bail)' : `interrupted by ${by}`;
  return `${why}: ${plural(notRun, 'scenario')} not run; this report is partial`;
}

/** One line per warning the emulator gave a step: what Mono lets through but the client probably did not mean. */
export function warningLines(result: ScenarioResult): string[] {
  return result.steps.flatMap((step) => step.warnings.map((warning) => `warning: step "${step.name}" (${step.location}): ${warning}`));
}

/**
 * Progress as scenarios finish, failures in full, and one closing count line. A target skipped as
 * a whole (no key) prints one line instead of one per scenario.
 */
export function consoleReporter(write: (text: string) => void, options: ConsoleOptions = {}) {
  const style = options.colour ? COLOUR : PLAIN;
  return {
    onScenarioEnd(result: ScenarioResult, target: { unavailable?: string }) {
      if (target.unavailable) return;
      write(`${scenarioLine(result, style)}\n`);
      for (const line of warningLines(result)) write(`    ${line}\n`);
      if (result.outcome === 'failed') write(`${indent(formatScenarioFailure(result, options), '    ')}\n`);
    },
    finish(report: RunReport) {
      if (report.targetSkipped) write(`${report.targetSkipped} (${plural(report.counts.total, 'scenario')} not run)\n`);
      const categories = failuresByCategory(report);
      const kinds = categories.length ? `failures by kind: ${categories.map(([category, n]) => `${n} ${category}`).join(', ')}\n` : '';
      const stopped = stoppedLine(report);
      const warnings = report.warnings > 0 ? `${report.warnings} warning${report.warnings === 1 ? '' : 's'} from the emulator (x-emulator-warning): accepted as Mono would, but check the requests\n` : '';
      write(`\n${report.target} target at ${report.baseUrl}, ${ms(report.durationMs)}\n${stopped ? `${style.skipped(stopped)}\n` : ''}${kinds}${warnings}${summaryLine(report, style)}\n`);
    },
  };
}

/** The whole console report at once (for --out, and for tests comparing with other reporters). */
export function renderConsole(report: RunReport): string {
  let text = '';
  const reporter = consoleReporter((chunk) => {
    text += chunk;
  });
  for (const result of report.scenarios) reporter.onScenarioEnd(result, report.targetSkipped ? { unavailable: report.targetSkipped } : {});
  reporter.finish(report);
  return text;
}
