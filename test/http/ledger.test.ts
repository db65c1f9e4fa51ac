import { describe, expect, it } from 'vitest';
import { accountHolderInput, bankingCardInput } from '../support/fixtures.js';
import { available, balanceOperation as operation, createAccount, createHolder } from '../support/ledger.js';
import { AT_TEST_START, startEmulator } from '../support/emulator.js';
import { errorsByPath, onlyError, warningsOf } from '../support/errors.js';

/** Every currency the contract knows (CurrencyCode). */
const ALL_CURRENCIES = ['COP', 'USD', 'MXN', 'CLP', 'BRL', 'PEN', 'EUR'];

describe('POST /v1/ledger/account_holders', () => {
  it('create account holder: answers 201 with the holder as sent, active, optional fields filled in', async () => {
    const { api } = await startEmulator();
    const input = accountHolderInput('customer-1042');
    const res = await api.post('/v1/ledger/account_holders', input);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^acch_[0-9A-Za-z]{22}$/),
      client_id: expect.any(String),
      type: 'third_party',
      external_id: 'customer-1042',
      person: { ...input.person, middle_name: null, second_last_name: null },
      address: { ...input.address, line_2: null, extra: null },
      email: input.email,
      phone_number: input.phone_number,
      metadata: {},
      state: 'active',
      state_reason: null,
      state_reason_detail: null,
      inserted_at: AT_TEST_START,
      updated_at: AT_TEST_START,
    });
  });

  it('create account holder: email, phone number and metadata are optional; metadata is kept as sent', async () => {
    const { api } = await startEmulator();
    const { email: _e, phone_number: _p, ...input } = accountHolderInput('customer-1043', { metadata: { crm_id: 'A-77', vip: true, score: 9 } });
    const res = await api.post('/v1/ledger/account_holders', input);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: null, phone_number: null, metadata: { crm_id: 'A-77', vip: true, score: 9 } });
  });

  it('create account holder: external_id is unique per tenant; a second holder with it is 409 external_id_already_used', async () => {
    const { api } = await startEmulator();
    const first = await api.post('/v1/ledger/account_holders', accountHolderInput('dup-7'));
    expect(first.status).toBe(201);

    const second = await api.post(
      '/v1/ledger/account_holders',
      accountHolderInput('dup-7', { email: 'other.person@example.com' }),
    );
    onlyError(second, 409, 'external_id_already_used', '#/external_id');
    expect(second.body.code).toBe('409 Conflict');

    // The first holder is untouched and still usable.
    const account = await api.post('/v1/ledger/accounts', { holder_id: first.body.id, currency_code: 'COP' });
    expect(account.status).toBe(201);
  });

  it('create account holder: the same external_id in another tenant is a different holder', async () => {
    const { api, other } = await startEmulator();
    const mine = await api.post('/v1/ledger/account_holders', accountHolderInput('shared-ext-1'));
    const theirs = await other.post('/v1/ledger/account_holders', accountHolderInput('shared-ext-1'));
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it("create account holder: a Colombian person's document is one of the Colombian types, not NID or DL", async () => {
    const { api } = await startEmulator();
    const person = (document_type: string, country_code: string) => ({
      country_code,
      document_number: '79123456',
      document_type,
      first_name: 'Ana',
      last_name: 'Gómez',
      person_type: 'natural',
    });
    expect((await api.post('/v1/ledger/account_holders', accountHolderInput('co-pass', { person: person('PASS', 'CO') }))).status).toBe(201);
    expect((await api.post('/v1/ledger/account_holders', accountHolderInput('co-nit', { person: person('NIT', 'CO') }))).status).toBe(201);
    for (const type of ['NID', 'DL']) {
      const res = await api.post('/v1/ledger/account_holders', accountHolderInput(`co-${type}`, { person: person(type, 'CO') }));
      onlyError(res, 422, 'invalid_value', '#/person/document_type');
    }
  });

  it("create account holder: the person takes Mono's SDK fields: middle_name, second_last_name, and the country as alpha-2 or alpha-3, echoed as sent", async () => {
    const { api } = await startEmulator();
    const person = { country_code: 'COL', document_number: '79123456', document_type: 'CC', first_name: 'Ana', middle_name: 'María', last_name: 'Gómez', second_last_name: 'Pérez', person_type: 'natural' };
    const res = await api.post('/v1/ledger/account_holders', accountHolderInput('alpha3', { person }));
    expect(res.status).toBe(201);
    expect(res.body.person).toEqual(person);
    // Colombia in alpha-3 is still Colombia for the document rule; Ecuador in alpha-3 is not.
    onlyError(await api.post('/v1/ledger/account_holders', accountHolderInput('alpha3-nid', { person: { ...person, document_type: 'NID' } })), 422, 'invalid_value', '#/person/document_type');
    expect((await api.post('/v1/ledger/account_holders', accountHolderInput('alpha3-ec', { person: { ...person, country_code: 'ECU', document_type: 'NID' } }))).status).toBe(201);
    for (const country_code of ['CO1', 'XXX', 'col', 'C']) {
      onlyError(await api.post('/v1/ledger/account_holders', accountHolderInput(`bad-${country_code}`, { person: { ...person, country_code } })), 422, 'invalid_value', '#/person/country_code');
    }
    onlyError(await api.post('/v1/ledger/account_holders', accountHolderInput('short-name', { person: { ...person, middle_name: 'M' } })), 422, 'invalid_length', '#/person/middle_name');
  });

  it('create account holder: a person from outside Colombia must have a NID, DL or PASS document', async () => {
    const { api } = await startEmulator();
    const person = (document_type: string) => ({
      country_code: 'EC',
      document_number: '1712345678',
      document_type,
      first_name: 'Lucía',
      last_name: 'Andrade',
      person_type: 'natural',
    });
    for (const type of ['NID', 'DL', 'PASS']) {
      expect((await api.post('/v1/ledger/account_holders', accountHolderInput(`ec-${type}`, { person: person(type) }))).status, type).toBe(201);
    }
    for (const type of ['CC', 'CE', 'TI', 'PPT']) {
      const res = await api.post('/v1/ledger/account_holders', accountHolderInput(`ec-${type}`, { person: person(type) }));
      onlyError(res, 422, 'invalid_value', '#/person/document_type');
    }
  });

  it('create account holder: a refused holder does not take its external_id', async () => {
    const { api } = await startEmulator();
    const refused = await api.post(
      '/v1/ledger/account_holders',
      accountHolderInput('retry-me', { person: { ...accountHolderInput('x').person, document_type: 'DL' } }),
    );
    expect(refused.status).toBe(422);
    const retried = await api.post('/v1/ledger/account_holders', accountHolderInput('retry-me'));
    expect(retried.status).toBe(201);
  });

  it('create account holder: missing and malformed fields are each named at their path', async () => {
    const { api } = await startEmulator();
    const missing = await api.post('/v1/ledger/account_holders', { person: {} });
    expect(missing.status).toBe(422);
    expect(errorsByPath(missing)).toEqual({
      '#/address': 'missing_field',
      '#/external_id': 'missing_field',
      '#/person/country_code': 'missing_field',
      '#/person/document_number': 'missing_field',
      '#/person/document_type': 'missing_field',
      '#/person/first_name': 'missing_field',
      '#/person/last_name': 'missing_field',
      '#/person/person_type': 'missing_field',
    });

    const malformed = await api.post(
      '/v1/ledger/account_holders',
      accountHolderInput('', {
        email: 'ana@',
        phone_number: '573109876543',
        person: { country_code: 'Colombia', document_number: '7', document_type: 'CC', first_name: 'A', last_name: 'Gómez', person_type: 'company' },
      }),
    );
    expect(malformed.status).toBe(422);
    expect(errorsByPath(malformed)).toEqual({
      '#/external_id': 'invalid_length',
      '#/email': 'invalid_format',
      '#/phone_number': 'invalid_format',
      '#/person/country_code': 'invalid_value',
      '#/person/document_number': 'invalid_format',
      '#/person/first_name': 'invalid_length',
      '#/person/person_type': 'invalid_value',
    });
  });
});

