/** The contract harness as a library: load scenarios, open a target, run, report. */
export { runScenario, runScenarios, DEFAULT_SEED } from './runner.js';
export type { Outcome, RunOptions, RunReport, ScenarioResult, StepFailure, StepResult } from './runner.js';
export { loadScenarios, ScenarioLoadError, formatProblem, FRAGMENTS_DIR } from './scenario/load.js';
export type { ScenarioProblem } from './scenario/load.js';
export type { Scenario, ScenarioTarget, StepSpec, WebhookExpectation } from './scenario/schema.js';
export { openTarget, IN_PROCESS_API_KEYS, SANDBOX_BASE_URL } from './targets/index.js';
export type { Target, TargetName, TargetSpec } from './targets/index.js';
export { consoleReporter, formatScenarioFailure, renderConsole, summaryLine } from './reporters/console.js';
export { renderJunit } from './reporters/junit.js';
export { renderJson } from './reporters/json.js';
export { Recorder } from './drift/record.js';
export { diffRecordings, formatDifferences, readRecordings } from './drift/diff.js';
export { normalizeShape } from './drift/normalize.js';
export { checkMonoSignature, signatureHeader } from './signature.js';
export { startWebhookSink } from './webhook-sink.js';
