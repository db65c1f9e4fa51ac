import type { EventSink } from '../ports/event-sink.js';
import type { Tenant } from '../ports/records.js';
import type { DomainEvent } from '../ports/views.js';

export type EventListener = (tenant: Tenant, event: DomainEvent) => void;

/** The domain's one event sink, read by every listener: the webhook outbox now, a live feed later. */
export interface EventHub extends EventSink {
  /** Calls `listener` with every event from now on; returns the call that stops it. */
  subscribe(listener: EventListener): () => void;
}

/**
 * Listeners run in the order they subscribed, inside the domain's synchronous step, so what they
 * record is written together with the change. One that throws is reported and does not stop the
 * others or the change.
 */
export function createEventHub(logError: (error: unknown) => void): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(tenant, event) {
      for (const listener of listeners) {
        try {
          listener(tenant, event);
        } catch (error) {
          logError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
