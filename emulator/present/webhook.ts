import type { EmulatorComponents } from '../../contracts/index.js';
import type { WebhookRecord } from '../ports/records.js';
import { isEmulatorEvent, type DeliveryView } from '../ports/views.js';
import { presentDeliveryFaults } from './faults.js';
import { isoMillis, isoSeconds } from './time.js';
import { eventBody } from './webhook-event.js';

type Schemas = EmulatorComponents['schemas'];

export function presentWebhook(webhook: WebhookRecord): Schemas['Webhook'] {
  return {
    id: webhook.id,
    url: webhook.url,
    secret_hint: `…${webhook.secret.slice(-4)}`,
    emulator_events: [...webhook.emulatorEvents],
    inserted_at: isoSeconds(webhook.insertedAt),
  };
}

/** Shown once, in the answer to the registration. */
export function presentWebhookWithSecret(webhook: WebhookRecord): Schemas['WebhookWithSecret'] {
  return { ...presentWebhook(webhook), secret: webhook.secret };
}

/** A line of the delivery log, with the exact body its attempts sent (empty once the log dropped the event). */
export function presentDelivery({ delivery, event }: DeliveryView): Schemas['Delivery'] {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    emulator_only: isEmulatorEvent(delivery.eventType),
    webhook_id: delivery.webhookId,
    url: delivery.url,
    status: delivery.status,
    attempts: delivery.attempts.map((a) => ({
      number: a.number,
      at: isoMillis(a.at),
      status_code: a.statusCode,
      latency_ms: a.latencyMs,
      error: a.error,
      manual: a.manual,
      faults: a.faults,
      receiver_verdict: a.receiverVerdict,
    })),
    next_attempt_at: delivery.nextAttemptAt === null ? null : isoMillis(delivery.nextAttemptAt),
    payload: event ? eventBody(event) : '',
    inserted_at: isoMillis(delivery.insertedAt),
    faults: presentDeliveryFaults(delivery.faultPlan),
  };
}
