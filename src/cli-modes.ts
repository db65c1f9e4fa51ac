import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { plural } from './plural.js';
import type { RunOptions, RunReport } from './runner.js';
import type { ScenarioLoadError } from './scenario/load.js';
import type { SnapshotOutcome, SnapshotSession } from './snapshots/session.js';
import type { TargetSpec } from './targets/index.js';

/**
 * What `mono-contract run` adds to a plain run: snapshots (`--snapshot-update`,
 * `--snapshot-verify`, `--snapshots <dir>`), the parity ledger (`--ledger <file.md>`) and
 * `--watch`. Kept out of cli.ts so that the command's own code stays short; usage errors are
 * thrown as commander's InvalidArgumentError, which cli.ts turns into exit code 2, before the
 * harness is loaded (it is imported only once a run starts).
 */

export interface ModeFlags {
  snapshotUpdate?: boolean;
  snapshotVerify?: boolean;
  snapshots?: string;
  ledger?: string;
  watch?: boolean;
  reporter: string;
  out?: string;
  record?: string;
}

const OUTCOME_WORDS: Record<SnapshotOutcome['outcome'], string> = {
  written: 'written',
  unchanged: 'unchanged',
  'not-written': 'not written (the scenario failed)',
  verified: 'verified',
  drifted: 'drifted',
  missing: 'missing',
};

function snapshotSummary(outcomes: readonly SnapshotOutcome[]): string {
  const counts = new Map<string, number>();
  for (const { outcome } of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  const parts = (Object.keys(OUTCOME_WORDS) as SnapshotOutcome['outcome'][]).filter((o) => counts.has(o)).map((o) => `${counts.get(o)} ${OUTCOME_WORDS[o]}`);
  return `snapshots: ${parts.length ? parts.join(', ') : 'none (no scenario ran)'}`;
}

/** Refuses flags that do not go together; nothing is loaded or sent before this passes. */
export function checkModeFlags(flags: ModeFlags): void {
  if (flags.snapshotUpdate && flags.snapshotVerify) throw new InvalidArgumentError('give --snapshot-update or --snapshot-verify, not both');
  if (!flags.snapshotUpdate && !flags.snapshotVerify && (flags.snapshots || flags.ledger)) {
    throw new InvalidArgumentError(`${flags.snapshots ? '--snapshots' : '--ledger'} goes with --snapshot-update or --snapshot-verify`);
  }
  if (flags.snapshots && statSync(flags.snapshots, { throwIfNoEntry: false })?.isFile()) throw new InvalidArgumentError(`--snapshots takes a folder; ${flags.snapshots} is a file`);
  if (flags.ledger && !/\.md$/i.test(flags.ledger)) throw new InvalidArgumentError(`--ledger takes a Markdown file (its JSON twin is written beside it): ${flags.ledger}`);
  if (flags.watch && (flags.reporter !== 'console' || flags.out || flags.record)) throw new InvalidArgumentError('--watch reports on the console only: drop --reporter, --out and --record');
  // Checked before the run: a file there would make the run end in a crash, its results lost.
  if (flags.record && statSync(flags.record, { throwIfNoEntry: false })?.isFile()) throw new InvalidArgumentError(`--record takes a folder; ${flags.record} is a file`);
  if (flags.out && statSync(flags.out, { throwIfNoEntry: false })?.isDirectory()) throw new InvalidArgumentError(`--out takes a file; ${flags.out} is a folder`);
}

export interface SnapshotMode {
  options: { snapshots?: SnapshotSession };
  /** What became of the snapshots (and of the ledger), as lines for the console. */
  after: (report: RunReport) => Promise<string>;
}

/** The run's snapshot session, if any, and what to do once it has run (flags already checked). */
export async function snapshotMode(paths: readonly string[], flags: ModeFlags, grep: RegExp | undefined): Promise<SnapshotMode> {
  const mode = flags.snapshotUpdate ? 'update' : flags.snapshotVerify ? 'verify' : undefined;
  if (!mode) return { options: {}, after: async () => '' };
  const [{ SnapshotSession }, { loadScenarios }, { buildLedger, readLedger, writeLedger }] = await Promise.all([
    import('./snapshots/session.js'),
    import('./scenario/load.js'),
    import('./snapshots/ledger.js'),
  ]);
  const session = new SnapshotSession({ mode, ...(flags.snapshots ? { dir: flags.snapshots } : {}) });
  return {
    options: { snapshots: session },
    async after(report) {
      const lines = [snapshotSummary(session.outcomes)];
      // Every scenario under the paths, not only those a --grep kept: the ledger and stale files concern them all.
      const scenarios = loadScenarios(paths);
      if (mode === 'update' && !grep && !report.targetSkipped) {
        for (const file of session.removeStale(scenarios, paths)) lines.push(`removed ${file}: no scenario owns it any more`);
      }
      if (flags.ledger) {
        const ledger = buildLedger({
          folder: dirname(flags.ledger),
          scenarios,
          ...(flags.snapshots ? { dir: flags.snapshots } : {}),
          ...(readLedger(flags.ledger) ? { previous: readLedger(flags.ledger)! } : {}),
          run: { outcomes: session.outcomes, kind: report.target === 'sandbox' ? 'sandbox' : 'emulator', date: new Date().toISOString().slice(0, 10) },
        });
        writeLedger(flags.ledger, ledger);
        lines.push(`ledger: ${flags.ledger}`);
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

/**
 * `--watch`: one target opened for the whole session, the scenarios run, then rerun as their
 * files change, until Ctrl-C (exit 0).
 */
export async function watchMode(
  paths: readonly string[],
  spec: TargetSpec,
  options: RunOptions,
  print: { finish: (report: RunReport) => void; write: (text: string) => void },
  after: SnapshotMode['after'],
): Promise<number> {
  const [{ openTarget }, { watchScenarios }] = await Promise.all([import('./targets/index.js'), import('./watch.js')]);
  const target = await openTarget(spec);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await watchScenarios(paths, target, {
      ...options,
      signal: stop.signal,
      onChange: (changed, rerun) => print.write(`\n${changed.join(', ')} changed: running ${plural(rerun.length, 'scenario')} again\n`),
      onRun: async (report) => {
        print.finish(report);
        print.write(await after(report));
        print.write(`watching ${paths.join(', ')} for changes (Ctrl-C stops)\n`);
      },
      onLoadError: (error: ScenarioLoadError) => print.write(`mono-contract: nothing was sent. ${error.message}\n`),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await target.close();
  }
  return 0;
}
