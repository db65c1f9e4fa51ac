// The dashboard's script: it calls Mono's API and the emulator's control plane from the browser
// with the tenant's key, as any client would, records each request and answer in the calls log,
// and puts the views of view.js into the page. It reads the live feed with fetch(), so the key
// travels in the Authorization header there too (EventSource cannot send headers).
import {
  accountsView,
  activityView,
  balanceSeries,
  callView,
  cardDetailView,
  cardsView,
  chartView,
  deliveryView,
  feedEventView,
  fillPath,
  formatMoney,
  holdersView,
  html,
  parseAmount,
  shortTime,
  webhooksView,
} from './view.js';

/** @typedef {import('./view.js').Card} Card */
/** @typedef {import('./view.js').Cardholder} Cardholder */
/** @typedef {import('./view.js').Delivery} Delivery */

const config = JSON.parse(document.getElementById('dashboard-config')?.textContent ?? '{}');
/** @type {Record<string, { method: string, path: string }>} */
const operations = config.operations ?? {};
/** @type {any[]} */
const people = config.people ?? [];

/** Kept for this tab only (sessionStorage): closing the tab forgets the key. */
const KEY_ITEM = 'mono-dashboard:key';
/** The calls log keeps this many, newest first. */
const MAX_CALLS = 80;
/** The feed keeps this many events on the page. */
const MAX_FEED = 100;

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const state = {
  key: '',
  /** @type {any} */ config: null,
  /** @type {any[]} */ bankAccounts: [],
  /** @type {{ account: any, balances: any }[]} */ ledgerAccounts: [],
  /** @type {Card[]} */ cards: [],
  /** @type {Map<string, Cardholder>} */ holders: new Map(),
  /** @type {Map<string, any>} the newest activation link of each card */ activations: new Map(),
  /** @type {string | null} */ selectedCardId: null,
  /** @type {Map<string, { at: string, balance: number }[]>} balances read of bank accounts, which have no history in the API */ samples: new Map(),
  /** @type {Map<string, string>} what the person typed or chose in a field the page draws again, by the field's data-keep, until its action is taken */ drafts: new Map(),
  personIndex: 0,
  calls: 0,
  feedItems: 0,
  /** @type {AbortController | null} */ feed: null,
};

// ---- calls -------------------------------------------------------------------------------

/**
 * Calls an operation of the contracts by its operationId, with the key, and logs the request and
 * its answer. Resolves with the status and the parsed body; never throws for an HTTP error.
 * @param {string} operationId
 * @param {{ params?: Record<string, string>, query?: string, body?: unknown, auth?: boolean, quiet?: boolean }} [options]
 */
