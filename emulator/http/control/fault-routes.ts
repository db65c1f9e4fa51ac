import { notFound, throwIfAny } from '../../domain/errors.js';
import { clearWebhookFaults, getWebhookFaults, setWebhookFaults } from '../../domain/webhook-faults.js';
import { presentFaultRule, presentWebhookFaults } from '../../present/faults.js';
import { created, noContent, ok, type HandlerTable } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

/** `/_emulator/faults` and `/_emulator/webhooks/{id}/faults`: Mono's API misbehaving, and webhooks arriving as Mono warns they may (README: Faults). */
export function faultRoutes({ faults, seed }: RouteDeps) {
  return {
    createFaultRule: ({ tenant, body }) => {
      const input = { ...body, retryAfterSeconds: body.retry_after_seconds };
      throwIfAny(faults.check(input));
      return created(presentFaultRule(faults.add(tenant.id, input)));
    },
    listFaultRules: ({ tenant }) => ok({ faults: faults.list(tenant.id).map(presentFaultRule) }),
    clearFaultRules: ({ tenant }) => {
      faults.clear(tenant.id);
      return noContent();
    },
    deleteFaultRule: ({ tenant, params }) => {
      if (!faults.remove(tenant.id, params.fault_id)) notFound('#/fault_id', 'fault rule');
      return noContent();
    },
    getWebhookFaults: ({ tenant, domain, params }) => ok(presentWebhookFaults(getWebhookFaults(domain, tenant, params.webhook_id))),
    setWebhookFaults: ({ tenant, domain, params, body }) => {
      const { duplicate, stale_timestamp: stale } = body;
      const input = {
        seed: body.seed,
        duplicate: duplicate && { ...duplicate, afterSeconds: duplicate.after_seconds },
        reorder: body.reorder && { windowSeconds: body.reorder.window_seconds },
        delay: body.delay,
        tamperedSignature: body.tampered_signature,
        staleTimestamp: stale && { ...stale, ageSeconds: stale.age_seconds },
        dropFirstAttempt: body.drop_first_attempt,
      };
      return ok(presentWebhookFaults(setWebhookFaults(domain, tenant, params.webhook_id, input, seed)));
    },
    clearWebhookFaults: ({ tenant, domain, params }) => {
      clearWebhookFaults(domain, tenant, params.webhook_id);
      return noContent();
    },
  } satisfies Partial<HandlerTable>;
}
