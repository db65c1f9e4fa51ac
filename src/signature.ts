import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Mono's webhook signature (reference §15): `Mono-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<raw body>" keyed by the webhook secret>`; several `v1=` may appear while a secret is
 * rotated, and any one matching is enough. The harness carries its own verifier rather than the
 * emulator's, so that it can check Mono's real sandbox independently of the code under test.
 */

export const SIGNATURE_HEADER = 'mono-signature';
const DEFAULT_TOLERANCE_SECONDS = 300;

export interface SignatureVerdict {
  valid: boolean;
  /** Why it is not valid. */
  reason?: string;
}

export function parseSignatureHeader(header: string): { timestamp?: number; signatures: string[] } {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, ...rest] = part.trim().split('=');
    const value = rest.join('=');
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value) signatures.push(value);
  }
  return { ...(timestamp === undefined ? {} : { timestamp }), signatures };
}

export function computeSignature(rawBody: string | Buffer, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The header value a sender would put on a body: `t=…,v1=…`. */
export function signatureHeader(rawBody: string | Buffer, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${computeSignature(rawBody, secret, timestamp)}`;
}

export function checkMonoSignature(
  rawBody: string | Buffer,
  header: string | undefined,
  secret: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): SignatureVerdict {
  if (!header) return { valid: false, reason: 'no Mono-Signature header' };
  const { timestamp, signatures } = parseSignatureHeader(header);
  if (timestamp === undefined) return { valid: false, reason: `Mono-Signature has no t=<unix seconds>: "${header}"` };
  if (signatures.length === 0) return { valid: false, reason: `Mono-Signature has no v1=<signature>: "${header}"` };
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const skew = Math.abs(Math.floor((options.now ?? Date.now()) / 1000) - timestamp);
  // An old timestamp means a replayed delivery: refused even when the signature is right.
  if (skew > tolerance) return { valid: false, reason: `Mono-Signature t=${timestamp} is ${skew} s away from now (tolerance ${tolerance} s)` };
  const expected = Buffer.from(computeSignature(rawBody, secret, timestamp), 'hex');
  // §15: lowercase hex; Buffer.from(…, 'hex') alone would stop at the first other character.
  const matches = signatures.some((signature) => {
    if (!/^[0-9a-f]{64}$/.test(signature)) return false;
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { valid: true } : { valid: false, reason: 'no v1 signature matches HMAC-SHA256("<t>.<raw body>") with the webhook secret' };
}
