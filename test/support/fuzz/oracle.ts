import { parse as parseQuery } from 'node:querystring';
import { loadContracts } from '../../../contracts/index.js';
import type { ApiResponse } from '../contract-client.js';
import type { WireRequest } from '../http-probe.js';
import type { ValidationIssue } from '../../../contracts/index.js';

/**
 * What the contract says a request deserves, worked out from the request alone (never from the
 * emulator's answer). The order is the documented order a request meets (emulator/http/app.ts,
 * and the contract's 400 "Malformed JSON, a body that is not JSON, a bad header, or a path that
 * is not valid URL encoding"):
 * 1. a path no operation has: 404, or 405 when the path has other methods;
 * 2. a path parameter that is not valid percent-encoding: 400;
 * 3. on a secured operation, an Authorization header other than `Bearer <known key>`: 401 (where
 *    the key is optional, no header at all is a call on every tenant, open on loopback);
 * 4. a body (on an operation that takes one) not sent as its media type (application/json, or a
 *    browser form for the holder's page) in UTF-8: 400 at `#/content-type`; over 100 kB: 413; not
 *    JSON: 400 (a form is read with URLSearchParams, as the emulator reads it);
 * 5. the contract's schemas for path, query, header and body (checked by contracts/validation.ts,
 *    with HTTP's own rules applied first: a header value's surrounding spaces are not part of it,
 *    a query string is parsed as node:querystring does): a header problem is a 400 at the header,
 *    any other a 422 with one error per offending value. On Mono's operations, unless the
 *    emulator is strict, what Mono lets through is not a problem (README: Leniency and strict
 *    mode): an empty X-Idempotency-Key is no key, a body field the contract does not define is
 *    dropped, and a string of digits where an integer goes is that integer; the request is then
 *    judged as it is left, and the answer must carry a warning.
 * A request that passes all of them is valid: it gets a 2xx or a business 4xx.
 */
export type Expectation =
  | { verdict: 'valid'; warned: boolean }
  | { verdict: 'invalid'; status: number; paths: (string | null)[]; reason: string; warned: boolean };

export interface OracleOptions {
  /** The emulator refuses what Mono lets through. */
  strict?: boolean;
}

export const BODY_LIMIT_BYTES = 100 * 1024;

const invalid = (status: number, paths: (string | null)[], reason: string, warned = false): Expectation => ({ verdict: 'invalid', status, paths, reason, warned });

const unescapeToken = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * What Mono's casting does with one refused body value, written here from the README's rules
 * (not taken from the emulator): true when the body changed.
 */
function castAsMonoWould(body: unknown, issue: ValidationIssue): boolean {
  if (issue.in !== 'body' || issue.pointer === '') return false;
  const tokens = issue.pointer.slice(1).split('/').map(unescapeToken);
  const key = tokens.pop()!;
  let holder: unknown = body;
  for (const token of tokens) holder = holder !== null && typeof holder === 'object' && Object.hasOwn(holder, token) ? (holder as Record<string, unknown>)[token] : undefined;
  if (holder === null || typeof holder !== 'object' || Array.isArray(holder) || !Object.hasOwn(holder, key)) return false;
  const fields = holder as Record<string, unknown>;
  if (issue.keyword === 'additionalProperties') {
    delete fields[key];
    return true;
  }
  const wanted = [issue.params.type].flat();
  if (issue.keyword === 'type' && wanted.includes('integer') && typeof fields[key] === 'string' && /^[+-]?\d+$/.test(fields[key])) {
    fields[key] = Number(fields[key]);
    return true;
  }
  return false;
}

function authorized(header: string | undefined, keys: readonly string[]): boolean {
  const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header.trim());
  return match !== null && keys.includes(match[1]!);
}

/** Node's default --max-http-header-size: the request line and the headers together. */
const MAX_HEAD_BYTES = 16 * 1024;

function notHttp(request: WireRequest): boolean {
  if (Object.values(request.headers).some((value) => /[\x00-\x08\x0a-\x1f\x7f]/.test(value))) return true;
  const head = `${request.method} ${request.url} HTTP/1.1\r\n${Object.entries(request.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}`;
  return Buffer.byteLength(head, 'latin1') > MAX_HEAD_BYTES - 200;
}

