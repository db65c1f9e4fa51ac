#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { createEmulator, STOP_GRACE_MS } from './emulator.js';
import { resolveEmulatorOptions, type EmulatorOptions } from './options.js';

/** Each flag, its environment twin, and its help line. argv and env are read here and nowhere else. */
const FLAGS = {
  port: { type: 'string', env: 'MONO_EMULATOR_PORT', help: 'TCP port (default 4010; 0 picks a free one)' },
  host: { type: 'string', env: 'MONO_EMULATOR_HOST', help: 'interface to bind (default 127.0.0.1)' },
  'api-key': {
    type: 'string',
    multiple: true,
    env: 'MONO_EMULATOR_API_KEYS',
    help: 'an API key, one tenant each; repeat for more (env: comma-separated). Default: one sandbox_… key from the seed',
  },
  seed: { type: 'string', env: 'MONO_EMULATOR_SEED', help: 'seed for ids, card numbers and demo data (default 20260101)' },
  'tokenization-latency': { type: 'string', env: 'MONO_EMULATOR_TOKENIZATION_LATENCY', help: 'milliseconds the Visa provisioning step takes (default 0)' },
  'idempotency-ttl': { type: 'string', env: 'MONO_EMULATOR_IDEMPOTENCY_TTL', help: 'seconds an X-Idempotency-Key answer is kept (default 86400)' },
  clock: { type: 'string', env: 'MONO_EMULATOR_CLOCK', help: '"system" (default) or "manual": time moves only via POST /_emulator/clock/advance' },
  'clock-speed': { type: 'string', env: 'MONO_EMULATOR_CLOCK_SPEED', help: 'how many times faster than real time the system clock runs (default 1)' },
  'webhook-url': { type: 'string', env: 'MONO_EMULATOR_WEBHOOK_URL', help: "a URL that receives every seeded tenant's webhooks" },
  'webhook-secret': { type: 'string', env: 'MONO_EMULATOR_WEBHOOK_SECRET', help: 'the whsec_… secret signing them (default: generated, printed once)' },
  'webhook-timeout': { type: 'string', env: 'MONO_EMULATOR_WEBHOOK_TIMEOUT', help: 'milliseconds a receiver has to answer (default 10000)' },
  'webhook-log-limit': {
    type: 'string',
    env: 'MONO_EMULATOR_WEBHOOK_LOG_LIMIT',
    help: 'finished webhook deliveries each tenant\'s delivery log keeps, newest first; pending ones are always kept (default 1000)',
  },
  quiet: { type: 'boolean', env: 'MONO_EMULATOR_QUIET', help: 'no request log lines' },
  'low-memory': {
    type: 'boolean',
    env: 'MONO_EMULATOR_LOW_MEMORY',
    help: "V8's --optimize-for-size: about 160 MB instead of about 250 MB at 100,000 cards, for about a quarter less throughput",
  },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
} as const;

function usage(): string {
  const lines = Object.entries(FLAGS).map(([name, flag]) => {
    const env = 'env' in flag ? `  [${flag.env}]` : '';
    return `  --${name}${flag.type === 'string' ? ' <value>' : ''}\n      ${flag.help}${env}`;
  });
  return `Usage: mono-emulator [options]\n\nRuns the Mono card-issuance emulator with seeded demo data.\n\nOptions:\n${lines.join('\n')}\n`;
}

/** A value and where it came from, so an error names the flag or the variable the user set. */
interface Setting {
  value: string;
  source: string;
}

function integer(setting: Setting | undefined): number | undefined {
  if (setting === undefined) return undefined;
  if (!/^\d+$/.test(setting.value)) throw new Error(`${setting.source} takes a whole number, not "${setting.value}"`);
  return Number(setting.value);
}

function switchedOn(setting: Setting | undefined): boolean {
  if (setting === undefined) return false;
  if (!/^(1|0|true|false|yes|no)$/i.test(setting.value)) throw new Error(`${setting.source} is 1/true/yes or 0/false/no, not "${setting.value}"`);
  return /^(1|true|yes)$/i.test(setting.value);
}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): { options: EmulatorOptions; quiet: boolean; lowMemory: boolean; help: boolean } {
  const { values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
  const fromEnv = (name: keyof typeof FLAGS): Setting | undefined => {
    const flag = FLAGS[name];
    const value = 'env' in flag ? env[flag.env] : undefined;
    return value === undefined || value === '' || !('env' in flag) ? undefined : { value, source: flag.env };
  };
  const setting = (
    name: 'port' | 'host' | 'seed' | 'tokenization-latency' | 'idempotency-ttl' | 'clock' | 'clock-speed' | 'webhook-url' | 'webhook-secret' | 'webhook-timeout' | 'webhook-log-limit',
  ): Setting | undefined => {
    const value = values[name];
    return value === undefined ? fromEnv(name) : { value, source: `--${name}` };
  };
  const keys = values['api-key'] ?? fromEnv('api-key')?.value.split(',').map((k) => k.trim()).filter(Boolean);
  const clock = setting('clock');
  if (clock && clock.value !== 'system' && clock.value !== 'manual') throw new Error(`${clock.source} is "system" or "manual", not "${clock.value}"`);
  const host = setting('host')?.value;
  const seed = integer(setting('seed'));
  const latency = integer(setting('tokenization-latency'));
  const ttl = integer(setting('idempotency-ttl'));
  const webhookTimeout = integer(setting('webhook-timeout'));
  const webhookLogLimit = integer(setting('webhook-log-limit'));
  const speedSetting = setting('clock-speed');
  const speed = speedSetting === undefined ? undefined : Number(speedSetting.value);
  if (speedSetting && !(speed! > 0)) throw new Error(`${speedSetting.source} takes a positive number, not "${speedSetting.value}"`);
  const webhookUrl = setting('webhook-url')?.value;
  const webhookSecret = setting('webhook-secret')?.value;
  const options: EmulatorOptions = {
    port: integer(setting('port')) ?? 4010,
    ...(host ? { host } : {}),
    ...(keys?.length ? { apiKeys: keys } : {}),
    ...(seed === undefined ? {} : { seed }),
    ...(latency === undefined ? {} : { tokenizationLatencyMs: latency }),
    ...(ttl === undefined ? {} : { idempotencyTtlSeconds: ttl }),
    ...(clock ? { clock: clock.value as 'system' | 'manual' } : {}),
    ...(speed === undefined ? {} : { clockSpeed: speed }),
    ...(webhookUrl ? { webhookUrl } : {}),
    ...(webhookSecret ? { webhookSecret } : {}),
    ...(webhookTimeout === undefined ? {} : { webhookTimeoutMs: webhookTimeout }),
    ...(webhookLogLimit === undefined ? {} : { webhookLogLimit }),
  };
  // Range and shape errors (a port above 65535, a short key) are usage errors too: exit 2.
  resolveEmulatorOptions(options);
  return { options, quiet: values.quiet ?? switchedOn(fromEnv('quiet')), lowMemory: values['low-memory'] ?? switchedOn(fromEnv('low-memory')), help: values.help ?? false };
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
