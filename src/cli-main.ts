import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Answer, SentRequest } from './http.js';
import { plural } from './plural.js';
import type { RunReport, ScenarioResult } from './runner.js';
import type { Scenario } from './scenario/schema.js';
import { checkBaseUrl } from './targets/checks.js';
import type { Target, TargetSpec } from './targets/index.js';
import { UsageError } from './usage-error.js';

/**
 * `mono-contract run`, `lint` and `diff`. argv and the environment are read here and nowhere
 * else: the library takes everything as options. The library is imported only once a command
 * runs, so help and usage errors answer at once, without loading the contracts, faker and the
 * emulator. What it reads and writes goes through `ContractCliIo`: the bin (src/cli.ts) gives it
 * its process's; the test suite runs it in its own.
 */

/** Where the command writes: a stream's `write`, whether it is a terminal (for colour), and its width (for help). */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** The signals an interrupt comes by: the process, in the bin. */
export interface Signals {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface ContractCliIo {
  /** The arguments after the command's name. */
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: Output;
  stderr: Output;
  signals: Signals;
  /** Ends everything at once with this code (a second interrupt). */
  exitNow(code: number): void;
}

/** Kept here rather than imported from the sandbox target, for the help text (see above). */
const SANDBOX_BASE_URL = 'https://api.sandbox.cuentamono.com';

/** 130 and 143 are what a shell reports for a process killed by SIGINT and SIGTERM: an interrupted run says so. */
const EXIT = { ok: 0, failed: 1, usage: 2, SIGINT: 130, SIGTERM: 143 } as const;

const integer = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} takes a whole number`);
  return Number(value);
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

interface RunFlags {
  target: 'emulator' | 'url' | 'sandbox';
  baseUrl?: string;
  apiKey?: string[];
  adminToken?: string;
  grep?: string;
  reporter: 'console' | 'junit' | 'json';
  out?: string;
  record?: string;
  webhookPort?: number;
  seed?: number;
  snapshotUpdate?: boolean;
  snapshotVerify?: boolean;
  snapshots?: string;
  ledger?: string;
  watch?: boolean;
  allowSkip?: boolean;
  bail?: boolean;
  list?: boolean;
  verbose?: boolean;
}

function targetSpec(flags: RunFlags, env: NodeJS.ProcessEnv): TargetSpec {
  const keys = flags.apiKey ?? [];
  const webhookPort = flags.webhookPort === undefined ? {} : { webhookPort: flags.webhookPort };
  switch (flags.target) {
    case 'emulator':
      if (flags.baseUrl) throw new InvalidArgumentError('--base-url is for --target url or sandbox; the emulator target starts its own');
      return { target: 'emulator', ...(keys.length ? { emulator: { apiKeys: keys } } : {}), ...webhookPort };
    case 'url':
      if (!flags.baseUrl) throw new InvalidArgumentError('--target url needs --base-url (the emulator prints it when it starts)');
      const adminToken = flags.adminToken ?? (env.MONO_EMULATOR_ADMIN_TOKEN || undefined);
      return { target: 'url', baseUrl: checkBaseUrl(flags.baseUrl), apiKeys: keys, ...(adminToken ? { adminToken } : {}), ...webhookPort };
    case 'sandbox': {
      const value = (name: string) => (env[name] ? env[name] : undefined);
      const apiKey = keys[0] ?? value('MONO_SANDBOX_API_KEY');
      const secondApiKey = keys[1] ?? value('MONO_SANDBOX_SECOND_API_KEY');
      const webhookSecret = value('MONO_WEBHOOK_SECRET');
      return {
        target: 'sandbox',
        baseUrl: checkBaseUrl(flags.baseUrl ?? value('MONO_SANDBOX_BASE_URL') ?? SANDBOX_BASE_URL),
        ...(apiKey ? { apiKey } : {}),
        ...(secondApiKey ? { secondApiKey } : {}),
        ...(webhookSecret ? { webhookSecret } : {}),
        ...webhookPort,
      };
    }
  }
}

async function render(report: RunReport, reporter: RunFlags['reporter']): Promise<string> {
  if (reporter === 'junit') return (await import('./reporters/junit.js')).renderJunit(report);
  if (reporter === 'json') return (await import('./reporters/json.js')).renderJson(report);
  return (await import('./reporters/console.js')).renderConsole(report);
}

/** Colour and compact diffs on a terminal; plain text in CI, in a file, or with NO_COLOR set (no-color.org). */
function wantsColour(stream: Output, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/** Why nothing was selected, and what to do: a run that tests nothing must not pass. */
function nothingSelected(paths: readonly string[], loaded: number, grep: RegExp | undefined): string {
  if (loaded === 0) return `no scenario files in ${paths.join(', ')} (scenario files are *.yaml, outside _fragments folders)`;
  return `--grep ${grep!.source} matches none of the ${plural(loaded, 'scenario')} in ${paths.join(', ')} (it matches ids, titles and tags; --list shows them)`;
}

function listLine(scenario: Scenario): string {
  const needs = scenario.requires.length ? `; needs ${scenario.requires.join(', ')}` : '';
  return `${scenario.id} — ${scenario.title} [${scenario.targets.join(', ')}${needs}] ${scenario.file}\n`;
}

/** `--verbose`: each request and its answer, keys cut to their last four characters, card numbers masked, non-JSON bodies by size only. */
async function exchangePrinter(write: (text: string) => void) {
  const [{ maskDeep, maskHeaders }, { show }] = await Promise.all([import('./mask.js'), import('./matchers.js')]);
  return (request: SentRequest, answer: Answer) => {
    const lines = [`  → ${request.method} ${request.url}`, `    headers ${JSON.stringify(maskHeaders(request.headers))}`];
    if (request.body !== undefined) lines.push(`    body ${JSON.stringify(maskDeep(request.body))}`);
    const json = answer.body !== undefined && typeof answer.body !== 'string';
    const body = answer.text === '' ? '' : json ? ` ${show(maskDeep(answer.body), 4000)}` : ` (${answer.text.length} characters of ${answer.headers['content-type'] ?? 'text'})`;
    lines.push(`  ← ${answer.status} in ${Math.round(answer.durationMs)} ms${body}`);
    write(`${lines.join('\n')}\n`);
  };
}

/**
 * SIGINT and SIGTERM during a run abort it (no request is sent after; the target is closed,
 * undoing what the run registered) and the partial report is written; a second signal exits at once.
 */
function interruptOnSignals(io: ContractCliIo): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = () => {
      if (controller.signal.aborted) io.exitNow(EXIT[name]);
      io.stderr.write(`\nmono-contract: ${name}: stopping after the request under way; ${name} again stops at once\n`);
      controller.abort(name);
    };
    io.signals.on(name, handler);
    return () => io.signals.off(name, handler);
  });
  return { signal: controller.signal, dispose: () => handlers.forEach((off) => off()) };
}

async function run(paths: string[], flags: RunFlags, io: ContractCliIo): Promise<number> {
  let grep: RegExp | undefined;
  try {
    grep = flags.grep ? new RegExp(flags.grep) : undefined;
  } catch (error) {
    throw new UsageError(`--grep: ${(error as Error).message}`);
  }
  const spec = targetSpec(flags, io.env);
  const modes = await import('./cli-modes.js');
  modes.checkModeFlags(flags);
  const [{ consoleReporter }, { Recorder }, { runLoadedScenarios }, { loadScenarios, matchesGrep }] = await Promise.all([
    import('./reporters/console.js'),
    import('./drift/record.js'),
    import('./runner.js'),
    import('./scenario/load.js'),
  ]);
  const scenarioPaths = paths.length ? paths : ['scenarios'];
  const loaded = loadScenarios(scenarioPaths);
  const selected = grep ? loaded.filter((scenario) => matchesGrep(scenario, grep)) : loaded;
  if (selected.length === 0) throw new UsageError(nothingSelected(scenarioPaths, loaded.length, grep));
  if (flags.list) {
    for (const scenario of selected) io.stdout.write(listLine(scenario));
    io.stdout.write(`${plural(selected.length, 'scenario')}\n`);
    return EXIT.ok;
  }
  const snapshots = await modes.snapshotMode(scenarioPaths, flags, grep);
  // Progress goes to stdout unless stdout carries a JUnit or JSON document.
  const progressStream = flags.reporter !== 'console' && !flags.out ? io.stderr : io.stdout;
  const write = (text: string) => void progressStream.write(text);
  const progress = consoleReporter(write, { colour: wantsColour(progressStream, io.env) });
  const recorder = flags.record ? new Recorder() : undefined;
  const options = {
    ...(grep ? { grep } : {}),
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
    ...(recorder ? { recorder } : {}),
    ...(flags.bail ? { bail: true } : {}),
    ...(flags.verbose ? { onExchange: await exchangePrinter(write) } : {}),
    ...snapshots.options,
    onScenarioEnd: (result: ScenarioResult, target: Target) => progress.onScenarioEnd(result, target),
  };
  if (flags.watch) return modes.watchMode(scenarioPaths, spec, options, { finish: progress.finish, write }, snapshots.after, io.signals);
  const interrupt = interruptOnSignals(io);
  let report: RunReport;
  try {
    report = await runLoadedScenarios(selected, spec, { ...options, signal: interrupt.signal });
  } finally {
    interrupt.dispose();
  }
  progress.finish(report);
  const interrupted = interrupt.signal.aborted ? (interrupt.signal.reason as 'SIGINT' | 'SIGTERM') : undefined;
  if (!interrupted) write(await snapshots.after(report));
  if (flags.reporter !== 'console' || flags.out) {
    const document = await render(report, flags.reporter);
    if (flags.out) {
      mkdirSync(dirname(flags.out), { recursive: true });
      writeFileSync(flags.out, document);
    } else io.stdout.write(document);
  }
  if (recorder && flags.record) {
    // A partial recording would drop the files of the operations the run did not reach.
    if (interrupted) write(`recordings not written to ${flags.record}: the run was interrupted\n`);
    else write(`recorded ${plural(recorder.write(flags.record).length, 'operation shape')} in ${flags.record}\n`);
  }
  if (interrupted) return EXIT[interrupted];
  if (report.counts.failed > 0) return EXIT.failed;
  const { total, skipped } = report.counts;
  // Mono's sandbox without a key is documented to skip as a whole (a CI job without the secret).
  const skipExpected = flags.allowSkip || (report.target === 'sandbox' && report.targetSkipped !== undefined);
  if (total > 0 && skipped === total && !skipExpected) {
    write(`all ${plural(total, 'scenario')} skipped: nothing was tested, which fails the run (pass --allow-skip if that is what you want)\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

