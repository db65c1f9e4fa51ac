import type { Address } from '../ports/records.js';

/** An address as stored and shown: optional lines present as null, fields in Mono's order (§8.2). */
export function storedAddress(input: Address): Address {
  return {
    line_1: input.line_1,
    line_2: input.line_2 ?? null,
    city: input.city,
    state: input.state,
    zip_code: input.zip_code,
    country: input.country,
    extra: input.extra ?? null,
  };
}
