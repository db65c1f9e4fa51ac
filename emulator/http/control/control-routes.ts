import { openLookPage } from '../../domain/card-look.js';
import type { Clock } from '../../ports/clock.js';
import { activateCardAsHolder } from '../../domain/plastic-activations.js';
import { presentCard } from '../../present/card.js';
import { renderCardLookPage } from '../../present/card-look-page.js';
import { noContent, ok, type HandlerTable } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

const clockBody = (clock: Clock) => ({ mode: clock.mode, now: new Date(clock.now()).toISOString() });

/**
 * The `/_emulator` control plane (contracts/emulator.openapi.yaml): what Mono's API does not offer.
 * With a tenant's key, reset and the clock act on that tenant alone; without one, on every tenant
 * (the admin's calls, checked before the handler when the emulator asks for its token).
 */
export function controlRoutes({ tenants, clock, lookSecret, activationSecret, resetAll, advanceClock }: RouteDeps) {
  const contextOf = (tenantId: string) => tenants.contextOf(tenantId);
  return {
    getHealth: () => ok({ status: 'ok' }),
    // `tenant` and `domain` exist only when a tenant's key came: read them after `caller` says so.
    resetEmulator: (request) => {
      if (request.caller === 'tenant') tenants.reset(request.tenant.id);
      else resetAll();
      return noContent();
    },
    getClock: (request) => ok(clockBody(request.caller === 'tenant' ? request.domain.clock : clock)),
    advanceClock: async (request) => {
      const milliseconds = request.body.seconds * 1000;
      if (request.caller !== 'tenant') {
        await advanceClock(milliseconds);
        return ok(clockBody(clock));
      }
      await tenants.advance(request.tenant.id, milliseconds);
      return ok(clockBody(request.domain.clock));
    },
    activateCard: ({ tenant, domain, params, origin }) =>
      ok(presentCard(activateCardAsHolder(domain, tenant, params.card_id, { secret: activationSecret, origin }))),
    showCardLook: ({ params, query }) => ({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: renderCardLookPage(openLookPage(contextOf, lookSecret, query.token, params.card_id)),
      headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    }),
  } satisfies Partial<HandlerTable>;
}
