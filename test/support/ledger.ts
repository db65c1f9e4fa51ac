import { expect } from 'vitest';
import type { ContractClient } from './contract-client.js';
import { accountHolderInput } from './fixtures.js';

/** Opens an account holder through the API; answers its id. */
export async function createHolder(api: ContractClient, externalId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await api.post('/v1/ledger/account_holders', accountHolderInput(externalId, overrides));
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Opens a sub-account through the API; answers its id. */
export async function createAccount(api: ContractClient, holderId: string, currency_code = 'COP', extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api.post('/v1/ledger/accounts', { holder_id: holderId, currency_code, ...extra });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** A sub-account of a new holder, funded with `amount` by a top-up when it is not 0. */
export async function fundedAccount(api: ContractClient, externalId: string, amount: number, currency = 'COP'): Promise<string> {
  const accountId = await createAccount(api, await createHolder(api, externalId), currency);
  if (amount > 0) {
    const res = await api.post(`/v1/ledger/accounts/${accountId}/balance`, balanceOperation('topup', amount, `${externalId}-funding`, currency));
    expect(res.status).toBe(201);
  }
  return accountId;
}

export const balanceOperation = (kind: 'topup' | 'withdrawal', amount: number, external_id: string, currency = 'COP') => ({
  operation: kind,
  amount: { amount, currency },
  external_id,
});

export async function balances(api: ContractClient, accountId: string): Promise<{ available: number; pending: number }> {
  const res = await api.get(`/v1/ledger/accounts/${accountId}/balances`);
  expect(res.status).toBe(200);
  return { available: res.body.available.amount, pending: res.body.pending.amount };
}

export async function available(api: ContractClient, accountId: string): Promise<number> {
  return (await balances(api, accountId)).available;
}

export interface ListedTransaction {
  id: string;
  operation_type: 'credit' | 'debit' | 'hold' | 'release';
  amount: { amount: number; currency: string };
  id_in_origin: string | null;
  [field: string]: unknown;
}

/** Every transaction of an account (up to 500), newest first. */
export async function transactionsOf(api: ContractClient, accountId: string, query = ''): Promise<ListedTransaction[]> {
  const res = await api.get(`/v1/ledger/accounts/${accountId}/transactions?page_size=500${query}`);
  expect(res.status).toBe(200);
  return res.body.transactions;
}

/** What an account's transactions add up to: credits less debits is available plus pending. */
export function ledgerSum(transactions: readonly ListedTransaction[]): number {
  return transactions.reduce((sum, t) => sum + (t.operation_type === 'credit' ? t.amount.amount : t.operation_type === 'debit' ? -t.amount.amount : 0), 0);
}
