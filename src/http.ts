/** One HTTP exchange as the harness saw it, for expectations, captures, reports and recordings. */
export interface SentRequest {
  method: string;
  /** The full URL, query included. */
  url: string;
  /** The path without the query, as the contract's operations are matched. */
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface Answer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
  /** Parsed JSON when the answer says it is JSON and parses; the text otherwise; undefined when empty. */
  body: unknown;
  durationMs: number;
}

const TIMEOUT_MS = 30_000;

export function prepareRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: { query?: Record<string, unknown>; headers?: Record<string, string>; body?: unknown; apiKey?: string },
): SentRequest {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  // A scenario's own headers win, e.g. to send a malformed Authorization on purpose.
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  // The path may carry its own query (`/v1/cards?state=active`); `query` adds to it.
  const url = new URL(baseUrl.replace(/\/$/, '') + path);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
  }
  return { method: method.toUpperCase(), url: url.toString(), path: path.split('?')[0]!, headers, ...(options.body === undefined ? {} : { body: options.body }) };
}

/** Sends a request; `signal` cuts it off (an interrupted run), as the 30 s timeout does. */
export async function send(request: SentRequest, signal?: AbortSignal): Promise<Answer> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    // fetch says only "fetch failed"; the reason (refused, reset, DNS, timeout) is in its cause.
    const { message, cause } = error as Error & { cause?: { message?: string; code?: string } };
    const detail = cause?.code ?? cause?.message;
    throw new Error(`${request.method} ${request.url}: ${message}${detail && !message.includes(detail) ? `: ${detail}` : ''}`);
  }
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  let body: unknown = text === '' ? undefined : text;
  if (text !== '' && (headers['content-type'] ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      // Left as text: the contract check then reports a body that is not the declared JSON.
    }
  }
  return { status: response.status, headers, text, body, durationMs: performance.now() - started };
}
