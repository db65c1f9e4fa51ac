import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import { ERROR_CATALOG, MonoError } from '../../domain/errors.js';
import type { Tenant } from '../../ports/records.js';
import type { RouteDeps } from '../route-deps.js';

/** Failures of Express itself, in Mono's terms: body-parser gives its own a `type` (toolchain notes). */
function fromExpress(error: { type?: unknown }): MonoError | null {
  // The router could not decode a path parameter ("%E0%A4%A").
  if (error instanceof URIError) return new MonoError({ code: 'validation_error', message: 'The path is not valid URL encoding.' });
  switch (error.type) {
    case 'entity.parse.failed':
      return new MonoError({ code: 'validation_error', message: 'The body is not valid JSON.' });
    case 'entity.too.large':
      return new MonoError({ code: 'payload_too_large' });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new MonoError({ code: 'invalid_content_type', path: '#/content-type', message: 'Send the body as UTF-8 JSON.' });
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new MonoError({ code: 'validation_error', message: 'The body could not be read.' });
    default:
      return null;
  }
}

/**
 * RFC 9110 (2022) renamed two reason phrases that Node still writes the old way. Mono's current
 * errors page (docs.mono.la, errors-and-retries) writes "422 Unprocessable Content" where its
 * older mirror writes "Unprocessable Entity": the newer docs follow the RFC (as Phoenix's Plug
 * does since 1.15), so the emulator does, for 413 as well (README: Fidelity notes).
 */
const RFC_9110_PHRASES: Readonly<Record<number, string>> = { 413: 'Content Too Large', 422: 'Unprocessable Content' };

/** A status's reason phrase, for the envelope's `code` and the status line. */
export function reasonPhrase(status: number): string {
  return RFC_9110_PHRASES[status] ?? STATUS_CODES[status] ?? 'Unknown';
}

/** Mono's error envelope for an error, with a fresh `log_` id. */
export function envelopeOf(mono: MonoError, logId: string) {
  return {
    code: `${mono.status} ${reasonPhrase(mono.status)}`,
    errors: mono.details.map((d) => ({
      error_code: d.code,
      message: d.message ?? ERROR_CATALOG[d.code].message,
      path: d.path ?? null,
      url: null,
    })),
    id: logId,
    message: mono.summary,
  };
}

/**
 * The one place errors become Mono's envelope (§6.2). Anything unexpected is a 500 with Mono's
 * generic body; its stack goes to the error log, never to the client.
 */
export function errorHandler({ tenants, ids }: RouteDeps, logError: (error: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    let mono = error instanceof MonoError ? error : fromExpress(error as { type?: unknown });
    if (!mono) {
      logError(error);
      mono = new MonoError({ code: 'internal_error' });
    }
    // Once a key named the tenant, the error's id comes from the tenant's stream: other tenants' errors never shift its ids.
    const tenant = res.locals.tenant as Tenant | undefined;
    const logId = ((tenant && tenants.contextOf(tenant.id)?.ids) ?? ids).next('log');
    res.statusMessage = reasonPhrase(mono.status);
    res.status(mono.status).set(mono.headers).json(envelopeOf(mono, logId));
  };
}
