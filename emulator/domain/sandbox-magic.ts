/**
 * Mono's sandbox keys bank-transfer outcomes on the payee's document number ("starts with 888,
 * ends with 000": docs.cuentamono.com/docs/sandbox-environment). The emulator keys card outcomes
 * the same way, on the cardholder's `document.number`: it starts with 999 and its last three
 * digits say what happens. The README's "Tokenization outcomes" table lists them.
 */
export type DocumentMagic = 'declined' | 'unavailable' | 'timeout' | 'wallet_otp';

const ENDINGS: Readonly<Record<string, DocumentMagic>> = { '502': 'declined', '503': 'unavailable', '504': 'timeout', '700': 'wallet_otp' };

/** What a cardholder document number asks for, if it is one of the magic values. */
export function documentMagic(documentNumber: string): DocumentMagic | null {
  if (documentNumber.length < 6 || !documentNumber.startsWith('999')) return null;
  return ENDINGS[documentNumber.slice(-3)] ?? null;
}

/**
 * Last-four digits that end an activation on purpose, when they are not the card's own: `0000`
 * fails it (Mono: "error retrieving card details from provider"), `9999` ends it in
 * `group_mismatch` (the plastic's affinity group is not the link's configuration group).
 */
export const MAGIC_LAST_FOUR: Readonly<Record<string, 'failed' | 'group_mismatch'>> = { '0000': 'failed', '9999': 'group_mismatch' };
