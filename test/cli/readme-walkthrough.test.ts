import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRunning, startProcess, waitUntil } from '../support/bin-process.js';
import { ROOT } from '../support/spawned-emulator.js';

/**
 * The README's walk-through, run as written: the shell blocks of its Quick start (then the
 * webhook registration, and the CI readiness recipe) are taken from README.md itself and run with
 * bash against a fresh `npm start`, and what the README shows (ids, card numbers, the replay's
 * headers) must come out. A command or an answer that drifts from the README fails here.
 */
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const tools = ['curl', 'jq'].filter((tool) => !['/usr/bin', '/bin', '/usr/local/bin'].some((dir) => existsSync(join(dir, tool))));
const work = mkdtempSync(join(tmpdir(), 'mono-readme-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The text of a `## ` or `### ` section, up to the next heading of its level or above. */
function section(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "${heading}" section`);
  const level = heading.split(' ')[0]!;
  const rest = README.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{2,${level.length}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The fenced blocks of a language (`` for a bare fence) in a text, in order, their indentation (list items) removed. */
function blocks(text: string, language: string): string[] {
  const found: string[] = [];
  let open: { language: string; indent: number; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    const fence = /^( *)```(\w*)$/.exec(line);
    if (open) {
      if (fence && fence[2] === '') {
        if (open.language === language) found.push(open.lines.join('\n'));
        open = undefined;
      } else open.lines.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
    } else if (fence) open = { language: fence[2]!, indent: fence[1]!.length, lines: [] };
  }
  return found;
}

function bash(script: string, cwd: string, timeoutMs = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd, timeout: timeoutMs, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const README_URL = 'MONO=http://127.0.0.1:4010';

describe.skipIf(tools.length > 0)(`README walk-through${tools.length ? ` (needs ${tools.join(' and ')})` : ''}`, () => {
  it('the Quick start, then registering a webhook receiver, run as written against npm start, give what the README shows', async () => {
    const quickStart = section('## Quick start');
    const script = blocks(quickStart, 'sh').join('\n');
    expect(script).toContain(README_URL);
    const registration = blocks(section('### Registering a receiver'), 'sh')[0]!;
    const atRunTime = registration.slice(registration.indexOf('# at run time'));

    // The README's default port may be taken here: the same emulator on a free one.
    const npm = startProcess('npm', ['start', '--', '--port', '0', '--quiet', '--ready-json']);
    const [line] = await npm.waitForStdout(/^\{"url".*\}$/m, 30_000);
    const { url, dashboardUrl, pid } = JSON.parse(line) as { url: string; dashboardUrl: string; pid: number };
    // The Demo's URL is the one --ready-json gives, on the README's port.
    expect(dashboardUrl).toBe(`${url}/_emulator/dashboard`);
    expect(section('## Demo')).toContain(`open \`${dashboardUrl.replace(url, 'http://127.0.0.1:4010')}\``);
    try {
      const run = await bash(`${script.replace(README_URL, `MONO=${url}`)}\necho '--- webhook registration ---'\n${atRunTime}`, work);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const [walkthrough = '', webhook = ''] = run.stdout.split('--- webhook registration ---');

      // Every id and card number the README's answers show, in the order they are made.
      const shown = blocks(quickStart, 'json').join('\n');
      const ids = [...new Set(shown.match(/\b(?:acc|ccg|car|carh|lacc|pro)_[0-9A-Za-z]{22}\b/g))];
      expect(ids.length).toBeGreaterThanOrEqual(8);
      for (const id of ids) expect(walkthrough, id).toContain(id);
      for (const pan of shown.match(/411111\*{6}\d{4}/g)!) expect(walkthrough, pan).toContain(pan);
      // The replay's status line and header, as the README prints them.
      for (const expected of blocks(quickStart, '').flatMap((block) => block.split('\n')).filter(Boolean)) {
        expect(walkthrough.toLowerCase().replace(/\r/g, ''), expected).toContain(expected.toLowerCase());
      }
      // The look page: the full number and the name (the expiry and CVV follow the clock).
      const page = blocks(quickStart, 'html').join('\n');
      for (const field of ['pan', 'name']) {
        const shownLine = new RegExp(`<span data-field="${field}">[^<]+</span>|<div class="number" data-field="${field}">[^<]+</div>`).exec(page)![0];
        expect(walkthrough).toContain(shownLine);
      }
      expect(JSON.parse(webhook)).toMatchObject({ id: expect.stringMatching(/^wh_/), url: 'http://127.0.0.1:3000/mono/webhooks', secret: expect.stringMatching(/^whsec_/) });
    } finally {
      if (isRunning(pid)) process.kill(pid, 'SIGTERM');
    }
  }, 120_000);

  it("the Demo: npm start's ready line is the one the README shows, its dashboard URL serves the page, and the Demo's key is the default seed's", async () => {
    const npm = startProcess('npm', ['start', '--', '--port', '0']);
    const [readyLine] = await npm.waitForStdout(/^Mono emulator ready at .*$/m, 30_000);
    const shown = /`(Mono emulator ready at [^`]+)`/.exec(section('## Commands'))![1]!;
    const url = /ready at (\S+) /.exec(readyLine)![1]!;
    const key = /API key: (\S+);/.exec(readyLine)![1]!;
    try {
      expect(readyLine).toBe(shown.replaceAll('http://127.0.0.1:4010', url).replace('sandbox_…', key));
      expect(section('## Demo').replace(/\s+/g, ' ')).toContain(`paste the key \`${key}\``);
      const page = await fetch(`${url}/_emulator/dashboard`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form id="key-form"');
    } finally {
      npm.child.kill('SIGTERM');
      await npm.waitForExit();
    }
  }, 60_000);

  it('the card activity walk-through, run as written against a fresh npm start, gives the ids and amounts the README shows', async () => {
    const walk = section('### A walk-through');
    const script = blocks(walk, 'sh').join('\n');
    expect(script).toContain(README_URL);
    const npm = startProcess('npm', ['start', '--', '--port', '0', '--quiet', '--ready-json']);
    const [line] = await npm.waitForStdout(/^\{"url".*\}$/m, 30_000);
    const { url, pid } = JSON.parse(line) as { url: string; pid: number };
    try {
      const run = await bash(script.replace(README_URL, `MONO=${url}`), work);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const shown = blocks(walk, 'json').join('\n');
      const ids = [...new Set(shown.match(/\b(?:ctx|lacc)_[0-9A-Za-z]{22}\b/g))];
      expect(ids.length).toBeGreaterThanOrEqual(2);
      for (const id of ids) expect(run.stdout, id).toContain(id);
      // Every amount and every decline the README shows is in what the commands printed.
      const amounts = [...new Set(shown.match(/"(?:available|pending|amount|held|authorized|withdrawal_fee)":\{"amount":\d+,"currency":"COP"\}/g))];
      expect(amounts.length).toBeGreaterThanOrEqual(8);
      for (const amount of amounts) expect(run.stdout, amount).toContain(amount);
      for (const decline of shown.match(/^\{"reason".*\}$/gm)!) expect(run.stdout, decline).toContain(decline);
    } finally {
      if (isRunning(pid)) process.kill(pid, 'SIGTERM');
    }
  }, 120_000);

  it('the CI recipe (start on a free port, wait for the port file, check health, kill) starts, answers, and leaves nothing running', async () => {
    const heading = '**In CI scripts: start, wait until ready, stop.**';
    const from = README.indexOf(heading);
    expect(from).toBeGreaterThan(0);
    const [recipe] = blocks(README.slice(from), 'sh');
    const portFile = join(ROOT, '.emulator-port');
    try {
      const run = await bash(`${recipe}\necho\necho "URL=$MONO"`, ROOT);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('{"status":"ok"}');
      const url = /^URL=(\S+)$/m.exec(run.stdout)![1]!;
      await waitUntil(async () => (await fetch(`${url}/_emulator/health`).then(() => false, () => true)) && !existsSync(portFile), 'the emulator to stop and remove its port file', 8_000);
    } finally {
      rmSync(portFile, { force: true });
    }
  }, 60_000);
});
