import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runLoadedScenarios, type RunOptions, type RunReport } from './runner.js';
import { loadScenarios, ScenarioLoadError } from './scenario/load.js';
import type { Scenario } from './scenario/schema.js';
import type { Target } from './targets/index.js';

export interface WatchOptions extends RunOptions {
  /** Stops watching, and cuts the run under way short (as `RunOptions.signal` does). */
  signal: AbortSignal;
  /** After each run: the first covers every scenario, later ones those the changed files touch. */
  onRun: (report: RunReport, changed: readonly string[]) => void | Promise<void>;
  /** Before a rerun: the files that changed and the scenarios they touch. */
  onChange?: (changed: readonly string[], rerun: readonly Scenario[]) => void;
  /** When a changed file does not load: nothing runs until the next change. */
  onLoadError: (error: ScenarioLoadError) => void;
  /** How long to wait for more changes after one (editors write a file in several steps). */
  debounceMs?: number;
}

const SCENARIO_FILE = /\.ya?ml$/;

/** The scenarios a change touches: a changed scenario file, or a changed fragment they run. */
function touched(scenarios: readonly Scenario[], changed: ReadonlySet<string>): Scenario[] {
  return scenarios.filter((s) => changed.has(resolve(s.file)) || s.stepLocations.some((l) => changed.has(resolve(l.file))));
}

/** A folder and every folder below it. */
function folderTree(folder: string): string[] {
  const below = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name !== 'node_modules');
  return [folder, ...below.flatMap((entry) => folderTree(join(folder, entry.name)))];
}

/**
 * `mono-contract run --watch`: runs the scenarios under `paths`, then reruns those a change to a
 * scenario or fragment file touches, on the same open target, until `signal` aborts.
 */
export async function watchScenarios(paths: readonly string[], target: Target, options: WatchOptions): Promise<void> {
  const load = () => loadScenarios(paths, options.grep ? { grep: options.grep } : {});
  const first = load();

  // The folders given, whole (new files included); the folder of each file given and of every fragment.
  const folders = new Map<string, boolean>();
  for (const file of first.flatMap((s) => s.stepLocations.map((l) => l.file))) folders.set(dirname(resolve(file)), false);
  for (const path of paths) {
    if (statSync(path).isDirectory()) folders.set(resolve(path), true);
    else folders.set(dirname(resolve(path)), folders.get(dirname(resolve(path))) ?? false);
  }
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  // The first run; each rerun waits for the one before it.
  let running: Promise<void> = (async () => options.onRun(await runLoadedScenarios(first, target, options), []))();
  const flush = () => {
    const changed = new Set(pending);
    pending.clear();
    running = running.then(async () => {
      if (options.signal.aborted) return;
      let scenarios: Scenario[];
      try {
        scenarios = load();
      } catch (error) {
        if (error instanceof ScenarioLoadError) return options.onLoadError(error);
        throw error;
      }
      const rerun = touched(scenarios, changed);
      if (rerun.length === 0) return;
      options.onChange?.([...changed], rerun);
      await options.onRun(await runLoadedScenarios(rerun, target, options), [...changed]);
    });
  };
  // One plain watch per folder (Node's recursive watch on Linux walks the tree asynchronously, and
  // an edit made meanwhile went unseen), set up while the first run goes on: its `onRun` says
  // "watching", and an edit made right after that line must be seen (it once was not, when the
  // watches were set up after the first run had been reported).
  const watched = new Set([...folders].flatMap(([folder, recursive]) => (recursive ? folderTree(folder) : [folder])));
  const watchers: FSWatcher[] = [...watched].map((folder) =>
    watch(folder, (_event, name) => {
      if (!name || !SCENARIO_FILE.test(name)) return;
      pending.add(resolve(folder, name.toString()));
      clearTimeout(timer);
      timer = setTimeout(flush, options.debounceMs ?? 150);
    }),
  );
  try {
    await running;
    if (!options.signal.aborted) await new Promise<void>((done) => options.signal.addEventListener('abort', () => done(), { once: true }));
  } finally {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  }
  await running;
}
