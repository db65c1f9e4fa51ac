import { fail } from '../domain/errors.js';
import { isManualClock, type Clock } from '../ports/clock.js';

/**
 * Moves a manual clock so that every webhook attempt (and anything else on a timer) that falls due
 * runs at its own time and is answered before time moves on. Moves run one after another: two
 * requests that advance at once each move the clock from where the other left it (the second once
 * computed its target first and then had to move backwards: a 500).
 */
export function createClockMover(clock: Clock, settled: () => Promise<void>): (milliseconds: number) => Promise<void> {
  let moving: Promise<void> = Promise.resolve();
  const move = async (milliseconds: number) => {
    if (!isManualClock(clock)) return fail('clock_not_manual');
    if (!(milliseconds >= 0)) throw new RangeError('a clock only moves forward');
    const target = clock.now() + milliseconds;
    // Attempts due now go first; then step from one due timer to the next.
    await settled();
    for (let next = clock.nextTimerAt(); next !== undefined && next <= target; next = clock.nextTimerAt()) {
      clock.advance(Math.max(0, next - clock.now()));
      await settled();
    }
    clock.advance(target - clock.now());
    await settled();
  };
  return (milliseconds) => {
    const moved = moving.then(() => move(milliseconds));
    moving = moved.catch(() => undefined);
    return moved;
  };
}
