import type { MonoComponents } from '../../contracts/index.js';
import type { SubaccountOperationRecord, Tenant } from '../ports/records.js';
import type { DomainContext } from './context.js';
import { fail, notFound } from './errors.js';
import { usableAccount } from './ledger-accounts.js';
import { commitPostings, preparePostings, type PostingPlan } from './ledger-postings.js';

export type BalanceOperationInput = MonoComponents['schemas']['BalanceOperationCreate'];

/** §13, §14: `external_id` is unique per tenant among top-ups, withdrawals and transfers alike. */
export function claimExternalId(ctx: DomainContext, tenant: Tenant, externalId: string): void {
  if (ctx.stores.subaccountOperations.getByKey(tenant.id, externalId)) {
    fail('external_id_already_used', '#/external_id', 'A subaccount operation with this external_id exists.');
  }
}

/**
 * Writes a subaccount operation and its ledger transactions in one step: the postings are
 * checked first, so a refused operation writes nothing and does not take its `external_id`.
 */
export function recordSubaccountOperation(
  ctx: DomainContext,
  tenant: Tenant,
  operation: SubaccountOperationRecord,
  plans: readonly Omit<PostingPlan, 'origin' | 'idInOrigin' | 'description' | 'originTransactionAt'>[],
): SubaccountOperationRecord {
  const prepared = preparePostings(
    ctx,
    tenant,
    plans.map((plan) => ({
      ...plan,
      origin: 'subaccount_operation' as const,
      idInOrigin: operation.id,
      description: operation.description,
      originTransactionAt: operation.insertedAt,
    })),
  );
  ctx.stores.subaccountOperations.put(tenant.id, operation);
  commitPostings(ctx, tenant, prepared);
  return operation;
}

/**
 * §13: a top-up or withdrawal of an active sub-account with an active holder, in the account's
 * currency. The operation (`sao_`) is answered; its ledger transaction, a credit or a debit,
 * names it in `id_in_origin`. A withdrawal cannot take available below zero.
 */
export function applyBalanceOperation(ctx: DomainContext, tenant: Tenant, accountId: string, input: BalanceOperationInput): SubaccountOperationRecord {
  const account = usableAccount(ctx, tenant, accountId, '#/account_id');
  if (input.amount.currency !== account.currency) fail('currency_mismatch', '#/amount/currency', `The account is in ${account.currency}.`);
  claimExternalId(ctx, tenant, input.external_id);
  const topup = input.operation === 'topup';
  const operation: SubaccountOperationRecord = {
    id: ctx.ids.next('sao'),
    operationType: input.operation,
    amount: input.amount,
    targetAmount: input.amount,
    fxRate: null,
    originAccountId: topup ? null : account.id,
    destinationAccountId: topup ? account.id : null,
    externalId: input.external_id,
    description: input.description ?? null,
    reference: input.reference ?? null,
    metadata: input.metadata ?? {},
    state: 'successful',
    insertedAt: ctx.clock.now(),
  };
  return recordSubaccountOperation(ctx, tenant, operation, [{ accountId: account.id, operationType: topup ? 'credit' : 'debit', amount: input.amount }]);
}

/** GET /v1/ledger/subaccount_operations/find_successful_by: every operation the emulator applies succeeded. */
export function findSuccessfulSubaccountOperation(ctx: DomainContext, tenant: Tenant, externalId: string): SubaccountOperationRecord {
  const operation = ctx.stores.subaccountOperations.getByKey(tenant.id, externalId);
  if (operation?.state !== 'successful') notFound('#/external_id', 'successful subaccount operation');
  return operation;
}
