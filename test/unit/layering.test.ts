import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSync } from 'rolldown/experimental';
import { describe, expect, it } from 'vitest';

/**
 * The README's layer table ("Project layout"), checked: every import of every .ts file under
 * contracts/, emulator/ and src/ must run the way the table allows. A violation names the file,
 * the import and the rule it breaks.
 */

type LayerName = 'contracts' | 'ports' | 'domain' | 'store' | 'runtime' | 'dashboard' | 'present' | 'services' | 'http' | 'root' | 'cli' | 'harness';

interface Layer {
  /** Layers this one may import anything from (itself included). */
  imports: readonly LayerName[];
  /** Layers this one may import types from, and only types (`import type`, `export type`). */
  typesFrom?: readonly LayerName[];
  /** Single files of other layers this one may import. */
  files?: readonly string[];
  /** Packages only some layers may use. */
  packages?: readonly string[];
  /** The rule, as the README's table states it. */
  rule: string;
}

const ADAPTERS = 'Adapters (store/, runtime/) implement the ports and import only ports';

const LAYERS: Record<LayerName, Layer> = {
  contracts: { imports: ['contracts'], rule: 'Contract (contracts/) imports nothing from the repository' },
  ports: { imports: ['ports'], typesFrom: ['contracts'], rule: 'Ports (emulator/ports/) import nothing of the emulator (contract types only)' },
  domain: { imports: ['domain', 'ports'], typesFrom: ['contracts'], rule: 'Domain (emulator/domain/) imports ports and contract types, framework-free' },
  store: { imports: ['store', 'ports'], rule: ADAPTERS },
  runtime: { imports: ['runtime', 'ports'], rule: ADAPTERS },
  dashboard: { imports: ['dashboard'], rule: "Browser (emulator/dashboard/): the dashboard's browser code and the reader of its files import nothing of the emulator" },
  present: { imports: ['present', 'ports'], typesFrom: ['contracts'], rule: 'Presenters (emulator/present/) import ports and contract types' },
  services: { imports: ['services', 'domain', 'ports', 'present'], rule: 'Services (emulator/services/) import domain, ports, present' },
  http: {
    imports: ['http', 'domain', 'services', 'present', 'ports', 'contracts', 'dashboard'],
    packages: ['express'],
    rule: "HTTP (emulator/http/) imports domain, services, present, ports, contracts and the dashboard's files; only the root imports http, store and runtime",
  },
  root: {
    imports: ['root', 'http', 'store', 'runtime', 'services', 'domain', 'present', 'ports', 'contracts'],
    packages: ['express'],
    rule: 'Root (emulator/emulator.ts, index.ts, options.ts, fault-spec.ts, version.ts) composes every layer below the CLI',
  },
  cli: { imports: ['cli', 'root'], rule: 'CLI (emulator/cli.ts, cli-*.ts) imports the root' },
  harness: { imports: ['harness', 'contracts'], files: ['emulator/index.ts', 'emulator/version.ts'], rule: 'Harness (src/) uses the emulator only through emulator/index.ts (and the package version from emulator/version.ts)' },
};

/** Packages no layer may import unless its entry lists them: Express stays at the edge. */
const GUARDED_PACKAGES = new Set(Object.values(LAYERS).flatMap((layer) => layer.packages ?? []));

const usersOf = (name: string) =>
  Object.entries(LAYERS)
    .filter(([, layer]) => layer.packages?.includes(name))
    .map(([layerName]) => layerName)
    .join(' and ');

const ROOT_FILES = new Set(['emulator/emulator.ts', 'emulator/index.ts', 'emulator/options.ts', 'emulator/fault-spec.ts', 'emulator/version.ts']);
const CLI_FILES = new Set(['emulator/cli.ts', 'emulator/cli-main.ts', 'emulator/cli-options.ts', 'emulator/cli-hints.ts', 'emulator/cli-process.ts', 'emulator/cli-launcher.ts', 'emulator/cli-code-cache.ts', 'emulator/cli-heap-flags.ts']);
const FOLDER_LAYERS = ['ports', 'domain', 'store', 'runtime', 'dashboard', 'present', 'services', 'http'] as const satisfies readonly LayerName[];

/** Each layer's files, as the README's table names them (a path relative to the repository, with forward slashes). */
const MEMBERS: readonly (readonly [LayerName, (file: string) => boolean])[] = [
  ['contracts', (file) => file.startsWith('contracts/')],
  ['harness', (file) => file.startsWith('src/')],
  ['root', (file) => ROOT_FILES.has(file)],
  ['cli', (file) => CLI_FILES.has(file)],
  ...FOLDER_LAYERS.map((folder) => [folder, (file: string) => file.startsWith(`emulator/${folder}/`)] as const),
];

