import luhn from 'luhn';
import { describe, expect, it } from 'vitest';
import type { ManualClock } from '../../emulator/index.js';
import { bankingCardInput } from '../support/fixtures.js';
import { startEmulator, TEST_START, type TestEmulator } from '../support/emulator.js';

const MINUTE = 60_000;

async function newCard(t: TestEmulator, kind: 'virtual' | 'plastic' = 'virtual') {
  const group = kind === 'virtual' ? t.seed.virtualGroupId : t.seed.plasticGroupId;
  const res = await t.api.post('/v1/cards', bankingCardInput(t.seed.bankAccountId, { configuration_group_id: group }));
  expect(res.status).toBe(201);
  return res.body;
}

async function lookUrl(t: TestEmulator, cardId: string): Promise<URL> {
  const res = await t.api.get(`/v1/cards/${cardId}/look`);
  expect(res.status).toBe(200);
  return new URL(res.body.url);
}

/** The look page is opened as a browser would: no API key, just the URL's path and query. */
const openPage = (t: TestEmulator, url: URL) => t.anonymous.get(`${url.pathname}${url.search}`);

/** The text of the element the page marks with data-field="<name>". */
function field(html: string, name: string): string {
  const match = new RegExp(`data-field="${name}"[^>]*>([^<]*)<`).exec(html);
  if (!match) throw new Error(`the page has no ${name} field:\n${html}`);
  return match[1]!.trim();
}

/** The same URL with its token changed by `change`. */
function withToken(url: URL, change: (token: string) => string): URL {
  const copy = new URL(url);
  copy.searchParams.set('token', change(url.searchParams.get('token')!));
  return copy;
}

const advance = (t: TestEmulator, ms: number) => (t.emulator.clock as ManualClock).advance(ms);

function expectForbidden(res: { status: number; body: any }) {
  expect(res.status).toBe(403);
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors[0]).toMatchObject({ error_code: 'not_authorized', path: '#/token' });
}

describe('GET /v1/cards/{id}/look', () => {
  // Found by the fuzz suite's request sequences: a fractional advance made the clock fractional,
  // the token's expiry gained a decimal point, and every new look URL answered 403.
  it('card look: after the clock moves by a fraction of a millisecond, a new look URL still opens', async () => {
    const t = await startEmulator();
    const card = await newCard(t);
    const moved = await t.api.post('/_emulator/clock/advance', { seconds: 1.2345 });
    expect(moved.body.now).toBe(new Date(TEST_START + 1235).toISOString());
    expect((await openPage(t, await lookUrl(t, card.id))).status).toBe(200);
  });

  it("card look: answers the card's id and an absolute URL naming the card", async () => {
    const t = await startEmulator();
    const card = await newCard(t);
    const res = await t.api.get(`/v1/cards/${card.id}/look`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['card_id', 'url']);
    expect(res.body.card_id).toBe(card.id);
    const url = new URL(res.body.url);
    expect(url.protocol).toMatch(/^https?:$/);
    expect(url.pathname.endsWith(`/${card.id}`)).toBe(true);
  });

  it("card look: another tenant's card is 404, an unknown card 404, a malformed id 422", async () => {
    const t = await startEmulator();
    const card = await newCard(t);
    const foreign = await t.other.get(`/v1/cards/${card.id}/look`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ error_code: 'item_not_found', path: '#/card_id' })]);

    const unknown = await t.api.get('/v1/cards/car_0000000000000000000000/look');
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/card_id' });

    const malformed = await t.api.get('/v1/cards/car_12345/look');
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_format', path: '#/card_id' })]);
  });

  it('card look: asking for the URL needs an API key', async () => {
    const t = await startEmulator();
    const card = await newCard(t);
    const res = await t.anonymous.get(`/v1/cards/${card.id}/look`);
    expect(res.status).toBe(401);
    expect(res.body.errors[0].error_code).toBe('missing_authorization_header');
  });
});

