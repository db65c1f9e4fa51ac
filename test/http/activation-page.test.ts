import { describe, expect, it } from 'vitest';
import { lastFourOf, newHolder, newLink, pagePath, submitPage, wrongLastFour } from '../support/activation.js';
import { startEmulator, type TestEmulator } from '../support/emulator.js';
import { onlyError } from '../support/errors.js';

/** The text of the inline error the page shows for a field, or undefined. */
function errorFor(html: string, field: string): string | undefined {
  return new RegExp(`data-error-for="${field}">([^<]*)<`).exec(html)?.[1];
}

/** The value the page puts back in an input. */
function valueOf(html: string, field: string): string | undefined {
  return new RegExp(`<input id="${field}"[^>]* value="([^"]*)"`).exec(html)?.[1];
}

const stateOf = (html: string) => /<main [^>]*data-state="([a-z_]+)"/.exec(html)?.[1];

async function linkAndLastFour(t: TestEmulator, overrides: Record<string, unknown> = {}) {
  const link = await newLink(t, overrides);
  return { link, lastFour: await lastFourOf(t, link.card_id), path: pagePath(link) };
}

const steps = (lastFour: string, overrides: Record<string, string> = {}) => ({
  last_four: lastFour,
  alias: 'Mi tarjeta física',
  limit: '1.500.000',
  pin: '4821',
  pin_confirmation: '4821',
  ...overrides,
});

