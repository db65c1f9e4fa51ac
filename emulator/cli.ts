#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { npmKeptFlags, unknownFlagMessage, unknownVariableWarnings } from './cli-hints.js';
import { flagOf, parseArgsOptions, settingsFrom, usage } from './cli-options.js';
import { removePortFile, stopWhenNpmExits, writePortFile } from './cli-process.js';
import { createEmulator, STOP_GRACE_MS } from './emulator.js';
import { emulatorOptionsSchema } from './options.js';
import { packageVersion } from './version.js';

/** Exit codes: a usage error (a bad flag, a port in use) is 2, as for mono-contract. */
const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/** The settings argv and the environment give; range and shape errors (a port above 65535, a short key) are usage errors too. */
function readOptions(argv: string[], env: NodeJS.ProcessEnv) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: parseArgsOptions(), strict: true, allowPositionals: true });
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

async function main(): Promise<void> {
  const fail = (code: number, message: string): never => {
    process.stderr.write(`mono-emulator: ${message}\n`);
    process.exit(code);
  };
  let parsed: ReturnType<typeof readOptions>;
  try {
    parsed = readOptions(process.argv.slice(2), process.env);
  } catch (error) {
    return fail(EXIT.usage, `${(error as Error).message} (mono-emulator --help lists the options)`);
  }
  if (parsed.help) {
    process.stdout.write(usage());
    return;
  }
  if (parsed.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  for (const warning of unknownVariableWarnings(process.env)) process.stderr.write(`mono-emulator: warning: ${warning}\n`);
  // V8 flags set before the heap grows (the CLI owns its process; the library never sets them).
  // Under allocation-heavy traffic such as card creation, V8 lets the old generation grow to up
  // to 4x what is live; a factor of 1.5 took RSS at 100,000 cards from ~430 MB to ~250 MB at the
  // same create throughput. --low-memory keeps the heap closer still to what is live: ~120 MB,
  // for about a quarter less throughput (README: Benchmark).
  setFlagsFromString(parsed.lowMemory ? '--optimize-for-size' : '--heap-growing-percent=50');
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const emulator = await createEmulator({ ...parsed.options, ...(parsed.quiet ? {} : { logRequest: log }) }).catch((error: NodeJS.ErrnoException) => {
    const problem = listenProblem(error, parsed.options.port, parsed.options.host ?? '127.0.0.1');
    return problem ? fail(EXIT.usage, problem) : fail(EXIT.failed, error.message);
  });
  const port = Number(new URL(emulator.url).port);
  if (parsed.portFile) {
    try {
      writePortFile(parsed.portFile, port);
    } catch (error) {
      await emulator.stop();
      fail(EXIT.usage, `--port-file ${parsed.portFile}: ${(error as Error).message}`);
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
      pid: process.pid,
    };
    log(JSON.stringify(ready));
  } else {
    if (emulator.webhookSecret) log(`Webhooks go to ${parsed.options.webhookUrl}, signed with ${emulator.webhookSecret}`);
    log(
      `Mono emulator ready at ${emulator.url} (API key${emulator.apiKeys.length > 1 ? 's' : ''}: ${keys}; clock: ${emulator.clock.mode}); dashboard: ${emulator.dashboardUrl}${warning ? ` WARNING: ${warning}` : ''}`,
    );
  }

  let stopping = false;
  const shutdown = (why: string) => {
    if (stopping) return;
    stopping = true;
    if (!parsed.quiet) log(`Stopping (${why}): no new connections; requests and webhook attempts under way get ${STOP_GRACE_MS / 1000} s to finish.`);
    emulator.stop().then(
      ({ undelivered }) => {
        if (parsed.portFile) removePortFile(parsed.portFile);
        // Pending deliveries are reported even with --quiet: an event that never reached its receiver must not vanish silently.
        for (const d of undelivered) {
          log(`Webhook delivery ${d.id} (${d.eventType} to ${d.url}) not delivered: ${plural(d.attempts, 'attempt')}${d.lastOutcome ? `, last: ${d.lastOutcome}` : ''}`);
        }
        if (!parsed.quiet) log(`Stopped${undelivered.length ? `; ${plural(undelivered.length, 'webhook delivery', 'webhook deliveries')} not delivered` : ''}.`);
        process.exit(EXIT.ok);
      },
      (error: Error) => fail(EXIT.failed, error.message),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  stopWhenNpmExits(process.env, () => shutdown('the npm process that started it has exited'));
}

await main();
