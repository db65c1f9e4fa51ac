import type { DeliveryRecord, WebhookEventRecord, WebhookRecord } from '../../domain/model.js';
import { isoSeconds } from '../../domain/time.js';
import { eventBody } from '../../domain/webhooks.js';
import type { EmulatorComponents } from '../../../contracts/index.js';

type Schemas = EmulatorComponents['schemas'];

export function presentWebhook(webhook: WebhookRecord): Schemas['Webhook'] {
  return { id: webhook.id, url: webhook.url, secret_hint: `…${webhook.secret.slice(-4)}`, inserted_at: isoSeconds(webhook.insertedAt) };
}

/** Shown once, in the answer to the registration. */
export function presentWebhookWithSecret(webhook: WebhookRecord): Schemas['WebhookWithSecret'] {
  return { ...presentWebhook(webhook), secret: webhook.secret };
}

const iso = (at: number) => new Date(at).toISOString();

export function presentDelivery(delivery: DeliveryRecord, event: WebhookEventRecord | undefined): Schemas['Delivery'] {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    webhook_id: delivery.webhookId,
    url: delivery.url,
    status: delivery.status,
    attempts: delivery.attempts.map((a) => ({
      number: a.number,
      at: iso(a.at),
      status_code: a.statusCode,
      latency_ms: a.latencyMs,
      error: a.error,
      manual: a.manual,
    })),
    next_attempt_at: delivery.nextAttemptAt === null ? null : iso(delivery.nextAttemptAt),
    payload: event ? eventBody(event) : '',
    inserted_at: iso(delivery.insertedAt),
  };
}
