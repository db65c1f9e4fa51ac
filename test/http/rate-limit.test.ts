import { describe, expect, it } from 'vitest';
import { startEmulator } from '../support/emulator.js';
import { honouringRetryAfter } from '../support/retry-after.js';

describe('rate limit', () => {
  it('rate limit: past the requests of a window a key gets 429 too_many_requests with Retry-After until the window closes', async () => {
    const { api, emulator } = await startEmulator({ rateLimit: '3/60' });
    // startEmulator's three discovery reads opened the window at the start of the clock and used it up.
    const limited = await api.get('/v1/accounts');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.body).toMatchObject({ code: '429 Too Many Requests', errors: [{ error_code: 'too_many_requests', path: null, url: null }] });
    await emulator.advanceClock(45_000);
    expect((await api.get('/v1/accounts')).headers['retry-after']).toBe('15');
    await emulator.advanceClock(15_000);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.get('/v1/accounts')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('rate limit: a client that honours Retry-After gets through; one that retries at once does not', async () => {
    const { api, emulator } = await startEmulator({ rateLimit: '3/20' });
    const eager = await honouringRetryAfter(() => api.get('/v1/ledger/tenant/config'), async () => undefined, 3);
    expect(eager.res.status).toBe(429);
    const patient = await honouringRetryAfter(
      () => api.get('/v1/ledger/tenant/config'),
      (seconds) => emulator.advanceClock(seconds * 1000),
    );
    expect(patient.res.status).toBe(200);
    expect(patient.waits).toEqual([20]);
  });

  it('rate limit: on the system clock, a client that sleeps Retry-After seconds gets through', async () => {
    const { api } = await startEmulator({ clock: 'system', rateLimit: '3/1' });
    const sleep = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000 + 50));
    const { res, waits } = await honouringRetryAfter(() => api.get('/v1/accounts'), sleep);
    expect(res.status).toBe(200);
    expect(waits).toEqual([1]);
  });

  it('rate limit: each key has its own budget; the control plane and 401s are not limited', async () => {
    const { api, other, anonymous } = await startEmulator({ rateLimit: '3/60' });
    expect((await api.get('/v1/accounts')).status).toBe(429);
    expect((await other.get('/v1/accounts')).status).toBe(200);
    expect((await api.get('/_emulator/webhooks')).status).toBe(200);
    expect((await anonymous.get('/v1/accounts')).status).toBe(401);
  });

  it('rate limit: a reset gives every key a fresh window', async () => {
    const { api, emulator } = await startEmulator({ rateLimit: '3/60' });
    expect((await api.get('/v1/accounts')).status).toBe(429);
    emulator.reset();
    expect((await api.get('/v1/accounts')).status).toBe(200);
  });

  it('rate limit: off by default; a malformed limit is refused at start', async () => {
    const { api } = await startEmulator();
    for (let i = 0; i < 50; i++) expect((await api.get('/v1/accounts')).status).toBe(200);
    await expect(startEmulator({ rateLimit: '0/60' })).rejects.toThrow(/at least 1 request/);
    await expect(startEmulator({ rateLimit: 'ten' })).rejects.toThrow(/a rate limit is <requests>\[\/<seconds>\]/);
  });
});
