import type { EpochMs } from '../ports/records.js';

/** Mono's resource timestamps: ISO 8601 UTC in whole seconds, "2022-01-01T01:00:00Z" (§4.3). */
export function isoSeconds(at: EpochMs): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The emulator's own times (the delivery log's): ISO 8601 UTC with milliseconds, as its clock keeps them. */
export function isoMillis(at: EpochMs): string {
  return new Date(at).toISOString();
}

/** Mono's webhook timestamps have microseconds: "2022-12-29T15:42:08.325158Z" (§4.3, §15). */
export function isoMicros(at: EpochMs): string {
  return new Date(at).toISOString().replace('Z', '000Z');
}
