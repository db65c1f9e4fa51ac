import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type addFormatsModule from 'ajv-formats';
import type { ContractName, OpenApiDocument } from './documents.js';
import type { OperationSpec, ParameterLocation, SchemaLocation } from './operations.js';

/** One thing wrong with a request or a response, at a JSON pointer inside the named part. */
export interface ValidationIssue {
  in: ParameterLocation | 'body' | 'response';
  /** A JSON pointer inside that part: `/cardholder/email`; `` for the whole part. */
  pointer: string;
  /** The JSON Schema keyword that failed, or `status` / `content-type` for a response. */
  keyword: string;
  message: string;
  params: Record<string, unknown>;
  /** The failing schema's own description, when it has one ("ISO 3166-1 alpha-2"). */
  description?: string;
}

export interface RequestParts {
  path: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface RequestCheck {
  issues: ValidationIssue[];
  /** Query parameters as the contract types them (integers, arrays); absent ones stay absent. */
  query: Record<string, unknown>;
}

const DOCUMENT_BASE = 'https://contracts.mono-emulator.invalid/';
const schemaUri = (location: SchemaLocation) => `${DOCUMENT_BASE}${location.contract}.openapi.yaml#${location.pointer}`;

/**
 * Compiles validators on first use. Loading ajv, adding the documents and compiling every schema
 * up front would cost ~600 ms of cold start, and CI suites start the emulator often; a request
 * that is validated first pays for its own operation only.
 */
export class ContractValidator {
  private bodyAjv: Ajv2020 | undefined;
  private parameterAjv: Ajv2020 | undefined;
  private readonly requestValidators = new Map<OperationSpec, { params: ValidateFunction; body: ValidateFunction | null }>();
  private readonly responseValidators = new Map<string, ValidateFunction>();

  constructor(private readonly documents: Record<ContractName, OpenApiDocument>) {}

  private get bodies(): Ajv2020 {
    return (this.bodyAjv ??= createAjv(this.documents, false));
  }

  /** Query strings carry text only: this one turns "20" into 20 and "x" into ["x"]. */
  private get parameters(): Ajv2020 {
    return (this.parameterAjv ??= createAjv(this.documents, 'array'));
  }

  checkRequest(operation: OperationSpec, parts: RequestParts): RequestCheck {
    // An operation without parameters or body (health, clock, reset) has nothing to check.
    if (operation.parameters.length === 0 && !operation.requestBody) return { issues: [], query: {} };
    const validators = this.requestValidatorsFor(operation);
    const query: Record<string, unknown> = {};
    const header: Record<string, unknown> = {};
    for (const p of operation.parameters) {
      if (p.in === 'query') {
        const raw = parts.query[p.name];
        if (raw !== undefined) query[p.name] = p.isArray ? splitList(raw) : raw;
      } else if (p.in === 'header') {
        const raw = parts.headers[p.name];
        if (raw !== undefined) header[p.name] = raw;
      }
    }
    const params = { path: { ...parts.path }, query, header };
    const issues: ValidationIssue[] = [];
    if (!validators.params(params)) {
      for (const issue of normalize(validators.params.errors ?? [])) {
        const [, location, ...rest] = issue.pointer.split('/');
        issues.push({ ...issue, in: location as ParameterLocation, pointer: rest.length ? `/${rest.join('/')}` : '' });
      }
    }
    if (validators.body) {
      const body = parts.body === undefined && operation.requestBody?.required ? {} : parts.body;
      if (body !== undefined && !validators.body(body)) {
        for (const issue of normalize(validators.body.errors ?? [])) issues.push({ ...issue, in: 'body' });
      }
    }
    return { issues, query: params.query };
  }

  /** Checks an answer against the operation's declared responses: status, content type and body. */
  checkResponse(operation: OperationSpec, status: number, contentType: string | undefined, body: unknown): ValidationIssue[] {
    const spec = operation.responses.get(String(status)) ?? operation.responses.get(`${String(status)[0]}XX`) ?? operation.responses.get('default');
    const issue = (keyword: string, message: string): ValidationIssue[] => [
      { in: 'response', pointer: '', keyword, message, params: { status, contentType } },
    ];
    if (!spec) {
      return issue('status', `${operation.method.toUpperCase()} ${operation.path} does not declare status ${status} (declared: ${[...operation.responses.keys()].join(', ')})`);
    }
    if (!spec.schema || !spec.contentType) {
      const empty = body === undefined || body === '' || (typeof body === 'object' && body !== null && Object.keys(body).length === 0);
      return empty ? [] : issue('content', `status ${status} declares no body, but one was sent`);
    }
    const received = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (received !== spec.contentType) {
      return issue('content-type', `expected content type ${spec.contentType}, received ${received || 'none'}`);
    }
    return this.checkSchema(spec.schema, body);
  }

