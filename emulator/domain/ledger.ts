import type { MonoComponents } from '../../contracts/index.js';
import { storedAddress } from './address.js';
import { documentTypeProblem } from './cardholders.js';
import type { DomainContext } from './context.js';
import { fail, notFound, throwIfAny } from './errors.js';
import { anyOf } from './list-filter.js';
import type { Page, PageRequest } from '../ports/stores.js';
import type { AccountHolderRecord, LedgerAccountRecord, LedgerTransactionRecord, Tenant } from '../ports/records.js';

type Schemas = MonoComponents['schemas'];
export type AccountHolderInput = Schemas['AccountHolderCreate'];
export type LedgerAccountInput = Schemas['LedgerAccountCreate'];
export type BalanceOperationInput = Schemas['BalanceOperationCreate'];

/** §14: account holders are unique per tenant by `external_id`. */
export function createAccountHolder(ctx: DomainContext, tenant: Tenant, input: AccountHolderInput): AccountHolderRecord {
  throwIfAny([documentTypeProblem(input.person.document_type, input.person.country_code, '#/person/document_type')]);
  if (ctx.stores.accountHolders.getByKey(tenant.id, input.external_id)) {
    fail('external_id_already_used', '#/external_id', 'An account holder with this external_id exists.');
  }
  const now = ctx.clock.now();
  const holder: AccountHolderRecord = {
    id: ctx.ids.next('acch'),
    external_id: input.external_id,
    person: input.person,
    address: storedAddress(input.address),
    email: input.email ?? null,
    phone_number: input.phone_number ?? null,
    metadata: input.metadata ?? {},
    state: 'active',
    insertedAt: now,
    updatedAt: now,
  };
  ctx.stores.accountHolders.put(tenant.id, holder);
  return holder;
}

/** §14: a sub-account for an active holder, in one of the tenant's currencies, on its default program. */
export function createLedgerAccount(ctx: DomainContext, tenant: Tenant, input: LedgerAccountInput): LedgerAccountRecord {
  const holder = ctx.stores.accountHolders.get(tenant.id, input.holder_id) ?? notFound('#/holder_id', 'account holder');
  if (holder.state !== 'active') fail('account_not_active', '#/holder_id', 'The account holder is not active.');
  if (!tenant.currencies.includes(input.currency_code)) {
    fail('unsupported_currency', '#/currency_code', `The tenant supports ${tenant.currencies.join(', ')}.`);
  }
  if (input.program_id && input.program_id !== tenant.defaultProgramId) notFound('#/program_id', 'program');
  const now = ctx.clock.now();
  const account: LedgerAccountRecord = {
    id: ctx.ids.next('lacc'),
    holderId: holder.id,
    currency: input.currency_code,
    name: input.name ?? null,
    metadata: input.metadata ?? {},
    programId: tenant.defaultProgramId,
    state: 'active',
    available: 0,
    pending: 0,
    insertedAt: now,
    updatedAt: now,
  };
  ctx.stores.ledgerAccounts.put(tenant.id, account);
  return account;
}

/** Each filter takes any of its values; an absent or empty one matches anything. */
export interface LedgerAccountFilter {
  currencies?: readonly LedgerAccountRecord['currency'][] | undefined;
  holderIds?: readonly string[] | undefined;
  states?: readonly LedgerAccountRecord['state'][] | undefined;
  types?: readonly string[] | undefined;
}

export function listLedgerAccounts(ctx: DomainContext, tenant: Tenant, filter: LedgerAccountFilter, page: PageRequest): Page<LedgerAccountRecord> {
  // Mono's ledger has five account types; the four besides `subaccount` are Mono's own, never opened here.
  if (filter.types?.length && !filter.types.includes('subaccount')) return { items: [], totalItems: 0 };
  const where = { currency: anyOf(filter.currencies), holderId: anyOf(filter.holderIds), state: anyOf(filter.states) };
  return ctx.stores.ledgerAccounts.query(tenant.id, { where, order: 'newest' }, page);
}

export function getLedgerAccount(ctx: DomainContext, tenant: Tenant, id: string): LedgerAccountRecord {
  return ctx.stores.ledgerAccounts.get(tenant.id, id) ?? notFound('#/account_id', 'ledger account');
}

/**
 * §13: top-up or withdrawal on an active sub-account with an active holder, in the account's
 * currency; `external_id` is unique per tenant. A withdrawal cannot take the balance below zero.
 */
export function applyBalanceOperation(ctx: DomainContext, tenant: Tenant, accountId: string, input: BalanceOperationInput): LedgerTransactionRecord {
  const account = getLedgerAccount(ctx, tenant, accountId);
  const holder = ctx.stores.accountHolders.get(tenant.id, account.holderId);
  if (account.state !== 'active' || holder?.state !== 'active') fail('account_not_active', '#/account_id');
  if (input.amount.currency !== account.currency) {
    fail('currency_mismatch', '#/amount/currency', `The account is in ${account.currency}.`);
  }
  if (ctx.stores.ledgerTransactions.getByKey(tenant.id, input.external_id)) {
    fail('external_id_already_used', '#/external_id', 'A balance operation with this external_id exists.');
  }
  const delta = input.operation === 'topup' ? input.amount.amount : -input.amount.amount;
  if (account.available + delta < 0) {
    fail('insufficient_funds', '#/amount/amount', `The account has ${account.available} available.`);
  }
  if (account.available + delta > Number.MAX_SAFE_INTEGER) {
    fail('out_of_range', '#/amount/amount', 'The balance would exceed the largest amount the emulator keeps exactly.');
  }
  const now = ctx.clock.now();
  const transaction: LedgerTransactionRecord = {
    id: ctx.ids.next('ltx'),
    accountId: account.id,
    amount: input.amount,
    operation: input.operation,
    externalId: input.external_id,
    description: input.description ?? null,
    reference: input.reference ?? null,
    metadata: input.metadata ?? {},
    transactionAt: now,
  };
  ctx.stores.ledgerTransactions.put(tenant.id, transaction);
  ctx.stores.ledgerAccounts.put(tenant.id, { ...account, available: account.available + delta, updatedAt: now });
  // §12.4: every movement on a sub-account is announced.
  ctx.events.emit(tenant, { type: 'ledger_account_transaction_created', transaction });
  return transaction;
}
