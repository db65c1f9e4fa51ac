import { statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { collectExpressions, parseExpression } from '../interpolate.js';
import type { PathSegment } from '../matchers.js';
import { listScenarioFiles, loadScenarios, locateInFile, ScenarioLoadError, type ScenarioProblem } from '../scenario/load.js';
import { stepOperation, unknownBodyFields } from '../scenario/operations.js';
import type { Scenario, StepSpec } from '../scenario/schema.js';

/**
 * `mono-contract lint`: what the loader checks (the scenario schema, names, references, matcher
 * syntax), and what only the contracts know: an unknown path or method, a body field the
 * operation does not take, a capture no later value uses. Nothing is sent.
 */

/** A step expecting a 4xx sends a wrong request on purpose (an unknown field, a path that is not there). */
const expectsRefusal = (step: StepSpec) => typeof step.expect?.status === 'number' && step.expect.status >= 400 && step.expect.status < 500;

const isInside = (path: string, folder: string) => !relative(folder, path).startsWith('..');

/** Every variable a value refers to with `${…}`. */
function referencedVariables(value: unknown): string[] {
  return collectExpressions(value).flatMap(({ expression }) => {
    try {
      const reference = parseExpression(expression);
      return reference.kind === 'variable' ? [reference.name] : [];
    } catch {
      return [];
    }
  });
}

function scenarioReferences(scenario: Scenario): Set<string> {
  const values = [scenario.vars, ...scenario.steps.flatMap((step) => [step.request, step.expect, step.webhooks])];
  return new Set(values.flatMap(referencedVariables));
}

/** Loads what loads: all files at once, or, when one is malformed, each file on its own, so the others are still checked. */
function loadWhatLoads(paths: readonly string[], problems: ScenarioProblem[]): Scenario[] {
  try {
    return loadScenarios(paths);
  } catch (error) {
    if (!(error instanceof ScenarioLoadError)) throw error;
    problems.push(...error.problems);
    return [...new Set(paths.flatMap(listScenarioFiles))].flatMap((file) => {
      try {
        return loadScenarios([file]);
      } catch {
        return [];
      }
    });
  }
}

function contractProblems(step: StepSpec): { at: PathSegment[]; message: string }[] {
  if (expectsRefusal(step)) return [];
  const found = stepOperation(step);
  if ('problem' in found) return [{ at: ['request', 'path'], message: found.problem }];
  return unknownBodyFields(found.operation, step.request.body).map((problem) => ({ at: ['request', 'body', ...problem.at], message: problem.message }));
}

/** Every problem in the scenario files under `paths`, sorted by file and line; empty when there is none. */
export function lintScenarios(paths: readonly string[]): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const scenarios = loadWhatLoads(paths, problems);
  const report = (file: string, at: PathSegment[], message: string) => {
    const { line, column } = locateInFile(file, at);
    problems.push({ file, line, column, message });
  };
  // A fragment's capture counts as used when any scenario that runs the fragment uses it; it is
  // judged only when every scenario that could run it was linted (the folder above _fragments).
  const folders = paths.filter((path) => statSync(path).isDirectory()).map((path) => resolve(path));
  const judged = (file: string, scenario: Scenario) => file === scenario.file || folders.some((folder) => isInside(dirname(dirname(resolve(file))), folder));
  const captures = new Map<string, { file: string; at: PathSegment[]; name: string; used: boolean }>();
  for (const scenario of scenarios) {
    const references = scenarioReferences(scenario);
    scenario.steps.forEach((step, i) => {
      const { file, at } = scenario.stepLocations[i]!;
      for (const problem of contractProblems(step)) report(file, [...at, ...problem.at], problem.message);
      for (const name of judged(file, scenario) ? Object.keys(step.capture ?? {}) : []) {
        const key = `${file}\u0000${at.join('.')}\u0000${name}`;
        const capture = captures.get(key) ?? { file, at: [...at, 'capture', name], name, used: false };
        capture.used ||= references.has(name);
        captures.set(key, capture);
      }
    });
  }
  for (const capture of captures.values()) {
    if (!capture.used) report(capture.file, capture.at, `capture ${capture.name} is never used: no later value refers to \${${capture.name}}`);
  }
  const unique = new Map(problems.map((p) => [`${p.file}:${p.line}:${p.column}:${p.message}`, p]));
  return [...unique.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
