import { isDeepStrictEqual } from 'node:util';
import luhn from 'luhn';
import { parseTemplate } from './interpolate.js';
import { plural } from './plural.js';

/**
 * Expected values in a scenario are JSON; where a value cannot be known in advance a matcher
 * stands in for it: an object with one `$` key. The set is small on purpose (scenarios/README.md):
 *
 *   {$type: string}        {$regex: "^car_"}        {$one_of: [active, frozen]}   {$luhn: true}
 *   {$same_as: create}     {$absent: true}          {$every: {...}}  {$some: {...}}
 *   {$length: 10}          {$gte: 1}  {$lte: 500}   {$all_of: [{$length: 2}, {$every: {...}}]}
 */

export type PathSegment = string | number;

export const TYPE_NAMES = ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'] as const;
type TypeName = (typeof TYPE_NAMES)[number];

const MATCHERS = ['$type', '$regex', '$one_of', '$all_of', '$luhn', '$same_as', '$absent', '$every', '$some', '$length', '$gte', '$lte'] as const;
type MatcherName = (typeof MATCHERS)[number];

/** `$.body.cards[0].id`: how every failure names the place it is about. */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment) ? `${text}.${segment}` : `${text}[${JSON.stringify(segment)}]`;
  }, '$');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The matcher an expected value is, if it is one. */
function asMatcher(value: unknown): { name: MatcherName; argument: unknown } | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || !keys[0]!.startsWith('$')) return undefined;
  return { name: keys[0] as MatcherName, argument: value[keys[0]!] };
}

export function typeOf(value: unknown): TypeName | 'undefined' {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as TypeName;
}

function hasType(value: unknown, type: TypeName): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

export interface SyntaxIssue {
  at: PathSegment[];
  message: string;
}

/**
 * Checks the matcher syntax inside an expected value, before anything is sent. Returns the
 * issues and the step names `$same_as` refers to, so the loader can check they come earlier.
 */
export function checkExpected(value: unknown, at: PathSegment[] = []): { issues: SyntaxIssue[]; sameAs: { step: string; at: PathSegment[] }[] } {
  const issues: SyntaxIssue[] = [];
  const sameAs: { step: string; at: PathSegment[] }[] = [];
  const walk = (node: unknown, path: PathSegment[]) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, [...path, i]));
    if (!isPlainObject(node)) return;
    const dollarKeys = Object.keys(node).filter((k) => k.startsWith('$'));
    if (dollarKeys.length === 0) return Object.entries(node).forEach(([k, item]) => walk(item, [...path, k]));
    if (Object.keys(node).length > 1) {
      issues.push({ at: path, message: `a matcher is an object with one "$" key and nothing else; found ${Object.keys(node).join(', ')}` });
      return;
    }
    const name = dollarKeys[0]!;
    const argument = node[name];
    const where = [...path, name];
    const fail = (message: string) => issues.push({ at: where, message });
    switch (name as MatcherName) {
      case '$type':
        if (!TYPE_NAMES.includes(argument as TypeName)) fail(`$type is one of ${TYPE_NAMES.join(', ')}`);
        return;
      case '$regex':
        if (typeof argument !== 'string') return fail('$regex takes a regular expression as a string');
        try {
          // `${…}` is filled in before matching; any word stands in for it here.
          new RegExp(parseTemplate(argument).map((part) => ('literal' in part ? part.literal : 'x')).join(''), 'u');
        } catch (error) {
          fail(`$regex does not compile: ${(error as Error).message}`);
        }
        return;
      case '$one_of':
      case '$all_of':
        if (!Array.isArray(argument) || argument.length === 0) return fail(`${name} takes a non-empty list of values`);
        return argument.forEach((item, i) => walk(item, [...where, i]));
      case '$luhn':
      case '$absent':
        if (argument !== true) fail(`${name} takes true`);
        return;
      case '$same_as':
        if (typeof argument !== 'string' || argument === '') return fail('$same_as takes the name of an earlier step');
        sameAs.push({ step: argument, at: where });
        return;
      case '$every':
      case '$some':
        return walk(argument, where);
      case '$length':
        if (typeof argument === 'number') {
          if (!Number.isInteger(argument) || argument < 0) fail('$length takes a whole number or a matcher');
          return;
        }
        if (!asMatcher(argument)) fail('$length takes a whole number or a matcher');
        return walk(argument, where);
      case '$gte':
      case '$lte':
        if (typeof argument !== 'number') fail(`${name} takes a number`);
        return;
      default:
        fail(`unknown matcher ${name} (known: ${MATCHERS.join(', ')})`);
    }
  };
  walk(value, at);
  return { issues, sameAs };
}

