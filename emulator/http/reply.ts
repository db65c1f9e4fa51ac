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
 * Writes the bytes with Node's own response methods: the body is already a string and its type
 * is known, so Express's send() (type sniffing, ETag, freshness checks) would be work for nothing
 * on every answer, the create-card path included.
 */
export function sendSerialized(res: Response, response: StoredResponse, status = response.status): void {
  res.statusCode = status;
  // An error answered through the idempotency service gets the status line the error handler writes.
  if (status >= 400) res.statusMessage = reasonPhrase(status);
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (response.contentType === null) {
    res.end();
    return;
  }
  res.setHeader('content-type', response.contentType);
  res.setHeader('content-length', Buffer.byteLength(response.body));
  res.end(response.body);
}
