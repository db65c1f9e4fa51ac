import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadContracts, type ValidationIssue } from '../../contracts/index.js';
import type { OperationSpec } from '../../contracts/operations.js';
import { DEFAULT_PAGE } from '../../emulator/domain/pagination.js';
import { cardholderInput } from '../support/fixtures.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONTRACTS = ['mono', 'emulator'] as const;
type Contract = (typeof CONTRACTS)[number];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Json = Record<string, unknown>;
const documents = Object.fromEntries(
  CONTRACTS.map((name) => [name, parseYaml(readFileSync(join(ROOT, 'contracts', `${name}.openapi.yaml`), 'utf8')) as Json]),
) as Record<Contract, Json>;

/** Follows `$ref`s (`#/…` or `./other.openapi.yaml#/…`) to the object they name. */
function resolve(contract: Contract, value: unknown): { contract: Contract; value: Json } {
  let current = { contract, value: value as Json };
  for (let hops = 0; typeof current.value?.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error('$ref cycle');
    const [file, fragment = ''] = (current.value.$ref as string).split('#');
    const target = file ? (/^\.\/(\w+)\.openapi\.yaml$/.exec(file)![1] as Contract) : current.contract;
    let node: unknown = documents[target];
    for (const part of fragment.split('/').slice(1)) node = (node as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${current.value.$ref as string}`);
    current = { contract: target, value: node as Json };
  }
  return current;
}

interface RawOperation {
  contract: Contract;
  method: string;
  path: string;
  operationId: unknown;
  parameters: Json[];
}

/** Every operation of both contracts, read straight from the YAML. */
const rawOperations: RawOperation[] = CONTRACTS.flatMap((contract) =>
  Object.entries(documents[contract].paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).map((method) => {
      const op = item[method] as Json;
      const shared = ((item.parameters ?? []) as unknown[]).map((p) => resolve(contract, p).value);
      const own = ((op.parameters ?? []) as unknown[]).map((p) => resolve(contract, p).value);
      return { contract, method, path, operationId: op.operationId, parameters: [...shared, ...own] };
    }),
  ),
);

describe('generated contract types', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'mono-contract-types-'));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('contracts: contracts/generated/{mono,emulator}.ts are byte for byte what openapi-typescript makes of the YAML today', async () => {
    // The command `npm run contracts:generate` runs, writing into a temporary directory instead.
    const bin = join(ROOT, 'node_modules', '.bin', 'openapi-typescript');
    await Promise.all(
      CONTRACTS.map((name) => run(bin, [`contracts/${name}.openapi.yaml`, '-o', join(outDir, `${name}.ts`)], { cwd: ROOT })),
    );
    for (const name of CONTRACTS) {
      const fresh = await readFile(join(outDir, `${name}.ts`));
      const committed = await readFile(join(ROOT, 'contracts', 'generated', `${name}.ts`));
      expect(fresh.equals(committed), `contracts/generated/${name}.ts is stale: run npm run contracts:generate`).toBe(true);
    }
  });
});

describe('contract operations', () => {
  it('contracts: both contracts together define operations, each with an operationId', () => {
    expect(rawOperations.filter((op) => op.contract === 'mono').length).toBeGreaterThan(20);
    expect(rawOperations.filter((op) => op.contract === 'emulator').length).toBeGreaterThan(3);
    const missing = rawOperations.filter((op) => typeof op.operationId !== 'string' || op.operationId === '');
    expect(missing.map((op) => `${op.method.toUpperCase()} ${op.path}`)).toEqual([]);
  });

  it('contracts: every operationId is unique across both contracts', () => {
    const seen = new Map<string, string[]>();
    for (const op of rawOperations) {
      const where = `${op.contract}: ${op.method.toUpperCase()} ${op.path}`;
      seen.set(String(op.operationId), [...(seen.get(String(op.operationId)) ?? []), where]);
    }
    expect([...seen.entries()].filter(([, places]) => places.length > 1)).toEqual([]);
  });

  it('contracts: every {parameter} of a path is declared as a required path parameter, and no other is', () => {
    const problems: string[] = [];
    for (const op of rawOperations) {
      const inPath = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).sort();
      const declared = op.parameters.filter((p) => p.in === 'path');
      const names = [...new Set(declared.map((p) => String(p.name)))].sort();
      const where = `${op.operationId as string} (${op.method.toUpperCase()} ${op.path})`;
      if (JSON.stringify(inPath) !== JSON.stringify(names)) problems.push(`${where}: path has [${inPath}], declared [${names}]`);
      for (const p of declared) if (p.required !== true) problems.push(`${where}: path parameter ${String(p.name)} is not required: true`);
      for (const p of declared) if (p.schema === undefined) problems.push(`${where}: path parameter ${String(p.name)} has no schema`);
    }
    expect(problems).toEqual([]);
  });

  it("contracts: the emulator's operation index lists exactly the operations of both contracts", () => {
    const indexed = loadContracts().index.operations.map((op) => `${op.contract} ${op.method} ${op.path} ${op.operationId}`);
    const fromYaml = rawOperations.map((op) => `${op.contract} ${op.method} ${op.path} ${op.operationId as string}`);
    expect([...indexed].sort()).toEqual([...fromYaml].sort());
  });

  it("contracts: every Mono operation declares 429 and 5XX, which Mono lists for any call and the emulator's faults answer", () => {
    const missing = loadContracts()
      .index.operations.filter((op) => op.contract === 'mono')
      .filter((op) => !op.responses.has('429') || !op.responses.has('5XX'))
      .map((op) => op.operationId);
    expect(missing).toEqual([]);
  });
});

describe('contract validator', () => {
  const { index, validator } = loadContracts();
  const operation = (id: string): OperationSpec => {
    const op = index.byId(id);
    if (!op) throw new Error(`no operation ${id}`);
    return op;
  };
  const ACCOUNT = 'acc_u0wnGw4mhZyLn7b8eVsB5x';
  const check = (id: string, parts: { path?: Record<string, string>; query?: Record<string, unknown>; headers?: Record<string, string>; body?: unknown }) =>
    validator.checkRequest(operation(id), { path: parts.path ?? {}, query: parts.query ?? {}, headers: parts.headers ?? {}, body: parts.body });
  const where = (issues: ValidationIssue[]) => issues.map((i) => `${i.in} ${i.pointer}`).sort();

  it('validator: a valid create-card body has no issues', () => {
    expect(check('createBankingCard', { body: { account_id: ACCOUNT, cardholder: cardholderInput() } }).issues).toEqual([]);
  });

  it('validator: each missing required field is one `required` issue pointing at the field itself', () => {
    const { issues } = check('createBankingCard', { body: {} });
    expect(issues.map(({ in: part, pointer, keyword }) => ({ in: part, pointer, keyword })).sort((a, b) => a.pointer.localeCompare(b.pointer))).toEqual([
      { in: 'body', pointer: '/account_id', keyword: 'required' },
      { in: 'body', pointer: '/cardholder', keyword: 'required' },
    ]);
  });

  it('validator: a missing nested field points at the nested field', () => {
    const { email: _omitted, ...withoutEmail } = cardholderInput();
    const { issues } = check('createBankingCard', { body: { account_id: ACCOUNT, cardholder: withoutEmail } });
    expect(issues.map(({ in: part, pointer, keyword }) => ({ in: part, pointer, keyword }))).toEqual([
      { in: 'body', pointer: '/cardholder/email', keyword: 'required' },
    ]);
  });

  it('validator: an unknown field is one `additionalProperties` issue pointing at that field', () => {
    const { issues } = check('createBankingCard', { body: { account_id: ACCOUNT, cardholder: cardholderInput({ shoe_size: 42 }), colour: 'red' } });
    expect(issues.map(({ in: part, pointer, keyword }) => ({ in: part, pointer, keyword })).sort((a, b) => a.pointer.localeCompare(b.pointer))).toEqual([
      { in: 'body', pointer: '/cardholder/shoe_size', keyword: 'additionalProperties' },
      { in: 'body', pointer: '/colour', keyword: 'additionalProperties' },
    ]);
  });

  it('validator: one issue per offending field, however many rules a field breaks', () => {
    const { issues } = check('createBankingCard', {
      body: {
        account_id: 'acc_short',
        cardholder: cardholderInput({ email: 'not-an-email', nationality: 'XX', first_name: 'D', phone_number: 3001234567, extra: true }),
        initial_balance: { amount: -5, currency: 'USD' },
        // Too long *and* full of control characters: two broken rules, one field.
        nickname: '\u0001'.repeat(65),
      },
    });
    expect(where(issues)).toEqual(
      [
        'body /account_id',
        'body /cardholder/email',
        'body /cardholder/extra',
        'body /cardholder/first_name',
        'body /cardholder/nationality',
        'body /cardholder/phone_number',
        'body /initial_balance/amount',
        'body /initial_balance/currency',
        'body /nickname',
      ].sort(),
    );
    expect(issues.find((i) => i.pointer === '/cardholder/extra')?.keyword).toBe('additionalProperties');
    expect(issues.find((i) => i.pointer === '/cardholder/phone_number')?.keyword).toBe('type');
    expect(['maxLength', 'pattern']).toContain(issues.find((i) => i.pointer === '/nickname')?.keyword);
  });

  it('validator: query strings are coerced to the contract\'s types ("20" -> 20, "a,b" -> ["a","b"], "a" -> ["a"])', () => {
    const { issues, query } = check('listCards', {
      query: { page_size: '20', page_number: '3', state: 'active,frozen', type: 'plastic', account_id: [ACCOUNT, `l${ACCOUNT}`] },
    });
    expect(issues).toEqual([]);
    expect(query).toEqual({
      page_size: 20,
      page_number: 3,
      state: ['active', 'frozen'],
      type: ['plastic'],
      account_id: [ACCOUNT, `l${ACCOUNT}`],
    });
  });

  it('validator: repeated query keys and comma lists mix into one list', () => {
    const { issues, query } = check('listCards', { query: { state: ['active,frozen', 'canceled'] } });
    expect(issues).toEqual([]);
    expect(query.state).toEqual(['active', 'frozen', 'canceled']);
  });

  it('validator: absent query parameters stay absent, and the domain fills in the defaults the contract documents', () => {
    const { issues, query } = check('listCards', { query: {} });
    expect(issues).toEqual([]);
    expect(query).toEqual({});
    const parameters = (documents.mono.components as Json).parameters as Record<string, { schema: { default: number } }>;
    expect(DEFAULT_PAGE).toEqual({ pageNumber: parameters.PageNumber!.schema.default, pageSize: parameters.PageSize!.schema.default });
  });

  it('validator: a query value that is not a number, or out of range, is one issue in the query', () => {
    const { issues } = check('listCards', { query: { page_size: 'twenty', page_number: '0', state: 'active,sleeping' } });
    expect(where(issues)).toEqual(['query /page_number', 'query /page_size', 'query /state/1']);
    expect(issues.find((i) => i.pointer === '/page_size')?.keyword).toBe('type');
    expect(issues.find((i) => i.pointer === '/page_number')?.keyword).toBe('minimum');
    expect(issues.find((i) => i.pointer === '/state/1')?.keyword).toBe('enum');
  });

  it('validator: a malformed path parameter is one issue in the path', () => {
    const { issues } = check('getCard', { path: { card_id: 'car_nope' } });
    expect(issues.map(({ in: part, pointer, keyword }) => ({ in: part, pointer, keyword }))).toEqual([
      { in: 'path', pointer: '/card_id', keyword: 'pattern' },
    ]);
  });

  it('validator: a missing required query parameter points at it', () => {
    const { issues } = check('showCardLook', { path: { card_id: 'car_5tgliBmzjZ6mpQPRbQjfKj' } });
    expect(issues.map(({ in: part, pointer, keyword }) => ({ in: part, pointer, keyword }))).toEqual([
      { in: 'query', pointer: '/token', keyword: 'required' },
    ]);
  });
});
