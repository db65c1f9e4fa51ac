import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomizeChangeset, diff } from 'json-diff-ts';
import type { Recording } from './record.js';

/** One shape difference between two recordings, by operation and JSON path in the body. */
export interface ShapeDifference {
  operation: string;
  status: number;
  /** `$.body.cards[0].cardholder.email`; `$` when the whole operation/status is on one side only. */
  path: string;
  kind: 'only-in-a' | 'only-in-b' | 'changed';
  a?: unknown;
  b?: unknown;
}

export function readRecordings(dir: string): Map<string, Recording> {
  const recordings = new Map<string, Recording>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    recordings.set(file, JSON.parse(readFileSync(join(dir, file), 'utf8')) as Recording);
  }
  return recordings;
}

const bodyPath = (path: string) => (path === '$' ? '$.body' : `$.body${path.slice(1)}`);

/** Compares two recording folders (e.g. emulator vs sandbox) operation by operation. */
export function diffRecordings(a: Map<string, Recording>, b: Map<string, Recording>): ShapeDifference[] {
  const differences: ShapeDifference[] = [];
  for (const file of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const left = a.get(file);
    const right = b.get(file);
    if (!left || !right) {
      const only = (left ?? right)!;
      differences.push({ operation: only.operation, status: only.status, path: '$', kind: left ? 'only-in-a' : 'only-in-b' });
      continue;
    }
    // Shapes are wrapped so that a body changing kind at the root (object vs text) diffs too.
    for (const change of atomizeChangeset(diff({ body: left.shape }, { body: right.shape }))) {
      const path = change.path.replace(/^\$\.body/, '$');
      const base = { operation: left.operation, status: left.status, path: bodyPath(path) };
      if (change.type === 'ADD') differences.push({ ...base, kind: 'only-in-b', b: change.value });
      else if (change.type === 'REMOVE') differences.push({ ...base, kind: 'only-in-a', a: change.value });
      else differences.push({ ...base, kind: 'changed', a: change.oldValue, b: change.value });
    }
  }
  return differences;
}

export function formatDifferences(differences: ShapeDifference[], names: { a: string; b: string }): string {
  if (differences.length === 0) return `No shape differences between ${names.a} and ${names.b}.\n`;
  const lines = differences.map((d) => {
    const where = `${d.operation} ${d.status} ${d.path}`;
    if (d.path === '$') return `${where}: recorded only in ${d.kind === 'only-in-a' ? names.a : names.b}`;
    if (d.kind === 'only-in-a') return `${where}: only in ${names.a} (${JSON.stringify(d.a)})`;
    if (d.kind === 'only-in-b') return `${where}: only in ${names.b} (${JSON.stringify(d.b)})`;
    return `${where}: ${JSON.stringify(d.a)} in ${names.a}, ${JSON.stringify(d.b)} in ${names.b}`;
  });
  return `${lines.join('\n')}\n${differences.length} shape difference${differences.length === 1 ? '' : 's'} between ${names.a} and ${names.b}.\n`;
}
