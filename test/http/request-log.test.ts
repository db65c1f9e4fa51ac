import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CardNetwork, ProvisionedCard } from '../../emulator/index.js';
import { bankingCardInput } from '../support/fixtures.js';
import { KEY_A, KEY_B, TEST_START, startEmulator } from '../support/emulator.js';

/** "<ISO time> <METHOD> <path?query> <status> <duration>ms" */
const LINE = /^(\S+) ([A-Z]+) (\S+) (\d{3}) (\d+(?:\.\d+)?)ms$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

interface LogLine {
  time: string;
  method: string;
  path: string;
  status: number;
  ms: number;
}

function parse(line: string): LogLine {
  const match = LINE.exec(line);
  if (!match) throw new Error(`not a request log line: ${JSON.stringify(line)}`);
  const [, time, method, path, status, ms] = match as unknown as [string, string, string, string, string, string];
  return { time, method, path, status: Number(status), ms: Number(ms) };
}

/** A Luhn-valid number in the emulator's BIN, so a test knows the card number without reading it anywhere. */
const KNOWN_PAN = '4111117392640587';

function fixedPanNetwork(): CardNetwork {
  return {
    provision: (): Promise<ProvisionedCard> =>
      Promise.resolve({ pan: KNOWN_PAN, expMonth: 12, expYear: 2030, cvv: '123', tokenReference: 'tok_fixed_pan_for_tests' }),
  };
}

/** An emulator whose request log is collected; the lines of startEmulator's own discovery requests are dropped. */
async function startLogged(options: Parameters<typeof startEmulator>[0] = {}) {
  const lines: string[] = [];
  const started = await startEmulator({ logRequest: (line) => lines.push(line), ...options });
  lines.length = 0;
  return { ...started, lines };
}

/** A card, its look page, and the full number and token that page and its URL reveal. */
async function cardWithSecrets(started: Awaited<ReturnType<typeof startLogged>>) {
  const { api, seed } = started;
  const card = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;
  const look = await api.get(`/v1/cards/${card.id}/look`);
  expect(look.status).toBe(200);
  const url = new URL(look.body.url);
  const token = url.searchParams.get('token');
  expect(token).toBeTruthy();
  const page = await api.get(`${url.pathname}${url.search}`, { auth: false });
  expect(page.status).toBe(200);
  const shown = /data-field="pan">([\d ]+)</.exec(page.text)?.[1];
  expect(shown).toBeDefined();
  const pan = shown!.replace(/ /g, '');
  expect(pan).toMatch(/^\d{16}$/);
  expect(pan.slice(-4)).toBe(card.last_four);
  return { card, pan, spacedPan: shown!, token: token!, lookPath: `${url.pathname}${url.search}` };
}

