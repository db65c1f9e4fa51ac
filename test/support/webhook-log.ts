import type { ContractClient } from './contract-client.js';

/**
 * Mono's retry schedule, written here from docs/mono-reference.md §15 and not read from the emulator: the
 * time since the previous attempt, for each of the ten attempts (immediately, then +30 s,
 * 1.5 min, 3.5 min, 7.5 min, 15.5 min, 31.5 min, 1.06 h, 2.13 h, 4.26 h).
 */
export const MONO_RETRY_GAPS_SECONDS = [0, 30, 90, 210, 450, 930, 1890, 3816, 7668, 15336] as const;
export const MONO_MAX_ATTEMPTS = MONO_RETRY_GAPS_SECONDS.length;
/** Seconds from the first attempt to each attempt: 0, 30, 120, 330, … */
export const MONO_ATTEMPT_OFFSETS_SECONDS = MONO_RETRY_GAPS_SECONDS.map((_, i) => MONO_RETRY_GAPS_SECONDS.slice(0, i + 1).reduce((a: number, b) => a + b, 0));

/** Seconds from the first logged attempt to each one. */
export const offsetsOf = (attempts: readonly { at: string }[]) => attempts.map((a) => (Date.parse(a.at) - Date.parse(attempts[0]!.at)) / 1000);

export interface LoggedDelivery {
  id: string;
  webhook_id: string;
  event_type: string;
  emulator_only: boolean;
  status: string;
  payload: string;
  next_attempt_at: string | null;
  attempts: { at: string; status_code: number | null; error: string | null; manual?: boolean; latency_ms?: number; faults: string[]; receiver_verdict: string | null }[];
  faults: Record<string, unknown> | null;
}

/** The first 500 entries of the delivery log (through the contract-checking client). */
export async function deliveryLog(api: ContractClient, query = ''): Promise<LoggedDelivery[]> {
  return (await api.get(`/_emulator/webhooks/deliveries?page_size=500${query}`)).body.deliveries;
}
