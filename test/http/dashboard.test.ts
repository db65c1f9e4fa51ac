import { describe, expect, it } from 'vitest';
import { loadContracts } from '../../contracts/index.js';
import { startEmulator } from '../support/emulator.js';

/** The JSON the page embeds for its script: the operations it may call and the fake people. */
function embeddedConfig(page: string): { operations: Record<string, { method: string; path: string }>; people: Record<string, unknown>[] } {
  const json = /<script type="application\/json" id="dashboard-config">(.*?)<\/script>/s.exec(page);
  expect(json, 'the embedded configuration').not.toBeNull();
  return JSON.parse(json![1]!);
}

describe('dashboard: GET /_emulator/dashboard and its files', () => {
  it('dashboard: the page needs no key, loads only its own files, forbids anything else by its CSP, and holds no tenant data', async () => {
    const { anonymous, api, emulator } = await startEmulator();
    const res = await anonymous.get('/_emulator/dashboard');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers).toMatchObject({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' });
    const csp = res.headers['content-security-policy']!;
    for (const directive of ["default-src 'none'", "script-src 'self'", "connect-src 'self'", "style-src 'self'", "frame-ancestors 'none'"]) expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe');
    expect([...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['/_emulator/dashboard/dashboard.css', '/_emulator/dashboard/scripts/app.js', 'data:,']);
    // What a tenant holds is read by the script with the key the person gives, never written into the page.
    const accounts = (await api.get('/v1/accounts')).body.accounts.map((a: { id: string }) => a.id);
    for (const secretOrData of [...emulator.apiKeys, ...accounts]) expect(res.text).not.toContain(secretOrData);
  });

  it('dashboard: serves its scripts and style sheet with their types, and 404 for any other file', async () => {
    const { anonymous } = await startEmulator();
    for (const script of ['app.js', 'view.js']) {
      const res = await anonymous.get(`/_emulator/dashboard/scripts/${script}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.text).toMatch(/^\/\/ The dashboard's/);
    }
    const css = await anonymous.get('/_emulator/dashboard/dashboard.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    for (const name of ['nope.js', 'constructor.js', 'assets.js']) {
      const res = await anonymous.get(`/_emulator/dashboard/scripts/${name}`);
      expect(res.status, name).toBe(404);
      expect(res.body.errors[0]).toMatchObject({ error_code: 'item_not_found', path: '#/script' });
    }
    expect((await anonymous.get('/_emulator/dashboard/scripts/..%2Fassets.ts')).status).toBe(422);
  });

  it("dashboard: the page offers each operation it uses that the contracts define, as they define it, and the network's panel only with the spend simulation", async () => {
    const { anonymous } = await startEmulator();
    const page = (await anonymous.get('/_emulator/dashboard')).text;
    const { operations } = embeddedConfig(page);
    const { index } = loadContracts();
    for (const [id, route] of Object.entries(operations)) {
      const op = index.byId(id);
      expect(op, id).toBeDefined();
      expect(route).toEqual({ method: op!.method.toUpperCase(), path: op!.path });
    }
    for (const id of ['listCards', 'createBankingCard', 'createActivationLink', 'redeliverWebhook', 'advanceClock', 'streamWebhookFeed']) expect(operations[id], id).toBeDefined();
    const spend = index.byId('createCardAuthorization') !== undefined;
    expect(operations.createCardAuthorization !== undefined).toBe(spend);
    expect(page.includes('id="purchase-form"')).toBe(spend);
  });

  it('dashboard: the fake people that prefill the cardholder form are accepted by POST /v1/cards/cardholders as they are, the same for the same seed', async () => {
    const { anonymous, api } = await startEmulator({ seed: 7 });
    const { people } = embeddedConfig((await anonymous.get('/_emulator/dashboard')).text);
    expect(people).toHaveLength(20);
    for (const person of people) expect((await api.post('/v1/cards/cardholders', person)).status).toBe(201);
    const again = await startEmulator({ seed: 7 });
    expect(embeddedConfig((await again.anonymous.get('/_emulator/dashboard')).text).people).toEqual(people);
    const other = await startEmulator({ seed: 8 });
    expect(embeddedConfig((await other.anonymous.get('/_emulator/dashboard')).text).people).not.toEqual(people);
  });
});
