import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeCachePath, loadCommonJs } from '../../emulator/cli-code-cache.js';

/** A CommonJS module with enough functions for V8's cache to hold something, and one that throws on its line 4. */
const MODULE = [
  "const { double } = require('./helper.cjs');",
  'exports.answer = () => double(21);',
  'exports.where = () => ({ file: __filename, dir: __dirname });',
  "exports.fail = () => { throw new Error('from line 4'); };",
  '',
].join('\n');

let folder: string;
afterEach(() => rmSync(folder, { recursive: true, force: true }));

function moduleFile(source = MODULE): string {
  folder = mkdtempSync(join(tmpdir(), 'mono-code-cache-'));
  writeFileSync(join(folder, 'helper.cjs'), 'module.exports = { double: (n) => n * 2 };\n');
  const file = join(folder, 'bundle.cjs');
  writeFileSync(file, source);
  return file;
}

type Loaded = { answer(): number; where(): { file: string; dir: string }; fail(): never };

describe('the code cache the bin loads its bundle through', () => {
  it('code cache: the first load compiles and saves, the next is compiled from the cache; both run the module as CommonJS', () => {
    const file = moduleFile();
    const first = loadCommonJs(file);
    expect(first.cache).toBe('absent');
    expect((first.exports as Loaded).answer()).toBe(42);
    expect(first.saveCache()).toBe(true);
    const cacheFile = codeCachePath(file, readFileSync(file));
    expect(existsSync(cacheFile)).toBe(true);

    const second = loadCommonJs(file);
    expect(second.cache).toBe('accepted');
    expect((second.exports as Loaded).answer()).toBe(42);
    expect((second.exports as Loaded).where()).toEqual({ file, dir: folder });
    const saved = statSync(cacheFile).mtimeMs;
    expect(second.saveCache()).toBe(true);
    expect(statSync(cacheFile).mtimeMs).toBe(saved);
  });

  it('code cache: errors keep the line numbers of the file', () => {
    const loaded = loadCommonJs(moduleFile()).exports as Loaded;
    expect(() => loaded.fail()).toThrow('from line 4');
    try {
      loaded.fail();
    } catch (error) {
      expect((error as Error).stack).toContain(`${join(folder, 'bundle.cjs')}:4:`);
    }
  });

  it('code cache: a damaged cache is refused by V8, the module still runs, and the next save replaces it', () => {
    const file = moduleFile();
    const cacheFile = codeCachePath(file, readFileSync(file));
    writeFileSync(cacheFile, Buffer.alloc(4096, 7));
    const damaged = loadCommonJs(file);
    expect(damaged.cache).toBe('rejected');
    expect((damaged.exports as Loaded).answer()).toBe(42);
    expect(damaged.saveCache()).toBe(true);
    expect(loadCommonJs(file).cache).toBe('accepted');
  });

  it('code cache: a changed file of the same length never gets the old cache (V8 alone checks only the length)', () => {
    const file = moduleFile();
    const first = loadCommonJs(file);
    first.saveCache();
    const changed = MODULE.replace('double(21)', 'double(12)');
    expect(changed.length).toBe(MODULE.length);
    writeFileSync(file, changed);
    const reloaded = loadCommonJs(file);
    expect(reloaded.cache).toBe('absent');
    expect((reloaded.exports as Loaded).answer()).toBe(24);
  });

  it('code cache: where the folder cannot be written, saving says so and leaves nothing behind', () => {
    const file = moduleFile();
    const loaded = loadCommonJs(file);
    rmSync(folder, { recursive: true, force: true });
    expect(loaded.saveCache()).toBe(false);
    expect(existsSync(folder)).toBe(false);
    expect((loaded.exports as Loaded).answer()).toBe(42);
  });
});
