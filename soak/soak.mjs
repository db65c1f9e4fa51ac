#!/usr/bin/env node
// `npm run soak -- --seconds N`: sustained mixed traffic against the compiled emulator
// (`node dist/cli/mono-emulator.mjs`), on loopback only, for N seconds (or until `--requests M`
// have been answered, if that comes first), then a verdict:
//   - 0 answers of 5xx, 0 connection errors, 0 answers other than the ones each request expects;
//   - memory that levels off: the emulator's RSS after the last tenth of the run within 10% of
//     its RSS after the first tenth.
// The run is a series of one-second rounds (--reset-every). Each starts with POST /_emulator/reset,
// as a CI suite does between test files, then registers a webhook receiver (which fails one delivery in five) and sends:
// card creations with and without X-Idempotency-Key, replays of keyed ones, cardholder creations,
// gets, lists, freezes, unfreezes and cancellations, ledger top-ups, look URLs, delivery-log reads,
// and bad requests of every kind (malformed JSON, missing fields, bad query parameters, unknown
// ids, bad or missing keys, bad idempotency keys, bodies over the limit).
// The emulator runs with a 2 s idempotency TTL and a delivery log of 200 finished deliveries per
// tenant, so both bounds are reached within a round. `--json` prints the figures as one JSON line.
//
// Memory is judged only on runs of at least MEMORY_JUDGED_FROM_SECONDS. V8 sizes its heap during
// the first ~15 s of such traffic, so RSS needs a long run; the live heap after each full GC
// (node --trace-gc), the direct sign of a leak, rises and falls with every round's state (a
// sawtooth of ~15% of it), so one sample against another is noise: the median of the samples in
// the first fifth after warm-up is compared with the median of the last fifth. Short runs (the
// one of 2,000 requests in npm test) report both and judge neither.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KEY = 'sandbox_soak_tenant_key_0000000000';
const TENTHS = 10;
const MEMORY_JUDGED_FROM_SECONDS = 120;
const GROWTH_LIMIT = 0.1;
const IDEMPOTENCY_TTL_SECONDS = 2;

function options() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      requests: { type: 'string' },
      connections: { type: 'string', default: '16' },
      'reset-every': { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  if (!(seconds > 0 && seconds <= 3600)) throw new Error(`--seconds takes 1 to 3600, not "${values.seconds}"`);
  if (!(Number.isInteger(connections) && connections >= 1 && connections <= 256)) throw new Error(`--connections takes 1 to 256, not "${values.connections}"`);
  const resetEvery = Number(values['reset-every']);
  if (!(resetEvery > 0)) throw new Error(`--reset-every takes a positive number of seconds, not "${values['reset-every']}"`);
  const requests = values.requests === undefined ? undefined : Number(values.requests);
  if (requests !== undefined && !(Number.isInteger(requests) && requests >= 1)) throw new Error(`--requests takes a positive whole number, not "${values.requests}"`);
  return { seconds, connections, resetEvery, requests, json: values.json };
}

/** The emulator's resident set size, from /proc (Linux), in MiB. */
function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)[1]) / 1024;
}

