import type { Tenant } from './records.js';
import type { DomainEvent } from './views.js';

/**
 * Receives events in the same synchronous step as the change that causes them, so a card that
 * exists always has its events queued.
 */
export interface EventSink {
  emit(tenant: Tenant, event: DomainEvent): void;
}
