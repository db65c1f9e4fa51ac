import { mkdirSync, writeFileSync } from 'node:fs';
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

  /** Writes every recording; files of operations not seen in this run are left as they were. */
  write(dir: string): string[] {
    mkdirSync(dir, { recursive: true });
    return [...this.recordings.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([file, recording]) => {
        writeFileSync(join(dir, file), `${JSON.stringify(recording, null, 2)}\n`);
        return file;
      });
  }
}
