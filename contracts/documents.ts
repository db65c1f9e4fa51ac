import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The two contracts: Mono's API as emulated, and the emulator's own control plane. */
export type ContractName = 'mono' | 'emulator';
export const CONTRACT_NAMES: readonly ContractName[] = ['mono', 'emulator'];

/** The part of an OpenAPI 3.1 document this project reads. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, PathItem>;
  components?: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
}
export type PathItem = Record<string, unknown> & { parameters?: unknown[] };

/** Where a contract's YAML source lives; its JSON twin is written beside the compiled code. */
export function contractSourcePath(name: ContractName): string {
  return fileURLToPath(new URL(`./${name}.openapi.yaml`, import.meta.url));
}

/**
 * Reads a contract. The build writes each YAML file as JSON next to the compiled module, because
 * parsing YAML costs ~200 ms of cold start and `npm start` is run often by CI suites; from the
 * TypeScript sources (tests, tools) the YAML itself is read.
 */
export function readContractDocument(name: ContractName): OpenApiDocument {
  const json = fileURLToPath(new URL(`./${name}.openapi.json`, import.meta.url));
  if (existsSync(json)) return JSON.parse(readFileSync(json, 'utf8')) as OpenApiDocument;
  // Required here, not imported: the compiled emulator never loads the YAML parser (~60 ms).
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return parse(readFileSync(contractSourcePath(name), 'utf8')) as OpenApiDocument;
}
