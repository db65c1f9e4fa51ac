import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

export interface LoadOptions {
  port: number;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds?: number;
  /** Sends exactly this many requests instead of running for a duration. */
  amount?: number;
  /** Headers to add per request (a fresh idempotency key, say). */
  perRequest?: () => Record<string, string>;
  /** Paths to cycle through, instead of `path`. */
  paths?: string[];
}

/** One autocannon run against a server on loopback. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    // autocannon notices that the amount was sent only when it takes a sample (every second by
    // default): a run by amount samples often, so it ends when its last answer arrives.
    ...(options.amount ? { amount: options.amount, sampleInt: 20 } : { duration: options.durationSeconds ?? 5 }),
    requests: [
      {
        method: options.method,
        path: options.path,
        ...(options.body ? { body: options.body } : {}),
        headers: { 'content-type': 'application/json', ...options.headers },
        setupRequest: (request: autocannon.Request) => {
          const extra = options.perRequest?.();
          const path = options.paths ? options.paths[next++ % options.paths.length]! : request.path;
          return { ...request, path, headers: { ...request.headers, ...extra } };
        },
      },
    ],
  });
  return {
    // autocannon averages one-second samples: a run by amount may end before the first one.
    requestsPerSecond: Math.round(options.amount ? result.requests.total / result.duration : result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}
