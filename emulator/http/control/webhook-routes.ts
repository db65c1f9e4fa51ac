import { fail } from '../../domain/errors.js';
import { pageRequest } from '../../domain/pagination.js';
import { deleteWebhook, getDelivery, listDeliveries, listWebhooks, registerWebhook, setCardLifecycleEvents, trimDeliveryLog } from '../../domain/webhooks.js';
import { created, noContent, ok, type HandlerTable } from '../handler.js';
import { presentPagination } from '../present/pagination.js';
import { presentDelivery, presentWebhook, presentWebhookWithSecret } from '../present/webhook.js';
import type { RouteDeps } from '../route-deps.js';

/** `/_emulator/webhooks`: what Mono does in its dashboard, and the delivery log it does not show. */
export function webhookRoutes({ domain, dispatcher, newWebhookSecret, deliveryLogLimit }: RouteDeps) {
  const eventOf = (tenantId: string, eventId: string) => domain.stores.webhookEvents.get(tenantId, eventId);
  return {
    registerWebhook: ({ tenant, body }) => created(presentWebhookWithSecret(registerWebhook(domain, tenant, body, newWebhookSecret))),
    listWebhooks: ({ tenant, query }) => {
      const page = pageRequest(query);
      const result = listWebhooks(domain, tenant, page);
      return ok({ webhooks: result.items.map(presentWebhook), pagination: presentPagination(result, page) });
    },
    deleteWebhook: ({ tenant, params }) => {
      deleteWebhook(domain, tenant, params.webhook_id);
      // Its pending deliveries are now failed: finished, so the log's bound applies to them.
      trimDeliveryLog(domain, tenant.id, deliveryLogLimit);
      return noContent();
    },
    getWebhookSettings: ({ tenant }) => ok({ card_lifecycle_events: tenant.cardLifecycleEvents }),
    updateWebhookSettings: ({ tenant, body }) =>
      ok({ card_lifecycle_events: setCardLifecycleEvents(domain, tenant, body.card_lifecycle_events).cardLifecycleEvents }),
    listWebhookDeliveries: ({ tenant, query }) => {
      const page = pageRequest(query);
      const result = listDeliveries(domain, tenant, { eventType: query.event_type, status: query.status, webhookId: query.webhook_id }, page);
      return ok({
        deliveries: result.items.map((d) => presentDelivery(d, eventOf(tenant.id, d.eventId))),
        pagination: presentPagination(result, page),
      });
    },
    getWebhookDelivery: ({ tenant, params }) => {
      const delivery = getDelivery(domain, tenant, params.delivery_id);
      return ok(presentDelivery(delivery, eventOf(tenant.id, delivery.eventId)));
    },
    redeliverWebhook: ({ tenant, params }) => {
      const delivery = getDelivery(domain, tenant, params.delivery_id);
      if (!domain.stores.webhooks.get(tenant.id, delivery.webhookId)) fail('webhook_deleted', '#/delivery_id');
      dispatcher.redeliver(tenant.id, delivery.id);
      return { status: 202, body: presentDelivery(delivery, eventOf(tenant.id, delivery.eventId)) };
    },
  } satisfies Partial<HandlerTable>;
}
