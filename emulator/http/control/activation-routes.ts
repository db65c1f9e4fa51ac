import { openActivationPage, submitActivationPage } from '../../domain/activation-page.js';
import { attemptActivation } from '../../domain/plastic-activations.js';
import { renderActivationPage } from '../../present/activation-page.js';
import { presentActivation } from '../../present/plastic-card-activation.js';
import { ok, type HandlerTable, type Reply } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

/**
 * The holder's page is shown to a person: never cached, no referrer (its URL is the key), and
 * nothing loaded from elsewhere; its form posts only to itself.
 */
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

const page = (html: string): Reply => ({ status: 200, contentType: 'text/html; charset=utf-8', body: html, headers: PAGE_HEADERS });

/** The holder's activation page, and the same steps as one control-plane call for tests. */
export function activationRoutes({ tenants, activationSecret }: RouteDeps) {
  // The page has no key: its token names the tenant, whose context the page then acts in.
  const contextOf = (tenantId: string) => tenants.contextOf(tenantId);
  return {
    activateActivationLink: ({ tenant, domain, params, body }) => ok(presentActivation(attemptActivation(domain, tenant, params.plastic_card_activation_id, body))),
    showActivationPage: ({ params, query }) => page(renderActivationPage(openActivationPage(contextOf, activationSecret, query.token, params.plastic_card_activation_id))),
    submitActivationPage: ({ params, query, body }) =>
      page(renderActivationPage(submitActivationPage(contextOf, activationSecret, query.token, params.plastic_card_activation_id, body ?? {}))),
  } satisfies Partial<HandlerTable>;
}
