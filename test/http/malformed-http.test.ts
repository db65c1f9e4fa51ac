import { describe, expect, it } from 'vitest';
import { assertMatchesContract } from '../support/contract-client.js';
import { startEmulator, KEY_A } from '../support/emulator.js';
import { cardholderInput } from '../support/fixtures.js';
import { createProbe, type WireRequest } from '../support/http-probe.js';

const LOG_ID = /^log_[0-9A-Za-z]{22}$/;

/** Sends bytes Node's own client would refuse, over a raw socket, and checks the answer against the contract. */
async function sendRaw(url: string, request: WireRequest) {
  const probe = createProbe(url);
  try {
    const response = await probe.send(request);
    assertMatchesContract(request.method.toLowerCase(), request.url, response);
    return response;
  } finally {
    probe.close();
  }
}

describe('requests that are not valid HTTP/1.1', () => {
  // Found by the fuzz suite: Node's parser answered these with a bare "400 Bad Request" and no body.
  it.each([
    ['a NUL byte in Authorization', { authorization: `Bearer ${KEY_A}\u0000` }],
    ['a NUL byte in X-Idempotency-Key', { authorization: `Bearer ${KEY_A}`, 'x-idempotency-key': 'a\u0000b' }],
    ['a bare carriage return in a header', { authorization: `Bearer ${KEY_A}`, 'x-note': 'a\rb' }],
    ['headers over 16 kB', { authorization: `Bearer ${KEY_A}`, 'x-padding': 'p'.repeat(17_000) }],
  ])('malformed http: %s answers 400 in Mono\'s envelope, about the whole request', async (_what, headers) => {
    const { emulator, api } = await startEmulator();
    const res = await sendRaw(emulator.url, { method: 'GET', url: '/v1/accounts', headers });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ code: '400 Bad Request', message: 'Malformed request' });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].path).toBeNull();
    expect(res.body.id).toMatch(LOG_ID);
    // The emulator is still up and answers the next request.
    expect((await api.get('/v1/accounts')).status).toBe(200);
  });

  it('malformed http: a control-plane operation (GET /_emulator/health) answers the same 400, which its contract declares', async () => {
    const { emulator } = await startEmulator();
    const res = await sendRaw(emulator.url, { method: 'GET', url: '/_emulator/health', headers: { 'x-idempotency-key': 'a\u0000b' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].error_code).toBe('invalid_header');
  });
});

describe('error paths as JSON pointers', () => {
  // Found by the fuzz suite: the pointer of a key "" is "#/", which the contract's own pattern refused.
  it('request errors: an empty key in the body is refused (strict) as unknown_field at "#/", a path the contract accepts; by default it is ignored with a warning naming "#/"', async () => {
    const strict = await (await startEmulator({ strict: true })).api.post('/v1/cards/cardholders', { ...cardholderInput(), '': 1 });
    expect(strict.status).toBe(422);
    expect(strict.body.errors).toEqual([expect.objectContaining({ error_code: 'unknown_field', path: '#/' })]);
    const lenient = await (await startEmulator()).api.post('/v1/cards/cardholders', { ...cardholderInput(), '': 1 });
    expect(lenient.status).toBe(201);
    expect(lenient.headers['x-emulator-warning']).toBe('ignored unknown field #/');
  });
});
