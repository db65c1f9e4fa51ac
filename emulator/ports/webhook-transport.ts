/** One webhook POST, as the outbox hands it to the wire. */
export interface OutgoingWebhook {
  url: string;
  /** The exact bytes to send and to sign. */
  body: string;
  /** The webhook's `whsec_…` secret: the transport signs the body with it (`Mono-Signature`, §15). */
  secret: string;
  /** The signature's `t`, in Unix seconds. */
  signedAt: number;
  /** Headers of the emulator's own beside the signature and the content type. */
  headers: Record<string, string>;
  /** How long the receiver has to answer, in wall-clock milliseconds. */
  timeoutMs: number;
}

/** What one delivery attempt came to. */
export interface TransportOutcome {
  /** The receiver's status; null when no answer came (refused, reset, timed out). */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** Sends one webhook POST and reports how it went; it never throws. */
export interface WebhookTransport {
  post(message: OutgoingWebhook): Promise<TransportOutcome>;
  /** Drops every connection: posts under way end at once as failed attempts. */
  close(): void;
}
