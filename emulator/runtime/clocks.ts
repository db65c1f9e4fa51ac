import type { Clock, ManualClock } from '../ports/clock.js';

/**
 * The machine's clock, optionally running `speed` times faster from the moment it is made, so
 * that Mono's 8.4-hour webhook retry schedule can play out in seconds.
 */
export function createSystemClock(speed = 1): Clock {
  const origin = Date.now();
  // Whole milliseconds, as Date.now() gives: a speed such as 1.5 would otherwise make times fractional.
  const now = speed === 1 ? () => Date.now() : () => Math.floor(origin + (Date.now() - origin) * speed);
  return {
    mode: 'system',
    now,
    setTimer(at, fn) {
      let timer: NodeJS.Timeout;
      // setTimeout works in whole milliseconds and may fire a little early; a sped-up clock
      // would see that as seconds, so the timer re-arms until this clock has reached `at`.
      const arm = () => {
        timer = setTimeout(() => (now() >= at ? fn() : arm()), Math.max(0, Math.ceil((at - now()) / speed)));
        // Timers never keep a process alive on their own: the server (or the test) does.
        timer.unref();
      };
      arm();
      return () => clearTimeout(timer);
    },
  };
}

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/** A clock that starts at `start` and moves only through advance(): hours pass in a test. */
export function createManualClock(start: number): ManualClock {
  let now = start;
  let seq = 0;
  const timers: Timer[] = [];
  const earliest = () => timers.reduce<Timer | undefined>((best, t) => (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq) ? t : best), undefined);
  return {
    mode: 'manual',
    now: () => now,
    setTimer(at, fn) {
      const timer = { at, seq: seq++, fn };
      timers.push(timer);
      return () => {
        const i = timers.indexOf(timer);
        if (i >= 0) timers.splice(i, 1);
      };
    },
    nextTimerAt: () => earliest()?.at,
    advance(milliseconds: number) {
      if (!(milliseconds >= 0)) throw new RangeError('a clock only moves forward');
      // Epoch milliseconds stay whole: `POST /_emulator/clock/advance {"seconds": 1.2345}` once made
      // every time fractional, and look tokens (which carry their expiry as text) stopped opening.
      const target = now + Math.round(milliseconds);
      for (let due = earliest(); due && due.at <= target; due = earliest()) {
        timers.splice(timers.indexOf(due), 1);
        now = Math.max(now, due.at);
        due.fn();
      }
      now = target;
    },
  };
}
