import express, { type RequestHandler } from 'express';
import { fail } from '../../domain/errors.js';

/** Bodies above this answer 413; Mono's card requests are a few kilobytes. */
export const BODY_LIMIT = '100kb';

// Any JSON value parses; a body that is valid JSON of the wrong type is the contract's to refuse (422).
const parseJson = express.json({ limit: BODY_LIMIT, strict: false });

/** A body must be JSON and say so; no body at all is left to the contract's `required` fields. */
export const jsonBody: RequestHandler = (req, res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is('application/json')) {
    fail('invalid_content_type', '#/content-type', `Send the body as JSON with Content-Type: application/json, not ${req.headers['content-type'] ?? 'no content type'}.`);
  }
  parseJson(req, res, next);
};
