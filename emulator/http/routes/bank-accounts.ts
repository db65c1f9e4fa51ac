import { getBankAccount, listBankAccounts } from '../../domain/bank-accounts.js';
import { pageRequest } from '../../domain/pagination.js';
import { ok, type HandlerTable } from '../handler.js';
import { presentBankAccount, presentBankAccountBalance } from '../../present/bank-account.js';
import { presentPagination } from '../../present/pagination.js';

export function bankAccountRoutes() {
  return {
    listBankAccounts: ({ tenant, domain, query }) => {
      const page = pageRequest(query);
      const result = listBankAccounts(domain, tenant, page);
      return ok({ accounts: result.items.map(presentBankAccount), pagination: presentPagination(result, page) });
    },
    getBankAccountBalance: ({ tenant, domain, params }) => ok(presentBankAccountBalance(getBankAccount(domain, tenant, params.account_id))),
  } satisfies Partial<HandlerTable>;
}
