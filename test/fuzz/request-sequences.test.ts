import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe } from 'vitest';
import { loadContracts } from '../../contracts/index.js';
import { concretize, TokenRef, toWire, validRequest, type GeneratedRequest } from '../support/fuzz/requests.js';
import { fuzzParameters, fuzzTimeout, reportStats, runCase } from '../support/fuzz/run-case.js';
import { FuzzWorld } from '../support/fuzz/world.js';

/**
 * Operations one after another, and a few at a time, in any order, on one tenant: what one
 * request leaves behind or does meanwhile (a moved clock, a canceled card, a deleted control, a
 * reset while a card waits for Visa) must never make another valid request fail with a 5xx or an
 * answer off the contract. One sharper check rides along: a look token issued just before its
 * page is opened, with nothing else running, always opens it.
 */
/**
 * Less the creation of API fault rules: a rule turns the answers this property expects into
 * faults, by design (test/http/api-faults.test.ts covers them).
 */
const operations = loadContracts().index.operations.filter((op) => op.operationId !== 'createFaultRule');
const RUNS = 25;
/** Operations that change a lot at once (a reset, a clock move) or wait (card creations) come up more often. */
const WEIGHTS: Record<string, number> = { resetEmulator: 3, advanceClock: 3, createBankingCard: 4, createLedgerCard: 4 };
const anyRequest = (receiverUrl: () => string) =>
  fc.oneof(...operations.map((op) => ({ weight: WEIGHTS[op.operationId] ?? 1, arbitrary: validRequest(op, receiverUrl) })));

afterAll(() => reportStats('request sequences'));

describe('fuzz: request sequences', () => {
  let world: FuzzWorld;
  beforeAll(async () => {
    // Card creations wait for Visa for a few milliseconds, so requests sent together overlap them.
    world = await FuzzWorld.start({ tokenizationLatencyMs: 5 });
  });
  afterAll(() => world.stop());

  /** Batches in order; the requests of a batch are sent at the same time. */
  const batches = fc.array(fc.array(anyRequest(() => world.receiverUrl), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 10 });

  test.prop([batches], fuzzParameters<[GeneratedRequest[][]]>(RUNS, 'sequence', 'sequence'))(
    'fuzz: any sequence of valid requests over every operation, some sent together, gets 2xx or business 4xx answers that match the contract',
    async (sequence) => {
      for (const [step, batch] of sequence.entries()) {
        const alone = batch.length === 1;
        const answers = await Promise.all(
          batch.map(async (generated) => {
            const request = concretize(generated, world);
            const token = generated.query.token;
            const fresh = alone && token instanceof TokenRef && token.kind === 'look' && token.valid ? await world.freshLookToken(request.path.card_id ?? '') : undefined;
            if (fresh) request.query.token = fresh;
            const response = await runCase(world, request.op, toWire(request), null, `step ${step + 1} of ${sequence.length}`, { compareState: alone });
            if (fresh && response.status !== 200) {
              throw new Error(`a look token issued just now did not open the page: ${response.status} ${response.text}\nsequence: ${fc.stringify(sequence)}`);
            }
            return { generated, response };
          }),
        );
        if (!alone && answers.some((a) => a.generated.operationId === 'resetEmulator' && a.response.status === 204)) await world.populate();
      }
    },
    fuzzTimeout(RUNS * 10),
  );
});
