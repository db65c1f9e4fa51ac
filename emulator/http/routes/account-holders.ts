import { createAccountHolder, findAccountHolder, getAccountHolder, updateAccountHolder } from '../../domain/account-holders.js';
import { presentAccountHolder } from '../../present/account-holder.js';
import { created, ok, type HandlerTable } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

export function accountHolderRoutes({ domain }: RouteDeps) {
  return {
    createAccountHolder: ({ tenant, body }) => created(presentAccountHolder(createAccountHolder(domain, tenant, body))),
    getAccountHolder: ({ tenant, params }) => ok(presentAccountHolder(getAccountHolder(domain, tenant, params.account_holder_id))),
    findAccountHolder: ({ tenant, query }) =>
      ok(
        presentAccountHolder(
          findAccountHolder(domain, tenant, {
            externalId: query.external_id,
            documentNumber: query.document_number,
            documentType: query.document_type,
            countryCode: query.country_code,
          }),
        ),
      ),
    updateAccountHolder: ({ tenant, params, body }) => ok(presentAccountHolder(updateAccountHolder(domain, tenant, params.account_holder_id, body))),
  } satisfies Partial<HandlerTable>;
}
