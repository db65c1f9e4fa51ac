import { interned } from './interned.js';
import type { Address } from './model.js';

/** An address as stored and shown: optional lines present as null, fields in Mono's order (§8.2). */
export function storedAddress(input: Address): Address {
  return {
    line_1: interned(input.line_1),
    line_2: interned(input.line_2 ?? null),
    city: interned(input.city),
    state: interned(input.state),
    zip_code: interned(input.zip_code),
    country: interned(input.country),
    extra: interned(input.extra ?? null),
  };
}
