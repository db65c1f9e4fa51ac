import type { DomainContext } from '../domain/context.js';
import type { Tenant } from '../domain/model.js';
import { queueEvent } from '../domain/webhooks.js';
import type { DomainEvent, EventSink } from '../ports/event-sink.js';
import type { Stores } from '../ports/stores.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

/** Builds an event's `data` as Mono shows it; injected by the composition root. */
export type EventRenderer = (stores: Stores, tenant: Tenant, event: DomainEvent) => unknown;

/** The EventSink the domain writes to: queue the deliveries now, hand them to the dispatcher. */
export function createWebhookOutbox(domain: DomainContext, render: EventRenderer, dispatcher: WebhookDispatcher): EventSink {
  return {
    emit(tenant, event) {
      const deliveries = queueEvent(domain, tenant, event.type, () => render(domain.stores, tenant, event));
      for (const delivery of deliveries) dispatcher.schedule(tenant.id, delivery);
    },
  };
}