async function diff(a: string, b: string, flags: { json?: boolean }, io: ContractCliIo): Promise<number> {
  const { diffRecordings, formatDifferences, readRecordings } = await import('./drift/diff.js');
  const differences = diffRecordings(readRecordings(a), readRecordings(b));
  io.stdout.write(flags.json ? `${JSON.stringify(differences, null, 2)}\n` : formatDifferences(differences, { a, b }));
  return differences.length > 0 ? EXIT.failed : EXIT.ok;
}

function buildProgram(io: ContractCliIo, setExit: (code: number) => void): Command {
  const program = new Command('mono-contract')
    .description('Runs contract scenarios against the Mono emulator or Mono\'s real sandbox')
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      // A terminal's width, else commander's 80 columns.
      getOutHelpWidth: () => (io.stdout.isTTY && io.stdout.columns) || 80,
      getErrHelpWidth: () => (io.stderr.isTTY && io.stderr.columns) || 80,
    })
    .exitOverride((error) => {
      // Help and version are not errors; everything commander refuses is a usage error.
      setExit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
      throw error;
    })
    .option('-v, --version', 'print the version');
  program
    .command('run')
    .description('run scenario files (default: ./scenarios) against a target')
    .argument('[paths...]', 'scenario files or folders')
    .addOption(new Option('--target <target>', 'where to run').choices(['emulator', 'url', 'sandbox']).default('emulator'))
    .option('--base-url <url>', `the server for --target url (required) or sandbox (default ${SANDBOX_BASE_URL}, or MONO_SANDBOX_BASE_URL)`)
    .option(
      '--api-key <key>',
      'an API key; repeat for a second tenant (url: default, two tenants made for the run and removed after it; sandbox: default MONO_SANDBOX_API_KEY, MONO_SANDBOX_SECOND_API_KEY)',
      collect,
    )
    .option('--admin-token <token>', "url: the emulator's admin token, to make the run's tenants where it asks for one (default MONO_EMULATOR_ADMIN_TOKEN)")
    .option('--grep <regex>', 'only scenarios whose id, title or a tag matches')
    .addOption(new Option('--reporter <reporter>', 'output format').choices(['console', 'junit', 'json']).default('console'))
    .option('--out <file>', 'write the report there instead of stdout')
    .option('--record <dir>', 'write the normalized shape of every answer there, one file per operation and status')
    .option('--webhook-port <port>', 'port of the local webhook receiver (sandbox: the port you expose and register in Mono\'s dashboard)', integer('--webhook-port'))
    .option('--seed <n>', 'seed of ${faker.…} data (default 20260101)', integer('--seed'))
    .option('--snapshot-update', 'record every scenario that passes into its snapshot (beside the scenario, or in --snapshots)')
    .option('--snapshot-verify', 'compare every answer with the scenario\'s snapshot: a difference is a parity failure')
    .option('--snapshots <dir>', 'keep snapshots in this folder (<dir>/<scenario id>.snapshot.json) rather than beside the scenarios')
    .option('--ledger <file.md>', 'with snapshots: update the parity ledger there (and its .json twin)')
    .option('--watch', 'run again the scenarios a change to their files touches, until Ctrl-C')
    .option('--allow-skip', 'pass a run whose scenarios were all skipped (by default it fails: nothing was tested)')
    .option('--bail', 'stop at the first failing scenario')
    .option('--list', 'list the scenarios the paths and --grep select, and send nothing')
    .option('--verbose', 'print each request and answer (API keys cut to their last four characters, card numbers masked)')
    .action(async (paths: string[], flags: RunFlags) => setExit(await run(paths, flags, io)));
  program
    .command('lint')
    .description('check scenario files against their schema and the contract (nothing is sent)')
    .argument('[paths...]', 'scenario files or folders (default: ./scenarios)')
    .action(async (paths: string[]) => setExit(await (await import('./lint/command.js')).lint(paths.length ? paths : ['scenarios'], io)));
  program
    .command('diff')
    .description('report shape differences between two --record folders, by operation and JSON path (exit 2 when either is not one)')
    .argument('<a>', 'a recording folder, e.g. of the emulator')
    .argument('<b>', 'another, e.g. of the sandbox')
    .option('--json', 'print the differences as JSON')
    .action(async (a: string, b: string, flags: { json?: boolean }) => setExit(await diff(a, b, flags, io)));
  return program;
}

/** Runs the command `io.argv` names; resolves with its exit code. */
export async function runContractCli(io: ContractCliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  try {
    // Answered before commander: the version is read with the emulator's entry, loaded only for this.
    if (io.argv[0] === '--version' || io.argv[0] === '-v') {
      io.stdout.write(`${(await import('../emulator/version.js')).packageVersion()}\n`);
    } else {
      await buildProgram(io, (code) => {
        exitCode = code;
      }).parseAsync([...io.argv], { from: 'user' });
    }
  } catch (error) {
    const { ScenarioLoadError } = await import('./scenario/load.js');
    if (error instanceof InvalidArgumentError || error instanceof UsageError) {
      io.stderr.write(`mono-contract: ${error.message}\n`);
      exitCode = EXIT.usage;
    } else if (error instanceof ScenarioLoadError) {
      io.stderr.write(`mono-contract: nothing was sent. ${error.message}\n`);
      exitCode = EXIT.usage;
    } else if (!(error instanceof Error && 'exitCode' in error)) {
      io.stderr.write(`mono-contract: ${(error as Error).stack ?? String(error)}\n`);
      exitCode = EXIT.failed;
    }
  }
  return exitCode;
}
