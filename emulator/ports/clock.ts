/**
 * Time as the emulator sees it. Everything that reads the time (timestamps, idempotency TTLs,
 * look-token expiry, webhook schedules) reads it here, so a manual clock makes hours pass in a test.
 */
export interface Clock {
  readonly mode: 'system' | 'manual';
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** A clock that moves only when told to. */
export interface ManualClock extends Clock {
  readonly mode: 'manual';
  advance(milliseconds: number): void;
}

export function isManualClock(clock: Clock): clock is ManualClock {
  return clock.mode === 'manual';
}
