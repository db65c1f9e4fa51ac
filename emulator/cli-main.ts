import { parseArgs } from 'node:util';
import { npmKeptFlags, unknownFlagMessage, unknownVariableWarnings } from './cli-hints.js';
import { flagOf, parseArgsOptions, settingsFrom, usage } from './cli-options.js';
import { removePortFile, writePortFile } from './cli-process.js';
import { createEmulator, STOP_GRACE_MS, type Emulator } from './emulator.js';
import { emulatorOptionsSchema } from './options.js';
import { packageVersion } from './version.js';

/**
 * What `mono-emulator` does, apart from the process it runs in: it reads its arguments and
 * environment and writes its output through `CliIo`, and leaves signals and exiting to its
 * caller (emulator/cli.ts for the bin; the test suite runs it in its own process).
 */

/** Exit codes: a usage error (a bad flag, a port in use) is 2, as for mono-contract. */
const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface CliIo {
  /** The arguments after the command's name. */
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Called once the options are read, before the emulator is made (the bin tunes V8's heap there). */
  beforeStart?(settings: { lowMemory: boolean }): void;
  /** The process id the ready JSON reports. */
  pid: number;
}

/** A started emulator, until `stop`. */
export interface RunningCli {
  emulator: Emulator;
  /** Stops as a signal does: reports what was not delivered, and resolves with the exit code. Later calls get the first one's answer. */
  stop(why: string): Promise<number>;
}

/** The command finished (help, version, a usage error, a failure to start) with this code, or it runs. */
export type CliOutcome = { exitCode: number } | { running: RunningCli };

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/** The settings argv and the environment give; range and shape errors (a port above 65535, a short key) are usage errors too. */
function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: parseArgsOptions(), strict: true, allowPositionals: true });
  } catch (error) {
    throw new Error(unknownFlagMessage(error as Error) ?? (error as Error).message);
  }
  const { values, positionals } = parsed;
  const npmHint = npmKeptFlags(env, positionals);
  if (npmHint) throw new Error(npmHint);
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}": the emulator takes options only (e.g. --port 4011)`);
  const { options, cli } = settingsFrom(values as Record<string, string | boolean | string[] | undefined>, env);
  const checked = emulatorOptionsSchema.safeParse(options);
  if (!checked.success) {
    // Named as the user named them: the flag and its twin, not the library's field.
    const problems = checked.error.issues.map((issue) => `${flagOf(String(issue.path[0])) ?? issue.path.join('.')}: ${issue.message}`);
    throw new Error(problems.join('; '));
  }
  return { options, ...cli, help: values.help === true, version: values.version === true };
}

/** One line for a failure to listen that the user fixes with a flag; undefined for anything else. */
function listenProblem(error: NodeJS.ErrnoException & { port?: number; address?: string }, port: number | undefined, host: string): string | undefined {
  const where = `${host}:${error.port ?? port}`;
  if (error.code === 'EADDRINUSE') {
    return `port ${error.port ?? port} on ${host} is in use (another emulator still running?): pick another with --port <n> (MONO_EMULATOR_PORT), or --port 0 for a free one`;
  }
  if (error.code === 'EACCES') return `not allowed to listen on ${where} (ports below 1024 need privileges): pick another with --port <n>, or --port 0 for a free one`;
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return `cannot listen on ${where}: no such interface here; check --host (MONO_EMULATOR_HOST)`;
  return undefined;
}

