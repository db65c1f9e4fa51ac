import luhn from 'luhn';

/**
 * Reports and logs never show a full card number: any run of 13-19 digits that passes Luhn keeps
 * its first six and last four digits (as a masked PAN does), the rest become `*`. API keys in an
 * Authorization header keep only their last four characters.
 */
export function maskPans(text: string): string {
  return text.replace(/(?<!\d)\d{13,19}(?!\d)/g, (digits) => (luhn.validate(digits) ? `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}` : digits));
}

export function maskAuthorization(value: string): string {
  const match = /^(\S+\s+)(\S+)$/.exec(value);
  const secret = match ? match[2]! : value;
  return `${match ? match[1] : ''}…${secret.slice(-4)}`;
}

/** A copy of request headers fit for a report. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, name.toLowerCase() === 'authorization' ? maskAuthorization(value) : maskPans(value)]));
}

/** A copy of a JSON value with every string masked; numbers are left whole, so the JSON stays valid. */
export function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskPans(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskDeep(item)]));
  return value;
}
