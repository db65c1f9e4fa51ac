import { describe, expect, it } from 'vitest';
import type { CardNetwork, ProvisionedCard } from '../../emulator/index.js';
import { checkedFetch, type ApiResponse } from '../support/contract-client.js';
import { bankingCardInput, cardholderInput, snapshotTenant } from '../support/fixtures.js';
import { KEY_A, startEmulator } from '../support/emulator.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const LOG_ID = /^log_[0-9A-Za-z]{22}$/;
/** A line of a JavaScript stack: "at fn (/some/file.ts:12:5)" or "at /some/file.js:3:1". */
const STACK_LINE = /\bat\s+(?:\S+\s+\()?(?:node:|file:\/\/|[A-Za-z]:[\\/]|[\\/])[^\s)]*:\d+/;

const CARD_ID = 'car_5tgliBmzjZ6mpQPRbQjfKj';

function expectError(res: ApiResponse, status: number, code: string, errorCode: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body.code).toBe(code);
  expect(res.body.errors[0].error_code).toBe(errorCode);
  expect(res.body.id).toMatch(LOG_ID);
}

function expectNoStack(res: ApiResponse): void {
  expect(res.text).not.toMatch(STACK_LINE);
  expect(res.text).not.toContain('node_modules');
  expect(res.text).not.toContain(process.cwd());
}

describe('bodies that are not JSON objects', () => {
  it('request errors: malformed JSON answers 400 validation_error "Malformed request", about the whole request', async () => {
    const { api } = await startEmulator();
    const snapshot = await snapshotTenant(api);
    const res = await api.call('post', '/v1/cards/cardholders', { raw: '{"first_name": "Dennis",', headers: JSON_TYPE });
    expectError(res, 400, '400 Bad Request', 'validation_error');
    expect(res.body.message).toBe('Malformed request');
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0]).toMatchObject({ path: null, url: null });
    expect(await snapshotTenant(api)).toEqual(snapshot);
  });

  it('request errors: JSON as clients send it — a byte order mark, the type in capitals with its charset — creates the card; an empty body is an empty object, refused for its missing fields, and writes nothing', async () => {
    const { emulator, api, seed } = await startEmulator();
    const post = (headers: Record<string, string>, body: string | Buffer) =>
      checkedFetch(`${emulator.url}/v1/cards`, { method: 'POST', headers: { authorization: `Bearer ${KEY_A}`, ...headers }, body });
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(bankingCardInput(seed.bankAccountId)))]);
    const created = await post({ 'content-type': 'Application/JSON; Charset=UTF-8' }, withBom);
    expect(created.status).toBe(201);
    const card = (await created.json()) as { id: string };
    expect((await api.get(`/v1/cards/${card.id}`)).status).toBe(200);
    const snapshot = await snapshotTenant(api);
    const empty = await post(JSON_TYPE, '');
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { errors: { error_code: string }[] }).errors[0]!.error_code).toBe('missing_field');
    expect(await snapshotTenant(api)).toEqual(snapshot);
  });

  it('request errors: a JSON body sent as text/plain answers 400 invalid_content_type at #/content-type', async () => {
    const { api } = await startEmulator();
    const res = await api.call('post', '/v1/cards/cardholders', { raw: JSON.stringify(cardholderInput()), headers: { 'content-type': 'text/plain' } });
    expectError(res, 400, '400 Bad Request', 'invalid_content_type');
    expect(res.body.message).toBe('Malformed request');
    expect(res.body.errors[0].path).toBe('#/content-type');
  });

  it('request errors: a form-encoded body answers 400 invalid_content_type, even on an update', async () => {
    const { api, seed } = await startEmulator();
    const card = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;
    const res = await api.call('patch', `/v1/cards/${card.id}`, { raw: 'state=frozen', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expectError(res, 400, '400 Bad Request', 'invalid_content_type');
    expect(res.body.errors[0].path).toBe('#/content-type');
    expect((await api.get(`/v1/cards/${card.id}`)).body.state).toBe('active');
  });

  it('request errors: a JSON body over 100 kB answers 413 payload_too_large and creates nothing', async () => {
    const { api, seed } = await startEmulator();
    const snapshot = await snapshotTenant(api);
    const body = JSON.stringify(bankingCardInput(seed.bankAccountId, { padding: 'x'.repeat(110_000) }));
    expect(Buffer.byteLength(body)).toBeGreaterThan(102_400);
    const res = await api.call('post', '/v1/cards', { raw: body, headers: JSON_TYPE });
    expectError(res, 413, '413 Content Too Large', 'payload_too_large');
    expect(await snapshotTenant(api)).toEqual(snapshot);
  });

  it('request errors: a JSON body just under 100 kB is read and validated (422, strict), not refused as too large', async () => {
    const { api, seed } = await startEmulator({ strict: true });
    const body = JSON.stringify(bankingCardInput(seed.bankAccountId, { padding: 'x'.repeat(95_000) }));
    expect(Buffer.byteLength(body)).toBeLessThan(100_000);
    const res = await api.call('post', '/v1/cards', { raw: body, headers: JSON_TYPE });
    expectError(res, 422, '422 Unprocessable Content', 'unknown_field');
    expect(res.body.errors[0].path).toBe('#/padding');
  });

  it.each([
    ['an empty array', '[]'],
    ['an array of objects', JSON.stringify([cardholderInput()])],
  ])('request errors: a top-level JSON array (%s) answers 422 invalid_type about the whole body (path null)', async (_what, raw) => {
    const { api } = await startEmulator();
    const res = await api.call('post', '/v1/cards/cardholders', { raw, headers: JSON_TYPE });
    expectError(res, 422, '422 Unprocessable Content', 'invalid_type');
    expect(res.body.message).toBe('Validation errors');
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].path).toBeNull();
  });

  it.each([
    ['a string', '"card"'],
    ['a number', '42'],
  ])('request errors: a top-level JSON scalar (%s) is valid JSON of the wrong type: 422 invalid_type about the whole body (path null)', async (_what, raw) => {
    const { api } = await startEmulator();
    const res = await api.call('post', '/v1/cards/cardholders', { raw, headers: JSON_TYPE });
    expectError(res, 422, '422 Unprocessable Content', 'invalid_type');
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].path).toBeNull();
  });
});

