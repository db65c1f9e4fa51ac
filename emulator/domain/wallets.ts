import { createHmac } from 'node:crypto';
import type { MonoComponents } from '../../contracts/index.js';
import type { CardRecord, Tenant } from '../ports/records.js';
import type { DigitalWallet } from '../ports/views.js';
import { getCard } from './cards.js';
import type { DomainContext } from './context.js';
import { fail } from './errors.js';
import { documentMagic } from './sandbox-magic.js';

type Schemas = MonoComponents['schemas'];
export type ApplePayInput = Schemas['ApplePayProvisioningRequest'];
export type GooglePayInput = Schemas['GooglePayProvisioningRequest'];

export interface ApplePayData {
  activationData: string;
  encryptedPassData: string;
  ephemeralPublicKey: string;
}

/** How long a wallet OTP is good for (Mono publishes no figure). */
export const WALLET_OTP_TTL_MS = 10 * 60 * 1000;

/**
 * `length` bytes that only the card's network token reference (never shown) and the request can
 * give: opaque, different for every card and request, the same for the same request.
 */
function derive(tokenReference: string, label: string, parts: readonly string[], length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) {
    blocks.push(createHmac('sha256', tokenReference).update(`${label}\u0000${i}\u0000${parts.join('\u0000')}`).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/**
 * A card a wallet can take: Mono's token-provisioning pages are for cards in use, so a canceled
 * card (409 card_canceled) and one that is created or frozen (409 card_not_active) are refused.
 */
function walletReadyCard(ctx: DomainContext, tenant: Tenant, cardId: string): { card: CardRecord; tokenReference: string } {
  const card = getCard(ctx, tenant, cardId);
  if (card.state === 'canceled') fail('card_canceled', '#/card_id', 'A canceled card cannot be added to a wallet.');
  if (card.state !== 'active') fail('card_not_active', '#/card_id', `Only an active card can be added to a wallet; this card is ${card.state}.`);
  const secret = ctx.stores.cardSecrets.get(tenant.id, card.id);
  if (!secret) throw new Error(`card ${card.id} lost its secrets`);
  return { card, tokenReference: secret.tokenReference };
}

/**
 * Mono's card_token_otp webhook: the wallet asks the holder for a one-time code to finish adding
 * the card. The emulator asks for one when the holder's document number is a magic value.
 */
function askForOtpIfNeeded(ctx: DomainContext, tenant: Tenant, card: CardRecord, wallet: DigitalWallet, tokenReference: string, parts: readonly string[]): void {
  const holder = ctx.stores.cardholders.get(tenant.id, card.cardholderId);
  if (!holder || documentMagic(holder.document.number) !== 'wallet_otp') return;
  const otp = String(derive(tokenReference, `${wallet}-otp`, parts, 4).readUInt32BE(0) % 1_000_000).padStart(6, '0');
  const at = ctx.clock.now();
  ctx.events.emit(tenant, { type: 'card_token_otp', card, wallet, otp, expiresAt: at + WALLET_OTP_TTL_MS, at });
}

/** Apple Pay in-app provisioning (apple_pay_token_provisioning): what PassKit's add-payment-pass request takes. */
export function provisionApplePay(ctx: DomainContext, tenant: Tenant, cardId: string, input: ApplePayInput): ApplePayData {
  const { card, tokenReference } = walletReadyCard(ctx, tenant, cardId);
  const parts = [...input.certificates, input.nonce, input.nonce_signature];
  askForOtpIfNeeded(ctx, tenant, card, 'apple_pay', tokenReference, parts);
  return {
    activationData: derive(tokenReference, 'activation', parts, 48).toString('base64'),
    encryptedPassData: derive(tokenReference, 'pass', parts, 256).toString('base64'),
    // An uncompressed P-256 point is 65 bytes and starts with 0x04; this one only looks like it.
    ephemeralPublicKey: Buffer.concat([Buffer.from([4]), derive(tokenReference, 'ephemeral', parts, 64)]).toString('base64'),
  };
}

/** Google Pay push provisioning (google_pay_token_provisioning): the opaque payment card. */
export function provisionGooglePay(ctx: DomainContext, tenant: Tenant, cardId: string, input: GooglePayInput): { opc: string } {
  const { card, tokenReference } = walletReadyCard(ctx, tenant, cardId);
  const parts = [input.device_id, input.wallet_account_id];
  askForOtpIfNeeded(ctx, tenant, card, 'google_pay', tokenReference, parts);
  return { opc: derive(tokenReference, 'opc', parts, 192).toString('base64url') };
}
