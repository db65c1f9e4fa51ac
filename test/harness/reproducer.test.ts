import { describe, expect, it } from 'vitest';
import { prepareRequest } from '../../src/http.js';
import { curlReproducer } from '../../src/reproducer.js';

const target = { name: 'url' as const, baseUrl: 'http://127.0.0.1:4519', apiKeys: { primary: 'sandbox_first_key_0001', second: 'sandbox_second_key_0002' } };

describe('cURL reproducer', () => {
  it('the target\'s keys become $MONO_API_KEY and $MONO_SECOND_API_KEY, left to the shell; the body is quoted for it', () => {
    const request = prepareRequest(target.baseUrl, 'POST', '/v1/cards', { apiKey: 'sandbox_first_key_0001', query: { a: "it's" }, body: { nickname: "O'Brien's" } });
    expect(curlReproducer(request, target)).toBe(
      `curl -sS -i -X POST 'http://127.0.0.1:4519/v1/cards?a=it%27s' -H 'accept: application/json' -H 'content-type: application/json' -H "Authorization: Bearer $MONO_API_KEY" --data-raw '{"nickname":"O'\\''Brien'\\''s"}'`,
    );
    expect(curlReproducer(prepareRequest(target.baseUrl, 'GET', '/v1/cards', { apiKey: 'sandbox_second_key_0002' }), target)).toContain('-H "Authorization: Bearer $MONO_SECOND_API_KEY"');
  });

  it('an Authorization the scenario wrote itself is kept; the in-process emulator is replaced by where npm start listens', () => {
    const request = prepareRequest('http://127.0.0.1:39999', 'GET', '/v1/accounts', { headers: { Authorization: 'Bearer sandbox_this_key_does_not_exist_0000' } });
    expect(curlReproducer(request, { ...target, name: 'emulator', baseUrl: 'http://127.0.0.1:39999' })).toBe(
      `curl -sS -i -X GET 'http://127.0.0.1:4010/v1/accounts' -H 'accept: application/json' -H 'authorization: Bearer sandbox_this_key_does_not_exist_0000'`,
    );
  });
});