describe('the request log', () => {
  it('request log: one line per request, with the time, method, path and query, status and duration', async () => {
    const started = await startLogged();
    const { api, lines, seed } = started;
    await api.get('/v1/cards?state=active&page_size=20');
    await api.post('/v1/cards', bankingCardInput(seed.bankAccountId));
    await api.get(`/v1/accounts/${seed.bankAccountId}/balances`);

    expect(lines).toHaveLength(3);
    const parsed = lines.map(parse);
    expect(parsed.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: 'GET', path: '/v1/cards?state=active&page_size=20', status: 200 },
      { method: 'POST', path: '/v1/cards', status: 201 },
      { method: 'GET', path: `/v1/accounts/${seed.bankAccountId}/balances`, status: 200 },
    ]);
    for (const line of parsed) {
      expect(line.time).toMatch(ISO_TIME);
      expect(Date.parse(line.time)).toBe(TEST_START);
      expect(line.ms).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(line.ms)).toBe(true);
    }
  });

  it("request log: the time is the emulator's clock, so it follows an advance of that clock", async () => {
    const { anonymous, lines } = await startLogged();
    await anonymous.post('/_emulator/clock/advance', { seconds: 90 });
    lines.length = 0;
    await anonymous.get('/_emulator/health');
    expect(lines).toHaveLength(1);
    expect(Date.parse(parse(lines[0]!).time)).toBe(Date.parse('2026-03-02T12:01:30Z'));
  });

  it("request log: a tenant's own advance moves that tenant's time, not the log's", async () => {
    const { api, lines } = await startLogged();
    await api.post('/_emulator/clock/advance', { seconds: 90 });
    lines.length = 0;
    await api.get('/_emulator/health');
    expect(Date.parse(parse(lines[0]!).time)).toBe(TEST_START);
  });

  it('request log: a tenant named by its key in DELETE /_emulator/tenants/{key} is logged without the key; a ten_ id is kept', async () => {
    const { anonymous, lines } = await startLogged();
    const made = (await anonymous.post('/_emulator/tenants', { api_key: 'sandbox_logged_tenant_key_0001' })).body;
    const other = (await anonymous.post('/_emulator/tenants')).body;
    lines.length = 0;
    expect((await anonymous.delete('/_emulator/tenants/sandbox_logged_tenant_key_0001')).status).toBe(204);
    expect((await anonymous.delete(`/_emulator/tenants/${other.id}`)).status).toBe(204);
    expect(lines.map((line) => parse(line).path)).toEqual(['/_emulator/tenants/[redacted]', `/_emulator/tenants/${other.id}`]);
    expect(lines.join('\n')).not.toContain(made.api_key);
  });

  it('request log: requests that fail are logged too, with their error status', async () => {
    const { api, anonymous, lines } = await startLogged();
    await api.post('/v1/cards', {});
    await api.call('post', '/v1/cards', { raw: '{"account_id":', headers: { 'content-type': 'application/json' } });
    await anonymous.get('/v1/cards');
    await api.get('/v1/nothing-here');
    await api.put('/v1/cards', {});
    await api.get('/v1/banks');

    expect(lines.map((line) => { const { method, path, status } = parse(line); return `${method} ${path} ${status}`; })).toEqual([
      'POST /v1/cards 422',
      'POST /v1/cards 400',
      'GET /v1/cards 401',
      'GET /v1/nothing-here 404',
      'PUT /v1/cards 405',
      'GET /v1/banks 501',
    ]);
  });

  it('request log: no line contains the full card number shown on the look page, the look token, or an API key', async () => {
    const started = await startLogged();
    const { api, lines } = started;
    const { card, pan, spacedPan, token, lookPath } = await cardWithSecrets(started);
    // A few more requests about the card, including the look page a second time.
    await api.get(`/v1/cards/${card.id}`);
    await api.get(lookPath, { auth: false });
    await api.patch(`/v1/cards/${card.id}`, { state: 'frozen' });

    expect(lines.length).toBeGreaterThanOrEqual(6);
    // The look page's requests are logged, with the token hidden.
    const lookLines = lines.filter((line) => line.includes(`/_emulator/card-look/${card.id}`));
    expect(lookLines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(pan);
      expect(line).not.toContain(spacedPan);
      expect(line).not.toContain(token);
      expect(line).not.toContain(encodeURIComponent(token));
      expect(line).not.toContain(KEY_A);
      expect(line).not.toContain(KEY_B);
    }
  });

  it('request log: a look token that is refused (expired, or for another card) is not written to the log', async () => {
    const { api, seed, lines } = await startLogged();
    const card = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;
    const otherCard = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;
    const url = new URL((await api.get(`/v1/cards/${card.id}/look`)).body.url);
    const token = url.searchParams.get('token')!;
    expect(token.length).toBeGreaterThan(20);
    lines.length = 0;

    const forAnotherCard = await api.get(`/_emulator/card-look/${otherCard.id}${url.search}`, { auth: false });
    expect(forAnotherCard.status).toBe(403);
    await api.post('/_emulator/clock/advance', { seconds: 11 * 60 });
    const expired = await api.get(`${url.pathname}${url.search}`, { auth: false });
    expect(expired.status).toBe(403);

    const lookLines = lines.filter((line) => line.includes('/_emulator/card-look/'));
    expect(lookLines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(token);
      expect(line).not.toContain(encodeURIComponent(token));
      // The signature alone is the secret part.
      expect(line).not.toContain(token.split('.').at(-1)!);
    }
  });

  it('request log: a card number sent in a path or a query is not written to the log', async () => {
    const { api, seed, lines } = await startLogged({ cardNetwork: fixedPanNetwork() });
    const card = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;
    expect(card.masked_pan).toBe('411111******0587');
    lines.length = 0;
    await api.get(`/v1/cards/${KNOWN_PAN}`);
    await api.get(`/v1/cards?account_id=${KNOWN_PAN}`);
    await api.get(`/v1/nothing/${KNOWN_PAN}?q=${KNOWN_PAN}`);

    expect(lines).toHaveLength(3);
    expect(lines.map((line) => parse(line).status)).toEqual([422, 422, 404]);
    for (const line of lines) expect(line).not.toContain(KNOWN_PAN);
  });

  it('request log: a card number written with spaces or dashes in a URL is not written to the log either', async () => {
    const { api, seed, lines } = await startLogged({ cardNetwork: fixedPanNetwork() });
    await api.post('/v1/cards', bankingCardInput(seed.bankAccountId));
    const groups = KNOWN_PAN.match(/\d{4}/g)!;
    lines.length = 0;
    await api.get(`/v1/cards/${groups.join('-')}`);
    await api.get(`/v1/cards?account_id=${groups.join('%20')}`);
    await api.get(`/v1/nothing?pan=${groups.join('+')}`);

    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.replace(/%20|[-+ .]/g, '')).not.toContain(KNOWN_PAN);
  });

  it('request log: a percent-encoded card number is redacted even next to a malformed escape, and encoded spaces or newlines cannot break or forge a line', async () => {
    const { api, seed, lines } = await startLogged({ cardNetwork: fixedPanNetwork() });
    await api.post('/v1/cards', bankingCardInput(seed.bankAccountId));
    const encodedPan = [...KNOWN_PAN].map((digit) => `%3${digit}`).join('');
    lines.length = 0;
    await api.get(`/v1/cards?x=%E0%A4%A&pan=${encodedPan}`);
    await api.get('/v1/cards?q=a%20b%0A2026-01-01T00:00:00.000Z%20GET%20/forged%20200%201.0ms');

    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(encodedPan);
      expect(line).not.toContain(KNOWN_PAN);
      expect(line).not.toContain('\n');
      // Still one line of the documented fields.
      expect(parse(line).method).toBe('GET');
    }
    expect(lines[0]).toContain('pan=[redacted]');
  });
});

