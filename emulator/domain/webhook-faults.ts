import type { AttemptFault, DeliveryFaultPlan, FaultTrigger, WebhookFaultSettings } from '../ports/faults.js';
import type { DeliveryAttemptRecord, DeliveryRecord, EpochMs, Tenant, WebhookRecord } from '../ports/records.js';
import type { DomainContext } from './context.js';
import { notFound, throwIfAny } from './errors.js';
import { pull, triggerFrom, triggerProblems, type TriggerInput } from './fault-triggers.js';

/**
 * Webhook faults toward the receiver. Mono warns that events can arrive more than once and out of
 * order, and that a receiver must check the signature and its timestamp (best-practices,
 * webhooks); these make each of those happen on purpose, per registered URL, so a receiver's
 * handling can be tested. What each event meets is decided when it is queued, from the URL's
 * settings and a seeded draw, and kept on its delivery: the same seed and events repeat a run.
 */

/** The faults' own trigger fields: `next` or `fraction`; the seed is the settings' one. */
type KindTrigger = Pick<TriggerInput, 'next' | 'fraction'>;

export interface WebhookFaultInput {
  seed?: number | undefined;
  duplicate?: (KindTrigger & { signature?: 'same' | 'new' | undefined; afterSeconds?: number | undefined }) | undefined;
  reorder?: { windowSeconds: number } | undefined;
  delay?: (KindTrigger & { seconds: number }) | undefined;
  tamperedSignature?: KindTrigger | undefined;
  staleTimestamp?: (KindTrigger & { ageSeconds?: number | undefined }) | undefined;
  dropFirstAttempt?: KindTrigger | undefined;
}

/** Mono's reference verifier tolerates 300 s; a stale timestamp is older than that. */
export const DEFAULT_STALE_SECONDS = 600;

/** Each kind draws apart from the others (and from the API faults' salt 0). */
const SALT = { delay: 1, duplicate: 2, tamper: 3, stale: 4, drop: 5 } as const;

function webhookOf(ctx: DomainContext, tenant: Tenant, webhookId: string): WebhookRecord {
  return ctx.stores.webhooks.get(tenant.id, webhookId) ?? notFound('#/webhook_id', 'webhook');
}

/** Replaces the URL's faults; deliveries already queued keep what was decided for them. */
export function setWebhookFaults(ctx: DomainContext, tenant: Tenant, webhookId: string, input: WebhookFaultInput, defaultSeed: number): WebhookRecord {
  const webhook = webhookOf(ctx, tenant, webhookId);
  const kinds = { duplicate: input.duplicate, delay: input.delay, tampered_signature: input.tamperedSignature, stale_timestamp: input.staleTimestamp, drop_first_attempt: input.dropFirstAttempt };
  throwIfAny(Object.entries(kinds).flatMap(([name, kind]) => (kind ? triggerProblems(kind, `/${name}`) : [])));
  const seed = input.seed ?? defaultSeed;
  const trigger = (kind: KindTrigger): FaultTrigger => triggerFrom({ ...kind, seed }, seed);
  const faults: WebhookFaultSettings = {
    seed,
    duplicate: input.duplicate ? { trigger: trigger(input.duplicate), signature: input.duplicate.signature ?? 'same', afterSeconds: input.duplicate.afterSeconds ?? 0 } : null,
    reorder: input.reorder ? { windowSeconds: input.reorder.windowSeconds } : null,
    delay: input.delay ? { trigger: trigger(input.delay), seconds: input.delay.seconds } : null,
    tamperedSignature: input.tamperedSignature ? { trigger: trigger(input.tamperedSignature) } : null,
    staleTimestamp: input.staleTimestamp ? { trigger: trigger(input.staleTimestamp), ageSeconds: input.staleTimestamp.ageSeconds ?? DEFAULT_STALE_SECONDS } : null,
    dropFirstAttempt: input.dropFirstAttempt ? { trigger: trigger(input.dropFirstAttempt) } : null,
    eventsSeen: 0,
    reorderWindowEndsAt: null,
  };
  const updated = { ...webhook, faults };
  ctx.stores.webhooks.put(tenant.id, updated);
  return updated;
}

export function getWebhookFaults(ctx: DomainContext, tenant: Tenant, webhookId: string): WebhookRecord {
  return webhookOf(ctx, tenant, webhookId);
}

/** Deliveries already queued keep what was decided for them (a held one is still sent when its time comes). */
export function clearWebhookFaults(ctx: DomainContext, tenant: Tenant, webhookId: string): void {
  const webhook = webhookOf(ctx, tenant, webhookId);
  ctx.stores.webhooks.put(tenant.id, { ...webhook, faults: null });
}

/**
 * What one event meets on its way to a URL with faults, and the settings as they are after it
 * (counts drawn down, the event counted, a reorder window opened). A delayed event is not also
 * held for reordering: its delay already puts it after the events that follow it.
 */
