import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MonoComponents } from '../../contracts/index.js';
import type {
  CardRecord,
  CurrencyCode,
  EndedActivation,
  PlasticCardActivationRecord,
  PlasticCardActivationState,
  SpendingControlRecord,
  SpendingControlRules,
  Tenant,
} from '../ports/records.js';
import type { Page, PageRequest } from '../ports/stores.js';
import type { CardView } from '../ports/views.js';
import { canTransition } from './card-lifecycle.js';
import { cardView, getCard, issuePlasticCard } from './cards.js';
import type { DomainContext } from './context.js';
import { fail, MonoError, notFound, throwIfAny, type ErrorDetail } from './errors.js';
import { MAGIC_LAST_FOUR } from './sandbox-magic.js';
import { createSpendingControl, setTargetControl, type SpendingControlInput } from './spending-controls.js';

type Schemas = MonoComponents['schemas'];
export type ActivationLinkInput = Schemas['ActivationLinkCreate'];
export type PlasticCardActivationInput = Schemas['PlasticCardActivationCreate'];

/** What the holder types on the activation page (the control plane sends the same, typed). */
export interface HolderActivationInput {
  last_four: string;
  alias: string;
  /** Whole units of the card's currency; the page sends the text typed ("1.500.000"). */
  limit: number | string;
  pin: string;
  pin_confirmation: string;
}

/** How the holder's page is reached: the secret that signs its tokens and the host the client used. */
export interface PageAddress {
  secret: Buffer;
  origin: string;
}

/** Wrong last-four attempts a link takes; the last of them fails it. */
export const LAST_FOUR_ATTEMPTS = 3;

/** The largest limit in whole units whose amount in cents stays a safe integer. */
const MAX_LIMIT_UNITS = Math.floor(Number.MAX_SAFE_INTEGER / 100);

