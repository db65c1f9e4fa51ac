import type { EmulatorComponents } from '../../contracts/index.js';
import type { ApiFaultRule, DeliveryFaultPlan, FaultTrigger } from '../ports/faults.js';
import type { WebhookRecord } from '../ports/records.js';
import { isoMillis } from './time.js';

type Schemas = EmulatorComponents['schemas'];

/** Which calls a fault hits, as every fault answer shows it. */
function presentTrigger(trigger: FaultTrigger): Schemas['FaultTriggerState'] {
  return {
    trigger: trigger.kind,
    remaining: trigger.kind === 'next' ? trigger.remaining : null,
    fraction: trigger.kind === 'fraction' ? trigger.fraction : null,
  };
}

export function presentFaultRule(rule: ApiFaultRule): Schemas['FaultRule'] {
  const { effect } = rule;
  return {
    id: rule.id,
    operation: rule.operation,
    kind: effect.kind,
    status: effect.kind === 'status' || effect.kind === 'hang' ? effect.status : null,
    retry_after_seconds: effect.kind === 'status' || effect.kind === 'hang' ? effect.retryAfterSeconds : null,
    ms: effect.kind === 'hang' || effect.kind === 'latency' ? effect.ms : null,
    ...presentTrigger(rule.trigger),
    seed: rule.trigger.kind === 'fraction' ? rule.trigger.seed : null,
    matched: rule.matched,
    applied: rule.applied,
  };
}

/** A URL's webhook faults with what each has left; every kind null when it has none. */
export function presentWebhookFaults(webhook: WebhookRecord): Schemas['WebhookFaults'] {
  const f = webhook.faults;
  return {
    webhook_id: webhook.id,
    seed: f ? f.seed : null,
    events_seen: f ? f.eventsSeen : 0,
    duplicate: f?.duplicate ? { ...presentTrigger(f.duplicate.trigger), signature: f.duplicate.signature, after_seconds: f.duplicate.afterSeconds } : null,
    reorder: f?.reorder ? { window_seconds: f.reorder.windowSeconds } : null,
    delay: f?.delay ? { ...presentTrigger(f.delay.trigger), seconds: f.delay.seconds } : null,
    tampered_signature: f?.tamperedSignature ? presentTrigger(f.tamperedSignature.trigger) : null,
    stale_timestamp: f?.staleTimestamp ? { ...presentTrigger(f.staleTimestamp.trigger), age_seconds: f.staleTimestamp.ageSeconds } : null,
    drop_first_attempt: f?.dropFirstAttempt ? presentTrigger(f.dropFirstAttempt.trigger) : null,
  };
}

/** What a delivery was planned to meet when it was queued, or null for a plain one. */
export function presentDeliveryFaults(plan: DeliveryFaultPlan | null): Schemas['DeliveryFaults'] | null {
  if (plan === null) return null;
  return {
    delayed_until: plan.delayedUntil === null ? null : isoMillis(plan.delayedUntil),
    reorder_window_ends_at: plan.reorderWindowEndsAt === null ? null : isoMillis(plan.reorderWindowEndsAt),
    duplicate: plan.duplicate ? plan.duplicate.signature : null,
    tampered_signature: plan.tamperedSignature,
    stale_timestamp_seconds: plan.staleSeconds,
    drop_first_attempt: plan.dropFirstAttempt,
  };
}
