import type { Duplex } from 'node:stream';
import { MonoError } from '../domain/errors.js';
import type { IdSource } from '../ports/id-source.js';
import { envelopeOf, reasonPhrase } from './middleware/error-handler.js';

/**
 * Requests Node's HTTP parser refuses before Express sees them — a NUL or other control byte in a
 * header, headers over 16 kB, a broken request line — would get Node's bare "400 Bad Request"
 * with no body. Clients of the emulator expect Mono's envelope on every error, so they get
 * it here: 400 (the contract's "bad header"), or 408 when the request took too long to arrive.
 */
export function answerClientError(ids: () => IdSource) {
  return (error: NodeJS.ErrnoException, socket: Duplex): void => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const mono = timedOut
      ? new MonoError({ code: 'request_timeout' })
      : new MonoError({
          code: /HEADER/.test(error.code ?? '') ? 'invalid_header' : 'validation_error',
          message: 'The request is not valid HTTP/1.1 (a header with a control character, headers over 16 kB, or a broken request line).',
        });
    const body = JSON.stringify(envelopeOf(mono, ids().next('log')));
    socket.end(
      `HTTP/1.1 ${mono.status} ${reasonPhrase(mono.status)}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  };
}