describe('the status phrase', () => {
  it('request errors: 422 and 413 read as Mono\'s current docs write them (RFC 9110), in the envelope\'s code and on the status line', async () => {
    const { emulator } = await startEmulator();
    const post = (body: string) =>
      checkedFetch(`${emulator.url}/v1/cards/cardholders`, { method: 'POST', headers: { authorization: `Bearer ${KEY_A}`, ...JSON_TYPE }, body });
    const invalid = await post('{}');
    expect(invalid.status).toBe(422);
    expect(invalid.statusText).toBe('Unprocessable Content');
    expect(((await invalid.json()) as { code: string }).code).toBe('422 Unprocessable Content');
    const large = await post(JSON.stringify({ padding: 'x'.repeat(200_000) }));
    expect(large.status).toBe(413);
    expect(large.statusText).toBe('Content Too Large');
    expect(((await large.json()) as { code: string }).code).toBe('413 Content Too Large');
  });

  it('request errors: a 422 the handler raises under an X-Idempotency-Key, and its replay, carry the same status line', async () => {
    const { emulator, api, seed } = await startEmulator();
    const available = (await api.get('/v1/accounts')).body.accounts[0].balance.available.amount;
    const body = JSON.stringify(bankingCardInput(seed.bankAccountId, { initial_balance: { amount: available + 1, currency: 'COP' } }));
    const post = () =>
      checkedFetch(`${emulator.url}/v1/cards`, { method: 'POST', headers: { authorization: `Bearer ${KEY_A}`, 'x-idempotency-key': 'too-much', ...JSON_TYPE }, body });
    for (const res of [await post(), await post()]) {
      expect([res.status, res.statusText]).toEqual([422, 'Unprocessable Content']);
      expect(((await res.json()) as { errors: { error_code: string }[] }).errors[0]!.error_code).toBe('insufficient_funds');
    }
  });
});

