import type { MonoComponents } from '../../contracts/index.js';
import type { CardRecord, CardState, CardType, CardholderRecord, ConfigurationGroupRecord, Money, Tenant } from '../ports/records.js';
import type { Page, PageRequest } from '../ports/stores.js';
import type { CardView } from '../ports/views.js';
import { canTransition } from './card-lifecycle.js';
import { checkCardholder, getCardholder, newCardholder, type CardholderInput } from './cardholders.js';
import type { DomainContext } from './context.js';
import { fail, notFound } from './errors.js';
import { anyOf } from './list-filter.js';
import { usableAccount } from './ledger-accounts.js';
import { recordPrepaidOperation } from './prepaid-operations.js';
import { setTargetControl } from './spending-controls.js';
import { maskPan, provisionWithNetwork } from './tokenization.js';

type Schemas = MonoComponents['schemas'];
export type BankingCardInput = Schemas['BankingCardCreate'];
export type LedgerCardInput = Schemas['LedgerCardCreate'];
export type CardPatch = Schemas['CardUpdate'];

/** Everything a new card needs, checked, before anything is written. */
interface IssuePlan {
  accountId: string;
  group: ConfigurationGroupRecord;
  holder: { existing: CardholderRecord } | { input: CardholderInput };
  nickname: string | null;
  initialBalance: Money | null;
  spendingControlId: string | null;
  /** What a prepaid banking card starts with; null for every other card. */
  prepaidBalance: number | null;
  /** Writes the card's effects on its account, in the same step as the card. */
  commitFunding(cardId: string): void;
}

export function getCard(ctx: DomainContext, tenant: Tenant, id: string, path = '#/card_id'): CardRecord {
  return ctx.stores.cards.get(tenant.id, id) ?? notFound(path, 'card');
}

/** A card with its holder as it is now and its group (whose control applies to the card). */
export function cardView(ctx: DomainContext, tenant: Tenant, card: CardRecord): CardView {
  const holder = ctx.stores.cardholders.get(tenant.id, card.cardholderId);
  const group = ctx.stores.configurationGroups.get(tenant.id, card.configurationGroupId);
  if (!holder || !group) throw new Error(`card ${card.id} lost its holder or configuration group`);
  return { card, holder, group };
}

export function showCard(ctx: DomainContext, tenant: Tenant, id: string): CardView {
  return cardView(ctx, tenant, getCard(ctx, tenant, id));
}

function getGroup(ctx: DomainContext, tenant: Tenant, id: string): ConfigurationGroupRecord {
  return ctx.stores.configurationGroups.get(tenant.id, id) ?? notFound('#/configuration_group_id', 'configuration group');
}

function defaultGroup(ctx: DomainContext, tenant: Tenant): ConfigurationGroupRecord {
  const group = ctx.stores.configurationGroups.query(tenant.id, { where: { default: true } }).items[0];
  if (!group) throw new Error(`tenant ${tenant.id} has no default configuration group`);
  return group;
}

function planBankingCard(ctx: DomainContext, tenant: Tenant, input: BankingCardInput): IssuePlan {
  const account = ctx.stores.bankAccounts.get(tenant.id, input.account_id) ?? notFound('#/account_id', 'bank account');
  // §9 #2: the configuration group is optional and defaults to the client's default configuration.
  const group = input.configuration_group_id ? getGroup(ctx, tenant, input.configuration_group_id) : defaultGroup(ctx, tenant);
  checkCardholder(input.cardholder, ctx.clock.now(), '#/cardholder');
  const initialBalance = input.initial_balance ?? null;
  if (initialBalance && initialBalance.amount > account.available) {
    fail('insufficient_funds', '#/initial_balance/amount', `The account has ${account.available} available; the card asks for ${initialBalance.amount}.`);
  }
  const prepaid = group.funding === 'prepaid';
  return {
    accountId: account.id,
    group,
    holder: { input: input.cardholder },
    nickname: input.nickname ?? null,
    initialBalance,
    spendingControlId: null,
    prepaidBalance: prepaid ? (initialBalance?.amount ?? 0) : null,
    commitFunding(cardId) {
      if (!initialBalance || initialBalance.amount === 0) return;
      const now = ctx.clock.now();
      ctx.stores.bankAccounts.put(tenant.id, {
        ...account,
        available: account.available - initialBalance.amount,
        updatedAt: now,
        balanceUpdatedAt: now,
      });
      // A prepaid card's initial balance is its first top-up, in its operations history (§9 #10).
      if (prepaid) recordPrepaidOperation(ctx, tenant, cardId, { amount: initialBalance, operation: 'topup', description: 'Initial balance' });
    },
  };
}

