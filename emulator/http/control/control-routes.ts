import { assertLookable, readLookToken } from '../../domain/card-look.js';
import { activateCard, getCard } from '../../domain/cards.js';
import { fail } from '../../domain/errors.js';
import { noContent, ok, type HandlerTable } from '../handler.js';
import { presentCard } from '../present/card.js';
import { renderCardLookPage } from '../present/card-look-page.js';
import type { RouteDeps } from '../route-deps.js';

/** The `/_emulator` control plane (contracts/emulator.openapi.yaml): what Mono's API does not offer. */
export function controlRoutes({ domain, lookSecret, reset, advanceClock }: RouteDeps) {
  const clockBody = () => ({ mode: domain.clock.mode, now: new Date(domain.clock.now()).toISOString() });
  return {
    getHealth: () => ok({ status: 'ok' }),
    resetEmulator: () => {
      reset();
      return noContent();
    },
    getClock: () => ok(clockBody()),
    advanceClock: async ({ body }) => {
      await advanceClock(body.seconds * 1000);
      return ok(clockBody());
    },
    activateCard: ({ tenant, params }) => ok(presentCard(domain.stores, tenant, activateCard(domain, tenant, params.card_id))),
    showCardLook: ({ params, query }) => {
      const tenantId = readLookToken(lookSecret, query.token, params.card_id, domain.clock.now());
      const tenant = tenantId ? domain.stores.tenants.byId(tenantId) : undefined;
      if (!tenant) return fail('not_authorized', '#/token', 'The look URL is invalid or has expired; ask GET /v1/cards/{card_id}/look for a new one.');
      const card = getCard(domain, tenant, params.card_id);
      assertLookable(card);
      const holder = domain.stores.cardholders.get(tenant.id, card.cardholderId);
      const secret = domain.stores.cardSecrets.get(tenant.id, card.id);
      if (!holder || !secret) throw new Error(`card ${card.id} lost its holder or its secrets`);
      return {
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: renderCardLookPage(card, holder, secret),
        headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
      };
    },
  } satisfies Partial<HandlerTable>;
}
