import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OperationSpec } from '../../../contracts/index.js';
import { createEmulator, type Emulator } from '../../../emulator/index.js';
import { assertMatchesContract, type ApiResponse } from '../contract-client.js';
import { PREPAID_GROUP_NAME, TEST_START, KEY_A, KEY_B } from '../emulator.js';
import { accountHolderInput, bankingCardInput, cardholderInput } from '../fixtures.js';
import { createProbe, type WireRequest } from '../http-probe.js';

/** Between the keys and answers of a snapshot: JSON text never holds a raw NUL. */
const SEPARATOR = '\u0000';

/** A snapshot's answers by key, as text (firstDifference in run-case.ts reports the ones that differ). */
export function snapshotParts(snapshot: string): Record<string, string> {
  const parts = snapshot.split(SEPARATOR);
  const answers: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) answers[parts[i]!] = parts[i + 1]!;
  return answers;
}

/** Refused cases (each described as a failure names it) after which the tenant no longer read as before them. */
export interface BatchChange {
  cases: string[];
  before: string;
  after: string;
}

type WorldOptions = { tokenizationLatencyMs?: number; strict?: boolean };

/** The id prefixes a request can name, each with the resources of that kind the tenant has. */
export type IdPools = Map<string, string[]>;

/**
 * An emulator over loopback with a tenant that has one or more resources of every kind a
 * request can name, found or created through the API as a user would, and a webhook receiver
 * on loopback that acknowledges everything. Generated requests draw their ids from `pools`.
 */
export class FuzzWorld {
  readonly pools: IdPools = new Map();
  /** A valid look token per card that has a look. */
  readonly lookTokens = new Map<string, string>();
  /** The holder page's token per activation link. */
  readonly activationTokens = new Map<string, string>();
  private cachedSnapshot: string | undefined;
  /** The snapshot as `populate` left the tenant, when one was read before any accepted request. */
  private populatedSnapshot: string | undefined;
  private acceptedSincePopulate = false;
  /** Whether an accepted request answered a 2xx since `populate`: the tenant has most likely changed. */
  private wroteSincePopulate = false;
  /** Per URL, the last answer checked against the contract: a read answered the same again is not checked twice. */
  private readonly checkedAnswers = new Map<string, string>();
  /**
   * When true, refused cases are not each followed by a snapshot: they are gathered in `unsettled`
   * and compared together (`settleRefused`), before the next accepted case and at the end of the
   * property (run-case.ts: fuzzProperty).
   */
  deferComparisons = false;
  /** The refused cases not compared yet, described as a failure names them. */
  private unsettled: string[] = [];
  private change: BatchChange | undefined;
  /** The emulator refuses what Mono lets through (README: Strict mode). */
  readonly strict: boolean;

  private constructor(
    private emulator: Emulator,
    private readonly options: WorldOptions,
    private probe: ReturnType<typeof createProbe>,
    private readonly receiver: Server,
    readonly receiverUrl: string,
  ) {
    this.strict = options.strict ?? false;
  }

  private static startEmulator(options: WorldOptions): Promise<Emulator> {
    return createEmulator({ clock: 'manual', clockStart: TEST_START, apiKeys: [KEY_A, KEY_B], webhookTimeoutMs: 2_000, ...options });
  }

  /** `tokenizationLatencyMs` makes card creations wait, so concurrent requests overlap them; `strict` starts a strict emulator. */
  static async start(options: WorldOptions = {}): Promise<FuzzWorld> {
    const emulator = await FuzzWorld.startEmulator(options);
    const receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const world = new FuzzWorld(emulator, options, createProbe(emulator.url), receiver, `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`);
    await world.populate();
    return world;
  }

  /** A new emulator in this one's place, populated afresh (the webhook receiver stays): to replay a property's cases from the start. */
  async restart(): Promise<void> {
    this.probe.close();
    await this.emulator.stop();
    this.emulator = await FuzzWorld.startEmulator(this.options);
    this.probe = createProbe(this.emulator.url);
    this.checkedAnswers.clear();
    this.unsettled = [];
    this.change = undefined;
    await this.populate();
  }

