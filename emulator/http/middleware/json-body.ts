import express, { type Request, type RequestHandler } from 'express';
import { fail } from '../../domain/errors.js';

/** Bodies above this answer 413; Mono's card requests are a few kilobytes. */
export const BODY_LIMIT = '100kb';
const BODY_LIMIT_BYTES = 100 * 1024;

// Any JSON value parses; a body that is valid JSON of the wrong type is the contract's to refuse (422).
const parseJson = express.json({ limit: BODY_LIMIT, strict: false });

/** The Content-Types of a UTF-8 JSON body, as nearly every client writes them. */
const PLAIN_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

/** An error as body-parser gives it: the error handler maps its `type` to Mono's envelope. */
const bodyError = (type: string, message: string) => Object.assign(new Error(message), { status: 400, statusCode: 400, expose: true, type });

/**
 * Whether the body is what nearly every request sends: UTF-8 JSON, not compressed, its length
 * given and within the limit. Such a body is read here; any other (gzip, deflate or brotli;
 * UTF-16 or UTF-32; chunked; over the limit) goes to body-parser, which reads them all.
 */
export function isPlainJson(req: Request): boolean {
  const { headers } = req;
  // A body already read, or a request already cut off: body-parser knows what to do with those.
  if (req.readableEnded || req.destroyed) return false;
  const type = headers['content-type'];
  const length = headers['content-length'];
  if (type === undefined || length === undefined || headers['transfer-encoding'] !== undefined) return false;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  return PLAIN_TYPES.has(type.toLowerCase()) && Number(length) <= BODY_LIMIT_BYTES;
}

/**
 * Reads a plain JSON body as body-parser would (the same value, the same error types), without
 * its generic machinery: a tenth of card creation's CPU went to reading bodies (README: Benchmark).
 * Node's parser hands over exactly Content-Length bytes, or the request ends in an error.
 */
function readPlainJson(req: Request, next: (error?: unknown) => void): void {
  const chunks: Buffer[] = [];
  let settled = false;
  const settle = (error?: unknown) => {
    if (settled) return;
    settled = true;
    next(error);
  };
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.once('error', () => settle(bodyError('request.aborted', 'request aborted')));
  req.once('aborted', () => settle(bodyError('request.aborted', 'request aborted')));
  req.once('end', () => {
    let text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
    // body-parser's decoder drops a byte order mark, so a body that starts with one still parses.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    try {
      // An empty body is {}, as body-parser makes it ("a common client-side mistake").
      req.body = text.length === 0 ? {} : JSON.parse(text);
    } catch (error) {
      return settle(bodyError('entity.parse.failed', (error as Error).message));
    }
    settle();
  });
}

/** A body must be JSON and say so; no body at all is left to the contract's `required` fields. */
export const jsonBody: RequestHandler = (req, res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is('application/json')) {
    fail('invalid_content_type', '#/content-type', `Send the body as JSON with Content-Type: application/json, not ${req.headers['content-type'] ?? 'no content type'}.`);
  }
  if (isPlainJson(req)) readPlainJson(req, next);
  else parseJson(req, res, next);
};
