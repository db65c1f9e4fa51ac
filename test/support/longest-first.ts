import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order test files start in (vitest.config.ts `sequence.sequencer`). The suite runs on two
 * workers, so a long file that starts last leaves one of them idle until it ends. vitest starts
 * the longest files first when it has their durations from an earlier run; on a fresh clone (CI)
 * it has none and starts the largest files first, and the longest ones — the fuzz properties,
 * the spawned processes, the scenario runs — are short files. Without durations, these folders
 * start first, in this order, each the largest file first.
 */
const LONG_RUNNING_FOLDERS = ['test/fuzz/', 'test/bench/', 'test/soak/', 'test/contract/', 'test/browser/', 'test/cli/', 'test/harness/'];

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const key = (file: TestSpecification) => `${file.project.name}:${relative(this.ctx.config.root, file.moduleId)}`;
    if (sorted.every((file) => this.ctx.cache.getFileTestResults(key(file)))) return sorted;
    const rank = (file: TestSpecification) => {
      const at = LONG_RUNNING_FOLDERS.findIndex((folder) => relative(this.ctx.config.root, file.moduleId).startsWith(folder));
      return at < 0 ? LONG_RUNNING_FOLDERS.length : at;
    };
    return sorted.map((file, index) => ({ file, index })).sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index).map(({ file }) => file);
  }
}