describe('GET /_emulator/activation-page/{id}', () => {
  it("activation page: served without an API key from the link's url, never cached, no script and nothing from elsewhere", async () => {
    const t = await startEmulator();
    const { link, lastFour, path } = await linkAndLastFour(t, { nickname: 'Tarjeta física' });
    const res = await t.anonymous.get(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("form-action 'self'");
    expect(stateOf(res.text)).toBe('pending');
    expect(res.text).not.toMatch(/<script|<link|src=|https?:\/\//);
    // The form posts to the page itself; the alias starts from the link's nickname.
    expect(res.text).toContain(`<form method="post" action="${path.replace('&', '&amp;')}"`);
    expect(valueOf(res.text, 'alias')).toBe('Tarjeta física');
    // The holder types the digits from the plastic: the page never shows them.
    expect(res.text).not.toContain(`value="${lastFour}"`);
    expect(res.text).not.toContain('411111');
    expect(link.id).toMatch(/^pca_/);
  });

  it('activation page: everything shown from data is escaped', async () => {
    const t = await startEmulator();
    const holder = await newHolder(t, { first_name: '<script>alert(1)</script>', last_name: '"O\'Brien" & <b>' });
    const { path } = await linkAndLastFour(t, { cardholder_id: holder.id, nickname: '<img src=x onerror=alert(1)>' });
    const html = (await t.anonymous.get(path)).text;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt; &quot;O&#39;Brien&quot; &amp; &lt;b&gt;.');
    expect(valueOf(html, 'alias')).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });

  it("activation page: a forged token, another link's token or no token is refused in Mono's envelope; a link gone after a reset is 404", async () => {
    const t = await startEmulator();
    const { link, path } = await linkAndLastFour(t);
    const other = await newLink(t);
    const token = new URL(link.url).searchParams.get('token')!;
    const base = `/_emulator/activation-page/${link.id}`;
    onlyError(await t.anonymous.get(`${base}?token=${encodeURIComponent(`${token.slice(0, -2)}xx`)}`), 403, 'not_authorized', '#/token');
    onlyError(await t.anonymous.get(`/_emulator/activation-page/${other.id}?token=${encodeURIComponent(token)}`), 403, 'not_authorized', '#/token');
    onlyError(await t.anonymous.get(base), 422, 'missing_field', '#/token');
    onlyError(await submitPage(t, `${base}?token=forged.token`, steps('1234')), 403, 'not_authorized', '#/token');
    await t.emulator.reset();
    onlyError(await t.anonymous.get(path), 404, 'item_not_found', '#/plastic_card_activation_id');
  });
});

describe('POST /_emulator/activation-page/{id}', () => {
  it('activation page: the form activates the card and the page shows the outcome', async () => {
    const t = await startEmulator();
    const { link, lastFour, path } = await linkAndLastFour(t);
    const res = await submitPage(t, path, steps(lastFour));
    expect(res.status).toBe(200);
    expect(stateOf(res.text)).toBe('activated');
    expect(res.text).toContain('Your card is active');
    expect(res.text).toContain('<strong data-field="alias">Mi tarjeta física</strong>');
    const card = (await t.api.get(`/v1/cards/${link.card_id}`)).body;
    expect(card).toMatchObject({ state: 'active', nickname: 'Mi tarjeta física' });
    const control = (await t.api.get(`/v1/spending_controls/${card.spending_controls.card_target}`)).body;
    expect(control.rules.velocity.monthly).toEqual({ amount: 150_000_000, currency: 'COP' });
    expect((await t.api.get(`/v1/cards/activation_links/${link.id}`)).body.state).toBe('activated');
    // Opened again, the page shows the outcome, not the form.
    const again = (await t.anonymous.get(path)).text;
    expect(stateOf(again)).toBe('activated');
    expect(again).not.toContain('<form');
  });

  it('activation page: problems show next to their fields, the values typed come back escaped, the PINs never do, and nothing changes', async () => {
    const t = await startEmulator();
    const { link, path } = await linkAndLastFour(t);
    const res = await submitPage(t, path, { last_four: '12', alias: '<i>x', limit: '1,5', pin: '4821', pin_confirmation: '4812' });
    expect(res.status).toBe(200);
    expect(stateOf(res.text)).toBe('pending');
    expect(errorFor(res.text, 'last_four')).toBe('Type the four digits printed at the end of the card number.');
    expect(errorFor(res.text, 'alias')).toBe('The alias takes 5 to 64 characters.');
    expect(errorFor(res.text, 'limit')).toBe('Type the monthly limit in whole COP, digits only.');
    expect(errorFor(res.text, 'pin')).toBeUndefined();
    expect(errorFor(res.text, 'pin_confirmation')).toBe('The two PINs do not match.');
    expect(res.text).toContain('<input id="alias" name="alias" maxlength="64" autocomplete="off" value="&lt;i&gt;x" aria-invalid="true"');
    expect(valueOf(res.text, 'last_four')).toBe('12');
    expect(valueOf(res.text, 'pin')).toBe('');
    expect(valueOf(res.text, 'pin_confirmation')).toBe('');
    expect(res.text).not.toContain('4821');
    expect((await t.api.get(`/v1/cards/activation_links/${link.id}`)).body).toEqual(link);
    expect((await t.api.get(`/v1/cards/${link.card_id}`)).body.state).toBe('created');
  });

  it('activation page: three wrong last fours fail the link; the page says how many attempts are left, then that the link failed', async () => {
    const t = await startEmulator();
    const { link, lastFour, path } = await linkAndLastFour(t);
    const wrong = steps(wrongLastFour(lastFour));
    const first = await submitPage(t, path, wrong);
    expect(errorFor(first.text, 'last_four')).toBe('These are not the card&#39;s last four digits; 2 attempts left.');
    expect(first.text).toContain('2 attempts left.</p>');
    await submitPage(t, path, wrong);
    const third = await submitPage(t, path, wrong);
    expect(stateOf(third.text)).toBe('failed');
    expect(third.text).toContain('This activation link failed');
    expect((await t.api.get(`/v1/cards/activation_links/${link.id}`)).body.state).toBe('failed');
    // The right digits come too late.
    const late = await submitPage(t, path, steps(lastFour));
    expect(stateOf(late.text)).toBe('failed');
    expect((await t.api.get(`/v1/cards/${link.card_id}`)).body.state).toBe('created');
  });

  it('activation page: the magic last four 9999 shows the group mismatch', async () => {
    const t = await startEmulator();
    const { lastFour, path } = await linkAndLastFour(t);
    expect(lastFour).not.toBe('9999');
    const res = await submitPage(t, path, steps('9999'));
    expect(stateOf(res.text)).toBe('group_mismatch');
    expect(res.text).toContain('group mismatch');
  });

  it("activation page: a body that is not a browser form is refused in Mono's envelope", async () => {
    const t = await startEmulator();
    const { path } = await linkAndLastFour(t);
    const json = await t.anonymous.post(path, steps('1234'));
    onlyError(json, 400, 'invalid_content_type', '#/content-type');
    const latin1 = await t.anonymous.post(path, undefined, { raw: 'alias=x', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=latin1' } });
    onlyError(latin1, 400, 'invalid_content_type', '#/content-type');
    const large = await t.anonymous.post(path, undefined, { raw: `alias=${'x'.repeat(110_000)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    onlyError(large, 413, 'payload_too_large', null);
  });
});