type Members = typeof MEMBERS;

/** Every layer a file belongs to: exactly one for a file the table places. */
const layersOf = (file: string, members: Members = MEMBERS): LayerName[] => members.filter(([, holds]) => holds(file)).map(([name]) => name);

/** The layer of a file, if it has exactly one. */
function layerOf(file: string): LayerName | undefined {
  const layers = layersOf(file);
  return layers.length === 1 ? layers[0] : undefined;
}

interface Import {
  specifier: string;
  typeOnly: boolean;
  /** An `import()` call: the module loads when the call runs, not with the importing one. */
  dynamic?: boolean;
}

const parsed = new Map<string, { source: string; imports: Import[] }>();

/** A node of oxc's ESTree-shaped syntax tree, as far as the walk below reads it. */
type AstNode = { type?: string; [key: string]: unknown };

/** The text of a string literal, or of a template literal without substitutions; undefined for anything computed. */
function literalText(node: unknown): string | undefined {
  const n = node as AstNode | undefined;
  if (n?.type === 'Literal' && typeof n.value === 'string') return n.value;
  const quasis = n?.type === 'TemplateLiteral' && (n.expressions as unknown[]).length === 0 ? (n.quasis as { value: { cooked: string } }[]) : undefined;
  return quasis?.[0]?.value.cooked;
}

/** Every import of a module: static, re-exports, dynamic `import()` and `import('…')` types. Each file is parsed once. */
function importsOf(file: string, source: string): Import[] {
  const known = parsed.get(file);
  if (known?.source === source) return known.imports;
  const found: Import[] = [];
  parsed.set(file, { source, imports: found });
  // Every form of import holds the word `import` or `from '…'`: a file with neither (the generated contract types) needs no parse.
  if (!/\bimport\b|\bfrom\s*['"]/.test(source)) return found;
  // oxc's parser (rolldown's): ~0.2 s for the tree, where TypeScript's took ~1.5 s and ~0.3 s to load.
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as AstNode;
    switch (n.type) {
      case 'ImportDeclaration':
        // Only `import type` is erased: under verbatimModuleSyntax `import { type A }` still loads the module.
        found.push({ specifier: literalText(n.source)!, typeOnly: n.importKind === 'type' });
        break;
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
        if (n.source) found.push({ specifier: literalText(n.source)!, typeOnly: n.exportKind === 'type' });
        break;
      case 'TSImportEqualsDeclaration': {
        const reference = n.moduleReference as AstNode | undefined;
        if (reference?.type === 'TSExternalModuleReference') found.push({ specifier: literalText(reference.expression)!, typeOnly: n.importKind === 'type' });
        break;
      }
      case 'ImportExpression':
        found.push({ specifier: literalText(n.source) ?? '<computed>', typeOnly: false, dynamic: true });
        break;
      case 'TSImportType': {
        const specifier = literalText(n.source);
        if (specifier !== undefined) found.push({ specifier, typeOnly: true });
        break;
      }
    }
    for (const key of Object.keys(n)) if (key !== 'type') visit(n[key]);
  };
  visit(parseSync(file, source).program);
  return found;
}

/** The repository file a relative import names (`./x.js` is `./x.ts` in the sources), or undefined. */
function resolve(from: string, specifier: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, `${base}/index.ts`];
  return candidates.find((candidate) => existsSync(candidate) && !candidate.endsWith('/'));
}

const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

export interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  source: string;
}

/** What breaks the layer table: one line per import, naming the file, the import and the rule. */
function violations(files: readonly SourceFile[], members: Members = MEMBERS): string[] {
  const found: string[] = [];
  for (const { path: file, source } of files) {
    const layers = layersOf(file, members);
    if (layers.length !== 1) {
      found.push(
        layers.length === 0
          ? `${file}: belongs to no layer of the README's table (add its folder to the table and to this test)`
          : `${file}: belongs to ${layers.length} layers of the README's table (${layers.join(', ')}): a file belongs to exactly one`,
      );
      continue;
    }
    const layerName = layers[0]!;
    const layer = LAYERS[layerName];
    for (const { specifier, typeOnly } of importsOf(file, source)) {
      const breaks = (what: string) => found.push(`${file}: import '${specifier}' ${what} breaks the rule "${layer.rule}"`);
      if (!specifier.startsWith('.')) {
        const name = packageOf(specifier);
        if (GUARDED_PACKAGES.has(name) && !layer.packages?.includes(name)) breaks(`(the package ${name}, for ${usersOf(name)} only)`);
        continue;
      }
      const target = resolve(file, specifier);
      if (!target) {
        breaks('(a file this test cannot find)');
        continue;
      }
      const targetLayer = layerOf(target);
      if (targetLayer && layer.imports.includes(targetLayer)) continue;
      if (layer.files?.includes(target)) continue;
      if (targetLayer && layer.typesFrom?.includes(targetLayer)) {
        if (!typeOnly) breaks(`(${target}, ${targetLayer}: a value import where only \`import type\` is allowed)`);
        continue;
      }
      breaks(`(${target}, ${targetLayer ?? 'outside every layer'})`);
    }
  }
  return found;
}