const sign = (secret: Buffer, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/**
 * The holder has no API key, so the page's URL carries a token naming the tenant and signed with
 * the emulator's secret. It does not expire: a link lives until it is used or fails.
 */
export function activationToken(secret: Buffer, tenantId: string, activationId: string): string {
  return `${tenantId}.${sign(secret, `activation.${tenantId}.${activationId}`)}`;
}

/** The tenant a page token was made for, or null when it is forged or for another link. */
export function readActivationToken(secret: Buffer, token: string, activationId: string): string | null {
  const [tenantId, signature, ...rest] = token.split('.');
  if (!tenantId || !signature || rest.length > 0) return null;
  const expected = Buffer.from(sign(secret, `activation.${tenantId}.${activationId}`));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? tenantId : null;
}

/** The page's path and query, for the link's URL and the page's own form. */
export function activationPagePath(activationId: string, token: string): string {
  return `/_emulator/activation-page/${activationId}?token=${encodeURIComponent(token)}`;
}

function newActivation(ctx: DomainContext, tenant: Tenant, card: CardRecord, state: PlasticCardActivationState, address: PageAddress): PlasticCardActivationRecord {
  const id = ctx.ids.next('pca');
  const now = ctx.clock.now();
  return {
    id,
    accountId: card.accountId,
    cardId: card.id,
    cardholderId: card.cardholderId,
    configurationGroupId: card.configurationGroupId,
    nickname: card.nickname,
    spendingControlId: card.spendingControlId,
    state,
    url: `${address.origin}${activationPagePath(id, activationToken(address.secret, tenant.id, id))}`,
    wrongLastFourAttempts: 0,
    insertedAt: now,
    updatedAt: now,
  };
}

/**
 * An activation link (build_activation_link): the plastic card is issued for the holder through
 * the Visa step, born `created`, and the link that will activate it is written in the card's own
 * step, so neither exists without the other.
 */
export async function createActivationLink(ctx: DomainContext, tenant: Tenant, input: ActivationLinkInput | PlasticCardActivationInput, address: PageAddress): Promise<PlasticCardActivationRecord> {
  let link: PlasticCardActivationRecord | undefined;
  await issuePlasticCard(ctx, tenant, input, ({ card }) => {
    link = newActivation(ctx, tenant, card, 'pending', address);
    ctx.stores.plasticActivations.put(tenant.id, link);
  });
  return link!;
}

/** Activations newest first (Mono's default sort is `inserted_at desc`). */
export function listActivationLinks(ctx: DomainContext, tenant: Tenant, page: PageRequest): Page<PlasticCardActivationRecord> {
  return ctx.stores.plasticActivations.query(tenant.id, { order: 'newest' }, page);
}

export function getActivationLink(ctx: DomainContext, tenant: Tenant, id: string, path = '#/plastic_card_activation_id'): PlasticCardActivationRecord {
  return ctx.stores.plasticActivations.get(tenant.id, id) ?? notFound(path, 'plastic card activation');
}

/** Ends a link in `state` and reports it with the `plastic_card_activation` webhook (Mono's card webhooks). */
function endActivation(ctx: DomainContext, tenant: Tenant, link: PlasticCardActivationRecord, state: EndedActivation['state']): EndedActivation {
  const ended: EndedActivation = { ...link, state, updatedAt: ctx.clock.now() };
  ctx.stores.plasticActivations.put(tenant.id, ended);
  ctx.events.emit(tenant, { type: 'plastic_card_activation', activation: ended });
  return ended;
}

/** The card goes from `created` to `active` as its holder's doing (the only way it can). */
function activateHoldersCard(ctx: DomainContext, tenant: Tenant, card: CardRecord, nickname: string | null): CardView {
  const active = { ...card, state: 'active' as const, nickname };
  ctx.stores.cards.put(tenant.id, active);
  const view = cardView(ctx, tenant, active);
  ctx.events.emit(tenant, { type: 'card_state_changed', card: view, previousState: card.state });
  return view;
}

/** A card its holder can still activate (only a `created` one), or 409 invalid_state_transition. */
function activatableCard(card: CardRecord): CardRecord {
  if (!canTransition(card.state, 'active', 'holder_activation')) {
    fail('invalid_state_transition', null, `Only a card in state created can be activated; this card is ${card.state}.`);
  }
  return card;
}

/**
 * POST /_emulator/cards/{id}/activate: the holder activates a plastic card in Mono's app (the
 * Banking guide). The card's pending activation link, if it has one, is the one that ends
 * `activated`; otherwise an activation is recorded for it, so the webhook always names an
 * activation GET /v1/cards/activation_links/{id} shows.
 */
export function activateCardAsHolder(ctx: DomainContext, tenant: Tenant, cardId: string, address: PageAddress): CardView {
  const card = activatableCard(getCard(ctx, tenant, cardId));
  const pending = ctx.stores.plasticActivations.query(tenant.id, { where: { cardId, state: 'pending' } }).items[0];
  const activated = activateHoldersCard(ctx, tenant, card, card.nickname);
  const link = pending ?? newActivation(ctx, tenant, activated.card, 'pending', address);
  endActivation(ctx, tenant, link, 'activated');
  return activated;
}

/** "1500000", "1.500.000" (Colombian thousands) or a number: whole units, or null when it is neither. */
function limitUnits(limit: number | string): number | null {
  if (typeof limit === 'number') return Number.isSafeInteger(limit) ? limit : null;
  const text = limit.trim();
  if (!/^\d+$/.test(text) && !/^\d{1,3}(\.\d{3})+$/.test(text)) return null;
  return Number(text.replaceAll('.', ''));
}

/** What the holder's limit is counted in, and the card's control it builds on. */
export interface LimitTerms {
  currency: CurrencyCode;
  /** The card's spending control at activation, whose rules the holder's limit keeps. */
  base: SpendingControlRecord | undefined;
  /** The monthly limit that control sets, in minor units: the holder may lower it, not raise it. */
  maxMonthly: number | null;
}

export function limitTerms(ctx: DomainContext, tenant: Tenant, card: CardRecord): LimitTerms {
  const base = card.spendingControlId ? ctx.stores.spendingControls.get(tenant.id, card.spendingControlId) : undefined;
  const accountCurrency = card.accountId.startsWith('lacc_') ? (ctx.stores.ledgerAccounts.get(tenant.id, card.accountId)?.currency ?? 'COP') : 'COP';
  return { currency: base?.currency ?? accountCurrency, base, maxMonthly: base?.rules.velocity?.monthly?.amount ?? null };
}

/** Every problem with what the holder typed, at once (the page shows them all next to their fields). */
function formProblems(input: HolderActivationInput, terms: LimitTerms): { problems: ErrorDetail[]; alias: string; limitCents: number } {
  const problems: ErrorDetail[] = [];
  if (!/^\d{4}$/.test(input.last_four)) problems.push({ code: 'invalid_format', path: '#/last_four', message: 'Type the four digits printed at the end of the card number.' });
  const alias = input.alias.trim();
  if (/[\x00-\x1F\x7F]/.test(alias)) problems.push({ code: 'invalid_format', path: '#/alias', message: 'The alias cannot hold control characters.' });
  else if (alias.length < 5 || alias.length > 64) problems.push({ code: 'invalid_length', path: '#/alias', message: 'The alias takes 5 to 64 characters.' });
  const units = limitUnits(input.limit);
  const limitCents = (units ?? 0) * 100;
  if (units === null) problems.push({ code: 'invalid_value', path: '#/limit', message: `Type the monthly limit in whole ${terms.currency}, digits only.` });
  else if (units < 1 || units > MAX_LIMIT_UNITS) problems.push({ code: 'out_of_range', path: '#/limit', message: `The monthly limit is from 1 to ${MAX_LIMIT_UNITS} ${terms.currency}.` });
  else if (terms.maxMonthly !== null && limitCents > terms.maxMonthly) {
    problems.push({ code: 'out_of_range', path: '#/limit', message: `The card's issuer allows at most ${terms.maxMonthly / 100} ${terms.currency} a month.` });
  }
  if (!/^\d{4}$/.test(input.pin)) problems.push({ code: 'invalid_format', path: '#/pin', message: 'The PIN is four digits.' });
  else if (input.pin_confirmation !== input.pin) problems.push({ code: 'invalid_value', path: '#/pin_confirmation', message: 'The two PINs do not match.' });
  return { problems, alias, limitCents };
}

/** The holder's limit as the card's own spending control: the card's control's rules, with the holder's monthly limit. */
function holderControl(ctx: DomainContext, tenant: Tenant, alias: string, limitCents: number, terms: LimitTerms): SpendingControlRecord {
  const rules: SpendingControlRules = terms.base?.rules ?? {};
  return createSpendingControl(ctx, tenant, {
    currency_code: terms.currency,
    target: 'card',
    nickname: `Límite de ${alias}`,
    // The generated type of `rules` cannot say "at least one rule"; this one always has velocity.
    rules: { ...rules, velocity: { ...rules.velocity, monthly: { amount: limitCents, currency: terms.currency } } } as SpendingControlInput['rules'],
  });
}

/**
 * What the holder does on the activation page (Mono's web flow: "alias, limit, PIN"), checked in
 * this order: the link must be pending (409) and its card still activatable (409); then every
 * field (422, all problems at once, nothing written); then the last four digits. A wrong last
 * four is refused (422) but counted, and the third fails the link; the magic last fours end it on
 * purpose. An attempt that ends the link answers it in its final state, after the webhook is queued.
 * The PIN is checked and not kept: nothing in Mono's public API or the emulator reads a PIN.
 */
export function attemptActivation(ctx: DomainContext, tenant: Tenant, id: string, input: HolderActivationInput): PlasticCardActivationRecord {
  const link = getActivationLink(ctx, tenant, id);
  if (link.state !== 'pending') fail('activation_link_not_pending', null, `This activation link is ${link.state}; it cannot be used again.`);
  const linked = getCard(ctx, tenant, link.cardId);
  // The tenant canceled the card the link was made for: the link can no longer activate anything.
  if (linked.state === 'canceled') fail('card_canceled', null, 'The card was canceled; it can no longer be activated.');
  const card = activatableCard(linked);
  const terms = limitTerms(ctx, tenant, card);
  const { problems, alias, limitCents } = formProblems(input, terms);
  throwIfAny(problems);

  const lastFour = card.maskedPan.slice(-4);
  if (input.last_four !== lastFour) {
    const magic = MAGIC_LAST_FOUR[input.last_four];
    if (magic) return endActivation(ctx, tenant, link, magic);
    const attempts = link.wrongLastFourAttempts + 1;
    const counted = { ...link, wrongLastFourAttempts: attempts, updatedAt: ctx.clock.now() };
    if (attempts >= LAST_FOUR_ATTEMPTS) return endActivation(ctx, tenant, counted, 'failed');
    ctx.stores.plasticActivations.put(tenant.id, counted);
    const left = LAST_FOUR_ATTEMPTS - attempts;
    throw new MonoError({ code: 'invalid_value', path: '#/last_four', message: `These are not the card's last four digits; ${left} attempt${left === 1 ? '' : 's'} left.` });
  }

  const control = holderControl(ctx, tenant, alias, limitCents, terms);
  setTargetControl(ctx, tenant, 'card', card.id, control.id);
  activateHoldersCard(ctx, tenant, getCard(ctx, tenant, card.id), alias);
  return endActivation(ctx, tenant, link, 'activated');
}
