import { createCardholder, getCardholder, updateCardholder } from '../../domain/cardholders.js';
import { created, ok, type HandlerTable } from '../handler.js';
import { presentCardholder } from '../../present/cardholder.js';

export function cardholderRoutes() {
  return {
    createCardholder: ({ tenant, domain, body }) => created(presentCardholder(createCardholder(domain, tenant, body))),
    getCardholder: ({ tenant, domain, params }) => ok(presentCardholder(getCardholder(domain, tenant, params.cardholder_id))),
    updateCardholder: ({ tenant, domain, params, body }) =>
      ok(presentCardholder(updateCardholder(domain, tenant, params.cardholder_id, body))),
  } satisfies Partial<HandlerTable>;
}
