import type { MovableClock } from '../ports/clock.js';

/**
 * Moves a clock (the emulator's manual clock, or one tenant's) so that every webhook attempt (and
 * anything else on a timer) that falls due runs at its own time and is answered before time moves
 * on. Moves of one clock run one after another: two requests that advance at once each move the
 * clock from where the other left it (the second once computed its target first and then had to
 * move backwards: a 500).
 */
export function createClockMover(clock: MovableClock, settled: () => Promise<void>): (milliseconds: number) => Promise<void> {
  let moving: Promise<void> = Promise.resolve();
  const move = async (milliseconds: number) => {
    if (!(milliseconds >= 0)) throw new RangeError('a clock only moves forward');
    const target = clock.now() + milliseconds;
    // Attempts due now go first; then step from one due timer to the next.
    await settled();
    for (let next = clock.nextTimerAt(); next !== undefined && next <= target; next = clock.nextTimerAt()) {
      clock.advance(Math.max(0, next - clock.now()));
      await settled();
    }
    clock.advance(Math.max(0, target - clock.now()));
    await settled();
  };
  return (milliseconds) => {
    const moved = moving.then(() => move(milliseconds));
    moving = moved.catch(() => undefined);
    return moved;
  };
}
