import type { RequestHandler } from 'express';
import type { Clock } from '../../ports/clock.js';

/** 12 to 19 digits, possibly grouped by spaces, dashes, dots or plus signs: what a card number looks like. */
const CARD_NUMBER = /\d(?:[\s+.-]?\d){11,18}/g;

function decoded(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** Card-number-like digit runs and look-page tokens never reach a log line, however encoded. */
export function redactForLog(url: string): string {
  return decoded(url).replace(CARD_NUMBER, '[redacted]').replace(/([?&]token=)[^&]*/g, '$1[redacted]');
}

/** One line per request, written when it is answered: time of arrival, method, path, status, milliseconds. */
export function requestLog(write: (line: string) => void, clock: Clock, logError: (error: unknown) => void): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const arrivedAt = clock.now();
    res.on('finish', () => {
      const ms = (performance.now() - started).toFixed(1);
      try {
        write(`${new Date(arrivedAt).toISOString()} ${req.method} ${redactForLog(req.originalUrl)} ${res.statusCode} ${ms}ms`);
      } catch (error) {
        // A failing log sink must not take the emulator down.
        logError(error);
      }
    });
    next();
  };
}
