import { afterAll, beforeAll, it } from 'vitest';
import { createEmulator, type Emulator } from '../../emulator/index.js';
import { contractClient, type ContractClient } from './contract-client.js';
import { KEY_A, PREPAID_GROUP_NAME, TEST_START } from './emulator.js';
import { replay, titleOf, type ReplayedCall } from './replay.js';

/**
 * An emulator that lives for a whole describe block (a replayed flow spans many tests), with the
 * tenant's ids a client would have configured: its bank account, its seeded ledger sub-account
 * (and a second one, for transfers between the two), and its card configuration groups,
 * discovered through the API.
 */
export async function startReplayWorld(): Promise<{ emulator: Emulator; api: ContractClient; vars: Map<string, string> }> {
  const emulator = await createEmulator({ clock: 'manual', clockStart: TEST_START, apiKeys: [KEY_A] });
  const api = contractClient(emulator.url, KEY_A);
  const groups = (await api.get('/v1/ledger/tenant/config')).body.card_configuration_groups as { id: string; card_type: string; name: string }[];
  const seeded = (await api.get('/v1/ledger/accounts')).body.accounts[0] as { id: string; holder_id: string };
  const second = await api.post('/v1/ledger/accounts', { holder_id: seeded.holder_id, currency_code: 'COP', name: 'Segunda subcuenta' });
  if (second.status !== 201) throw new Error(`setup: a second sub-account answered ${second.status}: ${second.text}`);
  const vars = new Map<string, string>([
    ['bank_account_id', (await api.get('/v1/accounts')).body.accounts[0].id],
    ['ledger_account_id', seeded.id],
    ['second_ledger_account_id', second.body.id],
    ['virtual_group_id', groups.find((g) => g.card_type === 'virtual' && g.name !== PREPAID_GROUP_NAME)!.id],
    ['plastic_group_id', groups.find((g) => g.card_type === 'plastic')!.id],
    ['prepaid_group_id', groups.find((g) => g.name === PREPAID_GROUP_NAME)!.id],
  ]);
  return { emulator, api, vars };
}

/**
 * Inside a describe block: one replay world for the block and one test per call, replayed in
 * order (`<label>: <title>`). The getters read the world once the block's tests run.
 */
export function replayInOrder(label: string, calls: readonly ReplayedCall[]): { api: () => ContractClient; vars: () => Map<string, string> } {
  let world: Awaited<ReturnType<typeof startReplayWorld>>;
  beforeAll(async () => {
    world = await startReplayWorld();
  });
  afterAll(() => world.emulator.stop());
  for (const call of calls) {
    it(`${label}: ${titleOf(call)}`, async () => {
      await replay(world.api, call, world.vars);
    });
  }
  return { api: () => world.api, vars: () => world.vars };
}
