import { createServer, type IncomingMessage } from 'node:http';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, platform } from 'node:os';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCardBody } from './fixtures.js';
import { load, type LoadOptions, type LoadResult } from './lib/load.js';
import { cpuSeconds, startServer, rssMb, type Probe, type RunningServer } from './lib/processes.js';
import { prismEntry } from './lib/prism.js';

/**
 * `npm run bench`: the emulator against a bare node:http server, a bare Express app and Prism,
 * one at a time on loopback, with the same autocannon settings; ratios are taken within this run,
 * so they hold on any machine. `--quick` runs every step briefly (the smoke test uses it).
 */
const STEPS = ['cold', 'throughput', 'fill', 'low-memory', 'webhook'] as const;
type Step = (typeof STEPS)[number];
const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-prism': { type: 'boolean', default: false },
    out: { type: 'string' },
    // While tuning: some steps only (comma-separated), more or fewer rounds, shorter runs.
    only: { type: 'string' },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
  },
});
const quick = flags.quick!;
const only = flags.only?.split(',') ?? STEPS;
for (const step of only) if (!STEPS.includes(step as Step)) throw new Error(`--only takes ${STEPS.join(', ')}; not ${step}`);
const runs = (step: Step) => only.includes(step);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = `${ROOT}dist/`;
const KEY = 'sandbox_benchmark_key_000000000000';
const AUTH = { authorization: `Bearer ${KEY}` };
const CONNECTIONS = 20;
const SECONDS = flags.seconds ? Number(flags.seconds) : 5;
/** A measured run: SECONDS of load; `--quick` only shows that every step works, so 100 requests do. */
const RUN: Pick<LoadOptions, 'durationSeconds' | 'amount'> = quick && !flags.seconds ? { amount: 100 } : { durationSeconds: SECONDS };
const RUN_DESCRIPTION = RUN.amount ? `${RUN.amount} requests a run` : `${SECONDS} s a run`;
const ROUNDS = flags.rounds ? Number(flags.rounds) : quick ? 1 : 2;
const CARDS = quick ? 100 : 100_000;
const SMALL_CARDS = quick ? 40 : 1_000;
const WEBHOOK_SAMPLES = quick ? 20 : 1_000;
const COLD_STARTS = quick ? 1 : 5;
const WARM_UP = quick ? 20 : 1_000;
const withPrism = !quick && !flags['no-prism'];

const log = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const best = (runs: Measured[]) => runs.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));

function startEmulator(extra: string[] = []): Promise<RunningServer> {
  return startServer([`${DIST}cli/mono-emulator.mjs`, '--quiet', '--ready-json', '--api-key', KEY, ...extra], { method: 'GET', path: '/_emulator/health' }, { portArg: (port) => ['--port', String(port)], announcesPort: true });
}

const startScript = (name: string, probe: Probe = { method: 'GET', path: '/' }) => startServer([`${DIST}bench/servers/${name}.js`], probe, { announcesPort: true });

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

/** A load run, with the server's own CPU time per request beside it (undefined off Linux). */
type Measured = LoadResult & { serverCpuMicros?: number };

/**
 * `options`' measured run against `server`, with the CPU the server used for it. A server is one
 * thread, so its CPU per request bounds its throughput whatever the machine: the figure that
 * tells why a ratio is what it is. What the server still does after the last answer (a webhook
 * attempt under way) is counted too: the reading waits a moment after the run.
 */
async function measured(server: RunningServer, options: LoadOptions): Promise<Measured> {
  const pid = server.child.pid!;
  const before = cpuSeconds(pid);
  const result = await load(options);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = cpuSeconds(pid);
  return before === undefined || after === undefined || result.total === 0 ? result : { ...result, serverCpuMicros: Math.round(((after - before) * 1e6) / result.total) };
}

