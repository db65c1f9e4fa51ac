import fc from 'fast-check';
import type { ContractName, OpenApiDocument, SchemaLocation } from '../../contracts/index.js';

/**
 * fast-check arbitraries built from the contracts' JSON Schemas (OpenAPI 3.1 = JSON Schema
 * 2020-12), for the keywords the two contracts use: $ref (inside a contract and across the two),
 * type (one or several), const, enum, oneOf/anyOf (one branch each), allOf (merged), discriminator
 * (its branches are oneOf's), objects (properties, required, additionalProperties as a schema,
 * propertyNames, min/maxProperties), arrays (items, min/maxItems, uniqueItems), strings (pattern,
 * min/maxLength, formats date, date-time, uri, email), integers and numbers with bounds.
 * test/unit/schema-arbitrary.test.ts checks that every value drawn for every request schema of
 * both contracts validates against that schema.
 */
export type JsonSchema = Record<string, unknown>;

export interface SchemaArbitraryOptions {
  /** Replaces the arbitrary of a (resolved) schema, e.g. to draw ids of real resources; undefined keeps the default. */
  override?: (schema: JsonSchema) => fc.Arbitrary<unknown> | undefined;
  /** Arrays get at most this many items unless their minItems asks for more (default 3). */
  maxItems?: number;
  /** Strings without maxLength get at most this many characters more than their minLength (default 16). */
  maxExtraLength?: number;
  /** The value of `format: uri` strings; a loopback URL unless said otherwise: nothing generated may leave the machine. */
  uri?: fc.Arbitrary<string>;
}

type Documents = Record<ContractName, OpenApiDocument>;

interface Located {
  schema: JsonSchema;
  contract: ContractName;
}

/**
 * A URL path segment: unreserved characters and sub-delimiters, and now and then any character
 * percent-encoded — what `fc.webSegment()` draws, without its cost: building that one maps every
 * code point (over a second of CPU in each process that loads this module).
 */
const SEGMENT_CHARACTER = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@") },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 0, max: 0x10ffff })
      .filter((code) => code < 0xd800 || code > 0xdfff)
      .map((code) => {
        const character = String.fromCodePoint(code);
        const encoded = encodeURIComponent(character);
        return encoded !== character ? encoded : `%${code.toString(16)}`;
      }),
  },
);
export const urlPathSegment: fc.Arbitrary<string> = fc.string({ unit: SEGMENT_CHARACTER });
const DEFAULT_URI = urlPathSegment.map((segment) => `http://127.0.0.1:9/${segment}`);

/** `/components/schemas/X` (a $ref fragment, or a SchemaLocation pointer with encoded segments) to its tokens. */
function tokens(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
}

export class SchemaArbitraries {
  private readonly maxItems: number;
  private readonly maxExtraLength: number;

  constructor(
    private readonly documents: Documents,
    private readonly options: SchemaArbitraryOptions = {},
  ) {
    this.maxItems = options.maxItems ?? 3;
    this.maxExtraLength = options.maxExtraLength ?? 16;
  }

  /** The schema a SchemaLocation points at, with every `$ref` on the way followed. */
  resolveLocation(location: SchemaLocation): Located {
    return this.resolve({ schema: this.at(location.contract, location.pointer), contract: location.contract });
  }

  /** An arbitrary of values valid against the schema at `location`. */
  arbitrary(location: SchemaLocation): fc.Arbitrary<unknown> {
    return this.build(this.resolveLocation(location), 0);
  }

  private at(contract: ContractName, pointer: string): JsonSchema {
    let node: unknown = this.documents[contract];
    for (const token of tokens(pointer)) {
      node = (node as Record<string, unknown> | undefined)?.[token];
      if (node === undefined) throw new Error(`no schema at ${contract}#${pointer}`);
    }
    return node as JsonSchema;
  }

  /** Follows `$ref`s; sibling keywords of a `$ref` (descriptions, notes) add no constraint in these contracts. */
  resolve(located: Located): Located {
    let { schema, contract } = located;
    for (let hops = 0; typeof schema.$ref === 'string'; hops++) {
      if (hops > 32) throw new Error(`$ref cycle at ${String(schema.$ref)}`);
      const [file, fragment = ''] = (schema.$ref as string).split('#');
      if (file) {
        const name = /^\.\/(\w+)\.openapi\.yaml$/.exec(file)?.[1] as ContractName | undefined;
        if (!name || !this.documents[name]) throw new Error(`unresolvable $ref ${String(schema.$ref)}`);
        contract = name;
      }
      schema = this.at(contract, fragment);
    }
    return { schema, contract };
  }

