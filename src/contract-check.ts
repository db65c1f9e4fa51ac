import { loadContracts, webhookPayloadSchema, type ValidationIssue } from '../contracts/index.js';
import { formatPath } from './matchers.js';

/** What the contract says about one answer: which operation it belongs to, and what is wrong with it. */
export interface ContractVerdict {
  /** The operationId, or `error envelope` for an answer outside any operation. */
  operation: string;
  violations: { path: string; message: string }[];
}

const ERROR_BODY = { contract: 'mono' as const, pointer: '/components/schemas/ErrorBody' };

/** `/cards/0/id` (a JSON pointer inside the body) -> `$.body.cards[0].id`. */
function bodyPath(pointer: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return formatPath(['body', ...segments]);
}

function describe(issue: ValidationIssue): { path: string; message: string } {
  if (issue.keyword === 'status' || issue.keyword === 'content-type' || issue.keyword === 'content') {
    return { path: issue.keyword === 'status' ? '$.status' : issue.keyword === 'content-type' ? '$.headers["content-type"]' : '$.body', message: issue.message };
  }
  const params = Object.entries(issue.params)
    .filter(([, value]) => typeof value !== 'object')
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
  return { path: bodyPath(issue.pointer), message: `${issue.message}${params ? ` (${params})` : ''}` };
}

/**
 * Checks an answer against contracts/mono.openapi.yaml (or emulator.openapi.yaml for /_emulator)
 * for the operation that method and path name. An answer that belongs to no operation (unknown
 * path, wrong method, an operation not modelled) must still be Mono's error envelope.
 */
export function checkContract(method: string, path: string, status: number, contentType: string | undefined, body: unknown): ContractVerdict {
  const { index, validator } = loadContracts();
  const found = index.find(method, path);
  if (!found || status === 405 || status === 501) {
    return { operation: 'error envelope', violations: validator.checkSchema(ERROR_BODY, body).map(describe) };
  }
  const issues = validator.checkResponse(found.operation, status, contentType, body);
  return { operation: found.operation.operationId, violations: issues.map(describe) };
}

/** A webhook payload against its schema in mono.openapi.yaml's `webhooks:` section. */
export function checkWebhookPayload(event: string, payload: unknown): ContractVerdict {
  const operation = `webhook ${event}`;
  const schema = webhookPayloadSchema(event);
  if (!schema) return { operation, violations: [{ path: '$.body', message: `contracts/mono.openapi.yaml has no webhooks.${event} payload schema` }] };
  return { operation, violations: loadContracts().validator.checkSchema(schema, payload).map(describe) };
}
