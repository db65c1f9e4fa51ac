import { describe, expect, it } from 'vitest';
import { wrongLastFour } from '../support/activation.js';
import { announceMissingChromium, chromiumForTests, hasChromium, type TrackedPage } from '../support/browser.js';
import { contractClient, type ContractClient } from '../support/contract-client.js';
import { startEmulator, type TestEmulator } from '../support/emulator.js';
import { cardholderInput } from '../support/fixtures.js';

/** Chromium's start and page loads are slow on a loaded machine. */
const BROWSER_TEST_MS = 60_000;

/**
 * The holder's activation page driven end to end in headless Chromium, as a holder would: open
 * the link's url, type, submit, read what the page says. The API answers are read over the same
 * real server the browser talks to, so the link's url names it.
 */
announceMissingChromium('activation page in Chromium');

describe.skipIf(!hasChromium)('activation page in headless Chromium', () => {
  const browser = chromiumForTests();

  async function setUp(holder = cardholderInput()) {
    const t: TestEmulator = await startEmulator();
    const api: ContractClient = contractClient(t.emulator.url, t.emulator.apiKeys[0]);
    const cardholder = (await api.post('/v1/cards/cardholders', holder)).body;
    const link = (await api.post('/v1/cards/activation_links', { account_id: t.seed.bankAccountId, cardholder_id: cardholder.id, configuration_group_id: t.seed.plasticGroupId })).body;
    const lastFour = (await api.get(`/v1/cards/${link.card_id}`)).body.last_four as string;
    const tab = await browser().newPage();
    await tab.page.goto(link.url);
    return { t, api, link, lastFour, tab };
  }

  async function fill(tab: TrackedPage, values: Record<string, string>) {
    for (const [name, value] of Object.entries(values)) await tab.page.fill(`input[name="${name}"]`, value);
    await Promise.all([tab.page.waitForLoadState('load'), tab.page.click('button[type="submit"]')]);
    await tab.page.waitForSelector('main');
  }

  const errorText = (tab: TrackedPage, field: string) => tab.page.textContent(`[data-error-for="${field}"]`);

  it('browser: the holder fixes what the page points out, activates the card, and the API shows it active with its alias and limit', async () => {
    const { api, link, lastFour, tab } = await setUp();
    expect(await tab.page.textContent('h1')).toBe('Activate your card');

    await fill(tab, { last_four: lastFour, alias: 'Ab', limit: '1.500.000', pin: '4821', pin_confirmation: '4812' });
    expect(await errorText(tab, 'alias')).toBe('The alias takes 5 to 64 characters.');
    expect(await errorText(tab, 'pin_confirmation')).toBe('The two PINs do not match.');
    expect(await tab.page.getAttribute('#alias', 'aria-invalid')).toBe('true');
    expect(await tab.page.inputValue('#alias')).toBe('Ab');
    expect(await tab.page.inputValue('#pin')).toBe('');

    await fill(tab, { last_four: wrongLastFour(lastFour), alias: 'Tarjeta de viajes', pin: '4821', pin_confirmation: '4821' });
    expect(await errorText(tab, 'last_four')).toBe("These are not the card's last four digits; 2 attempts left.");

    await fill(tab, { last_four: lastFour, pin: '4821', pin_confirmation: '4821' });
    expect(await tab.page.textContent('h1')).toBe('Your card is active');
    expect(await tab.page.textContent('[data-field="alias"]')).toBe('Tarjeta de viajes');

    const card = (await api.get(`/v1/cards/${link.card_id}`)).body;
    expect(card).toMatchObject({ state: 'active', nickname: 'Tarjeta de viajes' });
    const control = (await api.get(`/v1/spending_controls/${card.spending_controls.card_target}`)).body;
    expect(control.rules.velocity.monthly).toEqual({ amount: 150_000_000, currency: 'COP' });
    expect((await api.get(`/v1/cards/activation_links/${link.id}`)).body.state).toBe('activated');

    // Nothing but the page itself was loaded, and no script ran.
    const origin = new URL(link.url).origin;
    expect(tab.requests.every((url) => url.startsWith(`${origin}/_emulator/activation-page/`))).toBe(true);
    expect(tab.problems).toEqual([]);
    await tab.page.close();
  }, BROWSER_TEST_MS);

  it('browser: markup in the holder\'s data and in what is typed is shown as text and never runs', async () => {
    const { tab } = await setUp(cardholderInput({ first_name: '<img src=x onerror=alert(1)>', last_name: '<script>alert(2)</script>' }));
    expect(await tab.page.textContent('main p')).toContain('Hello <img src=x onerror=alert(1)> <script>alert(2)</script>.');
    await fill(tab, { last_four: '"><script>alert(3)</script>', alias: '<svg onload=alert(4)>', limit: '1', pin: '1', pin_confirmation: '1' });
    expect(await tab.page.inputValue('#alias')).toBe('<svg onload=alert(4)>');
    expect(await tab.page.locator('script, img, svg').count()).toBe(0);
    expect(tab.problems).toEqual([]);
    await tab.page.close();
  }, BROWSER_TEST_MS);

  it('browser: three wrong last fours end on the failed page, and the link is failed', async () => {
    const { api, link, lastFour, tab } = await setUp();
    const wrong = { last_four: wrongLastFour(lastFour), alias: 'Tarjeta de viajes', limit: '500000', pin: '4821', pin_confirmation: '4821' };
    for (let i = 0; i < 3; i++) await fill(tab, wrong);
    expect(await tab.page.textContent('h1')).toBe('This activation link failed');
    expect(await tab.page.$('form')).toBeNull();
    expect((await api.get(`/v1/cards/activation_links/${link.id}`)).body.state).toBe('failed');
    await tab.page.close();
  }, BROWSER_TEST_MS);
});
