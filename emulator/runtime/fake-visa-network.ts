import luhn from 'luhn';
import type { CardNetwork, ProvisionedCard, ProvisionRequest } from '../ports/card-network.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import { IntSet } from './int-set.js';

/** Visa's well-known test BIN: emulator cards can never be mistaken for real ones. */
export const EMULATOR_BIN = '411111';

/** The Luhn check digit that completes `payload` (the number without its last digit). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let digit = payload.charCodeAt(payload.length - 1 - i) - 48;
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

const digits = (random: Random, count: number) => {
  let out = '';
  for (let i = 0; i < count; i++) out += String(random.int(10));
  return out;
};

export interface FakeVisaNetworkOptions {
  random: Random;
  clock: Clock;
  /** Wall-clock delay of each provisioning call, to make the tokenization step slow. */
  latencyMs?: number;
}

/**
 * Stands in for Visa's provisioning step: 16-digit PANs in the emulator's BIN, unique for the
 * network's lifetime (the emulator makes a new one at each reset), expiring three to five years ahead, with a 3-digit CVV and a token reference.
 */
export function createFakeVisaNetwork({ random, clock, latencyMs = 0 }: FakeVisaNetworkOptions): CardNetwork {
  // The nine account digits of every number issued, as integers: the BIN is fixed and the check
  // digit follows from the rest, and a small integer weighs less than a 16-character string.
  const issued = new IntSet();

  const newPan = () => {
    for (;;) {
      const account = random.int(1_000_000_000);
      if (!issued.add(account)) continue;
      const payload = EMULATOR_BIN + String(account).padStart(9, '0');
      const pan = payload + String(luhnCheckDigit(payload));
      if (!luhn.validate(pan)) throw new Error('computed an invalid Luhn check digit');
      return pan;
    }
  };

  const provisionNow = (_request: ProvisionRequest): ProvisionedCard => {
    const issuedAt = new Date(clock.now());
    // 36 to 60 months after the month of issue.
    const expiry = issuedAt.getUTCFullYear() * 12 + issuedAt.getUTCMonth() + 36 + random.int(25);
    return {
      pan: newPan(),
      expMonth: (expiry % 12) + 1,
      expYear: Math.floor(expiry / 12),
      cvv: digits(random, 3),
      tokenReference: `DNITHE${digits(random, 18)}`,
    };
  };

  return {
    provision(request) {
      if (latencyMs <= 0) return Promise.resolve(provisionNow(request));
      return new Promise((resolve) => setTimeout(() => resolve(provisionNow(request)), latencyMs));
    },
  };
}
