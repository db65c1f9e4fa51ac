import type { RequestHandler } from 'express';
import type { Clock } from '../../ports/clock.js';
import { warningsOf } from '../warnings.js';

/** 12 to 19 digits, possibly grouped by spaces, dashes, dots or plus signs: what a card number looks like. */
const CARD_NUMBER = /\d(?:[\s+.-]?\d){11,18}/g;

/**
 * Each %XX escape of an ASCII character decoded on its own: decoding the URL as a whole gives up
 * on the first malformed escape, and would then log an encoded card number as it came.
 */
const decodeAscii = (url: string) => url.replace(/%([0-7][0-9A-Fa-f])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Whitespace and control characters escaped again, so a line stays one line of space-separated fields that no client can forge. */
const escapeLayout = (text: string) => text.replace(/[\s\x00-\x1f\x7f]/g, encodeURIComponent);

/** `DELETE /_emulator/tenants/{key}`: a tenant named by its key rather than its `ten_` id. */
const TENANT_KEY_IN_PATH = /(\/_emulator\/tenants\/)(?!ten_[0-9A-Za-z]{22}(?:[/?]|$))[^/?]+/g;

/** Card-number-like digit runs, look-page tokens and API keys never reach a log line, however encoded. */
export function redactForLog(url: string): string {
  return escapeLayout(
    decodeAscii(url).replace(CARD_NUMBER, '[redacted]').replace(/([?&]token=)[^&]*/g, '$1[redacted]').replace(TENANT_KEY_IN_PATH, '$1[redacted]'),
  );
}

/**
 * One line per request, written when it is answered: time of arrival, method, path, status,
 * milliseconds, then the warnings the answer carried (warnings.ts), each after ` ! `.
 */
export function requestLog(write: (line: string) => void, clock: Clock, logError: (error: unknown) => void): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const arrivedAt = clock.now();
    res.on('finish', () => {
      const ms = (performance.now() - started).toFixed(1);
      try {
        const notes = warningsOf(res).map((warning) => ` ! ${warning}`).join('');
        write(`${new Date(arrivedAt).toISOString()} ${req.method} ${redactForLog(req.originalUrl)} ${res.statusCode} ${ms}ms${notes}`);
      } catch (error) {
        // A failing log sink must not take the emulator down.
        logError(error);
      }
    });
    next();
  };
}
