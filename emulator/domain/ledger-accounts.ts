import type { MonoComponents } from '../../contracts/index.js';
import type { CurrencyCode, LedgerAccountRecord, LedgerAccountState, LedgerAccountType, Tenant } from '../ports/records.js';
import type { Page, PageRequest } from '../ports/stores.js';
import type { DomainContext } from './context.js';
import { fail, notFound } from './errors.js';
import { timeBounds } from './time-bounds.js';
import { anyOf } from './list-filter.js';

type Schemas = MonoComponents['schemas'];
export type LedgerAccountInput = Schemas['LedgerAccountCreate'];
export type LedgerAccountPatch = Schemas['LedgerAccountUpdate'];

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
    type: 'subaccount',
    state: 'active',
    stateReason: null,
    stateReasonDetail: null,
    available: 0,
    pending: 0,
    insertedAt: now,
    updatedAt: now,
  };
  ctx.stores.ledgerAccounts.put(tenant.id, account);
  return account;
}

/** The list filters of GET /v1/ledger/accounts, each taking any of its values. */
export interface LedgerAccountFilter {
  currencies?: readonly CurrencyCode[] | undefined;
  holderIds?: readonly string[] | undefined;
  states?: readonly LedgerAccountState[] | undefined;
  types?: readonly LedgerAccountType[] | undefined;
  insertedFrom?: string | undefined;
  insertedUntil?: string | undefined;
  /** Mono's `nickname[contains]`: part of the account's name, ignoring case. */
  nameContains?: string | undefined;
}


/** Newest first. */
export function listLedgerAccounts(ctx: DomainContext, tenant: Tenant, filter: LedgerAccountFilter, page: PageRequest): Page<LedgerAccountRecord> {
  return ctx.stores.ledgerAccounts.query(
    tenant.id,
    {
      where: { currency: anyOf(filter.currencies), holderId: anyOf(filter.holderIds), state: anyOf(filter.states), type: anyOf(filter.types) },
      within: { insertedAt: timeBounds(filter.insertedFrom, filter.insertedUntil) },
      contains: { name: filter.nameContains },
      order: 'newest',
    },
    page,
  );
}

export function getLedgerAccount(ctx: DomainContext, tenant: Tenant, id: string, path = '#/account_id'): LedgerAccountRecord {
  return ctx.stores.ledgerAccounts.get(tenant.id, id) ?? notFound(path, 'ledger account');
}

/**
 * §13, §14: money moves only on an active sub-account whose holder is active (balance operations,
 * transfers on both sides, new cards). Anything else is 422 account_not_active at `path`.
 */
export function usableAccount(ctx: DomainContext, tenant: Tenant, id: string, path: string): LedgerAccountRecord {
  const account = getLedgerAccount(ctx, tenant, id, path);
  if (account.type !== 'subaccount') fail('account_not_active', path, 'Only sub-accounts take balance operations, transfers and cards.');
  if (account.state !== 'active') fail('account_not_active', path, `The account is ${account.state}.`);
  const holder = ctx.stores.accountHolders.get(tenant.id, account.holderId);
  if (holder?.state !== 'active') fail('account_not_active', path, `The account's holder is ${holder?.state ?? 'gone'}.`);
  return account;
}

/**
 * §10: a sub-account is blocked or unblocked, with a reason and a detail; canceled accounts
 * cannot change, and only sub-accounts can be modified.
 */
export function updateLedgerAccount(ctx: DomainContext, tenant: Tenant, id: string, patch: LedgerAccountPatch): LedgerAccountRecord {
  const account = getLedgerAccount(ctx, tenant, id);
  if (account.type !== 'subaccount') fail('account_not_modifiable', '#/account_id', `A ${account.type} account cannot be modified; only sub-accounts can.`);
  if (account.state === 'canceled') fail('account_canceled', '#/state', 'The account is canceled; canceled accounts cannot change.');
  const updated: LedgerAccountRecord = {
    ...account,
    state: patch.state,
    stateReason: patch.reason ?? null,
    stateReasonDetail: patch.detail ?? null,
    updatedAt: ctx.clock.now(),
  };
  ctx.stores.ledgerAccounts.put(tenant.id, updated);
  return updated;
}
