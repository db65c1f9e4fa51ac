import { CONTRACT_NAMES, readContractDocument, type ContractName, type OpenApiDocument } from './documents.js';
import { extractOperations, OperationIndex, pointerOf, resolve, type SchemaLocation } from './operations.js';
import { ContractValidator } from './validation.js';

export type { ContractName, OpenApiDocument } from './documents.js';
export { CONTRACT_NAMES } from './documents.js';
export { pointerOf } from './operations.js';
export type { HttpMethod, OperationSpec, ParameterSpec, ResponseSpec, SchemaLocation } from './operations.js';
export type { RequestCheck, RequestParts, ValidationIssue } from './validation.js';
export type { components as MonoComponents, operations as MonoOperations, paths as MonoPaths } from './generated/mono.js';
export type { components as EmulatorComponents, operations as EmulatorOperations } from './generated/emulator.js';

/** Both contracts, their operations, and the validators built from them. */
export interface Contracts {
  documents: Record<ContractName, OpenApiDocument>;
  /** Operations of both contracts, findable by method and concrete path. */
  index: OperationIndex;
  validator: ContractValidator;
}

let loaded: Contracts | undefined;

/** Reads the contracts once per process; every emulator and the harness share them. */
export function loadContracts(): Contracts {
  if (loaded) return loaded;
  const documents = Object.fromEntries(CONTRACT_NAMES.map((name) => [name, readContractDocument(name)])) as Record<
    ContractName,
    OpenApiDocument
  >;
  const operations = CONTRACT_NAMES.flatMap((name) => extractOperations(name, documents));
  loaded = { documents, index: new OperationIndex(operations), validator: new ContractValidator(documents) };
  return loaded;
}

/** The schema at a location, `$ref`s followed (across the two contracts too), and where it really lives. */
export function schemaAt(location: SchemaLocation): { value: unknown; location: SchemaLocation } {
  const { documents } = loadContracts();
  let node: unknown = documents[location.contract];
  for (const raw of location.pointer.split('/').slice(1)) {
    node = (node as Record<string, unknown> | undefined)?.[decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return resolve<unknown>(documents, node, location);
}

/** Where the payload schema of a webhook event lives (mono.openapi.yaml `webhooks:`), if Mono's contract has the event. */
export function webhookPayloadSchema(eventType: string): SchemaLocation | undefined {
  const webhooks = (loadContracts().documents.mono as { webhooks?: Record<string, unknown> }).webhooks ?? {};
  if (!Object.hasOwn(webhooks, eventType)) return undefined;
  return { contract: 'mono', pointer: pointerOf('webhooks', eventType, 'post', 'requestBody', 'content', 'application/json', 'schema') };
}
