import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';

export interface Probe {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RunningServer {
  port: number;
  child: ChildProcess;
  /** Milliseconds from spawn to the first answered request. */
  coldStartMs: number;
  stop(): Promise<void>;
}

/** A port nothing listens on right now, so a server can be told where to listen before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function answers(port: number, probe: Probe): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.request(
      { host: '127.0.0.1', port, method: probe.method, path: probe.path, headers: probe.headers, agent: false },
      (res) => {
        res.resume();
        resolve(true);
      },
    );
    request.on('error', () => resolve(false));
    request.end(probe.body);
  });
}

/** The port a server says it listens on: the bench's servers print `READY <port>`, the emulator (with `--ready-json`) a JSON line. */
const ANNOUNCED_PORT = /^READY (\d+)$|"port":(\d+)/m;

/**
 * Spawns `node <args>` and polls it until it answers `probe`: the time from spawn to that answer
 * is the cold start, what a CI suite waits for. A server that says its port (`announcesPort`)
 * is started on port 0 and read; any other is told a port that was free a moment before, which
 * another process on a busy machine may take first.
 */
export async function startServer(
  args: string[],
  probe: Probe,
  options: { env?: Record<string, string>; portArg?: (port: number) => string[]; announcesPort?: boolean } = {},
): Promise<RunningServer> {
  const told = options.announcesPort ? 0 : await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...args, ...(options.portArg ? options.portArg(told) : [])], {
    env: { ...process.env, ...options.env, PORT: String(told) },
    stdio: ['ignore', options.announcesPort ? 'pipe' : 'ignore', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const portNow = (): number | undefined => {
    if (!options.announcesPort) return told;
    const match = ANNOUNCED_PORT.exec(stdout);
    return match ? Number(match[1] ?? match[2]) : undefined;
  };
  let port: number | undefined;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited (${child.exitCode}): ${stderr}`);
    port ??= portNow();
    if (port !== undefined && (await answers(port, probe))) break;
    if (performance.now() - started > 60_000) throw new Error(`${args.join(' ')} did not answer within 60 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const coldStartMs = performance.now() - started;
  return {
    port,
    child,
    coldStartMs,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The resident set size of a process, in MB of 10^6 bytes, as the targets are set (Linux; /proc's "kB" are KiB). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return Math.round(((kib * 1024) / 1e6) * 10) / 10;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined where there is none. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th, in clock ticks (100 a second on Linux).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
