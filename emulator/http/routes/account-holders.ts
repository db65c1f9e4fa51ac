import { createAccountHolder, findAccountHolder, getAccountHolder, updateAccountHolder } from '../../domain/account-holders.js';
import { presentAccountHolder } from '../../present/account-holder.js';
import { created, ok, type HandlerTable } from '../handler.js';

export function accountHolderRoutes() {
  return {
    createAccountHolder: ({ tenant, domain, body }) => created(presentAccountHolder(createAccountHolder(domain, tenant, body))),
    getAccountHolder: ({ tenant, domain, params }) => ok(presentAccountHolder(getAccountHolder(domain, tenant, params.account_holder_id))),
    findAccountHolder: ({ tenant, domain, query }) =>
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
    updateAccountHolder: ({ tenant, domain, params, body }) => ok(presentAccountHolder(updateAccountHolder(domain, tenant, params.account_holder_id, body))),
  } satisfies Partial<HandlerTable>;
}
