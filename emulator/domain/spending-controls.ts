import type { MonoComponents } from '../../contracts/index.js';
import { pageOf, type Page, type PageRequest } from '../ports/stores.js';
import type { DomainContext } from './context.js';
import { fail, notFound, throwIfAny, type ErrorDetail } from './errors.js';
import type { CardRecord, CurrencyCode, SpendingControlRecord, SpendingControlRuleType, SpendingControlRules, SpendingControlTarget, Tenant } from '../ports/records.js';

export type SpendingControlInput = MonoComponents['schemas']['SpendingControlCreate'];
export type SpendingControlRuleInput = MonoComponents['schemas']['SpendingControlRuleInput'];

/**
 * Spending controls are how Mono expresses card limits (spending-controls reference). A control
 * targets cards or card configuration groups; a card shows the control of each kind that applies
 * to it. Every authorization is judged by them (spending-control-evaluation.ts).
 */
const TARGET_PREFIX: Record<SpendingControlTarget, string> = { card: 'car_', card_config_group: 'ccg_' };

type Rule = NonNullable<SpendingControlRules[SpendingControlRuleType]>;

/** What the schema cannot check in one rule; `at` is where the rule sits in the request body. */
function ruleProblems(type: SpendingControlRuleType, rule: Rule, currency: CurrencyCode, at: string): ErrorDetail[] {
  if (type === 'velocity' || type === 'withdrawal_velocity') {
    return Object.entries(rule).flatMap(([period, money]: [string, { currency?: string }]) =>
      money.currency === currency
        ? []
        : [{ code: 'currency_mismatch' as const, path: `${at}/${period}/currency`, message: `Limits are in the control's currency, ${currency}; this one is in ${money.currency}.` }],
    );
  }
  if (type === 'merchant_name') {
    try {
      new RegExp((rule as { regex: string }).regex);
    } catch {
      return [{ code: 'invalid_format', path: `${at}/regex`, message: 'The regex does not compile.' }];
    }
  }
  return [];
}

export function createSpendingControl(ctx: DomainContext, tenant: Tenant, input: SpendingControlInput): SpendingControlRecord {
  const currency = input.currency_code ?? 'COP';
  throwIfAny(
    Object.entries(input.rules).flatMap(([type, rule]) => ruleProblems(type as SpendingControlRuleType, rule as Rule, currency, `#/rules/${type}`)),
  );
  const now = ctx.clock.now();
  const control: SpendingControlRecord = {
    id: ctx.ids.next('spc'),
    nickname: input.nickname ?? null,
    currency,
    target: input.target ?? 'card',
    rules: input.rules,
    targets: [],
    insertedAt: now,
    updatedAt: now,
  };
  ctx.stores.spendingControls.put(tenant.id, control);
  return control;
}

/** Mono lists one target kind at a time, `card` by default, newest first. */
export function listSpendingControls(ctx: DomainContext, tenant: Tenant, target: SpendingControlTarget, page: PageRequest): Page<SpendingControlRecord> {
  return ctx.stores.spendingControls.query(tenant.id, { where: { target }, order: 'newest' }, page);
}

export function getSpendingControl(ctx: DomainContext, tenant: Tenant, id: string, path = '#/spending_control_id'): SpendingControlRecord {
  return ctx.stores.spendingControls.get(tenant.id, id) ?? notFound(path, 'spending control');
}

/** PATCH takes the nickname only (null clears it); Mono's SDK sends no nickname when none is given, which changes nothing. */
export function renameSpendingControl(ctx: DomainContext, tenant: Tenant, id: string, nickname: string | null | undefined): SpendingControlRecord {
  const current = getSpendingControl(ctx, tenant, id);
  if (nickname === undefined) return current;
  const control = { ...current, nickname, updatedAt: ctx.clock.now() };
  ctx.stores.spendingControls.put(tenant.id, control);
  return control;
}

/** Deleting a control takes it off every card and group it applied to. */
export function deleteSpendingControl(ctx: DomainContext, tenant: Tenant, id: string): void {
  const control = getSpendingControl(ctx, tenant, id);
  for (const targetId of control.targets) setTargetControl(ctx, tenant, control.target, targetId, null);
  ctx.stores.spendingControls.delete(tenant.id, id);
}

export function putSpendingControlRule(ctx: DomainContext, tenant: Tenant, id: string, input: SpendingControlRuleInput): SpendingControlRecord {
  const control = getSpendingControl(ctx, tenant, id);
  const { type, ...rule } = input;
  // The PUT body is the rule itself, so its problems point at the body's own fields.
  throwIfAny(ruleProblems(type, rule as Rule, control.currency, '#'));
  const rules = { ...control.rules, [type]: rule } as SpendingControlRules;
  const updated = { ...control, rules, updatedAt: ctx.clock.now() };
  ctx.stores.spendingControls.put(tenant.id, updated);
  return updated;
}

