import { loadContracts, pointerOf, schemaAt, type ContractName } from '../../../contracts/index.js';
import { dashboardAsset, isDashboardScript } from '../../dashboard/assets.js';
import { notFound } from '../../domain/errors.js';
import type { DashboardPageView, OperationRoute } from '../../ports/views.js';
import { renderDashboardPage } from '../../present/dashboard-page.js';
import { fakeCardholders } from '../../services/fake-people.js';
import type { HandlerTable, Reply } from '../handler.js';
import type { RouteDeps } from '../route-deps.js';

/**
 * The operations the dashboard calls. The page gets the method and path of each the contracts
 * have, and shows only the controls whose operations exist: what the emulator can do is read
 * from its contracts (the card-spend simulation's operations, for instance), never assumed.
 */
const PAGE_OPERATIONS = [
  // Mono's API
  'getTenantConfig', 'listBankAccounts', 'listLedgerAccounts', 'getLedgerAccountBalances', 'listLedgerTransactions', 'applyLedgerBalanceOperation',
  'createCardholder', 'getCardholder', 'createBankingCard', 'createLedgerCard', 'listCards', 'getCard', 'updateCard', 'getCardLook',
  'createActivationLink', 'listActivationLinks', 'createSpendingControl', 'listCardTransactions',
  // the control plane
  'createTenant', 'getClock', 'advanceClock', 'activateCard', 'listWebhooks', 'registerWebhook', 'listWebhookDeliveries', 'redeliverWebhook', 'streamWebhookFeed',
  'createCardAuthorization', 'reverseCardTransaction', 'refundCardTransaction', 'creditAdjustCardTransaction', 'debitAdjustCardTransaction', 'settleCardTransaction',
] as const;

/** How many fake people the cardholder form cycles through. */
const FAKE_PEOPLE = 20;

/**
 * Nothing from elsewhere, scripts and styles from this origin only, requests to this origin only:
 * even a value the escaping missed could not run or send anything away. Never cached; no referrer.
 */
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** A file of the page, revalidated on each load so a rebuilt emulator serves its new script at once. */
function file(asset: { body: string; contentType: string } | undefined): Reply {
  const found = asset ?? notFound('#/script', 'dashboard script');
  return { status: 200, contentType: found.contentType, body: found.body, headers: { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' } };
}

function enumOf(contract: ContractName, schema: string): string[] {
  const { value } = schemaAt({ contract, pointer: pointerOf('components', 'schemas', schema) });
  return ((value as { enum?: string[] } | undefined)?.enum ?? []).filter((v) => typeof v === 'string');
}

function pageView(seed: number): DashboardPageView {
  const { index } = loadContracts();
  const operations: Record<string, OperationRoute> = {};
  for (const id of PAGE_OPERATIONS) {
    const op = index.byId(id);
    if (op) operations[id] = { method: op.method.toUpperCase(), path: op.path };
  }
  const spend = operations.createCardAuthorization !== undefined;
  return {
    operations,
    declineReasons: spend ? enumOf('mono', 'CardDeclinationReason') : [],
    channels: spend ? enumOf('emulator', 'CardChannel') : [],
    people: fakeCardholders(seed, FAKE_PEOPLE),
  };
}

/** `/_emulator/dashboard` (README: Demo): the page and its files. */
export function dashboardRoutes({ seed }: RouteDeps) {
  // The page is the same for everyone until the emulator restarts: rendered once, when first asked for.
  let page: string | undefined;
  return {
    showDashboard: (): Reply => {
      page ??= renderDashboardPage(pageView(seed));
      return { status: 200, contentType: 'text/html; charset=utf-8', body: page, headers: PAGE_HEADERS };
    },
    getDashboardScript: ({ params }): Reply => file(isDashboardScript(params.script) ? dashboardAsset(params.script) : undefined),
    getDashboardStyles: (): Reply => file(dashboardAsset('dashboard.css')),
  } satisfies Partial<HandlerTable>;
}
