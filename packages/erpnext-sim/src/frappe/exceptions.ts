/**
 * Frappe exception classes by name and the HTTP status each one carries
 * (frappe/frappe: frappe/exceptions.py). Anything without a code answers 500, like a plain Python
 * error. DuplicateEntryError is a NameError (409), not a ValidationError.
 */
const STATUS_BY_EXCEPTION: Readonly<Record<string, number>> = {
  ValidationError: 417,
  MandatoryError: 417,
  LinkValidationError: 417,
  UniqueValidationError: 417,
  TimestampMismatchError: 417,
  DocstatusTransitionError: 417,
  CannotChangeConstantError: 417,
  DataError: 417,
  InvalidNameError: 417,
  LinkExistsError: 417,
  InvalidEmailAddressError: 417,
  InvalidDates: 417,
  UpdateAfterSubmitError: 417,
  NestedSetChildExistsError: 417,
  NestedSetRecursionError: 417,
  ItemPriceDuplicateItem: 417,
  CharacterLengthExceededError: 417,
  NestedSetMultipleRootsError: 417,
  NestedSetInvalidMergeError: 417,
  DoesNotExistError: 404,
  AuthenticationError: 401,
  SessionExpired: 401,
  PermissionError: 403,
  NameError: 409,
  DuplicateEntryError: 409,
  CSRFTokenError: 400,
  InvalidAuthorizationHeader: 400,
  InvalidAuthorizationPrefix: 400,
  InvalidAuthorizationToken: 400,
  TooManyRequestsError: 429,
  RateLimitExceededError: 429,
  SessionStopped: 503,
  InReadOnlyMode: 503,
  QueueOverloaded: 503,
};

export function statusForException(excType: string): number {
  return STATUS_BY_EXCEPTION[excType] ?? 500;
}

/** A raised Frappe (or Python) exception; `excType` is what the response's `exc_type` says. */
export class FrappeError extends Error {
  readonly excType: string;
  readonly httpStatus: number;

  constructor(excType: string, message = '', httpStatus?: number) {
    super(message || excType);
    this.name = excType;
    this.excType = excType;
    this.httpStatus = httpStatus ?? statusForException(excType);
  }
}

/** An uncaught Python error (AttributeError, TypeError, ...): 500 with only `exc_type`. */
export function pythonError(excType: string, message = ''): FrappeError {
  return new FrappeError(excType, message, 500);
}