describe('POST /v1/ledger/accounts', () => {
  it("create ledger account: a sub-account for a holder, active, on the tenant's default program", async () => {
    const { api } = await startEmulator();
    const defaultProgram = (await api.get('/v1/ledger/accounts')).body.accounts[0].program_id;
    const holderId = await createHolder(api, 'holder-a');
    const res = await api.post('/v1/ledger/accounts', { holder_id: holderId, currency_code: 'USD', name: 'Viajes', metadata: { purpose: 'travel' } });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^lacc_[0-9A-Za-z]{22}$/),
      holder_id: holderId,
      currency_code: 'USD',
      name: 'Viajes',
      metadata: { purpose: 'travel' },
      program_id: defaultProgram,
      provider: 'mono_ledger',
      state: 'active',
      state_reason: null,
      state_reason_detail: null,
      type: 'subaccount',
      inserted_at: AT_TEST_START,
      updated_at: AT_TEST_START,
    });
  });

  it('create ledger account: name and metadata default to null and {}', async () => {
    const { api } = await startEmulator();
    const holderId = await createHolder(api, 'holder-b');
    const res = await api.post('/v1/ledger/accounts', { holder_id: holderId, currency_code: 'COP' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: null, metadata: {}, currency_code: 'COP' });
  });

  it('create ledger account: a holder may have several accounts, each with its own id', async () => {
    const { api } = await startEmulator();
    const holderId = await createHolder(api, 'holder-c');
    const first = await createAccount(api, holderId, 'COP');
    const second = await createAccount(api, holderId, 'COP');
    expect(second).not.toBe(first);
  });

  it('create ledger account: an unknown holder is 404 at #/holder_id', async () => {
    const { api } = await startEmulator();
    const res = await api.post('/v1/ledger/accounts', { holder_id: 'acch_0000000000000000000000', currency_code: 'COP' });
    onlyError(res, 404, 'item_not_found', '#/holder_id');
  });

  it("create ledger account: another tenant's holder is 404 at #/holder_id", async () => {
    const { api, other } = await startEmulator();
    const theirHolder = await createHolder(other, 'their-holder');
    const before = (await api.get('/v1/ledger/accounts?page_size=500')).body;
    const res = await api.post('/v1/ledger/accounts', { holder_id: theirHolder, currency_code: 'COP' });
    onlyError(res, 404, 'item_not_found', '#/holder_id');
    expect((await api.get('/v1/ledger/accounts?page_size=500')).body).toEqual(before);
  });

  it("create ledger account: every currency the tenant config lists is accepted, any other is 422 unsupported_currency", async () => {
    const { api } = await startEmulator();
    const currencies = (await api.get('/v1/ledger/tenant/config')).body.supported_currencies as string[];
    const unsupported = ALL_CURRENCIES.filter((c) => !currencies.includes(c));
    expect(unsupported.length).toBeGreaterThan(0);
    const holderId = await createHolder(api, 'holder-d');

    for (const currency_code of currencies) {
      const res = await api.post('/v1/ledger/accounts', { holder_id: holderId, currency_code });
      expect(res.status, currency_code).toBe(201);
      expect(res.body.currency_code).toBe(currency_code);
    }
    const before = (await api.get('/v1/ledger/accounts?page_size=500')).body;
    for (const currency_code of unsupported) {
      const res = await api.post('/v1/ledger/accounts', { holder_id: holderId, currency_code });
      onlyError(res, 422, 'unsupported_currency', '#/currency_code');
    }
    expect((await api.get('/v1/ledger/accounts?page_size=500')).body).toEqual(before);
  });

  it('create ledger account: a currency code the contract does not know is 422 invalid_value', async () => {
    const { api } = await startEmulator();
    const holderId = await createHolder(api, 'holder-e');
    const res = await api.post('/v1/ledger/accounts', { holder_id: holderId, currency_code: 'XYZ' });
    onlyError(res, 422, 'invalid_value', '#/currency_code');
  });

  it("create ledger account: the default program may be named; any other program, even another tenant's, is 404 at #/program_id", async () => {
    const { api, other } = await startEmulator();
    // The seeded sub-account is on the tenant's default program.
    const mine = (await api.get('/v1/ledger/accounts')).body.accounts[0].program_id;
    const theirs = (await other.get('/v1/ledger/accounts')).body.accounts[0].program_id;
    expect(theirs).not.toBe(mine);
    const holderId = await createHolder(api, 'holder-f');

    const named = await api.post('/v1/ledger/accounts', { holder_id: holderId, currency_code: 'COP', program_id: mine });
    expect(named.status).toBe(201);
    expect(named.body.program_id).toBe(mine);

    for (const program_id of [theirs, 'pro_0000000000000000000000']) {
      const res = await api.post('/v1/ledger/accounts', { holder_id: holderId, currency_code: 'COP', program_id });
      onlyError(res, 404, 'item_not_found', '#/program_id');
    }
  });

  it('create ledger account: holder_id and currency_code are required; ids must be well-formed', async () => {
    const { api, seed } = await startEmulator();
    const missing = await api.post('/v1/ledger/accounts', {});
    expect(missing.status).toBe(422);
    expect(errorsByPath(missing)).toEqual({ '#/holder_id': 'missing_field', '#/currency_code': 'missing_field' });

    const body = { holder_id: seed.ledgerAccountId, currency_code: 'COP', program_id: 'program-1', type: 'current' };
    const malformed = await api.post('/v1/ledger/accounts', body);
    expect(malformed.status).toBe(422);
    expect(errorsByPath(malformed)).toEqual({ '#/holder_id': 'invalid_format', '#/program_id': 'invalid_format' });
    const strict = await (await startEmulator({ strict: true })).api.post('/v1/ledger/accounts', body);
    expect(errorsByPath(strict)).toEqual({ '#/holder_id': 'invalid_format', '#/program_id': 'invalid_format', '#/type': 'unknown_field' });
  });
});