export interface Mismatch {
  path: string;
  message: string;
}

export interface MatchContext {
  /** `subset`: extra keys in the answer are fine; `exact`: they are not. */
  mode: 'subset' | 'exact';
  /** The value at a path in an earlier step's answer, for `$same_as`. */
  sameAs: (step: string, path: readonly PathSegment[]) => { found: boolean; value?: unknown };
}

/** A short JSON rendering of a value for messages. */
export function show(value: unknown, limit = 200): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** Compares an answer with an expected value (matchers allowed) and lists every difference. */
export function matchExpected(expected: unknown, actual: unknown, context: MatchContext, path: PathSegment[] = []): Mismatch[] {
  const miss = (message: string): Mismatch[] => [{ path: formatPath(path), message }];
  const matcher = asMatcher(expected);
  if (matcher) return matchMatcher(matcher.name, matcher.argument, actual, context, path);
  if (actual === undefined) return miss(`expected ${show(expected)}, but it is absent`);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return miss(`expected an array, got ${show(actual)}`);
    if (actual.length !== expected.length) return miss(`expected ${plural(expected.length, 'item')}, got ${actual.length}: ${show(actual)}`);
    return expected.flatMap((item, i) => matchExpected(item, actual[i], context, [...path, i]));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return miss(`expected an object, got ${show(actual)}`);
    const mismatches = Object.entries(expected).flatMap(([key, item]) => matchExpected(item, actual[key], context, [...path, key]));
    if (context.mode === 'exact') {
      for (const key of Object.keys(actual)) {
        if (!(key in expected)) mismatches.push({ path: formatPath([...path, key]), message: `not expected, got ${show(actual[key])}` });
      }
    }
    return mismatches;
  }
  return isDeepStrictEqual(expected, actual) ? [] : miss(`expected ${show(expected)}, got ${show(actual)}`);
}

