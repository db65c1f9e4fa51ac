import { createServer, type IncomingMessage } from 'node:http';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, platform } from 'node:os';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCardBody } from './fixtures.js';
import { load, type LoadResult } from './lib/load.js';
import { startServer, rssMb, type Probe, type RunningServer } from './lib/processes.js';
import { prismEntry } from './lib/prism.js';

/**
 * `npm run bench`: the emulator against a bare node:http server, a bare Express app and Prism,
 * one at a time on loopback, with the same autocannon settings; ratios are taken within this run,
 * so they hold on any machine. `--quick` runs every step briefly (the smoke test uses it).
 */
const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-prism': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const quick = flags.quick!;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = `${ROOT}dist/`;
const KEY = 'sandbox_benchmark_key_000000000000';
const AUTH = { authorization: `Bearer ${KEY}` };
const CONNECTIONS = 20;
const SECONDS = quick ? 1 : 5;
const ROUNDS = quick ? 1 : 2;
const CARDS = quick ? 300 : 100_000;
const SMALL_CARDS = quick ? 100 : 1_000;
const WEBHOOK_SAMPLES = quick ? 50 : 1_000;
const COLD_STARTS = quick ? 1 : 5;
const WARM_UP = quick ? 50 : 1_000;
const withPrism = !quick && !flags['no-prism'];

const log = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const best = (runs: LoadResult[]) => runs.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));

function startEmulator(extra: string[] = []): Promise<RunningServer> {
  return startServer([`${DIST}cli/mono-emulator.mjs`, '--quiet', '--api-key', KEY, ...extra], { method: 'GET', path: '/_emulator/health' }, { portArg: (port) => ['--port', String(port)] });
}

const startScript = (name: string, probe: Probe = { method: 'GET', path: '/' }) => startServer([`${DIST}bench/servers/${name}.js`], probe);

function startPrism(): Promise<RunningServer> {
  const probe = { method: 'GET', path: '/v1/accounts', headers: AUTH };
  return startServer([prismEntry(), 'mock', `${ROOT}contracts/mono.openapi.yaml`, '-h', '127.0.0.1', '-v', 'error'], probe, {
    portArg: (port) => ['-p', String(port)],
  });
}

async function json(port: number, method: string, path: string, body?: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { ...AUTH, 'content-type': 'application/json' }, ...(body ? { body } : {}) });
  return { status: res.status, body: await res.json() };
}

async function bankAccountOf(port: number): Promise<string> {
  const { body } = await json(port, 'GET', '/v1/accounts');
  return (body as { accounts: { id: string }[] }).accounts[0]!.id;
}

let keySequence = 0;
const freshKey = () => ({ 'x-idempotency-key': `bench-${process.pid}-${++keySequence}` });

/** Creates cards for a while; a warm-up burst first, so JIT and lazily compiled validators are ready. */
async function createLoad(port: number, body: string, idempotent: boolean): Promise<LoadResult> {
  const options = { port, method: 'POST' as const, path: '/v1/cards', body, headers: AUTH, connections: CONNECTIONS, ...(idempotent ? { perRequest: freshKey } : {}) };
  await load({ ...options, amount: WARM_UP });
  return load({ ...options, durationSeconds: SECONDS });
}

async function coldStarts(): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = { 'bare Express': [], emulator: [], Prism: [] };
  for (let i = 0; i < COLD_STARTS; i++) {
    for (const [name, start] of [
      ['bare Express', () => startScript('express-hello')],
      ['emulator', () => startEmulator()],
      ...(withPrism ? [['Prism', startPrism] as const] : []),
    ] as const) {
      const server = await start();
      samples[name]!.push(server.coldStartMs);
      await server.stop();
    }
  }
  return Object.fromEntries(Object.entries(samples).filter(([, v]) => v.length).map(([k, v]) => [k, Math.round(median(v))]));
}