describe('GET /v1/ledger/accounts', () => {
  it('list ledger accounts: the seeded sub-account is listed with a correct pagination object', async () => {
    const { api, seed } = await startEmulator();
    const res = await api.get('/v1/ledger/accounts');
    expect(res.status).toBe(200);
    expect(res.body.accounts.map((a: { id: string }) => a.id)).toEqual([seed.ledgerAccountId]);
    expect(res.body.pagination).toEqual({ page_number: 1, page_size: 10, total_items: 1, total_pages: 1 });
  });

  it("list ledger accounts: newest first, paged by page_number and page_size", async () => {
    const { api, seed } = await startEmulator();
    const holderId = await createHolder(api, 'holder-many');
    const created: string[] = [];
    for (let i = 0; i < 11; i++) created.push(await createAccount(api, holderId, 'COP', { name: `Cuenta ${i}` }));
    const newestFirst = [...created].reverse().concat(seed.ledgerAccountId);

    const first = await api.get('/v1/ledger/accounts?page_size=10');
    expect(first.body.accounts.map((a: { id: string }) => a.id)).toEqual(newestFirst.slice(0, 10));
    expect(first.body.pagination).toEqual({ page_number: 1, page_size: 10, total_items: 12, total_pages: 2 });

    const second = await api.get('/v1/ledger/accounts?page_size=10&page_number=2');
    expect(second.body.accounts.map((a: { id: string }) => a.id)).toEqual(newestFirst.slice(10));
    expect(second.body.pagination).toEqual({ page_number: 2, page_size: 10, total_items: 12, total_pages: 2 });

    const beyond = await api.get('/v1/ledger/accounts?page_number=3');
    expect(beyond.body.accounts).toEqual([]);
    expect(beyond.body.pagination).toEqual({ page_number: 3, page_size: 10, total_items: 12, total_pages: 2 });

    const all = await api.get('/v1/ledger/accounts?page_size=500');
    expect(all.body.accounts.map((a: { id: string }) => a.id)).toEqual(newestFirst);
    expect(all.body.pagination).toEqual({ page_number: 1, page_size: 500, total_items: 12, total_pages: 1 });
  });

  it('list ledger accounts: type=subaccount lists every account (the emulator opens no other type); Mono\'s other types list nothing; an unknown type is 422', async () => {
    const { api, seed } = await startEmulator();
    const sub = await api.get('/v1/ledger/accounts?type=subaccount');
    expect(sub.body.accounts.map((a: { id: string; type: string }) => [a.id, a.type])).toEqual([[seed.ledgerAccountId, 'subaccount']]);
    for (const type of ['current', 'bank_settlement', 'trade_account', 'virtual_settlement']) {
      const res = await api.get(`/v1/ledger/accounts?type=${type}`);
      expect(res.status, type).toBe(200);
      expect(res.body.accounts, type).toEqual([]);
      expect(res.body.pagination.total_items, type).toBe(0);
    }
    const bad = await api.get('/v1/ledger/accounts?type=savings');
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ error_code: 'invalid_value', path: '#/type/0' });
  });

  it('list ledger accounts: currency_code keeps only the accounts in that currency', async () => {
    const { api, seed } = await startEmulator();
    const holderId = await createHolder(api, 'holder-fx');
    const usd1 = await createAccount(api, holderId, 'USD');
    const cop = await createAccount(api, holderId, 'COP');
    const usd2 = await createAccount(api, holderId, 'USD');

    const usd = await api.get('/v1/ledger/accounts?currency_code=USD');
    expect(usd.body.accounts.map((a: { id: string }) => a.id)).toEqual([usd2, usd1]);
    expect(usd.body.pagination.total_items).toBe(2);
    const copList = await api.get('/v1/ledger/accounts?currency_code=COP');
    expect(copList.body.accounts.map((a: { id: string }) => a.id)).toEqual([cop, seed.ledgerAccountId]);
    const none = await api.get('/v1/ledger/accounts?currency_code=EUR');
    expect(none.body).toEqual({ accounts: [], pagination: { page_number: 1, page_size: 10, total_items: 0, total_pages: 0 } });
  });

  it("list ledger accounts: holder keeps only that holder's accounts, and combines with currency_code", async () => {
    const { api } = await startEmulator();
    const ana = await createHolder(api, 'ana');
    const luis = await createHolder(api, 'luis');
    const anaCop = await createAccount(api, ana, 'COP');
    const luisCop = await createAccount(api, luis, 'COP');
    const anaUsd = await createAccount(api, ana, 'USD');

    const anas = await api.get(`/v1/ledger/accounts?holder=${ana}`);
    expect(anas.body.accounts.map((a: { id: string }) => a.id)).toEqual([anaUsd, anaCop]);
    expect(anas.body.accounts.every((a: { holder_id: string }) => a.holder_id === ana)).toBe(true);
    const luises = await api.get(`/v1/ledger/accounts?holder=${luis}`);
    expect(luises.body.accounts.map((a: { id: string }) => a.id)).toEqual([luisCop]);
    const anaInCop = await api.get(`/v1/ledger/accounts?holder=${ana}&currency_code=COP`);
    expect(anaInCop.body.accounts.map((a: { id: string }) => a.id)).toEqual([anaCop]);
  });

  it('list ledger accounts: state keeps only accounts in that state', async () => {
    const { api, seed } = await startEmulator();
    const holderId = await createHolder(api, 'holder-state');
    const created = await createAccount(api, holderId, 'COP');

    const active = await api.get('/v1/ledger/accounts?state=active');
    expect(active.body.accounts.map((a: { id: string }) => a.id)).toEqual([created, seed.ledgerAccountId]);
    for (const state of ['blocked', 'canceled']) {
      const res = await api.get(`/v1/ledger/accounts?state=${state}`);
      expect(res.status).toBe(200);
      expect(res.body.accounts).toEqual([]);
      expect(res.body.pagination.total_items).toBe(0);
    }
  });

  it('list ledger accounts: bad filters and page sizes are 422 at the parameter', async () => {
    const { api } = await startEmulator();
    onlyError(await api.get('/v1/ledger/accounts?currency_code=usd'), 422, 'invalid_value', '#/currency_code/0');
    onlyError(await api.get('/v1/ledger/accounts?holder=ana'), 422, 'invalid_format', '#/holder/0');
    onlyError(await api.get('/v1/ledger/accounts?state=active,frozen'), 422, 'invalid_value', '#/state/1');
    onlyError(await api.get('/v1/ledger/accounts?inserted_at[from]=yesterday'), 422, 'invalid_format', '#/inserted_at[from]');
    onlyError(await api.get('/v1/ledger/accounts?page_size=9'), 422, 'out_of_range', '#/page_size');
    onlyError(await api.get('/v1/ledger/accounts?page_size=501'), 422, 'out_of_range', '#/page_size');
    onlyError(await api.get('/v1/ledger/accounts?page_number=0'), 422, 'out_of_range', '#/page_number');
  });

  it("list ledger accounts: a tenant sees only its own accounts", async () => {
    const { api, other, seed } = await startEmulator();
    const theirHolder = await createHolder(other, 'theirs');
    const theirAccount = await createAccount(other, theirHolder, 'COP');

    const mine = (await api.get('/v1/ledger/accounts?page_size=500')).body.accounts.map((a: { id: string }) => a.id);
    expect(mine).toEqual([seed.ledgerAccountId]);
    const theirs = (await other.get('/v1/ledger/accounts?page_size=500')).body.accounts.map((a: { id: string }) => a.id);
    expect(theirs).toContain(theirAccount);
    expect(theirs).not.toContain(seed.ledgerAccountId);
    expect((await api.get(`/v1/ledger/accounts?holder=${theirHolder}`)).body.accounts).toEqual([]);
  });
});

