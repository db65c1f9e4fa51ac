import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Faker, base, en } from '@faker-js/faker';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { collectExpressions, fakerMethod, parseExpression } from '../interpolate.js';
import { checkExpected, checkShapeSyntax, type PathSegment } from '../matchers.js';
import { parseSkipPath } from '../snapshots/skip-path.js';
import { fragmentSchema, scenarioSchema, type FragmentSpec, type Scenario, type ScenarioSpec, type StepSpec } from './schema.js';

/** One thing wrong with a scenario file, where it is. */
export interface ScenarioProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Thrown before anything is sent when any scenario file is malformed; lists every problem found. */
export class ScenarioLoadError extends Error {
  constructor(readonly problems: ScenarioProblem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in scenario files:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ScenarioLoadError';
  }
}

export function formatProblem(problem: ScenarioProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/**
 * Line and column of the node at a YAML path in a file (or of its nearest ancestor), for tools
 * that report on loaded scenarios (`mono-contract lint`).
 */
export function locateInFile(file: string, path: readonly PathSegment[]): { line: number; column: number } {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  return locate({ file, doc, lines }, path);
}

/**
 * Fragments live in a `_fragments` folder of the scenario's folder or any folder above it; then
 * among the package's own (`scenarios/_fragments`), so a user's scenario folder can name the
 * shipped ones (`setup: [discover-tenant]`) and shadow any of them with its own file.
 */
export const FRAGMENTS_DIR = '_fragments';

let shipped: string | undefined;

/** The package's `scenarios/_fragments`: beside the first package.json above this module (in src/ or dist/src/). */
export function shippedFragmentsDir(): string {
  if (shipped) return shipped;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return (shipped = join(dir, 'scenarios', FRAGMENTS_DIR));
}

interface ParsedFile<T> {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data?: T;
}

const display = (file: string) => relative(process.cwd(), file) || file;

function position(lines: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** Line and column of the node at `path`, or of its nearest ancestor that exists. */
function locate(parsed: ParsedFile<unknown>, path: readonly PathSegment[]): { line: number; column: number } {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = parsed.doc.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return position(parsed.lines, node.range[0]);
  }
  return position(parsed.lines, parsed.doc.contents?.range?.[0] ?? 0);
}

/** Line and column of a key itself (`expectt:`), not of its value. */
function locateKey(parsed: ParsedFile<unknown>, path: readonly PathSegment[], key: string): { line: number; column: number } {
  const map = parsed.doc.getIn(path, true);
  if (isMap(map)) {
    const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
    const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
    if (range) return position(parsed.lines, range[0]);
  }
  return locate(parsed, [...path, key]);
}

function describeIssuePath(path: readonly PathSegment[]): string {
  return path.length === 0 ? '' : `${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '')}: `;
}

/** A file given as a scenario that is a fragment: its schema error would not say so. */
function fragmentGivenAsScenario(doc: Document.Parsed): string | undefined {
  if (!isMap(doc.contents) || !doc.has('fragment') || doc.has('id')) return undefined;
  const name = String(doc.get('fragment'));
  return `this is a setup fragment ("fragment: ${name}"), not a scenario: a scenario runs it with "setup: [${name}]"`;
}

function parseFile<T>(file: string, schema: z.ZodType<T>, problems: ScenarioProblem[], kind: 'scenario' | 'fragment'): ParsedFile<T> {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const parsed: ParsedFile<T> = { file, doc, lines };
  const [syntaxError] = doc.errors;
  if (syntaxError) {
    // Only the first: the parser's later errors mostly echo it.
    const at = position(lines, syntaxError.pos[0]);
    problems.push({ file: display(file), line: at.line, column: at.column, message: `YAML: ${syntaxError.message.split('\n')[0]}` });
    return parsed;
  }
  if (doc.contents === null) {
    problems.push({ file: display(file), line: 1, column: 1, message: 'the file is empty (see scenarios/README.md for the format)' });
    return parsed;
  }
  const fragment = kind === 'scenario' ? fragmentGivenAsScenario(doc) : undefined;
  if (fragment) {
    problems.push({ file: display(file), line: 1, column: 1, message: fragment });
    return parsed;
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
      const keys = 'keys' in issue ? (issue.keys as string[]) : [];
      // An unknown key is pointed at itself, not at the object holding it.
      const at = keys.length === 1 ? locateKey(parsed, path, keys[0]!) : locate(parsed, path);
      problems.push({ file: display(file), line: at.line, column: at.column, message: `${describeIssuePath(path)}${issue.message}` });
    }
    return parsed;
  }
  parsed.data = result.data;
  return parsed;
}

/** The scenario files a path names: itself, or every `*.yaml`/`*.yml` under it outside `_fragments`. */
export function listScenarioFiles(path: string): string[] {
  if (!existsSync(path)) throw new ScenarioLoadError([{ file: path, line: 1, column: 1, message: 'no such file or folder' }]);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(path, entry.name);
      if (entry.isDirectory()) return entry.name === FRAGMENTS_DIR ? [] : listScenarioFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    });
}

