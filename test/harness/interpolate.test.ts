import { Faker, base, en } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { interpolate, InterpolationError, parseTemplate, type InterpolationScope } from '../../src/interpolate.js';

function scope(variables: Record<string, unknown> = {}, seed = 7): InterpolationScope {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  return { variables: new Map(Object.entries(variables)), faker };
}

describe('interpolation', () => {
  it('a value that is one ${…} keeps its type; inside text it is written as text', () => {
    const s = scope({ n: 42, holder: { first_name: 'Ada' }, flag: false });
    expect(interpolate('${n}', s)).toBe(42);
    expect(interpolate('${holder}', s)).toEqual({ first_name: 'Ada' });
    expect(interpolate('${flag}', s)).toBe(false);
    expect(interpolate('n=${n}, holder=${holder}', s)).toBe('n=42, holder={"first_name":"Ada"}');
    expect(interpolate('${holder.first_name}', s)).toBe('Ada');
  });

  it('walks objects and arrays, and leaves non-strings alone', () => {
    expect(interpolate({ a: ['${n}', 1, null, { b: 'x${n}' }] }, scope({ n: 1 }))).toEqual({ a: [1, 1, null, { b: 'x1' }] });
  });

  it('$${ writes a literal ${', () => {
    expect(interpolate('cost: $${n}', scope({ n: 1 }))).toBe('cost: ${n}');
    expect(parseTemplate('a$${b}')).toEqual([{ literal: 'a${b}' }]);
  });

  it('${uuid} is a fresh v4 UUID at every use', () => {
    const s = scope();
    const [a, b] = [interpolate('${uuid}', s), interpolate('${uuid}', s)];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });

  it('${faker.…} is seeded: the same seed gives the same data, another seed other data; JSON arguments pass through', () => {
    const template = { name: '${faker.person.firstName}', digits: '${faker.string.numeric(10)}', n: '${faker.number.int({"min":5,"max":5})}' };
    const first = interpolate(template, scope({}, 1)) as Record<string, unknown>;
    expect(interpolate(template, scope({}, 1))).toEqual(first);
    expect(interpolate(template, scope({}, 2))).not.toEqual(first);
    expect(first.digits).toMatch(/^\d{10}$/);
    expect(first.n).toBe(5);
  });

  it('unknown variables, paths and faker methods are errors that say what is missing', () => {
    expect(() => interpolate('${nope}', scope())).toThrow(new InterpolationError('${nope}: no variable "nope" has been set'));
    expect(() => interpolate('${h.x}', scope({ h: {} }))).toThrow('"h" has no "x"');
    expect(() => interpolate('${faker.person.nope}', scope())).toThrow('faker has no method person.nope');
    expect(() => interpolate('${faker.string.numeric(10,)}', scope())).toThrow('are not JSON');
    expect(() => interpolate('${1abc}', scope())).toThrow('neither a variable');
  });
});
