import type { Page, PageRequest } from '../ports/stores.js';
import type { DomainContext } from './context.js';
import { notFound } from './errors.js';
import type { BankAccountRecord, Tenant } from './model.js';
import { paginate } from './pagination.js';

/** Mono provisions Banking accounts itself (no public create, §14); the emulator seeds them. */
export function listBankAccounts(ctx: DomainContext, tenant: Tenant, page: PageRequest): Page<BankAccountRecord> {
  return paginate(ctx.stores.bankAccounts.all(tenant.id), page);
}

export function getBankAccount(ctx: DomainContext, tenant: Tenant, id: string): BankAccountRecord {
  return ctx.stores.bankAccounts.get(tenant.id, id) ?? notFound('#/account_id', 'bank account');
}
