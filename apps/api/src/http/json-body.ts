import express, { type RequestHandler } from 'express';
import { ApiError } from './api-error';

export const JSON_BODY_LIMIT = '64kb';

const parseJson = express.json({ limit: JSON_BODY_LIMIT, strict: true, type: 'application/json' });

/**
 * For routes that take a JSON body: anything but `application/json` is 415, then the body is
 * parsed (its errors are turned into envelopes by the error handler: INVALID_JSON, PAYLOAD_TOO_LARGE).
 */
export const jsonBody: RequestHandler = (req, res, next) => {
  if (!req.is('application/json')) {
    next(
      new ApiError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        req.headers['content-type'] ? 'Content-Type must be application/json' : 'A JSON body with Content-Type: application/json is required',
      ),
    );
    return;
  }
  parseJson(req, res, next);
};
