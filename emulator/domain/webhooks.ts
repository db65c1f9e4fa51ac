import type { Page, PageRequest } from '../ports/stores.js';
import type { DomainContext } from './context.js';
import { notFound } from './errors.js';
import type { DeliveryRecord, EpochMs, Tenant, WebhookEventRecord, WebhookEventType, WebhookRecord } from './model.js';
import { pageNewestFirst, paginate } from './pagination.js';

/**
 * Mono's retry schedule (mono-api.md §15): ten attempts over about 8.4 hours — at once, then
 * 30 s, 1.5 min, 3.5 min, 7.5 min, 15.5 min, 31.5 min, 1.06 h, 2.13 h and 4.26 h after the
 * attempt before. After the tenth failure Mono drops the event; the emulator keeps it as failed.
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [30, 90, 210, 450, 930, 1890, 3816, 7668, 15336];
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** The emulator's own events (Mono names no card lifecycle event): a tenant can switch them off. */
const LIFECYCLE_EVENTS: ReadonlySet<WebhookEventType> = new Set(['card_created', 'card_state_changed']);

export interface WebhookInput {
  url: string;
  secret?: string;
}

export function registerWebhook(ctx: DomainContext, tenant: Tenant, input: WebhookInput, newSecret: () => string): WebhookRecord {
  const webhook: WebhookRecord = { id: ctx.ids.next('wh'), url: input.url, secret: input.secret ?? newSecret(), insertedAt: ctx.clock.now() };
  ctx.stores.webhooks.put(tenant.id, webhook);
  return webhook;
}

export function listWebhooks(ctx: DomainContext, tenant: Tenant, page: PageRequest): Page<WebhookRecord> {
  return paginate(ctx.stores.webhooks.all(tenant.id), page);
}

/** The URL gets nothing more; what was still waiting for it is marked failed, never dropped. */
export function deleteWebhook(ctx: DomainContext, tenant: Tenant, id: string): void {
  const webhook = ctx.stores.webhooks.get(tenant.id, id) ?? notFound('#/webhook_id', 'webhook');
  for (const delivery of ctx.stores.deliveries.all(tenant.id)) {
    if (delivery.webhookId === webhook.id && delivery.status === 'pending') {
      ctx.stores.deliveries.put(tenant.id, { ...delivery, status: 'failed', nextAttemptAt: null });
    }
  }
  ctx.stores.webhooks.delete(tenant.id, id);
}

export function setCardLifecycleEvents(ctx: DomainContext, tenant: Tenant, enabled: boolean): Tenant {
  const updated = { ...tenant, cardLifecycleEvents: enabled };
  ctx.stores.tenants.update(updated);
  return updated;
}

/** The envelope's timestamp has microseconds: "2022-12-29T15:42:08.325158Z" (§4.3). */
function eventTimestamp(at: EpochMs): string {
  return new Date(at).toISOString().replace('Z', '000Z');
}

/**
 * The body every delivery of an event sends: Mono's envelope (§15). Serialized at send time, so the
 * request that caused the event does not pay for it; the data never changes, so neither do the bytes.
 */
export function eventBody(event: WebhookEventRecord): string {
  return JSON.stringify({ event: { type: event.type, data: event.data }, timestamp: eventTimestamp(event.insertedAt) });
}

/**
 * The outbox: one event, one delivery per URL the tenant has registered, written in the caller's
 * synchronous step. `data` is only built when someone will receive it.
 */
export function queueEvent(ctx: DomainContext, tenant: Tenant, type: WebhookEventType, data: () => unknown): DeliveryRecord[] {
  if (LIFECYCLE_EVENTS.has(type) && !ctx.stores.tenants.byId(tenant.id)?.cardLifecycleEvents) return [];
  const webhooks = ctx.stores.webhooks.all(tenant.id);
  if (webhooks.length === 0) return [];
  const now = ctx.clock.now();
  const eventId = ctx.ids.next('evt');
  ctx.stores.webhookEvents.put(tenant.id, { id: eventId, type, data: data(), insertedAt: now });
  return webhooks.map((webhook) => {
    const delivery: DeliveryRecord = {
      id: ctx.ids.next('dlv'),
      eventId,
      eventType: type,
      webhookId: webhook.id,
      url: webhook.url,
      status: 'pending',
      attempts: [],
      nextAttemptAt: now,
      insertedAt: now,
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
}

/**
 * Writes an attempt into the log and decides what comes next: a 2xx delivers; a failed
 * scheduled attempt waits for the next slot of the schedule, or fails the delivery after the
 * tenth. A manual attempt never changes the schedule, and a failed one leaves the status as it was.
 */
export function recordAttempt(ctx: DomainContext, tenantId: string, deliveryId: string, outcome: AttemptOutcome): DeliveryRecord | undefined {
  const delivery = ctx.stores.deliveries.get(tenantId, deliveryId);
  if (!delivery) return undefined;
  const attempts = [...delivery.attempts, { number: delivery.attempts.length + 1, ...outcome }];
  const succeeded = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
  let next: Pick<DeliveryRecord, 'status' | 'nextAttemptAt'>;
  if (succeeded) next = { status: 'delivered', nextAttemptAt: null };
  else if (outcome.manual || delivery.status !== 'pending') next = { status: delivery.status, nextAttemptAt: delivery.nextAttemptAt };
  else {
    const scheduled = attempts.filter((a) => !a.manual).length;
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
  const all = ctx.stores.deliveries.all(tenantId);
  const finished = all.filter((d) => d.status !== 'pending');
  const excess = finished.length - keepFinished;
  if (excess <= 0) return;
  const dropped = finished.slice(0, excess);
  for (const delivery of dropped) ctx.stores.deliveries.delete(tenantId, delivery.id);
  const kept = new Set(all.filter((d) => ctx.stores.deliveries.get(tenantId, d.id)).map((d) => d.eventId));
  for (const eventId of new Set(dropped.map((d) => d.eventId))) {
    if (!kept.has(eventId)) ctx.stores.webhookEvents.delete(tenantId, eventId);
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
export function undeliveredDeliveries(ctx: DomainContext): UndeliveredDelivery[] {
  return ctx.stores.tenants.all().flatMap((tenant) =>
    ctx.stores.deliveries
      .all(tenant.id)
      .filter((d) => d.status === 'pending')
      .map((d) => {
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

/** The delivery log, newest first. Reading it changes nothing. */
export function listDeliveries(ctx: DomainContext, tenant: Tenant, filter: DeliveryFilter, page: PageRequest): Page<DeliveryRecord> {
  return pageNewestFirst(ctx.stores.deliveries.all(tenant.id), filter, page);
}

export function getDelivery(ctx: DomainContext, tenant: Tenant, id: string): DeliveryRecord {
  return ctx.stores.deliveries.get(tenant.id, id) ?? notFound('#/delivery_id', 'delivery');
}