/** Creates cards for a while; a warm-up burst first, so JIT and lazily compiled validators are ready. */
async function createLoad(server: RunningServer, body: string, idempotent: boolean): Promise<Measured> {
  const options = { port: server.port, method: 'POST' as const, path: '/v1/cards', body, headers: AUTH, connections: CONNECTIONS, ...(idempotent ? { perRequest: freshKey } : {}) };
  await load({ ...options, amount: WARM_UP });
  return measured(server, { ...options, ...RUN });
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

/** The rows of the alternating rounds, in the order the report shows them. */
const ROW = {
  bare: 'bare node:http, fixed card',
  hello: 'bare Express 5 + express.json(), fixed card',
  createWebhook: 'emulator POST /v1/cards (key per request, webhook to a receiver)',
  createQuiet: 'emulator POST /v1/cards (key per request, no webhook registered)',
  getCard: `emulator GET /v1/cards/{id}, ${SMALL_CARDS.toLocaleString('en')} cards held`,
  listPage: `emulator GET /v1/cards (page of 10), ${SMALL_CARDS.toLocaleString('en')} cards held`,
  prism: 'Prism 5.14.2 -v error, POST /v1/cards mock',
} as const;

/** Fills an emulator with `count` cards, no idempotency key, and fails on any error. */
async function fill(port: number, count: number): Promise<void> {
  const result = await load({ port, method: 'POST', path: '/v1/cards', body: createCardBody(await bankAccountOf(port)), headers: AUTH, connections: CONNECTIONS, amount: count });
  if (result.errors || result.non2xx) throw new Error(`filling cards: ${result.errors} errors, ${result.non2xx} non-2xx`);
}

/** GETs for a while (a warm-up burst first), cycling through `paths` when given. */
async function readLoad(server: RunningServer, path: string, paths?: string[]): Promise<Measured> {
  const options = { port: server.port, method: 'GET' as const, path, headers: AUTH, connections: CONNECTIONS, ...(paths ? { paths } : {}) };
  await load({ ...options, amount: WARM_UP });
  return measured(server, { ...options, ...RUN });
}

/** The paths of up to 500 of the emulator's cards, newest first. */
async function cardPaths(port: number): Promise<string[]> {
  const page = (await json(port, 'GET', '/v1/cards?page_size=500')).body as { cards: { id: string }[] };
  return page.cards.map((card) => `/v1/cards/${card.id}`);
}

/**
 * Every server under the same load, one at a time, in alternating rounds, best of each: creating
 * cards (the others answer a fixed card to the same request), then reading one card and the first
 * page of the list from an emulator holding SMALL_CARDS cards.
 */
async function throughput(): Promise<Record<string, Measured>> {
  const receiver = await startScript('receiver');
  const runs: Record<string, Measured[]> = {};
  const record = (name: string, result: Measured) => (runs[name] ??= []).push(result);
  const body = createCardBody('acc_u0wnGw4mhZyLn7b8eVsB5x');
  for (let round = 0; round < ROUNDS; round++) {
    const bare = await startScript('bare-http');
    record(ROW.bare, await createLoad(bare, body, false));
    await bare.stop();
    const hello = await startScript('express-hello');
    record(ROW.hello, await createLoad(hello, body, false));
    await hello.stop();
    // card_created is the emulator's own event, sent only when asked for: one webhook per card.
    const emulator = await startEmulator(['--webhook-url', `http://127.0.0.1:${receiver.port}/hooks`, '--webhook-emulator-events']);
    record(ROW.createWebhook, await createLoad(emulator, createCardBody(await bankAccountOf(emulator.port)), true));
    await emulator.stop();
    // The same without a webhook URL: what delivering one webhook per card costs on these cores.
    const quiet = await startEmulator();
    record(ROW.createQuiet, await createLoad(quiet, createCardBody(await bankAccountOf(quiet.port)), true));
    await quiet.stop();
    const reader = await startEmulator();
    await fill(reader.port, SMALL_CARDS);
    const paths = await cardPaths(reader.port);
    record(ROW.getCard, await readLoad(reader, paths[0]!, paths));
    record(ROW.listPage, await readLoad(reader, '/v1/cards'));
    await reader.stop();
    if (withPrism) {
      const prism = await startPrism();
      record(ROW.prism, await createLoad(prism, createCardBody('acc_u0wnGw4mhZyLn7b8eVsB5x'), false));
      await prism.stop();
    }
  }
  await receiver.stop();
  return Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, best(list)]));
}

