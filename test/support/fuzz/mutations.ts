import fc from 'fast-check';
import type { OperationSpec } from '../../../contracts/index.js';
import type { WireRequest } from '../http-probe.js';
import { pathOf, queryString, toWire, type ConcreteRequest } from './requests.js';

/**
 * Ways to break a valid request. Each breaks one thing: one field of the body (at a pointer
 * chosen by `target`), the body as a whole, one query parameter, the idempotency header, the
 * Authorization header, or one path parameter. `variant` picks the bad value.
 */
export const FIELD_MUTATIONS = [
  'remove-field',
  'wrong-type',
  'extra-field',
  'prototype-key',
  'empty-string',
  'long-string',
  'unicode',
  'control-characters',
  'huge-number',
  'negative-number',
  'fractional-number',
  'unknown-enum-value',
  'bad-id',
  'deep-nesting',
  'raw-huge-integer',
  'numeric-string',
] as const;
export const WHOLE_BODY_MUTATIONS = ['invalid-json', 'wrong-content-type', 'empty-body', 'oversized-body', 'not-an-object'] as const;
export const REQUEST_MUTATIONS = ['bad-query', 'bad-idempotency-key', 'bad-authorization', 'bad-path-parameter'] as const;

export type MutationKind = (typeof FIELD_MUTATIONS)[number] | (typeof WHOLE_BODY_MUTATIONS)[number] | (typeof REQUEST_MUTATIONS)[number];

export interface MutationSpec {
  kind: MutationKind;
  target: number;
  variant: number;
}

export interface Mutated {
  wire: WireRequest;
  /** What was broken, as an error path would name it (`#/cardholder/email`, `#/page_size`); null for the body as a whole or the credentials. */
  at: string | null;
  /** For the failure report: the mutation in words. */
  description: string;
}

/** Kinds that break JSON itself or put a non-text value: a browser form sends text only. */
const JSON_ONLY: ReadonlySet<MutationKind> = new Set(['wrong-type', 'huge-number', 'negative-number', 'fractional-number', 'deep-nesting', 'raw-huge-integer', 'numeric-string', 'invalid-json', 'not-an-object']);

/** The kinds that mean something for an operation (body kinds need a body, path kinds a path parameter), of those asked for. */
export function mutationsFor(op: OperationSpec, only?: readonly MutationKind[]): fc.Arbitrary<MutationSpec> {
  const kinds: MutationKind[] = [...REQUEST_MUTATIONS.filter((k) => k !== 'bad-path-parameter' || op.parameters.some((p) => p.in === 'path'))];
  const form = op.requestBody?.mediaType === 'application/x-www-form-urlencoded';
  if (op.requestBody) kinds.push(...[...FIELD_MUTATIONS, ...WHOLE_BODY_MUTATIONS].filter((kind) => !form || !JSON_ONLY.has(kind)));
  const chosen = only ? kinds.filter((k) => only.includes(k)) : kinds;
  return fc.record({ kind: fc.constantFrom(...chosen), target: fc.nat(1000), variant: fc.nat(1000) });
}

const MIB = 1024 * 1024;
const RAW = 'FUZZ_RAW_VALUE_9f3c';

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;
const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy that keeps keys such as `__proto__` as own keys. */
function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) setOwn(out, key, clone(v));
    return out;
  }
  return value;
}

interface Slot {
  pointer: string;
  /** The object or array holding the value, and its key there; undefined for the root. */
  parent?: Record<string, unknown> | unknown[];
  key?: string | number;
  value: unknown;
}

function slots(value: unknown, pointer = '', parent?: Slot['parent'], key?: Slot['key']): Slot[] {
  const here: Slot = { pointer, value, ...(parent === undefined ? {} : { parent, key: key! }) };
  if (Array.isArray(value)) return [here, ...value.flatMap((v, i) => slots(v, `${pointer}/${i}`, value, i))];
  if (value !== null && typeof value === 'object') {
    return [here, ...Object.entries(value).flatMap(([k, v]) => slots(v, `${pointer}/${escapeToken(k)}`, value as Record<string, unknown>, k))];
  }
  return [here];
}

