import { show } from '../matchers.js';
import { maskHeaders, maskPans } from '../mask.js';
import { failureCategory, type FailureCategory, type RunReport, type ScenarioResult, type StepResult } from '../runner.js';

const MARK = { passed: '✓', failed: '✗', skipped: '-' } as const;
const BODY_LIMIT = 1500;

const ms = (value: number) => `${Math.round(value)} ms`;
const indent = (text: string, by: string) => text.split('\n').map((line) => `${by}${line}`).join('\n');

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

/** What went wrong in a failed scenario: the step, the request, the expected and the actual, PANs masked. */
export function formatScenarioFailure(result: ScenarioResult): string {
  const failed = result.steps.filter((s) => s.outcome === 'failed');
  return `${result.id} (${result.file}) failed:\n${failed.map((s) => indent(describeStep(s), '  ')).join('\n')}`;
}

function scenarioLine(result: ScenarioResult): string {
  const base = `${MARK[result.outcome]} ${result.id} — ${result.title}`;
  if (result.outcome === 'skipped') return `${base} (skipped: ${result.reason})`;
  const note = result.steps
    .filter((s) => s.outcome === 'skipped')
    .map((s) => `; step "${s.name}" skipped: ${s.reason}`)
    .join('');
  return `${base} (${ms(result.durationMs)}${note})`;
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

export function summaryLine(report: RunReport): string {
  const { passed, failed, skipped } = report.counts;
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}

/** One line per warning the emulator gave a step: what Mono lets through but the client probably did not mean. */
export function warningLines(result: ScenarioResult): string[] {
  return result.steps.flatMap((step) => step.warnings.map((warning) => `warning: step "${step.name}" (${step.location}): ${warning}`));
}

/**
 * Progress as scenarios finish, failures in full, and one closing count line. A target skipped as
 * a whole (no key) prints one line instead of one per scenario.
 */
export function consoleReporter(write: (text: string) => void) {
  return {
    onScenarioEnd(result: ScenarioResult, target: { unavailable?: string }) {
      if (target.unavailable) return;
      write(`${scenarioLine(result)}\n`);
      for (const line of warningLines(result)) write(`    ${line}\n`);
      if (result.outcome === 'failed') write(`${indent(formatScenarioFailure(result), '    ')}\n`);
    },
    finish(report: RunReport) {
      if (report.targetSkipped) write(`${report.targetSkipped} (${report.counts.total} scenarios not run)\n`);
      const categories = failuresByCategory(report);
      const kinds = categories.length ? `failures by kind: ${categories.map(([category, n]) => `${n} ${category}`).join(', ')}\n` : '';
      const warnings = report.warnings > 0 ? `${report.warnings} warning${report.warnings === 1 ? '' : 's'} from the emulator (x-emulator-warning): accepted as Mono would, but check the requests\n` : '';
      write(`\n${report.target} target at ${report.baseUrl}, ${ms(report.durationMs)}\n${kinds}${warnings}${summaryLine(report)}\n`);
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
