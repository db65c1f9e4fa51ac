import { createManualClock } from '../../emulator/index.js';
import { createSystemClock } from '../../emulator/runtime/clocks.js';
import { createTenantClock } from '../../emulator/runtime/tenant-clock.js';
import { describeClock, describeManualClock } from './clock.suite.js';
import { describeTenantClock } from './tenant-clock.suite.js';

/** A system clock and a wait, in wall-clock time, until it has moved on by the time asked. */
function running(speed: number) {
  const clock = createSystemClock(speed);
  return {
    clock,
    async pass(milliseconds: number) {
      const until = clock.now() + milliseconds;
      while (clock.now() < until) await new Promise((resolve) => setTimeout(resolve, 1));
    },
  };
}

describeClock('system clock', () => running(1));
// A fractional speed once made every time fractional (look tokens then stopped opening).
describeClock('system clock at 1.5 times speed', () => running(1.5));
describeClock('system clock at 60 times speed', () => running(60));
describeManualClock('manual clock (as the library exports it)', createManualClock);
describeTenantClock('tenant clock', createTenantClock);
