import fc from 'fast-check';
import { loadContracts, type OperationSpec } from '../../../contracts/index.js';
import type { WireRequest } from '../http-probe.js';
import { SchemaArbitraries, urlPathSegment, type JsonSchema } from '../schema-arbitrary.js';
import type { FuzzWorld } from './world.js';

/**
 * An id in a generated request, kept symbolic until the request is sent: the `pick`-th resource
 * of its kinds that the tenant has when the request goes out, or, when `pick` is -1 or the tenant
 * has none, `fresh` (an id of the right shape that names nothing). Symbolic ids keep generated
 * requests small to print and to shrink, and valid whatever the tenant has by then.
 */
export class IdRef {
  constructor(
    readonly prefixes: readonly string[],
    readonly pick: number,
    readonly fresh: string,
  ) {}

  resolve(world: FuzzWorld): string {
    const pool = this.prefixes.flatMap((prefix) => world.pools.get(prefix) ?? []);
    return this.pick < 0 || pool.length === 0 ? this.fresh : pool[this.pick % pool.length]!;
  }

  [fc.toStringMethod](): string {
    return this.pick < 0 ? JSON.stringify(this.fresh) : `<${this.prefixes.join('|')} #${this.pick}>`;
  }
}

/** The pages a token opens: a card's look (by card id) and an activation link's holder page (by link id). */
export type TokenKind = 'look' | 'activation';

/** The operations whose `token` query parameter is a page token, and what it opens. */
const TOKEN_KINDS: Readonly<Record<string, TokenKind>> = { showCardLook: 'look', showActivationPage: 'activation', submitActivationPage: 'activation' };

/** A page token for the card or link the request names, or a made-up one. */
export class TokenRef {
  constructor(readonly kind: TokenKind, readonly valid: boolean, readonly made: string) {}

  [fc.toStringMethod](): string {
    return this.valid ? `<${this.kind} token of the path's resource>` : JSON.stringify(this.made);
  }
}

/** A request as fast-check draws it: the operation and the contract-valid parts, ids symbolic. */
export interface GeneratedRequest {
  operationId: string;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  /** Absent when the operation takes no body. */
  body?: unknown;
}

/** The same request with every symbolic part resolved against the tenant. */
export interface ConcreteRequest {
  op: OperationSpec;
  path: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: unknown;
}

/** `^car_…{22}$`, `^l?acc_…{22}$`, `^(car|ccg)_…{22}$`: the id kinds an id pattern accepts. */
function idPrefixes(pattern: string): string[] | undefined {
  const match = /^\^(?:\(([a-z|]+)\)|(l\?acc|[a-z]+))_\[\\w-\]\{22\}\$$/.exec(pattern);
  if (!match) return undefined;
  if (match[1]) return match[1].split('|');
  return match[2] === 'l?acc' ? ['acc', 'lacc'] : [match[2]!];
}

/** Keys a test reuses on purpose, so that replays and key reuse with another body happen. */
const REUSED_KEYS = ['fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3'];

function generator(receiverUrl: () => string): SchemaArbitraries {
  const { documents } = loadContracts();
  return new SchemaArbitraries(documents, {
    // Webhook URLs point at the test's own receiver on loopback, never anywhere else.
    uri: urlPathSegment.map((segment) => `${receiverUrl()}/${segment}`),
    override(schema: JsonSchema) {
      // Colombian documents and addresses come up more often: most of Mono's rules (document types by country) are about them.
      if (Array.isArray(schema.enum) && schema.enum.includes('CO') && schema.enum.length > 100) {
        return fc.oneof({ weight: 2, arbitrary: fc.constant('CO') }, { weight: 1, arbitrary: fc.constantFrom(...(schema.enum as string[])) });
      }
      const prefixes = typeof schema.pattern === 'string' ? idPrefixes(schema.pattern) : undefined;
      if (!prefixes) return undefined;
      const pick = fc.oneof({ weight: 5, arbitrary: fc.nat(20) }, { weight: 1, arbitrary: fc.constant(-1) });
      return fc.tuple(pick, fc.stringMatching(new RegExp(schema.pattern as string))).map(([n, fresh]) => new IdRef(prefixes, n, fresh));
    },
  });
}

/**
 * Contract-valid requests for one operation, drawn from its parameter and body schemas. The
 * receiver URL is read when a value is drawn, so arbitraries can be built before the world starts.
 */
