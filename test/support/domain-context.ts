import type { DomainContext } from '../../emulator/domain/context.js';
import { createAccountHolder, type AccountHolderInput } from '../../emulator/domain/account-holders.js';
import { createLedgerAccount } from '../../emulator/domain/ledger-accounts.js';
import type { CurrencyCode, LedgerAccountRecord, Tenant } from '../../emulator/ports/records.js';
import type { DomainEvent } from '../../emulator/ports/views.js';
import { createManualClock } from '../../emulator/runtime/clocks.js';
import { createIdSource } from '../../emulator/runtime/id-source.js';
import { createSeededRandom } from '../../emulator/runtime/seeded-random.js';
import { createStores } from '../../emulator/store/create-stores.js';
import { TEST_START } from './emulator.js';
import { accountHolderInput } from './fixtures.js';

/** A domain context with memory stores, a manual clock and seeded ids; the events it emits are kept in `events`. */
export interface DomainWorld {
  ctx: DomainContext;
  tenant: Tenant;
  events: DomainEvent[];
  /** Opens an active sub-account (for a new active holder) in the currency. */
  openAccount(currency?: CurrencyCode): LedgerAccountRecord;
}

export function domainWorld(seed = 7): DomainWorld {
  const events: DomainEvent[] = [];
  const ctx: DomainContext = {
    stores: createStores(),
    clock: createManualClock(TEST_START),
    ids: createIdSource(createSeededRandom(seed)),
    network: {
      provision: () => Promise.reject(new Error('no card network in domain tests')),
    },
    events: { emit: (_tenant, event) => events.push(event) },
    generation: 0,
  };
  const tenant: Tenant = { id: 'ten_domaintests000000000000', apiKey: 'sandbox_domain', currencies: ['COP', 'USD'], defaultProgramId: 'pro_0000000000000000000000', selfAccountHolderId: 'acch_self000000000000000000' };
  ctx.stores.tenants.add(tenant);
  let holders = 0;
  return {
    ctx,
    tenant,
    events,
    openAccount(currency = 'COP') {
      // The fixture is checked against the contract's schema by the HTTP tests; here it is taken as valid.
      const holder = createAccountHolder(ctx, tenant, accountHolderInput(`holder-${++holders}`) as AccountHolderInput);
      return createLedgerAccount(ctx, tenant, { holder_id: holder.id, currency_code: currency });
    },
  };
}
