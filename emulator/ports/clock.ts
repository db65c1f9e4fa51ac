/**
 * Time as the emulator sees it. Everything that reads the time (timestamps, idempotency TTLs,
 * look-token expiry, webhook retry schedules) reads it here, so a manual clock makes hours pass
 * in a test.
 */
export interface Clock {
  readonly mode: 'system' | 'manual';
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `fn` once the clock reaches `at` (a time in the future); returns a cancel function. */
  setTimer(at: number, fn: () => void): () => void;
}

/** A clock that moves only when told to. */
export interface ManualClock extends Clock {
  readonly mode: 'manual';
  /** Moves forward, firing each timer that falls due, in time order, at its own time. */
  advance(milliseconds: number): void;
  /** When the earliest pending timer is due, if any. */
  nextTimerAt(): number | undefined;
}

/** What a clock mover needs: a clock that jumps forward on request, firing what falls due. */
export type MovableClock = Pick<ManualClock, 'now' | 'advance' | 'nextTimerAt'>;

/**
 * One tenant's time: the emulator's clock plus the time this tenant alone was moved forward. It
 * moves with the emulator's clock, and advance() moves it alone, on either clock mode; its timers
 * fire at its own time either way.
 */
export interface TenantClock extends Clock, MovableClock {
  /** Forgets its timers and the time it was moved alone: it reads the emulator's clock again. */
  reset(): void;
}

export function isManualClock(clock: Clock): clock is ManualClock {
  return clock.mode === 'manual';
}
