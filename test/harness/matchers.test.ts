import { describe, expect, it } from 'vitest';
import { checkExpected, checkShapeSyntax, formatPath, matchExpected, matchShape, type MatchContext } from '../../src/matchers.js';

const answers: Record<string, unknown> = { create: { status: 201, body: { id: 'car_1', cardholder: { id: 'carh_1' } } } };
const context = (mode: MatchContext['mode'] = 'subset'): MatchContext => ({
  mode,
  sameAs: (step, path) => {
    let value: unknown = answers[step];
    for (const segment of path) {
      if (value === null || typeof value !== 'object' || !(segment in value)) return { found: false };
      value = (value as Record<string | number, unknown>)[segment];
    }
    return { found: true, value };
  },
});
const match = (expected: unknown, actual: unknown, mode: MatchContext['mode'] = 'subset') => matchExpected(expected, actual, context(mode), ['body']);

describe('matchers', () => {
  it('paths: failures name a JSONPath into the answer', () => {
    expect(formatPath(['body', 'cards', 0, 'id'])).toBe('$.body.cards[0].id');
    expect(formatPath(['headers', 'content-type'])).toBe('$.headers["content-type"]');
    expect(match({ cards: [{ state: 'active' }] }, { cards: [{ state: 'frozen' }] })).toEqual([
      { path: '$.body.cards[0].state', message: 'expected "active", got "frozen"' },
    ]);
  });

  it('subset: extra keys pass, a missing or different key fails; arrays keep their length and order', () => {
    expect(match({ a: 1 }, { a: 1, b: 2 })).toEqual([]);
    expect(match({ a: 1, c: 3 }, { a: 1 })).toEqual([{ path: '$.body.c', message: 'expected 3, but it is absent' }]);
    expect(match([{ a: 1 }], [{ a: 1 }, { a: 2 }])[0]!.message).toMatch(/expected 1 item, got 2/);
    expect(match({ a: 1 }, { a: '1' })).toHaveLength(1);
    expect(match({ a: null }, { a: null })).toEqual([]);
  });

  it('exact: a key the expectation does not name fails, at every depth', () => {
    expect(match({ a: { b: 1 } }, { a: { b: 1, c: 2 } }, 'exact')).toEqual([{ path: '$.body.a.c', message: 'not expected, got 2' }]);
    expect(match({ a: { b: 1 } }, { a: { b: 1 } }, 'exact')).toEqual([]);
  });

  it('$type: names JSON types; integer is a number too', () => {
    expect(match({ $type: 'string' }, 'x')).toEqual([]);
    expect(match({ $type: 'number' }, 3)).toEqual([]);
    expect(match({ $type: 'integer' }, 3.5)[0]!.message).toBe('expected a value of type integer, got number 3.5');
    expect(match({ $type: 'null' }, null)).toEqual([]);
    expect(match({ $type: 'array' }, {})).toHaveLength(1);
  });

  it('$regex, $one_of, $all_of', () => {
    expect(match({ $regex: '^car_' }, 'car_x')).toEqual([]);
    expect(match({ $regex: '^car_' }, 'carh_x')[0]!.message).toBe('expected a string matching /^car_/, got "carh_x"');
    expect(match({ $regex: '^1' }, 1)).toHaveLength(1);
    expect(match({ $one_of: ['active', { $regex: '^fro' }] }, 'frozen')).toEqual([]);
    expect(match({ $one_of: ['active', 'frozen'] }, 'canceled')[0]!.message).toBe('expected one of ["active","frozen"], got "canceled"');
    expect(match({ $all_of: [{ $length: 2 }, { $every: { a: 1 } }] }, [{ a: 1 }, { a: 2 }])).toEqual([{ path: '$.body[1].a', message: 'expected 1, got 2' }]);
  });

  it('$luhn: a 12-19 digit string passing the Luhn check', () => {
    expect(match({ $luhn: true }, '4111111111111111')).toEqual([]);
    expect(match({ $luhn: true }, '4111111111111112')).toHaveLength(1);
    expect(match({ $luhn: true }, 4111111111111111)).toHaveLength(1);
    expect(match({ $luhn: true }, '0')).toHaveLength(1);
  });

  it('$same_as: the value at the same path in an earlier step\'s answer', () => {
    expect(match({ id: { $same_as: 'create' } }, { id: 'car_1' })).toEqual([]);
    expect(match({ id: { $same_as: 'create' } }, { id: 'car_2' })[0]!.message).toBe('expected the same value as step "create" ("car_1"), got "car_2"');
    expect(match({ nope: { $same_as: 'create' } }, { nope: 1 })[0]!.message).toBe('step "create" has no value at $.body.nope to compare with');
    expect(match({ $same_as: 'create' }, { id: 'car_1', cardholder: { id: 'carh_1' } }, 'exact')).toEqual([]);
  });

  it('$absent, $every, $some, $length, $gte, $lte', () => {
    expect(match({ gone: { $absent: true } }, {})).toEqual([]);
    expect(match({ gone: { $absent: true } }, { gone: 0 })[0]!.message).toBe('expected no value, got 0');
    expect(match({ $every: { state: 'active' } }, [{ state: 'active' }, { state: 'frozen' }])).toEqual([{ path: '$.body[1].state', message: 'expected "active", got "frozen"' }]);
    expect(match({ $every: { state: 'active' } }, [])).toEqual([]);
    expect(match({ $some: { id: 'b' } }, [{ id: 'a' }, { id: 'b' }])).toEqual([]);
    expect(match({ $some: { id: 'c' } }, [{ id: 'a' }])[0]!.message).toMatch(/^expected at least one item matching/);
    expect(match({ $length: 2 }, 'ab')).toEqual([]);
    expect(match({ $length: { $gte: 3 } }, [1, 2])[0]!.message).toBe('expected length {"$gte":3}, got 2');
    expect(match({ $lte: 500 }, 501)).toHaveLength(1);
    expect(match({ $gte: 1 }, 'x')).toHaveLength(1);
  });

  it('a matcher over an absent value fails, except $absent', () => {
    expect(match({ x: { $type: 'string' } }, {})).toEqual([{ path: '$.body.x', message: 'expected {"$type":"string"}, but it is absent' }]);
  });

  it('$one_of and $all_of over an absent value let their options decide: "null or missing" is expressible', () => {
    const nullOrMissing = { x: { $one_of: [null, { $absent: true }] } };
    expect(match(nullOrMissing, {})).toEqual([]);
    expect(match(nullOrMissing, { x: null })).toEqual([]);
    expect(match(nullOrMissing, { x: 1 })).toHaveLength(1);
    expect(match({ x: { $one_of: [null, 'a'] } }, {})).toHaveLength(1);
    expect(match({ x: { $all_of: [{ $absent: true }] } }, {})).toEqual([]);
    expect(match({ x: { $all_of: [{ $type: 'string' }] } }, {})).toHaveLength(1);
  });

  it('syntax: unknown matchers, wrong arguments, extra keys next to a matcher; $same_as references are listed', () => {
    const { issues, sameAs } = checkExpected({ a: { $typ: 'x' }, b: { $type: 'text' }, c: { $regex: '(' }, d: { $one_of: [] }, e: { $luhn: 1 }, f: { $same_as: 'x', extra: 1 }, g: { $same_as: 'create' } });
    expect(issues.map((i) => i.at.join('.'))).toEqual(['a.$typ', 'b.$type', 'c.$regex', 'd.$one_of', 'e.$luhn', 'f']);
    expect(sameAs).toEqual([{ step: 'create', at: ['g', '$same_as'] }]);
    // An interpolated value is not there yet when the syntax is checked.
    expect(checkExpected({ $regex: '"id":"${card_id}"' }).issues).toEqual([]);
  });

  it('shape: keys and types only; arrays give the shape of every item; extra keys are fine', () => {
    const shape = { id: 'string', cards: [{ id: 'string', amount: 'integer' }], next: 'null' };
    expect(matchShape(shape, { id: 'x', cards: [{ id: 'a', amount: 1, more: true }], next: null }, ['body'])).toEqual([]);
    expect(matchShape(shape, { id: 1, cards: [{ id: 'a', amount: 1.5 }], next: null }, ['body'])).toEqual([
      { path: '$.body.id', message: 'expected string, got integer 1' },
      { path: '$.body.cards[0].amount', message: 'expected integer, got number 1.5' },
    ]);
    expect(checkShapeSyntax({ a: 'text', b: ['string', 'string'] }).map((i) => i.at)).toEqual([['a'], ['b']]);
  });
});
