import { createEmulator, type Emulator } from '../../emulator/index.js';
import { contractClient, type ContractClient } from './contract-client.js';
import { KEY_A, TEST_START } from './emulator.js';

/**
 * An emulator that lives for a whole describe block (a replayed flow spans many tests), with the
 * tenant's ids a client would have configured: its bank account, its seeded ledger sub-account
 * and its card configuration groups, discovered through the API.
 */
export async function startReplayWorld(): Promise<{ emulator: Emulator; api: ContractClient; vars: Map<string, string> }> {
  const emulator = await createEmulator({ clock: 'manual', clockStart: TEST_START, apiKeys: [KEY_A] });
  const api = contractClient(emulator.app, KEY_A);
  const groups = (await api.get('/v1/ledger/tenant/config')).body.card_configuration_groups as { id: string; card_type: string }[];
  const vars = new Map<string, string>([
    ['bank_account_id', (await api.get('/v1/accounts')).body.accounts[0].id],
    ['ledger_account_id', (await api.get('/v1/ledger/accounts')).body.accounts[0].id],
    ['virtual_group_id', groups.find((g) => g.card_type === 'virtual')!.id],
    ['plastic_group_id', groups.find((g) => g.card_type === 'plastic')!.id],
  ]);
  return { emulator, api, vars };
}
