import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { SCENARIOS_DIR } from '../contract/scenario-tests.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A throwaway scenarios folder with the given files (path -> YAML) and the project's own
 * fragments, removed when the test file ends.
 */
export function scratchScenarios(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mono-contract-'));
  made.push(dir);
  cpSync(join(SCENARIOS_DIR, '_fragments'), join(dir, '_fragments'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * The steps (after `id` and `title`) of a scenario that creates a banking card for a new
 * cardholder with the shipped fragments: `expect` is its expectation, `body` extra fields of the
 * request body (`, nickname: Viajes`), `capture` a capture line's map.
 */
export function createCardScenario({ expect = '{ status: 201 }', body = '', capture }: { expect?: string; body?: string; capture?: string } = {}): string {
  return `setup: [discover-tenant, new-cardholder]
steps:
  - name: create
    request:
      method: POST
      path: /v1/cards
      body: { account_id: "\${bank_account_id}", cardholder: "\${cardholder}"${body} }
    expect: ${expect}
${capture ? `    capture: ${capture}\n` : ''}`;
}
