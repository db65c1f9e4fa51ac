import { faker } from '@faker-js/faker/locale/es';
import type { DomainContext } from '../domain/context.js';
import { createAccountHolder, putAccountHolder } from '../domain/account-holders.js';
import { createLedgerAccount } from '../domain/ledger-accounts.js';
import { applyBalanceOperation } from '../domain/subaccount-operations.js';
import { registerWebhook, type WebhookInput } from '../domain/webhooks.js';
import type { AccountHolderRecord, Tenant } from '../ports/records.js';
import type { SeededTenantView } from '../ports/views.js';
import { asciiSlug, CITIES } from './fake-people.js';

const COP = (pesos: number) => pesos * 100;

/** Who a tenant is before it is seeded: its id and key, and what its webhook registration is, if any. */
interface TenantSeed {
  id: string;
  apiKey: string;
  /** Seeds faker for the tenant's names, numbers and amounts. */
  dataSeed: number;
  /** The registration asked for, with its secret and the emulator's own events it gets. */
  webhook?: (WebhookInput & { secret: string }) | undefined;
}

/**
 * Gives a new tenant what a Mono sandbox account starts with: two Banking accounts with money,
 * a virtual and a plastic debit card configuration group and a virtual prepaid one, a ledger
 * account holder with a COP sub-account funded by a top-up, the tenant's own (`self`) account
 * holder, and the webhook registration asked for. Names and addresses come from faker under the
 * tenant's data seed and ids from the tenant's own stream, so seeding a tenant again (a reset)
 * gives the same data with the same ids.
 */
export function seedTenant(ctx: DomainContext, seed: TenantSeed): SeededTenantView {
  faker.seed(seed.dataSeed);
  const now = ctx.clock.now();
  const { stores, ids } = ctx;
  const tenant: Tenant = {
    id: seed.id,
    apiKey: seed.apiKey,
    currencies: ['COP', 'USD'],
    defaultProgramId: ids.next('pro'),
    // Named once its holder is seeded, last (below).
    selfAccountHolderId: '',
  };
  stores.tenants.add(tenant);

  const accounts = [
    { name: 'Cuenta de ahorros operativa', pesos: faker.number.int({ min: 50, max: 90 }) * 100_000 },
    { name: 'Cuenta de ahorros nómina', pesos: faker.number.int({ min: 10, max: 40 }) * 100_000 },
  ];
  const bankAccountIds: string[] = [];
  for (const { name, pesos } of accounts) {
    const id = ids.next('acc');
    bankAccountIds.push(id);
    stores.bankAccounts.put(tenant.id, {
      id,
      name,
      number: faker.string.numeric(11),
      available: COP(pesos),
      currency: 'COP',
      insertedAt: now,
      updatedAt: now,
      balanceUpdatedAt: now,
    });
  }

  const groups = [
    { name: 'Débito virtual', type: 'virtual' as const, default: true, funding: 'debit' as const },
    { name: 'Débito plástica', type: 'plastic' as const, default: false, funding: 'debit' as const },
    { name: 'Prepago virtual', type: 'virtual' as const, default: false, funding: 'prepaid' as const },
  ];
  const [virtualGroupId, plasticGroupId, prepaidGroupId] = groups.map((group) => {
    const id = ids.next('ccg');
    stores.configurationGroups.put(tenant.id, { id, ...group, countryCode: 'CO', spendingControlId: null });
    return id;
  }) as [string, string, string];

  const place = faker.helpers.arrayElement(CITIES);
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  // Through the domain, as a client would open them: the seeded holder and account follow the same rules.
  const holder = createAccountHolder(ctx, tenant, {
    external_id: `seed-holder-${faker.string.alphanumeric(8).toLowerCase()}`,
    person: {
      country_code: 'CO',
      document_number: faker.string.numeric(10),
      document_type: 'CC',
      first_name: firstName,
      last_name: lastName,
      person_type: 'natural',
    },
    address: {
      line_1: `Calle ${faker.number.int({ min: 1, max: 170 })} # ${faker.number.int({ min: 1, max: 99 })}-${faker.number.int({ min: 1, max: 99 })}`,
      city: place.city,
      state: place.state,
      zip_code: place.zip,
      country: 'CO',
    },
    email: `${asciiSlug(firstName)}.${asciiSlug(lastName)}@example.com`,
    phone_number: `+573${faker.string.numeric(9)}`,
  });
  const ledgerAccount = createLedgerAccount(ctx, tenant, { holder_id: holder.id, currency_code: 'COP', name: 'Subcuenta tarjetas' });
  // Funded by a top-up, so its ledger explains its balance from the first transaction.
  applyBalanceOperation(ctx, tenant, ledgerAccount.id, {
    amount: { amount: COP(faker.number.int({ min: 5, max: 20 }) * 100_000), currency: 'COP' },
    operation: 'topup',
    external_id: `seed-topup-${faker.string.alphanumeric(8).toLowerCase()}`,
    description: 'Saldo inicial',
  });
  const seeded = { ...tenant, selfAccountHolderId: seedSelfHolder(ctx, tenant, place).id };
  stores.tenants.update(seeded);
  // Registered last, so the seeding's own events (the top-up) are sent nowhere. The secret was
  // chosen once, when the tenant was made: a reset keeps it, and receivers keep verifying.
  const hook = seed.webhook;
  const webhook = hook ? registerWebhook(ctx, seeded, hook, () => hook.secret) : null;
  return {
    tenant: seeded,
    bankAccountIds,
    virtualGroupId,
    plasticGroupId,
    prepaidGroupId,
    accountHolderId: holder.id,
    ledgerAccountId: ledgerAccount.id,
    webhook,
  };
}

/**
 * The tenant's own account holder (Mono's `self` holder, which the tenant config names): a legal
 * person, the tenant's company. Seeded after the tenant's other data, with an id drawn from faker
 * rather than the id stream, so every id seeded before it, and every id a client gets after,
 * stays as it was.
 */
function seedSelfHolder(ctx: DomainContext, tenant: Tenant, place: (typeof CITIES)[number]): AccountHolderRecord {
  const id = `acch_${faker.string.alphanumeric(22)}`;
  return putAccountHolder(ctx, tenant, id, 'self', {
    external_id: `self-${faker.string.alphanumeric(8).toLowerCase()}`,
    person: {
      country_code: 'CO',
      document_number: faker.string.numeric(10),
      document_type: 'NIT',
      first_name: faker.company.name().slice(0, 64),
      last_name: 'S.A.S.',
      person_type: 'legal',
    },
    address: { line_1: `Carrera ${faker.number.int({ min: 1, max: 99 })} # ${faker.number.int({ min: 1, max: 99 })}-${faker.number.int({ min: 1, max: 99 })}`, city: place.city, state: place.state, zip_code: place.zip, country: 'CO' },
  });
}