export async function runEmulatorCli(io: CliIo): Promise<CliOutcome> {
  const fail = (exitCode: number, message: string): CliOutcome => {
    io.stderr(`mono-emulator: ${message}\n`);
    return { exitCode };
  };
  let parsed: ReturnType<typeof readOptions>;
  try {
    parsed = readOptions(io.argv, io.env);
  } catch (error) {
    return fail(EXIT.usage, `${(error as Error).message} (mono-emulator --help lists the options)`);
  }
  if (parsed.help) {
    io.stdout(usage());
    return { exitCode: EXIT.ok };
  }
  if (parsed.version) {
    io.stdout(`${packageVersion()}\n`);
    return { exitCode: EXIT.ok };
  }
  for (const warning of unknownVariableWarnings(io.env)) io.stderr(`mono-emulator: warning: ${warning}\n`);
  io.beforeStart?.({ lowMemory: parsed.lowMemory });
  const log = (line: string) => io.stdout(`${line}\n`);
  let emulator: Emulator;
  try {
    emulator = await createEmulator({ ...parsed.options, ...(parsed.quiet ? {} : { logRequest: log }) });
  } catch (error) {
    const problem = listenProblem(error as NodeJS.ErrnoException, parsed.options.port, parsed.options.host ?? '127.0.0.1');
    return problem ? fail(EXIT.usage, problem) : fail(EXIT.failed, (error as Error).message);
  }
  const port = Number(new URL(emulator.url).port);
  if (parsed.portFile) {
    try {
      writePortFile(parsed.portFile, port);
    } catch (error) {
      await emulator.stop();
      return fail(EXIT.usage, `--port-file ${parsed.portFile}: ${(error as Error).message}`);
    }
  }
  const keys = emulator.apiKeys.join(', ');
  // Beyond loopback any neighbour reaches the port: the ready line itself says so, and what guards calls on every tenant.
  const warning = emulator.loopbackOnly
    ? undefined
    : parsed.options.adminToken
      ? 'listening beyond loopback: calls on every tenant need the admin token.'
      : 'listening beyond loopback without --admin-token: calls on every tenant are refused.';
  // The ready line comes last: scripts wait for it, and everything above is printed by then.
  if (parsed.readyJson) {
    const ready = {
      url: emulator.url,
      dashboardUrl: emulator.dashboardUrl,
      port,
      apiKeys: emulator.apiKeys,
      clock: emulator.clock.mode,
      ...(emulator.webhookSecret ? { webhookUrl: parsed.options.webhookUrl, webhookSecret: emulator.webhookSecret } : {}),
      ...(warning ? { warning } : {}),
      pid: io.pid,
    };
    log(JSON.stringify(ready));
  } else {
    if (emulator.webhookSecret) log(`Webhooks go to ${parsed.options.webhookUrl}, signed with ${emulator.webhookSecret}`);
    log(
      `Mono emulator ready at ${emulator.url} (API key${emulator.apiKeys.length > 1 ? 's' : ''}: ${keys}; clock: ${emulator.clock.mode}); dashboard: ${emulator.dashboardUrl}${warning ? ` WARNING: ${warning}` : ''}`,
    );
  }

  let stopped: Promise<number> | undefined;
  const stop = (why: string): Promise<number> =>
    (stopped ??= (async () => {
      if (!parsed.quiet) log(`Stopping (${why}): no new connections; requests and webhook attempts under way get ${STOP_GRACE_MS / 1000} s to finish.`);
      try {
        const { undelivered } = await emulator.stop();
        if (parsed.portFile) removePortFile(parsed.portFile);
        // Pending deliveries are reported even with --quiet: an event that never reached its receiver must not vanish silently.
        for (const d of undelivered) {
          log(`Webhook delivery ${d.id} (${d.eventType} to ${d.url}) not delivered: ${plural(d.attempts, 'attempt')}${d.lastOutcome ? `, last: ${d.lastOutcome}` : ''}`);
        }
        if (!parsed.quiet) log(`Stopped${undelivered.length ? `; ${plural(undelivered.length, 'webhook delivery', 'webhook deliveries')} not delivered` : ''}.`);
        return EXIT.ok;
      } catch (error) {
        io.stderr(`mono-emulator: ${(error as Error).message}\n`);
        return EXIT.failed;
      }
    })());
  return { running: { emulator, stop } };
}
