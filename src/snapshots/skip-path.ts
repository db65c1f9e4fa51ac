import type { PathSegment } from '../matchers.js';

/**
 * The paths a `parity.skip` names: the notation every failure is printed in (`$.body.cards[0].id`,
 * `$.headers["x-idempotent-replayed"]`), plus `[*]` or `.*` for "any item or key". Only this much:
 * a skip must say plainly what it hides.
 */

export type SkipSegment = PathSegment | '*';

const SEGMENT = /^(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\.\*|\[(\d+)\]|\[\*\]|\[("(?:[^"\\]|\\.)*")\]|\['([^']*)'\])/;

/** Parses a skip path, or throws an Error saying what is wrong with it. */
export function parseSkipPath(path: string): SkipSegment[] {
  if (!path.startsWith('$')) throw new Error(`skip path ${path}: starts with "$"`);
  const segments: SkipSegment[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = SEGMENT.exec(rest);
    if (!match) throw new Error(`skip path ${path}: cannot read "${rest}" (write .name, [0], ["name"] or [*])`);
    const [whole, name, index, quoted, single] = match;
    if (name !== undefined) segments.push(name);
    else if (index !== undefined) segments.push(Number(index));
    else if (quoted !== undefined) segments.push(JSON.parse(quoted) as string);
    else if (single !== undefined) segments.push(single);
    else segments.push('*');
    rest = rest.slice(whole.length);
  }
  return segments;
}

/** Whether `path` is the skipped place or inside it. */
export function isUnder(path: readonly PathSegment[], skip: readonly SkipSegment[]): boolean {
  if (path.length < skip.length) return false;
  return skip.every((segment, i) => segment === '*' || segment === path[i]);
}
