import luhn from 'luhn';

/** 12 to 19 digits (the `$luhn` matcher's range), whole or in groups split by single spaces or dashes, as pages print them. */
const CARD_NUMBER = /(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)/g;

/** Calls `replace` on every card-number-like run whose digits pass Luhn (with the character before it); other runs stay. */
export function replaceCardNumbers(text: string, replace: (run: string, digits: string, before: string) => string): string {
  return text.replace(CARD_NUMBER, (run, offset: number) => {
    const digits = run.replace(/\D/g, '');
    return luhn.validate(digits) ? replace(run, digits, text.charAt(offset - 1)) : run;
  });
}

/**
 * Reports and logs never show a full card number: any card-number-like run whose digits pass
 * Luhn keeps its first six and last four digits (as a masked PAN does), the rest become `*`. API
 * keys in an Authorization header keep only their last four characters.
 */
export function maskPans(text: string): string {
  return replaceCardNumbers(text, (run, digits) => {
    let index = 0;
    return run.replace(/\d/g, (digit) => (index++ < 6 || index > digits.length - 4 ? digit : '*'));
  });
}

function maskAuthorization(value: string): string {
  const match = /^(\S+\s+)(\S+)$/.exec(value);
  const secret = match ? match[2]! : value;
  return `${match ? match[1] : ''}…${secret.slice(-4)}`;
}

/** A copy of request headers fit for a report. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, name.toLowerCase() === 'authorization' ? maskAuthorization(value) : maskPans(value)]));
}

/** A copy of a JSON value with every string masked, and every whole number that reads as a card number masked into a string. */
export function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskPans(value);
  if (typeof value === 'number' && Number.isInteger(value)) {
    const masked = maskPans(String(value));
    return masked === String(value) ? value : masked;
  }
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskDeep(item)]));
  return value;
}
