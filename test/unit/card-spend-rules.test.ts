import { describe, expect, it } from 'vitest';
import { endOfMonth, periodStart } from '../../emulator/domain/bogota-calendar.js';
import { magicDeclineReason } from '../../emulator/domain/card-declination.js';
import { gmfFor, type CardFunding } from '../../emulator/domain/card-funding.js';

const at = (text: string) => Date.parse(text);

describe('Bogotá calendar (UTC-5, no daylight saving)', () => {
  it('periodStart: a day starts at 05:00 UTC, so 03:00 UTC still belongs to the day before', () => {
    expect(periodStart(at('2026-03-02T12:00:00Z'), 'daily')).toBe(at('2026-03-02T05:00:00Z'));
    expect(periodStart(at('2026-03-03T03:00:00Z'), 'daily')).toBe(at('2026-03-02T05:00:00Z'));
    expect(periodStart(at('2026-03-03T05:00:00Z'), 'daily')).toBe(at('2026-03-03T05:00:00Z'));
  });

  it('periodStart: a week starts on Monday in Bogotá (Sunday 23:30 there is still the week before)', () => {
    // 2026-03-08 is a Sunday; 2026-03-09 a Monday.
    expect(periodStart(at('2026-03-09T04:30:00Z'), 'weekly')).toBe(at('2026-03-02T05:00:00Z'));
    expect(periodStart(at('2026-03-09T05:00:00Z'), 'weekly')).toBe(at('2026-03-09T05:00:00Z'));
    expect(periodStart(at('2026-03-04T18:00:00Z'), 'weekly')).toBe(at('2026-03-02T05:00:00Z'));
  });

  it('periodStart: a month starts on the 1st at 05:00 UTC, across a year end too', () => {
    expect(periodStart(at('2026-04-01T04:59:59Z'), 'monthly')).toBe(at('2026-03-01T05:00:00Z'));
    expect(periodStart(at('2026-01-01T04:00:00Z'), 'monthly')).toBe(at('2025-12-01T05:00:00Z'));
  });

  it('endOfMonth: a card expiring 12/2029 works until 2030-01-01 00:00 in Bogotá', () => {
    expect(endOfMonth(2029, 12)).toBe(at('2030-01-01T05:00:00Z'));
    expect(endOfMonth(2030, 2)).toBe(at('2030-03-01T05:00:00Z'));
  });
});

describe('GMF and magic amounts', () => {
  const banking = { chargesGmf: true } as CardFunding;
  const core = { chargesGmf: false } as CardFunding;

  it('GMF: 4 per 1000 rounded half up to whole cents on banking cards; none on Core cards', () => {
    expect(gmfFor(banking, 125)).toBe(1); // 0.5 cents rounds up
    expect(gmfFor(banking, 124)).toBe(0);
    expect(gmfFor(banking, 100_000_000)).toBe(400_000);
    expect(gmfFor(banking, Number.MAX_SAFE_INTEGER)).toBe(36_028_797_018_964);
    expect(gmfFor(core, 100_000_000)).toBe(0);
  });

  it('magic amounts: only COP amounts with cents 01 to 33', () => {
    expect(magicDeclineReason({ amount: 501, currency: 'COP' })).toBe('account_blocked');
    expect(magicDeclineReason({ amount: 533, currency: 'COP' })).toBe('other');
    expect(magicDeclineReason({ amount: 534, currency: 'COP' })).toBeNull();
    expect(magicDeclineReason({ amount: 500, currency: 'COP' })).toBeNull();
    expect(magicDeclineReason({ amount: 510, currency: 'USD' })).toBeNull();
  });
});
