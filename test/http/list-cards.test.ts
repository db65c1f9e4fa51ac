import { describe, expect, it } from 'vitest';
import type { ManualClock } from '../../emulator/index.js';
import { bankingCardInput, cardholderInput } from '../support/fixtures.js';
import { startEmulator, type TestEmulator } from '../support/emulator.js';
import { errorsByPath } from '../support/errors.js';

type State = 'created' | 'active' | 'frozen' | 'canceled';
type Kind = 'virtual' | 'plastic';

/**
 * Issues a card of the given kind, on the given account, and brings it to `state` as a user would
 * (plastic cards are born created and activated by their holder; virtual ones are born active).
 * The clock moves one second first, so "newest" never depends on two cards sharing an instant.
 */
async function issue(t: TestEmulator, { kind = 'virtual', state = 'active', accountId }: { kind?: Kind; state?: State; accountId?: string } = {}) {
  (t.emulator.clock as ManualClock).advance(1000);
  const group = kind === 'virtual' ? t.seed.virtualGroupId : t.seed.plasticGroupId;
  const res = await t.api.post('/v1/cards', bankingCardInput(accountId ?? t.seed.bankAccountId, { configuration_group_id: group }));
  expect(res.status).toBe(201);
  const id: string = res.body.id;
  if (kind === 'plastic' && state !== 'created' && state !== 'canceled') {
    expect((await t.api.post(`/_emulator/cards/${id}/activate`)).status).toBe(200);
  }
  if (state === 'frozen' || state === 'canceled') {
    expect((await t.api.patch(`/v1/cards/${id}`, { state })).status).toBe(200);
  }
  const card = (await t.api.get(`/v1/cards/${id}`)).body;
  expect(card).toMatchObject({ type: kind, state });
  return card;
}

const ids = (res: { body: { cards: Array<{ id: string }> } }) => res.body.cards.map((c) => c.id);

/** One card of each kind and state, oldest first. */
async function mixedCards(t: TestEmulator) {
  const virtualActive = await issue(t);
  const plasticCreated = await issue(t, { kind: 'plastic', state: 'created' });
  const virtualFrozen = await issue(t, { state: 'frozen' });
  const virtualCanceled = await issue(t, { state: 'canceled' });
  const plasticActive = await issue(t, { kind: 'plastic', state: 'active' });
  const plasticFrozen = await issue(t, { kind: 'plastic', state: 'frozen' });
  const plasticCanceled = await issue(t, { kind: 'plastic', state: 'canceled' });
  return { virtualActive, plasticCreated, virtualFrozen, virtualCanceled, plasticActive, plasticFrozen, plasticCanceled };
}

