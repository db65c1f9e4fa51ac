import type { EmulatorOperations, MonoOperations } from '../../contracts/index.js';
import type { DomainContext } from '../domain/context.js';
import type { Tenant } from '../ports/records.js';

/** Every operation of both contracts, by operationId. */
export type Operations = MonoOperations & EmulatorOperations;
export type OperationId = keyof Operations;

type BodyOf<C> = C extends { 'application/json': infer B } ? B : C extends { 'application/x-www-form-urlencoded': infer B } ? B : never;
type JsonBody<Op> = Op extends { requestBody: { content: infer C } }
  ? BodyOf<C>
  : Op extends { requestBody?: { content: infer C } }
    ? BodyOf<C> | undefined
    : undefined;
type Params<Op, In extends 'path' | 'query'> = Op extends { parameters: { [K in In]?: infer P } }
  ? [P] extends [never]
    ? Record<string, never>
    : NonNullable<P>
  : Record<string, never>;

/**
 * Who calls a control operation whose key is optional: a tenant (its key; the call acts on that
 * tenant), the admin (the admin token) or anyone (no key). Mono operations always have a tenant.
 */
export type Caller = 'tenant' | 'admin' | 'anyone';

/** What a handler gets: the request as the contract types it, after auth and validation. */
export interface RequestContext<K extends OperationId> {
  /** The key's tenant; reading it on an operation without auth is a programming error. */
  readonly tenant: Tenant;
  /**
   * The tenant's domain context, its clock, ids and card network its own: what every domain call
   * of the request takes. Read when the handler runs, so a reset meanwhile is seen.
   */
  readonly domain: DomainContext;
  readonly caller: Caller;
  readonly params: Params<Operations[K], 'path'>;
  /** Query parameters typed and defaulted by the contract. */
  readonly query: Params<Operations[K], 'query'>;
  readonly body: JsonBody<Operations[K]>;
  /** `http://host:port` as the client reached the emulator, for URLs in answers. */
  readonly origin: string;
}

/** What a handler answers; the app writes it, so handlers never touch Express. */
export interface Reply {
  status: number;
  body?: unknown;
  /** `application/json` unless said otherwise. */
  contentType?: string;
  headers?: Record<string, string>;
  /** Instead of a body: server-sent events, written as they come until either side ends them. */
  stream?: EventStream;
}

/** A stream of server-sent events; the app frames each message and watches the client. */
export interface EventStream {
  /** Starts it: `send` writes one message, `end` closes it. Returns what to call once the client has gone. */
  open(send: (message: { event: string; data: unknown }) => void, end: () => void): () => void;
}

export type Handler<K extends OperationId> = (context: RequestContext<K>) => Reply | Promise<Reply>;
export type HandlerTable = { [K in OperationId]: Handler<K> };

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const created = (body: unknown): Reply => ({ status: 201, body });
export const noContent = (): Reply => ({ status: 204 });