export function deleteSpendingControlRule(ctx: DomainContext, tenant: Tenant, id: string, type: SpendingControlRuleType): SpendingControlRecord {
  const control = getSpendingControl(ctx, tenant, id);
  if (!control.rules[type]) notFound('#/rule_type', `${type} rule`);
  if (Object.keys(control.rules).length === 1) {
    fail('invalid_value', '#/rule_type', 'A spending control keeps at least one rule; delete the control instead.');
  }
  const rules = { ...control.rules };
  delete rules[type];
  const updated = { ...control, rules, updatedAt: ctx.clock.now() };
  ctx.stores.spendingControls.put(tenant.id, updated);
  return updated;
}

/**
 * The cards a control applies to, as Mono's SDK lists them (`list_targets`): a `card` control's
 * cards in the order they were added; a `card_config_group` control's, the cards of its groups,
 * newest first.
 */
export function listSpendingControlTargets(ctx: DomainContext, tenant: Tenant, id: string, page: PageRequest): Page<CardRecord> {
  const control = getSpendingControl(ctx, tenant, id);
  if (control.target === 'card_config_group') {
    if (control.targets.length === 0) return { items: [], totalItems: 0 };
    return ctx.stores.cards.query(tenant.id, { where: { configurationGroupId: control.targets }, order: 'newest' }, page);
  }
  const ids = pageOf(control.targets, page);
  const items = ids.items.map((cardId) => ctx.stores.cards.get(tenant.id, cardId)).filter((card): card is CardRecord => card !== undefined);
  return { items, totalItems: ids.totalItems };
}

/** Applies a control to cards or groups (`ids`, as Mono's SDK sends them); each moves off the control of the same kind it had. */
export function addSpendingControlTargets(ctx: DomainContext, tenant: Tenant, id: string, targets: string[]): SpendingControlRecord {
  const control = getSpendingControl(ctx, tenant, id);
  const problems: ErrorDetail[] = [];
  targets.forEach((targetId, i) => {
    const path = `#/ids/${i}`;
    if (!targetId.startsWith(TARGET_PREFIX[control.target])) {
      problems.push({
        code: 'spending_control_target_mismatch',
        path,
        message: `A ${control.target} control applies to ids starting with ${TARGET_PREFIX[control.target]}.`,
      });
    } else if (control.target === 'card') {
      const card = ctx.stores.cards.get(tenant.id, targetId);
      if (!card) problems.push({ code: 'item_not_found', path, message: "The card doesn't exist" });
      else if (card.state === 'canceled') problems.push({ code: 'card_canceled', path });
    } else if (!ctx.stores.configurationGroups.get(tenant.id, targetId)) {
      problems.push({ code: 'item_not_found', path, message: "The configuration group doesn't exist" });
    }
  });
  throwIfAny(problems);
  for (const targetId of targets) setTargetControl(ctx, tenant, control.target, targetId, control.id);
  return getSpendingControl(ctx, tenant, id);
}

export function removeSpendingControlTargets(ctx: DomainContext, tenant: Tenant, id: string, targets: string[]): SpendingControlRecord {
  const control = getSpendingControl(ctx, tenant, id);
  const problems = targets.flatMap((targetId, i): ErrorDetail[] =>
    control.targets.includes(targetId)
      ? []
      : [{ code: 'invalid_value', path: `#/ids/${i}`, message: 'This id is not a target of the spending control.' }],
  );
  throwIfAny(problems);
  for (const targetId of targets) setTargetControl(ctx, tenant, control.target, targetId, null);
  return getSpendingControl(ctx, tenant, id);
}

/** Moves a target from one control's list to another's. */
function moveTarget(ctx: DomainContext, tenant: Tenant, targetId: string, from: string | null, to: string | null): void {
  const now = ctx.clock.now();
  const controls = ctx.stores.spendingControls;
  const previous = from ? controls.get(tenant.id, from) : undefined;
  if (previous) controls.put(tenant.id, { ...previous, targets: previous.targets.filter((t) => t !== targetId), updatedAt: now });
  const next = to ? controls.get(tenant.id, to) : undefined;
  if (next) controls.put(tenant.id, { ...next, targets: [...next.targets, targetId], updatedAt: now });
}

/**
 * Points a card or group at a control (or at none), and keeps the controls' target lists in
 * step: the one place where both sides of the link change.
 */
export function setTargetControl(
  ctx: DomainContext,
  tenant: Tenant,
  kind: SpendingControlTarget,
  targetId: string,
  controlId: string | null,
): void {
  if (kind === 'card') {
    const card = ctx.stores.cards.get(tenant.id, targetId);
    if (!card || card.spendingControlId === controlId) return;
    moveTarget(ctx, tenant, targetId, card.spendingControlId, controlId);
    ctx.stores.cards.put(tenant.id, { ...card, spendingControlId: controlId });
  } else {
    const group = ctx.stores.configurationGroups.get(tenant.id, targetId);
    if (!group || group.spendingControlId === controlId) return;
    moveTarget(ctx, tenant, targetId, group.spendingControlId, controlId);
    ctx.stores.configurationGroups.put(tenant.id, { ...group, spendingControlId: controlId });
  }
}
