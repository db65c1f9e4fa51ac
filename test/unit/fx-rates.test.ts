import { describe, expect, it } from 'vitest';
import { fxRatesOn, sourceForTarget, targetForSource, transferRate } from '../../emulator/domain/fx-rates.js';

describe('FX rates', () => {
  it('fx: each date gets the table row in effect on it; a date before the first row gets the first', () => {
    expect(fxRatesOn('2026-03-02').COP).toBe('4000.25');
    expect(fxRatesOn('2026-01-01').COP).toBe('4000.25');
    expect(fxRatesOn('2025-12-31').COP).toBe('4150.75');
    expect(fxRatesOn('1999-12-31').COP).toBe('3900.5');
    expect(fxRatesOn('2026-03-02').USD).toBe('1');
  });

  it("fx: a transfer's rate is units of the payer's currency per unit of the receiver's, market rate plus 1% (Mono's example: 4000 -> 4040)", () => {
    // COP -> USD: 4000.25 COP per USD, times 1.01.
    expect(transferRate('COP', 'USD', '2026-03-02')).toBe('4040.2525');
    // USD -> COP: 1 / 4000.25 * 1.01 = 0.000252484219736..., to 10 decimal places.
    expect(transferRate('USD', 'COP', '2026-03-02')).toBe('0.0002524842');
    // Between two non-dollar currencies: MXN per COP = 20.65 / 4000.25 * 1.01 = 0.00521379913755...
    expect(transferRate('MXN', 'COP', '2026-03-02')).toBe('0.0052137991');
    expect(transferRate('COP', 'USD', '2025-06-30')).toBe('4192.2575');
  });

  it('fx: source = target * rate and target = source / rate, rounded half up to whole minor units', () => {
    expect(sourceForTarget(10_000, '4040.2525')).toBe(40_402_525);
    expect(sourceForTarget(1, '0.5')).toBe(1);
    expect(sourceForTarget(1, '0.49')).toBe(0);
    expect(targetForSource(40_402_525, '4040.2525')).toBe(10_000);
    // 100,000 / 4040.2525 = 24.7509... -> 25; 2 / 4 = 0.5 -> 1 (half up).
    expect(targetForSource(100_000, '4040.2525')).toBe(25);
    expect(targetForSource(2, '4')).toBe(1);
    expect(targetForSource(1, '4')).toBe(0);
    // 5,000 / 0.0002524842 = 19,803,219.37 -> 19,803,219.
    expect(targetForSource(5_000, '0.0002524842')).toBe(19_803_219);
  });
});
