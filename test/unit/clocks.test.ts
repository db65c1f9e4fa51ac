import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../emulator/index.js';
import { createSystemClock } from '../../emulator/runtime/clocks.js';

describe('manual clock', () => {
  it('manual clock: advance() fires due timers in time order, each at its own time, and leaves later ones', () => {
    const clock = createManualClock(1_000);
    const fired: [string, number][] = [];
    clock.setTimer(5_000, () => fired.push(['b', clock.now()]));
    clock.setTimer(2_000, () => fired.push(['a', clock.now()]));
    clock.setTimer(5_000, () => fired.push(['c', clock.now()]));
    clock.setTimer(9_000, () => fired.push(['d', clock.now()]));
    expect(clock.nextTimerAt()).toBe(2_000);

    clock.advance(4_000);
    expect(fired).toEqual([
      ['a', 2_000],
      ['b', 5_000],
      ['c', 5_000],
    ]);
    expect(clock.now()).toBe(5_000);
    expect(clock.nextTimerAt()).toBe(9_000);
  });

  it('manual clock: a timer set by a firing timer inside the window fires in the same advance', () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    clock.setTimer(10, () => {
      fired.push(clock.now());
      clock.setTimer(20, () => fired.push(clock.now()));
    });
    clock.advance(100);
    expect(fired).toEqual([10, 20]);
    expect(clock.now()).toBe(100);
  });

  it('manual clock: a cancelled timer never fires; time never goes back', () => {
    const clock = createManualClock(0);
    const fn = vi.fn();
    const cancel = clock.setTimer(10, fn);
    cancel();
    clock.advance(100);
    expect(fn).not.toHaveBeenCalled();
    expect(clock.nextTimerAt()).toBeUndefined();
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  // Found by the fuzz suite: fractional times broke look tokens, which carry their expiry as text.
  it('manual clock: time moves in whole milliseconds, even when asked to move by a fraction', () => {
    const clock = createManualClock(1_000);
    clock.advance(1234.5678);
    expect(clock.now()).toBe(2_235);
    clock.advance(0.2);
    expect(Number.isInteger(clock.now())).toBe(true);
  });
});

describe('system clock', () => {
  it('system clock: at a fractional speed it still reads whole milliseconds', async () => {
    const clock = createSystemClock(1.5);
    for (let i = 0; i < 5; i++) {
      expect(Number.isInteger(clock.now())).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
  });
});
