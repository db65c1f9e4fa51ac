import express, { type Express, type RequestHandler } from 'express';
import { loadContracts, type OperationSpec, type RequestParts } from '../../contracts/index.js';
import type { DomainContext } from '../domain/context.js';
import { fail, MonoError } from '../domain/errors.js';
import type { Tenant } from '../ports/records.js';
import { cardActivityRoutes } from './control/card-activity-routes.js';
import { activationRoutes } from './control/activation-routes.js';
import { controlRoutes } from './control/control-routes.js';
import { dashboardRoutes } from './control/dashboard-routes.js';
import { faultRoutes } from './control/fault-routes.js';
import { tokenizationRoutes } from './control/tokenization-routes.js';
import { webhookRoutes } from './control/webhook-routes.js';
import { tenantRoutes } from './control/tenant-routes.js';
import type { Caller, HandlerTable, OperationId, Reply, RequestContext } from './handler.js';
import { authenticate, identifyCaller, type EveryTenantGuard } from './middleware/authenticate.js';
import { writeEventStream } from './event-stream.js';
import { errorHandler } from './middleware/error-handler.js';
import { faultGate } from './middleware/faults.js';
import { REPLAY_HEADER, replayStatus, runIdempotently } from './middleware/idempotency.js';
import { formBody } from './middleware/form-body.js';
import { jsonBody } from './middleware/json-body.js';
import { ignoreEmptyIdempotencyKey, relaxRequest } from './leniency.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requestLog } from './middleware/request-log.js';
import { validationError } from './middleware/validation-error.js';
import { notEmulated, notEmulatedMethodsFor } from './not-emulated.js';
import { sendSerialized, serializeReply } from './reply.js';
import type { RouteDeps } from './route-deps.js';
import { accountHolderRoutes } from './routes/account-holders.js';
import { activationLinkRoutes } from './routes/activation-links.js';
import { bankAccountRoutes } from './routes/bank-accounts.js';
import { cardTransactionRoutes } from './routes/card-transactions.js';
import { cardholderRoutes } from './routes/cardholders.js';
import { cardRoutes } from './routes/cards.js';
import { ledgerAccountRoutes } from './routes/ledger-accounts.js';
import { ledgerTransactionRoutes } from './routes/ledger-transactions.js';
import { prepaidCardRoutes } from './routes/prepaid-cards.js';
import { subaccountOperationRoutes } from './routes/subaccount-operations.js';
import { tenantConfigRoutes } from './routes/tenant-config.js';
import { spendingControlRoutes } from './routes/spending-controls.js';

export interface AppOptions {
  /** Where one-line request logs go; none when absent. */
  logRequest?: (line: string) => void;
  /** Where unexpected errors go (their stack never reaches a client). */
  logError: (error: unknown) => void;
}

/**
 * Control operations that act on every tenant when no tenant's key comes with them (the admin's,
 * when the emulator asks for its token), and what a tenant's key does to them.
 */
const EVERY_TENANT: Partial<Record<OperationId, EveryTenantGuard>> = {
  resetEmulator: 'tenant',
  advanceClock: 'tenant',
  deleteTenant: 'tenant',
  createTenant: 'ignored',
};

/**
 * What a handler gets, read from the request when asked: its getters live on the prototype, so
 * a request costs this one object (the create-card path runs it every time).
 */
class HandlerContext implements RequestContext<OperationId> {
  readonly params: never;
  readonly query: never;
  readonly body: never;
  readonly origin: string;

  constructor(
    private readonly deps: RouteDeps,
    private readonly op: OperationSpec,
    req: express.Request,
    private readonly res: express.Response,
    query: unknown,
  ) {
    this.params = req.params as never;
    this.query = query as never;
    this.body = req.body as never;
    this.origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  }

  get tenant(): Tenant {
    const tenant = this.res.locals.tenant as Tenant | undefined;
    if (!tenant) throw new Error(`${this.op.operationId} has no tenant: the contract does not secure it, or no key came with it`);
    return tenant;
  }

  /** Read when the handler runs; a tenant removed since its key was checked opens nothing any more. */
  get domain(): DomainContext {
    return this.deps.tenants.contextOf(this.tenant.id) ?? fail('expired_token');
  }

  get caller(): Caller {
    return (this.res.locals.caller as Caller | undefined) ?? 'anyone';
  }
}

/**
 * Validates the request against the operation's contract, then runs its handler, under the
 * request's `X-Idempotency-Key` when the contract gives the operation one. Unless `strict`, what
 * Mono lets through (leniency.ts) passes on Mono's operations, with a warning.
 */