export function planDelivery(settings: WebhookFaultSettings, now: EpochMs): { plan: DeliveryFaultPlan | null; settings: WebhookFaultSettings } {
  const n = settings.eventsSeen;
  const next = { ...settings, eventsSeen: n + 1 };
  const fire = <K extends 'duplicate' | 'delay' | 'tamperedSignature' | 'staleTimestamp' | 'dropFirstAttempt'>(key: K, salt: number): boolean => {
    const kind = settings[key];
    if (kind === null) return false;
    const drawn = pull(kind.trigger, n, salt);
    next[key] = { ...kind, trigger: drawn.trigger } as WebhookFaultSettings[K];
    return drawn.fires;
  };
  const delayedUntil = fire('delay', SALT.delay) ? now + settings.delay!.seconds * 1000 : null;
  let reorderWindowEndsAt: EpochMs | null = null;
  if (settings.reorder && delayedUntil === null) {
    const open = settings.reorderWindowEndsAt;
    reorderWindowEndsAt = open !== null && open > now ? open : now + settings.reorder.windowSeconds * 1000;
    next.reorderWindowEndsAt = reorderWindowEndsAt;
  }
  const plan: DeliveryFaultPlan = {
    delayedUntil,
    reorderWindowEndsAt,
    duplicate: fire('duplicate', SALT.duplicate) ? { signature: settings.duplicate!.signature, afterSeconds: settings.duplicate!.afterSeconds } : null,
    tamperedSignature: fire('tamperedSignature', SALT.tamper),
    staleSeconds: fire('staleTimestamp', SALT.stale) ? settings.staleTimestamp!.ageSeconds : null,
    dropFirstAttempt: fire('dropFirstAttempt', SALT.drop),
  };
  const any = plan.delayedUntil !== null || plan.reorderWindowEndsAt !== null || plan.duplicate !== null || plan.tamperedSignature || plan.staleSeconds !== null || plan.dropFirstAttempt;
  return { plan: any ? plan : null, settings: next };
}

/** Attempts that belong to the retry schedule: not redeliveries asked for, not duplicates sent on purpose. */
export const isScheduled = (attempt: DeliveryAttemptRecord) => !attempt.manual && !attempt.faults.includes('duplicate');

/** What an attempt is: the schedule's, one asked for through redeliver, or a duplicate sent on purpose. */
export type AttemptMode = 'scheduled' | 'manual' | 'duplicate';

/** How the next attempt of a delivery is to be faulted. */
export interface AttemptFaults {
  marks: AttemptFault[];
  /** Not sent at all. */
  drop: boolean;
  /** Signed with a secret the receiver does not have. */
  tamper: boolean;
  /** Seconds to take off the signature's timestamp; 0 for a fresh one. */
  staleSeconds: number;
}

/**
 * The plan's faults fall on the first scheduled attempt (delay, reorder, drop) and on the first
 * one actually sent (tampered signature, stale timestamp): the retries after it are genuine, so a
 * receiver that rejects the bad one still gets the event. Redeliveries carry no fault.
 */
export function attemptFaults(delivery: DeliveryRecord, mode: AttemptMode): AttemptFaults {
  const faults: AttemptFaults = { marks: [], drop: false, tamper: false, staleSeconds: 0 };
  const plan = delivery.faultPlan;
  if (mode === 'duplicate') faults.marks.push('duplicate');
  if (mode !== 'scheduled' || plan === null) return faults;
  const scheduledSoFar = delivery.attempts.filter(isScheduled).length;
  if (scheduledSoFar === 0) {
    if (plan.delayedUntil !== null) faults.marks.push('delayed');
    if (plan.reorderWindowEndsAt !== null) faults.marks.push('reordered');
    if (plan.dropFirstAttempt) {
      faults.marks.push('dropped');
      faults.drop = true;
    }
  }
  if (scheduledSoFar === (plan.dropFirstAttempt ? 1 : 0)) {
    if (plan.tamperedSignature) {
      faults.marks.push('tampered_signature');
      faults.tamper = true;
    }
    if (plan.staleSeconds !== null) {
      faults.marks.push('stale_timestamp');
      faults.staleSeconds = plan.staleSeconds;
    }
  }
  return faults;
}

/** A secret the receiver does not have: the signature stays well-formed and is wrong. */
export const tamperedSecret = (secret: string) => `${secret}_tampered`;

const delivered = (attempt: DeliveryAttemptRecord) => attempt.statusCode !== null && attempt.statusCode >= 200 && attempt.statusCode < 300;

/** The duplicate a delivery is owed right after its last attempt: when that attempt delivered it, the first to do so. */
export function duplicateOwed(delivery: DeliveryRecord): DeliveryFaultPlan['duplicate'] {
  const duplicate = delivery.faultPlan?.duplicate ?? null;
  const last = delivery.attempts.at(-1);
  if (duplicate === null || !last || !delivered(last) || delivery.attempts.filter(delivered).length !== 1) return null;
  return duplicate;
}

/** The deliveries held in a URL's reorder window, newest first: the order they are released in. */
export function heldForReorder(ctx: DomainContext, tenantId: string, webhookId: string, windowEndsAt: EpochMs): string[] {
  return ctx.stores.deliveries
    .query(tenantId, { where: { webhookId, status: 'pending' }, order: 'newest' })
    .items.filter((d) => d.faultPlan?.reorderWindowEndsAt === windowEndsAt && !d.attempts.some(isScheduled))
    .map((d) => d.id);
}