describe('GET /v1/ledger/accounts/{id}', () => {
  it('get ledger account: answers the account as created', async () => {
    const { api } = await startEmulator();
    const holderId = await createHolder(api, 'holder-get');
    const created = (await api.post('/v1/ledger/accounts', { holder_id: holderId, currency_code: 'USD', name: 'Nómina' })).body;
    const res = await api.get(`/v1/ledger/accounts/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created);
  });

  it('get ledger account: the same account appears in the list with the same fields', async () => {
    const { api, seed } = await startEmulator();
    const one = (await api.get(`/v1/ledger/accounts/${seed.ledgerAccountId}`)).body;
    const listed = (await api.get('/v1/ledger/accounts')).body.accounts.find((a: { id: string }) => a.id === seed.ledgerAccountId);
    expect(one).toEqual(listed);
  });

  it("get ledger account: a malformed id is 422, an unknown one 404, another tenant's 404", async () => {
    const { api, other, seed } = await startEmulator();
    onlyError(await api.get('/v1/ledger/accounts/lacc_123'), 422, 'invalid_format', '#/account_id');
    onlyError(await api.get(`/v1/ledger/accounts/${seed.bankAccountId}`), 422, 'invalid_format', '#/account_id');
    onlyError(await api.get('/v1/ledger/accounts/lacc_0000000000000000000000'), 404, 'item_not_found', '#/account_id');
    onlyError(await other.get(`/v1/ledger/accounts/${seed.ledgerAccountId}`), 404, 'item_not_found', '#/account_id');
    onlyError(await other.get(`/v1/ledger/accounts/${seed.ledgerAccountId}/balances`), 404, 'item_not_found', '#/account_id');
  });
});

describe('GET /v1/ledger/accounts/{id}/balances', () => {
  it("ledger balances: a new account starts at zero available and zero pending, in the account's currency", async () => {
    const { api } = await startEmulator();
    const holderId = await createHolder(api, 'holder-zero');
    for (const currency of ['COP', 'USD']) {
      const accountId = await createAccount(api, holderId, currency);
      const res = await api.get(`/v1/ledger/accounts/${accountId}/balances`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ available: { amount: 0, currency }, pending: { amount: 0, currency } });
    }
  });
});

describe('POST /v1/ledger/accounts/{id}/balance', () => {
  it('balance operation: a top-up answers 201 echoing what was sent', async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h-echo'), 'COP');
    const res = await api.post(`/v1/ledger/accounts/${accountId}/balance`, {
      ...operation('topup', 125_000_00, 'topup-0001'),
      description: 'Recarga inicial',
      reference: 'PSE-998877',
      metadata: { channel: 'pse' },
    });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^sao_[0-9A-Za-z]{22}$/),
      amount: { amount: 125_000_00, currency: 'COP' },
      operation: 'topup',
      external_id: 'topup-0001',
      description: 'Recarga inicial',
      reference: 'PSE-998877',
      metadata: { channel: 'pse' },
    });
  });

  it('balance operation: without description, reference or metadata they come back null, null and {}', async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h-min'), 'USD');
    const res = await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('topup', 1, 'usd-1', 'USD'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ description: null, reference: null, metadata: {} });
  });

  it('balance operation: a top-up then a withdrawal move available by exactly the amounts sent; pending stays 0', async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h-math'), 'USD');

    expect((await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('topup', 250_00, 'op-1', 'USD'))).status).toBe(201);
    expect((await api.get(`/v1/ledger/accounts/${accountId}/balances`)).body).toEqual({
      available: { amount: 25_000, currency: 'USD' },
      pending: { amount: 0, currency: 'USD' },
    });

    expect((await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('withdrawal', 100_01, 'op-2', 'USD'))).status).toBe(201);
    expect((await api.get(`/v1/ledger/accounts/${accountId}/balances`)).body).toEqual({
      available: { amount: 14_999, currency: 'USD' },
      pending: { amount: 0, currency: 'USD' },
    });

    expect((await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('topup', 1, 'op-3', 'USD'))).status).toBe(201);
    expect(await available(api, accountId)).toBe(15_000);
  });

  it('balance operation: on the seeded account, the balance moves from what it was by the amount sent', async () => {
    const { api, seed } = await startEmulator();
    const before = await available(api, seed.ledgerAccountId);
    expect((await api.post(`/v1/ledger/accounts/${seed.ledgerAccountId}/balance`, operation('topup', 7_777, 'seed-topup'))).status).toBe(201);
    expect(await available(api, seed.ledgerAccountId)).toBe(before + 7_777);
    expect((await api.post(`/v1/ledger/accounts/${seed.ledgerAccountId}/balance`, operation('withdrawal', 7_000, 'seed-withdrawal'))).status).toBe(201);
    expect(await available(api, seed.ledgerAccountId)).toBe(before + 777);
  });

  it('balance operation: a withdrawal of the whole balance leaves exactly zero', async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h-all'), 'COP');
    await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('topup', 50_000, 'in'));
    const res = await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('withdrawal', 50_000, 'out'));
    expect(res.status).toBe(201);
    expect(await available(api, accountId)).toBe(0);
  });

  it('balance operation: a withdrawal beyond the balance is 422 insufficient_funds at #/amount/amount and the balance is unchanged', async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h-short'), 'COP');
    await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('topup', 30_000, 'in'));

    const res = await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('withdrawal', 30_001, 'out'));
    onlyError(res, 422, 'insufficient_funds', '#/amount/amount');
    expect(await available(api, accountId)).toBe(30_000);

    const fromEmpty = await api.post(`/v1/ledger/accounts/${await createAccount(api, await createHolder(api, 'h-empty'), 'COP')}/balance`, operation('withdrawal', 1, 'out-2'));
    onlyError(fromEmpty, 422, 'insufficient_funds', '#/amount/amount');
  });

  it('balance operation: a refused withdrawal does not take its external_id', async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h-retry'), 'COP');
    await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('topup', 1_000, 'in'));
    expect((await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('withdrawal', 5_000, 'retry-1'))).status).toBe(422);
    const retried = await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('withdrawal', 400, 'retry-1'));
    expect(retried.status).toBe(201);
    expect(await available(api, accountId)).toBe(600);
  });

  it("balance operation: an amount in another currency than the account's is 422 at #/amount/currency", async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h-ccy'), 'COP');
    await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('topup', 10_000, 'in'));

    for (const [kind, currency] of [['topup', 'USD'], ['withdrawal', 'USD'], ['topup', 'EUR']] as const) {
      const res = await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation(kind, 100, `ccy-${kind}-${currency}`, currency));
      onlyError(res, 422, 'currency_mismatch', '#/amount/currency');
    }
    expect(await available(api, accountId)).toBe(10_000);
  });

  it('balance operation: a second operation with the same external_id is 409 and the balance is unchanged', async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h-dup'), 'COP');
    expect((await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('topup', 40_000, 'pay-1'))).status).toBe(201);

    const sameBody = await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('topup', 40_000, 'pay-1'));
    onlyError(sameBody, 409, 'external_id_already_used', '#/external_id');
    const otherBody = await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('withdrawal', 1_000, 'pay-1'));
    onlyError(otherBody, 409, 'external_id_already_used', '#/external_id');
    expect(await available(api, accountId)).toBe(40_000);
  });

  it('balance operation: external_id is unique across all the accounts of a tenant, not across tenants', async () => {
    const { api, other } = await startEmulator();
    const holderId = await createHolder(api, 'h-two');
    const first = await createAccount(api, holderId, 'COP');
    const second = await createAccount(api, holderId, 'COP');
    expect((await api.post(`/v1/ledger/accounts/${first}/balance`, operation('topup', 500, 'ext-shared'))).status).toBe(201);

    const sameTenant = await api.post(`/v1/ledger/accounts/${second}/balance`, operation('topup', 500, 'ext-shared'));
    onlyError(sameTenant, 409, 'external_id_already_used', '#/external_id');
    expect(await available(api, second)).toBe(0);

    const theirAccount = await createAccount(other, await createHolder(other, 'their-h'), 'COP');
    const otherTenant = await other.post(`/v1/ledger/accounts/${theirAccount}/balance`, operation('topup', 500, 'ext-shared'));
    expect(otherTenant.status).toBe(201);
    expect(await available(other, theirAccount)).toBe(500);
  });

  it('balance operation: an amount of 0, a negative amount or a fractional amount is 422 at #/amount/amount', async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h-amt'), 'COP');
    await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('topup', 10_000, 'in'));

    for (const kind of ['topup', 'withdrawal'] as const) {
      onlyError(await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation(kind, 0, `zero-${kind}`)), 422, 'out_of_range', '#/amount/amount');
      onlyError(await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation(kind, -500, `neg-${kind}`)), 422, 'out_of_range', '#/amount/amount');
      onlyError(await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation(kind, 12.5, `frac-${kind}`)), 422, 'invalid_type', '#/amount/amount');
      for (const text of ['12.5', '1e3', 'abc', ' 500', '']) {
        const res = await api.post(`/v1/ledger/accounts/${accountId}/balance`, { operation: kind, amount: { amount: text, currency: 'COP' }, external_id: `str-${kind}` });
        onlyError(res, 422, 'invalid_type', '#/amount/amount');
        expect(warningsOf(res), text).toEqual([]);
      }
    }
    expect(await available(api, accountId)).toBe(10_000);
  });

  it('balance operation: an amount sent as an integer string ("100000000") is read as the integer with a warning; under strict it is 422 invalid_type', async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h-str'), 'COP');
    const res = await api.post(`/v1/ledger/accounts/${accountId}/balance`, { operation: 'topup', amount: { amount: '100000000', currency: 'COP' }, external_id: 'str-1' });
    expect(res.status).toBe(201);
    expect(res.body.amount).toEqual({ amount: 100_000_000, currency: 'COP' });
    expect(warningsOf(res)).toEqual(['read the string at #/amount/amount as an integer']);
    expect(await available(api, accountId)).toBe(100_000_000);
    const negative = await api.post(`/v1/ledger/accounts/${accountId}/balance`, { operation: 'topup', amount: { amount: '-5', currency: 'COP' }, external_id: 'str-2' });
    onlyError(negative, 422, 'out_of_range', '#/amount/amount');
    expect(warningsOf(negative)).toEqual(['read the string at #/amount/amount as an integer']);

    const s = await startEmulator({ strict: true });
    const strictAccount = await createAccount(s.api, await createHolder(s.api, 'h-str'), 'COP');
    const strict = await s.api.post(`/v1/ledger/accounts/${strictAccount}/balance`, { operation: 'topup', amount: { amount: '100000000', currency: 'COP' }, external_id: 'str-1' });
    onlyError(strict, 422, 'invalid_type', '#/amount/amount');
    expect(await available(s.api, strictAccount)).toBe(0);
  });

  it('balance operation: amount, operation and external_id are required; the operation is topup or withdrawal', async () => {
    const { api, seed } = await startEmulator();
    const before = await available(api, seed.ledgerAccountId);
    const missing = await api.post(`/v1/ledger/accounts/${seed.ledgerAccountId}/balance`, {});
    expect(missing.status).toBe(422);
    expect(errorsByPath(missing)).toEqual({ '#/amount': 'missing_field', '#/operation': 'missing_field', '#/external_id': 'missing_field' });

    const wrong = await api.post(`/v1/ledger/accounts/${seed.ledgerAccountId}/balance`, {
      ...operation('topup', 100, 'x'.repeat(256)),
      operation: 'refund',
      description: 'd'.repeat(256),
    });
    expect(wrong.status).toBe(422);
    expect(errorsByPath(wrong)).toEqual({ '#/operation': 'invalid_value', '#/external_id': 'invalid_length', '#/description': 'invalid_length' });
    expect(await available(api, seed.ledgerAccountId)).toBe(before);
  });

  it('balance operation: the balance cannot grow past the largest amount the contract allows', async () => {
    const { api } = await startEmulator();
    const accountId = await createAccount(api, await createHolder(api, 'h-max'), 'COP');
    expect((await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('topup', Number.MAX_SAFE_INTEGER, 'max'))).status).toBe(201);
    expect(await available(api, accountId)).toBe(Number.MAX_SAFE_INTEGER);
    onlyError(await api.post(`/v1/ledger/accounts/${accountId}/balance`, operation('topup', 1, 'max+1')), 422, 'out_of_range', '#/amount/amount');
    expect(await available(api, accountId)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("balance operation: an unknown account is 404, another tenant's account is 404 and keeps its balance", async () => {
    const { api, other, seed } = await startEmulator();
    onlyError(
      await api.post('/v1/ledger/accounts/lacc_0000000000000000000000/balance', operation('topup', 100, 'ghost')),
      404,
      'item_not_found',
      '#/account_id',
    );
    const before = await available(api, seed.ledgerAccountId);
    onlyError(await other.post(`/v1/ledger/accounts/${seed.ledgerAccountId}/balance`, operation('withdrawal', 100, 'steal')), 404, 'item_not_found', '#/account_id');
    expect(await available(api, seed.ledgerAccountId)).toBe(before);
    onlyError(await api.post('/v1/ledger/accounts/acc_5tgliBmzjZ6mpQPRbQjfKj/balance', operation('topup', 100, 'bad-id')), 422, 'invalid_format', '#/account_id');
  });
});

describe('GET /v1/ledger/tenant/config', () => {
  it("tenant config: answers the SDK's shape: supported currencies, the tenant's own account holder, the virtual and plastic debit groups and the virtual prepaid group, Colombian", async () => {
    const { api } = await startEmulator();
    const res = await api.get('/v1/ledger/tenant/config');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['card_configuration_groups', 'self_account_holder_id', 'supported_currencies']);
    expect(res.body.supported_currencies).toEqual(['COP', 'USD']);
    expect(res.body.self_account_holder_id).toMatch(/^acch_[0-9A-Za-z]{22}$/);

    const groups = res.body.card_configuration_groups as { id: string; card_type: string; country_code: string; name: string }[];
    expect(groups.map((g) => [g.card_type, g.name])).toEqual([
      ['virtual', 'Débito virtual'],
      ['plastic', 'Débito plástica'],
      ['virtual', 'Prepago virtual'],
    ]);
    for (const g of groups) expect(Object.keys(g).sort()).toEqual(['card_type', 'country_code', 'id', 'name']);
    expect(groups.map((g) => g.country_code)).toEqual(['CO', 'CO', 'CO']);
    expect(new Set(groups.map((g) => g.id)).size).toBe(groups.length);
    for (const g of groups) expect(g.id).toMatch(/^ccg_[0-9A-Za-z]{22}$/);
  });

  it("tenant config: the own account holder is the tenant's self holder (a legal person), not the seeded third-party one, and stays the same across a reset", async () => {
    const { api, emulator } = await startEmulator();
    const config = (await api.get('/v1/ledger/tenant/config')).body;
    const seededHolder = (await api.get('/v1/ledger/accounts')).body.accounts[0].holder_id;
    expect(config.self_account_holder_id).not.toBe(seededHolder);
    const self = await api.get(`/v1/ledger/account_holders/${config.self_account_holder_id}`);
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ type: 'self', state: 'active', person: { person_type: 'legal', document_type: 'NIT', country_code: 'CO' } });
    expect((await api.get(`/v1/ledger/account_holders/${seededHolder}`)).body.type).toBe('third_party');
    emulator.reset();
    expect((await api.get('/v1/ledger/tenant/config')).body).toEqual(config);
  });

  it('tenant config: a banking card that names no group gets the virtual group, listed first', async () => {
    const { api, seed } = await startEmulator();
    const groups = (await api.get('/v1/ledger/tenant/config')).body.card_configuration_groups as { id: string; card_type: string }[];
    const card = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId));
    expect(card.status).toBe(201);
    expect(card.body.configuration_group_id).toBe(groups[0]!.id);
    expect(groups[0]!.card_type).toBe('virtual');
  });

  it("tenant config: each tenant has its own account holder and configuration groups", async () => {
    const { api, other } = await startEmulator();
    const mine = (await api.get('/v1/ledger/tenant/config')).body;
    const theirs = (await other.get('/v1/ledger/tenant/config')).body;
    expect(theirs.self_account_holder_id).not.toBe(mine.self_account_holder_id);
    const myIds = mine.card_configuration_groups.map((g: { id: string }) => g.id);
    for (const g of theirs.card_configuration_groups) expect(myIds).not.toContain(g.id);
  });

  it('tenant config: without an API key the answer is 401', async () => {
    const { anonymous } = await startEmulator();
    expect((await anonymous.get('/v1/ledger/tenant/config')).status).toBe(401);
  });
});
