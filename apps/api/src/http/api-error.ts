/**
 * An error the client is meant to see: its code, message and details go into the error envelope as
 * they are. Anything else that reaches the error handler is answered with a generic 500.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. WWW-Authenticate on a 401. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface FieldProblem {
  field: string;
  message: string;
  /** Values the server would accept instead (e.g. Frappe's country names closest to the one sent). */
  suggestions?: string[];
}

export function validationFailed(details: FieldProblem[], message = 'The request is invalid; see error.details'): ApiError {
  return new ApiError(400, 'VALIDATION_FAILED', message, details);
}

export function notFound(message = 'Not found'): ApiError {
  return new ApiError(404, 'NOT_FOUND', message);
}
