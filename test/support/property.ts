import fc from 'fast-check';
import { it } from 'vitest';

/**
 * A vitest test of a fast-check property: `prop([arbitraries], parameters)(name, predicate,
 * timeout)`, the shape of @fast-check/vitest's `test.prop`. That package builds its `test` and
 * `it` by visiting every chain of vitest's modifiers (`skip.only.concurrent…`), ~4 s of CPU each
 * time it is loaded; this is all the suite used of it. The predicate may be async, and fails the
 * case by throwing or by returning false; the seed comes from the global configuration
 * (test/support/fast-check-seed.ts) unless the parameters give one.
 */
export function prop<Ts extends [unknown, ...unknown[]]>(arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, parameters: fc.Parameters<Ts> = {}) {
  return (name: string, predicate: (...args: Ts) => boolean | void | Promise<boolean | void>, timeout?: number) =>
    it(
      name,
      async () => {
        await fc.assert(fc.asyncProperty(...arbitraries, async (...args: Ts) => predicate(...args)), parameters);
      },
      timeout,
    );
}
