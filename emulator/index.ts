/** The library: start an emulator in-process, as `npm start` does. */
export { createEmulator, type Emulator, type StopReport } from './emulator.js';
export type { UndeliveredDelivery } from './domain/webhooks.js';
export { EmulatorOptionsError, type EmulatorOptions, type OptionProblem } from './options.js';
export type { Clock, ManualClock } from './ports/clock.js';
export { CardNetworkError, type CardNetwork, type CardNetworkFailure, type ProvisionedCard, type ProvisionRequest } from './ports/card-network.js';
export { createManualClock } from './runtime/clocks.js';
export { createFakeVisaNetwork, EMULATOR_BIN, type FakeVisaNetworkOptions } from './runtime/fake-visa-network.js';
export type { Random } from './ports/random.js';
export { createSeededRandom } from './runtime/seeded-random.js';
export { verifyMonoSignature, type VerifyOptions } from './runtime/webhook-signature.js';
export { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from './domain/webhooks.js';
export { packageVersion } from './version.js';
