import type { DashboardPageView } from '../ports/views.js';
import { escapeHtml, jsonForScript } from './html.js';

/** Where the page's own script and style sheet are served (README: Demo); nothing comes from another host. */
const DASHBOARD = '/_emulator/dashboard';

const option = (value: string, label = value, selected = false) => `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;

function field(name: string, label: string, value: string, attributes = ''): string {
  return `<label>${escapeHtml(label)}<input name="${escapeHtml(name)}" value="${escapeHtml(value)}"${attributes ? ` ${attributes}` : ''}></label>`;
}

/** The cardholder form, filled with the first fake person; the script fills it with the next on demand. */
function holderForm(view: DashboardPageView): string {
  const person = view.people[0];
  const value = (read: (p: NonNullable<typeof person>) => string) => (person ? read(person) : '');
  return `<form id="holder-form" class="grid-form">
  ${field('first_name', 'First name', value((p) => p.first_name), 'required')}
  ${field('last_name', 'Last name', value((p) => p.last_name), 'required')}
  ${field('birthdate', 'Birthdate', value((p) => p.birthdate), 'type="date" required')}
  ${field('document_number', 'CC number', value((p) => p.document.number), 'required inputmode="numeric"')}
  ${field('email', 'Email', value((p) => p.email), 'type="email" required')}
  ${field('phone_number', 'Phone', value((p) => p.phone_number), 'required')}
  ${field('line_1', 'Address', value((p) => p.address.line_1), 'required')}
  ${field('city', 'City', value((p) => p.address.city), 'required')}
  ${field('state', 'Department', value((p) => p.address.state), 'required')}
  ${field('zip_code', 'Postal code', value((p) => p.address.zip_code), 'required')}
  <div class="actions"><button type="submit">Create cardholder</button><button type="button" data-action="next-person">Another fake person</button></div>
</form>`;
}

/** The network's side of a card: shown only when the emulator's contract has the spend simulation. */
function networkPanel(view: DashboardPageView): string {
  if (!view.operations.createCardAuthorization) return '';
  return `<section id="network" aria-labelledby="network-title">
<h2 id="network-title">As the network: a purchase</h2>
<p class="hint">On the card chosen above. The emulator decides as Mono does (state, controls, balance) and says why it declines. Amounts are in units of the currency; COP cents ,01 to ,33 force a decline, as does naming a reason.</p>
<form id="purchase-form" class="grid-form">
  ${field('amount', 'Amount', '45000', 'inputmode="decimal" required')}
  <label>Currency<select name="currency">${option('COP')}${option('USD')}</select></label>
  ${field('merchant_name', 'Merchant', 'Almacenes Exito', 'required')}
  ${field('merchant_id', 'Merchant id', 'EXITO001', 'required')}
  ${field('mcc', 'MCC', '5411', 'inputmode="numeric" required')}
  ${field('country', 'Country (alpha-3)', 'COL', 'required')}
  <label>Channel<select name="channel">${view.channels.map((c) => option(c, c, c === 'pos')).join('')}</select></label>
  <label>Force a decline<select name="decline_reason">${option('', 'no: let the emulator decide')}${view.declineReasons.map((r) => option(r)).join('')}</select></label>
  <div class="actions"><button type="submit">Send the purchase</button></div>
</form>
<div id="purchase-result" role="status"></div>
</section>`;
}

/**
 * The dashboard's page: a shell the script fills with what it reads through the API. It holds no
 * tenant data; the view's operations and fake people are embedded as JSON a `<script>` cannot
 * break out of. Everything from data is escaped.
 */
export function renderDashboardPage(view: DashboardPageView): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mono card sandbox · dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${DASHBOARD}/dashboard.css">
<script type="module" src="${DASHBOARD}/scripts/app.js"></script>
</head>
<body>
<header class="top">
  <h1>Mono card sandbox <span class="muted">dashboard</span></h1>
  <form id="key-form" autocomplete="off">
    <label>API key <input id="api-key" name="key" type="password" placeholder="sandbox_…" spellcheck="false" autocomplete="off" required></label>
    <button type="submit">Open</button>
    <button type="button" data-action="new-tenant" title="POST /_emulator/tenants">New tenant</button>
  </form>
  <p id="tenant-status" role="status">Enter a tenant's API key (the one <code>npm start</code> printed) to begin.</p>
</header>
<div class="layout">
<main id="app" hidden>
<section id="overview" aria-labelledby="overview-title">
  <h2 id="overview-title">Accounts</h2>
  <div id="clock" class="clock"><span>Tenant time <strong id="clock-now">…</strong></span>
    <form id="advance-form"><label>Advance <input name="seconds" value="30" inputmode="decimal" size="6"> s</label><button type="submit">Advance the clock</button><button type="button" data-advance="3600">+1 h</button><button type="button" data-advance="86400">+1 day</button></form>
  </div>
  <div id="accounts"></div>
</section>
<section id="holders" aria-labelledby="holders-title">
  <h2 id="holders-title">As the operator: cardholders</h2>
  <div id="holder-list"></div>
  ${holderForm(view)}
</section>
<section id="issue" aria-labelledby="issue-title">
  <h2 id="issue-title">Issue a card</h2>
  <form id="issue-form" class="grid-form">
    <label>Kind<select name="kind">${option('virtual', 'virtual card')}${option('plastic', 'plastic card')}${view.operations.createActivationLink ? option('activation_link', 'plastic card with an activation link') : ''}</select></label>
    <label>Account<select name="account_id" id="issue-account"></select></label>
    <label>Cardholder<select name="cardholder_id" id="issue-holder"></select></label>
    ${field('nickname', 'Nickname', '', 'maxlength="64" placeholder="optional"')}
    ${field('initial_balance', 'Initial balance (COP, bank accounts)', '', 'inputmode="decimal" placeholder="optional"')}
    <div class="actions"><button type="submit">Issue</button></div>
  </form>
  <div id="issue-result" role="status"></div>
</section>
<section id="cards" aria-labelledby="cards-title">
  <h2 id="cards-title">Cards</h2>
  <div id="card-list"></div>
</section>
<section id="card" aria-labelledby="card-title" hidden>
  <h2 id="card-title">Card</h2>
  <div id="card-detail"></div>
</section>
${networkPanel(view)}
</main>
<aside id="side">
<section id="events" aria-labelledby="events-title">
  <h2 id="events-title">Webhooks: live feed</h2>
  <div id="webhook-list"></div>
  <form id="webhook-form"><input name="url" type="url" placeholder="http://127.0.0.1:3000/mono/webhooks" required aria-label="Receiver URL"><button type="submit">Register</button>
    <label class="hint"><input type="checkbox" name="emulator_events" value="on"> also the emulator's own <code>card_created</code> and <code>card_state_changed</code> (Mono never sends them)</label></form>
  <p id="feed-status" role="status">Not connected.</p>
  <ol id="feed" reversed></ol>
</section>
<section id="log" aria-labelledby="log-title">
  <h2 id="log-title">API calls</h2>
  <p class="hint">Each request the page sent and the answer, newest first. <label><input type="checkbox" id="show-reads"> with the reads that refresh the page</label></p>
  <ol id="calls" class="hide-reads"></ol>
</section>
</aside>
</div>
<script type="application/json" id="dashboard-config">${jsonForScript({ operations: view.operations, people: view.people })}</script>
</body>
</html>
`;
}
