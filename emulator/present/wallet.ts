import type { Schemas } from './schemas.js';

/** Apple Pay's three provisioning values, under Mono's field names (apple_pay_token_provisioning). */
export function presentApplePay(data: { activationData: string; encryptedPassData: string; ephemeralPublicKey: string }): Schemas['ApplePayProvisioning'] {
  return { activation_data: data.activationData, encrypted_pass_data: data.encryptedPassData, ephemeral_public_key: data.ephemeralPublicKey };
}
