import type { Bounds } from '../ports/stores.js';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The bounds of a `field[from]` / `field[until]` pair, Mono's SDK's range keys (§4.4). Each is
 * an ISO 8601 date-time, or a date: its first instant as `from`, its whole day (UTC) as `until`.
 */
export function timeBounds(from: string | undefined, until: string | undefined): Bounds | undefined {
  if (from === undefined && until === undefined) return undefined;
  return {
    from: from === undefined ? undefined : Date.parse(DATE_ONLY.test(from) ? `${from}T00:00:00Z` : from),
    until: until === undefined ? undefined : DATE_ONLY.test(until) ? Date.parse(`${until}T00:00:00Z`) + DAY_MS - 1 : Date.parse(until),
  };
}
