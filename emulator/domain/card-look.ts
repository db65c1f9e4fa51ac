import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CardRecord, Tenant } from '../ports/records.js';
import type { CardLookView } from '../ports/views.js';
import { getCard } from './cards.js';
import type { DomainContext } from './context.js';
import { fail } from './errors.js';
import { tenantById } from './tenants.js';

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

/** A look URL for a card the tenant may look at: `origin` is where the client reached the emulator. */
export function lookUrl(ctx: DomainContext, secret: Buffer, tenant: Tenant, cardId: string, origin: string): { cardId: string; url: string } {
  const card = getCard(ctx, tenant, cardId);
  assertLookable(card);
  const token = issueLookToken(secret, tenant.id, card.id, ctx.clock.now() + LOOK_TOKEN_TTL_MS);
  return { cardId: card.id, url: `${origin}/_emulator/card-look/${card.id}?token=${encodeURIComponent(token)}` };
}

/**
 * What the page behind a look URL shows, once its token is checked; no API key is needed (§9 #6).
 * The token names its tenant, whose context (and clock, for the expiry) `contextOf` gives.
 */
export function openLookPage(contextOf: (tenantId: string) => DomainContext | undefined, secret: Buffer, token: string, cardId: string): CardLookView {
  // The tenant the token claims picks the clock its expiry is read on; the signature is checked next.
  const ctx = contextOf(token.split('.')[0]!);
  const tenantId = ctx ? readLookToken(secret, token, cardId, ctx.clock.now()) : null;
  const tenant = ctx && tenantId ? tenantById(ctx, tenantId) : undefined;
  if (!ctx || !tenant) return fail('not_authorized', '#/token', 'The look URL is invalid or has expired; ask GET /v1/cards/{card_id}/look for a new one.');
  const card = getCard(ctx, tenant, cardId);
  assertLookable(card);
  const holder = ctx.stores.cardholders.get(tenant.id, card.cardholderId);
  const cardSecret = ctx.stores.cardSecrets.get(tenant.id, card.id);
  if (!holder || !cardSecret) throw new Error(`card ${card.id} lost its holder or its secrets`);
  return { card, holder, secret: cardSecret };
}
