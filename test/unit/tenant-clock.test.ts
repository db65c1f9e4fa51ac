import { describe, expect, it } from 'vitest';
import { createManualClock, createSystemClock } from '../../emulator/runtime/clocks.js';
import { createTenantClock } from '../../emulator/runtime/tenant-clock.js';

const START = Date.parse('2026-03-02T12:00:00Z');

describe('a tenant clock over the emulator clock', () => {
  it('tenant clock: reads the emulator clock until the tenant moves it, and keeps the mode', () => {
    const base = createManualClock(START);
    const tenant = createTenantClock(base);
    expect(tenant.mode).toBe('manual');
    expect(tenant.now()).toBe(START);
    base.advance(5_000);
    expect(tenant.now()).toBe(START + 5_000);
  });

  it("tenant clock: advancing one tenant moves its time only; the emulator's clock moves every tenant", () => {
    const base = createManualClock(START);
    const a = createTenantClock(base);
    const b = createTenantClock(base);
    a.advance(60_000);
    expect(a.now()).toBe(START + 60_000);
    expect(b.now()).toBe(START);
    expect(base.now()).toBe(START);
    base.advance(1_000);
    expect(a.now()).toBe(START + 61_000);
    expect(b.now()).toBe(START + 1_000);
  });

  it('tenant clock: its own advance fires its timers in time order, each at its own time, and no other tenant\'s', () => {
    const base = createManualClock(START);
    const a = createTenantClock(base);
    const b = createTenantClock(base);
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
    const a = createTenantClock(base);
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

  it('tenant clock: a canceled timer never fires; a timer set from inside a timer falls due in the same move', () => {
    const base = createManualClock(START);
    const a = createTenantClock(base);
    const fired: string[] = [];
    const cancel = a.setTimer(START + 5_000, () => fired.push('canceled'));
    a.setTimer(START + 1_000, () => {
      fired.push('first');
      a.setTimer(a.now() + 1_000, () => fired.push(`chained@${a.now() - START}`));
    });
    cancel();
    a.advance(10_000);
    expect(fired).toEqual(['first', 'chained@2000']);
  });

  it("tenant clock: reset drops its timers and reads the emulator's clock again", () => {
    const base = createManualClock(START);
    const a = createTenantClock(base);
    const fired: number[] = [];
    a.setTimer(START + 120_000, () => fired.push(1));
    a.advance(60_000);
    a.reset();
    expect(a.now()).toBe(START);
    base.advance(200_000);
    a.advance(200_000);
    expect(fired).toEqual([]);
  });

  it('tenant clock: only moves forward, in whole milliseconds', () => {
    const a = createTenantClock(createManualClock(START));
    expect(() => a.advance(-1)).toThrow(RangeError);
    a.advance(1.4);
    expect(a.now()).toBe(START + 1);
  });

  it('tenant clock: over the system clock it runs with the machine and jumps forward alone', () => {
    const base = createSystemClock();
    const a = createTenantClock(base);
    expect(a.mode).toBe('system');
    const before = base.now();
    a.advance(3_600_000);
    expect(a.now() - base.now()).toBe(3_600_000);
    expect(a.now()).toBeGreaterThanOrEqual(before + 3_600_000);
  });

  it('tenant clock: over the system clock, a timer due on the tenant time fires by the machine clock too', async () => {
    const a = createTenantClock(createSystemClock());
    a.advance(60_000);
    const target = a.now() + 20;
    const firedAt = await new Promise<number>((resolve) => a.setTimer(target, () => resolve(a.now())));
    expect(firedAt).toBeGreaterThanOrEqual(target);
  });
});
