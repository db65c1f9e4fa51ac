import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadContracts, type SchemaLocation } from '../../contracts/index.js';
import { SchemaArbitraries } from '../support/schema-arbitrary.js';

const { documents, index, validator } = loadContracts();
const generator = new SchemaArbitraries(documents);

/** Every schema a request is built from: bodies and parameters of every operation of both contracts. */
const requestSchemas: [string, SchemaLocation][] = index.operations.flatMap((op) => [
  ...(op.requestBody ? [[`${op.operationId} body`, op.requestBody.schema] as [string, SchemaLocation]] : []),
  ...op.parameters.map((p): [string, SchemaLocation] => [`${op.operationId} ${p.in} ${p.name}`, p.schema]),
]);

describe('schema arbitraries', () => {
  it('schema arbitrary: covers a request schema of every operation that takes a body or a parameter', () => {
    expect(requestSchemas.length).toBeGreaterThan(40);
  });

  it.each(requestSchemas)('schema arbitrary: every value drawn for %s validates against its schema', (_name, location) => {
    fc.assert(
      fc.property(generator.arbitrary(location), (value) => {
        expect(validator.checkSchema(location, value)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  const schema = (name: string): SchemaLocation => ({ contract: 'mono', pointer: `/components/schemas/${name}` });

  it('schema arbitrary: optional properties are sometimes present and sometimes absent; required ones always are', () => {
    const values = fc.sample(generator.arbitrary(schema('CardholderCreate')), 200) as Record<string, unknown>[];
    expect(values.every((v) => typeof v.first_name === 'string' && typeof v.document === 'object')).toBe(true);
    expect(values.some((v) => 'middle_name' in v)).toBe(true);
    expect(values.some((v) => !('middle_name' in v))).toBe(true);
  });

  it('schema arbitrary: a discriminated oneOf draws every branch (SpendingControlRuleInput)', () => {
    const types = new Set((fc.sample(generator.arbitrary(schema('SpendingControlRuleInput')), 300) as { type: string }[]).map((v) => v.type));
    expect([...types].sort()).toEqual(['card_usage', 'mcc', 'merchant_name', 'mid', 'velocity', 'withdrawal_velocity']);
  });

  it('schema arbitrary: allOf members are merged, so minProperties of one and properties of the other both hold', () => {
    const rules = { contract: 'mono' as const, pointer: '/components/schemas/SpendingControlCreate/properties/rules' };
    for (const value of fc.sample(generator.arbitrary(rules), 200) as Record<string, unknown>[]) {
      expect(Object.keys(value).length).toBeGreaterThanOrEqual(1);
      expect(validator.checkSchema(rules, value)).toEqual([]);
    }
  });

  it('schema arbitrary: $ref across the two contracts resolves (the emulator contract reuses Mono\'s CardId)', () => {
    const cardId = { contract: 'emulator' as const, pointer: '/paths/~1_emulator~1cards~1{card_id}~1activate/parameters/0/schema' };
    expect(generator.resolveLocation(cardId)).toMatchObject({ contract: 'mono', schema: { pattern: '^car_[\\w-]{22}$' } });
    for (const id of fc.sample(generator.arbitrary(cardId), 50)) expect(id).toMatch(/^car_[\w-]{22}$/);
  });

  it('schema arbitrary: uniqueItems arrays never repeat an item, and bounds on integers are kept', () => {
    const usages = { contract: 'mono' as const, pointer: '/components/schemas/CardUsageRule/properties/disabled_card_usages' };
    for (const list of fc.sample(generator.arbitrary(usages), 200) as string[][]) {
      expect(new Set(list).size).toBe(list.length);
      expect(list.length).toBeGreaterThanOrEqual(1);
    }
    const amounts = fc.sample(generator.arbitrary(schema('PositiveMoney')), 500) as { amount: number }[];
    expect(amounts.every((m) => Number.isSafeInteger(m.amount) && m.amount >= 1)).toBe(true);
    expect(amounts.some((m) => m.amount === Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('schema arbitrary: an override replaces the arbitrary of the schemas it recognises', () => {
    const withOverride = new SchemaArbitraries(documents, {
      override: (s) => (s.pattern === '^car_[\\w-]{22}$' ? fc.constant('car_from_the_pool') : undefined),
    });
    const update = { contract: 'mono' as const, pointer: '/components/schemas/CardLook' };
    expect(new Set(fc.sample(withOverride.arbitrary(update), 20).map((v) => (v as { card_id: string }).card_id))).toEqual(new Set(['car_from_the_pool']));
  });

  it('schema arbitrary: format uri draws loopback URLs only, so nothing generated is ever sent off the machine', () => {
    const create = { contract: 'emulator' as const, pointer: '/components/schemas/WebhookCreate' };
    for (const value of fc.sample(generator.arbitrary(create), 100) as { url: string }[]) expect(new URL(value.url).hostname).toBe('127.0.0.1');
  });
});