describe('GET /v1/cards: filters', () => {
  it('list cards: without a state filter only active and frozen cards are listed, newest first', async () => {
    const t = await startEmulator();
    const c = await mixedCards(t);
    const res = await t.api.get('/v1/cards');
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([c.plasticFrozen.id, c.plasticActive.id, c.virtualFrozen.id, c.virtualActive.id]);
    expect(res.body.pagination).toEqual({ page_number: 1, page_size: 10, total_items: 4, total_pages: 1 });
  });

  it('list cards: each listed card is shown as GET /v1/cards/{id} shows it', async () => {
    const t = await startEmulator();
    const c = await mixedCards(t);
    const res = await t.api.get('/v1/cards?state=created,active,frozen,canceled');
    expect(res.body.cards).toEqual([
      c.plasticCanceled,
      c.plasticFrozen,
      c.plasticActive,
      c.virtualCanceled,
      c.virtualFrozen,
      c.plasticCreated,
      c.virtualActive,
    ]);
  });

  it('list cards: a single state value lists only cards in that state', async () => {
    const t = await startEmulator();
    const c = await mixedCards(t);
    expect(ids(await t.api.get('/v1/cards?state=created'))).toEqual([c.plasticCreated.id]);
    expect(ids(await t.api.get('/v1/cards?state=canceled'))).toEqual([c.plasticCanceled.id, c.virtualCanceled.id]);
    expect(ids(await t.api.get('/v1/cards?state=frozen'))).toEqual([c.plasticFrozen.id, c.virtualFrozen.id]);
    expect(ids(await t.api.get('/v1/cards?state=active'))).toEqual([c.plasticActive.id, c.virtualActive.id]);
  });

  it('list cards: several states may be sent by repeating the parameter', async () => {
    const t = await startEmulator();
    const c = await mixedCards(t);
    const res = await t.api.get('/v1/cards?state=created&state=canceled');
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([c.plasticCanceled.id, c.virtualCanceled.id, c.plasticCreated.id]);
    expect(res.body.pagination.total_items).toBe(3);
  });

  it('list cards: several states may be sent separated by commas', async () => {
    const t = await startEmulator();
    const c = await mixedCards(t);
    const res = await t.api.get('/v1/cards?state=created,canceled');
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([c.plasticCanceled.id, c.virtualCanceled.id, c.plasticCreated.id]);
    expect(res.body.pagination.total_items).toBe(3);
  });

  it('list cards: the type filter keeps one form factor, and the default states still apply', async () => {
    const t = await startEmulator();
    const c = await mixedCards(t);
    expect(ids(await t.api.get('/v1/cards?type=plastic'))).toEqual([c.plasticFrozen.id, c.plasticActive.id]);
    expect(ids(await t.api.get('/v1/cards?type=virtual'))).toEqual([c.virtualFrozen.id, c.virtualActive.id]);
    expect(ids(await t.api.get('/v1/cards?type=plastic&state=created'))).toEqual([c.plasticCreated.id]);
    expect(ids(await t.api.get('/v1/cards?type=virtual&state=created'))).toEqual([]);
    expect(ids(await t.api.get('/v1/cards?type=virtual,plastic'))).toEqual([c.plasticFrozen.id, c.plasticActive.id, c.virtualFrozen.id, c.virtualActive.id]);
  });

  it('list cards: the account_id filter takes one account or several, bank or ledger', async () => {
    const t = await startEmulator();
    const onFirst = await issue(t, { accountId: t.seed.bankAccountId });
    const onSecond = await issue(t, { accountId: t.seed.secondBankAccountId });
    (t.emulator.clock as ManualClock).advance(1000);
    const ledger = await t.api.post('/v1/ledger/cards', {
      account_id: t.seed.ledgerAccountId,
      configuration_group_id: t.seed.virtualGroupId,
      cardholder: cardholderInput(),
    });
    expect(ledger.status).toBe(201);
    expect(ledger.body.state).toBe('active');
    const onFirstAgain = await issue(t, { accountId: t.seed.bankAccountId });

    expect(ids(await t.api.get(`/v1/cards?account_id=${t.seed.bankAccountId}`))).toEqual([onFirstAgain.id, onFirst.id]);
    expect(ids(await t.api.get(`/v1/cards?account_id=${t.seed.secondBankAccountId}`))).toEqual([onSecond.id]);
    expect(ids(await t.api.get(`/v1/cards?account_id=${t.seed.ledgerAccountId}`))).toEqual([ledger.body.id]);

    const repeated = await t.api.get(`/v1/cards?account_id=${t.seed.secondBankAccountId}&account_id=${t.seed.ledgerAccountId}`);
    expect(ids(repeated)).toEqual([ledger.body.id, onSecond.id]);
    const commas = await t.api.get(`/v1/cards?account_id=${t.seed.secondBankAccountId},${t.seed.ledgerAccountId}`);
    expect(ids(commas)).toEqual([ledger.body.id, onSecond.id]);
    expect(commas.body.pagination.total_items).toBe(2);
  });

  it('list cards: an account with no cards gives an empty list, not an error', async () => {
    const t = await startEmulator();
    await issue(t);
    const res = await t.api.get('/v1/cards?account_id=acc_0000000000000000000000');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cards: [], pagination: { page_number: 1, page_size: 10, total_items: 0, total_pages: 0 } });
  });

  it('list cards: filters combine (state, type and account together)', async () => {
    const t = await startEmulator();
    await issue(t, { kind: 'plastic', state: 'created', accountId: t.seed.bankAccountId });
    const wanted = await issue(t, { kind: 'plastic', state: 'created', accountId: t.seed.secondBankAccountId });
    await issue(t, { kind: 'virtual', state: 'canceled', accountId: t.seed.secondBankAccountId });
    await issue(t, { kind: 'plastic', state: 'active', accountId: t.seed.secondBankAccountId });
    const res = await t.api.get(`/v1/cards?state=created,canceled&type=plastic&account_id=${t.seed.secondBankAccountId}`);
    expect(ids(res)).toEqual([wanted.id]);
    expect(res.body.pagination.total_items).toBe(1);
  });

  it('list cards: a card shows up under its new state once it changes', async () => {
    const t = await startEmulator();
    const plastic = await issue(t, { kind: 'plastic', state: 'created' });
    expect(ids(await t.api.get('/v1/cards'))).toEqual([]);
    expect((await t.api.post(`/_emulator/cards/${plastic.id}/activate`)).status).toBe(200);
    expect(ids(await t.api.get('/v1/cards'))).toEqual([plastic.id]);
    expect((await t.api.patch(`/v1/cards/${plastic.id}`, { state: 'canceled' })).status).toBe(200);
    expect(ids(await t.api.get('/v1/cards'))).toEqual([]);
    expect(ids(await t.api.get('/v1/cards?state=canceled'))).toEqual([plastic.id]);
  });
});

