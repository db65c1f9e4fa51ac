import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeShapes, normalizeShape } from './normalize.js';

/** One recorded operation and status: the merged normalized shape of every answer seen for it. */
export interface Recording {
  operation: string;
  status: number;
  method: string;
  /** The first concrete path it was seen on, to help a reader. */
  example_path: string;
  answers: number;
  shape: unknown;
}

const recordingFileName = (operation: string, status: number) => `${operation.replace(/[^A-Za-z0-9_-]+/g, '-')}.${status}.json`;

/** Whether a parsed file is a recording (what `--record` writes and `diff` reads). */
export function isRecording(value: unknown): value is Recording {
  const candidate = value as Partial<Recording> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.operation === 'string' && typeof candidate.status === 'number' && 'shape' in candidate;
}

/** The recordings already in a folder, by file name; other files are not listed. */
export function recordingFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .filter((file) => {
      try {
        return isRecording(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      } catch {
        return false;
      }
    });
}

/** Collects answers during a run (`--record <dir>`) and writes one file per operation and status. */
export class Recorder {
  private readonly recordings = new Map<string, Recording>();

  add(answer: { operation: string; method: string; path: string; status: number; body: unknown }): void {
    const key = recordingFileName(answer.operation, answer.status);
    const shape = normalizeShape(answer.body);
    const existing = this.recordings.get(key);
    if (existing) {
      existing.shape = mergeShapes(existing.shape, shape);
      existing.answers += 1;
      return;
    }
    this.recordings.set(key, { operation: answer.operation, status: answer.status, method: answer.method, example_path: answer.path, answers: 1, shape });
  }

  /**
   * Writes every recording, and removes the recordings already there of operations this run did
   * not see: a folder holds one run, so `diff` never compares a stale file. Other files stay.
   */
  write(dir: string): string[] {
    mkdirSync(dir, { recursive: true });
    for (const stale of recordingFiles(dir).filter((file) => !this.recordings.has(file))) rmSync(join(dir, stale));
    return [...this.recordings.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([file, recording]) => {
        writeFileSync(join(dir, file), `${JSON.stringify(recording, null, 2)}\n`);
        return file;
      });
  }
}
