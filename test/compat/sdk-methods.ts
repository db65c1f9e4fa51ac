import type { ReplayedCall } from '../support/replay.js';

/**
 * Every method of Mono's generated Python SDK (monobanking-client 0.0.1a0, Stainless: its two
 * trees, `resources/…` and `resources/v1/…`, merged where they call the same endpoint), described
 * here as data in the project's words: the request each method sends, built from its params types
 * (the SDK sends no X-Idempotency-Key, joins query arrays with commas, and sends `null` for an
 * optional parameter given as None), and the fields its response model declares, which a client
 * reads. A field the model marks optional may be absent or null (`?`).
 *
 * Methods that call an endpoint another issue adds are `pending` here: they answer 501 until it
 * lands, then their outcome becomes `{ works: true }` with one edit, and their reads are checked.
 * Methods outside the emulator's scope are `notEmulated`, with the reason.
 *
 * The calls run in this order on one tenant: `{{name}}` is an id an earlier call kept.
 */

const ADDRESS = { line_1: 'Calle 97 # 15-24', line_2: null, city: 'Chapinero', state: 'Bogotá D.C.', zip_code: '110221', country: 'CO', extra: null };
const CARDHOLDER = {
  first_name: 'Dennis',
  middle_name: null,
  last_name: 'Ritchie',
  second_last_name: null,
  birthdate: '1941-09-09',
  email: 'dennis@example.com',
  phone_number: '+573000000000',
  nationality: 'CO',
  // The SDK's v1 ledger card requires country_code and person_type in the document.
  document: { type: 'CC', number: '1023711432', country_code: 'CO', person_type: 'natural' },
  address: ADDRESS,
};
const PAGINATION = {
  'pagination.page_number': 'integer?',
  'pagination.page_size': 'integer?',
  'pagination.total_items': 'integer?',
  'pagination.total_pages': 'integer?',
} as const;
/** The card models (create, retrieve, update, list items) require account_id and configuration_group_id only. */
const CARD = {
  account_id: 'string',
  configuration_group_id: 'string',
  id: 'string?',
  cardholder_id: 'string?',
  last_four: 'string?',
  nickname: 'string?',
  state: 'string?',
} as const;
const cardsOf = (prefix: string) => Object.fromEntries(Object.entries(CARD).map(([field, type]) => [`${prefix}[].${field}`, type]));
const CARDHOLDER_READS = {
  id: 'string?',
  first_name: 'string',
  middle_name: 'string?',
  last_name: 'string',
  second_last_name: 'string?',
  birthdate: 'string',
  email: 'string',
  phone_number: 'string',
  nationality: 'string',
  'document.type': 'string',
  'document.number': 'string',
  'document.country_code': 'string',
  'document.person_type': 'string',
  'address.line_1': 'string',
  'address.city': 'string',
  'address.country': 'string',
} as const;
const SPENDING_CONTROL = { id: 'string?', nickname: 'string?', currency_code: 'string?', target: 'string?', rules: 'object?' } as const;
const HOLDER = {
  id: 'string?',
  external_id: 'string?',
  'person.first_name': 'string',
  'person.last_name': 'string',
  'person.country_code': 'string',
  'person.document_number': 'string',
  'person.document_type': 'string',
  'person.person_type': 'string',
  'person.middle_name': 'string?',
  'person.second_last_name': 'string?',
  email: 'string?',
  phone_number: 'string?',
  state: 'string?',
  type: 'string?',
  client_id: 'string?',
  state_reason: 'string?',
  state_reason_detail: 'string?',
} as const;
const LEDGER_ACCOUNT = { id: 'string?', holder_id: 'string?', currency_code: 'string?', name: 'string?', state: 'string?', type: 'string?', program_id: 'string?' } as const;
const LEDGER_TRANSACTION = { id: 'string?', description: 'string?', reverts_id: 'string?', reverted_by_id: 'string?', origin: 'string?', operation_type: 'string?', amount: 'object?' } as const;

