import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isManualClock, type Clock, type TenantClock } from '../../emulator/ports/clock.js';
import { createManualClock, createSystemClock } from '../../emulator/runtime/clocks.js';
import { describeClock, describeManualClock } from './clock.suite.js';
import { prop } from '../support/property.js';

const START = Date.parse('2026-03-02T12:00:00Z');

/** A tenant clock over a manual base is a manual clock in all but its type: the suite narrows it as any caller would. */
function asManual(clock: TenantClock) {
  if (!isManualClock(clock)) throw new Error(`a tenant clock over a manual clock reads mode ${clock.mode}`);
  return clock;
}

/**
 * What every TenantClock does, made over a base clock (the emulator's) by `over`: it is a Clock
 * however it is moved, a manual clock when its base is one, and its own time is the base's plus
 * what it alone was moved.
 */
export function describeTenantClock(name: string, over: (base: Clock) => TenantClock): void {
  describeManualClock(`${name} over a manual clock, moved alone`, (start) => asManual(over(createManualClock(start))));
  describeClock(`${name} over a manual clock, moved by the emulator's clock`, () => {
    const base = createManualClock(START);
    return { clock: over(base), pass: async (milliseconds) => base.advance(milliseconds) };
  });
  describeClock(`${name} over the system clock, moved alone an hour first`, () => {
    const clock = over(createSystemClock());
    clock.advance(3_600_000);
    return {
      clock,
      async pass(milliseconds) {
        const until = clock.now() + milliseconds;
        while (clock.now() < until) await new Promise((resolve) => setTimeout(resolve, 1));
      },
    };
  });

  describe(`${name}: the TenantClock port`, () => {
    it('tenant clock: reads the emulator clock until the tenant moves it, and keeps its mode', () => {
      const base = createManualClock(START);
      const tenant = over(base);
      expect(tenant.mode).toBe('manual');
      expect(tenant.now()).toBe(START);
      base.advance(5_000);
      expect(tenant.now()).toBe(START + 5_000);
    });

    it("tenant clock: advancing one tenant moves its time only; the emulator's clock moves every tenant", () => {
      const base = createManualClock(START);
      const [a, b] = [over(base), over(base)];
      a.advance(60_000);
      expect(a.now()).toBe(START + 60_000);
      expect(b.now()).toBe(START);
      expect(base.now()).toBe(START);
      base.advance(1_000);
      expect(a.now()).toBe(START + 61_000);
      expect(b.now()).toBe(START + 1_000);
    });

    it("tenant clock: its own advance fires its timers in time order, each at its own time, and no other tenant's", () => {
      const base = createManualClock(START);
      const [a, b] = [over(base), over(base)];
      const fired: string[] = [];
      a.setTimer(START + 30_000, () => fired.push(`a30@${a.now() - START}`));
      a.setTimer(START + 10_000, () => fired.push(`a10@${a.now() - START}`));
      b.setTimer(START + 10_000, () => fired.push(`b10@${b.now() - START}`));
      expect(a.nextTimerAt()).toBe(START + 10_000);
      a.advance(40_000);
      expect(fired).toEqual(['a10@10000', 'a30@30000']);
      expect(a.now()).toBe(START + 40_000);
      expect(a.nextTimerAt()).toBeUndefined();
      expect(b.nextTimerAt()).toBe(START + 10_000);
    });

    it("tenant clock: a timer set on a tenant's time fires when the emulator's clock brings that tenant there, after the tenant moved alone", () => {
      const base = createManualClock(START);
      const a = over(base);
      const fired: number[] = [];
      a.setTimer(START + 100_000, () => fired.push(a.now()));
      a.advance(90_000);
      expect(fired).toEqual([]);
      // 10 s of the emulator's clock bring the tenant to its timer (it is 90 s ahead).
      base.advance(9_999);
      expect(fired).toEqual([]);
      base.advance(1);
      expect(fired).toEqual([START + 100_000]);
    });

    it("tenant clock: reset() drops its timers and reads the emulator's clock again", () => {
      const base = createManualClock(START);
      const a = over(base);
      const fired: number[] = [];
      a.setTimer(START + 120_000, () => fired.push(1));
      a.advance(60_000);
      a.reset();
      expect(a.now()).toBe(START);
      expect(a.nextTimerAt()).toBeUndefined();
      base.advance(200_000);
      a.advance(200_000);
      expect(fired).toEqual([]);
    });

    it('tenant clock: over the system clock it runs with the machine and jumps forward alone', () => {
      const base = createSystemClock();
      const a = over(base);
      expect(a.mode).toBe('system');
      const before = base.now();
      a.advance(3_600_000);
      expect(a.now() - base.now()).toBe(3_600_000);
      expect(a.now()).toBeGreaterThanOrEqual(before + 3_600_000);
    });

    describeTenantClockModel(over);
  });
}

