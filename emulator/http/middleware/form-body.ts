import express, { type RequestHandler } from 'express';
import { fail } from '../../domain/errors.js';
import { BODY_LIMIT } from './json-body.js';

const readText = express.text({ type: () => true, limit: BODY_LIMIT, defaultCharset: 'utf-8' });

/**
 * A browser form (`application/x-www-form-urlencoded`), for the holder's activation page. Read
 * with URLSearchParams, so every value is a string and a repeated name keeps its last value; a
 * key such as `__proto__` is an ordinary own key.
 */
export const formBody: RequestHandler = (req, res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  const charset = /;\s*charset="?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (hasBody && (!req.is('application/x-www-form-urlencoded') || (charset !== undefined && charset !== 'utf-8'))) {
    fail('invalid_content_type', '#/content-type', `Send the form as application/x-www-form-urlencoded in UTF-8, not ${req.headers['content-type'] ?? 'no content type'}.`);
  }
  readText(req, res, (error?: unknown) => {
    if (error) return next(error);
    req.body = typeof req.body === 'string' ? Object.fromEntries(new URLSearchParams(req.body)) : {};
    next();
  });
};
