import { OPTION_TABLE } from './cli-options.js';

/**
 * What the CLI tells a user who got a flag or a variable slightly wrong: the usual mistakes of a
 * first hour (a misspelt flag, `npm start --port 4011` without `--`, a misspelt
 * `MONO_EMULATOR_*` variable) each get a line saying what to type instead.
 */

/** Flags the CLI takes besides the table's rows. */
const EXTRA_FLAGS = ['help', 'version'];

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate nearest to `name`, if it is near enough to be a typo (about a third of its letters). */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (!best || d < best.distance) best = { candidate, distance: d };
  }
  return best && best.distance <= Math.max(1, Math.floor(name.length / 3)) ? best.candidate : undefined;
}

/** `unknown option --prot (did you mean --port?)`, from parseArgs' error for an unknown flag. */
export function unknownFlagMessage(error: Error & { code?: string }): string | undefined {
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return undefined;
  const flag = /'(-{1,2}[^']+)'/.exec(error.message)?.[1];
  if (!flag) return undefined;
  const name = flag.replace(/^-+/, '').split('=')[0]!;
  const suggestion = closest(name, [...OPTION_TABLE.map((row) => row.flag), ...EXTRA_FLAGS]);
  return `unknown option ${flag}${suggestion ? ` (did you mean --${suggestion}?)` : ''}`;
}

/**
 * `npm start --port 4011` hands `--port` to npm, not to the emulator: npm keeps it as its own
 * config (npm_config_port in the script's environment) and passes `4011` on as a stray argument,
 * so the emulator would start on 4010. Only what follows `--` reaches the script. Returns the
 * line to print, naming the command to type, or undefined when npm kept none of the table's flags.
 */
export function npmKeptFlags(env: NodeJS.ProcessEnv, positionals: readonly string[]): string | undefined {
  if (!env.npm_lifecycle_event) return undefined;
  const kept = OPTION_TABLE.filter((row) => env[`npm_config_${row.flag.replace(/-/g, '_')}`] !== undefined);
  if (kept.length === 0) return undefined;
  const strays = [...positionals];
  const words = kept.flatMap((row) => {
    const value = env[`npm_config_${row.flag.replace(/-/g, '_')}`]!;
    if (row.kind === 'switch') return [`--${row.flag}`];
    // `--port=4011` leaves the value in the variable; `--port 4011` leaves "true" there and the value among the arguments.
    return [`--${row.flag}`, value !== 'true' ? value : (strays.shift() ?? '<value>')];
  });
  const script = env.npm_lifecycle_event === 'start' ? 'npm start' : env.npm_lifecycle_event === 'npx' ? 'npx mono-emulator' : `npm run ${env.npm_lifecycle_event}`;
  const names = kept.map((row) => `--${row.flag}`).join(', ');
  return `npm took ${names} for itself and did not pass ${kept.length === 1 ? 'it' : 'them'} on; put the emulator's options after "--": ${script} -- ${words.join(' ')}`;
}

/** One warning per `MONO_EMULATOR_*` variable that is no setting: a misspelt one would be ignored silently. */
export function unknownVariableWarnings(env: NodeJS.ProcessEnv): string[] {
  const PREFIX = 'MONO_EMULATOR_';
  const known = OPTION_TABLE.map((row) => row.env.slice(PREFIX.length));
  return Object.keys(env)
    .filter((name) => name.startsWith(PREFIX) && !known.includes(name.slice(PREFIX.length)))
    .sort()
    .map((name) => {
      const suggestion = closest(name.slice(PREFIX.length), known);
      return `${name} is not a setting and is ignored${suggestion ? ` (did you mean ${PREFIX}${suggestion}?)` : ''}`;
    });
}
