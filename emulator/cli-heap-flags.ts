/**
 * The V8 heap flags the `mono-emulator` bin runs with (the library never sets them). Under
 * allocation-heavy traffic such as card creation, V8 lets the old generation grow to up to 4x what
 * is live; a factor of 1.5 took RSS at 100,000 cards from ~430 MB to ~250 MB at the same create
 * throughput. --low-memory keeps the heap closer still to what is live: ~120 MB, for about a
 * quarter less throughput (README: Benchmark).
 *
 * The default is set before the bin's bundle is compiled (emulator/cli-launcher.ts), because V8
 * accepts a code cache only under the flags it was made with; --low-memory's are set once the
 * options are read, and undo the default's growing factor.
 */
export const DEFAULT_HEAP_FLAGS = '--heap-growing-percent=50';
export const LOW_MEMORY_HEAP_FLAGS = '--heap-growing-percent=0 --optimize-for-size';