export function validRequest(op: OperationSpec, receiverUrl: () => string): fc.Arbitrary<GeneratedRequest> {
  const schemas = generator(receiverUrl);
  const part = (location: 'path' | 'query' | 'header') => {
    const params = op.parameters.filter((p) => p.in === location);
    const model = Object.fromEntries(
      params.map((p) => {
        let arbitrary = schemas.arbitrary(p.schema);
        const kind = TOKEN_KINDS[op.operationId];
        if (kind && p.name === 'token') {
          arbitrary = fc.tuple(fc.boolean(), arbitrary as fc.Arbitrary<string>).map(([valid, made]) => new TokenRef(kind, valid, made));
        }
        if (p.name === 'x-idempotency-key') {
          // HTTP trims a header value's surrounding spaces, so a key is what is left of it.
          const key = (arbitrary as fc.Arbitrary<string>).map((k) => k.trim()).filter((k) => k.length > 0);
          arbitrary = fc.oneof({ weight: 4, arbitrary: key }, { weight: 1, arbitrary: fc.constantFrom(...REUSED_KEYS) });
        }
        return [p.name, arbitrary];
      }),
    );
    return fc.record(model, { requiredKeys: params.filter((p) => p.required).map((p) => p.name) });
  };
  let body = op.requestBody ? schemas.arbitrary(op.requestBody.schema) : fc.constant(undefined);
  // A rule that fails or slows tokenizations would turn later valid card creations into 5xx or
  // waits: generated rules succeed at once. The failing outcomes have tests of their own.
  if (op.operationId === 'setTokenizationRule') body = body.map((rule) => ({ ...(rule as object), outcome: 'success', latency_ms: 0 }));
  return fc.record({ path: part('path'), query: part('query'), headers: part('header'), body }).map(({ path, query, headers, body: b }) => ({
    operationId: op.operationId,
    path,
    query,
    headers,
    ...(op.requestBody ? { body: b } : {}),
  }));
}

/** Replaces every symbolic id with the tenant's resource of the moment; copies keys as own keys. */
function resolveValue(value: unknown, world: FuzzWorld): unknown {
  if (value instanceof IdRef) return value.resolve(world);
  // Two symbolic ids may name the same resource; a list of ids keeps each once (lists of ids are uniqueItems).
  if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof IdRef)) return [...new Set(value.map((v) => (v as IdRef).resolve(world)))];
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, world));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) Object.defineProperty(out, key, { value: resolveValue(v, world), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

const asText = (value: unknown): string | string[] => (Array.isArray(value) ? value.map(String) : String(value));

export function concretize(generated: GeneratedRequest, world: FuzzWorld): ConcreteRequest {
  const op = loadContracts().index.byId(generated.operationId)!;
  const path = Object.fromEntries(Object.entries(generated.path).map(([k, v]) => [k, String(resolveValue(v, world))]));
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(generated.query)) {
    if (value instanceof TokenRef) query[name] = value.valid ? (world.pageToken(value.kind, path) ?? value.made) : value.made;
    else query[name] = asText(resolveValue(value, world));
  }
  const headers: Record<string, string> = {};
  if (op.secured) headers.authorization = `Bearer ${world.apiKey}`;
  for (const [name, value] of Object.entries(generated.headers)) headers[name] = String(value);
  return { op, path, query, headers, ...(generated.body === undefined ? {} : { body: resolveValue(generated.body, world) }) };
}

/** The contract path with its parameters filled in and encoded. */
export function pathOf(op: OperationSpec, params: Record<string, string>, encode: (value: string) => string = encodeURIComponent): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encode(params[name] ?? ''));
}

export function queryString(query: Record<string, string | string[]>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const v of Array.isArray(value) ? value : [value]) search.append(name, v);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A form body as a browser sends it; whatever is not text (a mutation's object) is sent as its String(). */
const formEncode = (body: unknown) => new URLSearchParams(Object.entries(body as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)])).toString();

/** The request as bytes on the wire: a JSON body (or the holder page's form) with its content type. */
export function toWire(request: ConcreteRequest): WireRequest {
  const headers = { ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined) {
    const form = request.op.requestBody?.mediaType === 'application/x-www-form-urlencoded' && request.body !== null && typeof request.body === 'object';
    body = form ? formEncode(request.body) : JSON.stringify(request.body);
    headers['content-type'] = form ? 'application/x-www-form-urlencoded' : 'application/json';
  }
  return { method: request.op.method.toUpperCase(), url: `${pathOf(request.op, request.path)}${queryString(request.query)}`, headers, ...(body === undefined ? {} : { body }) };
}