function operation(deps: RouteDeps, op: OperationSpec, handler: HandlerTable[OperationId]): RequestHandler {
  const { validator } = loadContracts();
  const run = handler as (ctx: RequestContext<OperationId>) => Reply | Promise<Reply>;
  const lenient = op.contract === 'mono' && !deps.strict;
  const check = (parts: RequestParts) => validator.checkRequest(op, parts);
  return async (req, res) => {
    if (lenient && op.idempotent) ignoreEmptyIdempotencyKey(req, res);
    const parts: RequestParts = { path: req.params as Record<string, string>, query: req.query, headers: req.headers, body: req.body };
    let checked = check(parts);
    // Nothing more on a request the contract accepts: the create-card path pays one check.
    if (checked.issues.length > 0 && lenient) {
      checked = relaxRequest(parts, checked, check, res);
    }
    if (checked.issues.length > 0) throw validationError(checked.issues);
    const context = new HandlerContext(deps, op, req, res, checked.query);
    const key = op.idempotent ? req.headers['x-idempotency-key'] : undefined;
    if (typeof key !== 'string') {
      const reply = await run(context);
      if (reply.stream) writeEventStream(res, reply.status, reply.stream);
      else sendSerialized(res, serializeReply(reply));
      return;
    }
    const outcome = await runIdempotently(deps, op, req, res, context, key, async () => run(context));
    if (outcome.replayed) res.set(REPLAY_HEADER, 'true');
    sendSerialized(res, outcome.response, replayStatus(outcome));
  };
}

/**
 * The HTTP surface, in the order a request meets it:
 * 1. the request log (every request that reaches Express, whatever its fate; what Node's parser
 *    refuses is answered in client-error.ts and not logged);
 * 2. Mono operations the emulator does not model: 401 without a key (as Mono would), else 501;
 * 3. each operation of both contracts: auth (when the contract secures it; where the key is
 *    optional, who calls: a tenant, the admin or anyone, and the admin token check); for Mono's
 *    operations, the rate limit (when one is set); the JSON body; for Mono's operations, the
 *    tenant's fault rules, so a faulted call is answered before validation and writes nothing
 *    (after the body is read, so a call slowed by latency still runs when its client has gone);
 *    contract validation (with what Mono lets through let through and warned about, unless
 *    strict), then its handler, through the idempotency service when the operation takes
 *    `X-Idempotency-Key`;
 * 4. anything else: 405 when the path exists with other methods (emulated or not), else Mono's 404;
 * 5. the error handler, the one place errors become Mono's envelope.
 */
export function createApp(deps: RouteDeps, options: AppOptions): Express {
  const handlers: HandlerTable = {
    ...cardholderRoutes(),
    ...cardRoutes(deps),
    ...cardTransactionRoutes(),
    ...activationLinkRoutes(deps),
    ...bankAccountRoutes(),
    ...prepaidCardRoutes(),
    ...accountHolderRoutes(),
    ...ledgerAccountRoutes(),
    ...ledgerTransactionRoutes(),
    ...subaccountOperationRoutes(),
    ...tenantConfigRoutes(),
    ...spendingControlRoutes(),
    ...controlRoutes(deps),
    ...cardActivityRoutes(deps),
    ...activationRoutes(deps),
    ...tokenizationRoutes(deps),
    ...webhookRoutes(deps),
    ...tenantRoutes(deps),
    ...faultRoutes(deps),
    ...dashboardRoutes(deps),
  };
  const { index } = loadContracts();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);

  const auth = authenticate(deps);
  if (options.logRequest) app.use(requestLog(options.logRequest, deps.clock, options.logError));
  app.use(notEmulated(auth));

  for (const op of index.routingOrder) {
    const chain: RequestHandler[] = [];
    // A 401 comes first: without a known key there is no tenant, so no limit and no rule applies.
    const faultable = op.secured && op.contract === 'mono';
    if (op.secured) chain.push(op.keyOptional ? identifyCaller(deps, EVERY_TENANT[op.operationId as OperationId]) : auth);
    if (faultable && deps.rateLimiter) chain.push(rateLimit(deps.rateLimiter, deps.tenants));
    if (op.requestBody) chain.push(op.requestBody.mediaType === 'application/json' ? jsonBody : formBody);
    if (faultable) chain.push(faultGate(deps.faults, op.operationId));
    const handler = handlers[op.operationId as OperationId];
    if (!handler) throw new Error(`the contract's ${op.operationId} has no handler`);
    chain.push(operation(deps, op, handler));
    app[op.method](op.expressPath, ...chain);
  }

  app.use((req) => {
    const methods = [...new Set([...index.methodsFor(req.path).map((m) => m.toUpperCase()), ...notEmulatedMethodsFor(req.path)])].sort();
    if (methods.length > 0) {
      throw new MonoError(
        { code: 'method_not_allowed', message: `${req.path} takes ${methods.join(', ')}, not ${req.method}.` },
        { headers: { allow: methods.join(', ') } },
      );
    }
    throw new MonoError({ code: 'item_not_found', message: `No operation is defined at ${req.method} ${req.path}.` });
  });
  app.use(errorHandler(deps, options.logError));
  return app;
}
