import { randomUUID } from 'node:crypto';
import type { Faker } from '@faker-js/faker';

/**
 * `${…}` in scenario values: a variable (`${card_id}`, `${cardholder.email}`), a fresh UUID
 * (`${uuid}`), or seeded fake data (`${faker.person.firstName}`, `${faker.string.numeric(10)}`,
 * arguments as JSON). A string that is one `${…}` and nothing else takes the value's own type
 * (a number stays a number, an object an object); inside longer text values are written as text.
 * `$${` writes a literal `${`.
 */

export type TemplatePart = { literal: string } | { expression: string };

/** Splits a string into literal text and `${…}` expressions; braces inside an expression nest. */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      literal += '${';
      i += 3;
      continue;
    }
    if (!text.startsWith('${', i)) {
      literal += text[i];
      i += 1;
      continue;
    }
    let depth = 1;
    let j = i + 2;
    while (j < text.length && depth > 0) {
      if (text[j] === '{') depth += 1;
      else if (text[j] === '}') depth -= 1;
      j += 1;
    }
    if (depth > 0) throw new InterpolationError(`"${text}" opens "\${" without a closing "}"`);
    if (literal) parts.push({ literal });
    literal = '';
    parts.push({ expression: text.slice(i + 2, j - 1).trim() });
    i = j;
  }
  if (literal || parts.length === 0) parts.push({ literal });
  return parts;
}

export class InterpolationError extends Error {}

/** What an expression refers to, for the loader's checks before anything is sent. */
export type Reference = { kind: 'uuid' } | { kind: 'faker'; method: string[]; args: unknown[] } | { kind: 'variable'; name: string; path: string[] };

const FAKER_CALL = /^faker((?:\.[A-Za-z][A-Za-z0-9]*)+)(?:\((.*)\))?$/s;
const VARIABLE = /^([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_]+)*)$/;

export function parseExpression(expression: string): Reference {
  if (expression === 'uuid') return { kind: 'uuid' };
  const call = FAKER_CALL.exec(expression);
  if (call) {
    let args: unknown[] = [];
    if (call[2] !== undefined && call[2].trim() !== '') {
      try {
        args = JSON.parse(`[${call[2]}]`) as unknown[];
      } catch {
        throw new InterpolationError(`the arguments of \${${expression}} are not JSON`);
      }
    }
    return { kind: 'faker', method: call[1]!.slice(1).split('.'), args };
  }
  const variable = VARIABLE.exec(expression);
  if (variable) return { kind: 'variable', name: variable[1]!, path: variable[2] ? variable[2].slice(1).split('.') : [] };
  throw new InterpolationError(`\${${expression}} is neither a variable, uuid, nor a faker call`);
}

/** Every expression inside a value, with where it sits, for the loader's checks. */
export function collectExpressions(value: unknown, at: (string | number)[] = []): { expression: string; at: (string | number)[] }[] {
  if (typeof value === 'string') {
    return parseTemplate(value).flatMap((part) => ('expression' in part ? [{ expression: part.expression, at }] : []));
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => collectExpressions(item, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => collectExpressions(item, [...at, key]));
  return [];
}

/** Resolves a faker method path (`person.firstName`) on an instance, or says why it cannot. */
export function fakerMethod(faker: Faker, method: string[]): (...args: unknown[]) => unknown {
  let owner: unknown = faker;
  for (const name of method.slice(0, -1)) owner = (owner as Record<string, unknown> | undefined)?.[name];
  const fn = (owner as Record<string, unknown> | undefined)?.[method.at(-1)!];
  if (typeof fn !== 'function' || method[0]?.startsWith('_')) throw new InterpolationError(`faker has no method ${method.join('.')}`);
  return (...args: unknown[]) => (fn as (...a: unknown[]) => unknown).apply(owner, args);
}

export interface InterpolationScope {
  variables: ReadonlyMap<string, unknown>;
  faker: Faker;
  /** A fresh UUID per `${uuid}`; injectable so tests can tell them apart predictably. */
  uuid?: () => string;
}

function evaluate(reference: Reference, expression: string, scope: InterpolationScope): unknown {
  switch (reference.kind) {
    case 'uuid':
      return (scope.uuid ?? randomUUID)();
    case 'faker':
      return fakerMethod(scope.faker, reference.method)(...reference.args);
    case 'variable': {
      if (!scope.variables.has(reference.name)) throw new InterpolationError(`\${${expression}}: no variable "${reference.name}" has been set`);
      let value = scope.variables.get(reference.name);
      for (const key of reference.path) {
        if (value === null || typeof value !== 'object' || !(key in value)) {
          throw new InterpolationError(`\${${expression}}: "${reference.name}" has no "${reference.path.join('.')}"`);
        }
        value = (value as Record<string, unknown>)[key];
      }
      return value;
    }
  }
}

/** Returns a copy of `value` with every `${…}` replaced. */
export function interpolate(value: unknown, scope: InterpolationScope): unknown {
  if (typeof value === 'string') {
    const parts = parseTemplate(value);
    if (parts.length === 1 && 'expression' in parts[0]!) {
      const { expression } = parts[0];
      return evaluate(parseExpression(expression), expression, scope);
    }
    return parts
      .map((part) => {
        if ('literal' in part) return part.literal;
        const result = evaluate(parseExpression(part.expression), part.expression, scope);
        return typeof result === 'object' && result !== null ? JSON.stringify(result) : String(result);
      })
      .join('');
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, scope)]));
  }
  return value;
}
