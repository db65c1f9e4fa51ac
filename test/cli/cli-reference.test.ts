import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTION_TABLE } from '../../emulator/cli-options.js';
import { monoContract } from '../support/mono-contract-cli.js';
import { ROOT } from '../support/spawned-emulator.js';

/**
 * Both CLI references in the README list every flag each command takes, with its environment
 * twin (or "—"), and no flag the command does not take: a flag added without its row, or a row
 * left behind, fails here.
 */
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The rows of the first Markdown table after `marker`, as cells. */
function tableAfter(marker: string): string[][] {
  const from = README.indexOf(marker);
  if (from < 0) throw new Error(`README.md has no "${marker}"`);
  const lines = README.slice(from).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.replace(/\\\|/g, '/').split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  return rows;
}

/** The flags a first cell names, in its code spans (`--target url --base-url <url>` names two). */
const flagsIn = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].flatMap((span) => [...span[1]!.matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((m) => m[1]!));

describe('CLI references in the README', () => {
  it('mono-emulator: every row of the option table has its README row with the flag and its environment twin, and nothing else is listed', () => {
    const rows = tableAfter('## CLI reference');
    const listed = new Map(rows.flatMap((cells) => flagsIn(cells[0]!).map((flag) => [flag, cells[1]!] as const)));
    for (const row of OPTION_TABLE) {
      expect(listed.has(`--${row.flag}`), `--${row.flag} in the README`).toBe(true);
      expect(listed.get(`--${row.flag}`), `--${row.flag}'s twin`).toContain(`\`${row.env}\``);
    }
    expect([...listed.keys()].sort()).toEqual([...OPTION_TABLE.map((row) => `--${row.flag}`), '--help', '--version'].sort());
  });

  it('mono-contract run: every flag of `run --help` has its README row with an environment column, and nothing else is listed', async () => {
    const help = await monoContract(['run', '--help']);
    expect(help.code).toBe(0);
    const taken = [...new Set([...help.stdout.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!))].filter((flag) => flag !== '--help');
    const rows = tableAfter('| `run` option |');
    const listed = new Map(rows.flatMap((cells) => flagsIn(cells[0]!).map((flag) => [flag, cells[1]!] as const)));
    for (const flag of taken) {
      expect(listed.has(flag), `${flag} in the README`).toBe(true);
      expect(listed.get(flag), `${flag}'s environment column`).toMatch(/^(—|`[A-Z_]+`)/);
    }
    expect([...listed.keys()].sort()).toEqual(taken.sort());
    // The command-level flag is shown in the usage block above the table.
    expect(README).toContain('npx mono-contract --version');
  });
});
