import type { AttemptFault, DeliveryFaultPlan } from '../ports/faults.js';
import type { DeliveryAttemptRecord, DeliveryRecord, EpochMs, Tenant, WebhookRecord } from '../ports/records.js';
import type { Page, PageRequest } from '../ports/stores.js';
import { isEmulatorEvent, type DeliveryView, type DomainEvent, type EmulatorEventType, type WebhookEventType } from '../ports/views.js';
import type { DomainContext } from './context.js';
import { fail, notFound } from './errors.js';
import { isScheduled, planDelivery } from './webhook-faults.js';

/**
 * Mono's retry schedule (docs/mono-reference.md §15): ten attempts over about 8.4 hours — at once, then
 * 30 s, 1.5 min, 3.5 min, 7.5 min, 15.5 min, 31.5 min, 1.06 h, 2.13 h and 4.26 h after the
 * attempt before. After the tenth failure Mono drops the event; the emulator keeps it as failed.
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [30, 90, 210, 450, 930, 1890, 3816, 7668, 15336];
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

export interface WebhookInput {
  url: string;
  secret?: string | undefined;
  /** The emulator's own events to send this URL too; none unless asked for, as Mono sends none. */
  emulator_events?: readonly EmulatorEventType[] | undefined;
}

export function registerWebhook(ctx: DomainContext, tenant: Tenant, input: WebhookInput, newSecret: () => string): WebhookRecord {
  const webhook: WebhookRecord = {
    id: ctx.ids.next('wh'),
    url: input.url,
    secret: input.secret ?? newSecret(),
    emulatorEvents: input.emulator_events ?? [],
    insertedAt: ctx.clock.now(),
    faults: null,
  };
  ctx.stores.webhooks.put(tenant.id, webhook);
  return webhook;
}

/** Registrations in the order they were made. */
export function listWebhooks(ctx: DomainContext, tenant: Tenant, page: PageRequest): Page<WebhookRecord> {
  return ctx.stores.webhooks.query(tenant.id, {}, page);
}

/**
 * The URL gets nothing more; what was still waiting for it is marked failed, never dropped. Those
 * deliveries are now finished, so the log's bound (`keepFinished`) applies to them.
 */
export function deleteWebhook(ctx: DomainContext, tenant: Tenant, id: string, keepFinished: number): void {
  const webhook = ctx.stores.webhooks.get(tenant.id, id) ?? notFound('#/webhook_id', 'webhook');
  for (const delivery of ctx.stores.deliveries.query(tenant.id, { where: { webhookId: webhook.id, status: 'pending' } }).items) {
    ctx.stores.deliveries.put(tenant.id, { ...delivery, status: 'failed', nextAttemptAt: null });
  }
  ctx.stores.webhooks.delete(tenant.id, id);
  trimDeliveryLog(ctx, tenant.id, keepFinished);
}

/**
 * The outbox: one event, one delivery per URL the tenant has registered (for the emulator's own
 * events, per URL that asked for them), written in the caller's synchronous step. The event is
 * kept as the domain told it; its body is written when it is sent.
 */
export function queueEvent(ctx: DomainContext, tenant: Tenant, event: DomainEvent): DeliveryRecord[] {
  const { type } = event;
  const all = ctx.stores.webhooks.query(tenant.id).items;
  const webhooks = isEmulatorEvent(type) ? all.filter((webhook) => webhook.emulatorEvents.includes(type)) : all;
  if (webhooks.length === 0) return [];
  const now = ctx.clock.now();
  const eventId = ctx.ids.next('evt');
  ctx.stores.webhookEvents.put(tenant.id, { id: eventId, event, insertedAt: now });
  return webhooks.map((webhook) => {
    let faultPlan: DeliveryFaultPlan | null = null;
    if (webhook.faults) {
      const planned = planDelivery(webhook.faults, now);
      faultPlan = planned.plan;
      ctx.stores.webhooks.put(tenant.id, { ...webhook, faults: planned.settings });
    }
    const delivery: DeliveryRecord = {
      id: ctx.ids.next('dlv'),
      eventId,
      eventType: type,
      webhookId: webhook.id,
      url: webhook.url,
      status: 'pending',
      attempts: [],
      // A delay or a reorder window holds the first attempt (the dispatcher sends a window's events together).
      nextAttemptAt: faultPlan?.delayedUntil ?? faultPlan?.reorderWindowEndsAt ?? now,
      insertedAt: now,
      faultPlan,
    };
    ctx.stores.deliveries.put(tenant.id, delivery);
    return delivery;
  });
}

export interface AttemptOutcome {
  at: EpochMs;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** Asked for through redeliver, outside the schedule. */
  manual: boolean;
  /** How the attempt was faulted on purpose (domain/webhook-faults.ts). */
  faults: AttemptFault[];
}

/** Faults a correct receiver must refuse: whether it did is written beside the attempt. */
const MUST_BE_REFUSED: readonly AttemptFault[] = ['tampered_signature', 'stale_timestamp'];

/**
 * Writes an attempt into the log and decides what comes next: a 2xx delivers; a failed
 * scheduled attempt waits for the next slot of the schedule, or fails the delivery after the
 * tenth. An attempt outside the schedule (a redelivery, a duplicate) never changes the schedule,
 * and a failed one leaves the status as it was.
 */