async function call(operationId, options = {}) {
  const op = operations[operationId];
  if (!op) throw new Error(`the emulator has no ${operationId}`);
  const path = fillPath(op.path, options.params ?? {}) + (options.query ? `?${options.query}` : '');
  const key = options.auth === false ? null : state.key;
  /** @type {Record<string, string>} */
  const headers = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const started = performance.now();
  const entry = {
    n: ++state.calls,
    method: op.method,
    path,
    key,
    body: options.body,
    status: /** @type {number | null} */ (null),
    warning: /** @type {string | null} */ (null),
    answer: /** @type {unknown} */ (undefined),
    ms: 0,
    open: !options.quiet,
  };
  try {
    const res = await fetch(path, { method: op.method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await res.text();
    entry.status = res.status;
    // What the emulator let through as Mono would, said as Mono does not (README: Behaviour).
    entry.warning = res.headers.get('x-emulator-warning');
    entry.answer = text === '' ? undefined : (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  } catch (error) {
    entry.answer = String(error);
  }
  entry.ms = performance.now() - started;
  logCall(entry);
  return { status: entry.status ?? 0, body: /** @type {any} */ (entry.answer) };
}

/** @param {Parameters<typeof callView>[0]} entry */
function logCall(entry) {
  const list = $('calls');
  // An action's call opens; the reads that follow it stay closed.
  if (entry.open) for (const open of list.querySelectorAll('details[open]')) open.removeAttribute('open');
  list.insertAdjacentHTML('afterbegin', callView(entry).text);
  while (list.children.length > MAX_CALLS) list.lastElementChild?.remove();
}

/** A line under an action: what came of it. @param {string} id @param {string} text @param {boolean} ok */
function say(id, text, ok) {
  const el = $(id);
  el.className = ok ? 'result ok' : 'result failed';
  el.textContent = text;
}

/** The first error's message of Mono's envelope, or the status. @param {{ status: number, body: any }} answer */
const problem = (answer) => `${answer.status} ${answer.body?.errors?.[0]?.error_code ?? ''}: ${answer.body?.errors?.[0]?.message ?? answer.body?.message ?? 'no answer'}`;

// ---- reading the tenant --------------------------------------------------------------------

const holderName = (/** @type {Cardholder | undefined} */ h) => (h ? `${h.first_name} ${h.last_name}` : '—');

/** When the page last began to read the tenant: an event's refresh is not needed when one began since. */
let lastRefresh = 0;
/** Reads under way overlap (an action's, an event's): only the latest one shows what it read. */
let refreshes = 0;

/** Reads everything the page shows, through the API, and shows it. */
async function refresh() {
  lastRefresh = performance.now();
  const mine = ++refreshes;
  const quiet = { quiet: true };
  const [cfg, banks, ledger, cards, links] = await Promise.all([
    call('getTenantConfig', quiet),
    call('listBankAccounts', quiet),
    call('listLedgerAccounts', { ...quiet, query: 'page_size=100' }),
    call('listCards', { ...quiet, query: 'state=created,active,frozen,canceled&page_size=100' }),
    operations.listActivationLinks ? call('listActivationLinks', { ...quiet, query: 'page_size=100' }) : Promise.resolve(null),
  ]);
  if (cfg.status === 401) return signOut(`This key opens no tenant (${problem(cfg)}).`);
  const accounts = ledger.body?.accounts ?? [];
  const balances = await Promise.all(accounts.map((/** @type {any} */ a) => call('getLedgerAccountBalances', { ...quiet, params: { account_id: a.id } })));
  const now = (await call('getClock', quiet)).body?.now;
  // A later read began meanwhile: what it reads is newer, and it shows it.
  if (mine !== refreshes) return;
  state.config = cfg.body;
  state.bankAccounts = banks.body?.accounts ?? [];
  state.ledgerAccounts = accounts.map((/** @type {any} */ account, /** @type {number} */ i) => ({ account, balances: balances[i]?.body }));
  state.cards = cards.body?.cards ?? [];
  for (const card of state.cards) if (card.cardholder) state.holders.set(card.cardholder.id, card.cardholder);
  state.activations = new Map();
  // Newest first: the first link of a card is its latest.
  for (const link of links?.body?.plastic_card_activations ?? []) if (!state.activations.has(link.card_id)) state.activations.set(link.card_id, link);
  $('clock-now').textContent = shortTime(now);
  for (const account of state.bankAccounts) sample(account.id, now, account.balance.available.amount);
  renderLists();
  await renderCard();
}

/** @param {string} accountId @param {string} at @param {number} balance */
function sample(accountId, at, balance) {
  const points = state.samples.get(accountId) ?? [];
  if (points.at(-1)?.balance !== balance) points.push({ at, balance });
  state.samples.set(accountId, points.slice(-50));
}

/**
 * Puts markup into an element of the page that a refresh draws again, keeping what the person
 * typed in its fields and the focus of the one being typed in. A refresh runs at any moment (an
 * event on the feed, another client's change): between typing a top-up amount and pressing Top
 * up, it would otherwise put back an empty field, and the press would send nothing.
 * @param {HTMLElement} element @param {string} markup
 */
function redraw(element, markup) {
  const active = document.activeElement;
  const focused = active instanceof HTMLInputElement || active instanceof HTMLSelectElement ? active : null;
  const focusedKey = focused && element.contains(focused) ? focused.dataset.keep : undefined;
  const caret = focused instanceof HTMLInputElement ? [focused.selectionStart, focused.selectionEnd] : null;
  element.innerHTML = markup;
  for (const field of element.querySelectorAll('[data-keep]')) {
    if (!(field instanceof HTMLInputElement || field instanceof HTMLSelectElement)) continue;
    const key = field.dataset.keep ?? '';
    const draft = state.drafts.get(key);
    if (draft !== undefined) field.value = draft;
    if (key !== focusedKey) continue;
    field.focus();
    if (caret && field instanceof HTMLInputElement) field.setSelectionRange(caret[0] ?? null, caret[1] ?? null);
  }
}

/** The action of a form was taken: the refresh after it draws its fields empty again. @param {Element} form */
function taken(form) {
  for (const field of form.querySelectorAll('[data-keep]')) state.drafts.delete(/** @type {HTMLElement} */ (field).dataset.keep ?? '');
}

/** A 2xx answer: what the action asked was done. @param {{ status: number }} answer */
const succeeded = (answer) => answer.status >= 200 && answer.status < 300;

function renderLists() {
  redraw($('accounts'), accountsView(state.bankAccounts, state.ledgerAccounts, Boolean(operations.applyLedgerBalanceOperation)).text);
  $('holder-list').innerHTML = holdersView([...state.holders.values()]).text;
  $('card-list').innerHTML = cardsView(state.cards, state.selectedCardId).text;
  const account = /** @type {HTMLSelectElement} */ ($('issue-account'));
  const chosen = account.value;
  account.innerHTML = html`${state.bankAccounts.map((a) => html`<option value="${a.id}">${a.name} (bank account, ${formatMoney(a.balance.available)})</option>`)}${state.ledgerAccounts.map(
    ({ account: a, balances }) => html`<option value="${a.id}">${a.name ?? a.id} (ledger sub-account, ${formatMoney(balances?.available)})</option>`,
  )}`.text;
  if (chosen) account.value = chosen;
  const holder = /** @type {HTMLSelectElement} */ ($('issue-holder'));
  const picked = holder.value;
  holder.innerHTML = html`<option value="">new: the cardholder form's person</option>${[...state.holders.values()].map((h) => html`<option value="${h.id}">${holderName(h)} (${h.id})</option>`)}`.text;
  if (picked && state.holders.has(picked)) holder.value = picked;
}

let cardRenders = 0;

/** The chosen card's detail: its balances, transactions and chart, read through the API. */
async function renderCard() {
  const mine = ++cardRenders;
  const card = state.cards.find((c) => c.id === state.selectedCardId);
  $('card').hidden = !card;
  for (const form of document.querySelectorAll('#purchase-form button')) /** @type {HTMLButtonElement} */ (form).disabled = !card;
  if (!card) return;
  const quiet = { quiet: true };
  const ledgerAccount = state.ledgerAccounts.find((l) => l.account.id === card.account_id);
  const bankAccount = state.bankAccounts.find((a) => a.id === card.account_id);
  /** @type {any[] | null} */
  let transactions = null;
  if (operations.listCardTransactions) transactions = (await call('listCardTransactions', { ...quiet, params: { card_id: card.id }, query: 'page_size=50' })).body?.transactions ?? [];
  let chart;
  if (ledgerAccount) {
    const ledger = await call('listLedgerTransactions', { ...quiet, params: { account_id: card.account_id }, query: 'sort[type]=asc&page_size=500' });
    chart = chartView(balanceSeries(ledger.body?.transactions ?? []), ledgerAccount.account.currency_code, 'Available + pending of its ledger sub-account, from the ledger');
  } else {
    chart = chartView(state.samples.get(card.account_id) ?? [], 'COP', "Its bank account's available balance as this page read it (Mono's API keeps no history of it)");
  }
  if (mine !== cardRenders) return;
  const follow = {
    reverse: Boolean(operations.reverseCardTransaction),
    settle: Boolean(operations.settleCardTransaction),
    adjust: Boolean(operations.creditAdjustCardTransaction && operations.debitAdjustCardTransaction),
    refund: Boolean(operations.refundCardTransaction),
  };
  $('card-title').textContent = `Card •••• ${card.last_four}`;
  redraw($('card-detail'), cardDetailView({
    card,
    holderName: holderName(card.cardholder),
    activation: state.activations.get(card.id) ?? null,
    balances: ledgerAccount?.balances ?? (bankAccount ? { available: bankAccount.balance.available } : null),
    accountKind: ledgerAccount ? 'ledger sub-account' : 'bank account',
    transactions,
    chart,
    can: {
      ...follow,
      look: Boolean(operations.getCardLook),
      activateCard: Boolean(operations.activateCard),
      limit: Boolean(operations.createSpendingControl && operations.updateCard),
    },
  }).text);
}

// ---- acting as the operator ----------------------------------------------------------------

/** The cardholder form's person, as Mono's create-cardholder body. */
function formPerson() {
  const form = /** @type {HTMLFormElement} */ ($('holder-form'));
  const v = (/** @type {string} */ name) => String(new FormData(form).get(name) ?? '').trim();
  return {
    first_name: v('first_name'),
    last_name: v('last_name'),
    birthdate: v('birthdate'),
    email: v('email'),
    phone_number: v('phone_number'),
    nationality: 'CO',
    document: { type: 'CC', number: v('document_number') },
    address: { line_1: v('line_1'), city: v('city'), state: v('state'), zip_code: v('zip_code'), country: 'CO' },
  };
}

/** A stored holder as a create body again (a banking card takes its holder inline). @param {any} h */
function asInput(h) {
  /** @type {Record<string, any>} */
  const input = { first_name: h.first_name, last_name: h.last_name, birthdate: h.birthdate, email: h.email, phone_number: h.phone_number, nationality: h.nationality, document: { type: h.document.type, number: h.document.number } };
  if (h.middle_name) input.middle_name = h.middle_name;
  if (h.second_last_name) input.second_last_name = h.second_last_name;
  input.address = Object.fromEntries(Object.entries(h.address).filter(([, value]) => value !== null));
  return input;
}

function nextPerson() {
  if (people.length === 0) return;
  state.personIndex = (state.personIndex + 1) % people.length;
  const p = people[state.personIndex];
  const form = /** @type {HTMLFormElement} */ ($('holder-form'));
  const set = (/** @type {string} */ name, /** @type {string} */ value) => {
    /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).value = value;
  };
  set('first_name', p.first_name);
  set('last_name', p.last_name);
  set('birthdate', p.birthdate);
  set('document_number', p.document.number);
  set('email', p.email);
  set('phone_number', p.phone_number);
  set('line_1', p.address.line_1);
  set('city', p.address.city);
  set('state', p.address.state);
  set('zip_code', p.address.zip_code);
}

async function createHolder() {
  const answer = await call('createCardholder', { body: formPerson() });
  if (answer.status !== 201) return say('issue-result', `Cardholder refused: ${problem(answer)}`, false), null;
  state.holders.set(answer.body.id, answer.body);
  nextPerson();
  return answer.body;
}

/** The first configuration group of a card type the tenant config lists (the default one for virtual cards). @param {'virtual' | 'plastic'} type */
const groupOf = (type) => state.config?.card_configuration_groups?.find((/** @type {any} */ g) => g.card_type === type)?.id;

async function issueCard(/** @type {FormData} */ data) {
  const kind = String(data.get('kind'));
  const accountId = String(data.get('account_id'));
  const holderId = String(data.get('cardholder_id') ?? '');
  const nickname = String(data.get('nickname') ?? '').trim();
  const initial = String(data.get('initial_balance') ?? '').trim();
  const onLedger = accountId.startsWith('lacc_');
  const group = groupOf(kind === 'virtual' ? 'virtual' : 'plastic');
  /** @type {Record<string, any>} */
  const body = { account_id: accountId, configuration_group_id: group };
  if (nickname) body.nickname = nickname;
  let answer;
  if (kind === 'activation_link') {
    const holder = holderId ? state.holders.get(holderId) : await createHolder();
    if (!holder) return;
    answer = await call('createActivationLink', { body: { ...body, cardholder_id: holder.id } });
  } else if (onLedger) {
    answer = await call('createLedgerCard', { body: holderId ? { ...body, cardholder_id: holderId } : { ...body, cardholder: formPerson() } });
  } else {
    if (initial) {
      const amount = parseAmount(initial);
      if (amount === null) return say('issue-result', 'The initial balance is not an amount (e.g. 50000 or 50,000.00).', false);
      body.initial_balance = { amount, currency: 'COP' };
    }
    answer = await call('createBankingCard', { body: { ...body, cardholder: holderId ? asInput(state.holders.get(holderId)) : formPerson() } });
  }
  if (answer.status !== 201) return say('issue-result', `Refused: ${problem(answer)}`, false);
  const cardId = kind === 'activation_link' ? answer.body.card_id : answer.body.id;
  if (!holderId && kind !== 'activation_link') nextPerson();
  say('issue-result', kind === 'activation_link' ? `Plastic card ${cardId} issued, with activation link ${answer.body.id} (pending).` : `Card ${cardId} issued: ${answer.body.state}.`, true);
  state.selectedCardId = cardId;
  await refresh();
}

/** @param {string} action */
async function cardAction(action) {
  const id = state.selectedCardId;
  if (!id) return;
  const params = { card_id: id };
  if (action === 'freeze' || action === 'unfreeze' || action === 'cancel') {
    if (action === 'cancel' && !window.confirm('Cancel this card? Canceled is for ever.')) return;
    const target = { freeze: 'frozen', unfreeze: 'active', cancel: 'canceled' }[action];
    await call('updateCard', { params, body: { state: target } });
  } else if (action === 'look') {
    const answer = await call('getCardLook', { params });
    if (answer.status === 200) window.open(answer.body.url, '_blank', 'noopener');
    return;
  } else if (action === 'activate-in-app') {
    await call('activateCard', { params });
  }
  await refresh();
}

/** @param {HTMLFormElement} form */
async function attachLimit(form) {
  const card = state.cards.find((c) => c.id === state.selectedCardId);
  const data = new FormData(form);
  const amount = parseAmount(String(data.get('amount')));
  if (!card || amount === null || amount <= 0) return;
  const period = String(data.get('period'));
  const control = await call('createSpendingControl', { body: { nickname: `Límite ${period} •••• ${card.last_four}`, currency_code: 'COP', rules: { velocity: { [period]: { amount, currency: 'COP' } } } } });
  if (control.status === 201 && succeeded(await call('updateCard', { params: { card_id: card.id }, body: { spending_control_id: control.body.id } }))) taken(form);
  await refresh();
}

/** @param {HTMLFormElement} form */
async function topUp(form) {
  const amount = parseAmount(String(new FormData(form).get('amount')));
  if (amount === null || amount <= 0) return;
  const accountId = form.dataset.accountId ?? '';
  const answer = await call('applyLedgerBalanceOperation', {
    params: { account_id: accountId },
    body: { amount: { amount, currency: form.dataset.currency ?? 'COP' }, operation: 'topup', external_id: `dashboard-${crypto.randomUUID()}`, description: 'Top-up from the dashboard' },
  });
  if (succeeded(answer)) taken(form);
  await refresh();
}

// ---- acting as the network -----------------------------------------------------------------

/** @param {HTMLFormElement} form */
async function purchase(form) {
  const id = state.selectedCardId;
  if (!id) return say('purchase-result', 'Choose a card first (Open, in the cards list).', false);
  const data = new FormData(form);
  const v = (/** @type {string} */ name) => String(data.get(name) ?? '').trim();
  const amount = parseAmount(v('amount'));
  if (amount === null || amount <= 0) return say('purchase-result', 'The amount is not one (e.g. 45000 or 45,000.50).', false);
  /** @type {Record<string, any>} */
  const body = {
    amount: { amount, currency: v('currency') },
    merchant: { id: v('merchant_id'), name: v('merchant_name'), mcc: v('mcc'), country: v('country') },
    channel: v('channel'),
  };
  if (v('decline_reason')) body.decline_reason = v('decline_reason');
  const answer = await call('createCardAuthorization', { params: { card_id: id }, body });
  if (answer.status !== 201) say('purchase-result', `Refused: ${problem(answer)}`, false);
  else $('purchase-result').innerHTML = activityView(answer.body).text;
  await refresh();
}

const FOLLOW_UPS = /** @type {Record<string, string>} */ ({
  reversal: 'reverseCardTransaction',
  settlement: 'settleCardTransaction',
  'credit-adjustment': 'creditAdjustCardTransaction',
  'debit-adjustment': 'debitAdjustCardTransaction',
  refund: 'refundCardTransaction',
});

/** @param {string} kind @param {string} transactionId */
async function followUp(kind, transactionId) {
  const row = document.querySelector(`tr[data-transaction-id="${CSS.escape(transactionId)}"]`);
  const typed = /** @type {HTMLInputElement | null} */ (row?.querySelector('[data-amount-for]'))?.value.trim() ?? '';
  /** @type {Record<string, any>} */
  const body = {};
  // Amounts are in the merchant's currency of the original; none sent means the whole of what it stands at.
  if (typed && kind !== 'reversal') {
    const amount = parseAmount(typed);
    if (amount === null) return say('purchase-result', 'The follow-up amount is not one (e.g. 5000).', false);
    body.amount = { amount, currency: row?.getAttribute('data-currency') ?? 'COP' };
  }
  const answer = await call(FOLLOW_UPS[kind] ?? '', { params: { transaction_id: transactionId }, body });
  if (answer.status === 201) {
    $('purchase-result').innerHTML = activityView(answer.body).text;
    if (row) taken(row);
  } else say('purchase-result', `Refused: ${problem(answer)}`, false);
  await refresh();
}

// ---- the live feed ---------------------------------------------------------------------------

/** @param {any} item @param {string} key */
function showEvent(item, key) {
  const list = $('feed');
  list.insertAdjacentHTML('afterbegin', feedEventView(item, key).text);
  while (list.children.length > MAX_FEED) list.lastElementChild?.remove();
}

/** A delivery the page shows already is replaced; one of an event from before the page opened gets its event's item. @param {Delivery & { payload: string }} delivery */
function showDelivery(delivery) {
  const shown = document.querySelector(`li[data-delivery-id="${CSS.escape(delivery.id)}"]`);
  if (shown) return void (shown.outerHTML = deliveryView(delivery).text);
  const item = document.querySelector(`li[data-feed-key="${CSS.escape(delivery.event_id)}"] ul.deliveries`);
  if (item) return void item.insertAdjacentHTML('beforeend', deliveryView(delivery).text);
  // The log keeps the exact body sent; one dropped from the log has none left.
  const sent = delivery.payload ? JSON.parse(delivery.payload) : { event: { type: delivery.event_type, data: {} }, timestamp: '' };
  showEvent({ event_id: delivery.event_id, ...sent, deliveries: [delivery] }, delivery.event_id);
}

/** Events that change what the lists show make the page read them again, once the burst is over. */
let refreshTimer = 0;
const REFRESHING = new Set(['card_created', 'card_state_changed', 'plastic_card_activation', 'ledger_account_transaction_created', 'card_transaction']);

/** @param {string} name @param {any} data */
function onFeedMessage(name, data) {
  if (name === 'webhook_event') {
    showEvent(data, data.event_id ?? `local-${++state.feedItems}`);
    // Made elsewhere (the holder's page, another client) or by the page itself, which reads again after its own calls.
    if (REFRESHING.has(data.event.type)) {
      const heard = performance.now();
      clearTimeout(refreshTimer);
      refreshTimer = window.setTimeout(() => void (lastRefresh < heard && refresh()), 300);
    }
  } else if (name === 'delivery') showDelivery(data);
  else if (name === 'reset') {
    $('feed').innerHTML = '';
    void refresh();
  }
}

/** The latest delivery attempts, oldest first, as the feed would have shown them. */
async function showRecentDeliveries() {
  const history = await call('listWebhookDeliveries', { quiet: true, query: 'page_size=20' });
  for (const d of [...(history.body?.deliveries ?? [])].reverse()) showDelivery(d);
}

/**
 * Reads the feed with fetch, the key in its header, and parses the server-sent events as they
 * come; reconnects after a drop unless the key stopped working.
 */
async function openFeed() {
  state.feed?.abort();
  if (!operations.streamWebhookFeed) return;
  const controller = new AbortController();
  state.feed = controller;
  const key = state.key;
  await showRecentDeliveries();
  for (let opened = false; !controller.signal.aborted && state.key === key; ) {
    const status = $('feed-status');
    try {
      const res = await fetch(operations.streamWebhookFeed.path, { headers: { authorization: `Bearer ${key}` }, signal: controller.signal });
      const answer = res.ok ? '(text/event-stream, kept open)' : await res.clone().text();
      logCall({ n: ++state.calls, method: 'GET', path: operations.streamWebhookFeed.path, key, body: undefined, status: res.status, warning: null, answer, ms: 0, open: false });
      if (res.status === 401) return void (status.textContent = 'Feed closed: the key opens no tenant.');
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      status.textContent = 'Live: webhook events and delivery attempts appear as they happen.';
      status.dataset.live = 'true';
      // Open again after a drop (a reset, a client too slow to read): what happened meanwhile was
      // heard by nobody, so the page reads it now. The first time, the tenant was just read.
      if (opened) {
        void refresh();
        void showRecentDeliveries();
      }
      opened = true;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let name = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) name = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (data) onFeedMessage(name, JSON.parse(data));
        }
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      status.textContent = `Feed interrupted (${String(error)}); reconnecting…`;
    }
    status.dataset.live = 'false';
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

// ---- the tenant ----------------------------------------------------------------------------

/** @param {string} key */
async function openTenant(key) {
  state.key = key;
  state.selectedCardId = null;
  state.holders = new Map();
  state.drafts = new Map();
  sessionStorage.setItem(KEY_ITEM, key);
  $('tenant-status').textContent = 'Reading the tenant…';
  $('feed').innerHTML = '';
  await refresh();
  if (!state.key) return;
  $('app').hidden = false;
  const groups = (state.config?.card_configuration_groups ?? []).map((/** @type {any} */ g) => g.name).join(', ');
  $('tenant-status').textContent = `Tenant of key ${key.slice(0, 12)}…: card groups ${groups}; currencies ${(state.config?.supported_currencies ?? []).join(', ')}.`;
  void showWebhooks();
  void openFeed();
}

/** @param {string} why */
function signOut(why) {
  state.key = '';
  state.feed?.abort();
  sessionStorage.removeItem(KEY_ITEM);
  $('app').hidden = true;
  $('tenant-status').textContent = why;
}

// ---- wiring --------------------------------------------------------------------------------

/** @param {string} id @param {(form: HTMLFormElement) => Promise<unknown>} handler */
function onSubmit(id, handler) {
  document.getElementById(id)?.addEventListener('submit', (event) => {
    event.preventDefault();
    void handler(/** @type {HTMLFormElement} */ (event.currentTarget));
  });
}

onSubmit('key-form', async (form) => openTenant(String(new FormData(form).get('key')).trim()));
onSubmit('holder-form', async () => {
  const holder = await createHolder();
  if (holder) {
    say('issue-result', `Cardholder ${holder.id} created: ${holderName(holder)}.`, true);
    renderLists();
    /** @type {HTMLSelectElement} */ ($('issue-holder')).value = holder.id;
  }
});
onSubmit('issue-form', async (form) => issueCard(new FormData(form)));
onSubmit('purchase-form', purchase);
onSubmit('advance-form', async (form) => advance(Number(new FormData(form).get('seconds'))));
onSubmit('webhook-form', async (form) => {
  const data = new FormData(form);
  /** @type {Record<string, unknown>} */
  const body = { url: String(data.get('url')).trim() };
  // Mono never sends the emulator's own card events: a receiver gets them only when it asks.
  if (data.get('emulator_events')) body.emulator_events = ['card_created', 'card_state_changed'];
  await call('registerWebhook', { body });
  await showWebhooks();
});

/** @param {number} seconds */
async function advance(seconds) {
  if (!(seconds >= 0)) return;
  await call('advanceClock', { body: { seconds } });
  await refresh();
}

async function showWebhooks() {
  const answer = await call('listWebhooks', { quiet: true });
  $('webhook-list').innerHTML = webhooksView(answer.body?.webhooks ?? []).text;
}

document.addEventListener('click', (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  const button = target.closest('button');
  if (!button) return;
  const action = button.dataset.action;
  if (action === 'new-tenant') {
    void call('createTenant', { auth: false }).then((answer) => (answer.status === 201 ? openTenant(answer.body.api_key) : signOut(`No new tenant: ${problem(answer)}`)));
  } else if (action === 'next-person') nextPerson();
  else if (action === 'select-card') {
    state.selectedCardId = button.dataset.cardId ?? null;
    $('card-list').innerHTML = cardsView(state.cards, state.selectedCardId).text;
    void renderCard().then(() => $('card').scrollIntoView({ block: 'nearest' }));
  } else if (action === 'open-activation') window.open(button.dataset.url, '_blank', 'noopener');
  else if (action === 'redeliver') void call('redeliverWebhook', { params: { delivery_id: button.dataset.deliveryId ?? '' } });
  else if (action) void cardAction(action);
  else if (button.dataset.advance) void advance(Number(button.dataset.advance));
  else if (button.dataset.followUp) void followUp(button.dataset.followUp, button.dataset.transactionId ?? '');
});

// Typed or chosen (an `input` event comes of both): kept until the field's action is taken.
document.addEventListener('input', (event) => {
  const field = event.target;
  if ((field instanceof HTMLInputElement || field instanceof HTMLSelectElement) && field.dataset.keep) state.drafts.set(field.dataset.keep, field.value);
});

document.getElementById('show-reads')?.addEventListener('change', (event) => {
  $('calls').classList.toggle('hide-reads', !(/** @type {HTMLInputElement} */ (event.target).checked));
});

document.addEventListener('submit', (event) => {
  const form = /** @type {HTMLFormElement} */ (event.target);
  if (form.dataset.form === 'top-up') {
    event.preventDefault();
    void topUp(form);
  } else if (form.dataset.form === 'limit') {
    event.preventDefault();
    void attachLimit(form);
  }
});

const saved = sessionStorage.getItem(KEY_ITEM);
if (saved) {
  /** @type {HTMLInputElement} */ ($('api-key')).value = saved;
  void openTenant(saved);
}
