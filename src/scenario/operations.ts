import { loadContracts, pointerOf, schemaAt, type OperationSpec, type SchemaLocation } from '../../contracts/index.js';
import { isPlainObject, type PathSegment } from '../matchers.js';
import { parseTemplate } from '../interpolate.js';
import type { StepSpec } from './schema.js';

/**
 * What the contracts say about a scenario step before anything is sent: which operation its
 * method and path name, and which body fields that operation takes. For `mono-contract lint`
 * and for the parity ledger's coverage table.
 */

/** The path as the operation index matches it: every `${…}` stands for one segment, the query dropped. */
function concretePath(path: string): string {
  const withoutQuery = path.split('?')[0]!;
  return parseTemplate(withoutQuery)
    .map((part) => ('literal' in part ? part.literal : 'x'))
    .join('');
}

export type StepOperation = { operation: OperationSpec } | { problem: string };

/** The operation a step's request names, or why none does (an unknown path, a method the path does not take). */
export function stepOperation(step: StepSpec): StepOperation {
  const { index } = loadContracts();
  const path = concretePath(step.request.path);
  const found = index.find(step.request.method, path);
  if (found) return { operation: found.operation };
  const methods = index.methodsFor(path).map((method) => method.toUpperCase());
  if (methods.length > 0) return { problem: `${step.request.method} ${step.request.path}: the contract takes ${methods.join(', ')} on this path, not ${step.request.method}` };
  return { problem: `${step.request.method} ${step.request.path}: no operation of the contracts has this path` };
}

const child = (location: SchemaLocation, ...segments: (string | number)[]): SchemaLocation => ({ contract: location.contract, pointer: `${location.pointer}${pointerOf(...segments)}` });

/**
 * The properties an object schema names, through `$ref`, `allOf`, `oneOf` and `anyOf` (a field
 * any branch takes is taken); undefined when the schema names none (any object goes).
 */
function propertiesOf(location: SchemaLocation): Map<string, SchemaLocation> | undefined {
  const { value, location: at } = schemaAt(location);
  if (!isPlainObject(value)) return undefined;
  const properties = new Map<string, SchemaLocation>();
  let named = false;
  if (isPlainObject(value.properties)) {
    named = true;
    for (const name of Object.keys(value.properties)) properties.set(name, child(at, 'properties', name));
  }
  for (const combinator of ['allOf', 'oneOf', 'anyOf'] as const) {
    const branches = value[combinator];
    if (!Array.isArray(branches)) continue;
    branches.forEach((_, i) => {
      const inner = propertiesOf(child(at, combinator, i));
      if (!inner) return;
      named = true;
      for (const [name, property] of inner) if (!properties.has(name)) properties.set(name, property);
    });
  }
  return named ? properties : undefined;
}

/** The schema of an array's items, through `$ref` and nullable `oneOf`s. */
function itemsOf(location: SchemaLocation): SchemaLocation | undefined {
  const { value, location: at } = schemaAt(location);
  if (!isPlainObject(value)) return undefined;
  if (value.items !== undefined) return child(at, 'items');
  for (const combinator of ['oneOf', 'anyOf'] as const) {
    const branches = value[combinator];
    if (!Array.isArray(branches)) continue;
    for (const i of branches.keys()) {
      const items = itemsOf(child(at, combinator, i));
      if (items) return items;
    }
  }
  return undefined;
}

/**
 * Body fields the operation does not take, with their path in the body. Only what the scenario
 * writes is checked: a value that is one `${…}` is filled in at run time and is not looked into.
 */
export function unknownBodyFields(operation: OperationSpec, body: unknown): { at: PathSegment[]; message: string }[] {
  if (body === undefined) return [];
  if (!operation.requestBody) return [{ at: [], message: `${operation.operationId} takes no request body` }];
  const problems: { at: PathSegment[]; message: string }[] = [];
  const walk = (value: unknown, schema: SchemaLocation, at: PathSegment[]) => {
    if (Array.isArray(value)) {
      const items = itemsOf(schema);
      if (items) value.forEach((item, i) => walk(item, items, [...at, i]));
      return;
    }
    if (!isPlainObject(value)) return;
    const properties = propertiesOf(schema);
    if (!properties) return;
    for (const [name, item] of Object.entries(value)) {
      const property = properties.get(name);
      if (!property) {
        const known = [...properties.keys()].sort().join(', ');
        problems.push({ at: [...at, name], message: `${operation.operationId} does not take the body field ${[...at, name].join('.')} (it takes ${known})` });
      } else walk(item, property, [...at, name]);
    }
  };
  walk(body, operation.requestBody.schema, []);
  return problems;
}
