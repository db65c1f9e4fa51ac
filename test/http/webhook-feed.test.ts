import { describe, expect, it } from 'vitest';
import { checkedFetch, contractClient } from '../support/contract-client.js';
import { KEY_A, KEY_B, startEmulator, TEST_START } from '../support/emulator.js';
import { openFeed, type FeedMessage } from '../support/feed-client.js';
import { bankingCardInput } from '../support/fixtures.js';
import { startReceiver } from '../support/webhook-receiver.js';

/** Mono's webhook timestamps have microseconds (written here from the reference, not read from the emulator). */
const micros = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');
const isEvent = (type: string) => (m: FeedMessage) => m.event === 'webhook_event' && m.data.event.type === type;

describe('live feed: GET /_emulator/webhooks/feed (server-sent events over real HTTP)', () => {
  it('feed: takes the key in the Authorization header like every call; none or an unknown one is 401', async () => {
    const { emulator } = await startEmulator();
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer sandbox_no_such_tenant_00000' }];
    for (const headers of attempts) {
      const res = await checkedFetch(`${emulator.url}/_emulator/webhooks/feed`, { headers });
      expect(res.status).toBe(401);
    }
  });

  it("feed: an event sent to no URL arrives as webhook_event, with no event id, no deliveries, the data GET shows, and the emulator's own events marked", async () => {
    const { emulator, api, seed } = await startEmulator();
    const feed = await openFeed(emulator.url, KEY_A);
    expect(feed.status).toBe(200);
    const card = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;
    const message = await feed.next(isEvent('card_created'));
    expect(message.data).toEqual({
      event_id: null,
      event: { type: 'card_created', data: (await api.get(`/v1/cards/${card.id}`)).body },
      timestamp: micros(TEST_START),
      emulator_only: true,
      deliveries: [],
    });
    // One of Mono's own events is not marked.
    await api.post(`/v1/ledger/accounts/${seed.ledgerAccountId}/balance`, { amount: { amount: 100, currency: 'COP' }, operation: 'topup', external_id: 'feed-topup-1' });
    const credit = await feed.next(isEvent('ledger_account_transaction_created'));
    expect(credit.data).toMatchObject({ event_id: null, deliveries: [], event: { data: { operation_type: 'credit', amount: { amount: 100, currency: 'COP' } } } });
    expect(credit.data).not.toHaveProperty('emulator_only');
  });

  it('feed: with a receiver registered, the event comes with its queued delivery, and every attempt follows as the delivery log shows it', async () => {
    const { emulator, api, seed } = await startEmulator();
    const receiver = await startReceiver((_, index) => (index === 0 ? 500 : 200));
    await api.post('/_emulator/webhooks', { url: receiver.url, emulator_events: ['card_created'] });
    const feed = await openFeed(emulator.url, KEY_A);
    await api.post('/v1/cards', bankingCardInput(seed.bankAccountId));

    const queued = await feed.next(isEvent('card_created'));
    expect(queued.data.event_id).toMatch(/^evt_/);
    expect(queued.data.deliveries).toHaveLength(1);
    const [delivery] = queued.data.deliveries;
    expect(delivery).toMatchObject({ event_id: queued.data.event_id, status: 'pending', attempts: [], url: receiver.url });
    expect(JSON.parse(delivery.payload)).toEqual({ event: queued.data.event, timestamp: queued.data.timestamp, emulator_only: true });

    const attempt = (n: number) => feed.next((m) => m.event === 'delivery' && m.data.id === delivery.id && m.data.attempts.length === n);
    const first = await attempt(1);
    expect(first.data).toMatchObject({ status: 'pending', attempts: [{ number: 1, status_code: 500 }], next_attempt_at: new Date(TEST_START + 30_000).toISOString() });
    expect(first.data).toEqual((await api.get(`/_emulator/webhooks/deliveries/${delivery.id}`)).body);

    // Mono's second attempt comes 30 s later: on the tenant's clock, moved by the control plane.
    await api.post('/_emulator/clock/advance', { seconds: 30 });
    expect((await attempt(2)).data).toMatchObject({ status: 'delivered', attempts: [{ status_code: 500 }, { status_code: 200 }], next_attempt_at: null });

    await api.post(`/_emulator/webhooks/deliveries/${delivery.id}/redeliver`);
    expect((await attempt(3)).data.attempts[2]).toMatchObject({ number: 3, status_code: 200, manual: true });
    expect(receiver.received).toHaveLength(3);
  });

  it("feed: a tenant's stream carries its own events only", async () => {
    const { emulator, api, other, seed } = await startEmulator();
    const [feedA, feedB] = await Promise.all([openFeed(emulator.url, KEY_A), openFeed(emulator.url, KEY_B)]);
    const cardA = (await api.post('/v1/cards', bankingCardInput(seed.bankAccountId))).body;
    await feedA.next(isEvent('card_created'));
    const bankB = (await other.get('/v1/accounts')).body.accounts[0].id;
    const cardB = (await other.post('/v1/cards', bankingCardInput(bankB))).body;
    await feedB.next(isEvent('card_created'));
    expect(feedA.messages.filter(isEvent('card_created')).map((m) => m.data.event.data.id)).toEqual([cardA.id]);
    expect(feedB.messages.filter(isEvent('card_created')).map((m) => m.data.event.data.id)).toEqual([cardB.id]);
  });

  it('feed: a reset of the tenant says `reset` and ends its streams; a removed tenant opens none', async () => {
    const { emulator, api } = await startEmulator();
    const feed = await openFeed(emulator.url, KEY_A);
    const other = await openFeed(emulator.url, KEY_B);
    await api.post('/_emulator/reset');
    await feed.next((m) => m.event === 'reset');
    await feed.ended;
    expect(other.messages).toEqual([]);

    const made = (await contractClient(emulator.url).post('/_emulator/tenants', {})).body;
    const removed = await openFeed(emulator.url, made.api_key);
    await contractClient(emulator.url, made.api_key).delete(`/_emulator/tenants/${made.api_key}`);
    await removed.next((m) => m.event === 'reset');
    await removed.ended;
    expect((await openFeed(emulator.url, made.api_key)).status).toBe(401);
  });

  it('feed: at most 8 streams per tenant; a 9th answers 429 with Retry-After, and closing one makes room', async () => {
    const { emulator } = await startEmulator();
    const feeds = await Promise.all(Array.from({ length: 8 }, () => openFeed(emulator.url, KEY_A)));
    expect(feeds.map((f) => f.status)).toEqual(Array(8).fill(200));
    const refused = await checkedFetch(`${emulator.url}/_emulator/webhooks/feed`, { headers: { authorization: `Bearer ${KEY_A}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as { errors: { error_code: string }[] }).errors[0]!.error_code).toBe('too_many_requests');
    expect((await openFeed(emulator.url, KEY_B)).status).toBe(200);

    feeds[0]!.close();
    let again = await openFeed(emulator.url, KEY_A);
    // The server hears the close a moment later.
    for (let tries = 0; again.status === 429 && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await openFeed(emulator.url, KEY_A);
    }
    expect(again.status).toBe(200);
  });

  it('feed: stopping the emulator ends open streams at once rather than after the grace period', async () => {
    const { emulator } = await startEmulator();
    const feed = await openFeed(emulator.url, KEY_A);
    const started = performance.now();
    await emulator.stop();
    await feed.ended;
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});
