import express, { type Express, type RequestHandler } from 'express';
import { loadContracts, type OperationSpec } from '../../contracts/index.js';
import { MonoError } from '../domain/errors.js';
import type { Tenant } from '../ports/records.js';
import { cardActivityRoutes } from './control/card-activity-routes.js';
import { activationRoutes } from './control/activation-routes.js';
import { controlRoutes } from './control/control-routes.js';
import { faultRoutes } from './control/fault-routes.js';
import { tokenizationRoutes } from './control/tokenization-routes.js';
import { webhookRoutes } from './control/webhook-routes.js';
import type { HandlerTable, OperationId, Reply, RequestContext } from './handler.js';
import { authenticate } from './middleware/authenticate.js';
import { errorHandler } from './middleware/error-handler.js';
import { faultGate } from './middleware/faults.js';
import { REPLAY_HEADER, replayStatus, runIdempotently } from './middleware/idempotency.js';
import { formBody } from './middleware/form-body.js';
import { jsonBody } from './middleware/json-body.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requestLog } from './middleware/request-log.js';
import { validationError } from './middleware/validation-error.js';
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

function contextFor(op: OperationSpec, req: express.Request, res: express.Response, query: unknown): RequestContext<OperationId> {
  return {
    get tenant(): Tenant {
      const tenant = res.locals.tenant as Tenant | undefined;
      if (!tenant) throw new Error(`${op.operationId} has no tenant: the contract does not secure it`);
      return tenant;
    },
    params: req.params as never,
    query: query as never,
    body: req.body as never,
    origin: `${req.protocol}://${req.get('host') ?? 'localhost'}`,
  };
}

/**
 * Validates the request against the operation's contract, then runs its handler, under the
 * request's `X-Idempotency-Key` when the contract gives the operation one.
 */
function operation(deps: RouteDeps, op: OperationSpec, handler: HandlerTable[OperationId]): RequestHandler {
  const { validator } = loadContracts();
  const run = handler as (ctx: RequestContext<OperationId>) => Reply | Promise<Reply>;
  return async (req, res) => {
    const check = validator.checkRequest(op, { path: req.params as Record<string, string>, query: req.query, headers: req.headers, body: req.body });
    if (check.issues.length > 0) throw validationError(check.issues);
    const context = contextFor(op, req, res, check.query);
    const key = op.idempotent ? req.headers['x-idempotency-key'] : undefined;
    if (typeof key !== 'string') {
      sendSerialized(res, serializeReply(await run(context)));
      return;
    }
    const outcome = await runIdempotently(deps, req, context.tenant.id, key, async () => run(context));
    if (outcome.replayed) res.set(REPLAY_HEADER, 'true');
    sendSerialized(res, outcome.response, replayStatus(outcome));
  };
}

/**
 * The HTTP surface, in the order a request meets it:
 * 1. the request log (every request that reaches Express, whatever its fate; what Node's parser
 *    refuses is answered in client-error.ts and not logged);
 * 2. each operation of both contracts: auth (when the contract secures it); for Mono's
 *    operations, the rate limit (when one is set); the JSON body; for Mono's operations, the
 *    tenant's fault rules, so a faulted call is answered before validation and writes nothing
 *    (after the body is read, so a call slowed by latency still runs when its client has gone);
 *    contract validation, then its handler, through the idempotency service when the operation
 *    takes `X-Idempotency-Key`;
 * 3. anything else: 405 when the path exists with other methods, else Mono's 404;
 * 4. the error handler, the one place errors become Mono's envelope.
 */
export function createApp(deps: RouteDeps, options: AppOptions): Express {
  const handlers: HandlerTable = {
    ...cardholderRoutes(deps),
    ...cardRoutes(deps),
    ...cardTransactionRoutes(deps),
    ...activationLinkRoutes(deps),
    ...bankAccountRoutes(deps),
    ...prepaidCardRoutes(deps),
    ...accountHolderRoutes(deps),
    ...ledgerAccountRoutes(deps),
    ...ledgerTransactionRoutes(deps),
    ...subaccountOperationRoutes(deps),
    ...tenantConfigRoutes(deps),
    ...spendingControlRoutes(deps),
    ...controlRoutes(deps),
    ...cardActivityRoutes(deps),
    ...activationRoutes(deps),
    ...tokenizationRoutes(deps),
    ...webhookRoutes(deps),
    ...faultRoutes(deps),
  };
  const { index } = loadContracts();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);

  const auth = authenticate(deps);
  if (options.logRequest) app.use(requestLog(options.logRequest, deps.domain.clock, options.logError));

  for (const op of index.routingOrder) {
    const chain: RequestHandler[] = [];
    // A 401 comes first: without a known key there is no tenant, so no limit and no rule applies.
    const faultable = op.secured && op.contract === 'mono';
    if (op.secured) chain.push(auth);
    if (faultable && deps.rateLimiter) chain.push(rateLimit(deps.rateLimiter));
    if (op.requestBody) chain.push(op.requestBody.mediaType === 'application/json' ? jsonBody : formBody);
    if (faultable) chain.push(faultGate(deps.faults, op.operationId));
    const handler = handlers[op.operationId as OperationId];
    if (!handler) throw new Error(`the contract's ${op.operationId} has no handler`);
    chain.push(operation(deps, op, handler));
    app[op.method](op.expressPath, ...chain);
  }

  app.use((req) => {
    const methods = index.methodsFor(req.path).map((m) => m.toUpperCase());
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
