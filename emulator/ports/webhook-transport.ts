/** What one delivery attempt came to. */
export interface TransportOutcome {
  /** The receiver's status; null when no answer came (refused, reset, timed out). */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** Sends one webhook POST and reports how it went; it never throws. */
export interface WebhookTransport {
  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<TransportOutcome>;
  /** Drops every connection: posts under way end at once as failed attempts. */
  close(): void;
}
