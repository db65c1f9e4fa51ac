#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { flagOf, parseArgsOptions, settingsFrom, usage } from './cli-options.js';
import { createEmulator, STOP_GRACE_MS } from './emulator.js';
import { emulatorOptionsSchema } from './options.js';

/** The settings argv and the environment give; range and shape errors (a port above 65535, a short key) are usage errors too. */
function readOptions(argv: string[], env: NodeJS.ProcessEnv) {
  const { values } = parseArgs({ args: argv, options: parseArgsOptions(), strict: true, allowPositionals: false });
  const { options, cli } = settingsFrom(values as Record<string, string | boolean | string[] | undefined>, env);
  const checked = emulatorOptionsSchema.safeParse(options);
  if (!checked.success) {
    // Named as the user named them: the flag and its twin, not the library's field.
    const problems = checked.error.issues.map((issue) => `${flagOf(String(issue.path[0])) ?? issue.path.join('.')}: ${issue.message}`);
    throw new Error(problems.join('\n'));
  }
  return { options, ...cli, help: values.help === true };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof readOptions>;
  try {
    parsed = readOptions(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`mono-emulator: ${(error as Error).message}\n\n${usage()}`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(usage());
    return;
  }
  // V8 flags set before the heap grows (the CLI owns its process; the library never sets them).
  // Under allocation-heavy traffic such as card creation, V8 lets the old generation grow to up
  // to 4x what is live; a factor of 1.5 took RSS at 100,000 cards from ~430 MB to ~250 MB at the
  // same create throughput. --low-memory keeps the heap closer still to what is live: ~160 MB,
  // for about a quarter less throughput (README: Benchmark).
  setFlagsFromString(parsed.lowMemory ? '--optimize-for-size' : '--heap-growing-percent=50');
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const emulator = await createEmulator({ ...parsed.options, ...(parsed.quiet ? {} : { logRequest: log }) }).catch((error: Error) => {
    process.stderr.write(`mono-emulator: ${error.message}\n`);
    process.exit(1);
  });
  const keys = emulator.apiKeys.join(', ');
  if (emulator.webhookSecret) log(`Webhooks go to ${parsed.options.webhookUrl}, signed with ${emulator.webhookSecret}`);
  // The ready line comes last: scripts wait for it, and everything above is printed by then.
  log(`Mono emulator ready at ${emulator.url} (API key${emulator.apiKeys.length > 1 ? 's' : ''}: ${keys}; clock: ${emulator.clock.mode})`);

  const shutdown = () => {
    if (!parsed.quiet) log(`Stopping: no new connections; requests and webhook attempts under way get ${STOP_GRACE_MS / 1000} s to finish.`);
    emulator.stop().then(
      ({ undelivered }) => {
        // Pending deliveries are reported even with --quiet: an event that never reached its receiver must not vanish silently.
        for (const d of undelivered) {
          log(`Webhook delivery ${d.id} (${d.eventType} to ${d.url}) not delivered: ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.lastOutcome ? `, last: ${d.lastOutcome}` : ''}`);
        }
        if (!parsed.quiet) log(`Stopped${undelivered.length ? `; ${undelivered.length} webhook deliveries not delivered` : ''}.`);
        process.exit(0);
      },
      (error: Error) => {
        process.stderr.write(`mono-emulator: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

await main();
