import { createLedgerAccount, getLedgerAccount, listLedgerAccounts, updateLedgerAccount } from '../../domain/ledger-accounts.js';
import { pageRequest } from '../../domain/pagination.js';
import { presentLedgerAccount, presentLedgerBalances } from '../../present/ledger-account.js';
import { presentPagination } from '../../present/pagination.js';
import { created, ok, type HandlerTable } from '../handler.js';

export function ledgerAccountRoutes() {
  return {
    createLedgerAccount: ({ tenant, domain, body }) => created(presentLedgerAccount(createLedgerAccount(domain, tenant, body))),
    listLedgerAccounts: ({ tenant, domain, query }) => {
      const page = pageRequest(query);
      const result = listLedgerAccounts(
        domain,
        tenant,
        {
          currencies: query.currency_code,
          holderIds: query.holder,
          states: query.state,
          types: query.type,
          insertedFrom: query['inserted_at[from]'],
          insertedUntil: query['inserted_at[until]'],
          nameContains: query['nickname[contains]'],
        },
        page,
      );
      return ok({ accounts: result.items.map(presentLedgerAccount), pagination: presentPagination(result, page) });
    },
    getLedgerAccount: ({ tenant, domain, params }) => ok(presentLedgerAccount(getLedgerAccount(domain, tenant, params.account_id))),
    updateLedgerAccount: ({ tenant, domain, params, body }) => ok(presentLedgerAccount(updateLedgerAccount(domain, tenant, params.account_id, body))),
    getLedgerAccountBalances: ({ tenant, domain, params }) => ok(presentLedgerBalances(getLedgerAccount(domain, tenant, params.account_id))),
  } satisfies Partial<HandlerTable>;
}
