import { createIdSource } from '../../emulator/runtime/id-source.js';
import { createSeededRandom } from '../../emulator/runtime/seeded-random.js';
import { describeIdSource } from './id-source.suite.js';
import { describeRandom } from './random.suite.js';

describeIdSource('id source on the seeded random', (seed) => createIdSource(createSeededRandom(seed)));
describeRandom('seeded random (sfc32)', createSeededRandom);
