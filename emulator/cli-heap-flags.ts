/**
 * The V8 heap flags the `mono-emulator` bin runs with (the library never sets them). Under
 * allocation-heavy traffic such as card creation, V8 lets the old generation grow to up to 4x what
 * is live; a factor of 1.5 took RSS at 100,000 cards from ~430 MB to ~250 MB at the same create
 * throughput. --low-memory keeps the heap closer still to what is live (README: Benchmark).
 *
 * The default is set before the bin's bundle is compiled (emulator/cli-launcher.ts), because V8
 * accepts a code cache only under the flags it was made with; --low-memory's are set once the
 * options are read, and undo the default's growing factor.
 */
export const DEFAULT_HEAP_FLAGS = '--heap-growing-percent=50';
export const LOW_MEMORY_HEAP_FLAGS = '--heap-growing-percent=0 --optimize-for-size';

/**
 * The young generation's two semi-spaces double under any write-heavy load, up to 16 MB each.
 * Their maximum is fixed when V8 starts, but V8 reads the growth factor at each growth: loading
 * the bundle has grown them to 4 MB, and a factor of 1 set then keeps them there (seeding the
 * start-up tenants alone would take them to 8 MB). ~24 MB less RSS at 100,000 cards, for about 13 %
 * more CPU per create (more frequent scavenges; README: Benchmark). The growth factor is one of the
 * flags a code cache is checked against, so V8's default is put back while the cache is written.
 */
export const FROZEN_YOUNG_GENERATION = '--semi-space-growth-factor=1';
export const GROWING_YOUNG_GENERATION = '--semi-space-growth-factor=2';
