import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/**
 * Debian's Chromium: the browser tests drive it, never a browser downloaded by a package. Its
 * headless shell (package chromium-headless-shell) first: the full browser in headless mode runs
 * all of its windowing and compositing, and the two browser files cost ~30–40 % more CPU with it
 * (README, "How the test suite runs"). The full browser is the fallback where the shell is missing.
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const FULL_CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_PATH = [HEADLESS_SHELL, FULL_CHROMIUM].find((path) => existsSync(path));
export const CHROMIUM_INSTALL = 'apt-get install -y chromium-headless-shell';

/** Whether the browser tests can run here; where they cannot, they are skipped (never passed). */
export const hasChromium = CHROMIUM_PATH !== undefined;

/** Says once, in one line, why a browser suite is skipped and how to run it. */
export function announceMissingChromium(suite: string): void {
  if (!hasChromium) console.warn(`${suite}: skipped, no Chromium at ${HEADLESS_SHELL} or ${FULL_CHROMIUM} (install it with: ${CHROMIUM_INSTALL})`);
}

/**
 * The flags the machines need: as root Chromium runs only without its sandbox, and with
 * background networking on it keeps dialing Google's hosts, which the closed network refuses.
 * Debian's `chromium` script adds --enable-gpu-rasterization (/etc/chromium.d), which without a
 * GPU rasterizes through the software GPU: turned off, the full browser costs ~13 % less CPU.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-gpu-rasterization',
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
  if (!CHROMIUM_PATH) throw new Error(`No Chromium to launch (install it with: ${CHROMIUM_INSTALL})`);
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
