import { maskDeep, maskHeaders } from '../mask.js';
import { failureCategory, type RunReport } from '../runner.js';
import { failuresByCategory } from './console.js';

/**
 * The whole report as JSON, for tools; request headers and card numbers masked like the
 * console's. Every failure carries its category, and `failures_by_category` counts them.
 */
export function renderJson(report: RunReport): string {
  const safe = {
    ...report,
    failures_by_category: Object.fromEntries(failuresByCategory(report)),
    scenarios: report.scenarios.map((scenario) => ({
      ...scenario,
      steps: scenario.steps.map((step) => ({
        ...step,
        ...(step.request ? { request: { ...step.request, headers: maskHeaders(step.request.headers) } } : {}),
        failures: step.failures.map((failure) => ({ category: failureCategory(failure), ...failure })),
      })),
    })),
  };
  return `${JSON.stringify(maskDeep(safe), null, 2)}\n`;
}
