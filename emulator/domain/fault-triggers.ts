import type { FaultTrigger } from '../ports/faults.js';
import type { ErrorDetail } from './errors.js';

/**
 * A number in [0, 1) fixed by (seed, n, salt): the draw for the n-th call or event. Hashing the
 * count rather than advancing a generator keeps a rule's state plain data (a count), and the same
 * seed and the same sequence of calls give the same faults on every run. splitmix32's finaliser.
 */
export function drawFor(seed: number, n: number, salt: number): number {
  let z = (seed ^ Math.imul(n + 1, 0x9e3779b9) ^ Math.imul(salt + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return ((z ^ (z >>> 16)) >>> 0) / 0x1_0000_0000;
}

/**
 * Whether a trigger fires for the n-th call or event, and the trigger as it is afterwards (a
 * `next` trigger counts down when it fires).
 */
export function pull(trigger: FaultTrigger, n: number, salt: number): { fires: boolean; trigger: FaultTrigger } {
  switch (trigger.kind) {
    case 'every':
      return { fires: true, trigger };
    case 'next':
      return trigger.remaining > 0 ? { fires: true, trigger: { kind: 'next', remaining: trigger.remaining - 1 } } : { fires: false, trigger };
    case 'fraction':
      return { fires: drawFor(trigger.seed, n, salt) < trigger.fraction, trigger };
  }
}

/** How a request or an option says which calls a fault hits: `next`, `fraction` (with a seed), or neither for every one. */
export interface TriggerInput {
  next?: number | undefined;
  fraction?: number | undefined;
  seed?: number | undefined;
}

export function triggerFrom(input: TriggerInput, defaultSeed: number): FaultTrigger {
  if (input.next !== undefined) return { kind: 'next', remaining: input.next };
  if (input.fraction !== undefined) return { kind: 'fraction', fraction: input.fraction, seed: input.seed ?? defaultSeed };
  return { kind: 'every' };
}

/** What is wrong with a trigger as given; `at` is the pointer of the object holding it ('' for the top). */
export function triggerProblems(input: TriggerInput, at = ''): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const { next, fraction, seed } = input;
  if (next !== undefined && fraction !== undefined) {
    problems.push({ code: 'invalid_value', path: `#${at}/fraction`, message: 'Give `next` or `fraction`, not both.' });
  }
  if (next !== undefined && !(Number.isInteger(next) && next >= 1 && next <= 1_000_000)) {
    problems.push({ code: 'out_of_range', path: `#${at}/next`, message: '`next` is a whole number from 1 to 1000000.' });
  }
  if (fraction !== undefined && !(fraction > 0 && fraction <= 1)) {
    problems.push({ code: 'out_of_range', path: `#${at}/fraction`, message: '`fraction` is above 0 and at most 1.' });
  }
  if (seed !== undefined && fraction === undefined) {
    problems.push({ code: 'invalid_value', path: `#${at}/seed`, message: 'A seed only makes sense with `fraction`.' });
  }
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffff_ffff)) {
    problems.push({ code: 'out_of_range', path: `#${at}/seed`, message: 'A seed is a whole number from 0 to 4294967295.' });
  }
  return problems;
}
