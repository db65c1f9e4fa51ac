import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** 5.14.2 is the last Prism that runs on Node 20 (toolchain notes). */
const PRISM = '@stoplight/prism-cli@5.14.2';
const PREFIX = fileURLToPath(new URL('../../../bench/.prism/', import.meta.url));

/**
 * Prism's CLI entry, installed on first use into bench/.prism (ignored by git): it weighs ~90 MB
 * and only the benchmark needs it, so it stays out of the project's dependencies and CI.
 */
export function prismEntry(): string {
  const entry = `${PREFIX}node_modules/@stoplight/prism-cli/dist/index.js`;
  if (!existsSync(entry)) {
    process.stdout.write(`installing ${PRISM} into bench/.prism …\n`);
    execFileSync('npm', ['install', '--prefix', PREFIX, '--no-audit', '--no-fund', '--loglevel', 'error', PRISM], { stdio: 'inherit' });
  }
  return entry;
}
