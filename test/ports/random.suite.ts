import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Random } from '../../emulator/ports/random.js';
import { prop } from '../support/property.js';

const seedArb = fc.integer({ min: 0, max: 0xffff_ffff });

/** What every seeded Random does: whole numbers in range, every value reachable, the same sequence from the same seed. */
export function describeRandom(name: string, make: (seed: number) => Random): void {
  const drawsFrom = (seed: number, bound: number, count: number) => {
    const random = make(seed);
    return Array.from({ length: count }, () => random.int(bound));
  };
  const bound = fc.oneof(
    fc.integer({ min: 1, max: 100 }),
    fc.integer({ min: 1, max: 0xffff_ffff }),
    fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(1, 2, 10, 62, 0x1_0000_0000, Number.MAX_SAFE_INTEGER),
  );

  describe(`${name}: the Random port`, () => {
    prop([seedArb, bound], { numRuns: 500 })('seeded random: int(bound) is always a whole number in [0, bound)', (seed, max) => {
      const outside = drawsFrom(seed, max, 200).filter((value) => !Number.isInteger(value) || value < 0 || value >= max);
      expect(outside).toEqual([]);
    });

    prop([seedArb, fc.integer({ min: 1, max: 12 })], { numRuns: 50 })('seeded random: int(bound) reaches every value of a small range', (seed, max) => {
      const seen = new Set(drawsFrom(seed, max, 1_000));
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: max }, (_, i) => i));
    });

    it('seeded random: int(1) is always 0', () => {
      expect(new Set(drawsFrom(99, 1, 1_000))).toEqual(new Set([0]));
    });

    prop([seedArb], { numRuns: 50 })('seeded random: the same seed gives the same sequence', (seed) => {
      expect(drawsFrom(seed, 1_000_000, 100)).toEqual(drawsFrom(seed, 1_000_000, 100));
    });

    it('seeded random: neighbouring seeds give unrelated sequences', () => {
      const a = drawsFrom(41, 1_000_000, 50);
      const b = drawsFrom(42, 1_000_000, 50);
      expect(a.filter((value, i) => value === b[i]).length).toBeLessThan(3);
    });
  });
}
