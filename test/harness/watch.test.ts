import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioLoadError } from '../../src/scenario/load.js';
import { openTarget, type Target } from '../../src/targets/index.js';
import { watchScenarios, type WatchOptions } from '../../src/watch.js';
import { scratchScenarios } from './scratch.js';

let emulator: Target;
beforeAll(async () => {
  emulator = await openTarget({ target: 'emulator' });
});
afterAll(async () => {
  await emulator.close();
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const scenario = (id: string, title: string, setup = '') => `id: ${id}\ntitle: ${title}\n${setup}steps:\n  - name: list\n    request: { method: GET, path: /v1/accounts }\n    expect: { status: 200 }\n`;
const fragment = (status: number) => `fragment: shared\nsteps:\n  - name: shared-read\n    request: { method: GET, path: /v1/cards }\n    expect: { status: ${status} }\n`;

/** Watches `dir` (changes debounced 50 ms) while `body` runs, then stops the watch and waits for it to end. */
async function whileWatching(dir: string, handlers: Pick<WatchOptions, 'onRun' | 'onLoadError'>, body: () => Promise<void>): Promise<void> {
  const stop = new AbortController();
  const watching = watchScenarios([dir], emulator, { signal: stop.signal, debounceMs: 50, ...handlers });
  try {
    await body();
  } finally {
    stop.abort();
    await watching;
  }
}

describe('run --watch (watchScenarios)', () => {
  it('runs every scenario, then only those a change touches: their own file, or a fragment they run; a file that stops loading runs nothing', async () => {
    const dir = scratchScenarios({
      '_fragments/shared.yaml': fragment(200),
      'a.yaml': scenario('scratch/a', 'A', 'setup: [shared]\n'),
      'sub/b.yaml': scenario('scratch/b', 'B'),
      'c.yaml': scenario('scratch/c', 'C', 'setup: [shared]\n'),
    });
    const runs: { ids: string[]; failed: number }[] = [];
    const loadErrors: ScenarioLoadError[] = [];
    const handlers: Pick<WatchOptions, 'onRun' | 'onLoadError'> = {
      onRun: (report) => {
        runs.push({ ids: report.scenarios.map((s) => s.id), failed: report.counts.failed });
      },
      onLoadError: (error) => loadErrors.push(error),
    };
    await whileWatching(dir, handlers, async () => {
      await waitFor(() => runs.length === 1, 'the first run');
      expect(runs[0]).toEqual({ ids: ['scratch/a', 'scratch/c', 'scratch/b'], failed: 0 });

      writeFileSync(join(dir, 'sub', 'b.yaml'), scenario('scratch/b', 'B, renamed'));
      await waitFor(() => runs.length === 2, 'the run after b.yaml changed');
      expect(runs[1]!.ids).toEqual(['scratch/b']);

      writeFileSync(join(dir, '_fragments', 'shared.yaml'), fragment(201));
      await waitFor(() => runs.length === 3, 'the run after the fragment changed');
      expect(runs[2]).toEqual({ ids: ['scratch/a', 'scratch/c'], failed: 2 });

      writeFileSync(join(dir, 'c.yaml'), 'id: scratch/c\ntitle: C\nsteps: []\n');
      await waitFor(() => loadErrors.length === 1, 'the load error');
      expect(loadErrors[0]!.problems[0]!.file).toMatch(/c\.yaml$/);
      expect(runs).toHaveLength(3);
    });
  });

  it('an edit made the moment the first run is reported (when the CLI prints "watching …") is seen and rerun', async () => {
    const dir = scratchScenarios({ 'w.yaml': scenario('scratch/w', 'W') });
    const titles: string[] = [];
    const handlers: Pick<WatchOptions, 'onRun' | 'onLoadError'> = {
      onRun: (report) => {
        titles.push(report.scenarios.map((s) => s.title).join());
        if (titles.length === 1) writeFileSync(join(dir, 'w.yaml'), scenario('scratch/w', 'W, edited'));
      },
      onLoadError: () => {},
    };
    await whileWatching(dir, handlers, async () => {
      await waitFor(() => titles.length === 2, 'the run after the edit');
      expect(titles).toEqual(['W', 'W, edited']);
    });
  });
});
