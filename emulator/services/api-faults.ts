import type { ErrorDetail } from '../domain/errors.js';
import { pull, triggerFrom, triggerProblems, type TriggerInput } from '../domain/fault-triggers.js';
import type { ApiFaultEffect, ApiFaultRule, FaultStatus } from '../ports/faults.js';

/** A fault rule as a caller gives it (the control plane's body, or the `faults` option's text, parsed). */
export interface FaultRuleInput extends TriggerInput {
  /** A Mono operationId, or `*`. */
  operation: string;
  kind: 'status' | 'hang' | 'drop' | 'latency';
  /** For `status` (required) and `hang` (default 504). */
  status?: number | undefined;
  /** `Retry-After` on a 429 (default 1) or a 503 (none unless given). */
  retryAfterSeconds?: number | undefined;
  /** For `hang` and `latency`: wall-clock milliseconds. */
  ms?: number | undefined;
}

export const FAULT_STATUSES: readonly FaultStatus[] = [429, 500, 502, 503, 504];
/** The longest hang or latency: ten minutes, longer than any client timeout worth testing. */
export const MAX_FAULT_MS = 600_000;
const MAX_RETRY_AFTER_SECONDS = 86_400;
/** A 429 says when to come back (Mono: honour Retry-After); one second unless told otherwise. */
const DEFAULT_429_RETRY_AFTER_SECONDS = 1;
/** A hang ends as a gateway that gave up would answer. */
const DEFAULT_HANG_STATUS: FaultStatus = 504;
/** Salt of the API faults' draws, apart from the webhook faults' (domain/webhook-faults.ts). */
const DRAW_SALT = 0;

/** Everything wrong with a rule, each with the pointer of the field at fault (paths of the control plane's body). */
export function faultRuleProblems(input: FaultRuleInput, isMonoOperation: (operationId: string) => boolean): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (code: ErrorDetail['code'], path: string, message: string) => problems.push({ code, path, message });
  const { operation, kind, status, retryAfterSeconds, ms } = input;
  if (operation !== '*' && !isMonoOperation(operation)) {
    add('invalid_value', '#/operation', `"${operation}" is not an operationId of Mono's API; give one (createBankingCard, getCard…) or "*". The /_emulator control plane cannot be faulted.`);
  }
  if (!['status', 'hang', 'drop', 'latency'].includes(kind)) add('invalid_value', '#/kind', 'The kind is status, hang, drop or latency.');
  if (kind === 'status' && status === undefined) add('missing_field', '#/status', 'A status fault needs a status: 429, 500, 502, 503 or 504.');
  if (status !== undefined) {
    if (kind !== 'status' && kind !== 'hang') add('invalid_value', '#/status', 'Only status and hang faults answer a status.');
    else if (!FAULT_STATUSES.includes(status as FaultStatus)) add('invalid_value', '#/status', 'The status is 429, 500, 502, 503 or 504.');
  }
  if ((kind === 'hang' || kind === 'latency') && ms === undefined) add('missing_field', '#/ms', `A ${kind} fault needs ms, how long it lasts.`);
  if (ms !== undefined) {
    if (kind !== 'hang' && kind !== 'latency') add('invalid_value', '#/ms', 'Only hang and latency faults take ms.');
    else if (!(Number.isInteger(ms) && ms >= 1 && ms <= MAX_FAULT_MS)) add('out_of_range', '#/ms', `ms is a whole number from 1 to ${MAX_FAULT_MS}.`);
  }
  if (retryAfterSeconds !== undefined) {
    const answered = status ?? (kind === 'hang' ? DEFAULT_HANG_STATUS : undefined);
    if (answered !== 429 && answered !== 503) add('invalid_value', '#/retry_after_seconds', 'Retry-After goes with a 429 or a 503 only.');
    else if (!(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0 && retryAfterSeconds <= MAX_RETRY_AFTER_SECONDS)) {
      add('out_of_range', '#/retry_after_seconds', `Retry-After is a whole number of seconds from 0 to ${MAX_RETRY_AFTER_SECONDS}.`);
    }
  }
  return [...problems, ...triggerProblems(input)];
}

function effectFrom(input: FaultRuleInput): ApiFaultEffect {
  const status = (input.status ?? DEFAULT_HANG_STATUS) as FaultStatus;
  const retryAfterSeconds = input.retryAfterSeconds ?? (status === 429 ? DEFAULT_429_RETRY_AFTER_SECONDS : null);
  switch (input.kind) {
    case 'status':
      return { kind: 'status', status, retryAfterSeconds };
    case 'hang':
      return { kind: 'hang', ms: input.ms!, status, retryAfterSeconds };
    case 'drop':
      return { kind: 'drop' };
    case 'latency':
      return { kind: 'latency', ms: input.ms! };
  }
}

