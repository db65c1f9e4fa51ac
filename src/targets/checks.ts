import { prepareRequest, send } from '../http.js';
import { UsageError } from '../usage-error.js';
import { startWebhookSink, type WebhookSink } from '../webhook-sink.js';

/**
 * Checks made once when a target opens, before any scenario: each problem found here would
 * otherwise fail every scenario the same way (26 identical ECONNREFUSED), or hang the run.
 */

/** `--base-url` as a URL with its scheme: `127.0.0.1:4010` would fail every request with "Invalid URL". */
export function checkBaseUrl(baseUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`--base-url takes an http(s) URL with its scheme, e.g. http://127.0.0.1:4010, not "${baseUrl}"`);
  }
  return baseUrl.replace(/\/$/, '');
}

/** Sends one request; a network failure (refused, DNS, timeout) becomes a usage error saying what to do. */
async function reach(baseUrl: string, path: string, apiKey: string | undefined, whatToDo: string) {
  try {
    return await send(prepareRequest(baseUrl, 'GET', path, apiKey ? { apiKey } : {}));
  } catch (error) {
    throw new UsageError(`nothing answers at ${baseUrl} (${(error as Error).message.split(': ').at(-1)}): ${whatToDo}`);
  }
}

const keyHint = (key: string) => `…${key.slice(-4)}`;

/**
 * Something answers the emulator's health call, and knows every key given (a 401 says it does
 * not). `GET /v1/accounts` is a read: it changes nothing and takes no id from the emulator's sequence.
 */
export async function checkEmulatorAt(baseUrl: string, apiKeys: readonly string[]): Promise<void> {
  const health = await reach(baseUrl, '/_emulator/health', undefined, 'start the emulator (npm start) or fix --base-url');
  // Any other answer is a server that has the route: the scenarios judge it.
  if (health.status === 404) {
    throw new UsageError(`${baseUrl} has no GET /_emulator/health (404): it is not the Mono emulator (for Mono's sandbox, use --target sandbox)`);
  }
  for (const key of apiKeys) {
    const answer = await reach(baseUrl, '/v1/accounts', key, 'it stopped answering');
    if (answer.status === 401) throw new UsageError(`the emulator at ${baseUrl} does not know the API key ${keyHint(key)}: pass a key it printed when it started (--api-key)`);
  }
}

/** Mono's sandbox can be reached, and takes the key (a read of the tenant's accounts). */
export async function checkSandboxAt(baseUrl: string, apiKey: string): Promise<void> {
  const answer = await reach(baseUrl, '/v1/accounts', apiKey, 'check the network, or --base-url / MONO_SANDBOX_BASE_URL');
  if (answer.status === 401) throw new UsageError(`${baseUrl} refused the API key ${keyHint(apiKey)} (401): check MONO_SANDBOX_API_KEY (or --api-key)`);
}

/** The webhook receiver on the port the user chose: a port in use is a usage error naming the port and the flag. */
export async function startSinkOnPort(port: number, instead: string): Promise<WebhookSink> {
  try {
    return await startWebhookSink({ port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`--webhook-port ${port}: the port is in use; ${instead}`);
    if (code === 'EACCES') throw new UsageError(`--webhook-port ${port}: not allowed to listen there (ports below 1024 need privileges); ${instead}`);
    throw error;
  }
}