function replace(slot: Slot, value: unknown): void {
  if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = value;
  else if (slot.parent) setOwn(slot.parent, slot.key as string, value);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const ID = /^([a-z]+)_[\w-]{22}$/;

const WRONG_TYPES: unknown[] = [42, 'text', true, null, {}, [], 1.5, [1, 2]];
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Field mutations: which slots each applies to, and the bad value it puts there (RAW marks raw JSON text). */
const FIELD: Record<(typeof FIELD_MUTATIONS)[number], { applies: (s: Slot) => boolean; apply: (s: Slot, variant: number) => { value?: unknown; raw?: string; words: string } }> = {
  'remove-field': {
    applies: (s) => isObject(s.parent),
    apply: () => ({ words: 'removed' }),
  },
  'wrong-type': {
    applies: (s) => s.parent !== undefined,
    apply: (s, v) => {
      const options = WRONG_TYPES.filter((w) => typeOf(w) !== typeOf(s.value));
      const value = pick(options, v);
      return { value, words: `set to ${JSON.stringify(value)}` };
    },
  },
  'extra-field': {
    applies: (s) => isObject(s.value),
    apply: (_s, v) => ({ value: pick(['unexpected', 'zzz', 'ñandú', 'with space', '', 'x'.repeat(300)], v), words: 'gained an unknown key' }),
  },
  'prototype-key': {
    applies: (s) => isObject(s.value),
    apply: (_s, v) => ({ value: pick(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '__defineGetter__'], v), words: 'gained a prototype key' }),
  },
  'empty-string': {
    applies: (s) => s.parent !== undefined,
    apply: () => ({ value: '', words: 'set to ""' }),
  },
  'long-string': {
    applies: (s) => s.parent !== undefined,
    apply: (_s, v) => {
      const length = pick([MIB, 50_000, 256, 65, 2049], v);
      return { value: 'x'.repeat(length), words: `set to a string of ${length} characters` };
    },
  },
  unicode: {
    applies: (s) => s.parent !== undefined,
    apply: (s, v) => {
      const text = typeof s.value === 'string' ? s.value : 'valor';
      const value = pick([`${text}名前`, `😀${text}`, `\u202E${text}`, `${text}e\u0301`, `\uFEFF${text}`, `${text}\uD800`, 'ǅ'.repeat(3), `${text}\u200B`], v);
      return { value, words: `set to ${JSON.stringify(value)}` };
    },
  },
  'control-characters': {
    applies: (s) => s.parent !== undefined,
    apply: (s, v) => {
      const text = typeof s.value === 'string' ? s.value : 'valor';
      const value = pick([`${text}\u0000`, `\u0000`, `a\u0000b`, `${text}\n`, `${text}\u001B[2J`, `${text}\u007F`, `\r\n${text}`], v);
      return { value, words: `set to ${JSON.stringify(value)}` };
    },
  },
  'huge-number': {
    applies: (s) => s.parent !== undefined,
    apply: (_s, v) => {
      const value = pick([2 ** 53, 2 ** 53 + 2, 1e21, 1e308, -(2 ** 53), Number.MAX_VALUE, 2 ** 63], v);
      return { value, words: `set to ${value}` };
    },
  },
  'negative-number': {
    applies: (s) => s.parent !== undefined,
    apply: (_s, v) => {
      const value = pick([-1, -100, -0.01, -(2 ** 31)], v);
      return { value, words: `set to ${value}` };
    },
  },
  'fractional-number': {
    applies: (s) => s.parent !== undefined,
    apply: (s, v) => {
      const base = typeof s.value === 'number' ? s.value : 100;
      const value = pick([0.5, base + 0.5, base + 0.001, 1e-7], v);
      return { value, words: `set to ${value}` };
    },
  },
  'unknown-enum-value': {
    applies: (s) => typeof s.value === 'string',
    apply: (s, v) => {
      const text = s.value as string;
      const value = pick(['not_a_known_value', text.toUpperCase() === text ? text.toLowerCase() : text.toUpperCase(), `${text} `, `${text}_x`], v);
      return { value, words: `set to ${JSON.stringify(value)}` };
    },
  },
  'bad-id': {
    applies: (s) => typeof s.value === 'string' && ID.test(s.value),
    apply: (s, v) => {
      const id = s.value as string;
      const [prefix, rest] = [id.slice(0, id.indexOf('_')), id.slice(id.indexOf('_') + 1)];
      const value = pick([`xyz_${rest}`, `${prefix}_../../../etc/passwd`, `../${id}`, `${prefix}_${'0'.repeat(22)}`, `${prefix}_short`, `${id}0`, `${prefix.toUpperCase()}_${rest}`, `${id}/..`], v);
      return { value, words: `set to ${JSON.stringify(value)}` };
    },
  },
  'deep-nesting': {
    applies: (s) => s.parent !== undefined,
    apply: (_s, v) => {
      const depth = pick([64, 1000, 10_000], v);
      const raw = v % 2 === 0 ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}1${']'.repeat(depth)}`;
      return { raw, words: `set to JSON nested ${depth} deep` };
    },
  },
  // Client code sends amounts as strings ("100000000"): Mono reads the integer ones.
  'numeric-string': {
    applies: (s) => s.parent !== undefined && typeof s.value === 'number',
    apply: (s, v) => {
      const n = s.value as number;
      const value = pick([String(n), `+${n}`, `-${n}`, `${n}.0`, ` ${n}`, `${n}e0`, `0${n}`], v);
      return { value, words: `set to the string ${JSON.stringify(value)}` };
    },
  },
  'raw-huge-integer': {
    applies: (s) => s.parent !== undefined,
    apply: (_s, v) => {
      const raw = pick(['123456789012345678901234567890', '9007199254740993', '-9007199254740993', '1e400', '100.000'], v);
      return { raw, words: `set to the JSON number ${raw}` };
    },
  },
};

function fieldMutation(request: ConcreteRequest, spec: MutationSpec): Mutated {
  const body = clone(request.body);
  const rule = FIELD[spec.kind as (typeof FIELD_MUTATIONS)[number]];
  const candidates = slots(body).filter(rule.applies);
  // A body with no slot of the right kind (no string, no id): the mutation goes to the root as an unknown key.
  const slot = candidates.length > 0 ? candidates[spec.target % candidates.length]! : slots(body)[0]!;
  const change = candidates.length > 0 ? rule.apply(slot, spec.variant) : { value: 'x', words: 'gained an unknown key' };
  let at = slot.pointer;
  let raw: string | undefined;
  if (spec.kind === 'remove-field' && candidates.length > 0) {
    if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
    else delete (slot.parent as Record<string, unknown>)[slot.key as string];
  } else if ((spec.kind === 'extra-field' || spec.kind === 'prototype-key' || candidates.length === 0) && isObject(slot.value)) {
    const key = String(change.value);
    const values: unknown[] = [{ polluted: true }, 'x', null, {}, 1];
    setOwn(slot.value, key, candidates.length === 0 ? 'x' : pick(values, spec.variant));
    at = `${slot.pointer}/${escapeToken(key)}`;
  } else if (change.raw !== undefined) {
    replace(slot, RAW);
    raw = change.raw;
  } else {
    replace(slot, change.value);
  }
  const wire = toWire({ ...request, body });
  if (raw !== undefined) wire.body = wire.body!.replace(`"${RAW}"`, raw);
  return { wire, at: `#${at}`, description: `body field #${slot.pointer} ${change.words}` };
}

function wholeBodyMutation(request: ConcreteRequest, spec: MutationSpec): Mutated {
  const wire = toWire(request);
  const json = wire.body ?? '{}';
  const v = spec.variant;
  switch (spec.kind) {
    case 'invalid-json': {
      const body = pick([json.slice(0, -1), '{', "{'single': 'quotes'}", 'undefined', `${json.slice(0, -1)},}`, 'NaN', `${json}garbage`, '{"a":1}{"b":2}', '\u0000'], v);
      return { wire: { ...wire, body }, at: null, description: `body replaced by invalid JSON ${JSON.stringify(body.slice(0, 80))}` };
    }
    case 'wrong-content-type': {
      const type = pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '', 'application/json; charset=latin1', 'application/jsonx', 'json'], v);
      const headers = { ...wire.headers };
      if (type === '') delete headers['content-type'];
      else headers['content-type'] = type;
      return { wire: { ...wire, headers, body: json }, at: null, description: `JSON body sent with content-type ${JSON.stringify(type || '(none)')}` };
    }
    case 'empty-body':
      return { wire: { ...wire, body: '' }, at: null, description: 'empty body' };
    case 'oversized-body': {
      const size = pick([100 * 1024 + 1, 150_000, 2 * MIB], v);
      const body = `{"padding":"${'x'.repeat(size)}",${json.slice(1)}`;
      return { wire: { ...wire, body }, at: null, description: `body of ${body.length} bytes` };
    }
    default: {
      const body = pick(['[]', '"text"', '42', 'null', 'true', `[${json}]`, '-0', '""'], v);
      return { wire: { ...wire, body }, at: null, description: `body replaced by ${body.slice(0, 60)}` };
    }
  }
}

