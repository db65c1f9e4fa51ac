import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { HeadlessChromium, TrackedPage } from './browser.js';
import { ROOT } from './spawned-emulator.js';

/** Where the browser tests leave a screenshot of each main page (git-ignored). */
export const SCREENSHOTS = join(ROOT, 'test', 'browser', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Opens the dashboard in a new tab, gives it the key as a person would, and waits for its live feed. */
export async function openDashboard(chromium: HeadlessChromium, dashboardUrl: string, key: string): Promise<TrackedPage> {
  const tab = await chromium.newPage();
  await tab.page.setViewportSize({ width: 1400, height: 1000 });
  await tab.page.goto(dashboardUrl);
  await tab.page.fill('#api-key', key);
  await tab.page.click('#key-form button[type="submit"]');
  await tab.page.waitForSelector('#app:not([hidden])');
  await tab.page.waitForSelector('#feed-status[data-live="true"]');
  return tab;
}

/** Waits until a text on the page is what the test expects (the page updates after its calls and on feed events). */
export async function textBecomes(page: Page, selector: string, expected: string | RegExp, timeout = 10_000): Promise<void> {
  await expect
    .poll(async () => ((await page.locator(selector).count()) > 0 ? ((await page.locator(selector).first().textContent()) ?? '').trim() : null), { timeout })
    .toMatch(typeof expected === 'string' ? new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : expected);
}

/** The text of the newest call the calls log shows for a method and path. */
export async function loggedCall(page: Page, method: string, path: string): Promise<{ status: string; request: string; answer: string }> {
  const call = page.locator('#calls li.call').filter({ has: page.locator(`summary:has(.method:text-is("${method}")):has([data-field="path"]:text-is("${path}"))`) }).first();
  return {
    status: ((await call.locator('[data-field="status"]').textContent()) ?? '').trim(),
    request: (await call.locator('[data-field="request"]').textContent()) ?? '',
    answer: (await call.locator('[data-field="answer"]').textContent()) ?? '',
  };
}

/** Issues a card with the issue form; answers the new card's id, as the page chose it. */
export async function issueCard(page: Page, kind: 'virtual' | 'plastic' | 'activation_link', options: { accountId?: string; holderId?: string; nickname?: string } = {}): Promise<string> {
  await page.selectOption('#issue-form select[name="kind"]', kind);
  if (options.accountId) await page.selectOption('#issue-account', options.accountId);
  await page.selectOption('#issue-holder', options.holderId ?? '');
  await page.fill('#issue-form input[name="nickname"]', options.nickname ?? '');
  await page.click('#issue-form button[type="submit"]');
  await textBecomes(page, '#issue-result', /issued/);
  const cardId = /(car_[0-9A-Za-z]{22})/.exec((await page.textContent('#issue-result')) ?? '')![1]!;
  await page.waitForSelector(`#card-detail [data-card-id="${cardId}"]`);
  return cardId;
}
