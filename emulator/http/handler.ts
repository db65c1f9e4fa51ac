import type { EmulatorOperations, MonoOperations } from '../../contracts/index.js';
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

/** What a handler gets: the request as the contract types it, after auth and validation. */
export interface RequestContext<K extends OperationId> {
  /** The key's tenant; reading it on an operation without auth is a programming error. */
  readonly tenant: Tenant;
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
}

export type Handler<K extends OperationId> = (context: RequestContext<K>) => Reply | Promise<Reply>;
export type HandlerTable = { [K in OperationId]: Handler<K> };

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const created = (body: unknown): Reply => ({ status: 201, body });
export const noContent = (): Reply => ({ status: 204 });
