import type { AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import express, { type ErrorRequestHandler } from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT, isPlainJson, jsonBody } from '../../emulator/http/middleware/json-body.js';
import { prop } from '../support/property.js';

/**
 * The JSON body reader against body-parser (`express.json()` with the emulator's options), on the
 * same raw requests over a real socket: the same parsed value, or the same error `type` and
 * status, which is all the error handler reads. The reader takes the common case (UTF-8 JSON,
 * not compressed, with a Content-Length) itself and hands the rest to body-parser.
 */
const reference = express.json({ limit: BODY_LIMIT, strict: false });

interface Outcome {
  status: number;
  type?: string;
  body?: string;
  plain?: boolean;
}

let port = 0;
let server: ReturnType<ReturnType<typeof express>['listen']>;

beforeAll(async () => {
  const app = express();
  const answer: express.RequestHandler = (req, res) => res.json({ body: JSON.stringify(req.body) ?? null, plain: res.locals.plain as boolean });
  const errors: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, _next) => res.status(error.status ?? 500).json({ type: error.type ?? 'thrown', plain: res.locals.plain as boolean });
  app.post('/reader', (req, res, next) => {
    res.locals.plain = isPlainJson(req);
    jsonBody(req, res, next);
  }, answer);
  app.post('/reference', reference, answer);
  app.use(errors);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** One raw POST: the headers and bytes exactly as given (no client adds or fixes anything). */
function post(path: string, headers: Record<string, string>, body: Buffer): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, ...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as object) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const INVALID_UTF8 = Buffer.from([0xc3, 0x28, 0xff]);

/** What clients send: JSON of any shape, spaced or not, sometimes with a BOM, cut short, or holding bytes that are not UTF-8. */
const bodies = fc
  .record({
    value: fc.jsonValue({ maxDepth: 3 }),
    indent: fc.constantFrom(undefined, 2, '\t'),
    bom: fc.boolean(),
    damage: fc.constantFrom('none', 'none', 'none', 'truncate', 'invalid-utf8', 'empty', 'whitespace'),
  })
  .map(({ value, indent, bom, damage }) => {
    let text = Buffer.from(JSON.stringify(value, null, indent) ?? 'null', 'utf8');
    if (damage === 'truncate') text = text.subarray(0, Math.max(0, text.length - 1));
    if (damage === 'invalid-utf8') text = Buffer.concat([text.subarray(0, 1), INVALID_UTF8, text.subarray(1)]);
    if (damage === 'empty') text = Buffer.alloc(0);
    if (damage === 'whitespace') text = Buffer.from(' \n\t ');
    return bom ? Buffer.concat([BOM, text]) : text;
  });

/** The plain types in any case, and types the reader leaves to body-parser. */
const contentTypes = fc.oneof(
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8').chain((type) =>
    fc.array(fc.boolean(), { minLength: type.length, maxLength: type.length }).map((upper) => [...type].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')),
  ),
  fc.constantFrom('application/json; charset=utf-16', 'application/json; charset="utf-8"', 'application/json; charset=latin1', 'application/json ; charset=utf-8'),
);

const encodings = fc.constantFrom(undefined, undefined, 'identity', 'IDENTITY');

describe('the JSON body reader', () => {
  prop([bodies, contentTypes, encodings], { numRuns: 150 })(
    'json body: any body, type and encoding is read to the same value, or refused with the same status and type, as body-parser reads it',
    async (body, contentType, encoding) => {
      const headers = { 'content-type': contentType, ...(encoding ? { 'content-encoding': encoding } : {}) };
      const [ours, theirs] = await Promise.all([post('/reader', headers, body), post('/reference', headers, body)]);
      const { plain, ...answer } = ours;
      expect(answer).toEqual({ status: theirs.status, ...(theirs.type ? { type: theirs.type } : { body: theirs.body }) });
      // The reader took the common case itself; the rest went to body-parser.
      expect(plain).toBe(/^application\/json(; ?charset=utf-8)?$/i.test(contentType) && body.length <= 100 * 1024);
    },
  );

  it('json body: at the limit and one byte over, the reader answers as body-parser (read, then 413 entity.too.large)', async () => {
    const atLimit = Buffer.from(JSON.stringify({ pad: 'x'.repeat(100 * 1024 - 10) }));
    expect(atLimit.length).toBe(100 * 1024);
    for (const body of [atLimit, Buffer.concat([atLimit, Buffer.from(' ')])]) {
      const [ours, theirs] = await Promise.all([post('/reader', { 'content-type': 'application/json' }, body), post('/reference', { 'content-type': 'application/json' }, body)]);
      expect(ours.status).toBe(theirs.status);
      expect(ours.type).toBe(theirs.type);
    }
    expect((await post('/reader', { 'content-type': 'application/json' }, Buffer.concat([atLimit, Buffer.from(' ')]))).type).toBe('entity.too.large');
  });

  it('json body: a body whose client goes away before sending all of it calls the error handler once, as request.aborted', async () => {
    const app = express();
    const seen: string[] = [];
    app.post('/reader', jsonBody, (_req, res) => res.end());
    app.use(((error: { type?: string }, _req, res, _next) => {
      seen.push(error.type ?? 'none');
      res.end();
    }) as ErrorRequestHandler);
    const cut = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => cut.once('listening', resolve));
    const req = httpRequest({ host: '127.0.0.1', port: (cut.address() as AddressInfo).port, method: 'POST', path: '/reader', headers: { 'content-type': 'application/json', 'content-length': '100' } });
    req.on('error', () => undefined);
    req.write('{"half":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    await expect.poll(() => seen, { timeout: 5_000 }).toEqual(['request.aborted']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(['request.aborted']);
    await new Promise<void>((resolve) => cut.close(() => resolve()));
  });
});