/** Throughput of the create operation on each server: alternating rounds, best of each. */
async function throughput(): Promise<Record<string, LoadResult>> {
  const receiver = await startScript('receiver');
  const runs: Record<string, LoadResult[]> = {};
  const record = (name: string, result: LoadResult) => (runs[name] ??= []).push(result);
  const body = createCardBody('acc_u0wnGw4mhZyLn7b8eVsB5x');
  for (let round = 0; round < ROUNDS; round++) {
    const bare = await startScript('bare-http');
    record('bare node:http, fixed card', await createLoad(bare.port, body, false));
    await bare.stop();
    const hello = await startScript('express-hello');
    record('bare Express 5 + express.json(), fixed card', await createLoad(hello.port, body, false));
    await hello.stop();
    // card_created is the emulator's own event, sent only when asked for: one webhook per card.
    const emulator = await startEmulator(['--webhook-url', `http://127.0.0.1:${receiver.port}/hooks`, '--webhook-emulator-events']);
    record('emulator POST /v1/cards (key per request, webhook to a receiver)', await createLoad(emulator.port, createCardBody(await bankAccountOf(emulator.port)), true));
    await emulator.stop();
    // The same without a webhook URL: what delivering one webhook per card costs on these cores.
    const quiet = await startEmulator();
    record('emulator POST /v1/cards (key per request, no webhook registered)', await createLoad(quiet.port, createCardBody(await bankAccountOf(quiet.port)), true));
    await quiet.stop();
    if (withPrism) {
      const prism = await startPrism();
      record('Prism 5.14.2 -v error, POST /v1/cards mock', await createLoad(prism.port, createCardBody('acc_u0wnGw4mhZyLn7b8eVsB5x'), false));
      await prism.stop();
    }
  }
  await receiver.stop();
  return Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, best(list)]));
}

/** RSS after filling an emulator started with `flags` with CARDS cards. */
async function rssAfterFill(flags: string[]): Promise<number> {
  const emulator = await startEmulator(flags);
  const result = await load({ port: emulator.port, method: 'POST', path: '/v1/cards', body: createCardBody(await bankAccountOf(emulator.port)), headers: AUTH, connections: CONNECTIONS, amount: CARDS });
  if (result.errors || result.non2xx) throw new Error(`filling cards: ${result.errors} errors, ${result.non2xx} non-2xx`);
  const rss = rssMb(emulator.child.pid!);
  await emulator.stop();
  return rss;
}

/** Reads: one card by id and the default list, with few and with many cards held; the RSS at many. */
async function reads() {
  const emulator = await startEmulator();
  const body = createCardBody(await bankAccountOf(emulator.port));
  const fill = async (count: number) => {
    const result = await load({ port: emulator.port, method: 'POST', path: '/v1/cards', body, headers: AUTH, connections: CONNECTIONS, amount: count });
    if (result.errors || result.non2xx) throw new Error(`filling cards: ${result.errors} errors, ${result.non2xx} non-2xx`);
  };
  const list = async () => {
    await load({ port: emulator.port, method: 'GET', path: '/v1/cards', headers: AUTH, connections: CONNECTIONS, amount: WARM_UP });
    return load({ port: emulator.port, method: 'GET', path: '/v1/cards', headers: AUTH, connections: CONNECTIONS, durationSeconds: SECONDS });
  };
  await fill(SMALL_CARDS);
  const listSmall = await list();
  await fill(CARDS - SMALL_CARDS);
  const rss = rssMb(emulator.child.pid!);
  const page = (await json(emulator.port, 'GET', '/v1/cards?page_size=500')).body as { cards: { id: string }[] };
  const paths = page.cards.map((card) => `/v1/cards/${card.id}`);
  const getById = await load({ port: emulator.port, method: 'GET', path: paths[0]!, paths, headers: AUTH, connections: CONNECTIONS, durationSeconds: SECONDS });
  const listLarge = await list();
  await emulator.stop();
  return { listSmall, listLarge, getById, rss };
}

