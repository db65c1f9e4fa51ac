import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IdPrefix, IdSource } from '../../emulator/ports/id-source.js';
import { prop } from '../support/property.js';

/** Mono's id prefixes (the ids in its API reference), then the emulator's own, written out by hand. */
const PREFIXES: readonly IdPrefix[] = ['car', 'carh', 'ccg', 'spc', 'lacc', 'acch', 'acc', 'ltx', 'sao', 'cbo', 'pro', 'log', 'ten', 'pca', 'wh', 'evt', 'dlv', 'flt'];
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const seedArb = fc.integer({ min: 0, max: 0xffff_ffff });

/** What every IdSource does: ids shaped like Mono's, unique, and repeatable from the seed of the randomness behind them. */
export function describeIdSource(name: string, make: (seed: number) => IdSource): void {
  const idsFrom = (seed: number, count: number, prefix: IdPrefix = 'car') => {
    const source = make(seed);
    return Array.from({ length: count }, () => source.next(prefix));
  };

  describe(`${name}: the IdSource port`, () => {
    it.each(PREFIXES)('ids: a %s id is the prefix, "_" and 22 base-62 characters', (prefix) => {
      const source = make(20_260_101);
      const ids = Array.from({ length: 200 }, () => source.next(prefix));
      expect(ids.filter((id) => !new RegExp(`^${prefix}_[0-9A-Za-z]{22}$`).test(id))).toEqual([]);
    });

    prop([seedArb, fc.constantFrom(...PREFIXES)])('ids: under any seed, ids keep the shape prefix_ + 22 base-62 characters', (seed, prefix) => {
      const shape = new RegExp(`^${prefix}_[0-9A-Za-z]{22}$`);
      expect(idsFrom(seed, 20, prefix).filter((id) => !shape.test(id))).toEqual([]);
    });

    prop([seedArb], { numRuns: 50 })('ids: the same seed gives the same ids, in the same order', (seed) => {
      expect(idsFrom(seed, 200)).toEqual(idsFrom(seed, 200));
    });

    it('ids: another seed gives other ids', () => {
      const a = idsFrom(1, 100);
      const b = idsFrom(2, 100);
      expect(a.filter((id) => b.includes(id))).toEqual([]);
    });

    it('ids: 100,000 ids from one source are unique', () => {
      const ids = idsFrom(20_260_101, 100_000);
      expect(new Set(ids).size).toBe(100_000);
    });

    it('ids: the body of the ids draws on all 62 characters', () => {
      const used = new Set(idsFrom(3, 2_000).flatMap((id) => [...id.slice(4)]));
      expect([...used].sort().join('')).toBe([...BASE62].sort().join(''));
    });
  });
}
