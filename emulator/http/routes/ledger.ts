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

export function ledgerRoutes() {
  return {
    createAccountHolder: ({ tenant, domain, body }) => created(presentAccountHolder(createAccountHolder(domain, tenant, body))),
    createLedgerAccount: ({ tenant, domain, body }) => created(presentLedgerAccount(createLedgerAccount(domain, tenant, body))),
    listLedgerAccounts: ({ tenant, domain, query }) => {
      const page = pageRequest(query);
      const result = listLedgerAccounts(domain, tenant, { currency: query.currency_code, holderId: query.holder, state: query.state, type: query.type }, page);
      return ok({ accounts: result.items.map(presentLedgerAccount), pagination: presentPagination(result, page) });
    },
    getLedgerAccount: ({ tenant, domain, params }) => ok(presentLedgerAccount(getLedgerAccount(domain, tenant, params.account_id))),
    getLedgerAccountBalances: ({ tenant, domain, params }) => ok(presentLedgerBalances(getLedgerAccount(domain, tenant, params.account_id))),
    applyLedgerBalanceOperation: ({ tenant, domain, params, body }) =>
      created(presentBalanceOperation(applyBalanceOperation(domain, tenant, params.account_id, body))),
    getTenantConfig: ({ tenant, domain }) => ok(presentTenantConfig(tenantConfig(domain, tenant))),
  } satisfies Partial<HandlerTable>;
}