function findFragmentFile(scenarioFile: string, name: string): string | undefined {
  let dir = dirname(scenarioFile);
  for (;;) {
    const candidate = join(dir, FRAGMENTS_DIR, `${name}.yaml`);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const candidate = join(shippedFragmentsDir(), `${name}.yaml`);
  return existsSync(candidate) ? candidate : undefined;
}

/** The shipped fragments' names, for a "not found" message. */
function shippedFragmentNames(): string {
  const dir = shippedFragmentsDir();
  const names = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => basename(f, '.yaml')).sort() : [];
  return names.length ? names.join(', ') : 'none';
}

/** A step with the file and the YAML path it came from, for locating problems. */
interface LocatedStep {
  step: StepSpec;
  source: ParsedFile<unknown>;
  at: PathSegment[];
}

const BUILTINS = new Set(['uuid']);
const CAPTURE_ROOT = /^\$(\.(status|headers|body)\b|\[['"](status|headers|body)['"]\])/;
/** Used only to check that `${faker.…}` names a real method; never to make data. */
const fakerForChecks = new Faker({ locale: [en, base] });

/** A status written as a string (`status: "409"`, or inside `$one_of`): answers carry numbers, so it could never match. */
function quotedStatus(status: unknown): string | undefined {
  if (typeof status === 'string') return status.includes('${') ? undefined : status;
  const options = (status as { $one_of?: unknown } | undefined)?.$one_of;
  return Array.isArray(options) ? options.map(quotedStatus).find((text) => text !== undefined) : undefined;
}

/** The rules a schema cannot say: names, references and emulator-only marks. */
function checkScenario(scenario: ParsedFile<ScenarioSpec>, vars: { name: string; value: unknown; source: ParsedFile<unknown>; at: PathSegment[] }[], steps: LocatedStep[]): ScenarioProblem[] {
  const spec = scenario.data!;
  const problems: ScenarioProblem[] = [];
  const report = (source: ParsedFile<unknown>, at: PathSegment[], message: string) => {
    const position = locate(source, at);
    problems.push({ file: display(source.file), line: position.line, column: position.column, message });
  };
  const known = new Set<string>(BUILTINS);
  const checkReferences = (value: unknown, source: ParsedFile<unknown>, at: PathSegment[]) => {
    let expressions: ReturnType<typeof collectExpressions>;
    try {
      expressions = collectExpressions(value, at);
    } catch (error) {
      return report(source, at, (error as Error).message);
    }
    for (const { expression, at: where } of expressions) {
      try {
        const reference = parseExpression(expression);
        if (reference.kind === 'variable' && !known.has(reference.name)) {
          report(source, where, `\${${expression}}: "${reference.name}" is not set by vars or by a capture of an earlier step`);
        }
        if (reference.kind === 'faker') fakerMethod(fakerForChecks, reference.method);
      } catch (error) {
        report(source, where, (error as Error).message);
      }
    }
  };

  const seen = new Set<string>();
  /** An expected value: its references, its matcher syntax, and the steps `$same_as` names. */
  const checkExpectation = (value: unknown, source: ParsedFile<unknown>, at: PathSegment[]) => {
    checkReferences(value, source, at);
    const { issues, sameAs } = checkExpected(value, at);
    for (const issue of issues) report(source, issue.at, issue.message);
    for (const reference of sameAs) {
      if (!seen.has(reference.step)) report(source, reference.at, `$same_as: no earlier step is named "${reference.step}"`);
    }
  };

  for (const variable of vars) {
    checkReferences(variable.value, variable.source, variable.at);
    known.add(variable.name);
  }
  for (const { step, source, at } of steps) {
    if (seen.has(step.name)) report(source, [...at, 'name'], `step name "${step.name}" is used twice in this scenario (with its setup fragments)`);
    if (step.request.path.startsWith('/_emulator/') && !step.emulator_only) {
      report(source, [...at, 'request', 'path'], `${step.request.path} exists only on the emulator: mark the step "emulator_only: true"`);
    }
    if (step.eventually !== undefined && (step.request.method !== 'GET' || step.repeat > 1)) {
      report(source, [...at, 'eventually'], '"eventually" re-sends the request: only for a GET step without repeat');
    }
    if (step.auth === 'second' && !spec.requires.includes('second_tenant')) {
      report(source, [...at, 'auth'], '"auth: second" needs "requires: [second_tenant]" on the scenario');
    }
    for (const [i, skip] of (step.parity?.skip ?? []).entries()) {
      try {
        parseSkipPath(skip.path);
      } catch (error) {
        report(source, [...at, 'parity', 'skip', i, 'path'], (error as Error).message);
      }
    }
    if (step.webhooks && !spec.requires.includes('webhooks')) {
      report(source, [...at, 'webhooks'], 'webhook expectations need "requires: [webhooks]" on the scenario');
    }
    checkReferences(step.request, source, [...at, 'request']);
    const expect = step.expect ?? {};
    const quoted = quotedStatus(expect.status);
    if (quoted !== undefined) report(source, [...at, 'expect', 'status'], `a status is a number: write ${quoted}, not "${quoted}" (a quoted status never matches)`);
    for (const key of ['status', 'headers', 'body', 'body_exact'] as const) {
      if (expect[key] === undefined) continue;
      checkExpectation(expect[key], source, [...at, 'expect', key]);
    }
    if (expect.body_shape !== undefined) {
      for (const issue of checkShapeSyntax(expect.body_shape, [...at, 'expect', 'body_shape'])) report(source, issue.at, issue.message);
    }
    for (const [name, path] of Object.entries(step.capture ?? {})) {
      if (!CAPTURE_ROOT.test(path)) report(source, [...at, 'capture', name], `capture ${name}: a JSONPath into the answer starts with $.status, $.headers or $.body`);
      known.add(name);
    }
    // Webhooks are awaited after the step's captures, so they may use them (and $same_as this step).
    seen.add(step.name);
    for (const [i, webhook] of (step.webhooks ?? []).entries()) {
      if (webhook.match === undefined) continue;
      checkExpectation(webhook.match, source, [...at, 'webhooks', i, 'match']);
    }
  }
  return problems;
}

export interface LoadOptions {
  /** Keeps scenarios whose id, title or tags match. */
  grep?: RegExp;
}

/**
 * Reads scenario files and folders (recursively, skipping `_fragments`), checks every rule, and
 * returns the scenarios with their fragments put first. Any problem in any file throws a
 * ScenarioLoadError naming the file, line and column of each, so nothing is sent.
 */
export function loadScenarios(paths: readonly string[], options: LoadOptions = {}): Scenario[] {
  const files = [...new Set(paths.flatMap(listScenarioFiles))];
  const problems: ScenarioProblem[] = [];
  const fragments = new Map<string, ParsedFile<FragmentSpec>>();
  const scenarios: Scenario[] = [];
  const ids = new Map<string, string>();

  for (const file of files) {
    const parsed = parseFile(file, scenarioSchema, problems, 'scenario');
    const spec = parsed.data;
    if (!spec) continue;
    const previous = ids.get(spec.id);
    if (previous) {
      const at = locate(parsed, ['id']);
      problems.push({ file: display(file), line: at.line, column: at.column, message: `id "${spec.id}" is already used by ${previous}` });
    }
    ids.set(spec.id, display(file));

    const vars: Parameters<typeof checkScenario>[1] = [];
    const steps: LocatedStep[] = [];
    let fragmentsOk = true;
    for (const [i, name] of spec.setup.entries()) {
      const fragmentFile = findFragmentFile(file, name);
      if (!fragmentFile) {
        const at = locate(parsed, ['setup', i]);
        problems.push({
          file: display(file),
          line: at.line,
          column: at.column,
          message: `setup fragment "${name}" not found (looked for ${FRAGMENTS_DIR}/${name}.yaml here, in every folder above, and among the shipped fragments: ${shippedFragmentNames()})`,
        });
        fragmentsOk = false;
        continue;
      }
      let fragment = fragments.get(fragmentFile);
      if (!fragment) {
        fragment = parseFile(fragmentFile, fragmentSchema, problems, 'fragment');
        fragments.set(fragmentFile, fragment);
        if (fragment.data && fragment.data.fragment !== basename(fragmentFile, '.yaml')) {
          const at = locate(fragment, ['fragment']);
          problems.push({ file: display(fragmentFile), line: at.line, column: at.column, message: `a fragment's name is its file name: "${basename(fragmentFile, '.yaml')}"` });
        }
      }
      if (!fragment.data) {
        fragmentsOk = false;
        continue;
      }
      for (const [name, value] of Object.entries(fragment.data.vars)) vars.push({ name, value, source: fragment, at: ['vars', name] });
      fragment.data.steps.forEach((step, j) => steps.push({ step, source: fragment, at: ['steps', j] }));
    }
    if (!fragmentsOk) continue;
    for (const [name, value] of Object.entries(spec.vars)) vars.push({ name, value, source: parsed, at: ['vars', name] });
    spec.steps.forEach((step, j) => steps.push({ step, source: parsed, at: ['steps', j] }));

    problems.push(...checkScenario(parsed as ParsedFile<ScenarioSpec>, vars, steps));
    scenarios.push({
      ...spec,
      vars: Object.fromEntries(vars.map((v) => [v.name, v.value])),
      steps: steps.map((s) => s.step),
      file: display(file),
      stepLocations: steps.map((s) => ({ file: display(s.source.file), line: locate(s.source, s.at).line, at: s.at })),
    });
  }
  if (problems.length > 0) throw new ScenarioLoadError(problems);
  const { grep } = options;
  return grep ? scenarios.filter((s) => matchesGrep(s, grep)) : scenarios;
}

/** What `--grep` keeps: a scenario whose id, title or a tag matches. */
export function matchesGrep(scenario: Scenario, grep: RegExp): boolean {
  return grep.test(scenario.id) || grep.test(scenario.title) || scenario.tags.some((tag) => grep.test(tag));
}
