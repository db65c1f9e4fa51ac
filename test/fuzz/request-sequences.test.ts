import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe } from 'vitest';
import { loadContracts } from '../../contracts/index.js';
import { concretize, LookTokenRef, toWire, validRequest, type GeneratedRequest } from '../support/fuzz/requests.js';
import { fuzzParameters, fuzzTimeout, reportStats, runCase } from '../support/fuzz/run-case.js';
import { FuzzWorld } from '../support/fuzz/world.js';

/**
 * Operations one after another, in any order, on one tenant: what one request leaves behind
 * (a moved clock, a canceled card, a deleted control, a reset) must never make a later valid
 * request fail with a 5xx or an answer off the contract. One sharper check rides along: a look
 * token issued just before opening the page always opens it.
 */
const { operations } = loadContracts().index;
const RUNS = 25;
const anyRequest = (receiverUrl: () => string) => fc.oneof(...operations.map((op) => validRequest(op, receiverUrl)));

afterAll(() => reportStats('request sequences'));

describe('fuzz: request sequences', () => {
  let world: FuzzWorld;
  beforeAll(async () => {
    world = await FuzzWorld.start();
  });
  afterAll(() => world.stop());

  test.prop([fc.array(anyRequest(() => world.receiverUrl), { minLength: 1, maxLength: 15 })], fuzzParameters<[GeneratedRequest[]]>(RUNS, 'sequence', 'sequence'))(
    'fuzz: any sequence of valid requests over every operation gets 2xx or business 4xx answers that match the contract',
    async (sequence) => {
      for (const generated of sequence) {
        const request = concretize(generated, world);
        const token = generated.query.token;
        const fresh = token instanceof LookTokenRef && token.valid ? await world.freshLookToken(request.path.card_id ?? '') : undefined;
        if (fresh) request.query.token = fresh;
        const response = await runCase(world, request.op, toWire(request), null, `step ${sequence.indexOf(generated) + 1} of ${sequence.length}`);
        if (fresh && response.status !== 200) {
          throw new Error(`a look token issued just now did not open the page: ${response.status} ${response.text}\nsequence: ${fc.stringify(sequence)}`);
        }
      }
    },
    fuzzTimeout(RUNS * 10),
  );
});