async function startEmulator() {
  const child = spawn(
    process.execPath,
    ['--trace-gc', 'dist/cli/mono-emulator.mjs', '--port', '0', '--quiet', '--api-key', KEY, '--idempotency-ttl', String(IDEMPOTENCY_TTL_SECONDS), '--webhook-log-limit', '200', '--webhook-timeout', '2000'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  /** [milliseconds since the emulator started, MiB live after a full GC]. */
  const fullGcs = [];
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    for (const match of chunk.matchAll(/ (\d+) ms: Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(/g)) fullGcs.push([Number(match[1]), Number(match[2])]);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => (err += chunk));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator did not start:\n${out}${err}`)), 15_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /^Mono emulator ready at (\S+) /m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before it was ready:\n${out}${err}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, url, exited, fullGcs, output: () => out + err };
}

/** A receiver on loopback that acknowledges four deliveries in five and fails the fifth. */
async function startReceiver() {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(n++ % 5 === 4 ? 500 : 204).end());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/hooks` };
}

function client(baseUrl, connections) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const { hostname, port } = new URL(baseUrl);
  return (method, path, { body, raw, headers = {}, auth = `Bearer ${KEY}` } = {}) =>
    new Promise((resolve, reject) => {
      const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
      const all = { ...headers };
      if (auth) all.authorization = auth;
      if (payload !== undefined) {
        all['content-type'] ??= 'application/json';
        all['content-length'] = Buffer.byteLength(payload);
      }
      const req = http.request({ host: hostname, port, method, path, headers: all, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, body: json });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
}

const cardholder = (n) => ({
  first_name: 'Grace',
  last_name: 'Hopper',
  birthdate: '1906-12-09',
  email: `grace.${n}@example.com`,
  phone_number: '+573001234567',
  nationality: 'CO',
  document: { type: 'CC', number: String(1_000_000 + n) },
  address: { line_1: 'Calle 1 # 2-3', city: 'Bogotá', state: 'Bogotá D.C.', zip_code: '110221', country: 'CO' },
});

const pick = (list, n) => list[n % list.length];

/** What one round knows about the tenant: seeded ids, and what it created. */
async function prepareRound(call, receiverUrl) {
  const reset = await call('POST', '/_emulator/reset', { auth: null });
  if (reset.status !== 204) throw new Error(`reset answered ${reset.status}`);
  const accounts = (await call('GET', '/v1/accounts')).body.accounts.map((a) => a.id);
  const ledger = (await call('GET', '/v1/ledger/accounts')).body.accounts[0].id;
  // Card creations are most of the traffic: their (emulator-only) events keep the receiver busy.
  const webhook = await call('POST', '/_emulator/webhooks', { body: { url: receiverUrl, emulator_events: ['card_created', 'card_state_changed'] } });
  if (webhook.status !== 201) throw new Error(`webhook registration answered ${webhook.status}`);
  return { accounts, ledger, cards: [], keyed: [] };
}

/**
 * The traffic: each action names the answers it accepts. Business answers are expected where the
 * data allows them (a card canceled by another worker answers 409 to a freeze).
 */
function actions(call, round, counter) {
  const next = () => counter.n++;
  const card = () => pick(round.cards, next()) ?? 'car_0000000000000000000000';
  const bankingCard = (n) => ({ account_id: pick(round.accounts, n), cardholder: cardholder(n) });
  return [
    [10, 'create card', [201], async () => {
      const res = await call('POST', '/v1/cards', { body: bankingCard(next()) });
      if (res.status === 201) round.cards.push(res.body.id);
      return res;
    }],
    [8, 'create card with a key', [201], async () => {
      const n = next();
      const key = `soak-${n}-${Math.random().toString(36).slice(2)}`;
      const body = bankingCard(n);
      const res = await call('POST', '/v1/cards', { body, headers: { 'x-idempotency-key': key } });
      if (res.status === 201) {
        round.cards.push(res.body.id);
        round.keyed.push({ key, body, id: res.body.id, at: performance.now() });
        if (round.keyed.length > 200) round.keyed.shift();
      }
      return res;
    }],
    [6, 'replay a keyed creation', [200, 201], async () => {
      const earlier = pick(round.keyed, next());
      // Nothing keyed yet this round: read the accounts instead (200).
      if (!earlier) return call('GET', '/v1/accounts');
      const res = await call('POST', '/v1/cards', { body: earlier.body, headers: { 'x-idempotency-key': earlier.key } });
      // Within the TTL it is a replay of the same card; after it (2 s), a new creation.
      if (res.status === 200 && (res.headers['x-idempotent-replayed'] !== 'true' || res.body.id !== earlier.id)) return { ...res, status: 'replay differs' };
      // After the TTL the key is free again: a new creation, which later replays repeat. Before it
      // (less the time the first answer took to come back), a 201 means the key was not honoured.
      if (res.status === 201) {
        if (performance.now() - earlier.at < IDEMPOTENCY_TTL_SECONDS * 1000 - 250) return { ...res, status: 'created again within the TTL' };
        round.cards.push(res.body.id);
        earlier.id = res.body.id;
        earlier.at = performance.now();
      }
      return res;
    }],
    [4, 'create cardholder', [201], () => call('POST', '/v1/cards/cardholders', { body: cardholder(next()) })],
    [15, 'get card', [200, 404], () => call('GET', `/v1/cards/${card()}`)],
    [8, 'list cards', [200], () => call('GET', `/v1/cards?page_size=${pick([10, 50, 100], next())}&state=active,frozen,created`)],
    [4, 'list accounts', [200], () => call('GET', '/v1/accounts')],
    [4, 'list ledger accounts', [200], () => call('GET', '/v1/ledger/accounts')],
    [6, 'freeze or unfreeze', [200, 404, 409], () => call('PATCH', `/v1/cards/${card()}`, { body: { state: pick(['frozen', 'active'], next()) } })],
    [1, 'cancel', [200, 404, 409], () => call('PATCH', `/v1/cards/${card()}`, { body: { state: 'canceled' } })],
    [5, 'ledger top-up', [201], () => call('POST', `/v1/ledger/accounts/${round.ledger}/balance`, { body: { amount: { amount: 100, currency: 'COP' }, operation: 'topup', external_id: `soak-${next()}-${Math.random()}` } })],
    [3, 'look URL', [200, 404, 409], () => call('GET', `/v1/cards/${card()}/look`)],
    [2, 'delivery log', [200], () => call('GET', '/_emulator/webhooks/deliveries?page_size=50')],
    [3, 'malformed JSON', [400], () => call('POST', '/v1/cards', { raw: '{"account_id": ' })],
    [3, 'missing field', [422], () => call('POST', '/v1/cards', { body: { account_id: pick(round.accounts, next()) } })],
    [3, 'bad page_size', [422], () => call('GET', `/v1/cards?page_size=${pick(['0', '-1', 'abc', '100000'], next())}`)],
    [3, 'unknown card', [404], () => call('GET', '/v1/cards/car_0000000000000000000000')],
    [3, 'bad key', [401], () => call('GET', '/v1/cards', { auth: pick(['Bearer sandbox_nobody_000000000', 'Basic x', null], next()) })],
    [2, 'bad idempotency key', [400], () => call('POST', '/v1/cards/cardholders', { body: cardholder(next()), headers: { 'x-idempotency-key': 'k'.repeat(300) } })],
    [1, 'body over the limit', [413], () => call('POST', '/v1/cards', { raw: JSON.stringify({ padding: 'x'.repeat(120_000) }) })],
  ];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : Math.round(((sorted[middle - 1] + sorted[middle]) / 2) * 10) / 10;
}

function weighted(list) {
  const total = list.reduce((sum, [weight]) => sum + weight, 0);
  let seed = 0x2545f491;
  return () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    let r = (seed / 0x1_0000_0000) * total;
    for (const entry of list) {
      r -= entry[0];
      if (r < 0) return entry;
    }
    return list[list.length - 1];
  };
}

export async function runSoak({ seconds, connections, resetEvery = 1, requests: enough = Infinity }) {
  const emulator = await startEmulator();
  const receiver = await startReceiver();
  const call = client(emulator.url, connections);
  const figures = {
    date: new Date().toISOString(),
    node: process.version,
    cores: (await import('node:os')).availableParallelism(),
    seconds,
    connections,
    resetEverySeconds: resetEvery,
    resets: 0,
    requests: 0,
    byStatus: {},
    serverErrors: 0,
    connectionErrors: 0,
    unexpectedCount: 0,
    /** The first 20 unexpected answers and connection errors, for the report. */
    unexpected: [],
    rssMiB: { start: rssMiB(emulator.child.pid), tenths: [] },
  };
  const counter = { n: 0 };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const done = () => figures.requests + figures.connectionErrors >= enough;
  let elapsed = 0;
  // RSS at the end of each tenth of the run, whatever round is under way then.
  const sampler = setInterval(() => {
    if (figures.rssMiB.tenths.length < TENTHS) figures.rssMiB.tenths.push(Math.round(rssMiB(emulator.child.pid) * 10) / 10);
  }, (seconds * 1000) / TENTHS);
  try {
    while (performance.now() < deadline - 1 && !done()) {
      const round = await prepareRound(call, receiver.url);
      figures.resets++;
      const choose = weighted(actions(call, round, counter));
      const until = Math.min(deadline, performance.now() + resetEvery * 1000);
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (performance.now() < until && !done()) {
            const [, name, accepted, run] = choose();
            let res;
            try {
              res = await run();
            } catch (error) {
              figures.connectionErrors++;
              if (figures.unexpected.length < 20) figures.unexpected.push(`${name}: ${error.code ?? error.message}`);
              continue;
            }
            figures.requests++;
            figures.byStatus[res.status] = (figures.byStatus[res.status] ?? 0) + 1;
            if (typeof res.status === 'number' && res.status >= 500) figures.serverErrors++;
            if (!accepted.includes(res.status)) {
              figures.unexpectedCount++;
              if (figures.unexpected.length < 20) figures.unexpected.push(`${name}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`);
            }
          }
        }),
      );
    }
    elapsed = performance.now() - started;
    // The last tenth's sample, if the timer has not taken it yet (a run cut short by --requests takes it now).
    if (!done()) await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + seconds * 1000 + 50 - performance.now())));
    if (figures.rssMiB.tenths.length < TENTHS) figures.rssMiB.tenths.push(Math.round(rssMiB(emulator.child.pid) * 10) / 10);
  } finally {
    clearInterval(sampler);
    emulator.child.kill('SIGTERM');
    figures.exit = await emulator.exited;
    receiver.server.closeAllConnections();
    receiver.server.close();
  }
  const { tenths } = figures.rssMiB;
  figures.rssMiB.start = Math.round(figures.rssMiB.start * 10) / 10;
  figures.rssMiB.afterFirstTenth = tenths[0];
  figures.rssMiB.end = tenths[tenths.length - 1];
  figures.rssGrowth = Math.round(((figures.rssMiB.end - figures.rssMiB.afterFirstTenth) / figures.rssMiB.afterFirstTenth) * 1000) / 1000;
  figures.rssJudged = seconds >= MEMORY_JUDGED_FROM_SECONDS;
  // Live heap after the full GCs that came after the first tenth: the median of the first fifth of them against that of the last.
  const tenthMs = (seconds * 1000) / TENTHS;
  const later = emulator.fullGcs.filter(([at]) => at >= tenthMs).map(([, mib]) => mib);
  const fifth = Math.floor(later.length / 5);
  const early = fifth ? median(later.slice(0, fifth)) : null;
  const late = fifth ? median(later.slice(-fifth)) : null;
  figures.liveHeapMiB = { fullGcs: emulator.fullGcs.length, earlyMedian: early, lateMedian: late, max: later.length ? Math.max(...later) : null };
  figures.liveHeapJudged = seconds >= MEMORY_JUDGED_FROM_SECONDS && fifth >= 2;
  figures.liveHeapGrowth = early ? Math.round(((late - early) / early) * 1000) / 1000 : null;
  figures.elapsedSeconds = Math.round(elapsed / 100) / 10;
  figures.requestsPerSecond = Math.round(figures.requests / (elapsed / 1000));
  figures.passed =
    figures.serverErrors === 0 &&
    figures.connectionErrors === 0 &&
    figures.unexpectedCount === 0 &&
    (!figures.rssJudged || Math.abs(figures.rssGrowth) <= GROWTH_LIMIT) &&
    (!figures.liveHeapJudged || figures.liveHeapGrowth <= GROWTH_LIMIT) &&
    figures.exit.code === 0;
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let opts;
  try {
    opts = options();
  } catch (error) {
    console.error(`soak: ${error.message}`);
    process.exit(2);
  }
  const figures = await runSoak(opts);
  if (opts.json) console.log(JSON.stringify(figures));
  else {
    console.log(`soak: ${figures.requests} requests in ${figures.elapsedSeconds} s over ${figures.connections} connections (${figures.requestsPerSecond}/s), Node ${figures.node}, ${figures.cores} cores`);
    console.log(`  answers by status: ${JSON.stringify(figures.byStatus)}`);
    console.log(`  5xx: ${figures.serverErrors}, connection errors: ${figures.connectionErrors}, unexpected answers: ${figures.unexpectedCount}`);
    for (const line of figures.unexpected) console.log(`    ${line}`);
    console.log(`  ${figures.resets} resets (one every ${figures.resetEverySeconds} s)`);
    console.log(`  emulator RSS (MiB): start ${figures.rssMiB.start}, after each tenth ${figures.rssMiB.tenths.join(', ')}`);
    console.log(
      `  RSS after the last tenth vs after the first: ${(figures.rssGrowth * 100).toFixed(1)}% (limit ±10%${figures.rssJudged ? '' : `; not judged on runs under ${MEMORY_JUDGED_FROM_SECONDS} s, while V8 sizes its heap`})`,
    );
    const heap = figures.liveHeapMiB;
    console.log(
      `  live heap after full GCs (MiB): ${heap.fullGcs} full GCs; median of the first fifth after warm-up ${heap.earlyMedian}, of the last fifth ${heap.lateMedian}, at most ${heap.max}${heap.earlyMedian ? ` (${(figures.liveHeapGrowth * 100).toFixed(1)}%` : ' (too few samples'}${figures.liveHeapJudged ? ', limit +10%)' : `; not judged on runs under ${MEMORY_JUDGED_FROM_SECONDS} s)`}`,
    );
    console.log(`  emulator exit on SIGTERM: ${JSON.stringify(figures.exit)}`);
    console.log(figures.passed ? 'soak: passed' : 'soak: FAILED');
  }
  process.exit(figures.passed ? 0 : 1);
}
