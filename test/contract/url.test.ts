import { describe } from 'vitest';
import { IN_PROCESS_API_KEYS, openTarget } from '../../src/targets/index.js';
import { spawnEmulator } from '../support/spawned-emulator.js';
import { defineScenarioTests } from './scenario-tests.js';

describe('scenarios on the url target (a spawned `npm start` emulator over HTTP), verified against their shipped snapshots', () => {
  defineScenarioTests(async () => {
    const emulator = await spawnEmulator([...IN_PROCESS_API_KEYS]);
    const target = await openTarget({ target: 'url', baseUrl: emulator.url, apiKeys: emulator.apiKeys });
    return {
      ...target,
      close: async () => {
        await target.close();
        await emulator.stop();
      },
    };
  }, { verifySnapshots: true });
});
