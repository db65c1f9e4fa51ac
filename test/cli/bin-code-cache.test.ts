import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startProcess } from '../support/bin-process.js';
import { checkedFetch } from '../support/contract-client.js';
import { ROOT } from '../support/spawned-emulator.js';

// V8 checks a code cache against the flags it was made under: a flag the bin set between compiling
// the bundle and writing the cache (emulator/cli-heap-flags.ts) would make every later start
// refuse it and write it again. A copy of dist/cli keeps other tests' starts out of its cache.

let folder: string;
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const cacheFiles = () => readdirSync(folder).filter((name) => name.endsWith('.v8cache'));

/** Starts the copied bin, waits for it to serve, stops it with SIGTERM and waits for its exit. */
async function startAndStop(): Promise<void> {
  const run = startProcess(process.execPath, [join(folder, 'mono-emulator.mjs'), '--port', '0', '--ready-json', '--quiet']);
  const [, port] = (await run.waitForStdout(/"port":(\d+)/))!;
  // The cache is written as soon as the emulator serves, before its event loop turns: once it has
  // answered a request, a start that was to write one has written it.
  expect((await checkedFetch(`http://127.0.0.1:${port}/_emulator/health`)).status).toBe(200);
  run.child.kill('SIGTERM');
  expect(await run.waitForExit()).toEqual({ code: 0, signal: null });
}

describe('the bin and its code cache', () => {
  it('bin: the first start writes a code cache that the second start compiles from (and so does not write again)', async () => {
    folder = mkdtempSync(join(tmpdir(), 'mono-bin-cache-'));
    cpSync(join(ROOT, 'dist/cli'), folder, { recursive: true, filter: (source) => !source.endsWith('.v8cache') });
    expect(cacheFiles()).toEqual([]);
    await startAndStop();
    const [cache] = cacheFiles();
    expect(cache).toBeDefined();
    const written = statSync(join(folder, cache!));
    await startAndStop();
    expect(cacheFiles()).toEqual([cache]);
    const after = statSync(join(folder, cache!));
    // A refused cache is written again, under a new name renamed over the old one: a new inode.
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
  }, 60_000);
});
