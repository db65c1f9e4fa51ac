import type { CurrencyCode, EpochMs } from '../ports/records.js';
import type { DomainContext } from './context.js';

/**
 * The emulator's FX market (GET /v1/core/fx_rates): units of each currency per US dollar, as
 * decimal strings like Mono's example `{"COP":"4000.25","MXN":"20.65","USD":"1"}`. Each row is in
 * effect from its date (UTC) until the next row's; a date before the first row gets the first.
 * The numbers are fixed, so tests and demos can work out every conversion by hand.
 */
export const FX_RATE_TABLE: readonly { from: string; rates: Readonly<Record<CurrencyCode, string>> }[] = [
  { from: '2000-01-01', rates: { USD: '1', COP: '3900.5', MXN: '19.8', CLP: '900', BRL: '5.1', PEN: '3.75', EUR: '0.92' } },
  { from: '2025-01-01', rates: { USD: '1', COP: '4150.75', MXN: '19.95', CLP: '955.3', BRL: '5.65', PEN: '3.72', EUR: '0.96' } },
  { from: '2026-01-01', rates: { USD: '1', COP: '4000.25', MXN: '20.65', CLP: '930.1', BRL: '5.35', PEN: '3.65', EUR: '0.87' } },
];

/** §14: without `fx_rate`, a transfer's rate is the market rate times (1 + spread); Mono's example spread is 1%. */
export const FX_SPREAD_PERCENT = 1n;
/** §14's `fixed_fee`, in the payer's minor units: the emulator configures no fees. */
export const TRANSFER_FIXED_FEE = 0n;
/** Decimal places of a rate the emulator works out (a rate sent by a client is used as sent). */
const RATE_DECIMALS = 10;

/** The calendar date (UTC) of an instant: `2026-03-02`. */
export function dateOf(at: EpochMs): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The market rates in effect on a date (`YYYY-MM-DD`). */
export function fxRatesOn(date: string): Readonly<Record<CurrencyCode, string>> {
  let rates = FX_RATE_TABLE[0]!.rates;
  for (const row of FX_RATE_TABLE) if (row.from <= date) rates = row.rates;
  return rates;
}

/** An exact positive fraction. */
interface Ratio {
  num: bigint;
  den: bigint;
}

function parseDecimal(text: string): Ratio {
  const [whole = '0', fraction = ''] = text.split('.');
  return { num: BigInt(whole + fraction), den: 10n ** BigInt(fraction.length) };
}

/** a / b rounded half up (both positive). */
const roundHalfUp = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);

function formatDecimal({ num, den }: Ratio, decimals: number): string {
  const scaled = roundHalfUp(num * 10n ** BigInt(decimals), den).toString().padStart(decimals + 1, '0');
  const text = `${scaled.slice(0, -decimals)}.${scaled.slice(-decimals)}`;
  return text.replace(/\.?0+$/, '');
}

/**
 * §14: the rate a transfer from `source` to `target` applies without a rate of its own: units
 * of the source currency per unit of the target currency (COP to USD about 4000, USD to COP
 * about 0.00025), at the market rate of the day plus the spread, to 10 decimal places.
 */
export function transferRate(source: CurrencyCode, target: CurrencyCode, date: string): string {
  const market = marketRatio(source, target, date);
  return formatDecimal({ num: market.num * (100n + FX_SPREAD_PERCENT), den: market.den * 100n }, RATE_DECIMALS);
}

/** Units of `source` per unit of `target` at the day's market rate, without the spread. */
function marketRatio(source: CurrencyCode, target: CurrencyCode, date: string): Ratio {
  const rates = fxRatesOn(date);
  const s = parseDecimal(rates[source]);
  const t = parseDecimal(rates[target]);
  return { num: s.num * t.den, den: s.den * t.num };
}

/** The market rate alone (units of `source` per unit of `target`, 10 decimal places): what comparing amounts across currencies uses. */
export function marketRate(source: CurrencyCode, target: CurrencyCode, date: string): string {
  return formatDecimal(marketRatio(source, target, date), RATE_DECIMALS);
}

/** `source_amount = target_amount * fx_rate + fixed_fee`, rounded half up to whole minor units (§14). */
export function sourceForTarget(targetAmount: number, fxRate: string): number {
  const rate = parseDecimal(fxRate);
  return Number(roundHalfUp(BigInt(targetAmount) * rate.num, rate.den) + TRANSFER_FIXED_FEE);
}

/** `target_amount = (source_amount - fixed_fee) / fx_rate`, rounded half up to whole minor units (§14). */
export function targetForSource(sourceAmount: number, fxRate: string): number {
  const rate = parseDecimal(fxRate);
  const net = BigInt(sourceAmount) - TRANSFER_FIXED_FEE;
  return net <= 0n ? 0 : Number(roundHalfUp(net * rate.den, rate.num));
}

/** GET /v1/core/fx_rates: the rates in effect on `date`, today on the emulator's clock when absent. */
export function marketRates(ctx: DomainContext, date: string | undefined): Readonly<Record<CurrencyCode, string>> {
  return fxRatesOn(date ?? dateOf(ctx.clock.now()));
}
