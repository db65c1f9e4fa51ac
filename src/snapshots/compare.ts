import { isDeepStrictEqual } from 'node:util';
import { isPlainObject, show, type PathSegment } from '../matchers.js';
import { plural } from '../plural.js';

/** One place where a live answer differs from its snapshot, both sides normalised. */
export interface Difference {
  path: PathSegment[];
  /** The snapshot's value; undefined when the snapshot has nothing there. */
  expected: unknown;
  /** The live value; undefined when the live answer has nothing there. */
  actual: unknown;
  message: string;
}

/**
 * Every difference between a snapshot value and a live one, exact after normalisation: a key on
 * one side only, an array of another length, another value. Paths under a skip are left out.
 */
export function compareSnapshot(expected: unknown, actual: unknown, isSkipped: (path: readonly PathSegment[]) => boolean, path: PathSegment[] = []): Difference[] {
  if (isSkipped(path) || isDeepStrictEqual(expected, actual)) return [];
  const differ = (message: string): Difference[] => [{ path, expected, actual, message }];
  if (expected === undefined) return differ(`not in the snapshot, got ${show(actual)}`);
  if (actual === undefined) return differ(`expected ${show(expected)}, but it is absent`);
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    return keys.flatMap((key) => compareSnapshot(expected[key], actual[key], isSkipped, [...path, key]));
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const common = Math.min(expected.length, actual.length);
    const items = Array.from({ length: common }, (_, i) => compareSnapshot(expected[i], actual[i], isSkipped, [...path, i])).flat();
    if (expected.length === actual.length) return items;
    return [{ path, expected, actual, message: `expected ${plural(expected.length, 'item')}, got ${actual.length}` }, ...items];
  }
  return differ(`expected ${show(expected)}, got ${show(actual)}`);
}
