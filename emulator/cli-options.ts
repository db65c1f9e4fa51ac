import { FAULT_SPEC_SYNTAX } from './fault-spec.js';
import type { EmulatorOptions } from './options.js';

/** How a flag's text becomes a value. */
type Kind =
  /** A whole decimal number. */
  | 'integer'
  /** A positive number, decimals allowed. */
  | 'decimal'
  | 'text'
  /** One of `choices`. */
  | 'choice'
  /** Repeatable flag; its environment twin is comma-separated. */
  | 'list'
  /** A flag without a value; its environment twin is 1/true/yes or 0/false/no. */
  | 'switch';

/** What only the CLI does with a setting (the library leaves the process to its owner). */
export interface CliOnlySettings {
  quiet: boolean;
  lowMemory: boolean;
  portFile?: string;
  readyJson: boolean;
}

/** One row: a flag, its environment twin, and the library option (or CLI-only setting) it sets. */
export interface OptionRow {
  flag: string;
  env: string;
  kind: Kind;
  choices?: readonly string[];
  /** The `createEmulator` option it sets; absent for what only the CLI does. */
  option?: keyof EmulatorOptions;
  cliOnly?: keyof CliOnlySettings;
  help: string;
}

/**
 * Every setting of the CLI, once: the flags, their environment twins, the usage text and the
 * error messages all come from this table, so a new setting is one row.
 */
export const OPTION_TABLE: readonly OptionRow[] = [
  { flag: 'port', env: 'MONO_EMULATOR_PORT', kind: 'integer', option: 'port', help: 'TCP port (default 4010; 0 picks a free one)' },
  { flag: 'host', env: 'MONO_EMULATOR_HOST', kind: 'text', option: 'host', help: 'interface to bind (default 127.0.0.1)' },
  {
    flag: 'api-key',
    env: 'MONO_EMULATOR_API_KEYS',
    kind: 'list',
    option: 'apiKeys',
    help: 'an API key, one tenant each; repeat for more (env: comma-separated). Default: one sandbox_… key from the seed',
  },
  {
    flag: 'any-key',
    env: 'MONO_EMULATOR_ANY_KEY',
    kind: 'switch',
    option: 'anyKey',
    help: 'any unknown sandbox_… key opens a fresh tenant on first use (default off: an unknown key is a 401, as on Mono)',
  },
  {
    flag: 'admin-token',
    env: 'MONO_EMULATOR_ADMIN_TOKEN',
    kind: 'text',
    option: 'adminToken',
    help: 'token (Authorization: Bearer) for calls on every tenant: reset or clock move without a key, making and removing tenants. Needed for them beyond loopback',
  },
  {
    flag: 'max-tenants',
    env: 'MONO_EMULATOR_MAX_TENANTS',
    kind: 'integer',
    option: 'maxTenants',
    help: 'tenants that may exist at once, start-up ones included (default 1000)',
  },
  { flag: 'seed', env: 'MONO_EMULATOR_SEED', kind: 'integer', option: 'seed', help: 'seed for ids, card numbers and demo data (default 20260101)' },
  {
    flag: 'tokenization-latency',
    env: 'MONO_EMULATOR_TOKENIZATION_LATENCY',
    kind: 'integer',
    option: 'tokenizationLatencyMs',
    help: 'milliseconds the Visa provisioning step takes (default 0)',
  },
  {
    flag: 'idempotency-ttl',
    env: 'MONO_EMULATOR_IDEMPOTENCY_TTL',
    kind: 'integer',
    option: 'idempotencyTtlSeconds',
    help: 'seconds an X-Idempotency-Key answer is kept (default 86400)',
  },
  {
    flag: 'authorization-expiry',
    env: 'MONO_EMULATOR_AUTHORIZATION_EXPIRY',
    kind: 'integer',
    option: 'authorizationExpiryDays',
    help: 'days an approved card authorization waits for settlement before it is released and reversed, 1-365 (default 7)',
  },
  {
    flag: 'clock',
    env: 'MONO_EMULATOR_CLOCK',
    kind: 'choice',
    choices: ['system', 'manual'],
    option: 'clock',
    help: '"system" (default) or "manual": time moves only via POST /_emulator/clock/advance',
  },
  {
    flag: 'clock-speed',
    env: 'MONO_EMULATOR_CLOCK_SPEED',
    kind: 'decimal',
    option: 'clockSpeed',
    help: 'how many times faster than real time the system clock runs (default 1)',
  },
  { flag: 'webhook-url', env: 'MONO_EMULATOR_WEBHOOK_URL', kind: 'text', option: 'webhookUrl', help: "a URL that receives every seeded tenant's webhooks" },
  {
    flag: 'webhook-secret',
    env: 'MONO_EMULATOR_WEBHOOK_SECRET',
    kind: 'text',
    option: 'webhookSecret',
    help: 'the whsec_… secret signing them (default: generated, printed once)',
  },
  {
    flag: 'webhook-emulator-events',
    env: 'MONO_EMULATOR_WEBHOOK_EMULATOR_EVENTS',
    kind: 'switch',
    option: 'webhookEmulatorEvents',
    help: "also send the emulator's own card_created and card_state_changed events (Mono sends neither) to --webhook-url",
  },
  {
    flag: 'webhook-timeout',
    env: 'MONO_EMULATOR_WEBHOOK_TIMEOUT',
    kind: 'integer',
    option: 'webhookTimeoutMs',
    help: 'milliseconds a receiver has to answer (default 10000)',
  },
  {
    flag: 'webhook-log-limit',
    env: 'MONO_EMULATOR_WEBHOOK_LOG_LIMIT',
    kind: 'integer',
    option: 'webhookLogLimit',
    help: "finished webhook deliveries each tenant's delivery log keeps, newest first; pending ones are always kept (default 1000)",
  },
  {
    flag: 'strict',
    env: 'MONO_EMULATOR_STRICT',
    kind: 'switch',
    option: 'strict',
    help: 'refuse what Mono lets through (unknown body fields, integer strings, an empty or shared X-Idempotency-Key) instead of warning',
  },
  {
    flag: 'fault',
    env: 'MONO_EMULATOR_FAULTS',
    kind: 'list',
    option: 'faults',
    help: `an API fault rule for every tenant, e.g. createBankingCard:503:next=2 or *:latency=200; repeat for more (env: comma-separated). Syntax: ${FAULT_SPEC_SYNTAX}`,
  },
  {
    flag: 'rate-limit',
    env: 'MONO_EMULATOR_RATE_LIMIT',
    kind: 'text',
    option: 'rateLimit',
    help: 'requests per API key per window, as <requests>[/<seconds>] (default window 60 s); past it, 429 with Retry-After. Off by default',
  },
  { flag: 'quiet', env: 'MONO_EMULATOR_QUIET', kind: 'switch', cliOnly: 'quiet', help: 'no request log lines' },
  {
    flag: 'low-memory',
    env: 'MONO_EMULATOR_LOW_MEMORY',
    kind: 'switch',
    cliOnly: 'lowMemory',
    help: "V8's --optimize-for-size and a young generation kept small: about 115 MB instead of about 165 MB at 100,000 cards, for about a quarter less throughput",
  },
  {
    flag: 'port-file',
    env: 'MONO_EMULATOR_PORT_FILE',
    kind: 'text',
    cliOnly: 'portFile',
    help: 'write the port there once listening (with --port 0, how a script learns it); removed at stop',
  },
  { flag: 'ready-json', env: 'MONO_EMULATOR_READY_JSON', kind: 'switch', cliOnly: 'readyJson', help: 'print the ready line as one line of JSON (url, dashboard URL, port, keys, clock, webhook secret)' },
];

