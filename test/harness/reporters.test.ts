import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskDeep, maskPans } from '../../src/mask.js';
import { consoleReporter, renderConsole } from '../../src/reporters/console.js';
import { renderJson } from '../../src/reporters/json.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { runScenarios, type RunReport } from '../../src/runner.js';
import { openTarget, type Target } from '../../src/targets/index.js';
import { scratchScenarios } from './scratch.js';

const PAN = '4111111111111111';

let target: Target;
let report: RunReport;
beforeAll(async () => {
  target = await openTarget({ target: 'emulator' });
  const create = (expect: string, documentNumber = '1023711432', extra = '') => `setup: [discover-tenant, new-cardholder]
steps:
  - name: create
    request:
      method: POST
      path: /v1/cards
      body:${extra}
        account_id: \${bank_account_id}
        cardholder:
          first_name: Ada
          last_name: Lovelace & <Byron>
          birthdate: "1990-01-01"
          email: ada@example.com
          phone_number: "+573001234567"
          nationality: CO
          document: { type: CC, number: "${documentNumber}" }
          address: \${cardholder.address}
    expect: ${expect}
`;
  const dir = scratchScenarios({
    'cards/passes.yaml': `id: cards/passes\ntitle: Passes\n${create('{ status: 201 }')}`,
    'cards/fails.yaml': `id: cards/fails\ntitle: Fails "quoted" <tag>\n${create('{ status: 201, body: { state: frozen } }', PAN)}`,
    'cards/skipped.yaml': `id: cards/skipped\ntitle: Skipped\ntargets: [sandbox]\n${create('{ status: 201 }')}`,
    'other/also-passes.yaml': `id: other/also-passes\ntitle: Also passes\n${create('{ status: 201 }')}`,
    // Mono drops a field it does not know; the emulator does too, and says so.
    'other/warned.yaml': `id: other/warned\ntitle: Passes with a warning\n${create('{ status: 201 }', '1023711432', '\n        person_id: CC-1023711432')}`,
  });
  report = await runScenarios([dir], target);
});
afterAll(async () => {
  await target.close();
});

/** The counts of the console's closing line. */
function consoleCounts(text: string) {
  const match = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(text);
  if (!match) throw new Error(`no summary line in:\n${text}`);
  return { passed: Number(match[1]), failed: Number(match[2]), skipped: Number(match[3]) };
}

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