function planLedgerCard(ctx: DomainContext, tenant: Tenant, input: LedgerCardInput): IssuePlan {
  // Cards are issued on active sub-accounts whose holder is active, as balance operations are (§13).
  const account = usableAccount(ctx, tenant, input.account_id, '#/account_id');
  const group = getGroup(ctx, tenant, input.configuration_group_id);
  // §9 #1: a holder comes inline (`cardholder`) or by id (`cardholder_id`), and one of them must.
  if (input.cardholder && input.cardholder_id) {
    fail('invalid_value', '#/cardholder_id', 'Send either cardholder or cardholder_id, not both.');
  }
  let plannedHolder: IssuePlan['holder'];
  if (input.cardholder_id) plannedHolder = { existing: getCardholder(ctx, tenant, input.cardholder_id) };
  else if (input.cardholder) {
    checkCardholder(input.cardholder, ctx.clock.now(), '#/cardholder');
    plannedHolder = { input: input.cardholder };
  } else {
    return fail('missing_field', '#/cardholder_id', 'Send cardholder (a new holder) or cardholder_id (an existing one).');
  }
  const controlId = input.spending_controls?.card_target ?? null;
  if (controlId) {
    const control = ctx.stores.spendingControls.get(tenant.id, controlId) ?? notFound('#/spending_controls/card_target', 'spending control');
    if (control.target !== 'card') fail('spending_control_target_mismatch', '#/spending_controls/card_target');
  }
  return {
    accountId: account.id,
    group,
    holder: plannedHolder,
    nickname: input.nickname ?? null,
    initialBalance: null,
    spendingControlId: controlId,
    prepaidBalance: null,
    commitFunding() {},
  };
}

const holderName = (holder: IssuePlan['holder']) => {
  const person = 'existing' in holder ? holder.existing : holder.input;
  return `${person.first_name} ${person.last_name}`;
};

/**
 * Virtual cards come back active and physical cards created (flow page); an unfunded prepaid
 * card "won't be activated" (cards guide), so a virtual prepaid card without an initial balance
 * is born created and becomes active with its first top-up.
 */
function birthState(plan: IssuePlan): CardState {
  if (plan.group.type !== 'virtual') return 'created';
  return plan.prepaidBalance === 0 ? 'created' : 'active';
}

/**
 * Card creation as the flow page tells it: check the request, ask Visa for credentials, then
 * write the card, its holder, its secrets and its funding in one synchronous step. The request is
 * checked again after Visa answers, since other requests ran meanwhile; if Visa fails, the
 * second check does, or the emulator was reset meanwhile, nothing is written.
 */
async function issueCard(ctx: DomainContext, tenant: Tenant, plan: () => IssuePlan): Promise<CardView> {
  const first = plan();
  const cardId = ctx.ids.next('car');
  const generation = ctx.generation;
  const credentials = await provisionWithNetwork(ctx.network, { cardId, type: first.group.type, holderName: holderName(first.holder) });
  // A reset while Visa answered replaced the data: this request belongs to the state that is gone.
  if (ctx.generation !== generation) fail('emulator_reset');
  const final = plan();

  const holder = 'existing' in final.holder ? final.holder.existing : newCardholder(ctx, final.holder.input);
  const card: CardRecord = {
    id: cardId,
    accountId: final.accountId,
    cardholderId: holder.id,
    configurationGroupId: final.group.id,
    type: final.group.type,
    state: birthState(final),
    nickname: final.nickname,
    maskedPan: maskPan(credentials.pan),
    initialBalance: final.initialBalance,
    spendingControlId: null,
    prepaidBalance: final.prepaidBalance,
  };
  if (!('existing' in final.holder)) ctx.stores.cardholders.put(tenant.id, holder);
  ctx.stores.cardSecrets.put(tenant.id, {
    id: cardId,
    pan: credentials.pan,
    expMonth: credentials.expMonth,
    expYear: credentials.expYear,
    cvv: credentials.cvv,
    tokenReference: credentials.tokenReference,
  });
  ctx.stores.cards.put(tenant.id, card);
  final.commitFunding(cardId);
  if (final.spendingControlId) setTargetControl(ctx, tenant, 'card', cardId, final.spendingControlId);
  const issued = cardView(ctx, tenant, getCard(ctx, tenant, cardId));
  ctx.events.emit(tenant, { type: 'card_created', card: issued });
  return issued;
}

