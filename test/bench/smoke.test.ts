import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// The benchmark itself is `npm run bench` and never part of the suite; this only shows that its
// servers start, answer, and that the report is written (`npm test` builds dist/ first).
// `--quick` sends 100 requests a run instead of running for seconds, and holds 100 cards.
describe('benchmark script', () => {
  it('bench --quick: every server starts and answers without errors, and the report has every row', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-smoke-'));
    try {
      const out = join(dir, 'results.md');
      await run(process.execPath, ['dist/bench/run.js', '--quick', '--out', out], { cwd: ROOT, timeout: 120_000 });
      const report = await readFile(out, 'utf8');
      // The scenario table's rows (the table of targets comes after it): a name, then req/s.
      const scenarios = report.slice(0, report.indexOf('| Target |'));
      const rows = scenarios.split('\n').filter((line) => /^\| (bare|emulator) [^|]*\| \d+ \|/.test(line));
      expect(rows.map((row) => row.split('|')[1]!.trim().split(' ').slice(0, 2).join(' '))).toEqual([
        'bare node:http,',
        'bare Express',
        'emulator POST',
        'emulator POST',
        'emulator GET',
        'emulator GET',
        'emulator GET',
        'emulator GET',
        'emulator GET',
      ]);
      for (const row of rows) {
        const [, , rps, , , errors, non2xx, cpu] = row.split('|').map((cell) => cell.trim());
        expect(Number(rps), row).toBeGreaterThan(0);
        expect([errors, non2xx], row).toEqual(['0', '0']);
        // The server's CPU per request is read from /proc, which only Linux has.
        if (process.platform === 'linux') expect(Number(cpu), row).toBeGreaterThan(0);
      }
      expect(report).toMatch(/webhook latency, create answer → receiver/);
      for (const target of ['create, no webhook registered', 'create, a webhook delivered per card', 'GET \\/v1\\/cards\\/\\{id\\}', 'GET \\/v1\\/cards \\(page of 10\\)']) {
        expect(report).toMatch(new RegExp(`\\| emulator ${target} ÷ Express hello \\(\\d+ ÷ \\d+ req/s${process.platform === 'linux' ? '; server CPU \\d+ ÷ \\d+ µs a request' : ''}\\) \\| \\d+(\\.\\d+)? \\|`));
      }
      expect(report).toMatch(/RSS after 100 cards \| \d+(\.\d)? MB/);
      expect(report).toMatch(/RSS after 100 cards, `--low-memory` \| \d+(\.\d)? MB/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
