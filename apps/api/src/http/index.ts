export { ApiError, validationFailed, notFound } from './api-error';
export type { FieldProblem } from './api-error';
export { sendData, sendError } from './envelope';
export type { SuccessEnvelope, ErrorEnvelope } from './envelope';
export { constantTimeEqual, matchesAny } from './constant-time';
export { bearerAuth } from './bearer-auth';
export type { AuthOptions } from './bearer-auth';
export { RateLimiter, rateLimit, sendRateLimited, clientKey } from './rate-limit';
export {
  hasControlCharacters,
  controlCharacterProblems,
  refuseControlCharactersInQuery,
  refuseControlCharactersInParams,
  refuseControlCharactersInPath,
  CONTROL_CHARACTERS_MESSAGE,
} from './control-characters';
export { basicAuth } from './basic-auth';
export { jsonBody, JSON_BODY_LIMIT } from './json-body';
export { errorHandler, notFoundHandler } from './error-handler';