export function createBankingCard(ctx: DomainContext, tenant: Tenant, input: BankingCardInput): Promise<CardView> {
  return issueCard(ctx, tenant, () => planBankingCard(ctx, tenant, input));
}

export function createLedgerCard(ctx: DomainContext, tenant: Tenant, input: LedgerCardInput): Promise<CardView> {
  return issueCard(ctx, tenant, () => planLedgerCard(ctx, tenant, input));
}

/** §9 #3: without a state filter Mono lists only active and frozen cards. */
export const DEFAULT_LISTED_STATES: readonly CardState[] = ['active', 'frozen'];

export interface CardFilter {
  states?: readonly CardState[] | undefined;
  types?: readonly CardType[] | undefined;
  accountIds?: readonly string[] | undefined;
}

/** Cards newest first; each filter takes any of its values, and an empty one matches anything. */
export function listCards(ctx: DomainContext, tenant: Tenant, filter: CardFilter, page: PageRequest): Page<CardView> {
  const result = ctx.stores.cards.query(
    tenant.id,
    { where: { state: anyOf(filter.states) ?? DEFAULT_LISTED_STATES, type: anyOf(filter.types), accountId: anyOf(filter.accountIds) }, order: 'newest' },
    page,
  );
  return { items: result.items.map((card) => cardView(ctx, tenant, card)), totalItems: result.totalItems };
}

/** PATCH /v1/cards/{id}: freeze, unfreeze, cancel, rename, attach or detach a spending control. */
export function updateCard(ctx: DomainContext, tenant: Tenant, id: string, patch: CardPatch): CardView {
  const card = getCard(ctx, tenant, id);
  const changesState = patch.state !== undefined && patch.state !== card.state;
  const changesNickname = patch.nickname !== undefined && patch.nickname !== card.nickname;
  const changesControl = patch.spending_control_id !== undefined && patch.spending_control_id !== card.spendingControlId;
  if (card.state === 'canceled' && (changesState || changesNickname || changesControl)) {
    fail('card_canceled', changesState ? '#/state' : null);
  }
  if (changesState && !canTransition(card.state, patch.state!, 'update')) {
    fail('invalid_state_transition', '#/state', transitionMessage(card.state, patch.state!));
  }
  if (changesControl && patch.spending_control_id) {
    const control =
      ctx.stores.spendingControls.get(tenant.id, patch.spending_control_id) ?? notFound('#/spending_control_id', 'spending control');
    if (control.target !== 'card') {
      fail('spending_control_target_mismatch', '#/spending_control_id', 'Only a spending control of target card can be attached to a card.');
    }
  }
  if (changesControl) setTargetControl(ctx, tenant, 'card', id, patch.spending_control_id ?? null);
  if (changesState || changesNickname) {
    ctx.stores.cards.put(tenant.id, {
      ...getCard(ctx, tenant, id),
      state: changesState ? patch.state! : card.state,
      nickname: changesNickname ? patch.nickname ?? null : card.nickname,
    });
  }
  const updated = cardView(ctx, tenant, getCard(ctx, tenant, id));
  if (changesState) ctx.events.emit(tenant, { type: 'card_state_changed', card: updated, previousState: card.state });
  return updated;
}

/** The holder activates a plastic card (Mono does it in its app; the emulator offers a trigger). */
export function activateCard(ctx: DomainContext, tenant: Tenant, id: string): CardView {
  const card = getCard(ctx, tenant, id);
  if (!canTransition(card.state, 'active', 'holder_activation')) {
    fail('invalid_state_transition', null, `Only a card in state created can be activated; this card is ${card.state}.`);
  }
  const activatedCard = { ...card, state: 'active' as const };
  ctx.stores.cards.put(tenant.id, activatedCard);
  const activated = cardView(ctx, tenant, activatedCard);
  ctx.events.emit(tenant, { type: 'card_state_changed', card: activated, previousState: card.state });
  // §12.4: Mono reports the end of a plastic card's activation with this event.
  ctx.events.emit(tenant, { type: 'plastic_card_activation', card: activatedCard, activationId: ctx.ids.next('pca'), state: 'activated', at: ctx.clock.now() });
  return activated;
}

function transitionMessage(from: CardState, to: CardState): string {
  if (from === 'created' && to === 'active') return 'A created card becomes active when its holder activates it, not through an update.';
  return `${/^[aeiou]/.test(from) ? 'An' : 'A'} ${from} card cannot become ${to}.`;
}
