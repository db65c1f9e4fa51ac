import type { MonoComponents } from '../../contracts/index.js';
import type { Money, SubaccountOperationRecord, Tenant } from '../ports/records.js';
import type { DomainContext } from './context.js';
import { fail } from './errors.js';
import { dateOf, sourceForTarget, targetForSource, transferRate } from './fx-rates.js';
import { usableAccount } from './ledger-accounts.js';
import { claimExternalId, recordSubaccountOperation } from './subaccount-operations.js';

export type LedgerTransferInput = MonoComponents['schemas']['LedgerTransferCreate'];

type AmountField = 'amount' | 'source_amount' | 'target_amount';

/** The one amount a transfer names: the SDK's `amount`, or the docs' `source_amount` or `target_amount` (the other null). */
function transferAmount(input: LedgerTransferInput): { field: AmountField; money: Money } {
  const sent = (['amount', 'source_amount', 'target_amount'] as const).filter((field) => input[field] != null);
  if (sent.length === 0) fail('missing_field', '#/source_amount', 'Send source_amount or target_amount (or the SDK\'s amount); the other null.');
  if (sent.length > 1) fail('invalid_value', `#/${sent[1]!}`, `Send one amount; ${sent.join(' and ')} were both sent.`);
  const field = sent[0]!;
  return { field, money: input[field]! };
}

/** A rate sent as a number or a string, as the decimal string the operation keeps. */
export function rateText(rate: number | string): string {
  const text = typeof rate === 'string' ? rate : /e/i.test(String(rate)) ? rate.toFixed(12) : String(rate);
  if (!/[1-9]/.test(text)) fail('out_of_range', '#/fx_rate', 'The rate must be greater than zero.');
  return text;
}

/**
 * §14: moves money between two of the tenant's active sub-accounts (active holders too) as an
 * `account_to_account` subaccount operation: a debit of the payer and a credit of the receiver,
 * written together or not at all. Within one currency both legs move the amount sent. Across
 * currencies the amount sent fixes one side and the rate the other: the rate sent, or the day's
 * market rate plus the spread (fx-rates.ts).
 */
export function createLedgerTransfer(ctx: DomainContext, tenant: Tenant, input: LedgerTransferInput): SubaccountOperationRecord {
  const { field, money } = transferAmount(input);
  const payer = usableAccount(ctx, tenant, input.payer_account_id, '#/payer_account_id');
  if (input.receiving_account_id === payer.id) fail('same_account_transfer', '#/receiving_account_id');
  const receiver = usableAccount(ctx, tenant, input.receiving_account_id, '#/receiving_account_id');
  const fixesTarget = field === 'target_amount';
  const expected = fixesTarget ? receiver.currency : payer.currency;
  if (money.currency !== expected) {
    fail('currency_mismatch', `#/${field}/currency`, `The ${fixesTarget ? 'receiving' : 'payer'} account is in ${expected}.`);
  }
  claimExternalId(ctx, tenant, input.external_id);

  const now = ctx.clock.now();
  let source = money.amount;
  let target = money.amount;
  let fxRate: string | null = null;
  if (payer.currency !== receiver.currency) {
    fxRate = input.fx_rate == null ? transferRate(payer.currency, receiver.currency, dateOf(now)) : rateText(input.fx_rate);
    if (fixesTarget) source = sourceForTarget(target, fxRate);
    else target = targetForSource(source, fxRate);
    if (target < 1) fail('out_of_range', `#/${field}/amount`, `The amount converts to less than one minor unit of ${receiver.currency}.`);
    if (source > Number.MAX_SAFE_INTEGER) fail('out_of_range', `#/${field}/amount`, 'The converted amount is larger than the emulator keeps exactly.');
  }
  const operation: SubaccountOperationRecord = {
    id: ctx.ids.next('sao'),
    operationType: 'account_to_account',
    amount: { amount: source, currency: payer.currency },
    targetAmount: { amount: target, currency: receiver.currency },
    fxRate,
    originAccountId: payer.id,
    destinationAccountId: receiver.id,
    externalId: input.external_id,
    description: input.description ?? null,
    reference: input.reference ?? null,
    metadata: {},
    state: 'successful',
    insertedAt: now,
  };
  const amountPath = `#/${field}/amount`;
  return recordSubaccountOperation(ctx, tenant, operation, [
    { accountId: payer.id, operationType: 'debit', amount: operation.amount, amountPath },
    { accountId: receiver.id, operationType: 'credit', amount: operation.targetAmount, amountPath },
  ]);
}