function repositoryFiles(): SourceFile[] {
  return ['contracts', 'emulator', 'src'].flatMap((folder) =>
    readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => {
        const file = `${folder}/${name.split(path.sep).join('/')}`;
        return { path: file, source: readFileSync(file, 'utf8') };
      }),
  );
}

describe('layering (README, Project layout)', () => {
  const files = repositoryFiles();

  it('layering: every import under contracts/, emulator/ and src/ runs the way the layer table allows', () => {
    expect(violations(files)).toEqual([]);
  });

  it('layering: the check reads the real tree: each file is in exactly one layer, every layer has files, and the imports it found include the known ones', () => {
    expect(files.filter((file) => layersOf(file.path).length !== 1).map((file) => file.path)).toEqual([]);
    const layers = new Set(files.map((file) => layerOf(file.path)));
    expect([...layers].sort()).toEqual(Object.keys(LAYERS).sort());
    // Issue 23's files, each where the README's table puts it.
    expect(
      Object.fromEntries(
        ['emulator/services/tenant-registry.ts', 'emulator/runtime/tenant-clock.ts', 'emulator/http/access.ts', 'emulator/http/control/tenant-routes.ts', 'emulator/present/tenant.ts'].map(
          (file) => [file, files.some((it) => it.path === file) && layerOf(file)],
        ),
      ),
    ).toEqual({
      'emulator/services/tenant-registry.ts': 'services',
      'emulator/runtime/tenant-clock.ts': 'runtime',
      'emulator/http/access.ts': 'http',
      'emulator/http/control/tenant-routes.ts': 'http',
      'emulator/present/tenant.ts': 'present',
    });
    const imports = files.flatMap((file) => importsOf(file.path, file.source).map(({ specifier }) => resolve(file.path, specifier) ?? specifier));
    expect(imports.length).toBeGreaterThan(300);
    expect(imports).toContain('emulator/http/app.ts');
    expect(imports).toContain('emulator/store/create-stores.ts');
    expect(imports).toContain('emulator/index.ts');
  });

  it("layering: the harness loads the emulator only when its emulator target is opened (the url and sandbox targets, --version, lint and diff never need its ~0.4 s of modules): src/ imports emulator/index.ts statically for types only", () => {
    const harness = files.filter((file) => file.path.startsWith('src/'));
    const toIndex = (file: SourceFile) => importsOf(file.path, file.source).filter(({ specifier }) => resolve(file.path, specifier) === 'emulator/index.ts');
    expect(harness.flatMap((file) => toIndex(file).filter((i) => !i.typeOnly && !i.dynamic).map((i) => `${file.path}: ${i.specifier}`))).toEqual([]);
    expect(harness.filter((file) => toIndex(file).some((i) => i.dynamic)).map((file) => file.path)).toEqual(['src/targets/emulator.ts']);
  });

  // The checker itself, on sources written here: each line a forbidden import the real tree must never gain.
  const check = (file: string, source: string) => violations([{ path: file, source }]);

  it.each([
    ['emulator/domain/cards.ts', "import { createApp } from '../http/app.js';", 'Domain (emulator/domain/) imports ports and contract types'],
    ['emulator/domain/cards.ts', "import express from 'express';", 'Domain (emulator/domain/)'],
    ['emulator/ports/records.ts', "import { loadContracts } from '../../contracts/index.js';", 'only `import type` is allowed'],
    ['emulator/ports/records.ts', "import { type MonoComponents } from '../../contracts/index.js';", 'only `import type` is allowed'],
    ['emulator/ports/stores.ts', "import type { DomainContext } from '../domain/context.js';", 'Ports (emulator/ports/)'],
    ['emulator/store/create-stores.ts', "import { createSystemClock } from '../runtime/clocks.js';", ADAPTERS],
    ['emulator/runtime/clocks.ts', "export { queueEvent } from '../domain/webhooks.js';", ADAPTERS],
    ['emulator/present/card.ts', "import { createStores } from '../store/create-stores.js';", 'Presenters (emulator/present/)'],
    ['emulator/services/seed-tenant.ts', "const app = await import('../http/app.js');", 'Services (emulator/services/)'],
    ['emulator/http/app.ts', "import { createStores } from '../store/create-stores.js';", 'only the root imports http, store and runtime'],
    ['emulator/http/app.ts', "import { createFakeVisaNetwork } from '../runtime/fake-visa-network.js';", 'only the root imports http, store and runtime'],
    ['emulator/cli.ts', "import { createApp } from './http/app.js';", 'CLI (emulator/cli.ts, cli-*.ts) imports the root'],
    ['emulator/emulator.ts', "import { main } from './cli.js';", 'Root (emulator/emulator.ts, index.ts, options.ts, fault-spec.ts, version.ts)'],
    ['src/runner.ts', "import type { Tenant } from '../emulator/ports/records.js';", 'Harness (src/) uses the emulator only through emulator/index.ts'],
    ['src/runner.ts', "type Options = import('../emulator/options.js').EmulatorOptions;", 'Harness (src/)'],
    ['contracts/index.ts', "import type { CardRecord } from '../emulator/ports/records.js';", 'Contract (contracts/) imports nothing from the repository'],
    ['emulator/domain/cards.ts', "import { fixtures } from '../../test/support/fixtures.js';", 'outside every layer'],
    // Tenants (issue 23): the registry gets each tenant's clock, ids and network from the root, never from an adapter.
    ['emulator/services/tenant-registry.ts', "import { createTenantClock } from '../runtime/tenant-clock.js';", 'Services (emulator/services/) import domain, ports, present'],
    ['emulator/runtime/tenant-clock.ts', "import type { TenantRegistry } from '../services/tenant-registry.js';", ADAPTERS],
    ['emulator/http/access.ts', "import { MemoryTenantDirectory } from '../store/memory-tenant-directory.js';", 'only the root imports http, store and runtime'],
    ['emulator/http/control/tenant-routes.ts', "import { createEmulator } from '../../emulator.js';", 'HTTP (emulator/http/)'],
    ['emulator/present/tenant.ts', "import { TenantRegistry } from '../services/tenant-registry.js';", 'Presenters (emulator/present/)'],
    // The dashboard (issue 22) reaches the emulator over HTTP only; what it shows comes through the API, never from inside.
    ['emulator/dashboard/assets.ts', "import { presentCard } from '../present/card.js';", 'Browser (emulator/dashboard/)'],
    ['emulator/present/dashboard-page.ts', "import { dashboardAsset } from '../dashboard/assets.js';", 'Presenters (emulator/present/)'],
  ])('layering: %s with `%s` is a violation naming the file, the import and the rule', (file, source, rule) => {
    const found = check(file, source);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${file}: import '`);
    expect(found[0]).toContain(/'([^']+)'/.exec(source)![1]);
    expect(found[0]).toContain(rule);
  });

  it.each([
    ['emulator/ports/records.ts', "import type { MonoComponents } from '../../contracts/index.js';"],
    ['emulator/domain/cards.ts', "import type { CardRecord } from '../ports/records.js';\nimport { fail } from './errors.js';"],
    ['emulator/http/app.ts', "import { loadContracts } from '../../contracts/index.js';\nimport express from 'express';"],
    ['emulator/emulator.ts', "import { createStores } from './store/create-stores.js';\nimport { createApp } from './http/app.js';"],
    ['emulator/index.ts', "export { createManualClock } from './runtime/clocks.js';"],
    ['emulator/emulator.ts', "import { isLoopback } from './http/access.js';\nimport { createTenantClock } from './runtime/tenant-clock.js';\nimport { TenantRegistry } from './services/tenant-registry.js';"],
    ['emulator/http/control/tenant-routes.ts', "import { presentSeededTenant } from '../../present/tenant.js';\nimport type { TenantRegistry } from '../../services/tenant-registry.js';"],
    ['emulator/cli.ts', "import { createEmulator } from './emulator.js';"],
    ['src/targets/emulator.ts', "import { createEmulator } from '../../emulator/index.js';\nimport { loadContracts } from '../../contracts/index.js';"],
  ])('layering: %s with `%s` is allowed', (file, source) => {
    expect(check(file, source)).toEqual([]);
  });

  it('layering: a file outside every layer is named', () => {
    expect(check('emulator/reports/page.ts', "import type { CardView } from '../ports/views.js';")).toEqual([
      "emulator/reports/page.ts: belongs to no layer of the README's table (add its folder to the table and to this test)",
    ]);
  });

  it('layering: a file two layers claim is named with both', () => {
    // As if the root's file list named a file of http/: its imports would be judged by two rules.
    const members: Members = [...MEMBERS, ['root', (file) => file === 'emulator/http/access.ts']];
    expect(violations([{ path: 'emulator/http/access.ts', source: "import { MonoError } from '../domain/errors.js';" }], members)).toEqual([
      "emulator/http/access.ts: belongs to 2 layers of the README's table (http, root): a file belongs to exactly one",
    ]);
  });
});
