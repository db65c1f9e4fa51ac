import type { CardDeclinationReason, CardDeclineRecord, CardTransactionType, CurrencyCode, EpochMs, SpendingControlRecord, SpendingControlTarget, Tenant } from '../ports/records.js';
import type { AuthorizationAttempt } from './authorization-decision.js';
import { periodStart, type SpendPeriod } from './bogota-calendar.js';
import { amountIn, moneyText } from './card-transactions.js';
import type { DomainContext } from './context.js';

/**
 * Enforces the spending controls (Mono's spending-controls reference) that apply to a card: its own (`card_target`) first, then
 * its configuration group's (`configuration_group_target`), each rule in a fixed order. A rule
 * that declines names its control; Mono's vocabulary has a reason for usages and velocities, and
 * `other` for the MCC, merchant-id and merchant-name rules (it lists none for them).
 */

type RuleCheck = Omit<CardDeclineRecord, 'spendingControlId' | 'spendingControlTarget'>;

const USAGE_OF_CHANNEL = { online: 'online_purchase', pos: 'physical_purchase', atm: 'atm_withdrawal' } as const;
const USAGE_REASON = {
  online_purchase: 'online_purchase_disabled',
  physical_purchase: 'physical_purchase_disabled',
  atm_withdrawal: 'atm_withdrawal_disabled',
} as const satisfies Record<string, CardDeclinationReason>;

const VELOCITY_REASON: Record<SpendPeriod, CardDeclinationReason> = {
  daily: 'velocity_daily_exceeded',
  weekly: 'velocity_weekly_exceeded',
  monthly: 'velocity_monthly_exceeded',
};
const WITHDRAWAL_VELOCITY_REASON: Record<'daily' | 'monthly', CardDeclinationReason> = {
  daily: 'withdrawal_velocity_daily_exceeded',
  monthly: 'withdrawal_velocity_monthly_exceeded',
};

/**
 * What the card's approved authorizations of `type` since `from` stand at (adjustments
 * included, reversed ones left out), in `currency`. Force debits and refunds are not authorized
 * spend and do not count.
 */
function spentSince(ctx: DomainContext, tenant: Tenant, cardId: string, type: CardTransactionType, from: EpochMs, currency: CurrencyCode): number {
  const { items } = ctx.stores.cardTransactions.query(tenant.id, { where: { cardId, type }, within: { transactionAt: { from } } });
  return items.reduce((sum, t) => (t.hold && t.hold.status !== 'reversed' ? sum + amountIn({ amount: t.hold.authorized, currency: t.amount.currency }, currency, t.transactionAt) : sum), 0);
}

function usageCheck(control: SpendingControlRecord, attempt: AuthorizationAttempt): RuleCheck | null {
  const disabled = control.rules.card_usage?.disabled_card_usages;
  if (!disabled) return null;
  const usage = USAGE_OF_CHANNEL[attempt.channel];
  if (disabled.includes(usage)) return { reason: USAGE_REASON[usage], rule: 'card_usage', message: `The control disables ${usage}.` };
  if (attempt.scope === 'international' && disabled.includes('international_purchase')) {
    return { reason: 'other', rule: 'card_usage', message: `The control disables international_purchase; this one is in ${attempt.merchantAmount.currency}.` };
  }
  return null;
}

function listCheck(
  rule: 'mcc' | 'mid',
  operation: string | undefined,
  listed: readonly string[] | undefined,
  value: string,
): RuleCheck | null {
  if (!operation || !listed) return null;
  const allows = operation.startsWith('allow');
  if (listed.includes(value) === allows) return null;
  const what = rule === 'mcc' ? `merchant category ${value}` : `merchant id ${value}`;
  return { reason: 'other', rule, message: `The control's ${rule} rule (${operation}) refuses ${what}.` };
}

function merchantNameCheck(control: SpendingControlRecord, name: string): RuleCheck | null {
  const rule = control.rules.merchant_name;
  if (!rule) return null;
  const allows = rule.operation === 'allow_pattern';
  if (new RegExp(rule.regex).test(name) === allows) return null;
  return { reason: 'other', rule: 'merchant_name', message: `The control's merchant_name rule (${rule.operation} ${rule.regex}) refuses "${name}".` };
}

/** Whether spend of `type` in each period, this attempt included, stays within the rule's limits. */
function velocityCheck(
  ctx: DomainContext,
  tenant: Tenant,
  control: SpendingControlRecord,
  attempt: AuthorizationAttempt,
  kind: 'velocity' | 'withdrawal_velocity',
): RuleCheck | null {
  const limits: Partial<Record<SpendPeriod, { amount: number }>> | undefined = control.rules[kind];
  const withdrawal = kind === 'withdrawal_velocity';
  if (!limits || withdrawal !== (attempt.channel === 'atm')) return null;
  const { currency } = control;
  const amount = amountIn({ amount: attempt.amount, currency: attempt.funding.currency }, currency, attempt.at);
  for (const period of ['daily', 'weekly', 'monthly'] as const) {
    const limit = limits[period];
    if (!limit) continue;
    const spent = spentSince(ctx, tenant, attempt.funding.card.id, withdrawal ? 'withdrawal' : 'authorization_approved', periodStart(attempt.at, period), currency);
    if (spent + amount <= limit.amount) continue;
    const reason = withdrawal ? WITHDRAWAL_VELOCITY_REASON[period as 'daily' | 'monthly'] : VELOCITY_REASON[period];
    return {
      reason,
      rule: kind,
      message: `The control's ${kind} ${period} limit is ${moneyText(limit.amount, currency)}; ${moneyText(spent, currency)} already spent this ${period === 'daily' ? 'day' : period.slice(0, -2)} (America/Bogota), and this is ${moneyText(amount, currency)}.`,
    };
  }
  return null;
}

function controlCheck(ctx: DomainContext, tenant: Tenant, control: SpendingControlRecord, attempt: AuthorizationAttempt): RuleCheck | null {
  const { rules } = control;
  return (
    usageCheck(control, attempt) ??
    listCheck('mcc', rules.mcc?.operation, rules.mcc?.mccs, attempt.merchant.mcc) ??
    listCheck('mid', rules.mid?.operation, rules.mid?.mids, attempt.merchant.id) ??
    merchantNameCheck(control, attempt.merchant.name) ??
    velocityCheck(ctx, tenant, control, attempt, 'velocity') ??
    velocityCheck(ctx, tenant, control, attempt, 'withdrawal_velocity')
  );
}

export function spendingControlDecline(ctx: DomainContext, tenant: Tenant, attempt: AuthorizationAttempt): CardDeclineRecord | null {
  const applied: [string | null, SpendingControlTarget][] = [
    [attempt.funding.card.spendingControlId, 'card'],
    [attempt.group.spendingControlId, 'card_config_group'],
  ];
  for (const [id, target] of applied) {
    const control = id === null ? undefined : ctx.stores.spendingControls.get(tenant.id, id);
    const check = control ? controlCheck(ctx, tenant, control, attempt) : null;
    if (check) return { ...check, spendingControlId: control!.id, spendingControlTarget: target, message: `${control!.id} (${target === 'card' ? "the card's" : "the configuration group's"} control): ${check.message}` };
  }
  return null;
}