function matchMatcher(name: MatcherName, argument: unknown, actual: unknown, context: MatchContext, path: PathSegment[]): Mismatch[] {
  const miss = (message: string): Mismatch[] => [{ path: formatPath(path), message }];
  if (name === '$absent') return actual === undefined ? [] : miss(`expected no value, got ${show(actual)}`);
  // `$one_of`/`$all_of` let their options decide, so `{$one_of: [null, {$absent: true}]}` can match a missing value.
  if (actual === undefined && name !== '$same_as' && name !== '$one_of' && name !== '$all_of') return miss(`expected ${show({ [name]: argument })}, but it is absent`);
  switch (name) {
    case '$type':
      return hasType(actual, argument as TypeName) ? [] : miss(`expected a value of type ${String(argument)}, got ${typeOf(actual)} ${show(actual)}`);
    case '$regex':
      return typeof actual === 'string' && new RegExp(argument as string, 'u').test(actual)
        ? []
        : miss(`expected a string matching /${String(argument)}/, got ${show(actual)}`);
    case '$one_of': {
      const options = argument as unknown[];
      return options.some((option) => matchExpected(option, actual, context, path).length === 0)
        ? []
        : miss(`expected one of ${show(options)}, got ${show(actual)}`);
    }
    case '$all_of':
      return (argument as unknown[]).flatMap((option) => matchExpected(option, actual, context, path));
    case '$luhn':
      return typeof actual === 'string' && /^\d{12,19}$/.test(actual) && luhn.validate(actual)
        ? []
        : miss(`expected a Luhn-valid card number of 12-19 digits, got ${show(actual)}`);
    case '$same_as': {
      const other = context.sameAs(argument as string, path);
      if (!other.found) return miss(`step "${String(argument)}" has no value at ${formatPath(path)} to compare with`);
      return isDeepStrictEqual(other.value, actual)
        ? []
        : miss(`expected the same value as step "${String(argument)}" (${show(other.value)}), got ${show(actual)}`);
    }
    case '$every': {
      if (!Array.isArray(actual)) return miss(`expected an array, got ${show(actual)}`);
      return actual.flatMap((item, i) => matchExpected(argument, item, { ...context, mode: 'subset' }, [...path, i]));
    }
    case '$some': {
      if (!Array.isArray(actual)) return miss(`expected an array, got ${show(actual)}`);
      return actual.some((item, i) => matchExpected(argument, item, { ...context, mode: 'subset' }, [...path, i]).length === 0)
        ? []
        : miss(`expected at least one item matching ${show(argument)}, got ${actual.length} items: ${show(actual)}`);
    }
    case '$length': {
      if (!Array.isArray(actual) && typeof actual !== 'string') return miss(`expected an array or a string, got ${show(actual)}`);
      const lengthMismatches = matchExpected(argument, actual.length, context, path);
      return lengthMismatches.length === 0 ? [] : miss(`expected length ${show(argument)}, got ${actual.length}`);
    }
    case '$gte':
      return typeof actual === 'number' && actual >= (argument as number) ? [] : miss(`expected a number >= ${String(argument)}, got ${show(actual)}`);
    case '$lte':
      return typeof actual === 'number' && actual <= (argument as number) ? [] : miss(`expected a number <= ${String(argument)}, got ${show(actual)}`);
  }
  return miss(`unknown matcher ${name}`);
}

/** Checks a `body_shape`: every key named is present with the type named; arrays give one shape for all items. */
export function checkShapeSyntax(shape: unknown, at: PathSegment[] = []): SyntaxIssue[] {
  if (typeof shape === 'string') return TYPE_NAMES.includes(shape as TypeName) ? [] : [{ at, message: `a shape leaf is one of ${TYPE_NAMES.join(', ')}` }];
  if (Array.isArray(shape)) {
    if (shape.length !== 1) return [{ at, message: 'an array in a shape holds exactly one item: the shape of every element' }];
    return checkShapeSyntax(shape[0], [...at, 0]);
  }
  if (isPlainObject(shape)) return Object.entries(shape).flatMap(([key, item]) => checkShapeSyntax(item, [...at, key]));
  return [{ at, message: 'a shape is a type name, an object of shapes, or a one-item array of a shape' }];
}

export function matchShape(shape: unknown, actual: unknown, path: PathSegment[] = []): Mismatch[] {
  const miss = (message: string): Mismatch[] => [{ path: formatPath(path), message }];
  if (typeof shape === 'string') return hasType(actual, shape as TypeName) ? [] : miss(`expected ${shape}, got ${typeOf(actual)} ${show(actual)}`);
  if (Array.isArray(shape)) {
    if (!Array.isArray(actual)) return miss(`expected an array, got ${typeOf(actual)} ${show(actual)}`);
    return actual.flatMap((item, i) => matchShape(shape[0], item, [...path, i]));
  }
  if (!isPlainObject(actual)) return miss(`expected an object, got ${typeOf(actual)} ${show(actual)}`);
  return Object.entries(shape as Record<string, unknown>).flatMap(([key, item]) => matchShape(item, actual[key], [...path, key]));
}
