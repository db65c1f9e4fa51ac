import type { PlasticCardActivationRecord, Tenant } from '../ports/records.js';
import type { ActivationPageView, FieldProblem } from '../ports/views.js';
import { getCard } from './cards.js';
import type { DomainContext } from './context.js';
import { ERROR_CATALOG, fail, MonoError } from './errors.js';
import {
  activationPagePath,
  attemptActivation,
  getActivationLink,
  LAST_FOUR_ATTEMPTS,
  limitTerms,
  readActivationToken,
  type HolderActivationInput,
} from './plastic-activations.js';
import { tenantById } from './tenants.js';

/** A tenant's domain context by its id (the page has no key: its token names the tenant). */
type ContextOf = (tenantId: string) => DomainContext | undefined;

/**
 * The link a page token opens, with its tenant's context; a forged token, one for another link,
 * or one of a tenant that is gone, opens nothing (403).
 */
function linkOfToken(contextOf: ContextOf, secret: Buffer, token: string, id: string): { ctx: DomainContext; tenant: Tenant; link: PlasticCardActivationRecord } {
  const tenantId = readActivationToken(secret, token, id);
  const ctx = tenantId ? contextOf(tenantId) : undefined;
  const tenant = ctx && tenantId ? tenantById(ctx, tenantId) : undefined;
  if (!ctx || !tenant) return fail('not_authorized', '#/token', 'This activation link is not valid; ask the card issuer for the link they sent.');
  return { ctx, tenant, link: getActivationLink(ctx, tenant, id) };
}

function pageView(ctx: DomainContext, tenant: Tenant, link: PlasticCardActivationRecord, token: string, submitted?: ActivationPageView['submitted']): ActivationPageView {
  const card = getCard(ctx, tenant, link.cardId);
  const holder = ctx.stores.cardholders.get(tenant.id, link.cardholderId);
  if (!holder) throw new Error(`activation ${link.id} lost its holder`);
  const terms = limitTerms(ctx, tenant, card);
  return {
    activation: link,
    holder,
    card,
    limitCurrency: terms.currency,
    maxMonthlyLimit: terms.maxMonthly,
    attemptsLeft: LAST_FOUR_ATTEMPTS - link.wrongLastFourAttempts,
    formAction: activationPagePath(link.id, token),
    ...(submitted ? { submitted } : {}),
  };
}

/** The holder's page behind a link's `url`: no API key, the token is the key. */
export function openActivationPage(contextOf: ContextOf, secret: Buffer, token: string, id: string): ActivationPageView {
  const { ctx, tenant, link } = linkOfToken(contextOf, secret, token, id);
  return pageView(ctx, tenant, link, token);
}

/**
 * The page's form, sent by the holder: the same attempt as the control plane's, and the page
 * again with what it came to. What the holder got wrong shows next to its field (the PIN fields
 * are never sent back); an attempt that ended the link shows the outcome.
 */
export function submitActivationPage(contextOf: ContextOf, secret: Buffer, token: string, id: string, form: Readonly<Record<string, string>>): ActivationPageView {
  const { ctx, tenant } = linkOfToken(contextOf, secret, token, id);
  const input: HolderActivationInput = {
    last_four: form.last_four ?? '',
    alias: form.alias ?? '',
    limit: form.limit ?? '',
    pin: form.pin ?? '',
    pin_confirmation: form.pin_confirmation ?? '',
  };
  let problems: FieldProblem[] = [];
  try {
    attemptActivation(ctx, tenant, id, input);
  } catch (error) {
    if (!(error instanceof MonoError) || error.status >= 500) throw error;
    problems = error.details.map((d) => ({ path: d.path ?? null, message: d.message ?? ERROR_CATALOG[d.code].message }));
  }
  const values = { last_four: input.last_four, alias: input.alias, limit: String(input.limit) };
  return pageView(ctx, tenant, getActivationLink(ctx, tenant, id), token, { values, problems });
}
