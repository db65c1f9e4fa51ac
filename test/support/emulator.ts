import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js';
import { stopAfterTest } from './after-test.js';
import { contractClient, type ContractClient } from './contract-client.js';

/** A fixed instant: tests never read the machine's clock. */
export const TEST_START = Date.parse('2026-03-02T12:00:00Z');
/** A timestamp as Mono writes it: ISO 8601 UTC in whole seconds (written here, not read from the emulator). */
export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const AT_TEST_START = iso(TEST_START);
export const KEY_A = 'sandbox_tenant_a_key_000000000000';
export const KEY_B = 'sandbox_tenant_b_key_000000000000';

export interface TestEmulator {
  emulator: Emulator;
  /** A client with tenant A's key; every answer is checked against the contract. */
  api: ContractClient;
  /** A client with tenant B's key. */
  other: ContractClient;
  /** A client with no key. */
  anonymous: ContractClient;
  /** Tenant A's seeded data, discovered through the API as a user would. */
  seed: {
    bankAccountId: string;
    secondBankAccountId: string;
    virtualGroupId: string;
    plasticGroupId: string;
    /** The virtual group of prepaid banking cards. */
    prepaidGroupId: string;
    ledgerAccountId: string;
  };
}

/** A group as the tenant config lists it (the shape of Mono's SDK). */
interface Group {
  id: string;
  card_type: string;
  name: string;
}

/**
 * The emulator's seeded prepaid group, found by its name: Mono's tenant config says which kind of
 * card a group issues, not how it is funded.
 */
export const PREPAID_GROUP_NAME = 'Prepago virtual';

/** Starts an emulator on a manual clock with two tenants; it stops after the test. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await createEmulator({ clock: 'manual', clockStart: TEST_START, apiKeys: [KEY_A, KEY_B], ...options });
  stopAfterTest(() => emulator.stop());
  const api = contractClient(emulator.url, emulator.apiKeys[0]);
  return {
    emulator,
    api,
    other: contractClient(emulator.url, emulator.apiKeys[1] ?? KEY_B),
    anonymous: contractClient(emulator.url),
    seed: await seedOf(api),
  };
}

/** The seeded data of the client's tenant, discovered through the API as a user would. */
export async function seedOf(api: ContractClient): Promise<TestEmulator['seed']> {
  const accounts = (await api.get('/v1/accounts')).body.accounts;
  const groups = (await api.get('/v1/ledger/tenant/config')).body.card_configuration_groups;
  const ledgerAccounts = (await api.get('/v1/ledger/accounts')).body.accounts;
  return {
    bankAccountId: accounts[0].id,
    secondBankAccountId: accounts[1].id,
    virtualGroupId: groups.find((g: Group) => g.card_type === 'virtual' && g.name !== PREPAID_GROUP_NAME).id,
    plasticGroupId: groups.find((g: Group) => g.card_type === 'plastic').id,
    prepaidGroupId: groups.find((g: Group) => g.name === PREPAID_GROUP_NAME).id,
    ledgerAccountId: ledgerAccounts[0].id,
  };
}
