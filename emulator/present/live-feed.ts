import type { EmulatorComponents } from '../../contracts/index.js';
import type { DeliveryRecord, EpochMs, WebhookEventRecord } from '../ports/records.js';
import type { DomainEvent } from '../ports/views.js';
import { presentDelivery } from './webhook.js';
import { eventEnvelope } from './webhook-event.js';

type Schemas = EmulatorComponents['schemas'];

/**
 * A `webhook_event` message of the live feed: the event's envelope as its webhooks carry it, with
 * the deliveries queued for it. They share one event record; an event sent nowhere has none, and
 * is stamped with the time it happened.
 */
export function presentFeedEvent(event: DomainEvent, deliveries: readonly DeliveryRecord[], at: EpochMs): Schemas['FeedWebhookEvent'] {
  const first = deliveries[0];
  const record: WebhookEventRecord | undefined = first && { id: first.eventId, event, insertedAt: first.insertedAt };
  return {
    event_id: record?.id ?? null,
    ...eventEnvelope(event, record?.insertedAt ?? at),
    deliveries: deliveries.map((delivery) => presentDelivery({ delivery, event: record })),
  };
}
