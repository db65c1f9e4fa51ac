import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntSet } from '../../emulator/runtime/int-set.js';
import { prop } from '../support/property.js';

describe('IntSet', () => {
  prop([fc.array(fc.integer({ min: 0, max: 0x7fff_fffe }), { maxLength: 3_000 })], { seed: 0x5e7, numRuns: 50 })(
    'int set: add answers whether the integer was new, as a Set does, through every growth of the table',
    (values) => {
      const set = new IntSet();
      const reference = new Set<number>();
      for (const value of values) {
        expect(set.add(value)).toBe(!reference.has(value));
        reference.add(value);
      }
      expect(set.size).toBe(reference.size);
    },
  );

  it('int set: the smallest and largest integers, and runs of neighbours that hash near each other, are told apart', () => {
    const set = new IntSet();
    const values = [0, 0x7fff_fffe, ...Array.from({ length: 5_000 }, (_, i) => i * 1024 + 1)];
    for (const value of values) expect(set.add(value)).toBe(true);
    for (const value of values) expect(set.add(value)).toBe(false);
    expect(set.size).toBe(values.length);
  });

  it('int set: refuses what it cannot hold rather than confusing it with another integer', () => {
    const set = new IntSet();
    for (const value of [-1, 0x7fff_ffff, 1.5, Number.NaN]) expect(() => set.add(value)).toThrow(RangeError);
  });
});
