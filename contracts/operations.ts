import type { ContractName, OpenApiDocument } from './documents.js';

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export type ParameterLocation = 'path' | 'query' | 'header';
export const BODY_MEDIA_TYPES = ['application/json', 'application/x-www-form-urlencoded'] as const;
export type BodyMediaType = (typeof BODY_MEDIA_TYPES)[number];

/** A JSON pointer into one contract document, already escaped for use in a `$ref` fragment. */
export interface SchemaLocation {
  contract: ContractName;
  pointer: string;
}

export interface ParameterSpec {
  name: string;
  in: ParameterLocation;
  required: boolean;
  schema: SchemaLocation;
  /** Array parameters take repeated keys or comma-separated values. */
  isArray: boolean;
}

export interface ResponseSpec {
  status: string;
  /** null when the answer has no body (204). */
  contentType: string | null;
  schema: SchemaLocation | null;
}

export interface OperationSpec {
  contract: ContractName;
  operationId: string;
  method: HttpMethod;
  /** The path as the contract writes it: `/v1/cards/{card_id}`. */
  path: string;
  /** The same path in Express's syntax: `/v1/cards/:card_id`. */
  expressPath: string;
  parameters: ParameterSpec[];
  /** The body's media type: JSON for the API, a browser form for the holder's activation page. */
  requestBody: { required: boolean; schema: SchemaLocation; mediaType: BodyMediaType } | null;
  responses: Map<string, ResponseSpec>;
  /** Whether the operation takes `Authorization: Bearer`. */
  secured: boolean;
  /**
   * Whether the key may be left out (`security: [{}, {bearerAuth: []}]`): the control calls that
   * act on the caller's tenant with a key, and on every tenant without one.
   */
  keyOptional: boolean;
  /** Whether Mono documents `X-Idempotency-Key` for it. */
  idempotent: boolean;
}

interface RawParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { type?: unknown; $ref?: string };
}

const escapeSegment = (segment: string) =>
  encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));

export function pointerOf(...segments: (string | number)[]): string {
  return '/' + segments.map((s) => escapeSegment(String(s))).join('/');
}

interface Resolved<T> {
  value: T;
  location: SchemaLocation;
}

/**
 * Follows `$ref`s — `#/…` inside a document, `./mono.openapi.yaml#/…` across the two — and
 * answers the target with where it lives.
 */
export function resolve<T>(documents: Documents, value: unknown, location: SchemaLocation): Resolved<T> {
  let current = value as { $ref?: string };
  let at = location;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`$ref cycle at ${at.contract}#${at.pointer}`);
    const [file, fragment = ''] = current.$ref.split('#');
    const contract = file ? (/^\.\/(\w+)\.openapi\.yaml$/.exec(file)?.[1] as ContractName | undefined) : at.contract;
    if (!contract || !documents[contract]) throw new Error(`unresolvable $ref ${current.$ref}`);
    const parts = fragment.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = documents[contract];
    for (const part of parts) node = (node as Record<string, unknown>)[part];
    at = { contract, pointer: pointerOf(...parts) };
    current = node as { $ref?: string };
  }
  return { value: current as T, location: at };
}

type Documents = Record<ContractName, OpenApiDocument>;

