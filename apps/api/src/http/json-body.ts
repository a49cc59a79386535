import express, { type RequestHandler } from 'express';
import { ApiError, validationFailed } from './api-error';
import { controlCharacterProblems } from './control-characters';

export const JSON_BODY_LIMIT = '64kb';

const parseJson = express.json({ limit: JSON_BODY_LIMIT, strict: true, type: 'application/json' });

/**
 * For routes that take a JSON body: anything but `application/json` is 415, then the body is
 * parsed (its errors are turned into envelopes by the error handler: INVALID_JSON, PAYLOAD_TOO_LARGE).
 *
 * A raw control character inside a JSON string is a syntax error (INVALID_JSON), but the escapes
 * `\u0000` or `\ud800` parse fine: every string and key of the parsed body is checked here, so each
 * JSON route refuses them with 400 VALIDATION_FAILED naming the field.
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
  parseJson(req, res, (err?: unknown) => {
    if (err) {
      next(err);
      return;
    }
    const problems = controlCharacterProblems(req.body);
    next(problems.length > 0 ? validationFailed(problems) : undefined);
  });
};