/** The CLI listens on 4010 unless told otherwise; the library picks a free port. */
export const CLI_DEFAULT_PORT = 4010;

/** A value as the user gave it, with where it came from, so an error names the flag or the variable. */
interface Setting {
  text: string;
  source: string;
}

function convert(row: OptionRow, setting: Setting): unknown {
  const { text, source } = setting;
  switch (row.kind) {
    case 'integer':
      if (!/^\d+$/.test(text)) throw new Error(`${source} takes a whole number, not "${text}"`);
      return Number(text);
    case 'decimal': {
      const value = Number(text);
      if (!(value > 0)) throw new Error(`${source} takes a positive number, not "${text}"`);
      return value;
    }
    case 'choice':
      if (!row.choices!.includes(text)) throw new Error(`${source} is ${row.choices!.map((c) => `"${c}"`).join(' or ')}, not "${text}"`);
      return text;
    case 'switch':
      if (!/^(1|0|true|false|yes|no)$/i.test(text)) throw new Error(`${source} is 1/true/yes or 0/false/no, not "${text}"`);
      return /^(1|true|yes)$/i.test(text);
    case 'list':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    case 'text':
      return text;
  }
}

/** parseArgs' description of the table's flags. */
export function parseArgsOptions() {
  const flags: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const row of OPTION_TABLE) flags[row.flag] = { type: row.kind === 'switch' ? 'boolean' : 'string', ...(row.kind === 'list' ? { multiple: true } : {}) };
  flags.help = { type: 'boolean', short: 'h' };
  flags.version = { type: 'boolean', short: 'v' };
  return flags;
}

/**
 * The library options and CLI-only settings that parsed flags and the environment give. A flag
 * wins over its twin; an empty variable counts as unset.
 */
export function settingsFrom(values: Record<string, string | boolean | string[] | undefined>, env: NodeJS.ProcessEnv) {
  const options: Record<string, unknown> = { port: CLI_DEFAULT_PORT };
  const cli: CliOnlySettings = { quiet: false, lowMemory: false, readyJson: false };
  for (const row of OPTION_TABLE) {
    const given = values[row.flag];
    let value: unknown;
    if (given !== undefined) {
      if (typeof given === 'boolean') value = given;
      else if (Array.isArray(given)) value = given;
      else value = convert(row, { text: given, source: `--${row.flag}` });
    } else if (env[row.env]) {
      value = convert(row, { text: env[row.env]!, source: row.env });
    }
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (row.option) options[row.option] = value;
    if (row.cliOnly) Object.assign(cli, { [row.cliOnly]: value });
  }
  return { options: options as EmulatorOptions, cli };
}

/** "--api-key (MONO_EMULATOR_API_KEYS)": how a library option is named to a CLI user. */
export function flagOf(option: string): string | undefined {
  const row = OPTION_TABLE.find((r) => r.option === option);
  return row ? `--${row.flag} (${row.env})` : undefined;
}

export function usage(): string {
  const lines = OPTION_TABLE.map((row) => `  --${row.flag}${row.kind === 'switch' ? '' : ' <value>'}\n      ${row.help}  [${row.env}]`);
  lines.push('  --help, -h\n      show this help', '  --version, -v\n      print the version');
  return `Usage: mono-emulator [options]\n\nRuns the Mono card-issuance emulator with seeded demo data.\n\nOptions:\n${lines.join('\n')}\n`;
}
