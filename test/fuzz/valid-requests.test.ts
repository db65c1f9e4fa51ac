import { afterAll, beforeAll, describe } from 'vitest';
import { loadContracts } from '../../contracts/index.js';
import { concretize, toWire, validRequest, type GeneratedRequest } from '../support/fuzz/requests.js';
import { fuzzParameters, fuzzProperty, fuzzTimeout, reportStats, runCase } from '../support/fuzz/run-case.js';
import { FuzzWorlds, type FuzzWorld } from '../support/fuzz/world.js';

/**
 * For every operation of both contracts: requests generated from the contract's schemas, with ids
 * drawn from the tenant's real resources (and now and then one that names nothing), get a 2xx or a
 * business 4xx (unknown id, state conflict, business rule), and every answer matches the contract.
 */
const { operations } = loadContracts().index;
/** Cases per operation in `npm test` (a fixed-seed sample; `npm run fuzz` explores with hundreds and fresh seeds). */
const RUNS = 10;

const worlds = new FuzzWorlds();

afterAll(() => reportStats('valid requests'));
afterAll(() => worlds.stop());

describe.each(operations.map((op) => [op.operationId, op] as const))('fuzz %s', (operationId, op) => {
  let world: FuzzWorld;
  beforeAll(async () => {
    world = await worlds.forOperation(op);
  });
  afterAll(() => worlds.release(world));

  fuzzProperty(() => world, [validRequest(op, () => world.receiverUrl)], fuzzParameters<[GeneratedRequest]>(RUNS, operationId, 'valid'))(
    `fuzz: requests generated from the contract for ${operationId} get a 2xx or a business 4xx, matching the contract`,
    async (generated) => {
      await runCase(world, op, toWire(concretize(generated, world)), null, 'a request generated from the contract');
    },
    fuzzTimeout(RUNS),
  );
});
