import type { LedgerOperationType, LedgerOrigin, LedgerTransactionRecord, Tenant } from '../ports/records.js';
import type { Page, PageRequest } from '../ports/stores.js';
import type { LedgerOriginView, LedgerTransactionView } from '../ports/views.js';
import type { DomainContext } from './context.js';
import { notFound } from './errors.js';
import { getLedgerAccount } from './ledger-accounts.js';
import { timeBounds } from './time-bounds.js';
import { anyOf } from './list-filter.js';

/**
 * What caused a transaction, for its `details`: the subaccount operation, or the card transaction
 * (as it is when the view is made: a hold's details show the authorization settled once it is);
 * null for origins the emulator keeps no record of.
 */
function originView(ctx: DomainContext, tenant: Tenant, transaction: LedgerTransactionRecord): LedgerOriginView {
  const { origin, idInOrigin } = transaction;
  if (idInOrigin === null) return null;
  if (origin === 'subaccount_operation') {
    const operation = ctx.stores.subaccountOperations.get(tenant.id, idInOrigin);
    return operation ? { origin, operation } : null;
  }
  if (origin === 'card_transaction' || origin === 'card_presentment_payment') {
    const card = ctx.stores.cardTransactions.get(tenant.id, idInOrigin);
    return card ? { origin, transaction: card } : null;
  }
  return null;
}

export function ledgerTransactionView(ctx: DomainContext, tenant: Tenant, transaction: LedgerTransactionRecord): LedgerTransactionView {
  return { transaction, details: originView(ctx, tenant, transaction) };
}

export interface LedgerTransactionFilter {
  excludeReversed?: boolean | undefined;
  operationTypes?: readonly LedgerOperationType[] | undefined;
  origins?: readonly LedgerOrigin[] | undefined;
  transactionAtFrom?: string | undefined;
  transactionAtUntil?: string | undefined;
  /** Mono's `sort[field]`; `inserted_at` is the instant a transaction was written, its `transaction_at`. */
  sortField?: 'transaction_at' | 'origin_transaction_at' | 'inserted_at' | undefined;
  sortType?: 'asc' | 'desc' | undefined;
}


/**
 * §12.2: an account's transactions, newest first by `transaction_at` unless sorted otherwise.
 * `exclude_reversed` leaves out both sides of every reversal.
 */
export function listLedgerTransactions(
  ctx: DomainContext,
  tenant: Tenant,
  accountId: string,
  filter: LedgerTransactionFilter,
  page: PageRequest,
): Page<LedgerTransactionView> {
  const account = getLedgerAccount(ctx, tenant, accountId);
  const result = ctx.stores.ledgerTransactions.query(
    tenant.id,
    {
      where: {
        accountId: account.id,
        operationType: anyOf(filter.operationTypes),
        origin: anyOf(filter.origins),
        ...(filter.excludeReversed ? { revertedById: null, revertsId: null } : {}),
      },
      within: { transactionAt: timeBounds(filter.transactionAtFrom, filter.transactionAtUntil) },
      sort: {
        field: filter.sortField === 'origin_transaction_at' ? 'originTransactionAt' : 'transactionAt',
        direction: filter.sortType ?? 'desc',
      },
    },
    page,
  );
  return { items: result.items.map((t) => ledgerTransactionView(ctx, tenant, t)), totalItems: result.totalItems };
}

export function getLedgerTransaction(ctx: DomainContext, tenant: Tenant, accountId: string, transactionId: string): LedgerTransactionView {
  const account = getLedgerAccount(ctx, tenant, accountId);
  const transaction = ctx.stores.ledgerTransactions.get(tenant.id, transactionId);
  if (!transaction || transaction.accountId !== account.id) notFound('#/transaction_id', 'ledger transaction');
  return ledgerTransactionView(ctx, tenant, transaction);
}