describe('GET /v1/cards: pagination', () => {
  const CREATED = 23;

  async function manyCards(t: TestEmulator): Promise<string[]> {
    const created: string[] = [];
    for (let i = 0; i < CREATED; i++) created.push((await issue(t)).id);
    return created.reverse(); // newest first
  }

  it('list cards: pages of the default size 10 walk every card once, newest first', async () => {
    const t = await startEmulator();
    const newestFirst = await manyCards(t);

    const first = await t.api.get('/v1/cards');
    expect(first.body.pagination).toEqual({ page_number: 1, page_size: 10, total_items: 23, total_pages: 3 });
    expect(ids(first)).toEqual(newestFirst.slice(0, 10));

    const second = await t.api.get('/v1/cards?page_number=2');
    expect(second.body.pagination).toEqual({ page_number: 2, page_size: 10, total_items: 23, total_pages: 3 });
    expect(ids(second)).toEqual(newestFirst.slice(10, 20));

    const third = await t.api.get('/v1/cards?page_number=3');
    expect(third.body.pagination).toEqual({ page_number: 3, page_size: 10, total_items: 23, total_pages: 3 });
    expect(ids(third)).toEqual(newestFirst.slice(20));
  });

  it('list cards: page_size sets the page length and the page count', async () => {
    const t = await startEmulator();
    const newestFirst = await manyCards(t);

    const twenty = await t.api.get('/v1/cards?page_size=20&page_number=2');
    expect(twenty.body.pagination).toEqual({ page_number: 2, page_size: 20, total_items: 23, total_pages: 2 });
    expect(ids(twenty)).toEqual(newestFirst.slice(20));

    const exact = await t.api.get('/v1/cards?page_size=23');
    expect(exact.body.pagination).toEqual({ page_number: 1, page_size: 23, total_items: 23, total_pages: 1 });
    expect(ids(exact)).toEqual(newestFirst);

    const largest = await t.api.get('/v1/cards?page_size=500');
    expect(largest.body.pagination).toEqual({ page_number: 1, page_size: 500, total_items: 23, total_pages: 1 });
    expect(ids(largest)).toEqual(newestFirst);
  });

  it('list cards: a page beyond the end is empty but still counts every card', async () => {
    const t = await startEmulator();
    await manyCards(t);
    for (const url of ['/v1/cards?page_number=4', '/v1/cards?page_number=1000000', '/v1/cards?page_size=500&page_number=2']) {
      const res = await t.api.get(url);
      expect(res.status).toBe(200);
      expect(res.body.cards).toEqual([]);
      expect(res.body.pagination.total_items).toBe(23);
    }
    expect((await t.api.get('/v1/cards?page_number=4')).body.pagination).toEqual({ page_number: 4, page_size: 10, total_items: 23, total_pages: 3 });
  });

  it('list cards: totals count only the cards the filter keeps', async () => {
    const t = await startEmulator();
    for (let i = 0; i < 11; i++) await issue(t, { kind: 'plastic', state: 'created' });
    for (let i = 0; i < 4; i++) await issue(t);
    expect((await t.api.get('/v1/cards')).body.pagination).toEqual({ page_number: 1, page_size: 10, total_items: 4, total_pages: 1 });
    const created = await t.api.get('/v1/cards?state=created&page_number=2');
    expect(created.body.pagination).toEqual({ page_number: 2, page_size: 10, total_items: 11, total_pages: 2 });
    expect(created.body.cards).toHaveLength(1);
  });
});

