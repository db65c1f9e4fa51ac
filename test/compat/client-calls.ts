import type { ReplayedCall } from '../support/replay.js';

/**
 * The calls of public client code written against Mono's sandbox (api.sandbox.cuentamono.com),
 * described here as data in the project's words: what each call sends and what its code reads
 * back. Three clients: the Next.js routes of a wallet app (its sign-up flow stayed unchanged for
 * 18 commits, so it worked on Mono), a Netlify demo function, and an Express service. The values
 * are made up; the shapes (extra fields, string amounts, a key shared by two calls, an empty key
 * forwarded by a proxy) are theirs. Each flow runs in order; `{{name}}` is an id kept from an
 * earlier call or from the tenant (bank_account_id, ledger_account_id and a second sub-account,
 * virtual_group_id).
 */

const ADDRESS = { city: 'Bogota', country: 'CO', line_1: 'Calle 80 9 69', state: 'Bogota', zip_code: '110111' };
const CARDHOLDER = {
  address: ADDRESS,
  document: { person_type: 'natural', type: 'CC', country_code: 'CO', number: '1020304050' },
  birthdate: '1990-05-17',
  email: 'laura.rojas@example.com',
  first_name: 'Laura',
  last_name: 'Rojas',
  nationality: 'CO',
  phone_number: '+573001112233',
};
/** What a card screen of these clients shows; `card_art_url` is read when present (Mono's schemas have no such field). */
const CARD_READS = { id: 'string', last_four: 'string', state: 'string', nickname: 'string?', card_art_url: 'string?' } as const;
const TRANSACTION_READS = {
  'transactions[].id': 'string',
  'transactions[].description': 'string?',
  'transactions[].amount.amount': 'integer',
  'transactions[].transaction_at': 'string',
  'transactions[].operation_type': 'string',
  'pagination.total_pages': 'integer',
} as const;
const SHARED_KEY_WARNING = 'x-idempotency-key also used for POST /v1/ledger/account_holders; keys are kept per operation';
const EMPTY_KEY_WARNING = 'ignored an empty x-idempotency-key; the request ran without one';