export function expectationFor(request: WireRequest, apiKeys: readonly string[], options: OracleOptions = {}): Expectation {
  const { index, validator } = loadContracts();
  if (notHttp(request)) return invalid(400, [null], 'not valid HTTP/1.1');
  const [pathname = '', search = ''] = request.url.split(/\?(.*)/s);
  const found = index.find(request.method, pathname);
  if (!found) return invalid(index.methodsFor(pathname).length > 0 ? 405 : 404, [null], 'no operation at this path');
  const { operation: op } = found;
  try {
    pathname.split('/').forEach((segment) => decodeURIComponent(segment));
  } catch {
    return invalid(400, [null], 'a path segment is not valid percent-encoding');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value.replace(/^[ \t]+|[ \t]+$/g, '');
  const keyLeftOut = op.keyOptional && !headers.authorization;
  if (op.secured && !keyLeftOut && !authorized(headers.authorization, apiKeys)) return invalid(401, [null], 'no valid Bearer key');
  const lenient = op.contract === 'mono' && !options.strict;
  let warned = false;
  if (lenient && op.idempotent && headers['x-idempotency-key'] === '') {
    delete headers['x-idempotency-key'];
    warned = true;
  }

  let body: unknown;
  if (op.requestBody && request.body !== undefined && request.body.length > 0) {
    const [type = '', ...params] = (headers['content-type'] ?? '').split(';').map((s) => s.trim().toLowerCase());
    const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length);
    const media = op.requestBody.mediaType;
    if (type !== media || (charset !== undefined && charset !== 'utf-8')) return invalid(400, ['#/content-type'], `the body is not sent as UTF-8 ${media}`);
    if (Buffer.byteLength(request.body) > BODY_LIMIT_BYTES) return invalid(413, [null], 'the body is over the size limit');
    if (media === 'application/x-www-form-urlencoded') body = Object.fromEntries(new URLSearchParams(request.body));
    else {
      try {
        body = JSON.parse(request.body);
      } catch {
        return invalid(400, [null], 'the body is not JSON');
      }
    }
  }
  const parts = { path: found.params, query: { ...parseQuery(search) }, headers, body };
  let { issues } = validator.checkRequest(op, parts);
  // A dropped field can change which branch of a oneOf judges the rest: judge again after each round.
  for (let round = 0; lenient && round < 3; round++) {
    const changed = issues.filter((issue) => castAsMonoWould(body, issue)).length > 0;
    if (!changed) break;
    warned = true;
    issues = validator.checkRequest(op, parts).issues;
  }
  const toPath = (pointer: string) => (pointer === '' ? null : `#${pointer}`);
  const headerIssues = issues.filter((i) => i.in === 'header');
  if (headerIssues.length > 0) return invalid(400, headerIssues.map((i) => toPath(i.pointer)), 'a header breaks the contract', warned);
  if (issues.length > 0) return invalid(422, issues.map((i) => toPath(i.pointer)), issues.map((i) => `${i.in} ${i.pointer || '(root)'} ${i.keyword}`).join('; '), warned);
  return { verdict: 'valid', warned };
}

/** Statuses a contract-valid request may still get: the business answers of §6 (unknown id, state conflict, business rule, a look token that is not the card's). */
const BUSINESS_STATUSES = new Set([403, 404, 409, 422]);

/** `#/a` is `#/a/b`'s ancestor; null (the whole request) is everyone's. */
export function related(path: string | null, mutated: string): boolean {
  if (path === null) return true;
  return path === mutated || path.startsWith(`${mutated}/`) || mutated.startsWith(`${path}/`);
}

/**
 * What is wrong with an answer, given the expectation; empty when nothing is. For an invalid
 * request the answer must have the expected 4xx status, and its `errors[].path`s must be exactly
 * the places the contract finds wrong (null for the request as a whole), each of them the
 * mutated field, one of its ancestors or one of its descendants. The envelope itself is checked
 * against the contract by the client for every answer.
 */
export function problemsWith(expectation: Expectation, response: ApiResponse, mutatedAt: string | null): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`answered ${response.status}: a request never gets a 5xx from the emulator`);
  if (expectation.warned && !response.headers['x-emulator-warning']) problems.push('Mono lets this request through after casting it, but the answer carries no x-emulator-warning');
  if (expectation.verdict === 'valid') {
    if (response.status >= 300 && !BUSINESS_STATUSES.has(response.status)) problems.push(`a contract-valid request answered ${response.status}, not a 2xx or a business 4xx`);
    return problems;
  }
  if (response.status !== expectation.status) problems.push(`expected ${expectation.status} (${expectation.reason}), got ${response.status}`);
  const reported = ((response.body as { errors?: { path: string | null }[] } | undefined)?.errors ?? []).map((e) => e.path);
  const sorted = (paths: (string | null)[]) => [...new Set(paths.map((p) => p ?? '(null)'))].sort();
  if (JSON.stringify(sorted(reported)) !== JSON.stringify(sorted(expectation.paths))) {
    problems.push(`errors[].path ${JSON.stringify(sorted(reported))}, but the contract finds ${JSON.stringify(sorted(expectation.paths))}`);
  }
  if (mutatedAt !== null) {
    const unrelated = reported.filter((p) => !related(p, mutatedAt));
    if (unrelated.length > 0) problems.push(`errors name ${JSON.stringify(unrelated)}, which is neither the mutated ${mutatedAt} nor above or below it`);
  }
  return problems;
}
