import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { distIsStale } from './built-modules.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** vitest.config.ts `globalSetup`: the tests run `dist/` (built-modules.ts), so a source newer than it is built first. */
function buildIfStale(): void {
  if (!distIsStale(ROOT)) return;
  console.log('dist/ is older than the sources: npm run build:js');
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build:js'], { cwd: ROOT, stdio: 'inherit' });
}

export default function setup(project: TestProject): void {
  buildIfStale();
  project.onTestsRerun(() => buildIfStale());
}
