import type { BankAccountRecord } from '../ports/records.js';
import { isoSeconds } from './time.js';
import type { Schemas } from './schemas.js';

export function presentBankAccount(account: BankAccountRecord): Schemas['BankAccount'] {
  return {
    id: account.id,
    name: account.name,
    number: account.number,
    provider: 'coopcentral',
    state: 'active',
    type: 'savings_account',
    balance: {
      available: { amount: account.available, currency: account.currency },
      updated_at: isoSeconds(account.balanceUpdatedAt),
    },
    inserted_at: isoSeconds(account.insertedAt),
    updated_at: isoSeconds(account.updatedAt),
  };
}

export function presentBankAccountBalance(account: BankAccountRecord): Schemas['BankAccountBalance'] {
  return {
    id: account.id,
    available: { amount: account.available, currency: account.currency },
    inserted_at: isoSeconds(account.insertedAt),
    updated_at: isoSeconds(account.balanceUpdatedAt),
  };
}
