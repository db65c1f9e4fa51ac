import { openLookPage } from '../../domain/card-look.js';
import { activateCardAsHolder } from '../../domain/plastic-activations.js';
import { presentCard } from '../../present/card.js';
import { renderCardLookPage } from '../../present/card-look-page.js';
import { noContent, ok, type HandlerTable } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

/** The `/_emulator` control plane (contracts/emulator.openapi.yaml): what Mono's API does not offer. */
export function controlRoutes({ domain, lookSecret, activationSecret, reset, advanceClock }: RouteDeps) {
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
    activateCard: ({ tenant, params, origin }) => ok(presentCard(activateCardAsHolder(domain, tenant, params.card_id, { secret: activationSecret, origin }))),
    showCardLook: ({ params, query }) => ({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: renderCardLookPage(openLookPage(domain, lookSecret, query.token, params.card_id)),
      headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    }),
  } satisfies Partial<HandlerTable>;
}
