import type { RequestHandler } from 'express';
import type { Clock } from '../../ports/clock.js';

/** Card-number-like digit runs and look-page tokens never reach a log line. */
export function redactForLog(url: string): string {
  return url.replace(/\d{12,19}/g, '[redacted]').replace(/([?&]token=)[^&]*/g, '$1[redacted]');
}

/** One line per request: time, method, path, status, milliseconds. */
export function requestLog(write: (line: string) => void, clock: Clock): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const ms = (performance.now() - started).toFixed(1);
      write(`${new Date(clock.now()).toISOString()} ${req.method} ${redactForLog(req.originalUrl)} ${res.statusCode} ${ms}ms`);
    });
    next();
  };
}