/** Lists every operation of a contract with what validation and routing need to know. */
export function extractOperations(contract: ContractName, documents: Documents): OperationSpec[] {
  const doc = documents[contract];
  const here = (pointer: string): SchemaLocation => ({ contract, pointer });
  const operations: OperationSpec[] = [];
  const globallySecured = (doc.security ?? []).length > 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item.parameters ?? []) as RawParameter[];
    for (const method of HTTP_METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const parameters: ParameterSpec[] = [];
      const collect = (list: unknown[], base: string) =>
        list.forEach((raw, index) => {
          const { value: p, location } = resolve<RawParameter>(documents, raw, here(`${base}/${index}`));
          if (p.in !== 'path' && p.in !== 'query' && p.in !== 'header') return;
          const schema = { contract: location.contract, pointer: `${location.pointer}/schema` };
          const spec: ParameterSpec = {
            name: p.in === 'header' ? p.name.toLowerCase() : p.name,
            in: p.in,
            required: p.required === true,
            schema,
            isArray: resolve<{ type?: unknown }>(documents, p.schema, schema).value?.type === 'array',
          };
          const existing = parameters.findIndex((q) => q.name === spec.name && q.in === spec.in);
          if (existing >= 0) parameters[existing] = spec;
          else parameters.push(spec);
        });
      collect(shared, pointerOf('paths', path, 'parameters'));
      collect((op.parameters ?? []) as unknown[], pointerOf('paths', path, method, 'parameters'));

      let requestBody: OperationSpec['requestBody'] = null;
      if (op.requestBody) {
        const { value: body, location } = resolve<{ required?: boolean; content?: Record<string, unknown> }>(
          documents,
          op.requestBody,
          here(pointerOf('paths', path, method, 'requestBody')),
        );
        const mediaType = BODY_MEDIA_TYPES.find((type) => body.content?.[type]);
        if (mediaType) {
          requestBody = {
            required: body.required === true,
            schema: { contract: location.contract, pointer: `${location.pointer}${pointerOf('content', mediaType, 'schema')}` },
            mediaType,
          };
        }
      }

      const responses = new Map<string, ResponseSpec>();
      for (const [status, raw] of Object.entries((op.responses ?? {}) as Record<string, unknown>)) {
        const { value: response, location } = resolve<{ content?: Record<string, unknown> }>(
          documents,
          raw,
          here(pointerOf('paths', path, method, 'responses', status)),
        );
        const contentType = response.content ? Object.keys(response.content)[0] ?? null : null;
        responses.set(status, {
          status,
          contentType,
          schema: contentType ? { contract: location.contract, pointer: `${location.pointer}${pointerOf('content', contentType, 'schema')}` } : null,
        });
      }

      const security = op.security as unknown[] | undefined;
      operations.push({
        contract,
        operationId: String(op.operationId),
        method,
        path,
        expressPath: path.replace(/\{([^}]+)\}/g, ':$1'),
        parameters,
        requestBody,
        responses,
        secured: security ? security.length > 0 : globallySecured,
        keyOptional: (security ?? []).some((requirement) => Object.keys(requirement as object).length === 0),
        idempotent: parameters.some((p) => p.in === 'header' && p.name === 'x-idempotency-key'),
      });
    }
  }
  return operations;
}

interface CompiledTemplate {
  operation: OperationSpec;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
}

/** Finds operations by a concrete request path; literal segments win over parameters. */
export class OperationIndex {
  private readonly templates: CompiledTemplate[];

  constructor(readonly operations: readonly OperationSpec[]) {
    this.templates = operations
      .map((operation) => {
        const names: string[] = [];
        const source = operation.path
          .split('/')
          .map((segment) => {
            const param = /^\{(.+)\}$/.exec(segment);
            if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            names.push(param[1]!);
            return '([^/]+)';
          })
          .join('/');
        const literalSegments = operation.path.split('/').filter((s) => s && !s.startsWith('{')).length;
        return { operation, pattern: new RegExp(`^${source}/?$`), names, literalSegments };
      })
      .sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /** The operation a method and path name, with its decoded path parameters. */
  find(method: string, path: string): { operation: OperationSpec; params: Record<string, string> } | undefined {
    const wanted = method.toLowerCase();
    for (const template of this.templates) {
      if (template.operation.method !== wanted) continue;
      const match = template.pattern.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      template.names.forEach((name, i) => {
        params[name] = safeDecode(match[i + 1]!);
      });
      return { operation: template.operation, params };
    }
    return undefined;
  }

  /**
   * The operations with literal segments first (`/v1/cards/activation_links` before
   * `/v1/cards/{card_id}`): the order a router that tries routes in turn must register them in.
   */
  get routingOrder(): OperationSpec[] {
    return this.templates.map((t) => t.operation);
  }

  /** The methods the contract defines for a path, whatever method was asked for. */
  methodsFor(path: string): HttpMethod[] {
    const methods = new Set<HttpMethod>();
    for (const template of this.templates) if (template.pattern.test(path)) methods.add(template.operation.method);
    return [...methods];
  }

  byId(operationId: string): OperationSpec | undefined {
    return this.operations.find((op) => op.operationId === operationId);
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
