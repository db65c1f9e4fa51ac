import type { FaultRuleInput } from './services/api-faults.js';

/**
 * The `faults` option's text (`--fault`, `MONO_EMULATOR_FAULTS`): one API fault rule in a line a
 * CI job can write without calling the control plane.
 *
 *   <operation>:<what>[:<option>]...
 *   operation  a Mono operationId (createBankingCard, getCard…) or *
 *   what       429 | 500 | 502 | 503 | 504 | hang=<ms> | drop | latency=<ms>
 *   option     next=<n> | fraction=<0..1> | seed=<n> | retry-after=<s> | status=<code> (a hang's answer)
 *
 * e.g. `createBankingCard:503:next=2`, `*:429:fraction=0.1:retry-after=2`, `getCard:hang=15000:next=1`,
 * `*:latency=200`. Values are checked afterwards, as the control plane checks a rule.
 */
export const FAULT_SPEC_SYNTAX = '<operation>:<429|500|502|503|504|hang=<ms>|drop|latency=<ms>>[:next=<n>|:fraction=<x>|:seed=<n>|:retry-after=<s>|:status=<code>]...';

const OPTIONS = { next: 'next', fraction: 'fraction', seed: 'seed', 'retry-after': 'retryAfterSeconds', status: 'status' } as const;

function number(text: string, what: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`${what} takes a number, not "${text}"`);
  return Number(text);
}

/** Parses one rule; throws with what is wrong and the syntax. */
export function parseFaultSpec(spec: string): FaultRuleInput {
  const [operation = '', what = '', ...options] = spec.split(':').map((part) => part.trim());
  if (!operation || !what) throw new Error(`"${spec}" is not a fault: write ${FAULT_SPEC_SYNTAX}`);
  const [verb = '', value] = what.split('=');
  let input: FaultRuleInput;
  if (/^\d{3}$/.test(what)) input = { operation, kind: 'status', status: Number(what) };
  else if (verb === 'drop' && value === undefined) input = { operation, kind: 'drop' };
  else if ((verb === 'hang' || verb === 'latency') && value !== undefined) input = { operation, kind: verb, ms: number(value, verb) };
  else throw new Error(`"${spec}": "${what}" is not 429, 500, 502, 503, 504, hang=<ms>, drop or latency=<ms>`);
  for (const option of options) {
    const [name = '', text] = option.split('=');
    const field = OPTIONS[name as keyof typeof OPTIONS];
    if (!field || text === undefined) throw new Error(`"${spec}": "${option}" is not next=, fraction=, seed=, retry-after= or status=`);
    input[field] = number(text, name);
  }
  return input;
}
