import type { DomainContext } from '../domain/context.js';
import { queueEvent } from '../domain/webhooks.js';
import type { EventListener } from './event-hub.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

/**
 * The webhook outbox: queues an event's deliveries in the domain's step, on the tenant's clock and
 * ids, then hands them to the dispatcher.
 */
export function webhookOutbox(contextOf: (tenantId: string) => DomainContext | undefined, dispatcher: Pick<WebhookDispatcher, 'schedule'>): EventListener {
  return (tenant, event) => {
    const ctx = contextOf(tenant.id);
    if (!ctx) return;
    for (const delivery of queueEvent(ctx, tenant, event)) dispatcher.schedule(tenant.id, delivery);
  };
}
