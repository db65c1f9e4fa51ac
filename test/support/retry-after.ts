import { expect } from 'vitest';
import type { ApiResponse } from './contract-client.js';

/**
 * A client as Mono asks clients to be (errors-and-retries: on a 429, honour Retry-After): it
 * retries after waiting the seconds the answer names, up to `tries` times. `wait` is how it waits.
 */
export async function honouringRetryAfter(send: () => Promise<ApiResponse>, wait: (seconds: number) => Promise<void>, tries = 5) {
  const waits: number[] = [];
  for (let i = 0; ; i++) {
    const res = await send();
    if (res.status !== 429 || i === tries) return { res, waits };
    const seconds = Number(res.headers['retry-after']);
    expect(Number.isInteger(seconds) && seconds >= 0, `Retry-After: ${res.headers['retry-after']}`).toBe(true);
    waits.push(seconds);
    await wait(seconds);
  }
}