  /** Checks any value against one schema of a contract, e.g. the error envelope. */
  checkSchema(location: SchemaLocation, value: unknown): ValidationIssue[] {
    const uri = schemaUri(location);
    let validate = this.responseValidators.get(uri);
    if (!validate) {
      validate = this.bodies.compile({ $ref: uri });
      this.responseValidators.set(uri, validate);
    }
    if (validate(value)) return [];
    return normalize(validate.errors ?? []).map((i) => ({ ...i, in: 'response' as const }));
  }

  private requestValidatorsFor(operation: OperationSpec) {
    let validators = this.requestValidators.get(operation);
    if (validators) return validators;
    const group = (location: ParameterLocation) => {
      const list = operation.parameters.filter((p) => p.in === location);
      return {
        type: 'object',
        properties: Object.fromEntries(list.map((p) => [p.name, { $ref: schemaUri(p.schema) }])),
        required: list.filter((p) => p.required).map((p) => p.name),
      };
    };
    validators = {
      params: this.parameters.compile({
        type: 'object',
        properties: { path: group('path'), query: group('query'), header: group('header') },
      }),
      body: operation.requestBody ? this.bodies.compile({ $ref: schemaUri(operation.requestBody.schema) }) : null,
    };
    this.requestValidators.set(operation, validators);
    return validators;
  }
}

// Loaded with require on first use rather than imported, so a start that validates nothing never loads them.
const load = createRequire(import.meta.url);

function createAjv(documents: Record<ContractName, OpenApiDocument>, coerceTypes: false | 'array'): Ajv2020 {
  const { Ajv2020 } = load('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = load('ajv-formats') as typeof addFormatsModule;
  const ajv = new Ajv2020({
    allErrors: true,
    // Keeps each error's schema, whose description names what an enum or pattern means.
    verbose: true,
    discriminator: true,
    coerceTypes,
    allowUnionTypes: true,
    strict: true,
    strictRequired: false,
    // Checking the documents against the meta-schema costs ~140 ms a document; strict-mode
    // compilation, which a unit test runs over every schema, catches the same mistakes.
    validateSchema: false,
  });
  addFormats.default(ajv);
  // OpenAPI's own keys on the documents, and the project's `x-emulator` notes inside schemas.
  ajv.addVocabulary(['openapi', 'info', 'servers', 'paths', 'components', 'tags', 'security', 'webhooks', 'x-emulator']);
  for (const [name, doc] of Object.entries(documents)) ajv.addSchema({ ...doc, $id: `${DOCUMENT_BASE}${name}.openapi.yaml` });
  return ajv;
}

function splitList(raw: unknown): unknown {
  const values = Array.isArray(raw) ? raw : [raw];
  return values.flatMap((v) => (typeof v === 'string' ? v.split(',').filter((part) => part !== '') : [v]));
}

const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** How telling an error is: when one value fails several ways, the lowest rank is reported. */
function rank(error: ErrorObject): number {
  switch (error.keyword) {
    case 'required':
      return 0;
    case 'additionalProperties':
    case 'propertyNames':
      return 1;
    case 'type':
      // "Must be null" is the other branch of a nullable field: an explanation below the value wins over it.
      return error.params.type === 'null' ? 10 : 2;
    case 'const':
    case 'enum':
    case 'discriminator':
      return 3;
    case 'pattern':
    case 'format':
      return 4;
    case 'oneOf':
    case 'anyOf':
    case 'allOf':
    case 'not':
      return 10;
    default:
      return 5;
  }
}

function descriptionOf(error: ErrorObject): { description?: string } {
  const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
  return typeof description === 'string' ? { description } : {};
}

/** One issue per offending value, with `required` and `additionalProperties` pointing at the field itself. */
function normalize(errors: ErrorObject[]): ValidationIssue[] {
  const best = new Map<string, ErrorObject>();
  for (const error of errors) {
    let pointer = error.instancePath;
    if (error.keyword === 'required') pointer += `/${escapeToken(String(error.params.missingProperty))}`;
    else if (error.keyword === 'additionalProperties') pointer += `/${escapeToken(String(error.params.additionalProperty))}`;
    else if (error.keyword === 'propertyNames') pointer += `/${escapeToken(String(error.params.propertyName))}`;
    else if (error.keyword === 'discriminator') pointer += `/${escapeToken(String(error.params.tag))}`;
    const previous = best.get(pointer);
    if (!previous || rank(error) < rank(previous)) best.set(pointer, error);
  }
  return [...best.entries()]
    .filter(([pointer, error]) => {
      // A failed oneOf whose branches already explained a value below it adds nothing, nor does
      // its `null` branch's complaint ("must be null") about an object whose fields were explained.
      if (rank(error) < 9) return true;
      return ![...best.keys()].some((other) => other !== pointer && other.startsWith(`${pointer}/`));
    })
    .map(([pointer, error]) => ({
      in: 'body' as const,
      pointer,
      keyword: error.keyword,
      message: error.message ?? 'is invalid',
      params: error.params as Record<string, unknown>,
      ...descriptionOf(error),
    }));
}