/** RSS after filling an emulator started with `flags` with CARDS cards. */
async function rssAfterFill(flags: string[]): Promise<number> {
  const emulator = await startEmulator(flags);
  await fill(emulator.port, CARDS);
  const rss = rssMb(emulator.child.pid!);
  await emulator.stop();
  return rss;
}

/** Reads with few and with many cards held (the list should not slow down), and the RSS at many. */
async function filled() {
  const emulator = await startEmulator();
  await fill(emulator.port, SMALL_CARDS);
  const listSmall = await readLoad(emulator, '/v1/cards');
  await fill(emulator.port, CARDS - SMALL_CARDS);
  const rss = rssMb(emulator.child.pid!);
  const paths = await cardPaths(emulator.port);
  const getById = await readLoad(emulator, paths[0]!, paths);
  const listLarge = await readLoad(emulator, '/v1/cards');
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
const row = (name: string, r: Measured) => `| ${name} | ${r.requestsPerSecond} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.serverCpuMicros ?? '–'} |`;

async function main() {
  const startedAt = new Date();
  log(`benchmark${quick ? ' (quick)' : ''}: ${CONNECTIONS} connections, ${RUN_DESCRIPTION}, ${ROUNDS} round(s), steps ${only.join(', ')}`);
  const cold = runs('cold') ? await coldStarts() : undefined;
  if (cold) log(`cold starts: ${JSON.stringify(cold)}`);
  const rounds = runs('throughput') ? await throughput() : undefined;
  for (const [name, r] of Object.entries(rounds ?? {})) log(`${name}: ${r.requestsPerSecond} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`);
  const large = runs('fill') ? await filled() : undefined;
  if (large) log(`${CARDS} cards: ${JSON.stringify(large)}`);
  const lowMemoryRss = runs('low-memory') ? await rssAfterFill(['--low-memory']) : undefined;
  if (lowMemoryRss !== undefined) log(`RSS with --low-memory: ${lowMemoryRss} MB`);
  const hooks = runs('webhook') ? await webhookLatency() : undefined;
  if (hooks) log(`webhook latency: ${JSON.stringify(hooks)}`);

  const held = CARDS.toLocaleString('en');
  const rows: [string, Measured][] = [
    ...Object.entries(rounds ?? {}),
    ...(large
      ? ([
          [`emulator GET /v1/cards/{id}, ${held} cards held`, large.getById],
          [`emulator GET /v1/cards (page of 10), ${SMALL_CARDS.toLocaleString('en')} cards held, before the fill`, large.listSmall],
          [`emulator GET /v1/cards (page of 10), ${held} cards held`, large.listLarge],
        ] as [string, Measured][])
      : []),
  ];
  const targets: string[] = [];
  const target = (name: string, measured: string | number, wanted: string, ok?: boolean) => targets.push(`| ${name} | ${measured} | ${wanted} | ${ok === undefined ? '' : mark(ok)} |`);
  if (rounds) {
    const hello = rounds[ROW.hello]!.requestsPerSecond;
    const vsHello = (name: string, label: string, wanted: number) => {
      const r = ratio(rounds[name]!.requestsPerSecond, hello);
      const serverCpu = rounds[name]!.serverCpuMicros;
      const helloCpu = rounds[ROW.hello]!.serverCpuMicros;
      const cpuNote = serverCpu !== undefined && helloCpu !== undefined ? `; server CPU ${serverCpu} ÷ ${helloCpu} µs a request` : '';
      target(`${label} ÷ Express hello (${rounds[name]!.requestsPerSecond} ÷ ${hello} req/s${cpuNote})`, r, `≥ ${wanted}`, r >= wanted);
    };
    vsHello(ROW.createQuiet, 'emulator create, no webhook registered', 0.8);
    vsHello(ROW.createWebhook, 'emulator create, a webhook delivered per card', 0.6);
    vsHello(ROW.getCard, 'emulator GET /v1/cards/{id}', 1);
    vsHello(ROW.listPage, 'emulator GET /v1/cards (page of 10)', 1);
    const prism = rounds[ROW.prism];
    if (prism) {
      const r = ratio(rounds[ROW.createWebhook]!.requestsPerSecond, prism.requestsPerSecond);
      target('emulator create, a webhook delivered per card ÷ Prism `-v error`', r, '≥ 1.0', r >= 1);
    }
  }
  if (cold) {
    const r = ratio(cold.emulator!, cold['bare Express']!);
    target(`cold start, emulator ÷ bare Express (${cold.emulator} ms ÷ ${cold['bare Express']} ms${cold.Prism ? `; Prism ${cold.Prism} ms` : ''})`, r, '≤ 1.5', r <= 1.5);
  }
  if (large) {
    target(`RSS after ${held} cards`, `${large.rss} MB`, '≤ 150 MB', large.rss <= 150);
    const r = ratio(large.listLarge.p50 || 0.01, large.listSmall.p50 || 0.01);
    target(`list p50 at ${held} ÷ at ${SMALL_CARDS.toLocaleString('en')} cards (${large.listLarge.p50} ms ÷ ${large.listSmall.p50} ms)`, r, '≤ 2', r <= 2);
  }
  if (lowMemoryRss !== undefined) target(`RSS after ${held} cards, \`--low-memory\``, `${lowMemoryRss} MB`, '(for comparison)');
  if (hooks) target(`webhook latency, create answer → receiver (p50 ${hooks.p50} ms, ${hooks.samples} cards)`, `p99 ${hooks.p99} ms`, '≤ 25 ms', hooks.p99 <= 25);
  const cpu = cpus();
  const markdown = [
    '# Benchmark results',
    '',
    `Run ${startedAt.toISOString()} by \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` on ${platform()}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end.`,
    `autocannon with ${CONNECTIONS} connections, ${RUN_DESCRIPTION}, ${ROUNDS === 1 ? 'one round' : `best of ${ROUNDS} alternating rounds`}; every server alone on loopback, the load generator on the same machine. Absolute figures move between machines, and on a loaded machine the load generator becomes the bottleneck and ratios drift towards 1: compare the ratios, with the absolute figures beside them.`,
    '',
    '| Scenario | req/s | p50 ms | p99 ms | errors | non-2xx | server CPU µs a request |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(([name, r]) => row(name, r)),
    '',
    "Server CPU: the server process's user + system time during the measured run (from /proc, Linux only), divided by the requests it answered. A server is one thread, so one second divided by it is the most it can answer a second, however many cores the machine has: what sets each ratio below.",
    '',
    '| Target | Measured | Target | |',
    '|---|---:|---:|---|',
    ...targets,
    '',
    ...(targets.some((line) => line.endsWith('| missed |')) ? ["A missed target: what was tried and the measured reason it stops there are in the README's Benchmark section.", ''] : []),
    ...(cold ? [`Cold start: median of ${COLD_STARTS} spawns, from spawn to the first answered request (\`node dist/cli/mono-emulator.mjs\`, what \`npm start\` runs without npm's own overhead).`, ''] : []),
  ].join('\n');
  // A partial run (--only) writes a report only where told to.
  const out = flags.out ?? (quick || flags.only ? undefined : `${ROOT}bench/results.md`);
  if (out) writeFileSync(out, markdown);
  log('');
  log(markdown);
  const failed = rows.some(([, r]) => r.errors > 0 || r.non2xx > 0);
  process.exitCode = failed ? 1 : 0;
}

await main();
