import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenarios } from '../../src/runner.js';
import { loadScenarios, ScenarioLoadError, type ScenarioProblem } from '../../src/scenario/load.js';
import type { Target } from '../../src/targets/index.js';
import { SCENARIOS_DIR } from '../contract/scenario-tests.js';
import { scratchScenarios } from './scratch.js';

/** Loads one scratch file and returns its problems (line, column and message), or fails if it loads. */
function problemsOf(yaml: string, extra: Record<string, string> = {}): (ScenarioProblem & { fileName: string })[] {
  const dir = scratchScenarios({ 'area/scenario.yaml': yaml, ...extra });
  try {
    loadScenarios([dir]);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioLoadError);
    return (error as ScenarioLoadError).problems.map((p) => ({ ...p, fileName: p.file.split('/').slice(-2).join('/') }));
  }
  throw new Error('the scenario loaded without a problem');
}

const VALID_STEP = `  - name: list
    request: { method: GET, path: /v1/cards }
    expect: { status: 200 }
`;

describe('scenario files: every problem is reported with its file and line, before anything is sent', () => {
  it('load: the shipped scenarios all load, at least 20, with unique ids', () => {
    const scenarios = loadScenarios([SCENARIOS_DIR]);
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
  });

  it('load: fragments come first, and each step knows its own file and line', () => {
    const dir = scratchScenarios({ 'cards/x.yaml': `id: x\ntitle: X\nsetup: [discover-tenant]\nsteps:\n${VALID_STEP}` });
    const [scenario] = loadScenarios([dir]);
    expect(scenario!.steps.map((s) => s.name)).toEqual(['discover-bank-account', 'discover-configuration-groups', 'discover-ledger-account', 'list']);
    expect(scenario!.stepLocations[0]!.file).toMatch(/_fragments\/discover-tenant\.yaml$/);
    expect(scenario!.stepLocations[3]).toEqual({ file: expect.stringMatching(/cards\/x\.yaml$/), line: 5, at: ['steps', 0] });
    expect(scenario!.targets).toEqual(['emulator', 'sandbox']);
  });

  it('schema: a YAML syntax error names its line, and only the first is reported', () => {
    const [problem, ...rest] = problemsOf(`id: x\ntitle: X\nsteps:\n  - name: a\n    request: { method: GET, path: /v1/cards }\n   expect: x\n  - name: b\n   bad: [\n`);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ fileName: 'area/scenario.yaml', line: 6, message: expect.stringMatching(/^YAML: /) });
  });

  it('schema: an empty file says so', () => {
    expect(problemsOf('')).toEqual([expect.objectContaining({ line: 1, column: 1, message: expect.stringContaining('the file is empty') })]);
  });

  it('schema: a key given twice is a YAML error at the second one', () => {
    expect(problemsOf(`id: x\ntitle: X\ntitle: Y\nsteps:\n${VALID_STEP}`)).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringContaining('Map keys must be unique') }),
    ]);
  });

  it('schema: an unknown key is pointed at on its own line', () => {
    const problems = problemsOf(`id: x\ntitle: X\nsteps:\n  - name: a\n    request: { method: GET, path: /v1/cards }\n    expectt: { status: 200 }\n`);
    expect(problems).toEqual([expect.objectContaining({ line: 6, column: 5, message: expect.stringMatching(/steps\[0\]: Unrecognized key: "expectt"/) })]);
  });

  it('schema: a wrong value names the field and its line; a missing field the object that lacks it', () => {
    const problems = problemsOf(`id: x\nsteps:\n  - name: a\n    request:\n      method: FETCH\n      path: /v1/cards\n`);
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual(expect.objectContaining({ line: 5, message: expect.stringMatching(/^steps\[0\]\.request\.method: /) }));
    expect(problems).toContainEqual(expect.objectContaining({ line: 1, message: expect.stringMatching(/^title: /) }));
  });

  it('rules: a /_emulator step must be marked emulator_only', () => {
    const problems = problemsOf(`id: x\ntitle: X\nsteps:\n  - name: activate\n    request: { method: POST, path: /_emulator/cards/car_1/activate }\n`);
    expect(problems).toEqual([expect.objectContaining({ line: 5, message: expect.stringContaining('mark the step "emulator_only: true"') })]);
  });

  it('rules: a variable must be set by vars or an earlier capture; a capture of a later step does not count', () => {
    const problems = problemsOf(
      `id: x\ntitle: X\nsteps:\n  - name: read\n    request: { method: GET, path: "/v1/cards/\${card_id}" }\n  - name: create\n    request: { method: POST, path: /v1/cards, body: {} }\n    capture: { card_id: $.body.id }\n`,
    );
    expect(problems).toEqual([expect.objectContaining({ line: 5, message: expect.stringContaining('"card_id" is not set by vars or by a capture of an earlier step') })]);
  });

  it('rules: $same_as must name an earlier step, and an unknown matcher is named', () => {
    const problems = problemsOf(
      `id: x\ntitle: X\nsteps:\n  - name: a\n    request: { method: GET, path: /v1/cards }\n    expect:\n      body:\n        cards: { $same_as: b }\n        pagination: { $between: [1, 2] }\n`,
    );
    expect(problems).toContainEqual(expect.objectContaining({ line: 8, message: '$same_as: no earlier step is named "b"' }));
    expect(problems).toContainEqual(expect.objectContaining({ line: 9, message: expect.stringContaining('unknown matcher $between') }));
  });

  it('rules: an unknown faker method and an unclosed ${ are reported', () => {
    const problems = problemsOf(`id: x\ntitle: X\nvars:\n  name: \${faker.person.nickname}\n  broken: "\${uuid"\nsteps:\n${VALID_STEP}`);
    expect(problems).toContainEqual(expect.objectContaining({ line: 4, message: 'faker has no method person.nickname' }));
    expect(problems).toContainEqual(expect.objectContaining({ line: 5, message: expect.stringContaining('without a closing "}"') }));
  });

  it('rules: step names are unique, fragments included', () => {
    const problems = problemsOf(`id: x\ntitle: X\nsetup: [discover-tenant]\nsteps:\n  - name: discover-bank-account\n    request: { method: GET, path: /v1/accounts }\n`);
    expect(problems).toEqual([expect.objectContaining({ line: 5, message: expect.stringContaining('"discover-bank-account" is used twice') })]);
  });

  it('rules: eventually is for a GET step only', () => {
    const problems = problemsOf(`id: x\ntitle: X\nsteps:\n  - name: a\n    eventually: 3\n    request: { method: POST, path: /v1/cards, body: {} }\n`);
    expect(problems).toEqual([expect.objectContaining({ line: 5, message: expect.stringContaining('only for a GET step') })]);
  });

  it('rules: a second tenant or webhooks must be declared in requires', () => {
    const problems = problemsOf(
      `id: x\ntitle: X\nsteps:\n  - name: a\n    auth: second\n    request: { method: GET, path: /v1/cards }\n    webhooks: [{ event: card_created }]\n`,
    );
    expect(problems.map((p) => p.line)).toEqual([5, 7]);
  });

  it('rules: a missing fragment, a duplicate id and a bad fragment are reported in their own files', () => {
    const problems = problemsOf(`id: x\ntitle: X\nsetup: [nowhere]\nsteps:\n${VALID_STEP}`, {
      'area/again.yaml': `id: x\ntitle: Again\nsetup: [broken]\nsteps:\n${VALID_STEP}`,
      '_fragments/broken.yaml': `fragment: broken\nsteps:\n  - name: a\n    request: { method: GET }\n`,
    });
    expect(problems).toContainEqual(expect.objectContaining({ fileName: 'area/scenario.yaml', line: 3, message: expect.stringContaining('setup fragment "nowhere" not found') }));
    expect(problems).toContainEqual(expect.objectContaining({ fileName: 'area/scenario.yaml', line: 1, message: expect.stringContaining('id "x" is already used') }));
    expect(problems).toContainEqual(expect.objectContaining({ fileName: '_fragments/broken.yaml', line: 4, message: expect.stringContaining('request.path') }));
  });

  it('runner: a malformed scenario stops the run before the target is touched', async () => {
    const dir = scratchScenarios({ 'good.yaml': `id: good\ntitle: Good\nsteps:\n${VALID_STEP}`, 'bad.yaml': `id: bad\ntitle: Bad\nsteps: []\n` });
    const touched: string[] = [];
    const target = new Proxy({} as Target, {
      get: (_, property) => {
        touched.push(String(property));
        return undefined;
      },
    });
    const error = await runScenarios([dir], target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioLoadError);
    expect((error as Error).message).toContain(`${join(dir, 'bad.yaml').split('/').pop()}:3:`);
    expect(touched).toEqual([]);
  });
});

