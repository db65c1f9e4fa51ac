import { expect } from 'vitest';
import type { ApiResponse, ContractClient } from './contract-client.js';
import { warningsOf } from './errors.js';

/** The JSON type of a field a client reads; a trailing `?` lets it be absent or null (an optional field of the client's model). */
export type FieldType = 'string' | 'integer' | 'boolean' | 'object' | 'array';
export type FieldRead = FieldType | `${FieldType}?`;

/**
 * What Mono does with a call, as far as its record shows, and so what the emulator must do:
 * - `works`: a 2xx, every field the client reads there with its type, and exactly these warnings;
 * - `refused`: Mono refuses it too (the client code would fail on Mono as well);
 * - `notEmulated`: Mono serves it, the emulator does not model it (501, a known limit);
 * - `pending`: another issue adds it; 501 here until then, when it becomes `works` with one edit.
 */
export type Outcome =
  | { works: true; status?: number; warnings?: readonly string[] }
  | { refused: number; errorCode: string; warnings?: readonly string[] }
  | { notEmulated: string }
  | { pending: 'issue 14' | 'issue 16' };

/** One HTTP call a client makes, described as data: `{{name}}` in the path, query, headers and body is a value kept earlier. */
export interface ReplayedCall {
  /** What the call is, e.g. the SDK method or the client's step. */
  name: string;
  /** Why the outcome is what it is, when that is not plain. */
  why?: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | readonly string[]>;
  headers?: Record<string, string>;
  body?: unknown;
  /** The fields the client reads from the answer: `cards[].id` reads `id` of every item of `cards`. */
  reads?: Record<string, FieldRead>;
  /** Values kept for later calls: name -> field of the answer. */
  keep?: Record<string, string>;
  outcome: Outcome;
}

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

function fill(value: unknown, vars: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (_, name: string) => {
      const found = vars.get(name);
      if (found === undefined) throw new Error(`no value kept as {{${name}}}`);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, vars));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]));
  return value;
}

/** The values at a dotted path; `[]` after a name fans out over the items of that array. */
function valuesAt(root: unknown, path: string): unknown[] {
  let values = [root];
  for (const segment of path.split('.')) {
    const spread = segment.endsWith('[]');
    const key = spread ? segment.slice(0, -2) : segment;
    values = values.flatMap((value) => {
      const next = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      return spread ? (Array.isArray(next) ? next : [undefined]) : [next];
    });
  }
  return values;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Where the answer lacks a field the client reads, or has it with another type. */
export function unreadable(body: unknown, reads: Record<string, FieldRead>): string[] {
  return Object.entries(reads).flatMap(([path, read]) => {
    const optional = read.endsWith('?');
    const type = optional ? read.slice(0, -1) : read;
    return valuesAt(body, path).flatMap((value) => {
      if ((value === undefined || value === null) && optional) return [];
      return typeOf(value) === type ? [] : [`${path}: the client reads ${read}, the answer has ${value === undefined ? 'nothing' : typeOf(value)}`];
    });
  });
}

function queryString(query: ReplayedCall['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const item of [value].flat()) params.append(name, item);
  return `?${params.toString()}`;
}

/**
 * Sends a call as its client would (through the contract-checking client, so every answer is
 * also held to the contract) and holds the answer to the outcome. Kept values are added to `vars`.
 */
export async function replay(api: ContractClient, call: ReplayedCall, vars: Map<string, string>): Promise<ApiResponse> {
  const path = `${fill(call.path, vars) as string}${queryString(fill(call.query, vars) as ReplayedCall['query'])}`;
  const headers = (fill(call.headers ?? {}, vars) as Record<string, string>);
  const res = await api.call(call.method.toLowerCase() as 'get', path, { headers, ...(call.body === undefined ? {} : { body: fill(call.body, vars) }) });
  const said = `${call.name}: ${call.method} ${path} -> ${res.status} ${res.text.slice(0, 600)}`;
  const { outcome } = call;
  if ('works' in outcome) {
    expect(res.status, said).toBe(outcome.status ?? (call.method === 'POST' ? 201 : 200));
    expect(unreadable(res.body, call.reads ?? {}), said).toEqual([]);
    expect(warningsOf(res).sort(), said).toEqual([...(outcome.warnings ?? [])].sort());
    for (const [name, field] of Object.entries(call.keep ?? {})) {
      const [value] = valuesAt(res.body, field);
      expect(typeof value, `${said}\nkeep ${name} = ${field}`).toBe('string');
      vars.set(name, value as string);
    }
  } else if ('refused' in outcome) {
    expect(res.status, said).toBe(outcome.refused);
    expect(res.body.errors.map((e: { error_code: string }) => e.error_code), said).toContain(outcome.errorCode);
    expect(warningsOf(res).sort(), said).toEqual([...(outcome.warnings ?? [])].sort());
  } else {
    expect(res.status, said).toBe(501);
    expect(res.body.errors[0].error_code, said).toBe('not_emulated');
  }
  return res;
}

/** A test title that says what the call must do. */
export function titleOf(call: ReplayedCall): string {
  const { outcome } = call;
  const verdict =
    'works' in outcome
      ? `works${outcome.warnings?.length ? ` (with ${outcome.warnings.length} warning${outcome.warnings.length > 1 ? 's' : ''})` : ''}`
      : 'refused' in outcome
        ? `is refused (${outcome.refused} ${outcome.errorCode})`
        : 'notEmulated' in outcome
          ? `is not emulated (501): ${outcome.notEmulated}`
          : `pending ${outcome.pending} (501 not_emulated here until it lands)`;
  return `${call.name} — ${call.method} ${call.path}: ${verdict}${call.why ? ` (${call.why})` : ''}`;
}
