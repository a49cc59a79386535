export { ApiError, validationFailed, notFound } from './api-error';
export type { FieldProblem } from './api-error';
export { sendData, sendError } from './envelope';
export type { SuccessEnvelope, ErrorEnvelope } from './envelope';
export { constantTimeEqual, matchesAny } from './constant-time';
export { bearerAuth } from './bearer-auth';
export { basicAuth } from './basic-auth';
export { jsonBody, JSON_BODY_LIMIT } from './json-body';
export { errorHandler, notFoundHandler } from './error-handler';
