import { expect } from 'vitest';
import type { ApiResponse, ContractClient } from './contract-client.js';
import type { TestEmulator } from './emulator.js';
import { bankingCardInput, cardholderInput } from './fixtures.js';
import { fundedAccount } from './ledger.js';
import { startReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver.js';

/** The README's ATM fee: COP 5,000.00 (written here from the README, not read from the emulator). */
export const ATM_FEE = 500_000;

/** Pesos in COP cents: COP(12_000) is COP 12,000.00. */
export const COP = (pesos: number) => ({ amount: pesos * 100, currency: 'COP' });
export const USD = (dollars: number) => ({ amount: Math.round(dollars * 100), currency: 'USD' });

/** A merchant as the network sends it. */
export const merchant = (overrides: Record<string, string> = {}) => ({ id: 'EXITO001', name: 'Almacenes Exito', mcc: '5411', country: 'COL', ...overrides });

let accounts = 0;

/** A Core card on a new sub-account funded with `pesos` (0: none), in the default virtual group. */
export async function coreCard(t: TestEmulator, pesos: number, extra: Record<string, unknown> = {}): Promise<{ cardId: string; accountId: string }> {
  const accountId = await fundedAccount(t.api, `core-card-${++accounts}`, pesos * 100);
  const res = await t.api.post('/v1/ledger/cards', { account_id: accountId, configuration_group_id: t.seed.virtualGroupId, cardholder: cardholderInput(), ...extra });
  expect(res.status).toBe(201);
  return { cardId: res.body.id, accountId };
}

/** A debit banking card on the seeded operating bank account. */
export async function debitCard(t: TestEmulator, extra: Record<string, unknown> = {}): Promise<{ cardId: string; accountId: string }> {
  const res = await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId, extra));
  expect(res.status).toBe(201);
  return { cardId: res.body.id, accountId: t.seed.bankAccountId };
}

/** A prepaid banking card loaded with `pesos` from the seeded bank account. */
export async function prepaidCard(t: TestEmulator, pesos: number): Promise<{ cardId: string; accountId: string }> {
  const res = await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId, { configuration_group_id: t.seed.prepaidGroupId, initial_balance: COP(pesos) }));
  expect(res.status).toBe(201);
  return { cardId: res.body.id, accountId: t.seed.bankAccountId };
}

export const authorize = (api: ContractClient, cardId: string, body: Record<string, unknown>) => api.post(`/_emulator/cards/${cardId}/authorizations`, body);

/** POST a follow-up of a card transaction: reversal, credit-adjustment, debit-adjustment, settlement, refund. */
export const followUp = (api: ContractClient, transactionId: string, kind: string, body?: Record<string, unknown>) =>
  api.post(`/_emulator/card-transactions/${transactionId}/${kind}`, body);

/** An approved authorization's answer; fails the test when it was not approved. */
export async function approved(res: Promise<ApiResponse> | ApiResponse): Promise<ApiResponse> {
  const answer = await res;
  expect(answer.status, answer.text).toBe(201);
  expect(answer.body.decline, answer.text).toBeNull();
  return answer;
}

/** A declined authorization's reason and rule; fails the test when it was approved. */
export async function declineOf(res: Promise<ApiResponse> | ApiResponse): Promise<{ reason: string; rule: string; spending_control_id: string | null; spending_control_target: string | null; message: string }> {
  const answer = await res;
  expect(answer.status, answer.text).toBe(201);
  expect(answer.body.transaction.state).toBe('declined');
  expect(answer.body.decline).not.toBeNull();
  expect(answer.body.transaction.declination_reason).toBe(answer.body.decline.reason);
  return answer.body.decline;
}

/** What a banking card draws on, as the API shows it: a bank account's available balance, or a prepaid card's. */
export async function bankAvailable(api: ContractClient, accountId: string): Promise<number> {
  const res = await api.get(`/v1/accounts/${accountId}/balances`);
  expect(res.status).toBe(200);
  return res.body.available.amount;
}

export async function prepaidHolds(api: ContractClient, cardId: string): Promise<number> {
  const res = await api.get(`/v1/cards/${cardId}/prepaid/balance`);
  expect(res.status).toBe(200);
  return res.body.balance.amount;
}

/** A receiver registered for the tenant's webhooks. */
export async function listen(api: ContractClient): Promise<WebhookReceiver> {
  const receiver = await startReceiver();
  expect((await api.post('/_emulator/webhooks', { url: receiver.url })).status).toBe(201);
  return receiver;
}

/** The `data` of every card_transaction webhook received, in the order received. */
export const cardEvents = (receiver: WebhookReceiver): Record<string, any>[] =>
  receiver.received.filter((r: ReceivedWebhook) => r.body.event.type === 'card_transaction').map((r) => r.body.event.data);

/** The `data` of every ledger webhook received about a card transaction. */
export const ledgerEventsOf = (receiver: WebhookReceiver, transactionId: string): Record<string, any>[] =>
  receiver.received
    .filter((r) => r.body.event.type === 'ledger_account_transaction_created' && r.body.event.data.id_in_origin === transactionId)
    .map((r) => r.body.event.data);
