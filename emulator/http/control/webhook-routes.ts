import { pageRequest } from '../../domain/pagination.js';
import { deleteWebhook, getDelivery, listDeliveries, listWebhooks, redeliverable, registerWebhook } from '../../domain/webhooks.js';
import { presentPagination } from '../../present/pagination.js';
import { presentDelivery, presentWebhook, presentWebhookWithSecret } from '../../present/webhook.js';
import { created, noContent, ok, type HandlerTable } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

/** `/_emulator/webhooks`: what Mono does in its dashboard, and the delivery log and live feed it does not show. */
export function webhookRoutes({ redeliver, newWebhookSecret, deliveryLogLimit, feed }: RouteDeps) {
  return {
    registerWebhook: ({ tenant, domain, body }) => created(presentWebhookWithSecret(registerWebhook(domain, tenant, body, newWebhookSecret))),
    listWebhooks: ({ tenant, domain, query }) => {
      const page = pageRequest(query);
      const result = listWebhooks(domain, tenant, page);
      return ok({ webhooks: result.items.map(presentWebhook), pagination: presentPagination(result, page) });
    },
    deleteWebhook: ({ tenant, domain, params }) => {
      deleteWebhook(domain, tenant, params.webhook_id, deliveryLogLimit);
      return noContent();
    },
    listWebhookDeliveries: ({ tenant, domain, query }) => {
      const page = pageRequest(query);
      const result = listDeliveries(domain, tenant, { eventType: query.event_type, status: query.status, webhookId: query.webhook_id }, page);
      return ok({ deliveries: result.items.map(presentDelivery), pagination: presentPagination(result, page) });
    },
    getWebhookDelivery: ({ tenant, domain, params }) => ok(presentDelivery(getDelivery(domain, tenant, params.delivery_id))),
    redeliverWebhook: ({ tenant, domain, params }) => {
      const view = redeliverable(domain, tenant, params.delivery_id);
      redeliver(tenant.id, view.delivery.id);
      return { status: 202, body: presentDelivery(view) };
    },
    // Held open: each message is written as it happens (services/live-feed.ts, http/event-stream.ts).
    streamWebhookFeed: ({ tenant }) => ({ status: 200, stream: feed.stream(tenant.id) }),
  } satisfies Partial<HandlerTable>;
}
