import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A short run of `npm run soak` (soak/soak.mjs): a few thousand requests of mixed traffic against
 * the compiled CLI on loopback, with a reset every tenth of a second. Bounded by a number of
 * requests, not by time, so a machine busy with other test files makes it last longer instead of
 * testing less. `npm test` builds first; the long run and its figures are in the README.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REQUESTS = 2_000;
/** A cap that only a machine slowed to ~50 requests a second reaches; the test then fails on the count. */
const MAX_SECONDS = 40;

interface SoakFigures {
  requests: number;
  byStatus: Record<string, number>;
  serverErrors: number;
  connectionErrors: number;
  unexpectedCount: number;
  unexpected: string[];
  resets: number;
  rssMiB: { start: number; tenths: number[] };
  liveHeapMiB: { fullGcs: number; earlyMedian: number | null; lateMedian: number | null; max: number | null };
  rssJudged: boolean;
  liveHeapJudged: boolean;
  exit: { code: number | null; signal: string | null };
  passed: boolean;
}

function runSoak(): Promise<{ code: number | null; figures: SoakFigures; output: string }> {
  return new Promise((resolve, reject) => {
    const args = ['soak/soak.mjs', '--requests', String(REQUESTS), '--seconds', String(MAX_SECONDS), '--reset-every', '0.1', '--connections', '8', '--json'];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      try {
        resolve({ code, figures: JSON.parse(last) as SoakFigures, output });
      } catch {
        reject(new Error(`the soak printed no figures (exit ${code}):\n${output}`));
      }
    });
  });
}

describe('soak', () => {
  it(`soak: ${REQUESTS} requests of mixed traffic (creations with and without keys, replays, reads, state changes, bad requests, resets) get 0 5xx, 0 connection errors and only the answers each request expects`, async () => {
    const { code, figures } = await runSoak();
    console.log(`soak figures: ${JSON.stringify({ requests: figures.requests, byStatus: figures.byStatus, resets: figures.resets, rssMiB: figures.rssMiB, liveHeapMiB: figures.liveHeapMiB })}`);
    expect(figures.unexpected).toEqual([]);
    expect(figures.unexpectedCount).toBe(0);
    expect(figures.serverErrors).toBe(0);
    expect(figures.connectionErrors).toBe(0);
    expect(figures.requests).toBeGreaterThanOrEqual(REQUESTS);
    // A round is a reset, its setup and a tenth of a second of traffic: several even on a fast machine (~1,700 requests a second on the project's).
    expect(figures.resets).toBeGreaterThanOrEqual(4);
    // Every kind of answer the traffic asks for came back.
    for (const status of ['200', '201', '400', '401', '404', '413', '422']) expect(figures.byStatus[status], status).toBeGreaterThan(0);
    expect(figures.exit).toEqual({ code: 0, signal: null });
    // Memory is judged only on runs of 120 s or more (see soak/soak.mjs); the verdict says why it failed.
    expect(figures.passed, JSON.stringify(figures)).toBe(true);
    expect(code).toBe(0);
  }, 60_000);
});
