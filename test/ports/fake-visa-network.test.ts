import { createFakeVisaNetwork } from '../../emulator/runtime/fake-visa-network.js';
import { createSeededRandom } from '../../emulator/runtime/seeded-random.js';
import { describeCardNetwork } from './card-network.suite.js';

describeCardNetwork('fake Visa network', (seed, clock) => createFakeVisaNetwork({ random: createSeededRandom(seed), clock }));