/** From the create answer to the receiver holding the event, one card at a time. */
async function webhookLatency(): Promise<{ p50: number; p99: number; samples: number }> {
  const arrivals = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const receiver = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const id = (JSON.parse(Buffer.concat(chunks).toString()) as { event: { data: { id: string } } }).event.data.id;
      arrivals.set(id, at);
      waiting.get(id)?.();
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const emulator = await startEmulator(['--webhook-url', `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, '--webhook-emulator-events']);
  const body = createCardBody(await bankAccountOf(emulator.port));
  const agent = new http.Agent({ keepAlive: true });
  const post = () =>
    new Promise<{ id: string; answeredAt: number }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: emulator.port, method: 'POST', path: '/v1/cards', agent, headers: { ...AUTH, 'content-type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ id: (JSON.parse(Buffer.concat(chunks).toString()) as { id: string }).id, answeredAt: performance.now() }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const latencies: number[] = [];
  for (let i = 0; i < WEBHOOK_SAMPLES; i++) {
    const { id, answeredAt } = await post();
    if (!arrivals.has(id)) await new Promise<void>((resolve) => waiting.set(id, resolve));
    latencies.push(Math.max(0, arrivals.get(id)! - answeredAt));
  }
  agent.destroy();
  await emulator.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  return { p50: Math.round(percentile(latencies, 50) * 100) / 100, p99: Math.round(percentile(latencies, 99) * 100) / 100, samples: latencies.length };
}

const mark = (ok: boolean) => (ok ? 'met' : 'missed');
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

async function main() {
  const startedAt = new Date();
  log(`benchmark${quick ? ' (quick)' : ''}: ${CONNECTIONS} connections, ${SECONDS} s a run, ${ROUNDS} round(s)`);
  const cold = await coldStarts();
  log(`cold starts: ${JSON.stringify(cold)}`);
  const creates = await throughput();
  for (const [name, r] of Object.entries(creates)) log(`${name}: ${r.requestsPerSecond} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`);
  const read = await reads();
  log(`reads: ${JSON.stringify(read)}`);
  const lowMemoryRss = await rssAfterFill(['--low-memory']);
  log(`RSS with --low-memory: ${lowMemoryRss} MB`);
  const hooks = await webhookLatency();
  log(`webhook latency: ${JSON.stringify(hooks)}`);

  const names = Object.keys(creates);
  const [, express, emulator, withoutWebhooks, prism] = names.map((n) => creates[n]!);
  const rows: [string, LoadResult][] = [
    ...Object.entries(creates),
    [`emulator GET /v1/cards/{id}, ${CARDS.toLocaleString('en')} cards held`, read.getById],
    [`emulator GET /v1/cards, ${SMALL_CARDS.toLocaleString('en')} cards held`, read.listSmall],
    [`emulator GET /v1/cards, ${CARDS.toLocaleString('en')} cards held`, read.listLarge],
  ];
  const vsExpress = ratio(emulator!.requestsPerSecond, express!.requestsPerSecond);
  const vsPrism = prism ? ratio(emulator!.requestsPerSecond, prism.requestsPerSecond) : undefined;
  const coldRatio = ratio(cold.emulator!, cold['bare Express']!);
  const listRatio = ratio(read.listLarge.p50 || 0.01, read.listSmall.p50 || 0.01);
  const cpu = cpus();
  const markdown = [
    '# Benchmark results',
    '',
    `Run ${startedAt.toISOString()} by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${platform()}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}.`,
    `autocannon with ${CONNECTIONS} connections, ${SECONDS} s a run, ${ROUNDS === 1 ? 'one round' : `best of ${ROUNDS} alternating rounds`}; every server alone on loopback, the load generator on the same machine. Absolute figures move between machines: compare the ratios.`,
    '',
    '| Scenario | req/s | p50 ms | p99 ms | errors | non-2xx |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(([name, r]) => `| ${name} | ${r.requestsPerSecond} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`),
    '',
    '| Target | Measured | Target | |',
    '|---|---:|---:|---|',
    `| emulator create ÷ Express hello | ${vsExpress} | ≥ 0.8 | ${mark(vsExpress >= 0.8)} |`,
    `| emulator create with no webhook registered ÷ Express hello | ${ratio(withoutWebhooks!.requestsPerSecond, express!.requestsPerSecond)} | (for comparison) | |`,
    `| emulator create ÷ Prism \`-v error\` | ${vsPrism ?? 'not run'} | ≥ 1.0 | ${vsPrism === undefined ? '—' : mark(vsPrism >= 1)} |`,
    `| cold start, emulator ÷ bare Express (${cold.emulator} ms ÷ ${cold['bare Express']} ms${cold.Prism ? `; Prism ${cold.Prism} ms` : ''}) | ${coldRatio} | ≤ 1.5 | ${mark(coldRatio <= 1.5)} |`,
    `| RSS after ${CARDS.toLocaleString('en')} cards | ${read.rss} MB | ≤ 150 MB | ${mark(read.rss <= 150)} |`,
    `| RSS after ${CARDS.toLocaleString('en')} cards, \`--low-memory\` | ${lowMemoryRss} MB | ≤ 150 MB | ${mark(lowMemoryRss <= 150)} |`,
    `| list p50 at ${CARDS.toLocaleString('en')} ÷ at ${SMALL_CARDS.toLocaleString('en')} cards (${read.listLarge.p50} ms ÷ ${read.listSmall.p50} ms) | ${listRatio} | ≤ 2 | ${mark(listRatio <= 2)} |`,
    `| webhook latency, create answer → receiver (p50 ${hooks.p50} ms, ${hooks.samples} cards) | p99 ${hooks.p99} ms | ≤ 25 ms | ${mark(hooks.p99 <= 25)} |`,
    '',
    `Cold start: median of ${COLD_STARTS} spawns, from spawn to the first answered request (\`node dist/cli/mono-emulator.mjs\`, what \`npm start\` runs without npm's own overhead).`,
    '',
  ].join('\n');
  const out = flags.out ?? (quick ? undefined : `${ROOT}bench/results.md`);
  if (out) writeFileSync(out, markdown);
  log('');
  log(markdown);
  const failed = rows.some(([, r]) => r.errors > 0 || r.non2xx > 0);
  process.exitCode = failed ? 1 : 0;
}

await main();
