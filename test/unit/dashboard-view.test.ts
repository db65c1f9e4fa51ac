import { describe, expect, it } from 'vitest';
import {
  accountsView,
  balanceSeries,
  callView,
  cardDetailView,
  cardsView,
  escapeHtml,
  feedEventView,
  fillPath,
  formatMoney,
  holdersView,
  html,
  parseAmount,
  transactionsView,
} from '../../emulator/dashboard/browser/view.js';
import { jsonForScript } from '../../emulator/present/html.js';
import { renderDashboardPage } from '../../emulator/present/dashboard-page.js';
import { fakeCardholders } from '../../emulator/services/fake-people.js';

/** What an attacker names a cardholder, a nickname, a merchant: markup that runs if written as HTML. */
const HOSTILE = `<img src=x onerror=alert(1)>"'&</script><script>alert(2)</script>`;
/** The same text as it must appear in markup: every special character an entity. */
const HOSTILE_ESCAPED = '&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;';

/** The elements a piece of markup opens, by tag name. */
const tags = (markup: string) => [...markup.matchAll(/<([a-z][a-z0-9]*)\b/gi)].map((m) => m[1]!.toLowerCase());

const card = (overrides: Record<string, unknown> = {}) => ({
  id: 'car_DYfDyyrkqm0QiZ2qHpw6Ya',
  account_id: 'acc_u0wnGw4mhZyLn7b8eVsB5x',
  cardholder_id: 'carh_TnVZalbdykeKV1F6bor8uB',
  cardholder: { id: 'carh_TnVZalbdykeKV1F6bor8uB', first_name: HOSTILE, last_name: 'Ritchie' },
  type: 'virtual',
  state: 'active',
  last_four: '4398',
  masked_pan: '411111******4398',
  nickname: HOSTILE,
  configuration_group_id: 'ccg_koXFFFpTYC46LU1YVl68CA',
  spending_controls: { card_target: null, configuration_group_target: null },
  ...overrides,
});

describe('dashboard views: escaping', () => {
  it('escapeHtml writes &, <, >, " and \' as entities and leaves other text alone', () => {
    expect(escapeHtml(HOSTILE)).toBe(HOSTILE_ESCAPED);
    expect(escapeHtml('Bogotá D.C. — 100%')).toBe('Bogotá D.C. — 100%');
  });

  it('html escapes every value put in, in text and in quoted attributes', () => {
    const out = html`<p title="${HOSTILE}">${HOSTILE}</p>`.text;
    expect(out).toBe(`<p title="${HOSTILE_ESCAPED}">${HOSTILE_ESCAPED}</p>`);
    expect(tags(out)).toEqual(['p']);
  });

  it('html puts nested html in as it is, joins lists, writes numbers and writes nothing for null, undefined and false', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`${inner}|${[html`<br>`, '<br>', 7]}|${null}${undefined}${false}|${0}`.text).toBe('<b>&lt;i&gt;</b>|<br>&lt;br&gt;7||0');
  });

  it('a string that looks like markup is never taken for html: only html`` results are', () => {
    const lookalike = { text: '<script>alert(1)</script>' };
    expect(html`${lookalike}`.text).toBe('[object Object]');
    expect(html`${String(html`<b>x</b>`)}`.text).toBe('&lt;b&gt;x&lt;/b&gt;');
  });

  it('the cards and cardholders lists show a hostile name and nickname as text', () => {
    const cards = cardsView([card()], null).text;
    expect(cards).toContain(HOSTILE_ESCAPED);
    expect(cards).not.toContain('<img');
    expect(new Set(tags(cards))).toEqual(new Set(['table', 'thead', 'tr', 'th', 'tbody', 'td', 'span', 'br', 'code', 'button']));
    const holders = holdersView([{ id: 'carh_TnVZalbdykeKV1F6bor8uB', first_name: HOSTILE, last_name: HOSTILE, email: HOSTILE, document: { type: 'CC', number: HOSTILE }, address: { city: HOSTILE } }]).text;
    expect(holders.split(HOSTILE_ESCAPED).length - 1).toBe(5);
    expect(holders).not.toContain('<script');
  });

  it('a transaction from the network shows its merchant and reason as text', () => {
    const out = transactionsView(
      [{ id: 'ctx_x', type: 'authorization_declined', state: 'declined', amount: { amount: 100, currency: 'COP' }, merchant: { name: HOSTILE, mcc: '5411' }, declination_reason: HOSTILE, transaction_at: '2026-03-02T12:00:00Z' }],
      {},
    ).text;
    expect(out.split(HOSTILE_ESCAPED).length - 1).toBe(2);
    expect(tags(out)).not.toContain('img');
  });

  it('a feed event shows its data and payload as text', () => {
    const item = {
      event_id: null,
      event: { type: 'card_created', data: { id: HOSTILE, type: 'virtual', state: 'active' } },
      timestamp: '2026-03-02T12:00:00.000000Z',
      deliveries: [{ id: 'dlv_x', event_id: 'evt_x', event_type: 'card_created', url: `http://x/${HOSTILE}`, status: 'pending', attempts: [], next_attempt_at: null }],
    };
    const out = feedEventView(item, HOSTILE).text;
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).toContain(`data-feed-key="${HOSTILE_ESCAPED}"`);
  });

  it('the calls log shows bodies as text and only the start of the key', () => {
    const out = callView({ n: 1, method: 'POST', path: '/v1/cards', key: 'sandbox_nj6GF5MMP6RtteiV8yRqMOaZpXf3EF0v', body: { nickname: HOSTILE }, status: 201, warning: HOSTILE, answer: { nickname: HOSTILE }, ms: 3, open: true }).text;
    expect(out).toContain('Authorization: Bearer sandbox_nj6G…');
    expect(out).not.toContain('RqMOaZpXf3EF0v');
    expect(out).toContain(`x-emulator-warning: ${HOSTILE_ESCAPED}`);
    expect(tags(out)).toEqual(['li', 'details', 'summary', 'span', 'span', 'span', 'span', 'pre', 'pre']);
  });
});