  private build(located: Located, depth: number): fc.Arbitrary<unknown> {
    if (depth > 24) throw new Error('schema nests too deep to generate');
    const { schema, contract } = this.resolve(located);
    const child = (sub: unknown) => this.build({ schema: sub as JsonSchema, contract }, depth + 1);

    const replaced = this.options.override?.(schema);
    if (replaced) return replaced;
    if (Array.isArray(schema.allOf)) return this.build({ schema: this.mergeAllOf(schema, contract), contract }, depth + 1);
    if ('const' in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) {
      // The first value is drawn more often: contracts list the usual one first (COP, virtual).
      const values = schema.enum as unknown[];
      return fc.oneof({ weight: 1, arbitrary: fc.constant(values[0]) }, { weight: 2, arbitrary: fc.constantFrom(...values) });
    }
    const branches = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
    if (Array.isArray(branches)) {
      const { oneOf: _oneOf, anyOf: _anyOf, discriminator: _discriminator, ...siblings } = schema;
      return fc.oneof(...branches.map((branch) => this.build({ schema: this.merge([siblings, this.resolve({ schema: branch as JsonSchema, contract }).schema]), contract }, depth + 1)));
    }
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [typeof schema.type === 'string' ? schema.type : inferType(schema)];
    if (types.length > 1) return fc.oneof(...types.map((type) => child({ ...schema, type })));
    switch (types[0]) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return integerArbitrary(schema);
      case 'number':
        return numberArbitrary(schema);
      case 'string':
        return this.stringArbitrary(schema);
      case 'array':
        return this.arrayArbitrary(schema, child);
      case 'object':
        return this.objectArbitrary(schema, child);
      default:
        throw new Error(`cannot generate a value for schema ${JSON.stringify(schema).slice(0, 200)}`);
    }
  }

  /** allOf as one schema: properties and required joined, the tightest bounds kept. */
  private mergeAllOf(schema: JsonSchema, contract: ContractName): JsonSchema {
    const { allOf, ...rest } = schema;
    return this.merge([rest, ...(allOf as JsonSchema[]).map((member) => this.mergeNested(this.resolve({ schema: member, contract }).schema, contract))]);
  }

  private mergeNested(schema: JsonSchema, contract: ContractName): JsonSchema {
    return Array.isArray(schema.allOf) ? this.mergeAllOf(schema, contract) : schema;
  }

  private merge(schemas: JsonSchema[]): JsonSchema {
    const merged: JsonSchema = {};
    for (const s of schemas) {
      for (const [key, value] of Object.entries(s)) {
        if (key === 'properties') merged.properties = { ...(merged.properties as object | undefined), ...(value as object) };
        else if (key === 'required') merged.required = [...new Set([...((merged.required as string[] | undefined) ?? []), ...(value as string[])])];
        else if (key === 'minProperties' || key === 'minItems' || key === 'minLength') merged[key] = Math.max(Number(merged[key] ?? 0), Number(value));
        else if (key === 'additionalProperties' && merged.additionalProperties === false) continue;
        else if (key === 'description' || key === 'x-emulator') continue;
        else merged[key] = value;
      }
    }
    return merged;
  }

  private stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
    const minLength = Number(schema.minLength ?? 0);
    const maxLength = schema.maxLength === undefined ? Infinity : Number(schema.maxLength);
    const fits = (s: string) => {
      const length = [...s].length;
      return length >= minLength && length <= maxLength;
    };
    switch (schema.format) {
      case 'date':
        return dateArbitrary().map((d) => d.toISOString().slice(0, 10));
      case 'date-time':
        return dateArbitrary().map((d) => d.toISOString());
      case 'uri':
        return (this.options.uri ?? DEFAULT_URI).filter(fits);
      case 'email':
        return fc.emailAddress().filter(fits);
    }
    if (typeof schema.pattern === 'string') {
      return fc.stringMatching(new RegExp(boundRepetition(schema.pattern, minLength, Math.min(maxLength, minLength + this.maxExtraLength)))).filter(fits);
    }
    return fc.string({ minLength, maxLength: Math.min(maxLength, minLength + this.maxExtraLength), unit: 'grapheme' }).filter(fits);
  }

  private arrayArbitrary(schema: JsonSchema, child: (s: unknown) => fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> {
    const minLength = Number(schema.minItems ?? 0);
    const maxLength = Math.min(Number(schema.maxItems ?? Infinity), Math.max(minLength, this.maxItems));
    const item = child(schema.items ?? {});
    return schema.uniqueItems === true
      ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
      : fc.array(item, { minLength, maxLength });
  }

  private objectArbitrary(schema: JsonSchema, child: (s: unknown) => fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    const required = ((schema.required ?? []) as string[]).filter((key) => Object.hasOwn(properties, key));
    const model = Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, child(sub)]));
    let arbitrary: fc.Arbitrary<Record<string, unknown>> = fc.record(model, { requiredKeys: required });
    const extra = schema.additionalProperties;
    if (extra && typeof extra === 'object') {
      const keys = schema.propertyNames ? (child({ type: 'string', ...(schema.propertyNames as object) }) as fc.Arbitrary<string>) : fc.string({ minLength: 1 });
      const maxKeys = Math.min(Number(schema.maxProperties ?? Infinity), this.maxItems);
      const dictionary = fc.dictionary(keys, child(extra), { maxKeys });
      arbitrary = fc.tuple(arbitrary, dictionary).map(([known, more]) => withOwnKeys(more, known));
    }
    const minProperties = Number(schema.minProperties ?? 0);
    const maxProperties = Number(schema.maxProperties ?? Infinity);
    if (minProperties > 0 || maxProperties < Infinity) {
      arbitrary = arbitrary.filter((value) => Object.keys(value).length >= minProperties && Object.keys(value).length <= maxProperties);
    }
    return arbitrary;
  }
}

