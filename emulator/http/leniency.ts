import type { Request, Response } from 'express';
import type { RequestCheck, RequestParts, ValidationIssue } from '../../contracts/index.js';
import { headerSafe, warn } from './warnings.js';

/**
 * What Mono lets through that the contract does not describe. Mono's backend is a Phoenix/Ecto
 * application (its `inserted_at` fields, its changeset errors), which casts its input, and client
 * code that ran for months against its sandbox relies on it (README: Fidelity notes, Leniency and
 * strict mode): unknown body fields are dropped,
 * integer-like strings are read as integers, and a proxy's empty `X-Idempotency-Key` counts as
 * none. The emulator does the same and says so in a warning; with `strict` it refuses them as
 * it always did. Only Mono's operations are lenient: the `/_emulator` control plane is the
 * emulator's own API.
 */

/** Ecto reads "100", "+100" and "-100" as integers; "100.0", "1e3" and " 100" stay refused. */
const INTEGER_TEXT = /^[+-]?\d+$/;

const unescapeToken = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** The object holding the value at a JSON pointer, and the value's key there. */
function slotAt(body: unknown, pointer: string): { parent: Record<string, unknown> | unknown[]; key: string } | undefined {
  const tokens = pointer.split('/').slice(1).map(unescapeToken);
  const key = tokens.pop();
  let parent = body;
  for (const token of tokens) {
    if (parent === null || typeof parent !== 'object' || !Object.hasOwn(parent, token)) return undefined;
    parent = (parent as Record<string, unknown>)[token];
  }
  if (key === undefined || parent === null || typeof parent !== 'object' || !Object.hasOwn(parent, key)) return undefined;
  return { parent: parent as Record<string, unknown>, key };
}

const expectsInteger = (issue: ValidationIssue) => {
  const type = issue.params.type;
  return type === 'integer' || (Array.isArray(type) && type.includes('integer'));
};

/** Changes the body as Mono's casting would for one issue; answers the warning, or null when Mono would refuse it too. */
function relaxIssue(body: unknown, issue: ValidationIssue): string | null {
  if (issue.in !== 'body') return null;
  const slot = slotAt(body, issue.pointer);
  if (!slot) return null;
  const { parent, key } = slot;
  if (issue.keyword === 'additionalProperties' && !Array.isArray(parent)) {
    delete parent[key];
    return `ignored unknown field #${headerSafe(issue.pointer)}`;
  }
  const value = (parent as Record<string, unknown>)[key];
  if (issue.keyword === 'type' && expectsInteger(issue) && typeof value === 'string' && INTEGER_TEXT.test(value)) {
    (parent as Record<string, unknown>)[key] = Number(value);
    return `read the string at #${headerSafe(issue.pointer)} as an integer`;
  }
  return null;
}

/**
 * Re-checks a request the contract refused after doing what Mono would with the refused parts
 * (dropping unknown fields, reading integer strings): a warning per change, and the issues left.
 * A dropped field can reveal another (a branch of a `oneOf` judged afresh), hence the rounds.
 */
export function relaxRequest(
  parts: RequestParts,
  first: RequestCheck,
  recheck: (parts: RequestParts) => RequestCheck,
  res: Response,
): RequestCheck {
  let check = first;
  for (let round = 0; round < 3 && check.issues.length > 0; round++) {
    const warnings = check.issues.map((issue) => relaxIssue(parts.body, issue)).filter((w): w is string => w !== null);
    if (warnings.length === 0) break;
    for (const warning of warnings) warn(res, warning);
    check = recheck(parts);
  }
  return check;
}

/**
 * An empty `X-Idempotency-Key` is what a proxy forwards for a missing one
 * (`req.headers.get('x-idempotency-key') || ''` in client code): it is read as no key.
 */
export function ignoreEmptyIdempotencyKey(req: Request, res: Response): void {
  if (req.headers['x-idempotency-key'] !== '') return;
  delete req.headers['x-idempotency-key'];
  warn(res, 'ignored an empty x-idempotency-key; the request ran without one');
}
