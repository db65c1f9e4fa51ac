import { Agent } from 'node:http';
import type { Express } from 'express';
import supertest from 'supertest';
import { loadContracts, type ValidationIssue } from '../../contracts/index.js';

export interface ApiResponse {
  status: number;
  /** Loosely typed on purpose: the contract check below is what guarantees its shape. */
  body: any;
  text: string;
  headers: Record<string, string>;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as-is instead of `body`, for malformed JSON and the like. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
  /** false to send no Authorization header. */
  auth?: boolean;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const ERROR_BODY = { contract: 'mono' as const, pointer: '/components/schemas/ErrorBody' };

function describeIssues(issues: ValidationIssue[]): string {
  return issues.map((i) => `  ${i.pointer || '(root)'}: ${i.message} ${JSON.stringify(i.params)}`).join('\n');
}

/** JSON answers are checked as parsed; anything else (the look page's HTML) as its text. */
function bodyForCheck(response: ApiResponse): unknown {
  if (response.text === '') return undefined;
  return (response.headers['content-type'] ?? '').includes('json') ? response.body : response.text;
}

/**
 * Checks an answer against the contract of the operation it came from. Answers that belong to
 * no operation (unknown path, wrong method, an operation the emulator does not model) must
 * still be Mono's error envelope.
 */
export function assertMatchesContract(method: string, url: string, response: ApiResponse): void {
  const { index, validator } = loadContracts();
  const path = url.split('?')[0]!;
  const found = index.find(method, path);
  const outsideOperations = !found || response.status === 405 || response.status === 501;
  const issues = outsideOperations
    ? validator.checkSchema(ERROR_BODY, response.body)
    : validator.checkResponse(found.operation, response.status, response.headers['content-type'], bodyForCheck(response));
  if (issues.length > 0) {
    const operation = found && !outsideOperations ? found.operation.operationId : 'error envelope';
    throw new Error(
      `${method.toUpperCase()} ${url} -> ${response.status} breaks the contract (${operation}):\n${describeIssues(issues)}\nbody: ${response.text.slice(0, 2000)}`,
    );
  }
}

/**
 * Kept-alive connections for clients of a listening emulator. supertest on an Express app starts
 * a server of its own and closes it for every request, and on a URL it opens a connection per
 * request: ~1.7-3.7 and ~0.65-1.0 ms of CPU per request in a microbenchmark of GETs, against
 * ~0.46-0.55 ms through this agent. The suite sends tens of thousands of requests.
 */
const keepAlive = new Agent({ keepAlive: true });

/**
 * An HTTP client for tests: every answer it returns has been checked against the contract. Give
 * it the emulator's URL (its own server, as an integration reaches it); an Express app is served
 * by supertest for the request alone (what still answers after `stop()`).
 */
export function contractClient(target: Express | string, apiKey?: string) {
  const agent = supertest(target);
  const call = async (method: Method, url: string, options: CallOptions = {}): Promise<ApiResponse> => {
    let request = agent[method](url);
    if (typeof target === 'string') request = request.agent(keepAlive);
    if (apiKey && options.auth !== false) request = request.set('Authorization', `Bearer ${apiKey}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) request = request.set(name, value);
    if (options.raw !== undefined) request = request.send(options.raw);
    else if (options.body !== undefined) request = request.send(options.body as object);
    const res = await request;
    const response: ApiResponse = { status: res.status, body: res.body, text: res.text ?? '', headers: res.headers as Record<string, string> };
    assertMatchesContract(method, url, response);
    return response;
  };
  return {
    get: (url: string, options?: CallOptions) => call('get', url, options),
    post: (url: string, body?: unknown, options?: CallOptions) => call('post', url, { ...options, body }),
    put: (url: string, body?: unknown, options?: CallOptions) => call('put', url, { ...options, body }),
    patch: (url: string, body?: unknown, options?: CallOptions) => call('patch', url, { ...options, body }),
    delete: (url: string, body?: unknown, options?: CallOptions) => call('delete', url, { ...options, body }),
    call,
    /** The same client with another key (or none). */
    as: (otherKey?: string) => contractClient(target, otherKey),
  };
}

export type ContractClient = ReturnType<typeof contractClient>;

/**
 * `fetch` for tests that must speak to a process over real HTTP (the CLI's), with the answer
 * checked against the contract like every other. Returns the Response, its body still unread.
 */
export async function checkedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, init);
  const text = await res.clone().text();
  const headers = Object.fromEntries(res.headers);
  const body = text !== '' && (headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : {};
  const { pathname, search } = new URL(url);
  assertMatchesContract((init.method ?? 'GET').toLowerCase(), `${pathname}${search}`, { status: res.status, body, text, headers });
  return res;
}
