import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ApiError, validationFailed } from './api-error';
import { sendError } from './envelope';

/** What body-parser (inside express.json) attaches to its errors. */
interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

function fromBodyParser(err: BodyParserError): ApiError | null {
  switch (err.type) {
    case 'entity.parse.failed':
      return new ApiError(400, 'INVALID_JSON', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 64kb');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be UTF-8 encoded JSON');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return new ApiError(400, 'BAD_REQUEST', 'The request body could not be read');
    default: {
      const status = err.status ?? err.statusCode;
      if (err.expose && typeof status === 'number' && status >= 400 && status < 500) {
        return new ApiError(status, 'BAD_REQUEST', 'The request could not be processed');
      }
      return null;
    }
  }
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'NOT_FOUND', `No route for ${req.method} ${req.path}`));
};

/**
 * The last middleware. Client errors keep their code; anything else is logged with its stack and
 * answered 500 INTERNAL_ERROR with a generic message: no stack or internal detail reaches a client.
 */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) {
    // e.g. an SSE stream that already started: nothing sensible can be sent any more.
    req.log.error({ err }, 'error after the response started');
    next(err);
    return;
  }
  const known =
    err instanceof ApiError
      ? err
      : err instanceof URIError
        ? // express's router could not decode a path parameter (`%ED%A0%80`, a lone `%`): the client's mistake.
          validationFailed([{ field: 'path', message: 'must be validly percent-encoded UTF-8' }], 'Invalid path; see error.details')
        : err !== null && typeof err === 'object'
          ? fromBodyParser(err as BodyParserError)
          : null;
  if (known) {
    for (const [name, value] of Object.entries(known.headers ?? {})) res.setHeader(name, value);
    sendError(res, known.status, known.code, known.message, known.details);
    return;
  }
  // pino-http logs the request line with this error (instead of a synthetic "failed with status 500").
  (res as { err?: unknown }).err = err;
  sendError(res, 500, 'INTERNAL_ERROR', `Internal error; quote request id ${String(req.id)} to support`);
};