describe('reporters', () => {
  it('console: a line per scenario and a closing count line', () => {
    const text = renderConsole(report);
    expect(text).toMatch(/^✓ cards\/passes — Passes \(\d+ ms\)$/m);
    expect(text).toMatch(/^✗ cards\/fails — Fails/m);
    expect(text).toMatch(/^- cards\/skipped — Skipped \(skipped: sandbox-only scenario: not valid for the emulator target\)$/m);
    expect(consoleCounts(text)).toEqual({ passed: 3, failed: 1, skipped: 1 });
  });

  it("warnings: the emulator's x-emulator-warning lines are in every report, by scenario and step, counted apart from the outcomes", () => {
    const warned = report.scenarios.find((s) => s.id === 'other/warned')!;
    expect(warned.outcome).toBe('passed');
    expect(warned.steps.find((s) => s.name === 'create')!.warnings).toEqual(['ignored unknown field #/person_id']);
    expect(report.warnings).toBe(1);

    const text = renderConsole(report);
    expect(text).toMatch(/^✓ other\/warned — Passes with a warning \(\d+ ms\)\n {4}warning: step "create" \(.*warned\.yaml:\d+\): ignored unknown field #\/person_id$/m);
    expect(text).toMatch(/^1 warning from the emulator \(x-emulator-warning\)/m);

    const json = JSON.parse(renderJson(report)) as RunReport;
    expect(json.warnings).toBe(1);
    expect(json.scenarios.find((s) => s.id === 'other/warned')!.steps.find((s) => s.name === 'create')!.warnings).toEqual(['ignored unknown field #/person_id']);

    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(renderJunit(report)) as {
      testsuites: { testsuite: { testcase: { name: string; 'system-out'?: string }[]; properties: { property: { name: string; value: string }[] } } };
    };
    const warnedCase = parsed.testsuites.testsuite.testcase.find((c) => c.name.startsWith('other/warned'))!;
    expect(warnedCase['system-out']).toMatch(/^warning: step "create" \(.*\): ignored unknown field #\/person_id$/);
    expect(parsed.testsuites.testsuite.testcase.filter((c) => 'system-out' in c)).toHaveLength(1);
    expect(parsed.testsuites.testsuite.properties.property).toContainEqual({ name: 'emulator_warnings', value: '1' });
  });

  it('junit: well-formed XML in the JUnit schema, and its counts are the console\'s and the JSON\'s', () => {
    const xml = renderJunit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuites: Record<string, string> & { testsuite: Record<string, unknown> | Record<string, unknown>[] };
    };
    const root = parsed.testsuites;
    const suites = asArray(root.testsuite) as (Record<string, string> & { testcase: unknown })[];
    expect(suites).toHaveLength(1);
    const cases = suites.flatMap((suite) => asArray(suite.testcase as Record<string, unknown> | Record<string, unknown>[]));
    // Every testcase has what JUnit consumers require, and at most one outcome element.
    for (const testcase of cases) {
      expect(testcase).toMatchObject({ name: expect.any(String), classname: expect.stringMatching(/^emulator\./), time: expect.stringMatching(/^\d+\.\d{3}$/) });
      expect(['failure', 'skipped', 'error'].filter((k) => k in testcase).length).toBeLessThanOrEqual(1);
    }
    const counted = {
      tests: cases.length,
      failures: cases.filter((c) => 'failure' in c).length,
      skipped: cases.filter((c) => 'skipped' in c).length,
    };
    for (const element of [root, suites[0]!]) {
      expect(Number(element.tests)).toBe(counted.tests);
      expect(Number(element.failures)).toBe(counted.failures);
      expect(Number(element.skipped)).toBe(counted.skipped);
      expect(Number(element.errors)).toBe(0);
    }
    const fromConsole = consoleCounts(renderConsole(report));
    const fromJson = (JSON.parse(renderJson(report)) as RunReport).counts;
    expect({ passed: counted.tests - counted.failures - counted.skipped, failed: counted.failures, skipped: counted.skipped }).toEqual(fromConsole);
    expect({ passed: fromJson.passed, failed: fromJson.failed, skipped: fromJson.skipped }).toEqual(fromConsole);

    const failed = cases.find((c) => 'failure' in c) as { name: string; failure: { message: string; '#text': string } };
    expect(failed.name).toBe('cards/fails: Fails "quoted" <tag>');
    expect(failed.failure.message).toBe('step "create": $.body.state expected "frozen", got "active"');
    expect(failed.failure['#text']).toContain('Lovelace & <Byron>');
  });

  it('masking: no reporter prints a full card number or the API key', () => {
    const outputs = { console: renderConsole(report), junit: renderJunit(report), json: renderJson(report) };
    for (const [name, text] of Object.entries(outputs)) {
      expect(text, name).not.toContain(PAN);
      expect(text, name).toContain('411111******1111');
      expect(text, name).not.toContain(target.apiKeys.primary!);
    }
  });

  it('masking: only Luhn-valid runs of 12-19 digits are masked', () => {
    expect(maskPans('pan 4111111111111111, doc 1023711432, long 41111111111111111111, other 4111111111111112')).toBe(
      'pan 411111******1111, doc 1023711432, long 41111111111111111111, other 4111111111111112',
    );
  });

  it('masking: card numbers printed in groups (as the look page prints them) and card numbers sent as JSON numbers are masked too', () => {
    expect(maskPans('<p>4111 1111 1111 1111</p> 4111-1111-1111-1111 on 2026-11-25 12:00')).toBe('<p>4111 11** **** 1111</p> 4111-11**-****-1111 on 2026-11-25 12:00');
    expect(maskDeep({ pan: 4111111111111111, amount: 4111111111111112, count: 3 })).toEqual({ pan: '411111******1111', amount: 4111111111111112, count: 3 });
  });
});

describe('reporters: failures by kind', () => {
  it('every failure carries its category (contract, expectation, parity, error) in the JSON, counted; JUnit types the failure; the console counts them', () => {
    const json = JSON.parse(renderJson(report)) as { failures_by_category: Record<string, number>; scenarios: { steps: { failures: { category: string; kind: string }[]; reproducer?: string }[] }[] };
    const failures = json.scenarios.flatMap((s) => s.steps.flatMap((step) => step.failures));
    expect(failures).toEqual([expect.objectContaining({ category: 'expectation', kind: 'body' })]);
    expect(json.failures_by_category).toEqual({ expectation: 1 });
    const reproducer = json.scenarios.flatMap((s) => s.steps).find((step) => step.failures.length > 0)!.reproducer!;
    expect(reproducer).toContain('"Authorization: Bearer $MONO_API_KEY"');
    // Card numbers are masked in the reproducer as everywhere else in a report.
    expect(reproducer).toContain('411111******1111');
    expect(renderJunit(report)).toContain('type="expectation"');
    expect(renderConsole(report)).toMatch(/\nfailures by kind: 1 expectation\n1 warning from the emulator \(x-emulator-warning\): accepted as Mono would, but check the requests\n3 passed, 1 failed, 1 skipped\n$/);
  });
});

describe('reporters: on a terminal, and for a partial run', () => {
  const ESC = '\u001b[';
  const onTerminal = () => {
    let text = '';
    const reporter = consoleReporter((chunk) => (text += chunk), { colour: true });
    for (const result of report.scenarios) reporter.onScenarioEnd(result, {});
    reporter.finish(report);
    return text;
  };

  it('colour: marks and counts in colour, and each failure as a compact diff of expected and got under its path', () => {
    const text = onTerminal();
    expect(text).toContain(`${ESC}32m✓${ESC}0m cards/passes`);
    expect(text).toContain(`${ESC}31m✗${ESC}0m cards/fails`);
    expect(text).toContain(`${ESC}31m  - expected "frozen"${ESC}0m`);
    expect(text).toContain(`${ESC}32m  + got      "active"${ESC}0m`);
    expect(text).toMatch(/ {2}POST http:\/\/127\.0\.0\.1:\d+\/v1\/cards → 201\n/);
    // The compact view leaves out the full request and answer that a CI log keeps, and masks card numbers all the same.
    expect(text).not.toContain('request:  POST');
    expect(text).not.toContain(PAN);
    expect(text).toContain(`${ESC}31m1 failed${ESC}0m`);
  });

  it('plain (not a terminal): no escape codes', () => {
    expect(renderConsole(report)).not.toContain(ESC);
  });

  it('a partial report says what stopped it and how many scenarios it left out, in every format', () => {
    const partial: RunReport = { ...report, stopped: { by: 'SIGINT', notRun: 1 } };
    expect(renderConsole(partial)).toContain('\ninterrupted by SIGINT: 1 scenario not run; this report is partial\n');
    expect(JSON.parse(renderJson(partial)).stopped).toEqual({ by: 'SIGINT', notRun: 1 });
    const properties = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(renderJunit(partial)).testsuites.testsuite.properties.property as { name: string; value: string }[];
    expect(properties).toContainEqual({ name: 'stopped_by', value: 'SIGINT' });
    expect(properties).toContainEqual({ name: 'not_run', value: '1' });
  });
});
