/**
 * The one catalog of error codes the emulator answers, and the one error type that carries them.
 * Statuses, codes and messages marked [D] are Mono's documented ones (docs/mono-reference.md §6.3); the
 * others are the emulator's, named in Mono's snake_case style, and listed in the README.
 */
export const ERROR_CATALOG = {
  // [D] 400 Malformed request
  validation_error: { status: 400, message: 'Generic changeset errors', summary: 'Malformed request' },
  invalid_content_type: { status: 400, message: 'The body must be JSON, sent with Content-Type: application/json.', summary: 'Malformed request' },
  invalid_header: { status: 400, message: 'The header is invalid.', summary: 'Malformed request' },
  // [D] 401
  missing_authorization_header: { status: 401, message: '`Authorization` header is missing.', summary: 'Authorization header is missing or invalid.' },
  expired_token: { status: 401, message: "The token is expired, inactive, or doesn't exist.", summary: 'Authorization header is missing or invalid.' },
  // The emulator's: control calls that act on every tenant, when the emulator asks for its admin token.
  admin_token_required: {
    status: 401,
    message: "This call acts on every tenant: send the emulator's admin token as `Authorization: Bearer <token>`, or a tenant's key to act on that tenant alone.",
    summary: 'Authorization header is missing or invalid.',
  },
  // [D] 403
  not_authorized: { status: 403, message: 'Not authorized to have access to this resource.', summary: 'Not authorized to have access to this resource' },
  // [D] 404
  item_not_found: { status: 404, message: "The item doesn't exist", summary: 'Resource not defined' },
  method_not_allowed: { status: 405, message: 'This path does not take that method.', summary: 'Method not allowed' },
  // [D] 408: Mono lists it as retryable; the emulator answers it when a request takes too long to arrive.
  request_timeout: { status: 408, message: 'The request did not arrive in time.', summary: 'Request timeout' },
  // [D] 409 means an idempotency collision or a state conflict; the codes are the emulator's.
  idempotency_key_reused: { status: 409, message: 'This idempotency key was used for a different request.', summary: 'Idempotency key conflict' },
  idempotency_request_in_progress: {
    status: 409,
    message: 'A request with this idempotency key is still running; retry shortly to get its answer.',
    summary: 'Idempotency key conflict',
  },
  invalid_state_transition: { status: 409, message: 'The card cannot move to that state.', summary: 'State conflict' },
  card_canceled: { status: 409, message: 'The card is canceled; canceled cards cannot change.', summary: 'State conflict' },
  activation_link_not_pending: { status: 409, message: 'This activation link has ended; it cannot be used again.', summary: 'State conflict' },
  card_not_active: { status: 409, message: 'The card is not active.', summary: 'State conflict' },
  external_id_already_used: { status: 409, message: 'Another item already has this external_id.', summary: 'State conflict' },
  entity_id_already_used: { status: 409, message: 'Another operation of this card already has this entity_id.', summary: 'State conflict' },
  account_canceled: { status: 409, message: 'The account or holder is canceled; canceled accounts and holders cannot change.', summary: 'State conflict' },
  transaction_not_reversible: { status: 409, message: 'The ledger transaction cannot be reversed (again).', summary: 'State conflict' },
  hold_not_open: { status: 409, message: 'The hold has nothing left to release or settle.', summary: 'State conflict' },
  card_transaction_declined: { status: 409, message: 'The card transaction was declined and moved no money; nothing follows it.', summary: 'State conflict' },
  card_transaction_closed: { status: 409, message: 'The card transaction has nothing left to follow: settled, reversed or refunded in full.', summary: 'State conflict' },
  webhook_deleted: { status: 409, message: 'The webhook this delivery was for has been deleted; there is nowhere to send it.', summary: 'State conflict' },
  emulator_reset: { status: 409, message: 'The tenant was reset or removed while this request ran; nothing was created.', summary: 'State conflict' },
  clock_not_manual: {
    status: 409,
    message: "The emulator runs on the system clock; start it with clock \"manual\" to move everyone's time, or send a tenant's key to move that tenant's time.",
    summary: 'State conflict',
  },
  api_key_taken: { status: 409, message: 'A tenant with this API key already exists.', summary: 'State conflict' },
  tenant_limit_reached: { status: 409, message: 'The emulator holds as many tenants as it may; remove one first.', summary: 'State conflict' },
  payload_too_large: { status: 413, message: 'The body is larger than the limit.', summary: 'Payload too large' },
  // [D] 422 missing_field with its message; the other 422 codes are the emulator's.
  missing_field: { status: 422, message: 'The field is missing on the request body or parameters.', summary: 'Validation errors' },
  unknown_field: { status: 422, message: 'This field is not accepted here.', summary: 'Validation errors' },
  invalid_type: { status: 422, message: 'The field has the wrong type.', summary: 'Validation errors' },
  invalid_value: { status: 422, message: 'The value is not accepted.', summary: 'Validation errors' },
  invalid_format: { status: 422, message: 'The value does not have the expected format.', summary: 'Validation errors' },
  invalid_length: { status: 422, message: 'The value is too short or too long.', summary: 'Validation errors' },
  out_of_range: { status: 422, message: 'The number is out of range.', summary: 'Validation errors' },
  insufficient_funds: { status: 422, message: 'The account does not have enough available balance.', summary: 'Validation errors' },
  currency_mismatch: { status: 422, message: 'The currency does not match the account or control currency.', summary: 'Validation errors' },
  unsupported_currency: { status: 422, message: 'The tenant does not support this currency.', summary: 'Validation errors' },
  account_not_active: { status: 422, message: 'The account or its holder is not active.', summary: 'Validation errors' },
  account_not_modifiable: { status: 422, message: 'Only sub-accounts can be modified.', summary: 'Validation errors' },
  same_account_transfer: { status: 422, message: 'The payer and the receiving account are the same account.', summary: 'Validation errors' },
  card_not_prepaid: { status: 422, message: 'The card is not a prepaid banking card.', summary: 'Validation errors' },
  card_transaction_type_mismatch: { status: 422, message: 'This kind of card transaction does not take this follow-up.', summary: 'Validation errors' },
  spending_control_target_mismatch: { status: 422, message: 'The spending control does not apply to this kind of target.', summary: 'Validation errors' },
  // [D] 429 with Retry-After (errors-and-retries); the code is the emulator's: rate limits and injected faults.
  too_many_requests: { status: 429, message: 'Too many requests; retry after the seconds in Retry-After.', summary: 'Too many requests' },
  // [D] 500, 503; 502 and 504 are the emulator's names for Visa refusing or not answering, and
  // bad_gateway / gateway_timeout its names for the same statuses injected as faults.
  internal_error: { status: 500, message: 'An unexpected error occurred', summary: 'Internal server error' },
  not_emulated: { status: 501, message: 'Mono has this operation, but the emulator does not model it yet.', summary: 'Not implemented' },
  card_network_error: { status: 502, message: 'The card network refused to provision the card; nothing was created.', summary: 'Bad gateway' },
  bad_gateway: { status: 502, message: 'An upstream service answered badly; nothing was done.', summary: 'Bad gateway' },
  service_is_unavailable: { status: 503, message: 'The service is unavailable, Please try again later', summary: 'Service unavailable' },
  card_network_timeout: { status: 504, message: 'The card network did not answer in time; nothing was created.', summary: 'Gateway timeout' },
  gateway_timeout: { status: 504, message: 'An upstream service did not answer in time; nothing was done.', summary: 'Gateway timeout' },
} as const satisfies Record<string, { status: number; message: string; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** One entry of Mono's `errors` array. `path` points into the request: `#/cardholder/email`. */
export interface ErrorDetail {
  code: ErrorCode;
  message?: string;
  path?: string | null;
}

/** The only error the domain throws on purpose; the HTTP layer turns it into Mono's envelope. */
export class MonoError extends Error {
  readonly status: number;
  readonly details: ErrorDetail[];
  readonly headers: Record<string, string>;

  constructor(details: ErrorDetail | ErrorDetail[], options: { headers?: Record<string, string> } = {}) {
    const all = Array.isArray(details) ? details : [details];
    const first = ERROR_CATALOG[all[0]!.code];
    // One answer has one status: the errors of another status than the first are left out.
    const list = all.filter((d) => ERROR_CATALOG[d.code].status === first.status);
    super(list[0]!.message ?? first.message);
    this.name = 'MonoError';
    this.status = first.status;
    this.details = list;
    this.headers = options.headers ?? {};
  }

  /** The top-level `message`: the catalog's summary for the first error. */
  get summary(): string {
    return ERROR_CATALOG[this.details[0]!.code].summary;
  }
}

/** Shorthand for the common single-error case. */
export function fail(code: ErrorCode, path: string | null = null, message?: string): never {
  throw new MonoError({ code, path, ...(message === undefined ? {} : { message }) });
}

/** Throws every problem found at once (a client fixes them all in one go); nulls are checks that passed. */
export function throwIfAny(problems: readonly (ErrorDetail | null)[]): void {
  const found = problems.filter((p): p is ErrorDetail => p !== null);
  if (found.length > 0) throw new MonoError(found);
}

/** "item_not_found" for an id the tenant does not own, pointing at the field that named it. */
export function notFound(path: string, what: string): never {
  return fail('item_not_found', path, `The ${what} doesn't exist`);
}
