/** At most this many distinct strings are pooled; beyond it, strings are kept as they came. */
const POOL_LIMIT = 50_000;
const pool = new Map<string, string>();

/**
 * One copy of a string however many records hold it. Cardholder fields repeat a great deal (a
 * CI suite creates card after card for the same fixture holder), and each JSON body brings its
 * own copies; at a hundred thousand cards that is most of the memory.
 */
export function interned(text: string): string {
  const known = pool.get(text);
  if (known !== undefined) return known;
  if (pool.size < POOL_LIMIT) pool.set(text, text);
  return text;
}

/** A copy of a record whose strings, in nested objects and arrays too, come from the pool. */
export function internedRecord<T>(record: T): T {
  if (typeof record === 'string') return interned(record) as T;
  if (record === null || typeof record !== 'object') return record;
  if (Array.isArray(record)) return record.map(internedRecord) as T;
  // A spread copy keeps the record's layout (its fields inside the object): filling an empty
  // object field by field would put most of them in a separate, larger backing store.
  const copy = { ...record } as Record<string, unknown>;
  for (const key of Object.keys(copy)) copy[key] = internedRecord(copy[key]);
  return copy as T;
}

/** At most this many distinct contents are pooled; the oldest gives way to a new one. */
const CONTENT_POOL_LIMIT = 4_096;
const contents = new Map<string, object>();

/** Strings, finite numbers, booleans, null, and plain objects and arrays of them: what JSON tells apart exactly. */
function isPlainData(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(isPlainData);
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const key in value) if (!isPlainData((value as Record<string, unknown>)[key])) return false;
      return true;
    default:
      return false;
  }
}

/**
 * One object for every equal content: what records hold beside their own id. A CI suite creates
 * card after card for one fixture holder on one account, so a hundred thousand holders can share
 * one content and a hundred thousand cards a handful. Sharing is safe because a record is never
 * changed in place (ports/records.ts): a change puts a new one. The pooled copy is the store's
 * own (strings interned), so a caller changing what it put changes nothing stored.
 */
export function sharedContent<T extends object>(content: T): T {
  if (!isPlainData(content)) return internedRecord(content);
  const key = JSON.stringify(content);
  const known = contents.get(key);
  if (known !== undefined) return known as T;
  const copy = internedRecord(content);
  if (contents.size >= CONTENT_POOL_LIMIT) contents.delete(contents.keys().next().value!);
  contents.set(key, copy);
  return copy;
}
