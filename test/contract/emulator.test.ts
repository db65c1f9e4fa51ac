import { describe } from 'vitest';
import { openTarget } from '../../src/targets/index.js';
import { defineScenarioTests } from './scenario-tests.js';

// The shipped snapshots were recorded on the default seed's tenant data (npm run snapshots): they
// are verified here on another seed's, so no scenario may depend on the data an emulator seeds.
describe('scenarios on the emulator target (in-process createEmulator, tenant data from another seed than the snapshots were recorded on), verified against their shipped snapshots', () => {
  defineScenarioTests(() => openTarget({ target: 'emulator', emulator: { seed: 7 } }), { verifySnapshots: true });
});
