import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The README, the contract and the code cite facts about Mono as §N of docs/mono-reference.md,
 * the reference the repository ships. A citation must land on a section that exists there, and
 * nothing may point at a file a user of the repository does not have.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** `§4.1` and `§9` for the headings `### §4.1 Ids` and `## §9 Card endpoints`. */
const sectionsOf = (markdown: string) => new Set([...markdown.matchAll(/^#{2,3} (§\d+(?:\.\d+)?) /gm)].map((m) => m[1]!));
const citationsIn = (text: string) => [...text.matchAll(/§(\d+(?:\.\d+)?)/g)].map((m) => `§${m[1]!.replace(/\.$/, '')}`);

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(ROOT, dir))) {
    // Installed packages are not the repository's text (bench/.prism holds Prism once the bench ran).
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) filesUnder(path, out);
    else if (/\.(ts|mjs|yaml|md)$/.test(name)) out.push(path);
  }
  return out;
}

const SHIPPED = ['README.md', 'docs/mono-reference.md', ...['contracts', 'emulator', 'src', 'scenarios', 'test', 'scripts', 'bench'].flatMap((dir) => filesUnder(dir))].filter(
  (path) => !path.startsWith(join('contracts', 'generated')),
);

describe('citations of the Mono reference', () => {
  const sections = sectionsOf(read('docs/mono-reference.md'));

  it('reads the reference: its headings give the numbered sections', () => {
    expect(sections.has('§4.1')).toBe(true);
    expect(sections.has('§22')).toBe(true);
    expect(citationsIn('see §9 #3 and §4.1.')).toEqual(['§9', '§4.1']);
  });

  it('every §N in the README, the contracts and the code names a section of docs/mono-reference.md', () => {
    const unknown = SHIPPED.flatMap((path) => citationsIn(read(path)).filter((c) => !sections.has(c)).map((c) => `${relative('.', path)}: ${c}`));
    expect(unknown).toEqual([]);
  });

  it('no file points at the team-only reference a user of the repository does not have', () => {
    const pointing = SHIPPED.filter((path) => path !== join('test', 'unit', 'reference-citations.test.ts') && /mono-api\.md|\.\.\/shared\//.test(read(path)));
    expect(pointing).toEqual([]);
  });
});