/** What a call meets before its handler: a wait, then an answer of the fault's or the call itself. */
export interface FaultDecision {
  /** Wall-clock milliseconds the latency rules that fired add. */
  latencyMs: number;
  /** The first answering rule that fired; null when the call runs after the wait. */
  answer: { ruleId: string; effect: Exclude<ApiFaultEffect, { kind: 'latency' }> } | null;
}

export interface ApiFaultsOptions {
  /** The operationIds of Mono's API: what a rule may name (the control plane cannot be faulted). */
  monoOperations: ReadonlySet<string>;
  /** Rules every tenant starts with (the `faults` option), checked already; given again after each reset. */
  configured: readonly FaultRuleInput[];
  /** The seed of fraction rules that name none: the emulator's. */
  defaultSeed: number;
  /** `flt_…` ids, from a stream of their own so rules never shift the ids of resources. */
  newId: () => string;
}

/**
 * The API fault rules of every tenant, consulted before a call's handler runs (after auth, so the
 * tenant is known). Rules are plain data kept here rather than in the stores: they describe the
 * emulator's behaviour, not Mono's data, and a reset puts back the configured ones.
 */
export class ApiFaults {
  private readonly byTenant = new Map<string, ApiFaultRule[]>();

  constructor(private options: ApiFaultsOptions) {}

  /** The tenant's rules; the configured ones are given to a tenant the first time it is asked about. */
  private rulesOf(tenantId: string): ApiFaultRule[] | undefined {
    const rules = this.byTenant.get(tenantId);
    if (rules !== undefined || this.options.configured.length === 0) return rules;
    const given = this.options.configured.map((input) => this.ruleFrom(input));
    this.byTenant.set(tenantId, given);
    return given;
  }

  private ruleFrom(input: FaultRuleInput): ApiFaultRule {
    return { id: this.options.newId(), operation: input.operation, effect: effectFrom(input), trigger: triggerFrom(input, this.options.defaultSeed), matched: 0, applied: 0 };
  }

  /** What is wrong with a rule before it can be added. */
  check(input: FaultRuleInput): ErrorDetail[] {
    return faultRuleProblems(input, (operationId) => this.options.monoOperations.has(operationId));
  }

  /** Adds a rule that passed check(); it is consulted after the tenant's earlier ones. */
  add(tenantId: string, input: FaultRuleInput): ApiFaultRule {
    const rule = this.ruleFrom(input);
    this.byTenant.set(tenantId, [...(this.rulesOf(tenantId) ?? []), rule]);
    return rule;
  }

  list(tenantId: string): readonly ApiFaultRule[] {
    return this.rulesOf(tenantId) ?? [];
  }

  /** false when the tenant has no such rule. */
  remove(tenantId: string, id: string): boolean {
    const rules = this.rulesOf(tenantId) ?? [];
    const kept = rules.filter((r) => r.id !== id);
    this.byTenant.set(tenantId, kept);
    return kept.length < rules.length;
  }

  /** The tenant's rules, the configured ones included, are gone until the next reset. */
  clear(tenantId: string): void {
    this.byTenant.set(tenantId, []);
  }

  /** A tenant reset or removed: its added rules go, the configured ones come back with their counts at zero. */
  forgetTenant(tenantId: string): void {
    this.byTenant.delete(tenantId);
  }

  /** Forgets every rule added; the configured ones come back, with their counts at zero. */
  reset(newId: () => string): void {
    this.byTenant.clear();
    this.options = { ...this.options, newId };
  }

  /**
   * What a call of `operationId` meets. Rules are consulted in the order they were added: every
   * latency rule that fires adds its wait; the first answering rule (status, hang, drop) that fires
   * answers, and the answering rules after it do not see the call. With no rule, one map lookup.
   */
  decide(tenantId: string, operationId: string): FaultDecision | null {
    const rules = this.rulesOf(tenantId);
    if (rules === undefined || rules.length === 0) return null;
    let latencyMs = 0;
    let answer: FaultDecision['answer'] = null;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (rule.operation !== '*' && rule.operation !== operationId) continue;
      const { effect } = rule;
      if (answer !== null && effect.kind !== 'latency') continue;
      const { fires, trigger } = pull(rule.trigger, rule.matched, DRAW_SALT);
      rules[i] = { ...rule, trigger, matched: rule.matched + 1, applied: rule.applied + (fires ? 1 : 0) };
      if (!fires) continue;
      if (effect.kind === 'latency') latencyMs += effect.ms;
      else answer = { ruleId: rule.id, effect };
    }
    return latencyMs === 0 && answer === null ? null : { latencyMs, answer };
  }
}
