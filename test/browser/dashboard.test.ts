import { describe, expect, it } from 'vitest';
import { announceMissingChromium, chromiumForTests, hasChromium, type TrackedPage } from '../support/browser.js';
import { contractClient, type ContractClient } from '../support/contract-client.js';
import { issueCard, loggedCall, openDashboard, screenshot, textBecomes } from '../support/dashboard.js';
import { KEY_A, startEmulator, type TestEmulator } from '../support/emulator.js';
import { startReceiver } from '../support/webhook-receiver.js';

/** Chromium's start and page loads are slow on a loaded machine. */
const BROWSER_TEST_MS = 90_000;

/**
 * The demo dashboard driven end to end in headless Chromium, as a person demoing the emulator
 * would: type the key, fill the forms, press the buttons, open the holder's pages. After each
 * step the test reads the same tenant through the API (over the real server the browser talks
 * to, every answer checked against the contract) to see that the page told the truth.
 */
announceMissingChromium('dashboard in Chromium');

describe.skipIf(!hasChromium)('dashboard in headless Chromium', () => {
  const browser = chromiumForTests();

  async function setUp(): Promise<{ t: TestEmulator; api: ContractClient; tab: TrackedPage }> {
    const t = await startEmulator();
    const api = contractClient(t.emulator.url, KEY_A);
    const tab = await openDashboard(browser(), t.emulator.dashboardUrl, KEY_A);
    return { t, api, tab };
  }

  /** Opens what a button opens in a new tab (the look page, the activation link) and waits for it. */
  async function newTabFrom(tab: TrackedPage, selector: string) {
    const [opened] = await Promise.all([browser().context.waitForEvent('page'), tab.page.click(selector)]);
    await opened.waitForLoadState('load');
    return opened;
  }

  /** Everything the page loaded and called stayed on the emulator's origin, and no script of data ran. */
  function expectSelfContained(tab: TrackedPage, url: string) {
    const origin = new URL(url).origin;
    expect(tab.requests.filter((request) => !request.startsWith(`${origin}/`) && !request.startsWith('data:'))).toEqual([]);
    expect(tab.problems).toEqual([]);
  }

  it('browser: issue a virtual card, see it active, and the API shows the same card; the calls log shows the request and its answer', async () => {
    const { t, api, tab } = await setUp();
    const { page } = tab;
    await screenshot(page, 'dashboard-start');
    const cardId = await issueCard(page, 'virtual', { accountId: t.seed.bankAccountId, nickname: 'Viajes' });

    const row = `#card-list tr[data-card-id="${cardId}"]`;
    await textBecomes(page, `${row} [data-field="state"]`, 'active');
    const card = (await api.get(`/v1/cards/${cardId}`)).body;
    expect(card).toMatchObject({ state: 'active', type: 'virtual', nickname: 'Viajes', account_id: t.seed.bankAccountId });
    expect(await page.textContent(`${row} [data-field="last_four"]`)).toBe(`•••• ${card.last_four}`);
    expect(await page.textContent(`${row} [data-field="type"]`)).toBe('virtual');

    const created = await loggedCall(page, 'POST', '/v1/cards');
    expect(created.status).toBe('201');
    expect(created.request).toContain('"account_id"');
    expect(JSON.parse(created.answer.slice(created.answer.indexOf('\n') + 1))).toEqual(card);
    // The key is on every call, and the log shows only its start.
    expect(created.request).toContain(`Authorization: Bearer ${KEY_A.slice(0, 12)}…`);
    expect(await page.textContent('#calls')).not.toContain(KEY_A);

    await textBecomes(page, '#feed li[data-event-type="card_created"] [data-field="summary"]', `card ${cardId} (virtual, active)`);
    await screenshot(page, 'dashboard-card');
    expectSelfContained(tab, t.emulator.url);
    await page.close();
  }, BROWSER_TEST_MS);

  it('browser: a plastic card with an activation link: the holder activates it on the link page, and the dashboard shows it active and the plastic_card_activation event', async () => {
    const { t, api, tab } = await setUp();
    const { page } = tab;
    const cardId = await issueCard(page, 'activation_link', { accountId: t.seed.bankAccountId });
    await textBecomes(page, `#card-list tr[data-card-id="${cardId}"] [data-field="state"]`, 'created');
    await textBecomes(page, '#card-detail [data-field="activation_state"]', 'pending');
    const link = (await api.get('/v1/cards/activation_links')).body.plastic_card_activations.find((a: { card_id: string }) => a.card_id === cardId);
    expect(link.state).toBe('pending');

    const holderPage = await newTabFrom(tab, '[data-action="open-activation"]');
    expect(holderPage.url()).toBe(link.url);
    const lastFour = (await api.get(`/v1/cards/${cardId}`)).body.last_four;
    for (const [name, value] of Object.entries({ last_four: lastFour, alias: 'Tarjeta de viajes', limit: '1.500.000', pin: '4821', pin_confirmation: '4821' })) {
      await holderPage.fill(`input[name="${name}"]`, value);
    }
    await Promise.all([holderPage.waitForLoadState('load'), holderPage.click('button[type="submit"]')]);
    await holderPage.waitForSelector('main[data-state="activated"]');
    await screenshot(holderPage, 'activation-page');
    await holderPage.close();

    // The dashboard hears it on its feed and reads the card again.
    await textBecomes(page, '#feed li[data-event-type="plastic_card_activation"] [data-field="summary"]', `activation ${link.id} of card ${cardId}: activated`);
    await textBecomes(page, `#card-list tr[data-card-id="${cardId}"] [data-field="state"]`, 'active');
    await textBecomes(page, `#card-list tr[data-card-id="${cardId}"] [data-field="nickname"]`, 'Tarjeta de viajes');
    expect((await api.get(`/v1/cards/${cardId}`)).body).toMatchObject({ state: 'active', nickname: 'Tarjeta de viajes' });
    expect((await api.get(`/v1/cards/activation_links/${link.id}`)).body.state).toBe('activated');
    await screenshot(page, 'dashboard-feed');
    expectSelfContained(tab, t.emulator.url);
    await page.close();
  }, BROWSER_TEST_MS);

  it('browser: the look page draws the full number, expiry and CVV; the dashboard itself never shows the full number', async () => {
    const { t, api, tab } = await setUp();
    const { page } = tab;
    const cardId = await issueCard(page, 'virtual', { accountId: t.seed.bankAccountId });
    const lookPage = await newTabFrom(tab, '[data-action="look"]');
    const pan = ((await lookPage.textContent('[data-field="pan"]')) ?? '').replace(/ /g, '');
    const card = (await api.get(`/v1/cards/${cardId}`)).body;
    expect(pan).toMatch(/^411111\d{10}$/);
    expect(pan.slice(-4)).toBe(card.last_four);
    expect(await lookPage.textContent('[data-field="cvv"]')).toMatch(/^\d{3}$/);
    await screenshot(lookPage, 'look-page');
    await lookPage.close();

    const shown = (await page.content()) + String(await page.evaluate('JSON.stringify(sessionStorage)'));
    expect(shown.replace(/\s/g, '')).not.toContain(pan);
    expect(shown).toContain(card.masked_pan);
    await page.close();
  }, BROWSER_TEST_MS);

  it('browser: a cardholder named <img src=x onerror=alert(1)> and a nickname of <script> are shown as text, and nothing of them runs', async () => {
    const { t, api, tab } = await setUp();
    const { page } = tab;
    const name = '<img src=x onerror=alert(1)>';
    const nickname = '<script>alert(2)</script>';
    await page.fill('#holder-form input[name="first_name"]', name);
    await page.click('#holder-form button[type="submit"]');
    await textBecomes(page, '#issue-result', /^Cardholder carh_/);
    const holderId = /(carh_[0-9A-Za-z]{22})/.exec((await page.textContent('#issue-result'))!)![1]!;
    expect((await api.get(`/v1/cards/cardholders/${holderId}`)).body.first_name).toBe(name);

    const cardId = await issueCard(page, 'virtual', { accountId: t.seed.ledgerAccountId, holderId, nickname });
    await textBecomes(page, `#card-list tr[data-card-id="${cardId}"] [data-field="nickname"]`, nickname);
    expect(await page.textContent(`#holder-list tr[data-holder-id="${holderId}"] [data-field="name"]`)).toContain(name);
    expect((await api.get(`/v1/cards/${cardId}`)).body).toMatchObject({ cardholder_id: holderId, nickname });
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('body script').count()).toBe(1); // the page's own configuration, and only it
    await screenshot(page, 'dashboard-escaping');
    expectSelfContained(tab, t.emulator.url);
    await page.close();
  }, BROWSER_TEST_MS);

  it('browser: as the operator, top up a sub-account and attach a spending limit to a card: the balances, the chart and the API agree, and the network meets the limit', async () => {
    const { t, api, tab } = await setUp();
    const { page } = tab;
    const cardId = await issueCard(page, 'virtual', { accountId: t.seed.ledgerAccountId });
    const before = (await api.get(`/v1/ledger/accounts/${t.seed.ledgerAccountId}/balances`)).body;
    await textBecomes(page, '#card-detail figure.chart', /now COP/);
    expect(await page.getAttribute('#card-detail figure.chart', 'data-points')).toBe('1');

    await page.fill(`form[data-form="top-up"][data-account-id="${t.seed.ledgerAccountId}"] input[name="amount"]`, '100000');
    await page.click(`form[data-form="top-up"][data-account-id="${t.seed.ledgerAccountId}"] button`);
    const after = { amount: before.available.amount + 10_000_000, currency: 'COP' };
    // The page shows it once its call is answered and it read the account again; then the API agrees.
    await textBecomes(page, `#accounts tr[data-account-id="${t.seed.ledgerAccountId}"] [data-field="available"]`, `COP ${(after.amount / 100).toLocaleString('en-US')}.00`);
    expect((await api.get(`/v1/ledger/accounts/${t.seed.ledgerAccountId}/balances`)).body.available).toEqual(after);
    await expect.poll(() => page.getAttribute('#card-detail figure.chart', 'data-points')).toBe('2');

    await page.selectOption('#card-detail form[data-form="limit"] select[name="period"]', 'monthly');
    await page.fill('#card-detail form[data-form="limit"] input[name="amount"]', '250,000');
    await page.click('#card-detail form[data-form="limit"] button');
    await textBecomes(page, `#card-list tr[data-card-id="${cardId}"] [data-field="spending_control"]`, /^card: spc_/);
    const card = (await api.get(`/v1/cards/${cardId}`)).body;
    expect(await page.textContent(`#card-list tr[data-card-id="${cardId}"] [data-field="spending_control"]`)).toBe(`card: ${card.spending_controls.card_target}`);
    const control = (await api.get(`/v1/spending_controls/${card.spending_controls.card_target}`)).body;
    expect(control.rules).toEqual({ velocity: { monthly: { amount: 25_000_000, currency: 'COP' } } });
    // The limit holds: the network's purchase beyond it is declined by the control.
    const over = await sendPurchase(tab, '300000');
    expect(over.outcome).toBe('declined');
    expect(await page.textContent('#purchase-result [data-field="decline_reason"]')).toBe('velocity_monthly_exceeded');
    expect((await api.get(`/v1/cards/${cardId}/transactions`)).body.transactions[0]).toMatchObject({ id: over.transactionId, declination_reason: 'velocity_monthly_exceeded' });
    await screenshot(page, 'dashboard-operator');
    await page.close();
  }, BROWSER_TEST_MS);

  /** A balance as the page shows it. */
  const cop = (cents: number) => `COP ${(cents / 100).toLocaleString('en-US')}.00`;

  /** Another client tops a sub-account up through the API; the page hears of it on its feed only. */
  async function topUpElsewhere(api: ContractClient, accountId: string, cents: number, externalId: string) {
    const answer = await api.post(`/v1/ledger/accounts/${accountId}/balance`, { amount: { amount: cents, currency: 'COP' }, operation: 'topup', external_id: externalId, description: 'Made by another client' });
    expect(answer.status).toBe(201);
  }

  it('browser: what the operator typed stays typed when the page reads the tenant again (a top-up made elsewhere, heard on the feed), and the top-up sends it', async () => {
    const { t, api, tab } = await setUp();
    const { page } = tab;
    const account = t.seed.ledgerAccountId;
    const available = `#accounts tr[data-account-id="${account}"] [data-field="available"]`;
    await issueCard(page, 'virtual', { accountId: account });
    const before = (await api.get(`/v1/ledger/accounts/${account}/balances`)).body.available.amount;
    const topUp = `form[data-form="top-up"][data-account-id="${account}"]`;
    const limit = '#card-detail form[data-form="limit"]';
    await page.fill(`${topUp} input[name="amount"]`, '100000');
    await page.selectOption(`${limit} select[name="period"]`, 'weekly');
    await page.fill(`${limit} input[name="amount"]`, '250,000');

    // The page hears the other client's top-up on its feed and draws the accounts and the card again.
    await topUpElsewhere(api, account, 5_000_000, 'elsewhere-1');
    await textBecomes(page, available, cop(before + 5_000_000));
    await textBecomes(page, '#card-detail [data-field="available"]', cop(before + 5_000_000));
    expect(await page.inputValue(`${topUp} input[name="amount"]`)).toBe('100000');
    expect(await page.inputValue(`${limit} select[name="period"]`)).toBe('weekly');
    expect(await page.inputValue(`${limit} input[name="amount"]`)).toBe('250,000');
    // The field being typed in keeps the focus, so the next keys land in it.
    expect(await page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe('Limit amount');

    await page.click(`${topUp} button`);
    await textBecomes(page, available, cop(before + 15_000_000));
    expect((await api.get(`/v1/ledger/accounts/${account}/balances`)).body.available.amount).toBe(before + 15_000_000);
    // Sent, its amount is gone from the form; the limit not yet attached is still typed.
    expect(await page.inputValue(`${topUp} input[name="amount"]`)).toBe('');
    expect(await page.inputValue(`${limit} input[name="amount"]`)).toBe('250,000');
    await page.close();
  }, BROWSER_TEST_MS);

  it('browser: the feed ends (the tenant is reset) and the page opens it again: what changed while it heard nothing shows', async () => {
    const { t, api, tab } = await setUp();
    const { page } = tab;
    const account = t.seed.ledgerAccountId;
    const available = `#accounts tr[data-account-id="${account}"] [data-field="available"]`;
    const seeded = (await api.get(`/v1/ledger/accounts/${account}/balances`)).body.available.amount;
    await topUpElsewhere(api, account, 5_000_000, 'before-reset');
    await textBecomes(page, available, cop(seeded + 5_000_000));

    // A reset ends the tenant's feeds: the page reads the seeded tenant at once, and opens its feed again 2 s later.
    expect((await api.post('/_emulator/reset')).status).toBe(204);
    await textBecomes(page, available, cop(seeded));
    await topUpElsewhere(api, account, 7_000_000, 'while-away');
    await page.waitForSelector('#feed-status[data-live="true"]');
    await textBecomes(page, available, cop(seeded + 7_000_000));
    expect((await api.get(`/v1/ledger/accounts/${account}/balances`)).body.available.amount).toBe(seeded + 7_000_000);
    await page.close();
  }, BROWSER_TEST_MS);

  it('browser: a delivery that fails shows its status, latency and next retry; advancing the clock retries it, and redeliver sends it again', async () => {
    const { t, api, tab } = await setUp();
    const { page } = tab;
    const receiver = await startReceiver((_, index) => (index === 0 ? 503 : 200));
    await page.fill('#webhook-form input[name="url"]', receiver.url);
    await page.check('#webhook-form input[name="emulator_events"]');
    await page.click('#webhook-form button[type="submit"]');
    await textBecomes(page, '#webhook-list li code', receiver.url);
    expect((await api.get('/_emulator/webhooks')).body.webhooks[0]).toMatchObject({ url: receiver.url, emulator_events: ['card_created', 'card_state_changed'] });

    const cardId = await issueCard(page, 'virtual', { accountId: t.seed.bankAccountId });
    await page.click('#card-detail [data-action="freeze"]');
    await textBecomes(page, `#card-list tr[data-card-id="${cardId}"] [data-field="state"]`, 'frozen');
    expect((await api.get(`/v1/cards/${cardId}`)).body.state).toBe('frozen');

    const event = '#feed li[data-event-type="card_created"]';
    await textBecomes(page, `${event} li[data-attempt="1"]`, /^#1 2026-03-02 12:00:00: HTTP 503, \d+ ms$/);
    await textBecomes(page, `${event} [data-field="next_attempt_at"]`, 'next attempt 2026-03-02 12:00:30');
    const [delivery] = (await api.get('/_emulator/webhooks/deliveries?event_type=card_created')).body.deliveries;
    expect(delivery).toMatchObject({ status: 'pending', attempts: [{ status_code: 503 }], next_attempt_at: '2026-03-02T12:00:30.000Z' });

    await page.click('#advance-form button[type="submit"]'); // 30 s, the form's default
    await textBecomes(page, `${event} [data-field="status"]`, 'delivered');
    await textBecomes(page, `${event} li[data-attempt="2"]`, /^#2 2026-03-02 12:00:30: HTTP 200/);
    await textBecomes(page, '#clock-now', '2026-03-02 12:00:30');

    await page.click(`${event} [data-action="redeliver"]`);
    await textBecomes(page, `${event} li[data-attempt="3"]`, /^#3 \(redelivery\) 2026-03-02 12:00:30: HTTP 200/);
    const log = (await api.get(`/_emulator/webhooks/deliveries/${delivery.id}`)).body;
    expect(log.attempts.map((a: { status_code: number; manual: boolean }) => [a.status_code, a.manual])).toEqual([[503, false], [200, false], [200, true]]);
    expect(receiver.received.filter((r) => r.body.event.type === 'card_created')).toHaveLength(3);
    await screenshot(page, 'dashboard-deliveries');
    await page.close();
  }, BROWSER_TEST_MS);

  /** Sends the purchase form on the chosen card and waits for the page to show what came of it. */
  async function sendPurchase(tab: TrackedPage, pesos: string, declineReason = '') {
    const result = tab.page.locator('#purchase-result [data-outcome]');
    const shown = async () => ((await result.count()) > 0 ? result.getAttribute('data-transaction-id') : null);
    await tab.page.fill('#purchase-form input[name="amount"]', pesos);
    await tab.page.selectOption('#purchase-form select[name="decline_reason"]', declineReason);
    const before = await shown();
    await tab.page.click('#purchase-form button[type="submit"]');
    await expect.poll(shown, { timeout: 10_000 }).not.toBe(before);
    return { outcome: await result.getAttribute('data-outcome'), transactionId: (await shown())! };
  }

  it("browser: spend on a frozen card, then force a reason: each is declined with its reason, as the card's transactions in the API say", async () => {
    const { t, api, tab } = await setUp();
    const { page } = tab;
    const cardId = await issueCard(page, 'virtual', { accountId: t.seed.ledgerAccountId });
    await page.click('#card-detail [data-action="freeze"]');
    await textBecomes(page, '#card-detail [data-field="state"]', 'frozen');

    const frozen = await sendPurchase(tab, '45000');
    expect(frozen.outcome).toBe('declined');
    expect(await page.textContent('#purchase-result [data-field="decline_reason"]')).toBe('card_frozen');
    await textBecomes(page, `#card-transactions tr[data-transaction-id="${frozen.transactionId}"] [data-field="declination_reason"]`, 'card_frozen');

    await page.click('#card-detail [data-action="unfreeze"]');
    await textBecomes(page, '#card-detail [data-field="state"]', 'active');
    const forced = await sendPurchase(tab, '45000', 'invalid_cvc');
    expect(forced.outcome).toBe('declined');
    expect(await page.textContent('#purchase-result [data-field="decline_reason"]')).toBe('invalid_cvc');

    const listed = (await api.get(`/v1/cards/${cardId}/transactions`)).body.transactions;
    expect(listed.map((tx: { id: string; type: string; state: string; declination_reason: string }) => [tx.id, tx.type, tx.state, tx.declination_reason])).toEqual([
      [forced.transactionId, 'authorization_declined', 'declined', 'invalid_cvc'],
      [frozen.transactionId, 'authorization_declined', 'declined', 'card_frozen'],
    ]);
    expect((await api.get(`/v1/ledger/accounts/${t.seed.ledgerAccountId}/balances`)).body.pending.amount).toBe(0);
    await screenshot(page, 'dashboard-declined');
    await page.close();
  }, BROWSER_TEST_MS);

  it('browser: an approved purchase moves pending, the feed shows its card_transaction, and reversing it gives the money back', async () => {
    const { t, api, tab } = await setUp();
    const { page } = tab;
    const cardId = await issueCard(page, 'virtual', { accountId: t.seed.ledgerAccountId });
    const before = (await api.get(`/v1/ledger/accounts/${t.seed.ledgerAccountId}/balances`)).body;
    await textBecomes(page, '#card-detail [data-field="pending"]', 'COP 0.00');

    const approved = await sendPurchase(tab, '45000');
    expect(approved.outcome).toBe('approved');
    await textBecomes(page, '#card-detail [data-field="pending"]', 'COP 45,000.00');
    const during = (await api.get(`/v1/ledger/accounts/${t.seed.ledgerAccountId}/balances`)).body;
    expect(during).toEqual({ available: { amount: before.available.amount - 4_500_000, currency: 'COP' }, pending: { amount: 4_500_000, currency: 'COP' } });
    await textBecomes(page, '#feed li[data-event-type="card_transaction"] [data-field="summary"]', `authorization_approved of COP 45,000.00 on card ${cardId}`);
    await screenshot(page, 'dashboard-purchase');

    await page.click(`#card-transactions tr[data-transaction-id="${approved.transactionId}"] [data-follow-up="reversal"]`);
    await textBecomes(page, '#card-detail [data-field="pending"]', 'COP 0.00');
    await textBecomes(page, `#card-transactions tr[data-transaction-id="${approved.transactionId}"] [data-field="state"]`, 'reversed');
    expect((await api.get(`/v1/ledger/accounts/${t.seed.ledgerAccountId}/balances`)).body).toEqual(before);
    const types = (await api.get(`/v1/cards/${cardId}/transactions`)).body.transactions.map((tx: { type: string }) => tx.type);
    expect(types).toEqual(['authorization_reversed', 'authorization_approved']);
    await page.close();
  }, BROWSER_TEST_MS);

  it('browser: New tenant makes a tenant of its own through the control plane and opens it; its key works on the API', async () => {
    const t = await startEmulator();
    const tab = await browser().newPage();
    const { page } = tab;
    await page.goto(t.emulator.dashboardUrl);
    await page.click('[data-action="new-tenant"]');
    await page.waitForSelector('#feed-status[data-live="true"]');
    const key = String(await page.evaluate("sessionStorage.getItem('mono-dashboard:key')"));
    expect(key).toMatch(/^sandbox_/);
    expect(t.emulator.apiKeys).not.toContain(key);
    expect((await loggedCall(page, 'POST', '/_emulator/tenants')).status).toBe('201');
    const accounts = (await contractClient(t.emulator.url, key).get('/v1/accounts')).body.accounts;
    await textBecomes(page, `#accounts tr[data-account-id="${accounts[0].id}"] [data-field="available"]`, /^COP /);
    await page.close();
  }, BROWSER_TEST_MS);
});
