import type { ValidationIssue } from '../../../contracts/index.js';
import { MonoError, type ErrorCode, type ErrorDetail } from '../../domain/errors.js';

const LIST_LIMIT = 12;

function describe(issue: ValidationIssue): { code: ErrorCode; message: string } {
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return { code: 'missing_field', message: 'The field is missing on the request body or parameters.' };
    case 'additionalProperties':
      return { code: 'unknown_field', message: 'This field is not accepted here.' };
    case 'type':
      return { code: 'invalid_type', message: `Must be of type ${String(p.type)}.` };
    case 'enum': {
      const values = (p.allowedValues as unknown[]).filter((v) => v !== null);
      return {
        code: 'invalid_value',
        message:
          values.length <= LIST_LIMIT
            ? `Must be one of: ${values.join(', ')}.`
            : `Is not one of the ${values.length} accepted values${issue.description ? ` (${issue.description})` : ''}.`,
      };
    }
    case 'const':
      return { code: 'invalid_value', message: `Must be ${JSON.stringify(p.allowedValue)}.` };
    case 'discriminator':
      return { code: 'invalid_value', message: `Must name a known ${String(p.tag)}.` };
    case 'pattern':
      return { code: 'invalid_format', message: `Must match ${String(p.pattern)}.` };
    case 'format':
      return { code: 'invalid_format', message: `Must be a valid ${String(p.format)}.` };
    case 'propertyNames':
      return { code: 'invalid_format', message: 'This key is not accepted.' };
    case 'minLength':
      return { code: 'invalid_length', message: `Must be at least ${String(p.limit)} characters long.` };
    case 'maxLength':
      return { code: 'invalid_length', message: `Must be at most ${String(p.limit)} characters long.` };
    case 'minItems':
      return { code: 'invalid_length', message: `Must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}.` };
    case 'maxItems':
      return { code: 'invalid_length', message: `Must have at most ${String(p.limit)} items.` };
    case 'minProperties':
      return { code: 'invalid_value', message: p.limit === 1 ? 'Send at least one field.' : `Send at least ${String(p.limit)} fields.` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { code: 'out_of_range', message: `Must be ${String(p.comparison)} ${String(p.limit)}.` };
    default:
      return { code: 'invalid_value', message: `${issue.message[0]!.toUpperCase()}${issue.message.slice(1)}.` };
  }
}

/**
 * Turns contract violations into Mono's envelope: a bad header is a 400 (§6.1 "bad header"),
 * anything else a 422 with one entry per offending field, `path` pointing at it.
 */
export function validationError(issues: ValidationIssue[]): MonoError {
  const headers = issues.filter((i) => i.in === 'header');
  if (headers.length > 0) {
    return new MonoError(
      headers.map((issue): ErrorDetail => ({ code: 'invalid_header', path: `#${issue.pointer}`, message: `The header ${issue.pointer.slice(1)}: ${describe(issue).message}` })),
    );
  }
  return new MonoError(issues.map((issue): ErrorDetail => ({ ...describe(issue), path: issue.pointer === '' ? null : `#${issue.pointer}` })));
}
