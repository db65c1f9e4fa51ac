import { describe } from 'vitest';
import { openTarget } from '../../src/targets/index.js';
import { spawnEmulator } from '../support/spawned-emulator.js';
import { defineScenarioTests } from './scenario-tests.js';

describe('scenarios on the url target (a spawned `npm start` emulator over HTTP, on tenants the target makes), verified against their shipped snapshots', () => {
  defineScenarioTests(async () => {
    const emulator = await spawnEmulator([]);
    const target = await openTarget({ target: 'url', baseUrl: emulator.url });
    return {
      ...target,
      close: async () => {
        await target.close();
        await emulator.stop();
      },
    };
  }, { verifySnapshots: true });
});
