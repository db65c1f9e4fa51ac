import type { MonoComponents } from '../../contracts/index.js';

/** The response shapes of Mono's contract, which every presenter must produce. */
export type Schemas = MonoComponents['schemas'];
