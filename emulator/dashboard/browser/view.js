// The dashboard's views: pure functions from what the API answered to HTML, and the few
// calculations behind them. Every value from data goes through `html`, which escapes it; the
// page's script (app.js) only puts their results into the page. No DOM here, so the tests run
// these functions as they are (test/unit/dashboard-view.test.ts).

/** Markup already escaped (or written here): `html` puts it in as it is. */
export class Html {
  /** @param {string} text */
  constructor(text) {
    this.text = text;
  }
  toString() {
    return this.text;
  }
}

/** @type {Readonly<Record<string, string>>} */
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and quoted attributes. @param {string} text */
export const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** @param {unknown} value @returns {string} */
function piece(value) {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * The one way markup is written: every interpolated value is escaped unless it is itself `html`
 * (lists of them are joined); null, undefined and false write nothing. Attribute values must be
 * quoted in the template.
 * @param {TemplateStringsArray} strings
 * @param {...unknown} values
 */
export function html(strings, ...values) {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += piece(value) + (strings[i + 1] ?? '');
  });
  return new Html(text);
}

/** @typedef {{ amount: number, currency: string }} Money */

/** Minor units as Mono's amounts are, shown as "COP 45,000.00". @param {Money | null | undefined} money */
export function formatMoney(money) {
  if (!money) return '—';
  const sign = money.amount < 0 ? '-' : '';
  const cents = Math.abs(money.amount);
  const whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${money.currency} ${sign}${whole}.${String(cents % 100).padStart(2, '0')}`;
}

/**
 * What a person types as an amount ("45000", "45,000.50", "1000.10") in minor units, or null when
 * it is not one: digits with optional thousands commas and at most two decimals.
 * @param {string} text
 */
export function parseAmount(text) {
  const match = /^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  const cents = Number(match[1]?.replace(/,/g, '')) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

/**
 * A path template of the contract with its parameters filled in, each encoded.
 * @param {string} template
 * @param {Record<string, string>} params
 */
export function fillPath(template, params) {
  return template.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(params[name] ?? ''));
}

/** "2026-03-02T12:00:00.000Z" -> "2026-03-02 12:00:00". @param {string | null | undefined} iso */
export const shortTime = (iso) => (iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '') : '—');

/** A key as the calls log shows it: enough to tell keys apart, not enough to use one. @param {string} key */
export const maskKey = (key) => (key.length > 12 ? `${key.slice(0, 12)}…` : '…');

/**
 * The balance of a ledger account after each of its transactions, oldest first: credits add,
 * debits take; holds and releases only move money between available and pending, so this
 * balance (available + pending) is exact from the ledger alone.
 * @param {{ operation_type: string, amount: Money, transaction_at: string }[]} transactions oldest first
 * @returns {{ at: string, balance: number }[]}
 */
export function balanceSeries(transactions) {
  let balance = 0;
  return transactions.map((t) => {
    if (t.operation_type === 'credit') balance += t.amount.amount;
    else if (t.operation_type === 'debit') balance -= t.amount.amount;
    return { at: t.transaction_at, balance };
  });
}

/**
 * A small line chart of balances over time (points in order), as an inline SVG of numbers only.
 * @param {{ balance: number }[]} points
 * @param {string} currency
 * @param {string} caption
 */
export function chartView(points, currency, caption) {
  if (points.length === 0) return html`<p class="hint">${caption}: nothing yet.</p>`;
  const width = 320;
  const height = 90;
  const values = points.map((p) => p.balance);
  const low = Math.min(0, ...values);
  const high = Math.max(...values, low + 1);
  const x = (/** @type {number} */ i) => (points.length === 1 ? width / 2 : (i / (points.length - 1)) * width);
  const y = (/** @type {number} */ v) => height - ((v - low) / (high - low)) * (height - 10) - 5;
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.balance).toFixed(1)}`).join(' ');
  const last = points[points.length - 1];
  return html`<figure class="chart" data-points="${points.length}">
<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${caption}"><polyline points="${line}" fill="none" stroke="#1a1f71" stroke-width="2"></polyline>${
    points.length <= 60 ? points.map((p, i) => html`<circle cx="${x(i).toFixed(1)}" cy="${y(p.balance).toFixed(1)}" r="3" fill="#1a1f71"></circle>`) : ''
  }</svg>
<figcaption>${caption}; now ${formatMoney(last ? { amount: last.balance, currency } : null)}</figcaption>
</figure>`;
}

