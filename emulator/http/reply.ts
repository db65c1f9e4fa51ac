import type { Response } from 'express';
import type { StoredResponse } from '../ports/idempotency-store.js';
import type { Reply } from './handler.js';

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

export function sendSerialized(res: Response, response: StoredResponse, status = response.status): void {
  res.status(status).set(response.headers);
  if (response.contentType === null) res.end();
  else res.type(response.contentType).send(response.body);
}
