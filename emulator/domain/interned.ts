/** At most this many distinct strings are pooled; beyond it, strings are kept as they came. */
const POOL_LIMIT = 50_000;
const pool = new Map<string, string>();

/**
 * One copy of a string however many records hold it. Cardholder fields repeat a great deal (a
 * CI suite creates card after card for the same fixture holder), and each JSON body brings its
 * own copies; at a hundred thousand cards that is most of the memory.
 */
export function interned<T extends string | null>(text: T): T {
  if (text === null) return text;
  const known = pool.get(text);
  if (known !== undefined) return known as T;
  if (pool.size < POOL_LIMIT) pool.set(text, text);
  return text;
}
