import type { Clock, TenantClock } from '../ports/clock.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A tenant's clock over the emulator's: now() is the base's time plus an offset that only this
 * tenant's advance() grows, so moving one tenant's time never moves another's, and moving the
 * emulator's clock moves them all. Its timers wait on the base through one base timer, armed for
 * the earliest of them at the base time it falls due (re-armed whenever the offset changes).
 */
export function createTenantClock(base: Clock): TenantClock {
  let offset = 0;
  let seq = 0;
  const timers: Timer[] = [];
  let armed: { baseAt: number; cancel: () => void } | undefined;

  const now = () => base.now() + offset;
  const earliest = () => timers.reduce<Timer | undefined>((best, t) => (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq) ? t : best), undefined);
  const remove = (timer: Timer) => {
    const i = timers.indexOf(timer);
    if (i >= 0) timers.splice(i, 1);
  };
  const disarm = () => {
    armed?.cancel();
    armed = undefined;
  };
  const arm = () => {
    const next = earliest();
    const baseAt = next === undefined ? undefined : next.at - offset;
    if (armed?.baseAt === baseAt) return;
    disarm();
    if (next === undefined || baseAt === undefined) return;
    armed = { baseAt, cancel: base.setTimer(baseAt, fireDue) };
  };
  function fireDue(): void {
    armed = undefined;
    for (let due = earliest(); due && due.at <= now(); due = earliest()) {
      remove(due);
      due.fn();
    }
    arm();
  }

  return {
    mode: base.mode,
    now,
    setTimer(at, fn) {
      const timer = { at, seq: seq++, fn };
      timers.push(timer);
      arm();
      return () => {
        remove(timer);
        arm();
      };
    },
    nextTimerAt: () => earliest()?.at,
    advance(milliseconds) {
      if (!(milliseconds >= 0)) throw new RangeError('a clock only moves forward');
      // Whole milliseconds, as the manual clock keeps them (runtime/clocks.ts).
      const target = now() + Math.round(milliseconds);
      for (let due = earliest(); due && due.at <= target; due = earliest()) {
        remove(due);
        offset += Math.max(0, due.at - now());
        due.fn();
      }
      // A system base may have run past the target meanwhile: the offset never shrinks.
      offset += Math.max(0, target - now());
      arm();
    },
    reset() {
      timers.length = 0;
      disarm();
      offset = 0;
    },
  };
}