/** @param {string} state */
const badge = (state) => html`<span class="badge state-${state}" data-field="state">${state}</span>`;

/**
 * @typedef {{ id: string, name?: string, number?: string, provider?: string, type?: string, state?: string,
 *   balance?: { available: Money }, currency_code?: string }} Account
 * @typedef {{ available: Money, pending?: Money }} Balances
 */

/**
 * The tenant's bank accounts and ledger sub-accounts with their balances, and a top-up per sub-account.
 * @param {Account[]} bankAccounts
 * @param {{ account: Account, balances: Balances | null }[]} ledgerAccounts
 * @param {boolean} canTopUp
 */
export function accountsView(bankAccounts, ledgerAccounts, canTopUp) {
  return html`<table class="list"><thead><tr><th>Account</th><th>Kind</th><th>Available</th><th>Pending</th><th></th></tr></thead><tbody>
${bankAccounts.map((a) => html`<tr data-account-id="${a.id}"><td>${a.name}<br><code>${a.id}</code></td><td>bank account (${a.provider})</td><td data-field="available">${formatMoney(a.balance?.available)}</td><td class="muted">—</td><td class="hint">seeded; no top-up in Mono's API</td></tr>`)}
${ledgerAccounts.map(({ account, balances }) => html`<tr data-account-id="${account.id}"><td>${account.name ?? 'Sub-account'}<br><code>${account.id}</code></td><td>ledger sub-account (${account.state})</td><td data-field="available">${formatMoney(balances?.available)}</td><td data-field="pending">${formatMoney(balances?.pending)}</td>
<td>${canTopUp ? html`<form class="inline" data-form="top-up" data-account-id="${account.id}" data-currency="${account.currency_code ?? 'COP'}"><input name="amount" data-keep="top-up ${account.id}" inputmode="decimal" size="9" placeholder="100000" aria-label="Top-up amount" required><button type="submit">Top up</button></form>` : ''}</td></tr>`)}
</tbody></table>`;
}

/**
 * @typedef {{ id: string, first_name: string, last_name: string, email?: string | null,
 *   document?: { type: string, number: string } | null, address?: { city: string } | null }} Cardholder
 */

/** @param {Cardholder[]} holders */
export function holdersView(holders) {
  if (holders.length === 0) return html`<p class="hint">No cardholder yet: create one below, or issue a card with a new one.</p>`;
  return html`<table class="list"><thead><tr><th>Name</th><th>Document</th><th>Email</th><th>City</th></tr></thead><tbody>
${holders.map((h) => html`<tr data-holder-id="${h.id}"><td data-field="name">${h.first_name} ${h.last_name}<br><code>${h.id}</code></td><td>${h.document ? `${h.document.type} ${h.document.number}` : '—'}</td><td>${h.email ?? '—'}</td><td>${h.address?.city ?? '—'}</td></tr>`)}
</tbody></table>`;
}

/**
 * @typedef {{ id: string, account_id: string, cardholder_id: string, cardholder?: Cardholder, type: string, state: string,
 *   last_four: string, masked_pan: string, nickname: string | null, configuration_group_id: string,
 *   spending_controls: { card_target: string | null, configuration_group_target: string | null } }} Card
 */

/** @param {Card} card */
const controlsText = (card) =>
  [card.spending_controls.card_target && `card: ${card.spending_controls.card_target}`, card.spending_controls.configuration_group_target && `group: ${card.spending_controls.configuration_group_target}`]
    .filter(Boolean)
    .join(', ') || 'none';

/** @param {Card[]} cards @param {string | null} selectedId */
export function cardsView(cards, selectedId) {
  if (cards.length === 0) return html`<p class="hint">No card yet: issue one above.</p>`;
  return html`<table class="list cards"><thead><tr><th>Card</th><th>Type</th><th>State</th><th>Nickname</th><th>Holder</th><th>Spending control</th><th></th></tr></thead><tbody>
${cards.map(
  (c) => html`<tr data-card-id="${c.id}"${c.id === selectedId ? html` class="selected"` : ''}><td><span data-field="last_four">•••• ${c.last_four}</span><br><code>${c.id}</code></td><td data-field="type">${c.type}</td><td>${badge(c.state)}</td><td data-field="nickname">${c.nickname ?? '—'}</td>
<td>${c.cardholder ? `${c.cardholder.first_name} ${c.cardholder.last_name}` : c.cardholder_id}</td><td data-field="spending_control">${controlsText(c)}</td><td><button type="button" data-action="select-card" data-card-id="${c.id}">Open</button></td></tr>`,
)}
</tbody></table>`;
}

/**
 * @typedef {{ id: string, card_id: string, state: string, url: string }} Activation
 * @typedef {{ id: string, type: string, state: string, amount: Money, merchant_amount?: Money | null, description?: string | null, declination_reason?: string | null,
 *   merchant?: { name: string, mcc: string } | null, transaction_at: string, original_transaction_id?: string | null }} CardTransaction
 * @typedef {{ card: Card, holderName: string, activation: Activation | null, balances: Balances | null, accountKind: string,
 *   transactions: CardTransaction[] | null, chart: Html, can: Record<string, boolean> }} CardDetail
 */

/** @param {string} action @param {string} label @param {boolean} [show] */
const actionButton = (action, label, show = true) => (show ? html`<button type="button" data-action="${action}">${label}</button>` : '');

/** What a transaction can be followed by, as the network sends it (README: Simulating card activity). @param {CardTransaction} t @param {Record<string, boolean>} can */
function followUps(t, can) {
  const open = t.state === 'approved' && (t.type === 'authorization_approved' || t.type === 'withdrawal');
  const refundable = t.state === 'approved' && (t.type === 'authorization_approved' || t.type === 'force_debit');
  const buttons = [
    open && can.reverse ? html`<button type="button" data-follow-up="reversal" data-transaction-id="${t.id}">Reverse</button>` : '',
    open && can.settle ? html`<button type="button" data-follow-up="settlement" data-transaction-id="${t.id}">Settle</button>` : '',
    open && t.type === 'authorization_approved' && can.adjust
      ? html`<button type="button" data-follow-up="credit-adjustment" data-transaction-id="${t.id}">Adjust −</button><button type="button" data-follow-up="debit-adjustment" data-transaction-id="${t.id}">Adjust +</button>`
      : '',
    refundable && can.refund ? html`<button type="button" data-follow-up="refund" data-transaction-id="${t.id}">Refund</button>` : '',
  ];
  if (buttons.every((b) => b === '')) return '';
  // One amount for whichever follow-up is pressed; left empty, each takes what the transaction stands at.
  return html`<span class="follow-ups">${buttons}</span><input class="follow-up-amount" data-amount-for="${t.id}" data-keep="follow-up ${t.id}" inputmode="decimal" size="8" placeholder="amount" aria-label="Follow-up amount">`;
}

/** @param {CardTransaction[] | null} transactions @param {Record<string, boolean>} can */
export function transactionsView(transactions, can) {
  if (transactions === null) return html`<p class="hint">This emulator does not model card transactions (<code>GET /v1/cards/{card_id}/transactions</code>).</p>`;
  if (transactions.length === 0) return html`<p class="hint">No transaction yet.</p>`;
  return html`<table class="list" id="card-transactions"><thead><tr><th>When</th><th>Type</th><th>State</th><th>Amount</th><th>Merchant</th><th>Why declined</th><th></th></tr></thead><tbody>
${transactions.map(
  (t) => html`<tr data-transaction-id="${t.id}" data-currency="${(t.merchant_amount ?? t.amount).currency}"><td>${shortTime(t.transaction_at)}</td><td data-field="type">${t.type}</td><td>${badge(t.state)}</td><td>${formatMoney(t.amount)}</td><td>${t.merchant ? `${t.merchant.name} (${t.merchant.mcc})` : '—'}</td>
<td data-field="declination_reason">${t.declination_reason ?? ''}</td><td>${followUps(t, can)}</td></tr>`,
)}
</tbody></table>`;
}

/** The chosen card: what it is, what can be done to it, its balances, transactions and chart. @param {CardDetail} d */
export function cardDetailView(d) {
  const { card, activation, balances, can } = d;
  const live = card.state !== 'canceled';
  return html`<div class="card-detail" data-card-id="${card.id}" data-state="${card.state}">
<div class="card-face state-${card.state}"><span class="brand">mono · ${card.type === 'plastic' ? 'física' : 'virtual'}</span><span class="pan">${card.masked_pan.replace(/(.{4})/g, '$1 ')}</span><span>${d.holderName}</span></div>
<dl class="facts">
<dt>Id</dt><dd><code>${card.id}</code></dd>
<dt>State</dt><dd>${badge(card.state)}</dd>
<dt>Type</dt><dd>${card.type}</dd>
<dt>Nickname</dt><dd data-field="nickname">${card.nickname ?? '—'}</dd>
<dt>Account</dt><dd><code>${card.account_id}</code> (${d.accountKind})</dd>
<dt>Available</dt><dd data-field="available">${formatMoney(balances?.available)}</dd>
${balances?.pending ? html`<dt>Pending</dt><dd data-field="pending">${formatMoney(balances.pending)}</dd>` : ''}
<dt>Spending control</dt><dd data-field="spending_control">${controlsText(card)}</dd>
${activation ? html`<dt>Activation link</dt><dd><span class="badge state-${activation.state}" data-field="activation_state">${activation.state}</span> <code>${activation.id}</code></dd>` : ''}
</dl>
<div class="actions">
${actionButton('freeze', 'Freeze', card.state === 'active')}${actionButton('unfreeze', 'Unfreeze', card.state === 'frozen')}${actionButton('cancel', 'Cancel', live)}
${actionButton('look', 'Open the look page (holder)', live && can.look)}
${activation && activation.state === 'pending' ? html`<button type="button" data-action="open-activation" data-url="${activation.url}">Open the activation page (holder)</button>` : ''}
${actionButton('activate-in-app', 'Activate in the app (holder)', card.state === 'created' && can.activateCard)}
</div>
${live && can.limit ? html`<form class="inline" data-form="limit"><label>Spending limit <select name="period" data-keep="limit-period ${card.id}"><option value="daily">daily</option><option value="weekly">weekly</option><option value="monthly">monthly</option></select></label>
<input name="amount" data-keep="limit-amount ${card.id}" inputmode="decimal" size="10" placeholder="200000" aria-label="Limit amount" required><button type="submit">Attach a spending limit</button></form>` : ''}
<h3>Balance over time</h3>
${d.chart}
<h3>Transactions</h3>
${transactionsView(d.transactions, can)}
</div>`;
}

/**
 * What a card-spend call answered: approved or declined, why, and what the card draws on now.
 * @param {{ transaction: CardTransaction, decline: { reason: string, rule: string, message: string } | null,
 *   funds?: { available: Money, pending?: Money | null } | null }} activity
 */
export function activityView(activity) {
  const { transaction: t, decline, funds } = activity;
  const outcome = decline ? 'declined' : t.state;
  return html`<div class="activity outcome-${outcome}" data-outcome="${outcome}" data-transaction-id="${t.id}">
<strong data-field="type">${t.type}</strong> ${formatMoney(t.amount)}
${decline ? html`<p><span data-field="decline_reason">${decline.reason}</span> (rule <code>${decline.rule}</code>): ${decline.message}</p>` : ''}
${funds ? html`<p>Now available ${formatMoney(funds.available)}${funds.pending ? html`, pending <span data-field="pending">${formatMoney(funds.pending)}</span>` : ''}</p>` : ''}
</div>`;
}

/** @param {{ id: string, url: string, secret_hint: string, emulator_events?: string[] }[]} webhooks */
export function webhooksView(webhooks) {
  if (webhooks.length === 0) return html`<p class="hint">No receiver registered: events are shown here but sent nowhere. Register a URL to see each delivery attempt.</p>`;
  return html`<ul class="webhooks">${webhooks.map(
    (w) => html`<li data-webhook-id="${w.id}"><code>${w.url}</code> (secret ${w.secret_hint}${w.emulator_events?.length ? html`; also ${w.emulator_events.join(', ')}` : ''})</li>`,
  )}</ul>`;
}

/**
 * @typedef {{ number: number, at: string, status_code: number | null, latency_ms: number, error: string | null, manual: boolean }} Attempt
 * @typedef {{ id: string, event_id: string, event_type: string, url: string, status: string, attempts: Attempt[], next_attempt_at: string | null }} Delivery
 */

/** @param {Attempt} a */
const attemptText = (a) =>
  `#${a.number}${a.manual ? ' (redelivery)' : ''} ${shortTime(a.at)}: ${a.status_code === null ? (a.error ?? 'no answer') : `HTTP ${a.status_code}`}, ${Math.round(a.latency_ms)} ms`;

/** One delivery of an event: its status, each attempt, the next retry and a redeliver button. @param {Delivery} d */
export function deliveryView(d) {
  return html`<li class="delivery" data-delivery-id="${d.id}" data-status="${d.status}"><span class="badge state-${d.status}" data-field="status">${d.status}</span> to <code>${d.url}</code>
<ul class="attempts">${d.attempts.map((a) => html`<li data-attempt="${a.number}">${attemptText(a)}</li>`)}</ul>
${d.next_attempt_at ? html`<span class="hint" data-field="next_attempt_at">next attempt ${shortTime(d.next_attempt_at)}</span>` : ''}
<button type="button" data-action="redeliver" data-delivery-id="${d.id}">Redeliver</button></li>`;
}

/** A line saying what an event's data is about. @param {string} type @param {Record<string, any>} data */
function eventSummary(type, data) {
  switch (type) {
    case 'card_created':
      return `card ${data.id} (${data.type}, ${data.state})`;
    case 'card_state_changed':
      return `card ${data.card?.id}: ${data.previous_state} → ${data.card?.state}`;
    case 'plastic_card_activation':
      return `activation ${data.id} of card ${data.card_id}: ${data.state}`;
    case 'ledger_account_transaction_created':
      return `${data.operation_type} of ${formatMoney(data.amount)} (${data.origin})`;
    case 'card_transaction':
      return `${data.type} of ${formatMoney(data.amount)} on card ${data.card_id}${data.declination_reason ? ` (${data.declination_reason})` : ''}`;
    default:
      return '';
  }
}

/**
 * One event of the feed as its webhooks carry it, with its deliveries.
 * @param {{ event_id: string | null, event: { type: string, data: Record<string, any> }, timestamp: string, emulator_only?: boolean, deliveries: Delivery[] }} item
 * @param {string} key what identifies it on the page (its evt_ id, or a local number when it went nowhere)
 */
export function feedEventView(item, key) {
  const { event_id: _, deliveries, ...envelope } = item;
  return html`<li class="feed-event" data-feed-key="${key}" data-event-type="${item.event.type}"><div><strong data-field="event_type">${item.event.type}</strong>${
    item.emulator_only ? html` <span class="badge" title="Mono never sends this event">emulator only</span>` : ''
  } <span class="hint">${shortTime(item.timestamp)}</span></div>
<div data-field="summary">${eventSummary(item.event.type, item.event.data)}</div>
${deliveries.length === 0 ? html`<div class="hint">sent to no URL</div>` : ''}
<ul class="deliveries">${deliveries.map(deliveryView)}</ul>
<details><summary>payload</summary><pre>${JSON.stringify(envelope, null, 2)}</pre></details></li>`;
}

/**
 * One request the page sent and its answer, for the calls log: an action's opened, the reads
 * that refresh the page closed (and hidden unless asked for).
 * @param {{ n: number, method: string, path: string, key: string | null, body: unknown, status: number | null, warning: string | null, answer: unknown, ms: number, open: boolean }} call
 */
export function callView(call) {
  const ok = call.status !== null && call.status < 400;
  const request = `${call.method} ${call.path}\n${call.key ? `Authorization: Bearer ${maskKey(call.key)}\n` : ''}${call.body === undefined ? '' : `Content-Type: application/json\n\n${JSON.stringify(call.body, null, 2)}`}`;
  const warning = call.warning ? `x-emulator-warning: ${call.warning}\n` : '';
  const answer = `${call.status ?? 'no answer'}\n${warning}${call.answer === undefined ? '' : typeof call.answer === 'string' ? call.answer : JSON.stringify(call.answer, null, 2)}`;
  return html`<li class="call ${ok ? 'ok' : 'failed'}${call.open ? '' : ' read'}" data-call="${call.n}"><details${call.open ? html` open` : ''}><summary><span class="method">${call.method}</span> <span data-field="path">${call.path}</span> <span class="status" data-field="status">${call.status ?? '—'}</span> <span class="hint">${Math.round(call.ms)} ms</span></summary>
<pre data-field="request">${request}</pre><pre data-field="answer">${answer}</pre></details></li>`;
}