describe('paths and methods', () => {
  it.each(['/v1/nothing-here', '/v1/cards/car_5tgliBmzjZ6mpQPRbQjfKj/nothing', '/v2/cards', '/'])(
    'request errors: an unknown path (%s) answers 404 item_not_found "Resource not defined"',
    async (path) => {
      const { api } = await startEmulator();
      const res = await api.get(path);
      expectError(res, 404, '404 Not Found', 'item_not_found');
      expect(res.body.message).toBe('Resource not defined');
    },
  );

  it('request errors: PUT on /v1/cards answers 405 with an Allow header naming GET and POST', async () => {
    const { api, seed } = await startEmulator();
    const res = await api.put('/v1/cards', bankingCardInput(seed.bankAccountId));
    expectError(res, 405, '405 Method Not Allowed', 'method_not_allowed');
    expect(res.headers.allow?.split(/,\s*/).sort()).toEqual(['GET', 'POST']);
    expect((await api.get('/v1/cards')).body.cards).toEqual([]);
  });

  it('request errors: DELETE on /v1/cards/{id} answers 405 with an Allow header naming GET and PATCH, and the card stays', async () => {
    const { api, seed } = await startEmulator();
    const card = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;
    const res = await api.delete(`/v1/cards/${card.id}`);
    expectError(res, 405, '405 Method Not Allowed', 'method_not_allowed');
    expect(res.headers.allow?.split(/,\s*/).sort()).toEqual(['GET', 'PATCH']);
    expect((await api.get(`/v1/cards/${card.id}`)).status).toBe(200);
  });

  it.each([
    // Banking beyond card issuance: client code calls these on Mono's sandbox.
    ['get', '/v1/banks'],
    ['post', '/v1/transfers'],
    ['post', '/v1/transfers/prepare'],
    ['get', '/v1/transfers'],
    ['get', '/v1/collection_links'],
  ] as const)('request errors: %s %s, a Mono operation the emulator does not model, answers 501 not_emulated', async (method, path) => {
    const { api } = await startEmulator();
    const res = await api.call(method, path, method === 'post' ? { body: { amount: { amount: 100, currency: 'COP' } } } : {});
    expectError(res, 501, '501 Not Implemented', 'not_emulated');
    expect(res.body.errors).toHaveLength(1);
  });

  it('request errors: a Mono operation the emulator does not model needs a key first (401), like every /v1 operation', async () => {
    const { anonymous } = await startEmulator();
    expectError(await anonymous.get('/v1/banks'), 401, '401 Unauthorized', 'missing_authorization_header');
  });

  it.each([
    ['delete', '/v1/banks', ['GET']],
    ['put', '/v1/transfers', ['GET', 'POST']],
    ['get', '/v1/transfers/prepare', ['POST']],
    ['delete', '/v1/ledger/transfers', ['POST']],
  ] as const)('request errors: %s %s, a method a not-emulated path does not take, answers 405 with Allow %j, key or not', async (method, path, allow) => {
    const { api, anonymous } = await startEmulator();
    for (const client of [api, anonymous]) {
      const res = await client.call(method, path);
      expectError(res, 405, '405 Method Not Allowed', 'method_not_allowed');
      expect(res.headers.allow?.split(/,\s*/)).toEqual([...allow]);
    }
  });

  it.each(['/V1/cards', '/v1/Cards', '/v1/CARDS', `/V1/cards/${CARD_ID}/transactions`, '/_EMULATOR/health'])(
    'request errors: paths are case-sensitive, so %s answers 404',
    async (path) => {
      const { api } = await startEmulator();
      const res = await api.get(path);
      expectError(res, 404, '404 Not Found', 'item_not_found');
    },
  );
});

describe('X-Idempotency-Key', () => {
  it.each([
    ['256 characters long', 'k'.repeat(256), {}],
    ['with a tab inside', 'retry\tkey', {}],
    ['with a non-ASCII character', 'clé-de-reintento', {}],
    ['empty, under strict', '', { strict: true }],
  ])('request errors: an X-Idempotency-Key %s answers 400 invalid_header at #/x-idempotency-key', async (_what, key, options) => {
    const { api } = await startEmulator(options);
    const res = await api.post('/v1/cards/cardholders', cardholderInput(), { headers: { 'x-idempotency-key': key } });
    expectError(res, 400, '400 Bad Request', 'invalid_header');
    expect(res.body.message).toBe('Malformed request');
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].path).toBe('#/x-idempotency-key');
  });

  it('request errors: a header error is reported even when the body is also invalid', async () => {
    const { api } = await startEmulator();
    const res = await api.post('/v1/cards/cardholders', { first_name: 7 }, { headers: { 'x-idempotency-key': 'k'.repeat(300) } });
    expectError(res, 400, '400 Bad Request', 'invalid_header');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('#/x-idempotency-key');
  });

  it.each([
    ['a UUID v4', 'f30f1d0b-795f-49f5-80dc-41a7bffccfde'],
    ['255 printable characters', `${'payroll-2026-05-06-emp-1042 '.repeat(9)}`.slice(0, 255)],
  ])('request errors: an X-Idempotency-Key that is %s is accepted', async (_what, key) => {
    expect(key.length).toBeLessThanOrEqual(255);
    const { api } = await startEmulator();
    const res = await api.post('/v1/cards/cardholders', cardholderInput(), { headers: { 'x-idempotency-key': key } });
    expect(res.status).toBe(201);
  });
});

