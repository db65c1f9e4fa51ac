import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_FOLDERS, distIsStale } from '../support/built-modules.js';
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

describe('the tests run dist/ (test/support/built-modules.ts)', () => {
  it('dist/ is stale when a source the build reads is newer than the last build, or there was none; not for a note, a hidden folder or an install', () => {
    const root = mkdtempSync(join(tmpdir(), 'built-modules-'));
    try {
      const at = (path: string, seconds: number) => {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), '');
        utimesSync(join(root, path), seconds, seconds);
      };
      for (const folder of BUILT_FOLDERS) at(`${folder}/index.ts`, 1_000);
      expect(distIsStale(root)).toBe(true);
      at('dist/cli/mono-emulator.mjs', 2_000);
      expect(distIsStale(root)).toBe(false);
      at('bench/results.md', 3_000);
      at('bench/.prism/node_modules/x/index.js', 3_000);
      at('src/node_modules/y/index.js', 3_000);
      expect(distIsStale(root)).toBe(false);
      at('emulator/domain/cards.ts', 3_000);
      expect(distIsStale(root)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
