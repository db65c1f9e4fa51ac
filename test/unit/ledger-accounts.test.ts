import { describe, expect, it } from 'vitest';
import { updateAccountHolder } from '../../emulator/domain/account-holders.js';
import { MonoError } from '../../emulator/domain/errors.js';
import { updateLedgerAccount, usableAccount } from '../../emulator/domain/ledger-accounts.js';
import { domainWorld } from '../support/domain-context.js';

/** The error code a call is refused with. */
function refusal(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof MonoError) return error.details[0]!.code;
    throw error;
  }
  return undefined;
}

/**
 * Account states no API call reaches (Mono cancels accounts and holders itself; a tenant's
 * current and settlement accounts are Mono's): the rules for them, on records put in place.
 */
describe('ledger accounts and holders in states the API cannot reach', () => {
  it('ledger account: a canceled account cannot change (409), and takes no money', () => {
    const { ctx, tenant, openAccount } = domainWorld();
    const account = openAccount();
    ctx.stores.ledgerAccounts.put(tenant.id, { ...account, state: 'canceled' });
    expect(refusal(() => updateLedgerAccount(ctx, tenant, account.id, { state: 'active' }))).toBe('account_canceled');
    expect(refusal(() => usableAccount(ctx, tenant, account.id, '#/account_id'))).toBe('account_not_active');
    expect(ctx.stores.ledgerAccounts.get(tenant.id, account.id)!.state).toBe('canceled');
  });

  it('ledger account: only sub-accounts can be modified or move money (§10)', () => {
    const { ctx, tenant, openAccount } = domainWorld();
    const account = openAccount();
    ctx.stores.ledgerAccounts.put(tenant.id, { ...account, type: 'current' });
    expect(refusal(() => updateLedgerAccount(ctx, tenant, account.id, { state: 'blocked' }))).toBe('account_not_modifiable');
    expect(refusal(() => usableAccount(ctx, tenant, account.id, '#/account_id'))).toBe('account_not_active');
  });

  it('account holder: a canceled holder cannot change (409), and its accounts take no money', () => {
    const { ctx, tenant, openAccount } = domainWorld();
    const account = openAccount();
    const holder = ctx.stores.accountHolders.get(tenant.id, account.holderId)!;
    ctx.stores.accountHolders.put(tenant.id, { ...holder, state: 'canceled' });
    expect(refusal(() => updateAccountHolder(ctx, tenant, holder.id, { state: 'active' }))).toBe('account_canceled');
    expect(refusal(() => updateAccountHolder(ctx, tenant, holder.id, { email: 'a.b@example.com' }))).toBe('account_canceled');
    expect(refusal(() => usableAccount(ctx, tenant, account.id, '#/account_id'))).toBe('account_not_active');
  });
});
