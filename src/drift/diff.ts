import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { atomizeChangeset, diff } from 'json-diff-ts';
import { plural } from '../plural.js';
import { UsageError } from '../usage-error.js';
import { isRecording, type Recording } from './record.js';

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

/**
 * The recordings of a `--record` folder, by file name. A folder that is not one (missing, empty,
 * or holding other files: scenarios, snapshots, a ledger) is a UsageError saying so: comparing
 * it would report every operation as recorded on one side only, or find "no differences" in
 * two empty folders.
 */
export function readRecordings(dir: string): Map<string, Recording> {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`not a folder of recordings: ${dir}`);
  // Hidden files (.gitkeep, .DS_Store) are not the folder's content.
  const files = readdirSync(dir)
    .filter((file) => !file.startsWith('.'))
    .sort();
  const recordings = new Map<string, Recording>();
  const others: string[] = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = file.endsWith('.json') ? JSON.parse(readFileSync(join(dir, file), 'utf8')) : undefined;
    } catch {
      parsed = undefined;
    }
    if (isRecording(parsed)) recordings.set(file, parsed);
    else others.push(file);
  }
  const writeThem = `mono-contract run --record ${dir} writes them`;
  if (others.length > 0) {
    const named = others.slice(0, 3).join(', ') + (others.length > 3 ? ', …' : '');
    throw new UsageError(`${dir} is not a folder of recordings: it holds ${plural(others.length, 'other file')} (${named}); ${writeThem}`);
  }
  if (recordings.size === 0) throw new UsageError(`${dir} holds no recordings (it is empty); ${writeThem}`);
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
  return `${lines.join('\n')}\n${plural(differences.length, 'shape difference')} between ${names.a} and ${names.b}.\n`;
}
