import type { SentRequest } from './http.js';
import type { Target } from './targets/index.js';

/** Where `npm start` listens: the in-process emulator of a finished run is gone, this one can be started. */
const NPM_START_URL = 'http://127.0.0.1:4010';

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * A failed step's request as a cURL command to paste into a shell. The target's API keys are
 * never printed: they become `$MONO_API_KEY` (and `$MONO_SECOND_API_KEY` for the second tenant),
 * inside double quotes so the shell fills them in. An Authorization the scenario wrote itself
 * (an unknown key on purpose) is kept: it is in the scenario file already.
 */
export function curlReproducer(request: SentRequest, target: Pick<Target, 'name' | 'baseUrl' | 'apiKeys'>): string {
  const url = target.name === 'emulator' && request.url.startsWith(target.baseUrl) ? NPM_START_URL + request.url.slice(target.baseUrl.length) : request.url;
  const parts = ['curl -sS -i', `-X ${request.method}`, quote(url)];
  const variables = new Map([
    [target.apiKeys.primary, '$MONO_API_KEY'],
    [target.apiKeys.second, '$MONO_SECOND_API_KEY'],
  ]);
  for (const [name, value] of Object.entries(request.headers)) {
    const bearer = /^Bearer (.+)$/.exec(value)?.[1];
    const variable = name === 'authorization' && bearer ? variables.get(bearer) : undefined;
    parts.push(variable ? `-H "Authorization: Bearer ${variable}"` : `-H ${quote(`${name}: ${value}`)}`);
  }
  if (request.body !== undefined) parts.push(`--data-raw ${quote(JSON.stringify(request.body))}`);
  return parts.join(' ');
}
