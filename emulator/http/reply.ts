import type { Response } from 'express';
import type { StoredResponse } from '../ports/idempotency-store.js';
import type { Reply } from './handler.js';
import { reasonPhrase } from './middleware/error-handler.js';

/** A reply as the bytes that go out: what an idempotency record keeps and replays. */
export function serializeReply(reply: Reply): StoredResponse {
  if (reply.body === undefined) return { status: reply.status, contentType: null, body: '', headers: reply.headers ?? {} };
  return {
    status: reply.status,
    contentType: reply.contentType ?? 'application/json; charset=utf-8',
    body: reply.contentType ? String(reply.body) : JSON.stringify(reply.body),
    headers: reply.headers ?? {},
  };
}

/**
 * Writes the bytes with Node's own response methods, status and headers in one writeHead: the
 * body is already a string and its type is known, so Express's send() (type sniffing, ETag,
 * freshness checks) would be work for nothing on every answer, the create-card path included.
 * Headers set earlier on the response (a replay mark, a closing connection) are kept, and these
 * replace any of the same name.
 */
export function sendSerialized(res: Response, response: StoredResponse, status = response.status): void {
  const headers: string[] = [];
  for (const name in response.headers) headers.push(name, response.headers[name]!);
  // An error answered through the idempotency service gets the status line the error handler writes.
  const reason = status >= 400 ? reasonPhrase(status) : undefined;
  if (response.contentType === null) {
    res.writeHead(status, reason, headers).end();
    return;
  }
  headers.push('content-type', response.contentType, 'content-length', String(Buffer.byteLength(response.body)));
  res.writeHead(status, reason, headers).end(response.body);
}
