import type { Clock, ManualClock } from '../ports/clock.js';

export function createSystemClock(): Clock {
  return { mode: 'system', now: () => Date.now() };
}

/** A clock that starts at `start` and moves only through advance(): hours pass in a test. */
export function createManualClock(start: number): ManualClock {
  let now = start;
  return {
    mode: 'manual',
    now: () => now,
    advance(milliseconds: number) {
      if (!(milliseconds >= 0)) throw new RangeError('a clock only moves forward');
      now += milliseconds;
    },
  };
}