export const SDK_METHODS: readonly ReplayedCall[] = [
  // ---- tenant and Banking accounts ---------------------------------------------------------
  {
    name: 'ledger.tenant.config.retrieve',
    method: 'GET',
    path: '/v1/ledger/tenant/config',
    reads: {
      supported_currencies: 'array?',
      self_account_holder_id: 'string?',
      'card_configuration_groups[].id': 'string?',
      'card_configuration_groups[].card_type': 'string?',
      'card_configuration_groups[].country_code': 'string?',
      'card_configuration_groups[].name': 'string?',
    },
    outcome: { works: true },
  },
  {
    name: 'accounts.list',
    method: 'GET',
    path: '/v1/accounts',
    query: { page_number: '1', page_size: '10' },
    reads: { 'accounts[].id': 'string', 'accounts[].name': 'string?', 'accounts[].number': 'string?', 'accounts[].state': 'string?', 'accounts[].balance.available.amount': 'integer?', ...PAGINATION },
    outcome: { works: true },
  },
  {
    name: 'accounts.balances.retrieve',
    method: 'GET',
    path: '/v1/accounts/{{bank_account_id}}/balances',
    query: { live: 'true' },
    reads: { id: 'string?', 'available.amount': 'integer', 'available.currency': 'string' },
    outcome: { works: true },
  },

  // ---- ledger: holders, accounts, balances -------------------------------------------------
  {
    name: 'ledger.account_holders.create',
    method: 'POST',
    path: '/v1/ledger/account_holders',
    body: {
      address: ADDRESS,
      external_id: 'sdk-holder-1',
      // Alpha-3 country, and the optional names the SDK's person takes.
      person: { country_code: 'COL', document_number: '79123456', document_type: 'CC', first_name: 'Ana', middle_name: 'María', last_name: 'Gómez', second_last_name: null, person_type: 'natural' },
      email: null,
      metadata: null,
      phone_number: null,
    },
    reads: HOLDER,
    keep: { holder_id: 'id' },
    outcome: { works: true },
  },
  {
    name: 'ledger.account_holders.retrieve',
    method: 'GET',
    path: '/v1/ledger/account_holders/{{holder_id}}',
    reads: HOLDER,
    outcome: { works: true },
  },
  {
    name: 'ledger.account_holders.find_by',
    method: 'GET',
    path: '/v1/ledger/account_holders/find_by',
    query: { external_id: 'sdk-holder-1' },
    reads: HOLDER,
    outcome: { works: true },
  },
  {
    name: 'ledger.account_holders.update',
    method: 'PATCH',
    path: '/v1/ledger/account_holders/{{holder_id}}',
    body: { email: 'ana.gomez@example.com', phone_number: null, metadata: null },
    reads: HOLDER,
    outcome: { works: true },
  },
  {
    name: 'ledger.accounts.create',
    method: 'POST',
    path: '/v1/ledger/accounts',
    body: { currency_code: 'COP', holder_id: '{{holder_id}}', name: null },
    reads: LEDGER_ACCOUNT,
    keep: { account_id: 'id' },
    outcome: { works: true },
  },
  {
    name: 'ledger.accounts.list',
    method: 'GET',
    path: '/v1/ledger/accounts',
    // The SDK joins array filters with commas.
    query: { page_number: '1', page_size: '10', state: 'active,blocked', currency_code: 'COP,USD', type: 'subaccount' },
    reads: { ...Object.fromEntries(Object.entries(LEDGER_ACCOUNT).map(([field, type]) => [`accounts[].${field}`, type])), ...PAGINATION },
    outcome: { works: true },
  },
  {
    name: 'ledger.accounts.balance.topup_or_withdraw',
    method: 'POST',
    path: '/v1/ledger/accounts/{{ledger_account_id}}/balance',
    body: { amount: { amount: 100000000, currency: 'COP' }, external_id: 'sdk-topup-1', operation: 'topup', description: null, reference: null },
    reads: { id: 'string?', amount: 'object?', external_id: 'string?', description: 'string?', reference: 'string?' },
    outcome: { works: true },
  },
  {
    name: 'ledger.accounts.balances.retrieve',
    method: 'GET',
    path: '/v1/ledger/accounts/{{ledger_account_id}}/balances',
    reads: { 'available.amount': 'integer', 'available.currency': 'string', 'pending.amount': 'integer', 'pending.currency': 'string' },
    outcome: { works: true },
  },
  {
    name: 'ledger.accounts.transactions.list',
    method: 'GET',
    path: '/v1/ledger/accounts/{{ledger_account_id}}/transactions',
    query: { page_number: '1', page_size: '10', operation_type: 'credit,debit' },
    reads: { ...Object.fromEntries(Object.entries(LEDGER_TRANSACTION).map(([field, type]) => [`transactions[].${field}`, type])), ...PAGINATION },
    keep: { transaction_id: 'transactions.0.id' },
    outcome: { works: true },
  },
  {
    name: 'ledger.accounts.transactions.retrieve',
    method: 'GET',
    path: '/v1/ledger/accounts/{{ledger_account_id}}/transactions/{{transaction_id}}',
    reads: LEDGER_TRANSACTION,
    outcome: { works: true },
  },
  {
    name: 'ledger.transfers.create',
    method: 'POST',
    path: '/v1/ledger/transfers',
    body: { amount: { amount: 1000, currency: 'COP' }, external_id: 'sdk-transfer-1', payer_account_id: '{{ledger_account_id}}', receiving_account_id: '{{account_id}}', description: null, reference: null },
    reads: { id: 'string?' },
    outcome: { works: true },
  },
  {
    name: 'ledger.accounts.update',
    method: 'PATCH',
    path: '/v1/ledger/accounts/{{account_id}}',
    body: { state: 'blocked', reason: 'user_request', detail: null },
    reads: LEDGER_ACCOUNT,
    outcome: { works: true },
  },
  {
    name: 'core.fx_rates.retrieve',
    method: 'GET',
    path: '/v1/core/fx_rates',
    query: { date: '2026-03-02' },
    reads: { COP: 'string?', USD: 'string?' },
    outcome: { works: true },
  },

  // ---- cardholders and cards ---------------------------------------------------------------
  {
    name: 'cards.cardholders.create',
    method: 'POST',
    path: '/v1/cards/cardholders',
    body: CARDHOLDER,
    reads: CARDHOLDER_READS,
    keep: { cardholder_id: 'id' },
    outcome: { works: true },
  },
  {
    name: 'cards.cardholders.retrieve',
    method: 'GET',
    path: '/v1/cards/cardholders/{{cardholder_id}}',
    reads: CARDHOLDER_READS,
    outcome: { works: true },
  },
  {
    name: 'cards.cardholders.update',
    method: 'PATCH',
    path: '/v1/cards/cardholders/{{cardholder_id}}',
    body: { email: 'dennis.ritchie@example.com', middle_name: null },
    reads: CARDHOLDER_READS,
    outcome: { works: true },
  },
  {
    name: 'cards.create (Banking card)',
    method: 'POST',
    path: '/v1/cards',
    body: { account_id: '{{bank_account_id}}', cardholder: CARDHOLDER, configuration_group_id: null, initial_balance: null, nickname: null },
    reads: CARD,
    keep: { card_id: 'id' },
    outcome: { works: true },
  },
  {
    name: 'ledger.cards.create (Core card)',
    method: 'POST',
    path: '/v1/ledger/cards',
    body: { account_id: '{{ledger_account_id}}', cardholder: CARDHOLDER, configuration_group_id: '{{virtual_group_id}}', nickname: null },
    reads: CARD,
    keep: { ledger_card_id: 'id' },
    outcome: { works: true },
  },
  {
    name: 'cards.retrieve',
    method: 'GET',
    path: '/v1/cards/{{card_id}}',
    reads: CARD,
    outcome: { works: true },
  },
  {
    name: 'cards.list',
    method: 'GET',
    path: '/v1/cards',
    query: { page_number: '1', page_size: '10', state: 'active,frozen', account_id: '{{bank_account_id}},{{ledger_account_id}}', type: 'virtual' },
    reads: { ...cardsOf('cards'), ...PAGINATION },
    outcome: { works: true },
  },
  {
    name: 'cards.update',
    method: 'PATCH',
    path: '/v1/cards/{{card_id}}',
    body: { state: 'frozen', nickname: null, spending_control_id: null },
    reads: CARD,
    outcome: { works: true },
  },
  {
    name: 'cards.look.retrieve',
    method: 'GET',
    path: '/v1/cards/{{ledger_card_id}}/look',
    reads: { card_id: 'string?', url: 'string?' },
    outcome: { works: true },
  },
  {
    name: 'cards.transactions.list',
    method: 'GET',
    path: '/v1/cards/{{ledger_card_id}}/transactions',
    query: { page_number: '1', page_size: '10', state: 'approved,declined' },
    reads: { card_id: 'string?', 'transactions[].id': 'string?', 'transactions[].gmf_amount': 'object?', 'transactions[].operation_type': 'string?', ...PAGINATION },
    outcome: { works: true },
  },
  {
    name: 'cards.create (Banking card of a prepaid group)',
    method: 'POST',
    path: '/v1/cards',
    body: { account_id: '{{bank_account_id}}', cardholder: CARDHOLDER, configuration_group_id: '{{prepaid_group_id}}', initial_balance: { amount: 500000, currency: 'COP' }, nickname: 'Prepago' },
    reads: CARD,
    keep: { prepaid_card_id: 'id' },
    outcome: { works: true },
  },
  {
    name: 'cards.prepaid.balance.retrieve',
    method: 'GET',
    path: '/v1/cards/{{prepaid_card_id}}/prepaid/balance',
    reads: { balance: 'object?', card_id: 'string?' },
    outcome: { works: true },
  },
  {
    name: 'cards.prepaid.operations.create',
    method: 'POST',
    path: '/v1/cards/{{prepaid_card_id}}/prepaid/operations',
    body: { amount: { amount: 100000, currency: 'COP' }, operation: 'topup', description: null, entity_id: null },
    outcome: { works: true },
  },
  {
    name: 'cards.prepaid.operations.list',
    method: 'GET',
    path: '/v1/cards/{{prepaid_card_id}}/prepaid/operations',
    query: { page_number: '1', page_size: '10' },
    reads: { card_id: 'string?', 'balance_operations[].id': 'string?', ...PAGINATION },
    outcome: { works: true },
  },
  {
    name: 'cards.activate_plastic_card',
    method: 'POST',
    path: '/v1/cards/activate_plastic_card',
    body: { account_id: '{{ledger_account_id}}', cardholder_id: '{{cardholder_id}}', configuration_group_id: '{{plastic_group_id}}', spending_control_id: null },
    reads: { url: 'string', id: 'string?' },
    outcome: { works: true },
  },

  // ---- spending controls -------------------------------------------------------------------
  {
    name: 'spending_controls.create',
    method: 'POST',
    path: '/v1/spending_controls',
    body: {
      currency_code: 'COP',
      rules: {
        card_usage: { disabled_card_usages: ['online_purchase', 'physical_purchase', 'atm_withdrawal'] },
        velocity: { daily: { amount: 5000000, currency: 'COP' }, weekly: { amount: 20000000, currency: 'COP' }, monthly: { amount: 50000000, currency: 'COP' } },
        withdrawal_velocity: { daily: { amount: 1000000, currency: 'COP' }, monthly: { amount: 5000000, currency: 'COP' } },
      },
      nickname: null,
      target: 'card',
    },
    reads: SPENDING_CONTROL,
    keep: { control_id: 'id' },
    outcome: { works: true },
  },
  {
    name: 'spending_controls.retrieve',
    method: 'GET',
    path: '/v1/spending_controls/{{control_id}}',
    reads: SPENDING_CONTROL,
    outcome: { works: true },
  },
  {
    name: 'spending_controls.list',
    method: 'GET',
    path: '/v1/spending_controls',
    query: { page_number: '1', page_size: '10', target: 'card' },
    reads: { 'spending_controls[].id': 'string?', 'spending_controls[].rules': 'object?', ...PAGINATION },
    outcome: { works: true },
  },
  {
    name: 'spending_controls.update (no nickname given)',
    method: 'PATCH',
    path: '/v1/spending_controls/{{control_id}}',
    body: {},
    reads: SPENDING_CONTROL,
    outcome: { works: true },
  },
  {
    name: 'spending_controls.update',
    method: 'PATCH',
    path: '/v1/spending_controls/{{control_id}}',
    body: { nickname: 'Tope diario' },
    reads: SPENDING_CONTROL,
    outcome: { works: true },
  },
  {
    name: 'spending_controls.rules.update',
    method: 'PUT',
    path: '/v1/spending_controls/{{control_id}}/rules',
    body: { type: 'velocity', daily: { amount: 6000000, currency: 'COP' } },
    reads: SPENDING_CONTROL,
    outcome: { works: true },
  },
  {
    name: 'spending_controls.add_targets.update',
    method: 'PATCH',
    path: '/v1/spending_controls/{{control_id}}/add_targets',
    body: { ids: ['{{card_id}}', '{{ledger_card_id}}'] },
    outcome: { works: true },
  },
  {
    name: 'spending_controls.list_targets.retrieve',
    method: 'GET',
    path: '/v1/spending_controls/{{control_id}}/list_targets',
    query: { page_number: '1', page_size: '10' },
    reads: {
      'cards[].id': 'string?',
      'cards[].account_id': 'string?',
      'cards[].last_four': 'string?',
      'cards[].nickname': 'string?',
      'cards[].state': 'string?',
      ...PAGINATION,
    },
    outcome: { works: true },
  },
  {
    name: 'spending_controls.remove_targets.delete',
    method: 'DELETE',
    path: '/v1/spending_controls/{{control_id}}/remove_targets',
    body: { ids: ['{{ledger_card_id}}'] },
    outcome: { works: true },
  },
  {
    name: 'spending_controls.rules.delete',
    method: 'DELETE',
    path: '/v1/spending_controls/{{control_id}}/rules/withdrawal_velocity',
    reads: SPENDING_CONTROL,
    outcome: { works: true },
  },
  {
    name: 'spending_controls.delete',
    method: 'DELETE',
    path: '/v1/spending_controls/{{control_id}}',
    outcome: { works: true, status: 204 },
  },

  // ---- Banking beyond the accounts cards draw on -------------------------------------------
  {
    name: 'banks.list',
    method: 'GET',
    path: '/v1/banks',
    reads: { kind: 'string?', 'banks[].id': 'string', 'banks[].code': 'string', 'banks[].name': 'string' },
    outcome: { notEmulated: 'the Banking bank list is outside card issuance' },
  },
  {
    name: 'transfers.prepare',
    method: 'POST',
    path: '/v1/transfers/prepare',
    body: { account_id: '{{bank_account_id}}', transfers: [] },
    outcome: { notEmulated: 'Banking transfers are outside card issuance' },
  },
  {
    name: 'transfers.create',
    method: 'POST',
    path: '/v1/transfers',
    body: { account_id: '{{bank_account_id}}', transfers: [] },
    outcome: { notEmulated: 'Banking transfers are outside card issuance' },
  },
  {
    name: 'transfers.list',
    method: 'GET',
    path: '/v1/transfers',
    query: { page_number: '1', page_size: '10' },
    outcome: { notEmulated: 'Banking transfers are outside card issuance' },
  },
  {
    name: 'collection_links.create',
    method: 'POST',
    path: '/v1/collection_links',
    body: { account_id: '{{bank_account_id}}', amount: { amount: 100000, currency: 'COP' } },
    outcome: { notEmulated: 'collections are outside card issuance' },
  },
  {
    name: 'collection_links.list',
    method: 'GET',
    path: '/v1/collection_links',
    outcome: { notEmulated: 'collections are outside card issuance' },
  },
  {
    name: 'collection_links.retrieve',
    method: 'GET',
    path: '/v1/collection_links/clink_5tgliBmzjZ6mpQPRbQjfKj',
    outcome: { notEmulated: 'collections are outside card issuance' },
  },
  {
    name: 'collection_links.intents.retrieve',
    method: 'GET',
    path: '/v1/collection_links/clink_5tgliBmzjZ6mpQPRbQjfKj/intents/cint_5tgliBmzjZ6mpQPRbQjfKj',
    outcome: { notEmulated: 'collections are outside card issuance' },
  },
];
