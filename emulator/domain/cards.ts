import type { MonoComponents } from '../../contracts/index.js';
import type {
  AccountHolderRecord,
  CardRecord,
  CardState,
  CardType,
  CardholderRecord,
  ConfigurationGroupRecord,
  LedgerAccountRecord,
  Money,
  Tenant,
} from '../ports/records.js';
import type { Page, PageRequest } from '../ports/stores.js';
import type { CardView } from '../ports/views.js';
import { canTransition } from './card-lifecycle.js';
import { cardholderFromAccountHolder, checkCardholder, getCardholder, newCardholder, type CardholderInput } from './cardholders.js';
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

/** Who a new card belongs to: a holder that exists, one sent inline, or one made from a ledger account holder. */
type PlannedHolder = { existing: CardholderRecord } | { input: CardholderInput } | { accountHolder: AccountHolderRecord };

/** Everything a new card needs, checked, before anything is written. */
interface IssuePlan {
  accountId: string;
  group: ConfigurationGroupRecord;
  holder: PlannedHolder;
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

/** A spending control a card can be given at issue: one of target `card`. */
function checkCardControl(ctx: DomainContext, tenant: Tenant, id: string | null | undefined, path: string): string | null {
  if (!id) return null;
  const control = ctx.stores.spendingControls.get(tenant.id, id) ?? notFound(path, 'spending control');
  if (control.target !== 'card') fail('spending_control_target_mismatch', path, 'Only a spending control of target card applies to a card.');
  return control.id;
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

/**
 * §9 #1 lists `cardholder` and `cardholder_id` as optional, and Mono's own minimal example sends
 * neither. Both: they must be one person (same document); neither: the card is the sub-account
 * holder's, through the cardholder made from that account holder (once, then reused).
 */
function planLedgerHolder(ctx: DomainContext, tenant: Tenant, input: LedgerCardInput, account: LedgerAccountRecord): PlannedHolder {
  if (input.cardholder_id) {
    const existing = getCardholder(ctx, tenant, input.cardholder_id);
    const sent = input.cardholder?.document;
    if (sent && (sent.type !== existing.document.type || sent.number !== existing.document.number)) {
      fail('invalid_value', '#/cardholder/document', `cardholder_id names the holder with document ${existing.document.type} ${existing.document.number}; the cardholder sent has another. Send one of them, or both for the same person.`);
    }
    return { existing };
  }
  if (input.cardholder) {
    checkCardholder(input.cardholder, ctx.clock.now(), '#/cardholder');
    return { input: input.cardholder };
  }
  const accountHolder = ctx.stores.accountHolders.get(tenant.id, account.holderId);
  if (!accountHolder) throw new Error(`ledger account ${account.id} lost its holder`);
  const made = ctx.stores.cardholders.query(tenant.id, { where: { fromAccountHolderId: accountHolder.id } }).items[0];
  return made ? { existing: made } : { accountHolder };
}

function planLedgerCard(ctx: DomainContext, tenant: Tenant, input: LedgerCardInput): IssuePlan {
  // Cards are issued on active sub-accounts whose holder is active, as balance operations are (§13).
  const account = usableAccount(ctx, tenant, input.account_id, '#/account_id');
  const group = getGroup(ctx, tenant, input.configuration_group_id);
  const holder = planLedgerHolder(ctx, tenant, input, account);
  return {
    accountId: account.id,
    group,
    holder,
    nickname: input.nickname ?? null,
    initialBalance: null,
    spendingControlId: checkCardControl(ctx, tenant, input.spending_controls?.card_target, '#/spending_controls/card_target'),
    prepaidBalance: null,
    commitFunding() {},
  };
}

/** What an activation link asks for: a plastic card for an existing holder, on a bank account or a sub-account. */
export interface PlasticCardOrder {
  account_id: string;
  cardholder_id: string;
  configuration_group_id: string;
  nickname?: string | null;
  spending_control_id?: string | null;
}

function planPlasticCard(ctx: DomainContext, tenant: Tenant, order: PlasticCardOrder): IssuePlan {
  const ledger = order.account_id.startsWith('lacc_');
  const accountId = ledger
    ? usableAccount(ctx, tenant, order.account_id, '#/account_id').id
    : (ctx.stores.bankAccounts.get(tenant.id, order.account_id) ?? notFound('#/account_id', 'bank account')).id;
  const holder = { existing: getCardholder(ctx, tenant, order.cardholder_id) };
  const group = getGroup(ctx, tenant, order.configuration_group_id);
  // Activation links are for physical cards (build_activation_link: "a URL to activate a plastic card").
  if (group.type !== 'plastic') fail('invalid_value', '#/configuration_group_id', `Activation links are for plastic cards; ${group.id} is a ${group.type} configuration group.`);
  return {
    accountId,
    group,
    holder,
    nickname: order.nickname ?? null,
    initialBalance: null,
    spendingControlId: checkCardControl(ctx, tenant, order.spending_control_id, '#/spending_control_id'),
    // A prepaid group's banking card starts unfunded, as one made with POST /v1/cards does.
    prepaidBalance: !ledger && group.funding === 'prepaid' ? 0 : null,
    commitFunding() {},
  };
}

/** The person a planned holder is (name and document), for the Visa step. */
function plannedPerson(holder: PlannedHolder): { name: string; document: string } {
  if ('accountHolder' in holder) {
    const { person } = holder.accountHolder;
    return { name: `${person.first_name} ${person.last_name}`, document: person.document_number };
  }
  const person = 'existing' in holder ? holder.existing : holder.input;
  return { name: `${person.first_name} ${person.last_name}`, document: person.document.number };
}

/** The cardholder a plan names, built (not stored) when it is new. */
function holderOf(ctx: DomainContext, holder: PlannedHolder): { record: CardholderRecord; isNew: boolean } {
  if ('existing' in holder) return { record: holder.existing, isNew: false };
  if ('input' in holder) return { record: newCardholder(ctx, holder.input), isNew: true };
  return { record: cardholderFromAccountHolder(ctx, holder.accountHolder), isNew: true };
}

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
 * second check does, or the emulator was reset meanwhile, nothing is written. `alongside` writes
 * what comes with the card (an activation link) in that same step.
 */
async function issueCard(ctx: DomainContext, tenant: Tenant, plan: () => IssuePlan, alongside?: (issued: CardView) => void): Promise<CardView> {
  const first = plan();
  const cardId = ctx.ids.next('car');
  const generation = ctx.generation;
  const person = plannedPerson(first.holder);
  const credentials = await provisionWithNetwork(ctx.network, {
    tenantId: tenant.id,
    cardId,
    type: first.group.type,
    holderName: person.name,
    holderDocument: person.document,
  });
  // A reset while Visa answered replaced the data: this request belongs to the state that is gone.
  if (ctx.generation !== generation) fail('emulator_reset');
  const final = plan();

  const holder = holderOf(ctx, final.holder);
  const card: CardRecord = {
    id: cardId,
    accountId: final.accountId,
    cardholderId: holder.record.id,
    configurationGroupId: final.group.id,
    type: final.group.type,
    state: birthState(final),
    nickname: final.nickname,
    maskedPan: maskPan(credentials.pan),
    initialBalance: final.initialBalance,
    spendingControlId: null,
    prepaidBalance: final.prepaidBalance,
  };
  if (holder.isNew) ctx.stores.cardholders.put(tenant.id, holder.record);
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
  alongside?.(issued);
  return issued;
}

export function createBankingCard(ctx: DomainContext, tenant: Tenant, input: BankingCardInput): Promise<CardView> {
  return issueCard(ctx, tenant, () => planBankingCard(ctx, tenant, input));
}

export function createLedgerCard(ctx: DomainContext, tenant: Tenant, input: LedgerCardInput): Promise<CardView> {
  return issueCard(ctx, tenant, () => planLedgerCard(ctx, tenant, input));
}

/** A plastic card for an activation link; `alongside` writes the link in the card's own step. */
export function issuePlasticCard(ctx: DomainContext, tenant: Tenant, order: PlasticCardOrder, alongside: (issued: CardView) => void): Promise<CardView> {
  return issueCard(ctx, tenant, () => planPlasticCard(ctx, tenant, order), alongside);
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
  if (changesControl) checkCardControl(ctx, tenant, patch.spending_control_id, '#/spending_control_id');
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

function transitionMessage(from: CardState, to: CardState): string {
  if (from === 'created' && to === 'active') return 'A created card becomes active when its holder activates it, not through an update.';
  return `${/^[aeiou]/.test(from) ? 'An' : 'A'} ${from} card cannot become ${to}.`;
}
