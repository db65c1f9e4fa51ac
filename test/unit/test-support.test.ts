import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/spawned-emulator.js';

/**
 * The suite runs without isolation (vitest.config.ts): a support module is evaluated once per
 * worker, so a vitest hook it registers when imported would run for the first file that imported
 * it only, and what later files start would be left running. Support modules hand what must stop
 * to `stopAfterTest` (test/support/after-test.ts) instead.
 */
const SUPPORT = join(ROOT, 'test', 'support');
/** Setup files are evaluated again for every test file: hooks belong there. */
const SETUP_FILES = new Set(['per-test-setup.ts', 'fast-check-seed.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('test support', () => {
  it('no support module registers a vitest hook when it is imported (only the setup files do)', () => {
    const files = sources(SUPPORT).filter((file) => !SETUP_FILES.has(relative(SUPPORT, file)));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((file) => /^(beforeAll|afterAll|beforeEach|afterEach)\(/m.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });
});