const BAD_QUERY_VALUES: (string | string[])[] = ['0', '-1', 'abc', '100000', '10.5', '', '1e3', 'NaN', '9007199254740993', ['10', '20'], 'not_a_value', 'x'.repeat(5000), '%00', 'null', '1\u0000', 'ñandú', '../../etc'];

function requestMutation(request: ConcreteRequest, spec: MutationSpec): Mutated {
  const { op } = request;
  const v = spec.variant;
  if (spec.kind === 'bad-query') {
    const names = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    const name = names.length > 0 ? pick(names, spec.target) : pick(['page_size', 'unknown_param'], spec.target);
    const value = pick(BAD_QUERY_VALUES, v);
    const wire = toWire({ ...request, query: { ...request.query, [name]: value } });
    return { wire, at: `#/${name}`, description: `query ${name}=${JSON.stringify(value).slice(0, 60)}` };
  }
  if (spec.kind === 'bad-idempotency-key') {
    const key = pick(['', 'k'.repeat(256), 'tab\there', 'clé', 'a\u0000b', 'naïve-key', 'emoji-\u00ff', 'k'.repeat(10_000)], v);
    const wire = toWire({ ...request, headers: { ...request.headers, 'x-idempotency-key': key } });
    return { wire, at: '#/x-idempotency-key', description: `X-Idempotency-Key ${JSON.stringify(key.slice(0, 60))}` };
  }
  if (spec.kind === 'bad-authorization') {
    const key = request.headers.authorization?.replace(/^Bearer /, '') ?? 'sandbox_key';
    const value = pick([null, 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer sandbox_unknown_key_1234567', `Bearer ${key} extra`, `Token ${key}`, `Bearer\t${key}`, `Bearer ${key}\u0000`, `Bearer ${'k'.repeat(8000)}`, key, `Bearer ${key.slice(0, -1)}`], v);
    const wire = toWire(request);
    const headers = withoutAuthorization(wire.headers);
    if (value !== null) headers.authorization = value;
    return { wire: { ...wire, headers }, at: null, description: `Authorization ${JSON.stringify(value?.slice(0, 60) ?? '(none)')}` };
  }
  const names = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const name = pick(names, spec.target);
  const current = request.path[name] ?? '';
  const prefix = current.includes('_') ? current.slice(0, current.indexOf('_')) : 'car';
  // Encoded values stay one path segment; `raw` ones are put in the path as they are.
  const variants: { value: string; raw?: boolean }[] = [
    { value: `xyz_${'A'.repeat(22)}` },
    { value: `${prefix}_../../../etc/passwd` },
    { value: '..', raw: true },
    { value: '%2E%2E', raw: true },
    { value: `${prefix}_${'0'.repeat(22)}` },
    { value: `${current}\u0000` },
    { value: '%E0%A4%A', raw: true },
    { value: `${prefix}_ñandú` },
    { value: 'a'.repeat(300) },
    { value: `${prefix}_../x`, raw: true },
    { value: `${current}%2F..`, raw: true },
    { value: 'a'.repeat(20_000) },
    { value: '__proto__' },
    { value: ' ' },
  ];
  const chosen = pick(variants, v);
  const path = pathOf(op, { ...request.path, [name]: chosen.value }, (value) => (value === chosen.value && chosen.raw ? value : encodeURIComponent(value)));
  const wire = toWire(request);
  return { wire: { ...wire, url: `${path}${queryString(request.query)}` }, at: `#/${name}`, description: `path parameter ${name} = ${JSON.stringify(chosen.value.slice(0, 60))}` };
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  const { authorization: _authorization, ...rest } = headers;
  return rest;
}

export function applyMutation(request: ConcreteRequest, spec: MutationSpec): Mutated {
  if ((FIELD_MUTATIONS as readonly string[]).includes(spec.kind)) return fieldMutation(request, spec);
  if ((WHOLE_BODY_MUTATIONS as readonly string[]).includes(spec.kind)) return wholeBodyMutation(request, spec);
  return requestMutation(request, spec);
}
