import { existsSync } from 'node:fs';
import { formatProblem } from '../scenario/load.js';
import { lintScenarios } from './lint.js';

/** `mono-contract lint`: one `file:line:column: problem` line each, then a count; exit 1 when any. */
export async function lint(paths: readonly string[]): Promise<number> {
  const missing = paths.filter((path) => !existsSync(path));
  if (missing.length > 0) {
    process.stderr.write(`mono-contract lint: no such file or folder: ${missing.join(', ')}\n`);
    return 2;
  }
  const problems = lintScenarios(paths);
  for (const problem of problems) process.stdout.write(`${formatProblem(problem)}\n`);
  const files = new Set(problems.map((p) => p.file)).size;
  process.stdout.write(problems.length === 0 ? 'no problems\n' : `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}\n`);
  return problems.length === 0 ? 0 : 1;
}
