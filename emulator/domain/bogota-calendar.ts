import type { EpochMs } from '../ports/records.js';

/**
 * Spending limits count on the calendar of Mono's market: America/Bogota, which has kept UTC-5
 * without daylight saving since 1993, so a fixed offset gives its days exactly.
 */
const OFFSET_MS = -5 * 60 * 60 * 1000;
const DAY_MS = 86_400_000;

export type SpendPeriod = 'daily' | 'weekly' | 'monthly';

/** The first instant of the day, week (from Monday) or month that `at` falls in, in Bogotá. */
export function periodStart(at: EpochMs, period: SpendPeriod): EpochMs {
  const local = new Date(at + OFFSET_MS);
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), period === 'monthly' ? 1 : local.getUTCDate());
  const daysSinceMonday = (local.getUTCDay() + 6) % 7;
  return midnight - (period === 'weekly' ? daysSinceMonday * DAY_MS : 0) - OFFSET_MS;
}

/** The first instant of the month after `month` (1-12) of `year`, in Bogotá: when a card expiring then stops working. */
export function endOfMonth(year: number, month: number): EpochMs {
  return Date.UTC(year, month, 1) - OFFSET_MS;
}
