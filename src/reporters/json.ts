import { maskDeep, maskHeaders } from '../mask.js';
import type { RunReport } from '../runner.js';

/** The whole report as JSON, for tools; request headers and card numbers masked like the console's. */
export function renderJson(report: RunReport): string {
  const safe = {
    ...report,
    scenarios: report.scenarios.map((scenario) => ({
      ...scenario,
      steps: scenario.steps.map((step) => ({ ...step, ...(step.request ? { request: { ...step.request, headers: maskHeaders(step.request.headers) } } : {}) })),
    })),
  };
  return `${JSON.stringify(maskDeep(safe), null, 2)}\n`;
}
