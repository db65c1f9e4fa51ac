import { createCardholder, getCardholder, updateCardholder } from '../../domain/cardholders.js';
import { created, ok, type HandlerTable } from '../handler.js';
import { presentCardholder } from '../../present/cardholder.js';
import type { RouteDeps } from '../route-deps.js';

export function cardholderRoutes({ domain }: RouteDeps) {
  return {
    createCardholder: ({ tenant, body }) => created(presentCardholder(createCardholder(domain, tenant, body))),
    getCardholder: ({ tenant, params }) => ok(presentCardholder(getCardholder(domain, tenant, params.cardholder_id))),
    updateCardholder: ({ tenant, params, body }) =>
      ok(presentCardholder(updateCardholder(domain, tenant, params.cardholder_id, body))),
  } satisfies Partial<HandlerTable>;
}
