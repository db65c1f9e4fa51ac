import { createHmac, timingSafeEqual } from 'node:crypto';
import { fail } from './errors.js';
import type { CardRecord } from './model.js';

/** How long a look URL works: long enough to open it, short enough that a leaked one goes stale. */
export const LOOK_TOKEN_TTL_MS = 10 * 60 * 1000;

const sign = (secret: Buffer, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/**
 * The look page shows the full card number, so its URL carries a token signed by the emulator:
 * it names the tenant and the card and expires. Mono's own page needs no API key either (§9 #6).
 */
export function issueLookToken(secret: Buffer, tenantId: string, cardId: string, expiresAt: number): string {
  const payload = `${tenantId}.${expiresAt}`;
  return `${payload}.${sign(secret, `${payload}.${cardId}`)}`;
}

/** A canceled card's credentials are dead, so the emulator shows them no more. */
export function assertLookable(card: CardRecord): void {
  if (card.state === 'canceled') fail('card_canceled', '#/card_id', 'A canceled card has no look: its number, expiry and CVV are no longer shown.');
}

/** The tenant a token was issued for, or null when it is forged, for another card, or expired. */
export function readLookToken(secret: Buffer, token: string, cardId: string, now: number): string | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [tenantId, expires, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(secret, `${tenantId}.${expires}.${cardId}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return Number(expires) > now ? tenantId : null;
}
