import { createActivationLink, getActivationLink, listActivationLinks } from '../../domain/plastic-activations.js';
import { pageRequest } from '../../domain/pagination.js';
import { presentPagination } from '../../present/pagination.js';
import { presentActivation } from '../../present/plastic-card-activation.js';
import { created, ok, type HandlerTable } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

/** Plastic card activation links (Mono's build_activation_link and the older activate_plastic_card). */
export function activationLinkRoutes({ activationSecret }: RouteDeps) {
  return {
    createActivationLink: async ({ tenant, domain, body, origin }) =>
      created(presentActivation(await createActivationLink(domain, tenant, body, { secret: activationSecret, origin }))),
    createPlasticCardActivation: async ({ tenant, domain, body, origin }) => {
      const link = await createActivationLink(domain, tenant, body, { secret: activationSecret, origin });
      return created({ url: link.url, id: link.id });
    },
    listActivationLinks: ({ tenant, domain, query }) => {
      const page = pageRequest(query);
      const result = listActivationLinks(domain, tenant, page);
      return ok({ plastic_card_activations: result.items.map(presentActivation), pagination: presentPagination(result, page) });
    },
    getActivationLink: ({ tenant, domain, params }) => ok(presentActivation(getActivationLink(domain, tenant, params.plastic_card_activation_id))),
  } satisfies Partial<HandlerTable>;
}