describe('warnings on the request log', () => {
  it('request log: the warnings an answer carries follow its line, each after " ! ", escaped so a field name cannot break the line', async () => {
    const started = await startLogged();
    const { api, seed, lines } = started;
    const body = { ...bankingCardInput(seed.bankAccountId), person_id: 'CC-1', 'two\nlines, and a comma': 1 };
    const res = await api.post('/v1/cards', body, { headers: { 'x-idempotency-key': '' } });
    expect(res.status).toBe(201);
    expect(lines).toHaveLength(1);
    const [base, ...notes] = lines[0]!.split(' ! ');
    expect(parse(base!)).toMatchObject({ method: 'POST', path: '/v1/cards', status: 201 });
    expect(notes.sort()).toEqual([
      'ignored an empty x-idempotency-key; the request ran without one',
      'ignored unknown field #/person_id',
      'ignored unknown field #/two%0Alines%2C%20and%20a%20comma',
    ]);
    expect(res.headers['x-emulator-warning']!.split(', ').sort()).toEqual(notes.sort());
  });

  it('request log: a body full of unknown fields gets ten warnings and a last line saying more were not shown, in the header and on the log line', async () => {
    const { api, seed, lines } = await startLogged();
    const extra = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`extra_${String(i).padStart(2, '0')}`, i]));
    const res = await api.post('/v1/cards', { ...bankingCardInput(seed.bankAccountId), ...extra });
    expect(res.status).toBe(201);
    const warnings = res.headers['x-emulator-warning']!.split(', ');
    expect(warnings).toHaveLength(11);
    expect(warnings.slice(0, 10).every((w) => /^ignored unknown field #\/extra_\d\d$/.test(w))).toBe(true);
    expect(warnings[10]).toBe('further warnings not shown');
    expect(lines[0]!.split(' ! ').slice(1)).toEqual(warnings);
  });

  it('request log: under strict nothing is let through, so nothing is warned; the refusal is logged', async () => {
    const { api, seed, lines } = await startLogged({ strict: true });
    const res = await api.post('/v1/cards', { ...bankingCardInput(seed.bankAccountId), person_id: 'CC-1' });
    expect(res.status).toBe(422);
    expect(lines).toHaveLength(1);
    expect(parse(lines[0]!)).toMatchObject({ method: 'POST', path: '/v1/cards', status: 422 });
  });
});

describe('without logRequest', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('request log: an emulator created without logRequest works and writes nothing to the console or stdout/stderr', async () => {
    const spies = [
      vi.spyOn(console, 'log'),
      vi.spyOn(console, 'info'),
      vi.spyOn(console, 'debug'),
      vi.spyOn(console, 'warn'),
      vi.spyOn(console, 'error'),
      vi.spyOn(process.stdout, 'write'),
      vi.spyOn(process.stderr, 'write'),
    ];
    const { api, anonymous, seed } = await startEmulator();
    const created = await api.post('/v1/cards', bankingCardInput(seed.bankAccountId));
    expect(created.status).toBe(201);
    expect((await api.get(`/v1/cards/${created.body.id}`)).status).toBe(200);
    expect((await api.post('/v1/cards', {})).status).toBe(422);
    expect((await anonymous.get('/v1/cards')).status).toBe(401);
    expect((await api.get('/v1/nothing-here')).status).toBe(404);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
