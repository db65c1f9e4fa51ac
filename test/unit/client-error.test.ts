import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadContracts } from '../../contracts/index.js';
import { answerClientError } from '../../emulator/http/client-error.js';
import { createIdSource } from '../../emulator/runtime/id-source.js';
import { createSeededRandom } from '../../emulator/runtime/seeded-random.js';

/** A socket that records what is written to it. */
function fakeSocket() {
  const written: Buffer[] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk);
      done();
    },
  });
  return { socket, text: () => Buffer.concat(written).toString('utf8') };
}

const ids = createIdSource(createSeededRandom(1));
const answer = answerClientError(() => ids);
const failure = (code: string) => Object.assign(new Error(code), { code });

function parse(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  return { statusLine: head.split('\r\n')[0], body: JSON.parse(body) as { code: string; errors: { error_code: string; path: null }[] } };
}

describe('answers to requests Node cannot parse', () => {
  it.each([
    ['HPE_INVALID_HEADER_TOKEN', 'HTTP/1.1 400 Bad Request', 'invalid_header'],
    ['HPE_HEADER_OVERFLOW', 'HTTP/1.1 400 Bad Request', 'invalid_header'],
    ['HPE_INVALID_METHOD', 'HTTP/1.1 400 Bad Request', 'validation_error'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 'HTTP/1.1 408 Request Timeout', 'request_timeout'],
  ])('client error: %s is answered "%s" with Mono\'s envelope (%s, path null)', async (code, statusLine, errorCode) => {
    const { socket, text } = fakeSocket();
    answer(failure(code), socket);
    await new Promise((resolve) => setImmediate(resolve));
    const parsed = parse(text());
    expect(parsed.statusLine).toBe(statusLine);
    expect(parsed.body.errors).toEqual([expect.objectContaining({ error_code: errorCode, path: null })]);
    const { validator } = loadContracts();
    expect(validator.checkSchema({ contract: 'mono', pointer: '/components/schemas/ErrorBody' }, parsed.body)).toEqual([]);
  });

  it('client error: a connection the client reset gets nothing written, and is closed', () => {
    const { socket, text } = fakeSocket();
    answer(failure('ECONNRESET'), socket);
    expect(socket.destroyed).toBe(true);
    expect(text()).toBe('');
  });
});