  get apiKey(): string {
    return KEY_A;
  }

  /** Sends a request as is; the answer is checked against the contract before it is returned. */
  async send(request: WireRequest): Promise<ApiResponse> {
    const response = await this.probe.send(request);
    assertMatchesContract(request.method.toLowerCase(), request.url, response);
    return response;
  }

  /**
   * A read of the snapshot, checked against the contract unless its URL answered these very bytes
   * (status, content type and body) before: the snapshot reads the same ~40 URLs after every
   * refused case, and nearly always gets the same answers, each of them checked once.
   */
  private async read(url: string): Promise<ApiResponse> {
    const response = await this.probe.send({ method: 'GET', url, headers: { authorization: `Bearer ${KEY_A}` } });
    const answer = `${response.status} ${response.headers['content-type'] ?? ''}\n${response.text}`;
    if (this.checkedAnswers.get(url) !== answer) {
      assertMatchesContract('get', url, response);
      this.checkedAnswers.set(url, answer);
    }
    return response;
  }

  /** A well-formed call with tenant A's key. */
  async call(method: string, url: string, body?: unknown): Promise<ApiResponse> {
    const headers: Record<string, string> = { authorization: `Bearer ${KEY_A}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return this.send({ method, url, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  }

  private async must(method: string, url: string, body?: unknown): Promise<any> {
    const res = await this.call(method, url, body);
    if (res.status >= 300) throw new Error(`setup: ${method} ${url} answered ${res.status}: ${res.text}`);
    return res.body;
  }

  /** Creates what the seed lacks (cards in every state, controls of both targets, a webhook with deliveries) and fills the pools. */
  async populate(): Promise<void> {
    const accounts = (await this.must('GET', '/v1/accounts')).accounts as { id: string }[];
    const config = await this.must('GET', '/v1/ledger/tenant/config');
    const groups = config.card_configuration_groups as { id: string; card_type: string; name: string }[];
    // The seeded, funded sub-account is the oldest (lists are newest first): a request sent with a reset may have opened another since.
    const ledgerAccount = (await this.must('GET', '/v1/ledger/accounts?page_size=500')).accounts.at(-1) as { id: string; holder_id: string; program_id: string };
    const holder = await this.must('POST', '/v1/ledger/account_holders', accountHolderInput(`fuzz-holder-${Date.now()}-${Math.random()}`));
    const usdAccount = await this.must('POST', '/v1/ledger/accounts', { currency_code: 'USD', holder_id: holder.id });
    const cardholder = await this.must('POST', '/v1/cards/cardholders', cardholderInput());
    const cardControl = await this.must('POST', '/v1/spending_controls', { rules: { velocity: { daily: { amount: 50_000, currency: 'COP' } } } });
    const groupControl = await this.must('POST', '/v1/spending_controls', { target: 'card_config_group', rules: { card_usage: { disabled_card_usages: ['atm_withdrawal'] } } });
    const webhook = await this.must('POST', '/_emulator/webhooks', { url: this.receiverUrl, emulator_events: ['card_created', 'card_state_changed'] });

    const plastic = groups.find((g) => g.card_type === 'plastic')!.id;
    const prepaidGroup = groups.find((g) => g.name === PREPAID_GROUP_NAME)!.id;
    const prepaid = await this.must('POST', '/v1/cards', bankingCardInput(accounts[0]!.id, { configuration_group_id: prepaidGroup, initial_balance: { amount: 50_000, currency: 'COP' } }));
    await this.must('POST', '/v1/ledger/transfers', { amount: { amount: 1_000_000, currency: 'COP' }, payer_account_id: ledgerAccount.id, receiving_account_id: usdAccount.id, external_id: `fuzz-transfer-${Date.now()}-${Math.random()}` });
    const transactions = (await this.must('GET', `/v1/ledger/accounts/${ledgerAccount.id}/transactions?page_size=500`)).transactions as { id: string }[];
    const active = await this.must('POST', '/v1/cards', bankingCardInput(accounts[0]!.id));
    const created = await this.must('POST', '/v1/cards', bankingCardInput(accounts[1]!.id, { configuration_group_id: plastic }));
    const frozen = await this.must('POST', '/v1/cards', bankingCardInput(accounts[0]!.id));
    await this.must('PATCH', `/v1/cards/${frozen.id}`, { state: 'frozen' });
    const canceled = await this.must('POST', '/v1/cards', bankingCardInput(accounts[0]!.id));
    await this.must('PATCH', `/v1/cards/${canceled.id}`, { state: 'canceled' });
    const ledgerCard = await this.must('POST', '/v1/ledger/cards', {
      account_id: ledgerAccount.id,
      configuration_group_id: groups[0]!.id,
      cardholder_id: cardholder.id,
      spending_controls: { card_target: cardControl.id },
    });
    // Card activity of every kind a follow-up can name: pending, settled, reversed, declined, a force debit.
    const authorize = (cardId: string, body: Record<string, unknown>) => this.must('POST', `/_emulator/cards/${cardId}/authorizations`, body);
    const pending = await authorize(ledgerCard.id, { amount: { amount: 50_000, currency: 'COP' } });
    const settled = await authorize(active.id, { amount: { amount: 20_000, currency: 'COP' } });
    await this.must('POST', `/_emulator/card-transactions/${settled.transaction.id}/settlement`);
    const reversed = await authorize(prepaid.id, { amount: { amount: 10_000, currency: 'COP' } });
    const reversal = await this.must('POST', `/_emulator/card-transactions/${reversed.transaction.id}/reversal`);
    const declined = await authorize(frozen.id, { amount: { amount: 1_000, currency: 'COP' } });
    const forced = await this.must('POST', `/_emulator/cards/${active.id}/force-debits`, { amount: { amount: 5_000, currency: 'COP' } });
    const pendingLink = await this.must('POST', '/v1/cards/activation_links', { account_id: accounts[0]!.id, cardholder_id: cardholder.id, configuration_group_id: plastic });
    const usedLink = await this.must('POST', '/v1/cards/activation_links', { account_id: ledgerAccount.id, cardholder_id: cardholder.id, configuration_group_id: plastic, nickname: 'Tarjeta fuzz' });
    const lastFour = (await this.must('GET', `/v1/cards/${usedLink.card_id}`)).last_four;
    await this.must('POST', `/_emulator/activation-links/${usedLink.id}/activate`, { last_four: lastFour, alias: 'Tarjeta fuzz', limit: 100_000, pin: '1234', pin_confirmation: '1234' });
    await this.emulator.settled();
    const deliveries = (await this.must('GET', '/_emulator/webhooks/deliveries?page_size=500')).deliveries as { id: string }[];

    const cards = [active.id, created.id, frozen.id, canceled.id, ledgerCard.id, prepaid.id] as string[];
    this.pools.clear();
    this.pools.set('acc', accounts.map((a) => a.id));
    this.pools.set('ccg', groups.map((g) => g.id));
    this.pools.set('pro', [ledgerAccount.program_id]);
    this.pools.set('lacc', [ledgerAccount.id, usdAccount.id]);
    this.pools.set('acch', [ledgerAccount.holder_id, holder.id]);
    this.pools.set('carh', [cardholder.id, active.cardholder_id]);
    this.pools.set('car', cards);
    this.pools.set('spc', [cardControl.id, groupControl.id]);
    this.pools.set('wh', [webhook.id]);
    this.pools.set('dlv', deliveries.slice(0, 4).map((d) => d.id));
    this.pools.set('ltx', transactions.map((t) => t.id));
    this.pools.set('ctx', [pending, settled, reversed, reversal, declined, forced].map((activity: { transaction: { id: string } }) => activity.transaction.id));
    this.pools.set('pca', [pendingLink.id, usedLink.id]);
    this.activationTokens.clear();
    for (const link of [pendingLink, usedLink]) this.activationTokens.set(link.id, new URL(link.url).searchParams.get('token')!);
    this.lookTokens.clear();
    for (const id of cards) {
      const look = await this.call('GET', `/v1/cards/${id}/look`);
      if (look.status === 200) this.lookTokens.set(id, new URL(look.body.url).searchParams.get('token')!);
    }
    this.cachedSnapshot = undefined;
    this.populatedSnapshot = undefined;
    this.acceptedSincePopulate = false;
    this.wroteSincePopulate = false;
  }

  /** The valid token of the page a request's path names, if the world has one. */
  pageToken(kind: 'look' | 'activation', path: Record<string, string>): string | undefined {
    return kind === 'look' ? this.lookTokens.get(path.card_id ?? '') : this.activationTokens.get(path.plastic_card_activation_id ?? '');
  }

  /** A look token for the card issued just now, or undefined when the card has no look (canceled, unknown). */
  async freshLookToken(cardId: string): Promise<string | undefined> {
    const look = await this.call('GET', `/v1/cards/${encodeURIComponent(cardId)}/look`);
    return look.status === 200 ? (new URL(look.body.url).searchParams.get('token') ?? undefined) : undefined;
  }

  /**
   * Everything the tenant can read: cards in every state with their transactions, bank and ledger accounts with their
   * balances, spending controls of both targets and their targets, cardholders, webhooks and their
   * faults, the delivery log, the API fault rules, the tenant config, activation links, the
   * tokenization rule and the clock. The emulator's pending webhook attempts are let finish
   * first, so the log is still between two reads.
   */
  async snapshot(): Promise<string> {
    await this.emulator.settled();
    const reads: [string, string][] = [
      ['health', '/_emulator/health'],
      ['cards', '/v1/cards?state=created,active,frozen,canceled&page_size=500'],
      ['accounts', '/v1/accounts?page_size=500'],
      ['ledgerAccounts', '/v1/ledger/accounts?page_size=500'],
      ['cardControls', '/v1/spending_controls?target=card&page_size=500'],
      ['groupControls', '/v1/spending_controls?target=card_config_group&page_size=500'],
      ['webhooks', '/_emulator/webhooks?page_size=500'],
      ['deliveries', '/_emulator/webhooks/deliveries?page_size=500'],
      ['faultRules', '/_emulator/faults'],
      ['tenantConfig', '/v1/ledger/tenant/config'],
      ['activationLinks', '/v1/cards/activation_links?page_size=500'],
      ['tokenization', '/_emulator/tokenization'],
      ['clock', '/_emulator/clock'],
    ];
    for (const id of this.pools.get('carh') ?? []) reads.push([id, `/v1/cards/cardholders/${id}`]);
    for (const id of this.pools.get('lacc') ?? []) {
      reads.push([id, `/v1/ledger/accounts/${id}/balances`]);
      reads.push([`${id}/transactions`, `/v1/ledger/accounts/${id}/transactions?page_size=500`]);
    }
    for (const id of this.pools.get('acch') ?? []) reads.push([id, `/v1/ledger/account_holders/${id}`]);
    for (const id of this.pools.get('car') ?? []) {
      reads.push([`${id}/prepaid`, `/v1/cards/${id}/prepaid/balance`]);
      reads.push([`${id}/transactions`, `/v1/cards/${id}/transactions?page_size=500`]);
    }
    for (const id of this.pools.get('spc') ?? []) reads.push([id, `/v1/spending_controls/${id}/targets?page_size=500`]);
    for (const id of this.pools.get('wh') ?? []) reads.push([id, `/_emulator/webhooks/${id}/faults`]);
    // Read together (nothing else runs meanwhile): fewer turns of the event loop than one by one, the same answers.
    // Compared as the answers' text, not parsed: the same serializer writes the same state the same way.
    const answers = await Promise.all(
      reads.map(async ([key, url]) => {
        const res = await this.read(url);
        return `${key}${SEPARATOR}${res.status === 200 ? res.text : JSON.stringify({ status: res.status })}`;
      }),
    );
    return answers.join(SEPARATOR);
  }

  /** The snapshot as of the last accepted request: rejected requests must leave it as it is. */
  async lastSnapshot(): Promise<string> {
    if (this.cachedSnapshot === undefined) {
      this.cachedSnapshot = await this.snapshot();
      if (this.populatedSnapshot === undefined && !this.acceptedSincePopulate) this.populatedSnapshot = this.cachedSnapshot;
    }
    return this.cachedSnapshot;
  }

  /**
   * After an accepted request, which may have changed something: the next comparison starts from
   * a fresh read. `wrote` (it answered a 2xx) says the tenant has most likely changed.
   */
  forgetSnapshot(wrote: boolean): void {
    this.cachedSnapshot = undefined;
    this.acceptedSincePopulate = true;
    if (wrote) this.wroteSincePopulate = true;
  }

  /**
   * Whether the tenant reads exactly as `populate` left it: then the world can serve another
   * operation as if it were new. Known only when a snapshot was read before the first accepted
   * request; not worth a read after an accepted request answered a 2xx.
   */
  async readsAsPopulated(): Promise<boolean> {
    if (this.populatedSnapshot === undefined || this.wroteSincePopulate || this.unsettled.length > 0) return false;
    return (await this.lastSnapshot()) === this.populatedSnapshot;
  }

  /** A refused case sent while comparisons are deferred: compared with the others by `settleRefused`. */
  deferRefused(description: string): void {
    this.unsettled.push(description);
  }

  /**
   * Reads the tenant once for all the refused cases sent since the last read: if it no longer
   * reads as before them, the first such batch is kept for `takeChange`, and the next comparison
   * starts from what it reads now.
   */
  async settleRefused(): Promise<void> {
    if (this.unsettled.length === 0) return;
    const before = await this.lastSnapshot();
    const after = await this.snapshot();
    if (after !== before) {
      this.change ??= { cases: this.unsettled, before, after };
      this.cachedSnapshot = after;
      this.wroteSincePopulate = true;
    }
    this.unsettled = [];
  }

  /** The first batch of refused cases that changed the tenant since the last call, if any. */
  takeChange(): BatchChange | undefined {
    const change = this.change;
    this.change = undefined;
    return change;
  }

  /** After a property that failed: what its last refused cases did is not known, so the world is not handed on. */
  dropUnsettled(): void {
    if (this.unsettled.length > 0) this.wroteSincePopulate = true;
    this.unsettled = [];
    this.change = undefined;
  }

  async stop(): Promise<void> {
    this.probe.close();
    await this.emulator.stop();
    this.receiver.closeAllConnections();
    await new Promise<void>((resolve) => this.receiver.close(() => resolve()));
  }
}

/**
 * The worlds of a fuzz file, one per operation, except that reads change nothing: the operations
 * that GET share one world. Every other operation gets a world as `populate` left it, so what
 * its accepted cases create, change or delete does not reach the next operation's cases: a new
 * one, or one an earlier operation handed back reading exactly as it was populated (every case
 * refused or answered a business 4xx, which change nothing). Building a world is ~45 requests,
 * ~85 ms of CPU; about half of the operations are reads, and most mutated cases are refused.
 */
export class FuzzWorlds {
  private shared: Promise<FuzzWorld> | undefined;
  private readonly unchanged: FuzzWorld[] = [];

  constructor(private readonly options: { strict?: boolean } = {}) {}

  async forOperation(op: OperationSpec): Promise<FuzzWorld> {
    if (op.method !== 'get') return this.unchanged.pop() ?? FuzzWorld.start(this.options);
    return (this.shared ??= FuzzWorld.start(this.options));
  }

  /** Keeps a world the operation had to itself for the next one if it reads as populated, else stops it; the shared one is stopped by `stop`. */
  async release(world: FuzzWorld): Promise<void> {
    if (this.shared && world === (await this.shared)) return;
    if (await world.readsAsPopulated()) this.unchanged.push(world);
    else await world.stop();
  }

  async stop(): Promise<void> {
    const worlds = [...this.unchanged.splice(0), ...(this.shared ? [await this.shared] : [])];
    this.shared = undefined;
    await Promise.all(worlds.map((world) => world.stop()));
  }
}
