import { applyBalanceOperation, createAccountHolder, createLedgerAccount, getLedgerAccount, listLedgerAccounts } from '../../domain/ledger.js';
import { pageRequest } from '../../domain/pagination.js';
import { tenantConfig } from '../../domain/tenants.js';
import { presentPagination } from '../../present/pagination.js';
import { created, ok, type HandlerTable } from '../handler.js';
import {
  presentAccountHolder,
  presentBalanceOperation,
  presentLedgerAccount,
  presentLedgerBalances,
  presentTenantConfig,
} from '../../present/ledger.js';
import type { RouteDeps } from '../route-deps.js';

export function ledgerRoutes({ domain }: RouteDeps) {
  return {
    createAccountHolder: ({ tenant, body }) => created(presentAccountHolder(createAccountHolder(domain, tenant, body))),
    createLedgerAccount: ({ tenant, body }) => created(presentLedgerAccount(createLedgerAccount(domain, tenant, body))),
    listLedgerAccounts: ({ tenant, query }) => {
      const page = pageRequest(query);
      const result = listLedgerAccounts(domain, tenant, { currencies: query.currency_code, holderIds: query.holder, states: query.state, types: query.type }, page);
      return ok({ accounts: result.items.map(presentLedgerAccount), pagination: presentPagination(result, page) });
    },
    getLedgerAccount: ({ tenant, params }) => ok(presentLedgerAccount(getLedgerAccount(domain, tenant, params.account_id))),
    getLedgerAccountBalances: ({ tenant, params }) => ok(presentLedgerBalances(getLedgerAccount(domain, tenant, params.account_id))),
    applyLedgerBalanceOperation: ({ tenant, params, body }) =>
      created(presentBalanceOperation(applyBalanceOperation(domain, tenant, params.account_id, body))),
    getTenantConfig: ({ tenant }) => ok(presentTenantConfig(tenantConfig(domain, tenant))),
  } satisfies Partial<HandlerTable>;
}
