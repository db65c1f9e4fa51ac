import fc from 'fast-check';

/**
 * Property tests in `npm test` draw from one fixed seed, so every run of the suite tries the same
 * cases (house rule: tests are deterministic). `npm run fuzz` sets FUZZ_RUNS and explores with a
 * fresh seed each run; a failure prints its seed, and FUZZ_SEED replays it.
 */
const seed = process.env.FUZZ_SEED ?? (process.env.FUZZ_RUNS ? undefined : '20260101');
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
