import { expect } from 'vitest';

/**
 * Checks a seeded fault share: `run(seed)` gives the positions a fresh emulator faulted; the same
 * seed must give the same positions, another seed others, and their number must lie in
 * [min, max] (bounds a fair draw leaves only with odds below one in a thousand).
 */
export async function expectSeededShare(run: (seed: number) => Promise<number[]>, seed: number, bounds: { min: number; max: number }): Promise<void> {
  const first = await run(seed);
  expect(await run(seed)).toEqual(first);
  expect(await run(seed + 1)).not.toEqual(first);
  expect(first.length).toBeGreaterThanOrEqual(bounds.min);
  expect(first.length).toBeLessThanOrEqual(bounds.max);
}
