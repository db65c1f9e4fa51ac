import { checkWebhookPayload } from './contract-check.js';
import { matchExpected, show, type MatchContext } from './matchers.js';
import { plural } from './plural.js';
import type { WebhookExpectation } from './scenario/schema.js';
import { SIGNATURE_HEADER, checkMonoSignature } from './signature.js';
import type { ReceivedWebhook, WebhookSink } from './webhook-sink.js';

export interface WebhookOutcome {
  event: string;
  /** Whether a delivery of the event with matching data arrived in time (then `delivery` is it). */
  matched: boolean;
  /** The delivery that satisfied the expectation, or the closest one seen when none did. */
  delivery?: ReceivedWebhook;
  /** `contract` marks a payload that breaks the contract's `webhooks:` schema. */
  failures: { path: string; message: string; contract?: true }[];
}

function eventOf(webhook: ReceivedWebhook): { type?: unknown; data?: unknown } {
  const event = (webhook.json as { event?: unknown } | undefined)?.event;
  return typeof event === 'object' && event !== null ? (event as { type?: unknown; data?: unknown }) : {};
}

/**
 * Waits for a delivery of the expected event whose `event.data` matches, received after `since`,
 * then checks its signature and its payload against the contract's `webhooks:` schema.
 * Deliveries of other events or other data are ignored (other scenarios' stragglers included).
 */
export async function expectWebhook(
  sink: WebhookSink,
  expectation: WebhookExpectation,
  secret: string,
  since: number,
  context: Omit<MatchContext, 'mode'>,
  checkPayload: typeof checkWebhookPayload = checkWebhookPayload,
  /** Stops the wait (an interrupted run): the outcome is then unmatched. */
  signal?: AbortSignal,
): Promise<WebhookOutcome> {
  const { event, match, within, signature } = expectation;
  // In a webhook match, `$same_as: step` compares with the same field of that step's answer body.
  const dataContext: MatchContext = {
    mode: 'subset',
    sameAs: (step, path) => context.sameAs(step, ['body', ...path.slice(2)]),
  };
  const matches = (webhook: ReceivedWebhook) => {
    const received = eventOf(webhook);
    if (received.type !== event) return false;
    return match === undefined || matchExpected(match, received.data, dataContext, ['event', 'data']).length === 0;
  };
  const delivery = await sink.waitFor(matches, since, since + within * 1000, signal);
  if (!delivery) {
    const sameType = sink.received.filter((w) => w.receivedAt >= since && eventOf(w).type === event);
    const closest = sameType.at(-1);
    const detail = closest
      ? `; ${plural(sameType.length, `${event} delivery`, `${event} deliveries`)} did not match, the last: ${matchExpected(match, eventOf(closest).data, dataContext, ['event', 'data'])
          .map((m) => `${m.path} ${m.message}`)
          .join('; ')}`
      : `; received meanwhile: ${show(sink.received.filter((w) => w.receivedAt >= since).map((w) => eventOf(w).type ?? '(not an event)'))}`;
    return { event, matched: false, ...(closest ? { delivery: closest } : {}), failures: [{ path: '$.event', message: `no ${event} webhook matching within ${within} s${detail}` }] };
  }
  const failures: WebhookOutcome['failures'] = [];
  const contentType = delivery.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/json')) failures.push({ path: '$.headers["content-type"]', message: `expected application/json, got ${show(contentType)}` });
  if (signature === 'valid') {
    const verdict = checkMonoSignature(delivery.rawBody, delivery.headers[SIGNATURE_HEADER], secret);
    if (!verdict.valid) failures.push({ path: '$.headers["mono-signature"]', message: verdict.reason ?? 'invalid signature' });
  }
  for (const violation of checkPayload(event, delivery.json).violations) {
    failures.push({ path: violation.path, message: `contract (webhooks.${event}): ${violation.message}`, contract: true });
  }
  return { event, matched: true, delivery, failures };
}