export function recordAttempt(ctx: DomainContext, tenantId: string, deliveryId: string, outcome: AttemptOutcome): DeliveryRecord | undefined {
  const delivery = ctx.stores.deliveries.get(tenantId, deliveryId);
  if (!delivery) return undefined;
  const succeeded = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
  const judged = outcome.statusCode !== null && outcome.faults.some((f) => MUST_BE_REFUSED.includes(f));
  const attempt: DeliveryAttemptRecord = { number: delivery.attempts.length + 1, ...outcome, receiverVerdict: judged ? (succeeded ? 'accepted' : 'rejected') : null };
  const attempts = [...delivery.attempts, attempt];
  let next: Pick<DeliveryRecord, 'status' | 'nextAttemptAt'>;
  if (succeeded) next = { status: 'delivered', nextAttemptAt: null };
  else if (!isScheduled(attempt) || delivery.status !== 'pending') next = { status: delivery.status, nextAttemptAt: delivery.nextAttemptAt };
  else {
    const scheduled = attempts.filter(isScheduled).length;
    next =
      scheduled < MAX_ATTEMPTS
        ? { status: 'pending', nextAttemptAt: outcome.at + RETRY_DELAYS_SECONDS[scheduled - 1]! * 1000 }
        : { status: 'failed', nextAttemptAt: null };
  }
  const updated = { ...delivery, attempts, ...next };
  ctx.stores.deliveries.put(tenantId, updated);
  return updated;
}

/** How many finished (delivered or failed) deliveries a tenant's log keeps unless told otherwise. */
export const DEFAULT_DELIVERY_LOG_LIMIT = 1_000;

/**
 * Bounds the delivery log: beyond `keepFinished` finished deliveries, the oldest finished ones go,
 * with their events once no delivery needs them. A pending delivery is never dropped, however
 * many there are: it is work not done yet, and stop() reports it.
 */
export function trimDeliveryLog(ctx: DomainContext, tenantId: string, keepFinished: number): void {
  const { deliveries, webhookEvents } = ctx.stores;
  const finished = deliveries.query(tenantId, { where: { status: ['delivered', 'failed'] } }).items;
  const excess = finished.length - keepFinished;
  if (excess <= 0) return;
  const dropped = finished.slice(0, excess);
  for (const delivery of dropped) deliveries.delete(tenantId, delivery.id);
  const kept = new Set(deliveries.query(tenantId).items.map((d) => d.eventId));
  for (const eventId of new Set(dropped.map((d) => d.eventId))) {
    if (!kept.has(eventId)) webhookEvents.delete(tenantId, eventId);
  }
}

/** A delivery the emulator stopped before finishing: what a shutdown reports, so none is lost silently. */
export interface UndeliveredDelivery {
  id: string;
  eventType: WebhookEventType;
  url: string;
  attempts: number;
  /** What the last attempt came to; null when none was made. */
  lastOutcome: string | null;
}

/** Every tenant's pending deliveries, oldest first. */
export function undeliveredDeliveries(ctx: Pick<DomainContext, 'stores'>): UndeliveredDelivery[] {
  return ctx.stores.tenants.all().flatMap((tenant) =>
    ctx.stores.deliveries
      .query(tenant.id, { where: { status: 'pending' } })
      .items.map((d) => {
        const last = d.attempts.at(-1);
        return {
          id: d.id,
          eventType: d.eventType,
          url: d.url,
          attempts: d.attempts.length,
          lastOutcome: last ? (last.error ?? `HTTP ${String(last.statusCode)}`) : null,
        };
      }),
  );
}

export type DeliveryFilter = Partial<Pick<DeliveryRecord, 'eventType' | 'status' | 'webhookId'>>;

function deliveryView(ctx: DomainContext, tenant: Tenant, delivery: DeliveryRecord): DeliveryView {
  return { delivery, event: ctx.stores.webhookEvents.get(tenant.id, delivery.eventId) };
}

/** The delivery log, newest first. Reading it changes nothing. */
export function listDeliveries(ctx: DomainContext, tenant: Tenant, filter: DeliveryFilter, page: PageRequest): Page<DeliveryView> {
  const result = ctx.stores.deliveries.query(tenant.id, { where: filter, order: 'newest' }, page);
  return { items: result.items.map((d) => deliveryView(ctx, tenant, d)), totalItems: result.totalItems };
}

export function getDelivery(ctx: DomainContext, tenant: Tenant, id: string): DeliveryView {
  return deliveryView(ctx, tenant, ctx.stores.deliveries.get(tenant.id, id) ?? notFound('#/delivery_id', 'delivery'));
}

/** A delivery that may be sent once more: its webhook must still be registered, or there is nowhere to send it. */
export function redeliverable(ctx: DomainContext, tenant: Tenant, id: string): DeliveryView {
  const view = getDelivery(ctx, tenant, id);
  if (!ctx.stores.webhooks.get(tenant.id, view.delivery.webhookId)) fail('webhook_deleted', '#/delivery_id');
  return view;
}
