import { isDeepStrictEqual } from 'node:util';
import { isPlainObject } from '../matchers.js';

/**
 * The shape of an answer, with everything that differs between two honest servers replaced:
 * ids keep only their prefix (`<id:car>`), times and dates become `<datetime>`/`<date>`, money
 * amounts `<money>`, other scalars their type. Arrays collapse to one merged item, so a list of
 * three and a list of thirty have the same shape.
 */

const ID = /^([a-z]{2,7})_[\w-]{22}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isMoney(value: Record<string, unknown>): boolean {
  return typeof value.amount === 'number' && typeof value.currency === 'string';
}

export function normalizeShape(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const id = ID.exec(value);
    if (id) return `<id:${id[1]}>`;
    if (DATETIME.test(value)) return '<datetime>';
    if (DATE.test(value)) return '<date>';
    return '<string>';
  }
  if (typeof value === 'number') return Number.isInteger(value) ? '<integer>' : '<number>';
  if (typeof value === 'boolean') return '<boolean>';
  if (Array.isArray(value)) return value.length === 0 ? [] : [value.map(normalizeShape).reduce(mergeShapes)];
  const object = value as Record<string, unknown>;
  const entries = Object.keys(object)
    .sort()
    .map((key) => [key, isMoney(object) && key === 'amount' ? '<money>' : normalizeShape(object[key])]);
  return Object.fromEntries(entries);
}

const alternatives = (shape: unknown): string[] => (typeof shape === 'string' ? shape.split('|') : [shape === null ? 'null' : JSON.stringify(shape)]);

/** One shape covering two: objects take every key of both; differing leaves become `a|b`. */
export function mergeShapes(a: unknown, b: unknown): unknown {
  if (isDeepStrictEqual(a, b)) return a;
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return Object.fromEntries(keys.map((key) => [key, key in a ? (key in b ? mergeShapes(a[key], b[key]) : a[key]) : b[key]]));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length === 0) return b;
    if (b.length === 0) return a;
    return [mergeShapes(a[0], b[0])];
  }
  // A field that is null on one answer and an object on another stays an object: the null is noted.
  if (a === null && (isPlainObject(b) || Array.isArray(b))) return mergeShapes(b, a);
  if (b === null && (isPlainObject(a) || Array.isArray(a))) return { ...(isPlainObject(a) ? a : { '<items>': a }), '<nullable>': true };
  return [...new Set([...alternatives(a), ...alternatives(b)])].sort().join('|');
}
