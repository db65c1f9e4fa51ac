/**
 * The V8 heap flags the `mono-emulator` bin runs with (the library never sets them). Under
 * allocation-heavy traffic such as card creation, V8 lets the old generation grow to up to 4x what
 * is live; a factor of 1.5 took RSS at 100,000 cards from ~430 MB to ~250 MB at the same create
 * throughput (README: Benchmark).
 *
 * The default is set before the bin's bundle is compiled (emulator/cli-launcher.ts), because V8
 * accepts a code cache only under the flags it was made with; --low-memory's are set once the
 * options are read, undo the default's growing factor, and keep the young generation at the size
 * loading the bundle gave it.
 */
export const DEFAULT_HEAP_FLAGS = '--heap-growing-percent=50';

/**
 * The young generation's two semi-spaces double under any write-heavy load, up to 16 MB each.
 * Their maximum is fixed when V8 starts, but V8 reads the growth factor at each growth: by the
 * time the options are read, loading the bundle has grown them to 4 MB, and a factor of 1 keeps
 * them there. ~24 MB less RSS at 100,000 cards; by default the bin lets them grow, since reads
 * answered 20-30 % fewer requests a second with them kept small (README: Benchmark).
 */
export const LOW_MEMORY_HEAP_FLAGS = '--heap-growing-percent=0 --optimize-for-size --semi-space-growth-factor=1';
