#!/usr/bin/env node
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { RunReport, ScenarioResult } from './runner.js';
import type { Target, TargetSpec } from './targets/index.js';

/**
 * `mono-contract run` and `mono-contract diff`. argv and the environment are read here and
 * nowhere else: the library takes everything as options. The library is imported only once a
 * command runs, so help and usage errors answer at once, without loading the contracts,
 * faker and the emulator.
 */

/** Kept here rather than imported from the sandbox target, for the help text (see above). */
const SANDBOX_BASE_URL = 'https://api.sandbox.cuentamono.com';

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const integer = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} takes a whole number`);
  return Number(value);
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

interface RunFlags {
  target: 'emulator' | 'url' | 'sandbox';
  baseUrl?: string;
  apiKey?: string[];
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
      return { target: 'url', baseUrl: flags.baseUrl, apiKeys: keys, ...webhookPort };
    case 'sandbox': {
      const value = (name: string) => (env[name] ? env[name] : undefined);
      const apiKey = keys[0] ?? value('MONO_SANDBOX_API_KEY');
      const secondApiKey = keys[1] ?? value('MONO_SANDBOX_SECOND_API_KEY');
      const webhookSecret = value('MONO_WEBHOOK_SECRET');
      return {
        target: 'sandbox',
        baseUrl: flags.baseUrl ?? value('MONO_SANDBOX_BASE_URL') ?? SANDBOX_BASE_URL,
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

async function run(paths: string[], flags: RunFlags): Promise<number> {
  let grep: RegExp | undefined;
  try {
    grep = flags.grep ? new RegExp(flags.grep) : undefined;
  } catch (error) {
    process.stderr.write(`mono-contract: --grep: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const spec = targetSpec(flags, process.env);
  const modes = await import('./cli-modes.js');
  modes.checkModeFlags(flags);
  const [{ consoleReporter }, { Recorder }, { runScenarios }, { ScenarioLoadError }] = await Promise.all([
    import('./reporters/console.js'),
    import('./drift/record.js'),
    import('./runner.js'),
    import('./scenario/load.js'),
  ]);
  const scenarioPaths = paths.length ? paths : ['scenarios'];
  const snapshots = await modes.snapshotMode(scenarioPaths, flags, grep);
  // Progress goes to stdout unless stdout carries a JUnit or JSON document.
  const progressStream = flags.reporter !== 'console' && !flags.out ? process.stderr : process.stdout;
  const progress = consoleReporter((text) => progressStream.write(text));
  const recorder = flags.record ? new Recorder() : undefined;
  let report: RunReport;
  try {
    const options = {
      ...(grep ? { grep } : {}),
      ...(flags.seed === undefined ? {} : { seed: flags.seed }),
      ...(recorder ? { recorder } : {}),
      ...snapshots.options,
      onScenarioEnd: (result: ScenarioResult, target: Target) => progress.onScenarioEnd(result, target),
    };
    if (flags.watch) return await modes.watchMode(scenarioPaths, spec, options, { finish: progress.finish, write: (text) => progressStream.write(text) }, snapshots.after);
    report = await runScenarios(scenarioPaths, spec, options);
  } catch (error) {
    if (error instanceof ScenarioLoadError) {
      process.stderr.write(`mono-contract: nothing was sent. ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  progress.finish(report);
  progressStream.write(await snapshots.after(report));
  if (flags.reporter !== 'console' || flags.out) {
    const document = await render(report, flags.reporter);
    if (flags.out) {
      mkdirSync(dirname(flags.out), { recursive: true });
      writeFileSync(flags.out, document);
    } else process.stdout.write(document);
  }
  if (recorder && flags.record) {
    const files = recorder.write(flags.record);
    progressStream.write(`recorded ${files.length} operation shapes in ${flags.record}\n`);
  }
  return report.counts.failed > 0 ? EXIT.failed : EXIT.ok;
}

async function diff(a: string, b: string, flags: { json?: boolean }): Promise<number> {
  const { diffRecordings, formatDifferences, readRecordings } = await import('./drift/diff.js');
  const missing = [a, b].filter((dir) => !statSync(dir, { throwIfNoEntry: false })?.isDirectory());
  if (missing.length > 0) {
    process.stderr.write(`mono-contract diff: not a folder of recordings: ${missing.join(', ')}\n`);
    return EXIT.usage;
  }
  const differences = diffRecordings(readRecordings(a), readRecordings(b));
  process.stdout.write(flags.json ? `${JSON.stringify(differences, null, 2)}\n` : formatDifferences(differences, { a, b }));
  return differences.length > 0 ? EXIT.failed : EXIT.ok;
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('mono-contract')
    .description('Runs contract scenarios against the Mono emulator or Mono\'s real sandbox')
    .exitOverride((error) => {
      // Help and version are not errors; everything commander refuses is a usage error.
      setExit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
      throw error;
    });
  program
    .command('run')
    .description('run scenario files (default: ./scenarios) against a target')
    .argument('[paths...]', 'scenario files or folders')
    .addOption(new Option('--target <target>', 'where to run').choices(['emulator', 'url', 'sandbox']).default('emulator'))
    .option('--base-url <url>', `the server for --target url (required) or sandbox (default ${SANDBOX_BASE_URL}, or MONO_SANDBOX_BASE_URL)`)
    .option('--api-key <key>', 'an API key; repeat for a second tenant (sandbox: default MONO_SANDBOX_API_KEY, MONO_SANDBOX_SECOND_API_KEY)', collect)
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
    .action(async (paths: string[], flags: RunFlags) => setExit(await run(paths, flags)));
  program
    .command('lint')
    .description('check scenario files against their schema and the contract (nothing is sent)')
    .argument('[paths...]', 'scenario files or folders (default: ./scenarios)')
    .action(async (paths: string[]) => setExit(await (await import('./lint/command.js')).lint(paths.length ? paths : ['scenarios'])));
  program
    .command('diff')
    .description('report shape differences between two --record folders, by operation and JSON path')
    .argument('<a>', 'a recording folder, e.g. of the emulator')
    .argument('<b>', 'another, e.g. of the sandbox')
    .option('--json', 'print the differences as JSON')
    .action(async (a: string, b: string, flags: { json?: boolean }) => setExit(await diff(a, b, flags)));
  return program;
}

let exitCode: number = EXIT.ok;
try {
  await buildProgram((code) => {
    exitCode = code;
  }).parseAsync(process.argv);
} catch (error) {
  if (error instanceof InvalidArgumentError) {
    process.stderr.write(`mono-contract: ${error.message}\n`);
    exitCode = EXIT.usage;
  } else if (!(error instanceof Error && 'exitCode' in error)) {
    process.stderr.write(`mono-contract: ${(error as Error).stack ?? String(error)}\n`);
    exitCode = EXIT.failed;
  }
}
process.exitCode = exitCode;
