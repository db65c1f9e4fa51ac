import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Debian's Chromium: the browser tests drive it, never a browser downloaded by a package. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_INSTALL = 'apt-get install -y chromium';

/** Whether the browser tests can run here; where they cannot, they are skipped (never passed). */
export const hasChromium = existsSync(CHROMIUM_PATH);

/** Says once, in one line, why a browser suite is skipped and how to run it. */
export function announceMissingChromium(suite: string): void {
  if (!hasChromium) console.warn(`${suite}: skipped, no Chromium at ${CHROMIUM_PATH} (install it with: ${CHROMIUM_INSTALL})`);
}

/**
 * The flags the machines need: as root Chromium runs only without its sandbox, and with
 * background networking on it keeps dialing Google's hosts, which the closed network refuses.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HeadlessChromium {
  context: BrowserContext;
  /** A new tab that records every URL it requests and fails the test on a JavaScript dialog. */
  newPage(): Promise<TrackedPage>;
  close(): Promise<void>;
}

export interface TrackedPage {
  page: Page;
  /** Every URL the page asked for, in order. */
  requests: string[];
  /** Errors the page's JavaScript threw, and dialogs it opened (an injected alert() shows here). */
  problems: string[];
}

/** Headless Chromium with a fresh profile (its own --user-data-dir), removed on close. */
export async function launchChromium(): Promise<HeadlessChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'mono-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      const tracked: TrackedPage = { page, requests: [], problems: [] };
      page.on('request', (request) => tracked.requests.push(request.url()));
      page.on('pageerror', (error) => tracked.problems.push(`page error: ${error.message}`));
      page.on('dialog', (dialog) => {
        tracked.problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      return tracked;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One Chromium for the tests of a file (of a describe block, when called inside one): launched
 * before them, closed after. Returns what gives it to a test.
 */
export function chromiumForTests(): () => HeadlessChromium {
  let browser: HeadlessChromium | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running: chromiumForTests() launches it before the tests');
    return browser;
  };
}