describe('dashboard page (server): what it embeds', () => {
  const view = (people = [{ ...fakeCardholders(1, 1)[0]!, first_name: HOSTILE }]) => ({
    operations: { createCardholder: { method: 'POST', path: '/v1/cards/cardholders' } },
    declineReasons: [],
    channels: [],
    people,
  });

  it('jsonForScript cannot end its <script> element early, and parses back to the same value', () => {
    const value = { name: HOSTILE, comment: '<!-- -->', separators: '\u2028\u2029' };
    const embedded = jsonForScript(value);
    expect(embedded).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(embedded)).toEqual(value);
  });

  it('a fake person with a hostile name is escaped in the form and in the embedded JSON', () => {
    const page = renderDashboardPage(view());
    expect(page).toContain(`value="${HOSTILE_ESCAPED}"`);
    expect(page.match(/<script\b/g)).toHaveLength(2); // the module and the JSON, nothing injected
    const json = /<script type="application\/json" id="dashboard-config">(.*)<\/script>/.exec(page)![1]!;
    expect(JSON.parse(json).people[0].first_name).toBe(HOSTILE);
  });

  it('the network panel is rendered only when the spend simulation is among the operations', () => {
    expect(renderDashboardPage(view())).not.toContain('id="purchase-form"');
    const withSpend = { ...view(), operations: { ...view().operations, createCardAuthorization: { method: 'POST', path: '/_emulator/cards/{card_id}/authorizations' } }, declineReasons: ['card_frozen', HOSTILE], channels: ['pos'] };
    const page = renderDashboardPage(withSpend);
    expect(page).toContain('id="purchase-form"');
    expect(page).toContain(`<option value="${HOSTILE_ESCAPED}">${HOSTILE_ESCAPED}</option>`);
  });
});

describe('dashboard views: amounts and paths', () => {
  it('formatMoney writes minor units with thousands separators and two decimals', () => {
    expect(formatMoney({ amount: 4_500_000, currency: 'COP' })).toBe('COP 45,000.00');
    expect(formatMoney({ amount: 1_000_010, currency: 'COP' })).toBe('COP 10,000.10');
    expect(formatMoney({ amount: -205, currency: 'USD' })).toBe('USD -2.05');
    expect(formatMoney(null)).toBe('—');
  });

  it('parseAmount reads what a person types into minor units, and nothing else', () => {
    expect(parseAmount('45000')).toBe(4_500_000);
    expect(parseAmount(' 45,000.5 ')).toBe(4_500_050);
    expect(parseAmount('10000.10')).toBe(1_000_010);
    for (const bad of ['', '45.000,00', '1,00', '12.345', '-5', '1e3', 'abc']) expect(parseAmount(bad), bad).toBeNull();
  });

  it('fillPath fills a contract path template, each value encoded', () => {
    expect(fillPath('/v1/cards/{card_id}/look', { card_id: 'car_x/../y?z' })).toBe('/v1/cards/car_x%2F..%2Fy%3Fz/look');
  });

  it("balanceSeries: credits add, debits take, holds and releases leave the account's balance as it is", () => {
    const at = '2026-03-02T12:00:00Z';
    const money = (amount: number) => ({ amount, currency: 'COP' });
    const series = balanceSeries([
      { operation_type: 'credit', amount: money(1000), transaction_at: at },
      { operation_type: 'hold', amount: money(300), transaction_at: at },
      { operation_type: 'release', amount: money(100), transaction_at: at },
      { operation_type: 'debit', amount: money(200), transaction_at: at },
    ]);
    expect(series.map((p) => p.balance)).toEqual([1000, 1000, 1000, 800]);
  });
});

describe('dashboard views: fields that outlive a refresh', () => {
  /** The data-keep key of each field, in the order of the markup. */
  const keys = (markup: string) => [...markup.matchAll(/<(?:input|select)\b[^>]*\bdata-keep="([^"]*)"/g)].map((m) => m[1]);
  const money = (amount: number) => ({ amount, currency: 'COP' });

  it("each field a person types in carries a key of its own account, card or transaction, so the page can put back what was typed when it draws them again", () => {
    const ledger = (id: string) => ({ account: { id, name: 'Sub', state: 'active', currency_code: 'COP' }, balances: { available: money(1), pending: money(0) } });
    expect(keys(accountsView([], [ledger('lacc_a'), ledger('lacc_b')], true).text)).toEqual(['top-up lacc_a', 'top-up lacc_b']);
    expect(keys(accountsView([], [ledger('lacc_a')], false).text)).toEqual([]);

    const approved = { id: 'ctx_x', type: 'authorization_approved', state: 'approved', amount: money(100), transaction_at: '2026-03-02T12:00:00Z' };
    const detail = cardDetailView({
      card: card(),
      holderName: 'Ana Ruiz',
      activation: null,
      balances: { available: money(1) },
      accountKind: 'ledger sub-account',
      transactions: [approved],
      chart: html``,
      can: { limit: true, reverse: true },
    }).text;
    expect(keys(detail)).toEqual(['limit-period car_DYfDyyrkqm0QiZ2qHpw6Ya', 'limit-amount car_DYfDyyrkqm0QiZ2qHpw6Ya', 'follow-up ctx_x']);
  });
});
