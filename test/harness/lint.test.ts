import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lintScenarios } from '../../src/lint/lint.js';
import { formatProblem, listScenarioFiles } from '../../src/scenario/load.js';
import { scenarioJsonSchemas } from '../../src/scenario/json-schema.js';
import { SCENARIOS_DIR } from '../contract/scenario-tests.js';
import { ROOT } from '../support/spawned-emulator.js';
import { scratchScenarios } from './scratch.js';

const lines = (dir: string) => lintScenarios([dir]).map((p) => formatProblem({ ...p, file: p.file.slice(p.file.lastIndexOf('/') + 1) }));

describe('mono-contract lint', () => {
  it('the shipped scenarios have no problem', () => {
    expect(lintScenarios([SCENARIOS_DIR])).toEqual([]);
  });

  it('an unknown path, a method the path does not take, a body field the operation does not take and a capture never used, each with its file and line', () => {
    const dir = scratchScenarios({
      'wrong.yaml': `id: scratch/wrong
title: Wrong on purpose
setup: [discover-tenant, new-cardholder]
steps:
  - name: create
    request:
      method: POST
      path: /v1/cards
      body:
        account_id: \${bank_account_id}
        cardholder: \${cardholder}
        nickanme: Viajes
    capture:
      card_id: $.body.id
      never_read: $.body.state
  - name: typo-in-path
    request: { method: GET, path: "/v1/card/\${card_id}" }
  - name: wrong-method
    request: { method: PUT, path: "/v1/cards/\${card_id}" }
  - name: nested
    request:
      method: POST
      path: /v1/cards
      body: { account_id: "\${bank_account_id}", cardholder: { first_name: A, last_name: B, adress: {} } }
`,
    });
    // Linted alone, the file is not held to the shared fragment's captures (other scenarios may use them).
    expect(lintScenarios([join(dir, 'wrong.yaml')]).map((p) => formatProblem({ ...p, file: 'wrong.yaml' }))).toEqual([
      'wrong.yaml:12:19: createBankingCard does not take the body field nickanme (it takes account_id, cardholder, configuration_group_id, initial_balance, nickname)',
      'wrong.yaml:15:19: capture never_read is never used: no later value refers to ${never_read}',
      'wrong.yaml:17:35: GET /v1/card/${card_id}: no operation of the contracts has this path',
      'wrong.yaml:19:35: PUT /v1/cards/${card_id}: the contract takes GET, PATCH on this path, not PUT',
      expect.stringMatching(/^wrong\.yaml:24:100: createBankingCard does not take the body field cardholder\.adress \(it takes address, birthdate, .*\)$/),
    ]);
    // Linted with its folder, every scenario that could run discover-tenant was seen: its unused captures show.
    expect(lines(dir)).toContain('discover-tenant.yaml:44:26: capture ledger_account_id is never used: no later value refers to ${ledger_account_id}');
  });

  it('a step expecting a 4xx sends a wrong request on purpose: its path and body are not held against it', () => {
    const dir = scratchScenarios({
      'probe.yaml': 'id: scratch/probe\ntitle: Probes\nsteps:\n  - name: unknown\n    request: { method: GET, path: /v1/nowhere }\n    expect: { status: 404 }\n  - name: extra-field\n    request: { method: PATCH, path: /v1/cards/car_x, body: { color: blue } }\n    expect: { status: 422 }\n',
    });
    expect(lintScenarios([dir])).toEqual([]);
  });

  it("a fragment's capture is used when any scenario running the fragment uses it", () => {
    const dir = scratchScenarios({
      '_fragments/make-card.yaml': 'fragment: make-card\nsteps:\n  - name: make\n    request: { method: GET, path: /v1/cards }\n    capture: { first: "$.body.cards[0].id", unused: $.body.pagination }\n',
      'a.yaml': 'id: scratch/a\ntitle: A\nsetup: [make-card]\nsteps:\n  - name: read\n    request: { method: GET, path: "/v1/cards/${first}" }\n',
      'b.yaml': 'id: scratch/b\ntitle: B\nsetup: [make-card]\nsteps:\n  - name: list\n    request: { method: GET, path: /v1/cards }\n',
    });
    expect(lines(dir)).toEqual(['make-card.yaml:5:53: capture unused is never used: no later value refers to ${unused}']);
  });

  it('schema problems are reported with their line, and the files that load are still checked against the contract', () => {
    const dir = scratchScenarios({
      'bad.yaml': 'id: scratch/bad\ntitle: Bad\nsteps:\n  - name: x\n    expectt: { status: 200 }\n    request: { method: GET, path: /v1/cards }\n',
      'good-but-wrong.yaml': 'id: scratch/ok\ntitle: OK\nsteps:\n  - name: x\n    request: { method: DELETE, path: /v1/accounts }\n',
    });
    expect(lines(dir)).toEqual([
      expect.stringMatching(/^bad\.yaml:5:5: steps\[0\]: Unrecognized key: "expectt"$/),
      'good-but-wrong.yaml:5:38: DELETE /v1/accounts: the contract takes GET on this path, not DELETE',
    ]);
  });
});

describe('JSON Schema of scenario files', () => {
  const committed = (name: string) => JSON.parse(readFileSync(join(ROOT, 'schemas', `${name}.schema.json`), 'utf8')) as Record<string, unknown>;

  it('schemas/*.schema.json are what the zod schemas give (else: npm run schemas:generate)', () => {
    const generated = scenarioJsonSchemas();
    expect(committed('scenario'), 'schemas/scenario.schema.json is stale: run npm run schemas:generate').toEqual(generated.scenario);
    expect(committed('fragment'), 'schemas/fragment.schema.json is stale: run npm run schemas:generate').toEqual(generated.fragment);
  });

  it('accepts every shipped scenario and fragment, and refuses what the loader refuses', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateFormats: false });
    const scenario = ajv.compile(committed('scenario'));
    const fragment = ajv.compile(committed('fragment'));
    for (const file of listScenarioFiles(SCENARIOS_DIR)) expect(scenario(parse(readFileSync(file, 'utf8'))), `${file}: ${ajv.errorsText(scenario.errors)}`).toBe(true);
    const fragments = join(SCENARIOS_DIR, '_fragments');
    for (const file of readdirSync(fragments)) expect(fragment(parse(readFileSync(join(fragments, file), 'utf8'))), file).toBe(true);

    const step = { name: 'x', request: { method: 'GET', path: '/v1/cards' } };
    expect(scenario({ id: 'a', title: 'A', steps: [step] })).toBe(true);
    expect(scenario({ id: 'a', title: 'A', steps: [{ ...step, expectt: {} }] })).toBe(false);
    expect(scenario({ id: 'a', title: 'A', steps: [{ ...step, request: { method: 'GET', path: 'v1/cards' } }] })).toBe(false);
    expect(scenario({ id: 'a', title: 'A', steps: [{ ...step, parity: { skip: [{ path: '$.body.x' }] } }] })).toBe(false);
    expect(scenario({ id: 'a', title: 'A', steps: [{ ...step, parity: { skip: [{ path: '$.body.x', reason: 'why', until: '2027-03-01' }] } }] })).toBe(true);
  });
});
