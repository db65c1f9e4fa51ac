import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Mono's webhook signature (docs/mono-reference.md §15): `Mono-Signature: t=<unix seconds>,v1=<hex>`, where
 * the hex is HMAC-SHA256 of "<t>.<raw body>" keyed by the webhook secret. Only v1 exists today.
 */
export function signatureHeader(rawBody: string, secret: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacHex(rawBody, secret, unixSeconds)}`;
}

function hmacHex(rawBody: string | Buffer, secret: string, unixSeconds: number | string): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.`).update(rawBody).digest('hex');
}

export interface VerifyOptions {
  /** How far `t` may be from now, either way; Mono's reference implementation uses 300 s. */
  toleranceSeconds?: number;
  /** The receiver's time in epoch milliseconds; the machine's clock when absent. */
  now?: number;
}

/**
 * Checks a `Mono-Signature` header the way a receiver should: the timestamp within the
 * tolerance, and any of the `v1=` values equal, compared in constant time, to the HMAC of the
 * exact raw body. Several `v1=` values are accepted, as Mono's reference implementation does.
 */
export function verifyMonoSignature(rawBody: string | Buffer, header: string, secret: string, options: VerifyOptions = {}): boolean {
  const { toleranceSeconds = 300, now = Date.now() } = options;
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1') signatures.push(value);
  }
  if (timestamp === undefined || !/^\d+$/.test(timestamp) || signatures.length === 0) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(rawBody, secret, timestamp), 'utf8');
  return signatures.some((signature) => {
    const given = Buffer.from(signature, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
