import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IdPrefix } from '../../emulator/ports/id-source.js';
import { createIdSource } from '../../emulator/runtime/id-source.js';
import { createSeededRandom } from '../../emulator/runtime/seeded-random.js';
import { prop } from '../support/property.js';

const PROPERTY = { seed: 0x1d5eed };
/** Mono's id prefixes (mono-api.md §4.1), written out by hand. */
const PREFIXES: readonly IdPrefix[] = ['car', 'carh', 'ccg', 'spc', 'lacc', 'acch', 'acc', 'ltx', 'pro', 'log', 'ten'];
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const seedArb = fc.integer({ min: 0, max: 0xffff_ffff });

const idsFrom = (seed: number, count: number, prefix: IdPrefix = 'car') => {
  const source = createIdSource(createSeededRandom(seed));
  return Array.from({ length: count }, () => source.next(prefix));
};

const drawsFrom = (seed: number, bound: number, count: number) => {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => random.int(bound));
};

describe('id source', () => {
  it.each(PREFIXES)('ids: a %s id is the prefix, "_" and 22 base-62 characters', (prefix) => {
    const source = createIdSource(createSeededRandom(20_260_101));
    const ids = Array.from({ length: 200 }, () => source.next(prefix));
    expect(ids.filter((id) => !new RegExp(`^${prefix}_[0-9A-Za-z]{22}$`).test(id))).toEqual([]);
  });

  prop([seedArb, fc.constantFrom(...PREFIXES)], PROPERTY)('ids: under any seed, ids keep the shape prefix_ + 22 base-62 characters', (seed, prefix) => {
    const shape = new RegExp(`^${prefix}_[0-9A-Za-z]{22}$`);
    expect(idsFrom(seed, 20, prefix).filter((id) => !shape.test(id))).toEqual([]);
  });

  prop([seedArb], { ...PROPERTY, numRuns: 50 })('ids: the same seed gives the same ids, in the same order', (seed) => {
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

describe('seeded random', () => {
  const bound = fc.oneof(
    fc.integer({ min: 1, max: 100 }),
    fc.integer({ min: 1, max: 0xffff_ffff }),
    fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(1, 2, 10, 62, 0x1_0000_0000, Number.MAX_SAFE_INTEGER),
  );

  prop([seedArb, bound], { ...PROPERTY, numRuns: 500 })('seeded random: int(bound) is always a whole number in [0, bound)', (seed, max) => {
    const outside = drawsFrom(seed, max, 200).filter((value) => !Number.isInteger(value) || value < 0 || value >= max);
    expect(outside).toEqual([]);
  });

  prop([seedArb, fc.integer({ min: 1, max: 12 })], { ...PROPERTY, numRuns: 50 })(
    'seeded random: int(bound) reaches every value of a small range',
    (seed, max) => {
      const seen = new Set(drawsFrom(seed, max, 1_000));
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: max }, (_, i) => i));
    },
  );

  it('seeded random: int(1) is always 0', () => {
    expect(new Set(drawsFrom(99, 1, 1_000))).toEqual(new Set([0]));
  });

  prop([seedArb], { ...PROPERTY, numRuns: 50 })('seeded random: the same seed gives the same sequence', (seed) => {
    expect(drawsFrom(seed, 1_000_000, 100)).toEqual(drawsFrom(seed, 1_000_000, 100));
  });

  it('seeded random: neighbouring seeds give unrelated sequences', () => {
    const a = drawsFrom(41, 1_000_000, 50);
    const b = drawsFrom(42, 1_000_000, 50);
    expect(a.filter((value, i) => value === b[i]).length).toBeLessThan(3);
  });
});