describe('what error answers never contain, and what they always do', () => {
  it('request errors: no error answer carries a stack trace or a server file path', async () => {
    const { api, anonymous } = await startEmulator();
    const answers = [
      await api.call('post', '/v1/cards', { raw: '{"account_id": ', headers: JSON_TYPE }),
      await api.call('post', '/v1/cards', { raw: 'x', headers: { 'content-type': 'text/plain' } }),
      await api.call('post', '/v1/cards', { raw: JSON.stringify({ padding: 'x'.repeat(200_000) }), headers: JSON_TYPE }),
      await api.post('/v1/cards', { account_id: 'acc_short', cardholder: { first_name: {} } }),
      await api.post('/v1/cards', bankingCardInput('acc_0000000000000000000000')),
      await api.get('/v1/cards/car_..%2F..%2Fetc%2Fpasswd'),
      await api.get('/v1/nothing-here'),
      await api.put('/v1/cards', {}),
      await api.get(`/v1/cards/${CARD_ID}/transactions`),
      await anonymous.get('/v1/cards'),
      await api.as('sandbox_unknown_key_00000').get('/v1/cards'),
      await api.post('/_emulator/clock/advance', { seconds: 'soon' }),
      await api.get(`/_emulator/card-look/${CARD_ID}?token=forged.123.abc`),
    ];
    for (const res of answers) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expectNoStack(res);
    }
  });

  it('request errors: a path with a malformed percent-encoding is a client error (4xx), never a 500', async () => {
    const logged: unknown[] = [];
    const { api } = await startEmulator({ logError: (error) => logged.push(error) });
    for (const path of ['/v1/cards/%E0%A4%A', '/v1/cards/car_%ZZ/look', '/v1/cards/cardholders/%']) {
      // The contract client also checks that the operation declares the status it got.
      const res = await api.get(path);
      expect([400, 404, 422]).toContain(res.status);
      expect(res.body.id).toMatch(LOG_ID);
      expectNoStack(res);
    }
    expect(logged).toEqual([]);
  });

  it('request errors: an unexpected failure answers 500 internal_error with Mono\'s generic message, and its stack goes only to logError', async () => {
    const logged: unknown[] = [];
    // A network that answers nothing usable: the emulator fails in a way it did not plan for.
    const broken: CardNetwork = { provision: () => Promise.resolve(null as unknown as ProvisionedCard) };
    const { api, seed } = await startEmulator({ cardNetwork: broken, logError: (error) => logged.push(error) });
    const res = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId));
    expectError(res, 500, '500 Internal Server Error', 'internal_error');
    expect(res.body.errors[0].message).toBe('An unexpected error occurred');
    expectNoStack(res);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toBeInstanceOf(Error);
    expect(res.text).not.toContain((logged[0] as Error).message);
  });

  it('request errors: every error answer has a log_ id, and no two answers share one', async () => {
    const { api, anonymous } = await startEmulator();
    const answers = [
      await api.call('post', '/v1/cards', { raw: '{', headers: JSON_TYPE }),
      await api.call('post', '/v1/cards', { raw: '{', headers: JSON_TYPE }),
      await api.post('/v1/cards', {}),
      await api.post('/v1/cards', {}),
      await api.get(`/v1/cards/${CARD_ID}`),
      await api.get(`/v1/cards/${CARD_ID}`),
      await api.get('/v1/nothing-here'),
      await api.delete('/v1/cards'),
      await api.get(`/v1/cards/${CARD_ID}/transactions`),
      await anonymous.get('/v1/cards'),
      await anonymous.get('/v1/cards'),
    ];
    const logIds = answers.map((res) => {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body.id).toMatch(LOG_ID);
      return res.body.id as string;
    });
    expect(new Set(logIds).size).toBe(logIds.length);
  });
});
