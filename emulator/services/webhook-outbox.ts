import type { DomainContext } from '../domain/context.js';
import { queueEvent } from '../domain/webhooks.js';
import type { DeliveryRecord, Tenant } from '../ports/records.js';
import type { DomainEvent } from '../ports/views.js';
import type { EventListener } from './event-hub.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

/** Told what each event queued (the live feed): in the same step, so it sees events in the order they happened. */
type QueuedListener = (tenant: Tenant, event: DomainEvent, deliveries: readonly DeliveryRecord[]) => void;

/**
 * The webhook outbox: queues an event's deliveries in the domain's step, on the tenant's clock and
 * ids, hands them to the dispatcher, and tells `queued` what it queued.
 */
export function webhookOutbox(
  contextOf: (tenantId: string) => DomainContext | undefined,
  dispatcher: Pick<WebhookDispatcher, 'schedule'>,
  queued?: QueuedListener,
): EventListener {
  return (tenant, event) => {
    const ctx = contextOf(tenant.id);
    if (!ctx) return;
    const deliveries = queueEvent(ctx, tenant, event);
    for (const delivery of deliveries) dispatcher.schedule(tenant.id, delivery);
    queued?.(tenant, event, deliveries);
  };
}
