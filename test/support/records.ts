import type {
  AccountHolderRecord,
  CardholderRecord,
  CardRecord,
  CardState,
  CardTransactionRecord,
  CardType,
  LedgerTransactionRecord,
  SubaccountOperationRecord,
} from '../../emulator/ports/records.js';

/**
 * Records as the emulator stores them, for the port suites: each builder takes the id and the
 * fields a suite sets, and fills the rest with plausible values.
 */

export const CARD_STATES: readonly CardState[] = ['created', 'active', 'frozen', 'canceled'];
export const CARD_TYPES: readonly CardType[] = ['virtual', 'plastic'];
export const ACCOUNTS = ['acc_000000000000000000000A', 'acc_000000000000000000000B', 'lacc_00000000000000000000000C'] as const;

export function cardRecord(id: string, values: Partial<CardRecord> = {}): CardRecord {
  return {
    id,
    accountId: ACCOUNTS[0],
    cardholderId: 'carh_0000000000000000000001',
    configurationGroupId: 'ccg_0000000000000000000001',
    type: 'virtual',
    state: 'active',
    nickname: null,
    maskedPan: `411111******${id.slice(-4)}`,
    initialBalance: null,
    spendingControlId: null,
    prepaidBalance: null,
    ...values,
  };
}

export function cardholderRecord(id: string, values: Partial<CardholderRecord> = {}): CardholderRecord {
  return {
    id,
    first_name: 'Dennis',
    middle_name: null,
    last_name: 'Ritchie',
    second_last_name: null,
    birthdate: '1941-09-09',
    email: 'dennis.ritchie@example.com',
    phone_number: '+573001234567',
    nationality: 'CO',
    document: { type: 'CC', number: '1023711432', country_code: 'CO', person_type: 'natural' },
    address: { line_1: 'Calle 97 # 15-24', line_2: 'Apto. 208', city: 'Bogotá', state: 'Bogotá D.C.', zip_code: '110221', country: 'CO' },
    ...values,
  };
}

export function accountHolderRecord(id: string, values: Partial<AccountHolderRecord> = {}): AccountHolderRecord {
  return {
    id,
    client_id: 'ten_0000000000000000000001',
    type: 'third_party',
    external_id: `ext-${id}`,
    person: {
      country_code: 'CO',
      document_number: '79123456',
      document_type: 'CC',
      first_name: 'Ana',
      middle_name: null,
      last_name: 'Gómez',
      second_last_name: null,
      person_type: 'natural',
    },
    address: { line_1: 'Carrera 7 # 71-21', city: 'Bogotá', state: 'Bogotá D.C.', zip_code: '110231', country: 'CO' },
    email: 'ana.gomez@example.com',
    phone_number: null,
    metadata: { segment: 'retail', tier: 2, vip: false },
    state: 'active',
    state_reason: null,
    state_reason_detail: null,
    insertedAt: 1_767_225_600_000,
    updatedAt: 1_767_225_600_000,
    ...values,
  };
}

export function ledgerTransactionRecord(id: string, values: Partial<LedgerTransactionRecord> = {}): LedgerTransactionRecord {
  return {
    id,
    accountId: 'lacc_0000000000000000000001',
    operationType: 'credit',
    amount: { amount: 5_000_000, currency: 'COP' },
    origin: 'subaccount_operation',
    idInOrigin: 'sao_0000000000000000000001',
    description: null,
    originTransactionAt: 1_767_225_600_000,
    transactionAt: 1_767_225_600_000,
    revertsId: null,
    revertedById: null,
    holdId: null,
    settledFromHold: 0,
    ...values,
  };
}

/** A declined purchase unless the values say otherwise: no hold, nothing moved. */
export function cardTransactionRecord(id: string, values: Partial<CardTransactionRecord> = {}): CardTransactionRecord {
  return {
    id,
    cardId: 'car_0000000000000000000001',
    accountId: 'lacc_0000000000000000000001',
    source: 'ledger_account',
    type: 'authorization_declined',
    channel: 'pos',
    operationType: 'debit',
    amount: { amount: 2_500_000, currency: 'COP' },
    merchantAmount: { amount: 2_500_000, currency: 'COP' },
    gmf: 0,
    withdrawalFee: null,
    fxRate: null,
    description: 'Purchase at Almacenes Exito',
    merchant: { id: 'EXITO001', name: 'Almacenes Exito', mcc: '5411', country: 'COL' },
    scope: 'local',
    state: 'declined',
    decline: { reason: 'card_frozen', rule: 'card_state', spendingControlId: null, spendingControlTarget: null, message: 'The card is frozen.' },
    originalTransactionId: null,
    previousValues: null,
    transactionAt: 1_767_225_600_000,
    hold: null,
    refunded: 0,
    ...values,
  };
}

export function subaccountOperationRecord(id: string, values: Partial<SubaccountOperationRecord> = {}): SubaccountOperationRecord {
  return {
    id,
    operationType: 'topup',
    amount: { amount: 5_000_000, currency: 'COP' },
    targetAmount: { amount: 5_000_000, currency: 'COP' },
    fxRate: null,
    originAccountId: null,
    destinationAccountId: 'lacc_0000000000000000000001',
    externalId: `ext-${id}`,
    description: null,
    reference: 'nómina enero',
    metadata: {},
    state: 'successful',
    insertedAt: 1_767_225_600_000,
    ...values,
  };
}
