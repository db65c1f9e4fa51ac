import type { BankAccountRecord, Tenant } from '../ports/records.js';
import type { Page, PageRequest } from '../ports/stores.js';
import type { DomainContext } from './context.js';
import { notFound } from './errors.js';

/** Mono provisions Banking accounts itself (no public create, §14); the emulator seeds them, and lists them oldest first. */
export function listBankAccounts(ctx: DomainContext, tenant: Tenant, page: PageRequest): Page<BankAccountRecord> {
  return ctx.stores.bankAccounts.query(tenant.id, {}, page);
}

export function getBankAccount(ctx: DomainContext, tenant: Tenant, id: string): BankAccountRecord {
  return ctx.stores.bankAccounts.get(tenant.id, id) ?? notFound('#/account_id', 'bank account');
}