describe('scenario files: mistakes refused at load with what to write instead', () => {
  it('a quoted status ("409") is refused: answers carry numbers, so it could never match', () => {
    const problems = problemsOf(`id: x\ntitle: X\nsteps:\n  - name: a\n    request: { method: GET, path: /v1/cards }\n    expect: { status: "409" }\n`);
    expect(problems).toEqual([expect.objectContaining({ line: 6, message: 'a status is a number: write 409, not "409" (a quoted status never matches)' })]);
    const inOneOf = problemsOf(`id: x\ntitle: X\nsteps:\n  - name: a\n    request: { method: GET, path: /v1/cards }\n    expect: { status: { $one_of: [200, "404"] } }\n`);
    expect(inOneOf).toEqual([expect.objectContaining({ message: expect.stringContaining('write 404, not "404"') })]);
  });

  it('a fragment given as a scenario says it is a fragment and how a scenario runs it', () => {
    const dir = scratchScenarios({});
    try {
      loadScenarios([join(dir, '_fragments', 'discover-tenant.yaml')]);
      throw new Error('loaded');
    } catch (error) {
      expect((error as ScenarioLoadError).problems).toEqual([
        expect.objectContaining({ line: 1, message: 'this is a setup fragment ("fragment: discover-tenant"), not a scenario: a scenario runs it with "setup: [discover-tenant]"' }),
      ]);
    }
  });

  it('fragments: the user\'s folders first (a local file shadows a shipped one), then the package\'s scenarios/_fragments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mono-user-scenarios-'));
    mkdirSync(join(dir, 'area'));
    writeFileSync(join(dir, 'area', 'x.yaml'), `id: x\ntitle: X\nsetup: [discover-tenant, new-cardholder]\nsteps:\n${VALID_STEP}`);
    const [shipped] = loadScenarios([dir]);
    expect(resolve(shipped!.stepLocations[0]!.file)).toBe(resolve(SCENARIOS_DIR, '_fragments', 'discover-tenant.yaml'));
    expect((shipped!.vars.cardholder as { first_name: string }).first_name).toBe('${faker.person.firstName}');
    mkdirSync(join(dir, '_fragments'));
    writeFileSync(join(dir, '_fragments', 'new-cardholder.yaml'), `fragment: new-cardholder\nvars: { cardholder: { first_name: Local } }\n`);
    const [shadowed] = loadScenarios([dir]);
    expect(shadowed!.vars.cardholder).toEqual({ first_name: 'Local' });
    writeFileSync(join(dir, 'area', 'x.yaml'), `id: x\ntitle: X\nsetup: [nowhere]\nsteps:\n${VALID_STEP}`);
    expect(() => loadScenarios([dir])).toThrow(/setup fragment "nowhere" not found \(looked for _fragments\/nowhere\.yaml here, in every folder above, and among the shipped fragments: discover-tenant, fresh-ledger-account, funded-core-card, new-cardholder\)/);
    rmSync(dir, { recursive: true, force: true });
  });
});
