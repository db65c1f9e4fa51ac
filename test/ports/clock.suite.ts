import { describe, expect, it, vi } from 'vitest';
import { isManualClock, type Clock, type ManualClock } from '../../emulator/ports/clock.js';

export interface RunningClock {
  clock: Clock;
  /** Lets at least `milliseconds` of the clock's time pass (a manual clock is advanced; a system clock waited on). */
  pass(milliseconds: number): Promise<void>;
}

/** Waits until what fired is what should have (at once on a manual clock; within seconds on a real one). */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 2 });

/**
 * What every Clock does. Timer callbacks check the time themselves: a clock may run late under
 * load, never early.
 */
export function describeClock(name: string, make: () => RunningClock): void {
  describe(`${name}: the Clock port`, () => {
    it('clock: now() reads whole milliseconds that never go back', async () => {
      const { clock, pass } = make();
      let last = clock.now();
      for (let i = 0; i < 5; i++) {
        const now = clock.now();
        expect(Number.isInteger(now)).toBe(true);
        expect(now).toBeGreaterThanOrEqual(last);
        last = now;
        await pass(3);
      }
      expect(clock.now()).toBeGreaterThanOrEqual(last);
    });

    // Order is the manual clock's promise (below): a sped-up system clock maps timers a few
    // milliseconds apart to the same wall-clock millisecond, and Node fires those in the order set.
    it('clock: each timer fires once, when the clock has reached its time', async () => {
      const { clock, pass } = make();
      const start = clock.now();
      const fired: [string, number][] = [];
      clock.setTimer(start + 40, () => fired.push(['later', clock.now()]));
      clock.setTimer(start + 20, () => fired.push(['sooner', clock.now()]));
      await pass(50);
      await eventually(() => expect(fired.map(([what]) => what).sort()).toEqual(['later', 'sooner']));
      const at = Object.fromEntries(fired);
      expect(at.sooner).toBeGreaterThanOrEqual(start + 20);
      expect(at.later).toBeGreaterThanOrEqual(start + 40);
      await pass(50);
      expect(fired).toHaveLength(2);
    });

    it('clock: a cancelled timer never fires', async () => {
      const { clock, pass } = make();
      const start = clock.now();
      const cancelled = vi.fn();
      const witness = vi.fn();
      const cancel = clock.setTimer(start + 10, cancelled);
      // Due after the cancelled one: once it has fired, the cancelled one would have too.
      clock.setTimer(start + 30, witness);
      cancel();
      await pass(40);
      await eventually(() => expect(witness).toHaveBeenCalledTimes(1));
      expect(cancelled).not.toHaveBeenCalled();
    });

    it('clock: its mode says whether it is a manual clock', () => {
      const { clock } = make();
      expect(clock.mode === 'manual').toBe(isManualClock(clock));
      expect(['system', 'manual']).toContain(clock.mode);
    });
  });
}

/** What a manual clock adds: time moves only through advance(), and each timer fires at its own time. */
export function describeManualClock(name: string, make: (start: number) => ManualClock): void {
  describeClock(name, () => {
    const clock = make(1_767_225_600_000);
    return {
      clock,
      pass: async (milliseconds) => clock.advance(milliseconds),
    };
  });

  describe(`${name}: the ManualClock port`, () => {
    it('manual clock: advance() fires due timers in time order, each at its own time, and leaves later ones', () => {
      const clock = make(1_000);
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
      const clock = make(0);
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
      const clock = make(0);
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
      const clock = make(1_000);
      clock.advance(1234.5678);
      expect(clock.now()).toBe(2_235);
      clock.advance(0.2);
      expect(Number.isInteger(clock.now())).toBe(true);
    });

    it('manual clock: time stands still until advanced, and nothing fires before', () => {
      const clock = make(1_000);
      const fn = vi.fn();
      clock.setTimer(1_001, fn);
      expect(clock.now()).toBe(1_000);
      expect(clock.now()).toBe(1_000);
      clock.advance(0);
      expect(fn).not.toHaveBeenCalled();
      clock.advance(1);
      expect(fn).toHaveBeenCalledTimes(1);
      expect(clock.now()).toBe(1_001);
    });
  });
}
