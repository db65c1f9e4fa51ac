/** At most this many distinct strings are pooled; beyond it, strings are kept as they came. */
const POOL_LIMIT = 50_000;
const pool = new Map<string, string>();

/**
 * One copy of a string however many records hold it. Cardholder fields repeat a great deal (a
 * CI suite creates card after card for the same fixture holder), and each JSON body brings its
 * own copies; at a hundred thousand cards that is most of the memory.
 */
function interned(text: string): string {
  const known = pool.get(text);
  if (known !== undefined) return known;
  if (pool.size < POOL_LIMIT) pool.set(text, text);
  return text;
}

/** A copy of a record whose strings, in nested objects too, come from the pool (arrays are kept as they are). */
export function internedRecord<T>(record: T): T {
  if (typeof record === 'string') return interned(record) as T;
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return record;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) copy[key] = internedRecord(value);
  return copy as T;
}