describe('the look page', () => {
  it('card look page: shows a 16-digit, Luhn-valid Visa number that matches the masked PAN, without an API key', async () => {
    const t = await startEmulator();
    const card = await newCard(t);
    const page = await openPage(t, await lookUrl(t, card.id));

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const pan = field(page.text, 'pan').replace(/\s/g, '');
    expect(pan).toMatch(/^\d{16}$/);
    expect(pan.startsWith('4')).toBe(true);
    expect(luhn.validate(pan)).toBe(true);
    expect(card.masked_pan).toBe(`${pan.slice(0, 6)}******${pan.slice(-4)}`);
    expect(pan.slice(-4)).toBe(card.last_four);
  });

  it('card look page: shows a 3-digit CVV and an MM/YY expiry 3 to 5 years after issue', async () => {
    const t = await startEmulator();
    const card = await newCard(t);
    const page = await openPage(t, await lookUrl(t, card.id));
    expect(page.status).toBe(200);

    expect(field(page.text, 'cvv')).toMatch(/^\d{3}$/);
    const expiry = /^(\d{2})\/(\d{2})$/.exec(field(page.text, 'expiry'));
    expect(expiry).not.toBeNull();
    const month = Number(expiry![1]);
    const year = 2000 + Number(expiry![2]);
    expect(month).toBeGreaterThanOrEqual(1);
    expect(month).toBeLessThanOrEqual(12);
    // Months since year 0: the card was issued at TEST_START, whose month is March 2026.
    const issued = new Date(TEST_START);
    const issuedMonths = issued.getUTCFullYear() * 12 + issued.getUTCMonth() + 1;
    const expiryMonths = year * 12 + month;
    expect(expiryMonths).toBeGreaterThanOrEqual(issuedMonths + 36);
    expect(expiryMonths).toBeLessThanOrEqual(issuedMonths + 60);
  });

  it('card look page: a plastic card has a look page too', async () => {
    const t = await startEmulator();
    const card = await newCard(t, 'plastic');
    const page = await openPage(t, await lookUrl(t, card.id));
    expect(page.status).toBe(200);
    const pan = field(page.text, 'pan').replace(/\s/g, '');
    expect(luhn.validate(pan)).toBe(true);
    expect(card.masked_pan).toBe(`${pan.slice(0, 6)}******${pan.slice(-4)}`);
  });

  it('card look page: two cards show two different numbers, each matching its own card', async () => {
    const t = await startEmulator();
    const first = await newCard(t);
    const second = await newCard(t);
    const firstPan = field((await openPage(t, await lookUrl(t, first.id))).text, 'pan').replace(/\s/g, '');
    const secondPan = field((await openPage(t, await lookUrl(t, second.id))).text, 'pan').replace(/\s/g, '');
    expect(firstPan).not.toBe(secondPan);
    expect(first.masked_pan).toBe(`${firstPan.slice(0, 6)}******${firstPan.slice(-4)}`);
    expect(second.masked_pan).toBe(`${secondPan.slice(0, 6)}******${secondPan.slice(-4)}`);
  });

  it('card look page: is never cached and sends no referrer', async () => {
    const t = await startEmulator();
    const card = await newCard(t);
    const page = await openPage(t, await lookUrl(t, card.id));
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('card look page: the URL works until ten minutes have passed, then answers 403 not_authorized', async () => {
    const t = await startEmulator();
    const card = await newCard(t);
    const url = await lookUrl(t, card.id);

    advance(t, 10 * MINUTE - 1000);
    expect((await openPage(t, url)).status).toBe(200);

    advance(t, 1000);
    const expired = await openPage(t, url);
    expectForbidden(expired);
    expect(expired.headers['content-type']).toMatch(/^application\/json/);
  });

  it('card look page: after the old URL expires, a new look URL works again', async () => {
    const t = await startEmulator();
    const card = await newCard(t);
    const old = await lookUrl(t, card.id);
    const pan = field((await openPage(t, old)).text, 'pan');
    advance(t, 10 * MINUTE);
    expectForbidden(await openPage(t, old));

    const fresh = await openPage(t, await lookUrl(t, card.id));
    expect(fresh.status).toBe(200);
    expect(field(fresh.text, 'pan')).toBe(pan);
  });

  it("card look page: a token used for another card's id is 403", async () => {
    const t = await startEmulator();
    const first = await newCard(t);
    const second = await newCard(t);
    const url = await lookUrl(t, first.id);
    const swapped = new URL(url);
    swapped.pathname = url.pathname.replace(first.id, second.id);
    expect(swapped.pathname).toContain(second.id);
    expectForbidden(await openPage(t, swapped));
  });

  it("card look page: a token of one tenant does not open another tenant's card", async () => {
    const t = await startEmulator();
    const mine = await newCard(t);
    const otherAccount = (await t.other.get('/v1/accounts')).body.accounts[0].id;
    const theirs = await t.other.post('/v1/cards', bankingCardInput(otherAccount));
    expect(theirs.status).toBe(201);
    const url = await lookUrl(t, mine.id);
    const swapped = new URL(url);
    swapped.pathname = url.pathname.replace(mine.id, theirs.body.id);
    expectForbidden(await openPage(t, swapped));
  });

  it('card look page: a tampered token is 403', async () => {
    const t = await startEmulator();
    const card = await newCard(t);
    const url = await lookUrl(t, card.id);
    const token = url.searchParams.get('token')!;
    const parts = token.split('.');

    const flipLast = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
    const tampered = [
      flipLast(token),
      'x' + token.slice(1),
      // The same token claiming to expire much later.
      parts.length === 3 ? [parts[0], String(Number(parts[1]) + 3600), parts[2]].join('.') : token + '0',
      token.slice(0, -5),
      'not-a-token',
    ];
    for (const bad of tampered) {
      expect(bad).not.toBe(token);
      expectForbidden(await openPage(t, withToken(url, () => bad)));
    }
    // The genuine token still works.
    expect((await openPage(t, url)).status).toBe(200);
  });

  it('card look page: a malformed card id is 422 and a missing token 422', async () => {
    const t = await startEmulator();
    const card = await newCard(t);
    const url = await lookUrl(t, card.id);

    const malformed = new URL(url);
    malformed.pathname = url.pathname.replace(card.id, 'car_bad');
    const badId = await openPage(t, malformed);
    expect(badId.status).toBe(422);
    expect(badId.body.errors).toEqual([expect.objectContaining({ error_code: 'invalid_format', path: '#/card_id' })]);

    const noToken = new URL(url);
    noToken.search = '';
    const missing = await openPage(t, noToken);
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([expect.objectContaining({ error_code: 'missing_field', path: '#/token' })]);
  });
});
