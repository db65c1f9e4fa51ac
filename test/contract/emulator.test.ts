import { describe } from 'vitest';
import { openTarget } from '../../src/targets/index.js';
import { defineScenarioTests } from './scenario-tests.js';

describe('scenarios on the emulator target (in-process createEmulator), verified against their shipped snapshots', () => {
  defineScenarioTests(() => openTarget({ target: 'emulator' }), { verifySnapshots: true });
});
