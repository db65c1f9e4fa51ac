import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueLookToken, LOOK_TOKEN_TTL_MS, readLookToken } from '../../emulator/domain/card-look.js';
import { prop } from '../support/property.js';

const PROPERTY = { seed: 0x100c };
const SECRET = Buffer.alloc(32, 0x5a);
const OTHER_SECRET = Buffer.alloc(32, 0xa5);
const TENANT = 'ten_Q2a7vYp0sLk3mNb8cXd1eF';
const CARD = 'car_5tgliBmzjZ6mpQPRbQjfKj';
const OTHER_CARD = 'car_9ZZliBmzjZ6mpQPRbQjfKj';
/** A whole second, so second-granular and millisecond-granular readings agree. */
const EXPIRES = Date.parse('2026-03-02T12:10:00.000Z');

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('card look tokens', () => {
  it('look token: names its tenant at any time before its expiry', () => {
    const token = issueLookToken(SECRET, TENANT, CARD, EXPIRES);
    expect(readLookToken(SECRET, token, CARD, EXPIRES - LOOK_TOKEN_TTL_MS)).toBe(TENANT);
    expect(readLookToken(SECRET, token, CARD, EXPIRES - 1000)).toBe(TENANT);
    expect(readLookToken(SECRET, token, CARD, EXPIRES - 1)).toBe(TENANT);
  });

  it('look token: is refused from its expiry instant on (the expiry is exclusive)', () => {
    const token = issueLookToken(SECRET, TENANT, CARD, EXPIRES);
    expect(readLookToken(SECRET, token, CARD, EXPIRES)).toBeNull();
    expect(readLookToken(SECRET, token, CARD, EXPIRES + 1)).toBeNull();
    expect(readLookToken(SECRET, token, CARD, EXPIRES + 86_400_000)).toBeNull();
  });

  prop([fc.integer({ min: 1_000_000_000_000, max: 4_000_000_000_000 }), fc.integer({ min: 1, max: LOOK_TOKEN_TTL_MS })], PROPERTY)(
    'look token: for any expiry instant (in ms), valid at every earlier instant and refused at the instant itself',
    (expiresAt, before) => {
      const token = issueLookToken(SECRET, TENANT, CARD, expiresAt);
      expect(readLookToken(SECRET, token, CARD, expiresAt - before)).toBe(TENANT);
      expect(readLookToken(SECRET, token, CARD, expiresAt)).toBeNull();
    },
  );

  it('look token: the ten-minute lifetime is LOOK_TOKEN_TTL_MS', () => {
    expect(LOOK_TOKEN_TTL_MS).toBe(10 * 60 * 1000);
  });

  it('look token: names the tenant it was issued for', () => {
    for (const tenant of ['ten_AAAAAAAAAAAAAAAAAAAAAA', 'ten_zzzzzzzzzzzzzzzzzzzzzz', TENANT]) {
      expect(readLookToken(SECRET, issueLookToken(SECRET, tenant, CARD, EXPIRES), CARD, EXPIRES - 1)).toBe(tenant);
    }
  });

  it('look token: a token for one card opens no other card', () => {
    const token = issueLookToken(SECRET, TENANT, CARD, EXPIRES);
    expect(readLookToken(SECRET, token, OTHER_CARD, EXPIRES - 1)).toBeNull();
    expect(readLookToken(SECRET, token, `${CARD}x`, EXPIRES - 1)).toBeNull();
    expect(readLookToken(SECRET, token, '', EXPIRES - 1)).toBeNull();
  });

  it('look token: a token signed with another secret is refused', () => {
    const token = issueLookToken(OTHER_SECRET, TENANT, CARD, EXPIRES);
    expect(readLookToken(SECRET, token, CARD, EXPIRES - 1)).toBeNull();
  });

  it('look token: a tampered signature is refused', () => {
    const token = issueLookToken(SECRET, TENANT, CARD, EXPIRES);
    const dot = token.lastIndexOf('.');
    const signature = token.slice(dot + 1);
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(readLookToken(SECRET, `${token.slice(0, dot + 1)}${flipped}`, CARD, EXPIRES - 1)).toBeNull();
    expect(readLookToken(SECRET, `${token.slice(0, dot + 1)}${signature.slice(0, -1)}`, CARD, EXPIRES - 1)).toBeNull();
    expect(readLookToken(SECRET, `${token}A`, CARD, EXPIRES - 1)).toBeNull();
  });

  it('look token: pushing the expiry later or naming another tenant breaks the signature', () => {
    const token = issueLookToken(SECRET, TENANT, CARD, EXPIRES);
    const [tenant, expires, signature] = token.split('.') as [string, string, string];
    const later = String(Number(expires) + 3600);
    expect(readLookToken(SECRET, `${tenant}.${later}.${signature}`, CARD, EXPIRES + 1)).toBeNull();
    expect(readLookToken(SECRET, `ten_AAAAAAAAAAAAAAAAAAAAAA.${expires}.${signature}`, CARD, EXPIRES - 1)).toBeNull();
  });

  prop([fc.nat(), fc.constantFrom(...`${BASE64URL}.`)], { ...PROPERTY, numRuns: 300 })(
    'look token: changing any one character anywhere in the token gets it refused',
    (position, replacement) => {
      const token = issueLookToken(SECRET, TENANT, CARD, EXPIRES);
      const at = position % token.length;
      fc.pre(token[at] !== replacement);
      const tampered = token.slice(0, at) + replacement + token.slice(at + 1);
      expect(readLookToken(SECRET, tampered, CARD, EXPIRES - 1)).toBeNull();
    },
  );

  it.each([
    ['an empty string', ''],
    ['a word', 'token'],
    ['two parts', 'ten_x.1772453400'],
    ['four parts', 'ten_x.1772453400.sig.extra'],
    ['empty parts', '..'],
    ['non-ASCII characters', 'ten_x.1772453400.ÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿ'],
    ['a 43-character fake signature', `ten_x.1772453400.${'A'.repeat(43)}`],
  ])('look token: a malformed token (%s) is refused without throwing', (_, token) => {
    expect(readLookToken(SECRET, token, CARD, EXPIRES - LOOK_TOKEN_TTL_MS)).toBeNull();
  });

  it('look token: a valid token with a trailing dot or space is refused', () => {
    const token = issueLookToken(SECRET, TENANT, CARD, EXPIRES);
    expect(readLookToken(SECRET, `${token}.`, CARD, EXPIRES - 1)).toBeNull();
    expect(readLookToken(SECRET, `${token} `, CARD, EXPIRES - 1)).toBeNull();
    expect(readLookToken(SECRET, ` ${token}`, CARD, EXPIRES - 1)).toBeNull();
  });
});
