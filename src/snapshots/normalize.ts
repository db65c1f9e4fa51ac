import { isPlainObject, type PathSegment } from '../matchers.js';
import { replaceCardNumbers } from '../mask.js';

/**
 * Normalisation that keeps identity: what differs between two honest servers (ids, times,
 * secrets, card numbers, ports) is replaced, but the same id stays the same placeholder through
 * a whole scenario. `car_5tgliBmzjZ6mpQPRbQjfKj` becomes `<car_id:1>` wherever it appears — a
 * body, a path, a webhook — so a snapshot still says "the card the list returns is the card step
 * one created". Money and every other value a scenario controls are kept: amounts are part of the
 * contract.
 */

/** Mono's ids: a lowercase prefix, `_`, 22 characters of `[A-Za-z0-9_-]` (docs: API standards, ids). */
const ID = /(?<![A-Za-z0-9_-])([a-z]{2,7})_[0-9A-Za-z_-]{22}(?![A-Za-z0-9_-])/g;
const UUID = /(?<![0-9A-Fa-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9A-Fa-f])/gi;
const DATETIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const WEBHOOK_SECRET = /whsec_[A-Za-z0-9_-]{8,}/g;
/** A PAN with its middle hidden, as Mono's flow pages show one. */
const MASKED_PAN = /(?<!\d)\d{4,6}[*•xX]{2,9}\d{4}(?!\d)/g;
/** Signed URLs (the card look page) carry their signature in the query. */
const URL_TOKEN = /([?&](?:token|signature|sig|expires)=)[^&#\s"]+/g;
/** Any loopback URL's port: the harness's receivers and in-process servers take free ports. */
const LOOPBACK_PORT = /(https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])):\d+/g;

/** Values hidden by the name of their key, whatever their type: card data and secrets. */
const MASKED_KEYS: Record<string, string> = {
  pan: '<card_number>',
  card_number: '<card_number>',
  masked_pan: '<masked_pan>',
  last_four: '<last_four>',
  cvv: '<cvv>',
  cvc: '<cvv>',
  cvv2: '<cvv>',
  pin: '<pin>',
  exp_month: '<expiry>',
  exp_year: '<expiry>',
  expiration_month: '<expiry>',
  expiration_year: '<expiry>',
  expiry: '<expiry>',
  secret: '<secret>',
  secret_hint: '<secret_hint>',
  token: '<token>',
};

/** Placeholders by first appearance, numbered per kind; one map per scenario. */
export class IdentityMap {
  private readonly known = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  /**
   * The value's placeholder. Only `allocate` numbers a new value; otherwise an unseen value
   * becomes `<kind:?>`, so that what is not compared (a skipped path, a step only one side ran)
   * cannot shift the numbers of what is.
   */
  placeholder(kind: string, value: string, allocate: boolean): string {
    const found = this.known.get(value);
    if (found) return found;
    if (!allocate) return `<${kind}:?>`;
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    const placeholder = `<${kind}:${n}>`;
    this.known.set(value, placeholder);
    return placeholder;
  }
}

export interface NormalizeContext {
  ids: IdentityMap;
  /** Exact texts replaced wherever they appear (the target's base URL and API keys), longest first. */
  literals: readonly (readonly [text: string, placeholder: string])[];
  /** Whether a path is not compared: values there allocate no placeholder. */
  isSkipped: (path: readonly PathSegment[]) => boolean;
  /** False for an exchange the other side may not have (an emulator-only step). */
  allocate: boolean;
}

function normalizeString(text: string, context: NormalizeContext, allocate: boolean): string {
  let out = text;
  for (const [literal, placeholder] of context.literals) out = out.split(literal).join(placeholder);
  out = out
    .replace(WEBHOOK_SECRET, '<secret>')
    .replace(URL_TOKEN, '$1<token>')
    .replace(LOOPBACK_PORT, '$1:<port>')
    .replace(MASKED_PAN, '<masked_pan>')
    .replace(DATETIME, '<datetime>')
    .replace(ID, (id, prefix: string) => context.ids.placeholder(`${prefix}_id`, id, allocate))
    .replace(UUID, (uuid) => context.ids.placeholder('uuid', uuid.toLowerCase(), allocate));
  // Snapshots are stricter than reports about what a card number is, so that a phone number
  // (`+573001234567` passes Luhn one time in ten) stays the scenario's data: 13-19 digits (Visa
  // and Mastercard PANs are 16), never after a `+`.
  return replaceCardNumbers(out, (run, digits, before) => (digits.length >= 13 && before !== '+' ? '<card_number>' : run));
}

function parseEmbeddedJson(text: string): unknown {
  if (!/^\s*[{[]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A normalised copy of a JSON value. Object keys come out sorted, so that two servers writing
 * the same fields in another order agree, and numbering does not depend on key order.
 */
export function normalizeValue(value: unknown, context: NormalizeContext, path: PathSegment[] = []): unknown {
  const skipped = context.isSkipped(path);
  // A skipped number or flag (a measured latency) is not compared: writing it would change the file at every recording.
  if (skipped && (typeof value === 'number' || typeof value === 'boolean')) return '<skipped>';
  const allocate = context.allocate && !skipped;
  const key = path.at(-1);
  if (typeof key === 'string' && Object.hasOwn(MASKED_KEYS, key) && value !== null && typeof value !== 'object') return MASKED_KEYS[key];
  if (typeof value === 'string') {
    // A JSON document inside a string (a delivery log's payload) hides card data and ids just as well.
    const embedded = parseEmbeddedJson(value);
    return embedded === undefined ? normalizeString(value, context, allocate) : JSON.stringify(normalizeValue(embedded, context, path));
  }
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e11) {
    // A card number sent as a JSON number is still a card number.
    const text = normalizeString(String(value), context, allocate);
    return text === String(value) ? value : text;
  }
  if (Array.isArray(value)) return value.map((item, i) => normalizeValue(item, context, [...path, i]));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((name) => [name, normalizeValue(value[name], context, [...path, name])]),
    );
  }
  return value;
}