/** The wallet app: sign-up (holder, account, first top-up with one key and a string amount), recharges, cards, transfers. */
export const WALLET_APP: readonly ReplayedCall[] = [
  {
    name: 'wallet sign-up: the account holder, with a person_id Mono does not take',
    method: 'POST',
    path: '/v1/ledger/account_holders',
    headers: { 'x-idempotency-key': '6f1c2a4e-8b3d-4c5e-9f60-7a8b9c0d1e2f' },
    body: {
      address: ADDRESS,
      metadata: { empresa: 'Acme SAS' },
      person: { document_type: 'CC', person_type: 'legal', country_code: 'CO', document_number: '900123456', first_name: 'Laura', last_name: 'Rojas' },
      email: 'laura.rojas@example.com',
      external_id: '0f6e4b2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
      phone_number: '+573001112233',
      person_id: 'CC-900123456-1732000000000',
    },
    reads: { id: 'string' },
    keep: { holder_id: 'id' },
    outcome: { works: true, warnings: ['ignored unknown field #/person_id'] },
  },
  {
    name: 'wallet sign-up: the ledger account, sent with the same idempotency key',
    method: 'POST',
    path: '/v1/ledger/accounts',
    headers: { 'x-idempotency-key': '6f1c2a4e-8b3d-4c5e-9f60-7a8b9c0d1e2f' },
    body: { currency_code: 'COP', holder_id: '{{holder_id}}', name: 'Cuenta de Laura Rojas, empresa Acme SAS' },
    reads: { id: 'string' },
    keep: { account_id: 'id' },
    outcome: { works: true, warnings: [SHARED_KEY_WARNING] },
  },
  {
    name: 'wallet sign-up: the first top-up, its amount a string of digits',
    method: 'POST',
    path: '/v1/ledger/accounts/{{account_id}}/balance',
    headers: { 'x-idempotency-key': '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
    body: { amount: { currency: 'COP', amount: '10000000' }, operation: 'topup', external_id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e' },
    outcome: { works: true, warnings: ['read the string at #/amount/amount as an integer'] },
  },
  {
    name: 'wallet recharge through PSE',
    method: 'POST',
    path: '/v1/ledger/accounts/{{account_id}}/balance',
    headers: { 'x-idempotency-key': '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f' },
    body: { amount: { currency: 'COP', amount: 5000000 }, operation: 'topup', description: 'Recarga vía PSE', external_id: '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a' },
    reads: { id: 'string' },
    outcome: { works: true },
  },
  {
    name: 'wallet balance',
    method: 'GET',
    path: '/v1/ledger/accounts/{{account_id}}/balances',
    headers: { 'cache-control': 'no-cache' },
    reads: { 'available.amount': 'integer', 'available.currency': 'string', 'pending.amount': 'integer' },
    outcome: { works: true },
  },
  {
    name: 'wallet movements, a page',
    method: 'GET',
    path: '/v1/ledger/accounts/{{account_id}}/transactions',
    query: { page_size: '10', page_number: '1' },
    reads: TRANSACTION_READS,
    outcome: { works: true },
  },
  {
    name: 'wallet movements, newest first',
    method: 'GET',
    path: '/v1/ledger/accounts/{{account_id}}/transactions',
    query: { 'sort[field]': 'transaction_at', 'sort[type]': 'desc' },
    reads: TRANSACTION_READS,
    outcome: { works: true },
  },
  {
    name: 'wallet cardholder',
    method: 'POST',
    path: '/v1/cards/cardholders',
    headers: { 'x-idempotency-key': '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b' },
    body: CARDHOLDER,
    reads: { id: 'string' },
    keep: { cardholder_id: 'id' },
    outcome: { works: true },
  },
  {
    name: 'wallet card, sent with both cardholder and cardholder_id',
    why: 'both name the same person (same document), so the stored cardholder is used and the inline copy is ignored',
    method: 'POST',
    path: '/v1/ledger/cards',
    headers: { 'x-idempotency-key': '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c' },
    body: { cardholder: CARDHOLDER, account_id: '{{account_id}}', cardholder_id: '{{cardholder_id}}', configuration_group_id: '{{virtual_group_id}}', nickname: 'Mi tarjeta' },
    reads: { id: 'string', cardholder_id: 'string', state: 'string' },
    outcome: { works: true },
  },
  {
    name: 'wallet cards of the account, active and frozen',
    method: 'GET',
    path: '/v1/cards',
    query: { page_number: '1', page_size: '10', account_id: '{{account_id}}', state: ['active', 'frozen'] },
    reads: { cards: 'array', 'pagination.total_items': 'integer' },
    outcome: { works: true },
  },
  {
    name: 'wallet proxy: an account holder, the missing key forwarded as an empty one',
    method: 'POST',
    path: '/v1/ledger/account_holders',
    headers: { 'x-idempotency-key': '' },
    body: {
      address: ADDRESS,
      person: { document_type: 'CC', person_type: 'natural', country_code: 'CO', document_number: '1020304050', first_name: 'Laura', last_name: 'Rojas' },
      email: 'laura.rojas@example.com',
      external_id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
      phone_number: '+573001112233',
    },
    reads: { id: 'string' },
    keep: { proxied_holder_id: 'id' },
    outcome: { works: true, warnings: [EMPTY_KEY_WARNING] },
  },
  {
    name: 'wallet proxy: a ledger account, the missing key forwarded as an empty one',
    method: 'POST',
    path: '/v1/ledger/accounts',
    headers: { 'x-idempotency-key': '' },
    body: { currency_code: 'COP', holder_id: '{{proxied_holder_id}}' },
    reads: { id: 'string' },
    outcome: { works: true, warnings: [EMPTY_KEY_WARNING] },
  },
  {
    name: 'wallet bank transfer out of the Banking account',
    method: 'POST',
    path: '/v1/transfers',
    headers: { 'x-idempotency-key': '8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e' },
    body: {
      transfers: [
        {
          amount: { currency: 'COP', amount: 100000 },
          fallback_routing: ['ach'],
          payee: {
            bank_account: { type: 'savings_account', bank_code: '0007', number: '12345678901' },
            document_type: 'CC',
            document_number: '1020304050',
            name: 'Laura Rojas',
            phone_number: '+573001112233',
          },
          routing: 'turbo',
          description: 'Pago',
          entity_id: '9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f',
        },
      ],
      account_id: '{{bank_account_id}}',
    },
    reads: { 'transfers[].id': 'string' },
    outcome: { notEmulated: 'Banking transfers are outside card issuance' },
  },
  {
    name: 'wallet withdrawal after the transfer',
    method: 'POST',
    path: '/v1/ledger/accounts/{{account_id}}/balance',
    headers: { 'x-idempotency-key': '0d1e2f3a-4b5c-4d6e-9f7a-8b9c0d1e2f3a' },
    body: { amount: { currency: 'COP', amount: 100000 }, operation: 'withdrawal', external_id: '1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b', description: 'Retiro por transferencia a Laura Rojas' },
    reads: { id: 'string' },
    outcome: { works: true },
  },
];

/** The Netlify demo function: balance, top-up, cards, a Core card, transfers, activity. */
export const NETLIFY_DEMO: readonly ReplayedCall[] = [
  {
    name: 'demo balance',
    method: 'GET',
    path: '/v1/ledger/accounts/{{ledger_account_id}}/balances',
    reads: { pending: 'object', available: 'object', 'available.amount': 'integer', 'available.currency': 'string' },
    outcome: { works: true },
  },
  {
    name: 'demo top-up without an idempotency key',
    method: 'POST',
    path: '/v1/ledger/accounts/{{ledger_account_id}}/balance',
    body: { amount: { currency: 'COP', amount: 250000 }, operation: 'topup', external_id: 'ext_1732000000000_123456789' },
    reads: { id: 'string', amount: 'object' },
    outcome: { works: true },
  },
  {
    name: 'demo card list',
    method: 'GET',
    path: '/v1/cards',
    query: { page_number: '1', page_size: '10' },
    reads: { pagination: 'object', cards: 'array' },
    outcome: { works: true },
  },
  {
    name: 'demo Core card with an inline cardholder',
    method: 'POST',
    path: '/v1/ledger/cards',
    body: { configuration_group_id: '{{virtual_group_id}}', account_id: '{{ledger_account_id}}', cardholder: CARDHOLDER, nickname: 'Demo' },
    reads: CARD_READS,
    keep: { card_id: 'id' },
    outcome: { works: true },
  },
  {
    name: 'card details (the wallet app reads one card the same way)',
    method: 'GET',
    path: '/v1/cards/{{card_id}}',
    reads: CARD_READS,
    outcome: { works: true },
  },
  {
    name: 'demo account-to-account transfer',
    method: 'POST',
    path: '/v1/ledger/transfers',
    body: { payer_account_id: '{{ledger_account_id}}', receiving_account_id: '{{second_ledger_account_id}}', source_amount: { amount: 1000, currency: 'COP' }, external_id: 'ext_1732000000001_987654321', description: 'Transfer' },
    reads: { id: 'string' },
    outcome: { works: true },
  },
  {
    name: 'demo activity',
    method: 'GET',
    path: '/v1/ledger/accounts/{{ledger_account_id}}/transactions',
    query: { page_number: '1', page_size: '20' },
    reads: TRANSACTION_READS,
    outcome: { works: true },
  },
];

/** The Express service: the list of banks for a transfer form. */
export const EXPRESS_SERVICE: readonly ReplayedCall[] = [
  {
    name: 'service bank list',
    method: 'GET',
    path: '/v1/banks',
    reads: { kind: 'string', 'banks[].id': 'string', 'banks[].code': 'string', 'banks[].name': 'string', 'banks[].supports_turbo': 'boolean' },
    outcome: { notEmulated: 'the Banking bank list is outside card issuance' },
  },
];