describe('GET /v1/cards: bad query values', () => {
  const cases: Array<[query: string, path: string, errorCode: string]> = [
    ['page_size=0', '#/page_size', 'out_of_range'],
    ['page_size=-1', '#/page_size', 'out_of_range'],
    ['page_size=abc', '#/page_size', 'invalid_type'],
    ['page_size=9', '#/page_size', 'out_of_range'],
    ['page_size=501', '#/page_size', 'out_of_range'],
    ['page_size=100000', '#/page_size', 'out_of_range'],
    ['page_size=10.5', '#/page_size', 'invalid_type'],
    ['page_number=0', '#/page_number', 'out_of_range'],
    ['page_number=-3', '#/page_number', 'out_of_range'],
    ['page_number=first', '#/page_number', 'invalid_type'],
    ['state=bogus', '#/state/0', 'invalid_value'],
    ['state=active,bogus', '#/state/1', 'invalid_value'],
    ['state=active&state=Frozen', '#/state/1', 'invalid_value'],
    ['type=physical', '#/type/0', 'invalid_value'],
    ['account_id=nope', '#/account_id/0', 'invalid_format'],
    ['account_id=car_0000000000000000000000', '#/account_id/0', 'invalid_format'],
  ];

  it.each(cases)('list cards: %s is refused with 422 at %s (%s)', async (query, path, errorCode) => {
    const { api } = await startEmulator();
    const res = await api.get(`/v1/cards?${query}`);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('422 Unprocessable Content');
    expect(res.body.errors).toEqual([expect.objectContaining({ error_code: errorCode, path })]);
  });

  it('list cards: every bad parameter is reported at once', async () => {
    const { api } = await startEmulator();
    const res = await api.get('/v1/cards?page_size=9&page_number=0&type=physical');
    expect(res.status).toBe(422);
    const byPath = errorsByPath(res);
    expect(byPath).toEqual({ '#/page_size': 'out_of_range', '#/page_number': 'out_of_range', '#/type/0': 'invalid_value' });
  });

  it('list cards: needs an API key', async () => {
    const { anonymous } = await startEmulator();
    const res = await anonymous.get('/v1/cards');
    expect(res.status).toBe(401);
    expect(res.body.errors[0].error_code).toBe('missing_authorization_header');
  });
});

describe('GET /v1/cards: tenants', () => {
  it("list cards: another tenant never sees tenant A's cards, whatever the filter", async () => {
    const t = await startEmulator();
    const c = await mixedCards(t);
    const mine = Object.values(c).map((card) => card.id);

    const all = await t.other.get('/v1/cards?state=created,active,frozen,canceled&page_size=500');
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ cards: [], pagination: { page_number: 1, page_size: 500, total_items: 0, total_pages: 0 } });

    const byMyAccount = await t.other.get(`/v1/cards?state=created,active,frozen,canceled&account_id=${t.seed.bankAccountId}`);
    expect(byMyAccount.body.cards).toEqual([]);
    expect(byMyAccount.body.pagination.total_items).toBe(0);

    // Tenant A still sees all of them.
    expect(ids(await t.api.get('/v1/cards?state=created,active,frozen,canceled&page_size=500')).sort()).toEqual([...mine].sort());
  });

  it("list cards: each tenant lists only its own cards when both have some", async () => {
    const t = await startEmulator();
    const mine = await issue(t);
    const otherAccount = (await t.other.get('/v1/accounts')).body.accounts[0].id;
    const theirs = await t.other.post('/v1/cards', bankingCardInput(otherAccount));
    expect(theirs.status).toBe(201);
    expect(ids(await t.api.get('/v1/cards'))).toEqual([mine.id]);
    expect(ids(await t.other.get('/v1/cards'))).toEqual([theirs.body.id]);
  });
});
