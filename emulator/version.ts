import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'mono-card-sandbox';

let cached: string | undefined;

/**
 * `mono-card-sandbox <version>`, read from the package's own package.json: the emulator and the
 * harness ship together, so one version names both (`--version` of either command, snapshots,
 * the parity ledger). Looked for upwards from this module, which sits at a different depth in
 * emulator/, dist/emulator/ and the bundled dist/cli/.
 */
export function packageVersion(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === PACKAGE_NAME) return (cached = `${PACKAGE_NAME} ${manifest.version ?? 'unknown'}`);
    }
    const parent = dirname(dir);
    if (parent === dir) return (cached = `${PACKAGE_NAME} (version unknown)`);
    dir = parent;
  }
}