type Op =
  | { kind: 'moveEmulator'; ms: number }
  | { kind: 'advance'; tenant: number; ms: number }
  | { kind: 'setTimer'; tenant: number; inMs: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'reset'; tenant: number };

interface ModelTimer {
  id: number;
  tenant: number;
  at: number;
  seq: number;
}

/**
 * Random moves of the emulator's clock and of two tenants, timers set and cancelled, resets; after
 * each step every tenant's time, next timer and fired timers (which, each at what time) must equal
 * a plain model: a tenant's time is the base's plus its own moves, and a timer fires once its
 * tenant's time reaches it, at that time, in (time, setting) order within the tenant.
 */
function describeTenantClockModel(over: (base: Clock) => TenantClock): void {
  const tenantIndex = fc.integer({ min: 0, max: 1 });
  const ms = fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 60_000 }));
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('moveEmulator' as const), ms }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), tenant: tenantIndex, ms }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('setTimer' as const), tenant: tenantIndex, inMs: fc.integer({ min: 1, max: 30_000 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), tenant: tenantIndex }) },
  );

  prop([fc.array(opArb, { minLength: 1, maxLength: 60 })], { numRuns: 300 })(
    'tenant clock: for random moves of the emulator and of two tenants, timers and resets, times and firings equal a plain model',
    (ops) => {
      const base = createManualClock(START);
      const clocks = [over(base), over(base)];
      let baseNow = START;
      const offsets = [0, 0];
      let pending: ModelTimer[] = [];
      const cancels: (() => void)[] = [];
      const fired: [number, number][][] = [[], []];
      const expectedFired: [number, number][][] = [[], []];
      let seq = 0;

      /** Fires, in the model, the tenant's pending timers up to its time `until`, in (time, setting) order. */
      const fireUpTo = (tenant: number, until: number) => {
        const due = pending.filter((timer) => timer.tenant === tenant && timer.at <= until).sort((x, y) => x.at - y.at || x.seq - y.seq);
        for (const timer of due) expectedFired[tenant]!.push([timer.id, timer.at]);
        pending = pending.filter((timer) => !due.includes(timer));
      };

      for (const op of ops) {
        if (op.kind === 'moveEmulator') {
          base.advance(op.ms);
          baseNow += op.ms;
          clocks.forEach((_, tenant) => fireUpTo(tenant, baseNow + offsets[tenant]!));
        } else if (op.kind === 'advance') {
          clocks[op.tenant]!.advance(op.ms);
          offsets[op.tenant]! += op.ms;
          fireUpTo(op.tenant, baseNow + offsets[op.tenant]!);
        } else if (op.kind === 'setTimer') {
          const clock = clocks[op.tenant]!;
          const timer = { id: cancels.length, tenant: op.tenant, at: clock.now() + op.inMs, seq: seq++ };
          cancels.push(clock.setTimer(timer.at, () => fired[op.tenant]!.push([timer.id, clock.now()])));
          pending.push(timer);
        } else if (op.kind === 'cancel' && cancels.length > 0) {
          // Any timer ever set: pending (it never fires), fired or reset away (nothing happens).
          const id = op.pick % cancels.length;
          cancels[id]!();
          pending = pending.filter((timer) => timer.id !== id);
        } else if (op.kind === 'reset') {
          clocks[op.tenant]!.reset();
          offsets[op.tenant] = 0;
          pending = pending.filter((timer) => timer.tenant !== op.tenant);
        }

        expect(base.now()).toBe(baseNow);
        clocks.forEach((clock, tenant) => {
          expect(clock.now()).toBe(baseNow + offsets[tenant]!);
          const mine = pending.filter((timer) => timer.tenant === tenant).map((timer) => timer.at);
          expect(clock.nextTimerAt()).toBe(mine.length > 0 ? Math.min(...mine) : undefined);
        });
        expect(fired).toEqual(expectedFired);
        // The emulator's clock knows when the next tenant timer falls due: its clock mover steps to it.
        const dueOnBase = pending.map((timer) => timer.at - offsets[timer.tenant]!);
        expect(base.nextTimerAt()).toBe(dueOnBase.length > 0 ? Math.min(...dueOnBase) : undefined);
      }
    },
  );
}
