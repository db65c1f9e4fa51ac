import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts } from '../../contracts/index.js';
import { KEY_A, KEY_B } from '../support/emulator.js';
import { applyMutation, mutationsFor, type MutationKind, type MutationSpec } from '../support/fuzz/mutations.js';
import { expectationFor } from '../support/fuzz/oracle.js';
import { concretize, toWire, validRequest, type GeneratedRequest } from '../support/fuzz/requests.js';
import { fuzzParameters, fuzzProperty, fuzzTimeout, kindsTried, reportStats, runCase } from '../support/fuzz/run-case.js';
import { FuzzWorlds, type FuzzWorld } from '../support/fuzz/world.js';

/**
 * The mutations Mono lets through (an unknown or prototype key, a string of digits for an integer,
 * an empty X-Idempotency-Key) against a strict emulator: each is refused as the contract says,
 * with the error naming it, no warning, and nothing changed. mutated-requests.test.ts holds the
 * default emulator to the lenient rules with the same oracle.
 */
const LET_THROUGH_BY_MONO: readonly MutationKind[] = ['extra-field', 'prototype-key', 'numeric-string', 'bad-idempotency-key'];
const operations = loadContracts().index.operations.filter((op) => op.contract === 'mono' && (op.requestBody || op.idempotent));
/**
 * Cases per operation in `npm test`: a fixed-seed sample that still tries every kind of mutation
 * (checked below); `npm run fuzz` explores with hundreds per operation and fresh seeds.
 */
const RUNS = 5;

const worlds = new FuzzWorlds({ strict: true });

afterAll(() => reportStats('strict mutated requests'));
afterAll(() => worlds.stop());

describe.each(operations.map((op) => [op.operationId, op] as const))('fuzz (strict) %s', (operationId, op) => {
  let world: FuzzWorld;
  beforeAll(async () => {
    world = await worlds.forOperation(op);
  });
  afterAll(() => worlds.release(world));

  fuzzProperty(() => world, [validRequest(op, () => world.receiverUrl), mutationsFor(op, LET_THROUGH_BY_MONO)], fuzzParameters<[GeneratedRequest, MutationSpec]>(RUNS, operationId, 'strict'))(
    `fuzz: under strict, what Mono lets through for ${operationId} is refused with the error naming it`,
    async (generated, mutation) => {
      const request = concretize(generated, world);
      fc.pre(expectationFor(toWire(request), [KEY_A, KEY_B], { strict: true }).verdict === 'valid');
      const mutated = applyMutation(request, mutation);
      const response = await runCase(world, op, mutated.wire, mutated.at, mutated.description, { kind: mutation.kind });
      if ((mutation.kind === 'extra-field' || mutation.kind === 'prototype-key') && !mutated.at?.includes('/metadata/')) {
        expect(response.status, mutated.description).toBe(422);
        expect(response.body.errors.map((e: { error_code: string }) => e.error_code), mutated.description).toContain('unknown_field');
      }
    },
    fuzzTimeout(RUNS),
  );
});

// Last in the file, so it runs after every operation's property (vitest runs a file's tests in order).
describe('the npm test sample (strict)', () => {
  it.runIf(!process.env.FUZZ_RUNS)('tries every kind of mutation Mono lets through at least once, whatever the smaller number of cases', () => {
    expect(kindsTried()).toEqual([...LET_THROUGH_BY_MONO].sort());
  });
});
