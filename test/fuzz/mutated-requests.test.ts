import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts } from '../../contracts/index.js';
import { applyMutation, FIELD_MUTATIONS, mutationsFor, REQUEST_MUTATIONS, WHOLE_BODY_MUTATIONS, type MutationKind, type MutationSpec } from '../support/fuzz/mutations.js';
import { KEY_A, KEY_B } from '../support/emulator.js';
import { expectationFor } from '../support/fuzz/oracle.js';
import { concretize, toWire, validRequest, type GeneratedRequest } from '../support/fuzz/requests.js';
import { fuzzParameters, fuzzProperty, fuzzTimeout, kindsTried, reportStats, runCase } from '../support/fuzz/run-case.js';
import { FuzzWorlds, type FuzzWorld } from '../support/fuzz/world.js';

/**
 * For every operation of both contracts: a valid request with one thing broken (a field removed,
 * of the wrong type or value, an unknown or prototype key, a huge, unicode or NUL-laden string, a
 * number past 2^53, negative or fractional, an id of the wrong kind or with `../`, deep nesting;
 * the body not JSON, not an object, empty, of another content type or over the limit; a bad query
 * parameter, idempotency key, Authorization header or path parameter). Whatever the contract
 * refuses gets the 4xx it documents in Mono's envelope, its errors naming the broken place, and
 * leaves the tenant as it was; what the contract still accepts is held to the valid-request rule.
 */
const { operations } = loadContracts().index;
/**
 * Cases per operation in `npm test`: a fixed-seed sample that still tries every mutation kind
 * (checked below); `npm run fuzz` explores with hundreds per operation and fresh seeds.
 */
const RUNS = 4;
/**
 * Mutations no operation can accept (every request body is a JSON object under 100 kB): the oracle
 * must call them invalid and the emulator must refuse them, so the judge cannot pass a case by
 * agreeing with the emulator's own validator.
 */
const REFUSED_BY_CONSTRUCTION: ReadonlySet<MutationKind> = new Set(['invalid-json', 'oversized-body', 'not-an-object']);
/**
 * On Mono's operations an unknown key outside a `metadata` map leaves the valid request it was
 * added to: Mono drops it (README: Leniency and strict mode), so the oracle must call it valid.
 */
const DROPPED_BY_CONSTRUCTION: ReadonlySet<MutationKind> = new Set(['extra-field', 'prototype-key']);

const worlds = new FuzzWorlds();

afterAll(() => reportStats('mutated requests'));
afterAll(() => worlds.stop());

describe.each(operations.map((op) => [op.operationId, op] as const))('fuzz %s', (operationId, op) => {
  let world: FuzzWorld;
  beforeAll(async () => {
    world = await worlds.forOperation(op);
  });
  afterAll(() => worlds.release(world));

  fuzzProperty(() => world, [validRequest(op, () => world.receiverUrl), mutationsFor(op)], fuzzParameters<[GeneratedRequest, MutationSpec]>(RUNS, operationId, 'mutated'))(
    `fuzz: broken requests for ${operationId} get a 4xx naming what is broken and change nothing`,
    async (generated, mutation) => {
      const request = concretize(generated, world);
      // The mutation must be the only thing wrong: a base request the contract refuses (rare) is skipped.
      fc.pre(expectationFor(toWire(request), [KEY_A, KEY_B]).verdict === 'valid');
      const mutated = applyMutation(request, mutation);
      const response = await runCase(world, op, mutated.wire, mutated.at, mutated.description, { kind: mutation.kind });
      if (REFUSED_BY_CONSTRUCTION.has(mutation.kind)) {
        expect(expectationFor(mutated.wire, [KEY_A, KEY_B]).verdict, mutated.description).toBe('invalid');
        expect(response.status, mutated.description).toBeGreaterThanOrEqual(400);
        expect(response.status, mutated.description).toBeLessThan(500);
      }
      if (DROPPED_BY_CONSTRUCTION.has(mutation.kind) && op.contract === 'mono' && !mutated.at?.includes('/metadata/')) {
        expect(expectationFor(mutated.wire, [KEY_A, KEY_B]), mutated.description).toMatchObject({ verdict: 'valid', warned: true });
        expect(response.headers['x-emulator-warning'], mutated.description).toMatch(/^ignored unknown field #\//);
      }
    },
    fuzzTimeout(RUNS),
  );
});

// Last in the file, so it runs after every operation's property (vitest runs a file's tests in order).
describe('the npm test sample', () => {
  it.runIf(!process.env.FUZZ_RUNS)('tries every kind of mutation at least once, whatever the smaller number of cases', () => {
    expect(kindsTried()).toEqual([...FIELD_MUTATIONS, ...WHOLE_BODY_MUTATIONS, ...REQUEST_MUTATIONS].sort());
  });
});
