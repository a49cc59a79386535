/**
 * The CLI's exit codes: a contract with the scripts that call it (README "Exit codes" lists them).
 * Never renumber one; add new codes at the end.
 */
export const EXIT = {
  /** The command did what was asked; `status --watch`: the company is Active. */
  OK: 0,
  /** The API refused the request (400 VALIDATION_FAILED, 404 NOT_FOUND, 409 INVALID_STATE, DOMAIN_TAKEN, …) or the watched company ended Failed. */
  FAILED: 1,
  /** Bad command line: unknown command or flag, missing argument, unreadable --file. Nothing was sent. */
  USAGE: 2,
  /** The API could not be used: not reachable, 401/403 (token), 5xx, or an answer that is not the API's JSON. */
  API_UNAVAILABLE: 3,
  /** `diagnose` found a problem: a service that does not answer, or a Failed, Partial or stuck company. */
  PROBLEMS_FOUND: 4,
  /** The watched company ended Partial: usable, but an optional step failed. */
  PARTIAL: 5,
  /** `--watch --timeout` ran out before the company reached a terminal status. */
  TIMEOUT: 6,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