/** Copies entries as own data properties, so a key such as `__proto__` stays a key. */
function withOwnKeys(...sources: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function inferType(schema: JsonSchema): string {
  if (schema.properties || schema.additionalProperties !== undefined || schema.required) return 'object';
  if (schema.items) return 'array';
  if (schema.pattern || schema.format || schema.minLength !== undefined) return 'string';
  if (schema.minimum !== undefined || schema.maximum !== undefined) return 'number';
  throw new Error(`schema has no type: ${JSON.stringify(schema).slice(0, 200)}`);
}

/** Dates a cardholder can have and a contract can print: 1900 to 2025. */
const dateArbitrary = () => fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T23:59:59Z'), noInvalidDate: true });

/**
 * `^[class]*$` with a length range becomes `^[class]{min,max}$`, so the generator draws
 * strings of the right length instead of drawing and throwing most away.
 */
function boundRepetition(pattern: string, min: number, max: number): string {
  const star = /^\^(\[(?:\\.|[^\]\\])*\])\*\$$/.exec(pattern);
  return star && Number.isFinite(max) ? `^${star[1]}{${min},${max}}$` : pattern;
}

function bounds(schema: JsonSchema, integer: boolean): { min: number; max: number } {
  const step = integer ? 1 : Number.EPSILON;
  const min = schema.minimum !== undefined ? Number(schema.minimum) : schema.exclusiveMinimum !== undefined ? Number(schema.exclusiveMinimum) + step : -1_000_000;
  const max = schema.maximum !== undefined ? Number(schema.maximum) : schema.exclusiveMaximum !== undefined ? Number(schema.exclusiveMaximum) - step : 1_000_000;
  return { min, max };
}

/** Mostly small values (amounts a sandbox account can pay), sometimes anywhere in the range, the bounds included. */
function integerArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const { min, max } = bounds(schema, true);
  const small = fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, Math.max(min, 0) + 100_000, 2 ** 31 - 1) });
  const anywhere = fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number);
  return fc.oneof({ weight: 6, arbitrary: small }, { weight: 2, arbitrary: anywhere }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
}

function numberArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const { min, max } = bounds(schema, false);
  const small = fc.integer({ min: Math.max(Math.ceil(min), -1000), max: Math.min(Math.floor(max), Math.max(Math.ceil(min), 0) + 1000) });
  return fc.oneof({ weight: 4, arbitrary: small }, { weight: 1, arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) });
}
